"""A culture activity: who organises it, which windows and staff take part, the awards it gives, and
the Frappe Event that puts it on the desk calendar.

Awards feed the quarterly assessment (gov_hall.assessment.facts sums the points of held activities
per window and staff, capped by the scheme), so they are checked here: a staff award goes to a
participant, a window award to a participating or organising window, 0 to 10 points each.
"""

import frappe
from frappe import _
from frappe.utils import escape_html, flt, get_datetime

from gov_hall.rules.periods import is_last_month_of_quarter
from gov_hall.utils.clock import now_datetime
from gov_hall.utils.validation import clean_text
from gov_hall.voice.subjects import staff_subject, window_subject

ACTIVITY = "GH Culture Activity"
PLANNED, HELD, CANCELLED = "Planned", "Held", "Cancelled"
HALL, DEPARTMENT, WINDOW = "Hall", "Department", "Window"
STAFF = "Staff"
MAX_AWARD_POINTS = 10
TITLE_LIMIT = 140
TEXT_LIMIT = 2000
AWARD_NAME_LIMIT = 60
# Frappe Event status for each activity status
EVENT_STATUS = {PLANNED: "Open", HELD: "Completed", CANCELLED: "Cancelled"}
# daily and weekly activities would fill everybody's morning event digest
NO_REMINDER_TYPES = {"Exercise", "Forum Topic"}


def invalid(message: str) -> None:
	frappe.throw(message, frappe.ValidationError, title=_("Invalid Input"))


def validate_activity(doc) -> None:
	doc.title = clean_text(doc.title, _("Title"), TITLE_LIMIT, required=True)
	doc.description = clean_text(doc.description, _("Description"), TEXT_LIMIT) or None
	check_times(doc)
	check_organiser(doc)
	check_windows(doc)
	check_participants(doc)
	check_awards(doc)
	doc.participant_count = len(doc.participants)
	doc.award_points = round(sum(flt(award.points) for award in doc.awards), 1)
	warn_peak_month(doc)


def check_times(doc) -> None:
	starts, ends = get_datetime(doc.starts_on), get_datetime(doc.ends_on)
	if not starts or not ends:
		invalid(_("Enter when the activity starts and ends."))
	if ends <= starts:
		invalid(_("An activity must end after it starts."))
	if doc.status == HELD and starts > now_datetime():
		invalid(_("An activity that has not started yet cannot be marked as held."))


def hall_of_department(department: str) -> str | None:
	return frappe.db.get_value("GH Stationed Department", department, "hall")


def check_organiser(doc) -> None:
	"""The organiser is the hall, one of its stationed departments or one of its windows; a window's
	department is filled in. Shared by activities and programmes."""
	if doc.organiser_type == WINDOW:
		if not doc.organiser_window:
			invalid(_("Choose the organising window."))
		window = window_subject(doc.organiser_window)
		if window.hall != doc.hall:
			invalid(_("Window {0} is not in service hall {1}.").format(doc.organiser_window, doc.hall))
		doc.organiser_department = window.department
	elif doc.organiser_type == DEPARTMENT:
		if not doc.organiser_department:
			invalid(_("Choose the organising department."))
		if hall_of_department(doc.organiser_department) != doc.hall:
			invalid(
				_("Department {0} is not stationed in service hall {1}.").format(
					doc.organiser_department, doc.hall
				)
			)
		doc.organiser_window = None
	else:
		doc.organiser_type = HALL
		doc.organiser_department = None
		doc.organiser_window = None


def check_windows(doc) -> None:
	seen = set()
	for row in doc.windows:
		window = window_subject(row.window)
		if window.hall != doc.hall:
			invalid(_("Row {0}: window {1} is not in this service hall.").format(row.idx, row.window))
		if row.window in seen:
			invalid(_("Row {0}: window {1} is listed twice.").format(row.idx, row.window))
		seen.add(row.window)
		row.department = window.department


