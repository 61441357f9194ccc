"""Years whose official holiday schedule the calendar does not know yet, and what to do about them.

The State Council publishes next year's holidays and make-up working days (调休) late in the year,
and the ``holidays`` package follows some time after. Until then a deadline that runs into that year
silently treats its make-up Saturdays as rest days. Managers are warned (Hall Settings, the
workspace, a notification) as soon as open cases, bookings or the next ``LOOKAHEAD_DAYS`` reach
such a year; entering the notice's days in one GH Statutory Year form fixes the calendar, and the
deadlines of open cases are recomputed from it at once.
"""

import datetime

import frappe
from frappe import _
from frappe.query_builder.functions import Max
from frappe.utils import add_days, getdate

from gov_hall.rules.workdays import statutory_schedule_known, years_without_schedule
from gov_hall.setup.roles import HALL_ADMINISTRATOR, HALL_MANAGER
from gov_hall.setup.workflows import FINAL_STATES
from gov_hall.utils.calendar import clear_calendar_cache
from gov_hall.utils.clock import nowdate

# how far ahead managers are warned, whatever cases and bookings reach
LOOKAHEAD_DAYS = 90
# open cases recomputed in the request itself; more go to a background job
INLINE_RECOMPUTE_LIMIT = 500
DEADLINE_FIELDS = ("clock_start", "deemed_accepted", "paused_working_days", "due_date", "completed_on_time")
MANAGER_ROLES = (HALL_MANAGER, HALL_ADMINISTRATOR, "System Manager")


def validate_statutory_year(doc) -> None:
	year = int(doc.year or 0)
	if not 2000 <= year <= 2100:
		frappe.throw(_("Enter a year between 2000 and 2100."), title=_("Invalid Input"))
	seen = set()
	for row in doc.days:
		day = getdate(row.date)
		if day.year != year:
			frappe.throw(
				_("Row {0}: {1} is not in {2}.").format(row.idx, frappe.format(day, "Date"), year),
				title=_("Invalid Input"),
			)
		if day in seen:
			frappe.throw(
				_("Row {0}: {1} is listed twice.").format(row.idx, frappe.format(day, "Date")),
				title=_("Invalid Input"),
			)
		seen.add(day)
		if row.day_type == "Working Day" and day.weekday() < 5:
			frappe.throw(
				_(
					"Row {0}: {1} is a weekday, so it is a working day already; a make-up working day (调休) falls on a weekend."
				).format(row.idx, frappe.format(day, "Date")),
				title=_("Invalid Input"),
			)
	doc.days = sorted(doc.days, key=lambda row: getdate(row.date))
	for idx, row in enumerate(doc.days, start=1):
		row.idx = idx


def year_status(year) -> dict:
	year = int(year or 0)
	return {
		"package_knows": bool(year) and statutory_schedule_known(year),
		"entered": bool(year) and bool(frappe.db.exists("GH Statutory Year", {"year": year})),
	}


def calendar_changed(*args, **kwargs) -> None:
	"""The hall calendar changed: rebuild it and move the deadlines of open cases with it."""
	clear_calendar_cache()
	open_count = frappe.db.count("GH Case", {"status": ["not in", FINAL_STATES]})
	if frappe.flags.in_test or open_count <= INLINE_RECOMPUTE_LIMIT:
		changed = recompute_open_deadlines()
		if changed:
			frappe.msgprint(
				_("Deadlines of {0} open cases were recomputed on the new calendar.").format(changed),
				alert=True,
			)
		return
	frappe.enqueue(
		"gov_hall.cases.calendar_years.recompute_open_deadlines",
		queue="long",
		job_id="gov_hall:recompute_open_deadlines",
		deduplicate=True,
		enqueue_after_commit=True,
	)
	frappe.msgprint(
		_("The deadlines of {0} open cases are being recomputed on the new calendar.").format(open_count),
		alert=True,
	)


