"""Recurring activity programmes (五个一): their rule, the activities they create, the five defaults.

The dates come from gov_hall.rules.activities on the hall's own working-day calendar; creating
activities for a period is idempotent: a programme never has two activities starting at the same
time (a cancelled one included, so that cancelling is not undone by the next run).
"""

import frappe
from frappe import _
from frappe.utils import cint, get_time, getdate

from gov_hall.activities.activity import ACTIVITY, PLANNED, check_organiser, invalid
from gov_hall.rules import activities as rules
from gov_hall.utils.calendar import get_hall_calendar
from gov_hall.utils.validation import clean_text

PROGRAMME = "GH Activity Programme"
NAME_LIMIT = 140
TEXT_LIMIT = 2000
MAX_RANGE_DAYS = 366


def rule_of(doc) -> rules.Rule:
	return rules.Rule(
		frequency=doc.frequency,
		time_of_day=get_time(doc.time_of_day or "09:00:00"),
		duration_minutes=cint(doc.duration_minutes),
		month_of_year=cint(doc.month_of_year),
		month_of_quarter=cint(doc.month_of_quarter),
		week_of_month=doc.week_of_month or "Last",
		weekday=doc.weekday or "Friday",
		working_days_only=bool(cint(doc.working_days_only)),
	)


def rule_message(code: str) -> str:
	return {
		"frequency": _("Choose how often the activity takes place."),
		"month_of_year": _("Month of the Year must be between 1 and 12."),
		"month_of_quarter": _("Month of the Quarter must be 1, 2 or 3."),
		"week_of_month": _("Choose the week of the month."),
		"weekday": _("Choose the weekday."),
		"duration": _("The duration must be between 1 minute and 24 hours."),
	}[code]


def validate_programme(doc) -> None:
	doc.programme_name = clean_text(doc.programme_name, _("Programme Name"), NAME_LIMIT, required=True)
	doc.description = clean_text(doc.description, _("Description"), TEXT_LIMIT) or None
	doc.week_of_month = doc.week_of_month or "Last"
	doc.weekday = doc.weekday or "Friday"
	doc.month_of_year = cint(doc.month_of_year) or 5
	doc.month_of_quarter = cint(doc.month_of_quarter) or 2
	try:
		rule_of(doc).check()
	except rules.InvalidRule as err:
		invalid(rule_message(err.code))
	check_organiser(doc)
	warn_peak_month(doc)


def warn_peak_month(doc) -> None:
	"""A yearly or quarterly programme that lands in a quarter's last month (seed 000)."""
	peak = (doc.frequency == rules.YEARLY and doc.month_of_year % 3 == 0) or (
		doc.frequency == rules.QUARTERLY and doc.month_of_quarter == 3
	)
	changed = any(doc.has_value_changed(f) for f in ("frequency", "month_of_year", "month_of_quarter"))
	if peak and (doc.is_new() or changed):
		frappe.msgprint(
			_(
				"This programme places its activities in the last month of a quarter, when the windows are busiest. Consider months 2, 5, 8 or 11 instead."
			),
			title=_("Peak Month"),
			indicator="orange",
		)


def create_activities(programme: str, from_date, to_date) -> int:
	"""Planned activities (each with its calendar Event) for the programme's days in [from_date,
	to_date] that do not exist yet; returns how many were created."""
	doc = frappe.get_doc(PROGRAMME, programme)
	start, end = getdate(from_date), getdate(to_date)
	if not start or not end or end < start:
		invalid(_("From Date must be before To Date."))
	if (end - start).days + 1 > MAX_RANGE_DAYS:
		invalid(_("Create a programme's activities for at most one year at a time."))
	if not cint(doc.active):
		invalid(_("Programme {0} is not active.").format(doc.programme_name))
	calendar = get_hall_calendar(doc.hall)
	slots = rules.occurrences(rule_of(doc), start, end, calendar.is_working_day)
	existing = set()
	if slots:
		existing = set(
			frappe.get_all(
				ACTIVITY,
				filters=[
					["programme", "=", doc.name],
					["starts_on", ">=", slots[0][0]],
					["starts_on", "<=", slots[-1][0]],
				],
				pluck="starts_on",
			)
		)
	created = 0
	for starts, ends in slots:
		if starts in existing:
			continue
		activity = frappe.get_doc(
			{
				"doctype": ACTIVITY,
				"title": doc.programme_name,
				"activity_type": doc.activity_type,
				"hall": doc.hall,
				"starts_on": starts,
				"ends_on": ends,
				"status": PLANNED,
				"programme": doc.name,
				"organiser_type": doc.organiser_type,
				"organiser_department": doc.organiser_department,
				"organiser_window": doc.organiser_window,
				"description": doc.description,
			}
		)
		activity.flags.from_programme = True
		activity.insert()
		created += 1
	if not doc.scheduled_until or getdate(doc.scheduled_until) < end:
		doc.db_set("scheduled_until", end)
	return created


def make_default_programmes(hall: str) -> list[str]:
	"""The five 五个一 programmes for a hall, named in the current language; a programme the hall
	already has (same frequency and activity type) is kept. Returns the names of those created."""
	if not frappe.db.exists("GH Service Hall", hall):
		frappe.throw(_("Service hall {0} does not exist.").format(hall), frappe.DoesNotExistError)
	created = []
	texts = template_texts()
	for template in rules.default_programmes():
		rule = template.rule
		if frappe.db.exists(
			PROGRAMME, {"hall": hall, "frequency": rule.frequency, "activity_type": template.activity_type}
		):
			continue
		doc = frappe.get_doc(
			{
				"doctype": PROGRAMME,
				"programme_name": texts[template.key][0],
				"hall": hall,
				"activity_type": template.activity_type,
				"active": 1,
				"frequency": rule.frequency,
				"month_of_year": rule.month_of_year,
				"month_of_quarter": rule.month_of_quarter,
				"week_of_month": rule.week_of_month,
				"weekday": rule.weekday,
				"time_of_day": rule.time_of_day.strftime("%H:%M:%S"),
				"duration_minutes": rule.duration_minutes,
				"working_days_only": int(rule.working_days_only),
				"organiser_type": "Hall",
				"description": texts[template.key][1],
			}
		).insert()
		created.append(doc.name)
	return created


def template_texts() -> dict[str, tuple[str, str]]:
	"""Name and description of each 五个一 template (gov_hall.rules.activities keys), translated."""
	return {
		"yearly_event": (
			_("Yearly Big Event"),
			_("One large event a year, such as a performance or a speech contest."),
		),
		"quarterly_gathering": (
			_("Quarterly Themed Gathering"),
			_(
				"One themed gathering a quarter, in the quarter's second month (February, May, August, November)."
			),
		),
		"monthly_training": (
			_("Monthly Training"),
			_("Business training on the afternoon of the last Friday of each month."),
		),
		"weekly_forum": (
			_("Weekly Forum Topic"),
			_("One forum topic a week, opened on the first working day of the week."),
		),
		"daily_exercise": (
			_("Daily Exercise"),
			_("Ten minutes of exercise at 10:00 on every working day."),
		),
	}
