"""Complaints (投诉) on the GH Complaint Workflow: received → assigned → investigating → verified →
replied → closed, with a reply deadline in working days, reminders, and the deduction a verified
complaint carries into the assessment quarter."""

import frappe
from frappe import _
from frappe.query_builder import DocType
from frappe.utils import add_to_date, cint, flt, getdate

from gov_hall.rules import complaints as rules
from gov_hall.rules.identifiers import mask_mobile
from gov_hall.rules.periods import quarter_of
from gov_hall.utils.calendar import get_hall_calendar
from gov_hall.utils.clock import now_datetime, nowdate
from gov_hall.utils.validation import clean_mobile, clean_text
from gov_hall.voice.settings import default_hall, voice_setting
from gov_hall.voice.subjects import fill_from_staff, fill_from_window

RECEIVED = "Received"
ASSIGNED = "Assigned"
INVESTIGATING = "Investigating"
VERIFIED = "Verified"
REPLIED = "Replied"
CLOSED = "Closed"
STATES = (RECEIVED, ASSIGNED, INVESTIGATING, VERIFIED, REPLIED, CLOSED)
AWAITING_REPLY = (RECEIVED, ASSIGNED, INVESTIGATING, VERIFIED)

WEB = "Web"
SUPERVISOR = "Supervisor"
WINDOW, STAFF, HALL = "Window", "Staff", "Hall"

DESCRIPTION_LIMIT = 2000
NAME_LIMIT = 60
STAFF_DESCRIPTION_LIMIT = 100
STAFF_TEXT_LIMIT = 4000

DUE_SOON = "Due Soon"
OVERDUE = "Overdue"


def validate_complaint(doc) -> None:
	set_source(doc)
	clean_citizen_fields(doc)
	fill_subject(doc)
	if doc.is_new():
		prepare_new_complaint(doc)
	doc.investigation_notes = clean_text(doc.investigation_notes, _("Investigation Notes"), STAFF_TEXT_LIMIT)
	doc.reply = clean_text(doc.reply, _("Reply"), STAFF_TEXT_LIMIT)
	record_stage(doc)


def set_source(doc) -> None:
	from gov_hall.voice.permissions import only_supervisor
	from gov_hall.voice.supervisors import supervisor_of

	user = frappe.session.user
	if user == "Guest":
		if not doc.is_new():
			frappe.throw(
				_("A submitted complaint cannot be changed from the website."), frappe.PermissionError
			)
		doc.source, doc.supervisor = WEB, None
		doc.assigned_to = doc.case = doc.staff = None
	elif only_supervisor(user):
		if doc.is_new():
			doc.source, doc.supervisor = SUPERVISOR, supervisor_of(user)
			if not doc.supervisor:
				frappe.throw(_("Your term as a supervisor is not active."), frappe.PermissionError)
		keep_handling_fields(doc)
	if doc.source != SUPERVISOR:
		doc.supervisor = None
	elif not doc.supervisor:
		frappe.throw(_("Choose the supervisor who made the complaint."), title=_("Invalid Input"))


# what the hall records while handling a complaint; a supervisor who filed it cannot set these
HANDLING_FIELDS = ("assigned_to", "investigation_notes", "verification_result", "deduction_points", "reply")


def keep_handling_fields(doc) -> None:
	before = None if doc.is_new() else doc.get_doc_before_save()
	for fieldname in HANDLING_FIELDS:
		doc.set(fieldname, before.get(fieldname) if before else None)
	if doc.is_new():
		doc.deduction_points = 0


def clean_citizen_fields(doc) -> None:
	if doc.category not in rules.CATEGORIES:
		frappe.throw(_("Choose the category of the complaint."), title=_("Invalid Input"))
	doc.description = clean_text(doc.description, _("What Happened"), DESCRIPTION_LIMIT, required=True)
	doc.staff_description = clean_text(
		doc.staff_description, _("Staff as Described"), STAFF_DESCRIPTION_LIMIT
	)
	if doc.is_anonymous:
		doc.complainant_name = doc.complainant_mobile = doc.complainant_mobile_masked = None
		return
	doc.complainant_name = clean_text(doc.complainant_name, _("Complainant Name"), NAME_LIMIT, required=True)
	if doc.complainant_mobile:
		doc.complainant_mobile = clean_mobile(doc.complainant_mobile, _("Complainant Mobile"))
	doc.complainant_mobile_masked = mask_mobile(doc.complainant_mobile) if doc.complainant_mobile else None


def fill_subject(doc) -> None:
	if doc.subject_type == STAFF and doc.staff:
		fill_from_staff(doc, doc.staff)
	elif doc.subject_type in (WINDOW, STAFF) and doc.window:
		fill_from_window(doc, doc.window)
	elif doc.subject_type == HALL:
		doc.window = doc.staff = doc.department = None
	if doc.subject_type == WINDOW:
		doc.staff = None
	if doc.subject_type in (WINDOW, STAFF) and not doc.window:
		# a staff member may be known only by description, but never without a window
		frappe.throw(_("Name the window the complaint is about."), title=_("Invalid Input"))
	doc.hall = doc.hall or default_hall()
	if not doc.hall:
		frappe.throw(_("Choose the service hall."), title=_("Invalid Input"))
	doc.staff_name = frappe.db.get_value("User", doc.staff, "full_name") if doc.staff else None