def recompute_open_deadlines() -> int:
	"""Recompute every open case's clock and due date on the current calendar; returns how many moved."""
	from gov_hall.cases import deadline

	clear_calendar_cache()
	changed = 0
	for name in frappe.get_all("GH Case", filters={"status": ["not in", FINAL_STATES]}, pluck="name"):
		case = frappe.get_doc("GH Case", name)
		before = {field: case.get(field) for field in DEADLINE_FIELDS}
		deadline.refresh_deadline(case)
		after = {field: case.get(field) for field in DEADLINE_FIELDS}
		if {k: str(v or "") for k, v in before.items()} != {k: str(v or "") for k, v in after.items()}:
			frappe.db.set_value("GH Case", name, after, update_modified=False)
			changed += 1
	return changed


def reach(today=None) -> dict:
	"""The last day that open cases, bookings and the look-ahead reach, with what reaches it."""
	today = getdate(today or nowdate())
	Case = frappe.qb.DocType("GH Case")
	last_due = (
		frappe.qb.from_(Case).select(Max(Case.due_date)).where(Case.status.notin(FINAL_STATES)).run()[0][0]
	)
	Appointment = frappe.qb.DocType("GH Appointment")
	last_booking = (
		frappe.qb.from_(Appointment)
		.select(Max(Appointment.appointment_date))
		.where(Appointment.status == "Booked")
		.run()[0][0]
	)
	return {
		"today": today,
		"lookahead": getdate(add_days(today, LOOKAHEAD_DAYS)),
		"last_due": getdate(last_due) if last_due else None,
		"last_booking": getdate(last_booking) if last_booking else None,
	}


def missing_years(today=None) -> list[dict]:
	"""Years reached by open work whose official schedule neither the package nor the hall has."""
	reached = reach(today)
	last = max(day for key, day in reached.items() if key != "today" and day)
	entered = frappe.get_all("GH Statutory Year", pluck="year")
	years = years_without_schedule(reached["today"], last, entered)
	return [
		{
			"year": year,
			"open_cases": _open_cases_reaching(year),
			"bookings": _bookings_in(year),
		}
		for year in years
	]


def _open_cases_reaching(year: int) -> int:
	return frappe.db.count(
		"GH Case",
		{"status": ["not in", FINAL_STATES], "due_date": [">=", datetime.date(year, 1, 1)]},
	)


def _bookings_in(year: int) -> int:
	return frappe.db.count(
		"GH Appointment",
		{
			"status": "Booked",
			"appointment_date": ["between", [datetime.date(year, 1, 1), datetime.date(year, 12, 31)]],
		},
	)


def warning_text(row: dict) -> str:
	return _(
		"China's official holiday schedule for {0} (holidays and make-up working days, 调休) is not in the calendar yet. {1} open cases are due in {0} and {2} bookings fall in it. Enter the State Council's notice in GH Statutory Year as soon as it is published; the deadlines are recomputed then."
	).format(row["year"], row["open_cases"], row["bookings"])


def calendar_warnings(today=None) -> list[dict]:
	"""Warnings for managers: the site's time zone and the years without a schedule."""
	from gov_hall.setup.site import site_time_zone_warning

	warnings = []
	zone = site_time_zone_warning()
	if zone:
		warnings.append({"kind": "time_zone", "message": zone})
	for row in missing_years(today):
		warnings.append(
			{
				"kind": "statutory_year",
				"year": row["year"],
				"message": warning_text(row),
				"route": ["Form", "GH Statutory Year", "new"],
			}
		)
	return warnings


def notify_missing_schedule(today=None) -> int:
	"""Daily: tell managers once per year that a year without a schedule is reached."""
	from frappe.desk.doctype.notification_log.notification_log import make_notification_logs
	from frappe.utils.user import get_users_with_role

	sent = 0
	for row in missing_years(today):
		key = f"gov_hall_calendar_alert_{row['year']}"
		if frappe.db.get_default(key):
			continue
		managers = sorted(
			{user for role in MANAGER_ROLES for user in get_users_with_role(role) if user != "Administrator"}
		)
		if managers:
			make_notification_logs(
				{
					"type": "Alert",
					"document_type": "GH Hall Settings",
					"document_name": "GH Hall Settings",
					"subject": warning_text(row),
					"from_user": "Administrator",
				},
				managers,
			)
		frappe.db.set_default(key, nowdate())
		sent += 1
	return sent