def check_participants(doc) -> None:
	"""Each participant once; department and window from their staff record (none for someone who is
	not window staff, e.g. a manager); staff of another hall are refused."""
	seen = set()
	for row in doc.participants:
		if row.staff in seen:
			invalid(_("Row {0}: {1} is listed twice.").format(row.idx, row.staff))
		seen.add(row.staff)
		staff = staff_subject(row.staff)
		if staff:
			hall = staff.hall or hall_of_department(staff.department)
			if hall != doc.hall:
				invalid(_("Row {0}: {1} is not stationed in this service hall.").format(row.idx, row.staff))
		row.department = staff.department if staff else None
		row.window = staff.window if staff else None
		row.staff_name = frappe.db.get_value("User", row.staff, "full_name")


def check_awards(doc) -> None:
	participants = {row.staff: row for row in doc.participants}
	windows = {row.window: row.department for row in doc.windows}
	if doc.organiser_window:
		windows.setdefault(doc.organiser_window, doc.organiser_department)
	for award in doc.awards:
		award.award_name = clean_text(award.award_name, _("Award"), AWARD_NAME_LIMIT, required=True)
		points = flt(award.points)
		if not 0 <= points <= MAX_AWARD_POINTS:
			invalid(_("Row {0}: award points must be between 0 and {1}.").format(award.idx, MAX_AWARD_POINTS))
		award.points = points
		if award.recipient_type == WINDOW:
			if not award.window:
				invalid(_("Row {0}: choose the window that receives the award.").format(award.idx))
			if award.window not in windows:
				invalid(
					_(
						"Row {0}: window {1} neither took part in nor organised the activity; add it to the participating windows first."
					).format(award.idx, award.window)
				)
			award.staff = None
			award.staff_name = None
			award.department = windows[award.window]
		else:
			award.recipient_type = STAFF
			if not award.staff:
				invalid(_("Row {0}: choose the staff member who receives the award.").format(award.idx))
			participant = participants.get(award.staff)
			if not participant:
				invalid(
					_(
						"Row {0}: {1} did not take part in the activity; add them to the participants first."
					).format(award.idx, award.staff)
				)
			award.staff_name = participant.staff_name
			award.department = participant.department
			award.window = participant.window


def warn_peak_month(doc) -> None:
	"""Seed 000: activities in a quarter's last month clash with peak work; warn, do not block."""
	if doc.flags.from_programme or doc.status == CANCELLED:
		return
	if not (doc.is_new() or doc.has_value_changed("starts_on")):
		return
	starts = get_datetime(doc.starts_on)
	if is_last_month_of_quarter(starts.date()):
		frappe.msgprint(peak_month_message(), title=_("Peak Month"), indicator="orange")


def peak_month_message() -> str:
	return _(
		"This activity falls in the last month of a quarter, when the windows are busiest. Consider months 2, 5, 8 or 11 instead."
	)


# ---------------------------------------------------------------------------------------------
# Frappe calendar


def sync_event(doc) -> None:
	"""Create or update the activity's public Event; a cancelled activity cancels its Event."""
	event = frappe.get_doc("Event", doc.event) if doc.event and frappe.db.exists("Event", doc.event) else None
	if event is None:
		if doc.status == CANCELLED:
			return
		event = frappe.new_doc("Event")
		event.add_participant(ACTIVITY, doc.name)
	event.update(
		{
			"subject": doc.title,
			"event_category": "Event",
			"event_type": "Public",
			"starts_on": doc.starts_on,
			"ends_on": doc.ends_on,
			"all_day": 0,
			"status": EVENT_STATUS.get(doc.status, "Open"),
			"send_reminder": 0 if doc.activity_type in NO_REMINDER_TYPES else 1,
			"description": escape_html(doc.description or ""),
		}
	)
	if not any(
		row.reference_doctype == ACTIVITY and row.reference_docname == doc.name
		for row in event.event_participants
	):
		event.add_participant(ACTIVITY, doc.name)
	event.flags.ignore_permissions = True
	event.save()
	if doc.event != event.name:
		doc.db_set("event", event.name, update_modified=False)