def prepare_new_complaint(doc) -> None:
	doc.tracking_code = unique_tracking_code()
	doc.received_on = now_datetime()
	doc.status = RECEIVED
	limit = voice_setting("complaint_reply_limit_days")
	doc.reply_due_date = get_hall_calendar(doc.hall).add_working_days(getdate(doc.received_on), limit)
	if doc.occurred_on and getdate(doc.occurred_on) > getdate(nowdate()):
		frappe.throw(_("The date it happened cannot be in the future."), title=_("Invalid Input"))
	for fieldname in (
		"verification_result",
		"verified_on",
		"reply",
		"replied_on",
		"closed_on",
		"assessment_quarter",
	):
		doc.set(fieldname, None)
	doc.deduction_points = 0


def unique_tracking_code() -> str:
	while True:
		code = rules.new_tracking_code()
		if not frappe.db.exists("GH Complaint", {"tracking_code": code}):
			return code


def record_stage(doc) -> None:
	"""Dates and figures that come with each workflow state."""
	reached = set(STATES[: STATES.index(doc.status) + 1]) if doc.status in STATES else set()
	if VERIFIED in reached:
		record_verification(doc)
	if REPLIED in reached:
		if not doc.reply:
			frappe.throw(_("Write the reply to the complainant first."), title=_("Invalid Input"))
		doc.replied_on = doc.replied_on or nowdate()
		doc.replied_in_time = int(getdate(doc.replied_on) <= getdate(doc.reply_due_date))
	if CLOSED in reached:
		doc.closed_on = doc.closed_on or nowdate()


def record_verification(doc) -> None:
	if doc.verification_result not in rules.RESULTS:
		frappe.throw(_("Record whether the complaint is substantiated first."), title=_("Invalid Input"))
	doc.verified_on = doc.verified_on or nowdate()
	if not rules.counts_against(doc.verification_result):
		doc.deduction_points = 0
		doc.assessment_quarter = None
		return
	if not flt(doc.deduction_points):
		doc.deduction_points = rules.default_deduction(
			doc.verification_result,
			voice_setting("deduction_substantiated"),
			voice_setting("deduction_partly_substantiated"),
		)
	if flt(doc.deduction_points) < 0:
		frappe.throw(_("Deduction points cannot be negative."), title=_("Invalid Input"))
	# the quarter the conduct happened in; the day it was received when the complainant gave no date
	doc.assessment_quarter = quarter_of(getdate(doc.occurred_on or doc.received_on))


# ---------------------------------------------------------------------------------------------
# Reminders


def send_reminders(today=None) -> dict:
	"""Daily: remind the assignee (and managers) of replies due soon or overdue, once per level."""
	today = getdate(today or nowdate())
	Complaint = DocType("GH Complaint")
	rows = (
		frappe.qb.from_(Complaint)
		.select(
			Complaint.name,
			Complaint.hall,
			Complaint.reply_due_date,
			Complaint.assigned_to,
			Complaint.reminder_level,
		)
		.where(Complaint.status.isin(AWAITING_REPLY))
		.where(Complaint.reminder_level.isnull() | (Complaint.reminder_level != OVERDUE))
		.where(Complaint.reply_due_date <= add_to_date(today, days=31))
		.run(as_dict=True)
	)
	window = cint(voice_setting("complaint_reminder_days"))
	sent = {DUE_SOON: 0, OVERDUE: 0}
	for row in rows:
		level = reminder_level(row, today, window)
		if level and level != row.reminder_level:
			frappe.db.set_value("GH Complaint", row.name, "reminder_level", level, update_modified=False)
			remind(row, level)
			sent[level] += 1
	return sent


def reminder_level(row, today, window: int) -> str | None:
	due = getdate(row.reply_due_date)
	if today > due:
		return OVERDUE
	calendar = get_hall_calendar(row.hall)
	if calendar.working_days_between(today, due) <= window:
		return DUE_SOON
	return None


def remind(row, level: str) -> None:
	from frappe.desk.doctype.notification_log.notification_log import make_notification_logs
	from frappe.utils.user import get_users_with_role

	from gov_hall.setup.roles import HALL_MANAGER

	recipients = {row.assigned_to} if row.assigned_to else set()
	if level == OVERDUE or not row.assigned_to:
		recipients |= set(get_users_with_role(HALL_MANAGER))
	recipients -= {None, "Administrator", "Guest"}
	if not recipients:
		return
	if level == OVERDUE:
		subject = _("Complaint {0}: the reply was due on {1} and is overdue.").format(
			row.name, row.reply_due_date
		)
	else:
		subject = _("Complaint {0}: the reply is due on {1}.").format(row.name, row.reply_due_date)
	make_notification_logs(
		{
			"type": "Alert",
			"document_type": "GH Complaint",
			"document_name": row.name,
			"subject": subject,
			"from_user": "Administrator",
		},
		sorted(recipients),
	)


def run_daily() -> None:
	send_reminders()
