"""Leave (请销假): a staff member asks for sessions off, the chief representative proposes the cover,
the hall manager approves; the roster follows and the home agency is told by email.

The request runs on the workflow "GH Leave Workflow" (gov_hall.setup.workflows), whose transitions
name the roles; who exactly may take each one is checked here (the requester, the chief
representative of the staff member's department, a hall manager other than the staff member):

- Draft -Request-> Requested: the staff member (or a manager, who files for anyone);
- Requested -Propose Cover-> Cover Proposed: the department's chief representative or a manager;
- Cover Proposed -Approve-> Approved, Requested/Cover Proposed -Reject-> Rejected: a hall manager who
  is not the staff member; a rejection gives its reason (decision_notes);
- Draft/Requested/Cover Proposed -Withdraw-> Withdrawn: the staff member (or a manager);
- Approved -Report Return-> Returned (销假): the staff member, the chief representative, a manager;
  sessions that had not started when they came back are theirs again;
- Approved -Cancel-> Cancelled: a manager, before the leave starts.

Approving sets the staff member's slots of the leave to ``leave_request`` (duty status "On Leave") and
adds a Cover slot for the cover staff at the window for each session still to come; returning or
cancelling undoes that for the sessions still to come. The slots' figures are then recomputed by
gov_hall.duty.attendance.refresh_slots.
"""

from __future__ import annotations

import datetime

import frappe
from frappe import _
from frappe.utils import get_datetime, getdate

from gov_hall.access.controlled import exempt, is_manager
from gov_hall.duty.sessions import hall_sessions
from gov_hall.rules import duty as rules
from gov_hall.setup.roles import HALL_MANAGER
from gov_hall.utils.calendar import get_hall_calendar
from gov_hall.utils.clock import now_datetime
from gov_hall.utils.validation import clean_text

LEAVE = "GH Leave Request"
SLOT = "GH Duty Slot"
STAFF = "GH Window Staff"
ON_SITE = "On Site"

DRAFT = "Draft"
REQUESTED = "Requested"
COVER_PROPOSED = "Cover Proposed"
APPROVED = "Approved"
REJECTED = "Rejected"
WITHDRAWN = "Withdrawn"
RETURNED = "Returned"
CANCELLED = "Cancelled"
# still being decided: the request's own fields are checked (period, overlap, cover)
PENDING = (DRAFT, REQUESTED, COVER_PROPOSED)
# requests that keep nobody away and so never overlap another
ENDED = (REJECTED, WITHDRAWN, CANCELLED)

# what the requester writes (GH Leave Request CONTROLLED_FIELDS: editable while a draft)
REQUEST_FIELDS = ("leave_type", "from_date", "from_session", "to_date", "to_session", "reason", "attachment")
REASON_LIMIT = 1000
NOTES_LIMIT = 1000
MAX_LEAVE_DAYS = 366
# the home agency's email is in Chinese whatever the approver's language
AGENCY_LANGUAGE = "zh"


def invalid(message: str) -> None:
	frappe.throw(message, title=_("Invalid Input"))


def not_allowed(message: str) -> None:
	frappe.throw(message, frappe.PermissionError, title=_("Not Allowed"))


# ---------------------------------------------------------------------------------------------
# validate


def validate_leave(doc) -> None:
	before = None if doc.is_new() else doc.get_doc_before_save()
	old_status = before.status if before else None
	# (access matrix, H6) the cover reads the request through a read-only share, and the role's write
	# permission let them save it all the same (200, modified_by the cover): only the staff member,
	# their chief representative and managers save a request
	if before is not None and not (
		exempt() or is_manager() or before.staff == frappe.session.user or is_chief(before)
	):
		not_allowed(
			_(
				"Only the staff member, their chief representative or a hall manager can change this leave request."
			)
		)
	if doc.is_new() and not is_manager():
		doc.decision_notes = None
	if doc.status in PENDING:
		fill_staff(doc, before)
		check_period(doc)
		doc.reason = clean_text(doc.reason, _("Reason for Leave"), REASON_LIMIT, required=True)
		check_overlap(doc)
		check_cover_change(doc, before)
		default_cover(doc)
		check_cover(doc)
	doc.decision_notes = clean_text(doc.decision_notes, _("Approver's Notes"), NOTES_LIMIT)
	if old_status and old_status != doc.status:
		guard_transition(doc, old_status)
		record_transition(doc, old_status)
	count_sessions(doc)
	doc.cover_staff_name = full_name(doc.cover_staff) if doc.cover_staff else None


def staff_record(user: str | None):
	if not user:
		return None
	fields = ["name", "user", "full_name", "status", "hall", "department", "window"]
	if frappe.get_meta(STAFF).has_field("home_agency"):
		fields.append("home_agency")
	return frappe.db.get_value(STAFF, {"user": user}, fields, as_dict=True)


def full_name(user: str | None) -> str | None:
	if not user:
		return None
	return frappe.db.get_value(STAFF, {"user": user}, "full_name") or frappe.db.get_value(
		"User", user, "full_name"
	)


def fill_staff(doc, before) -> None:
	"""A window staff member files for themself; managers file for anyone on site."""
	user = frappe.session.user
	if is_manager() or exempt():
		doc.staff = doc.staff or user
	elif doc.is_new():
		doc.staff = user
	elif before and (
		before.staff != doc.staff
		or (user != doc.staff and any(before.get(f) != doc.get(f) for f in REQUEST_FIELDS))
	):
		not_allowed(_("Only the staff member or a hall manager can change this leave request."))
	record = staff_record(doc.staff)
	if not record or record.status != ON_SITE:
		invalid(_("{0} is not a staff member on site in the hall.").format(doc.staff or _("Nobody")))
	doc.staff_name = record.full_name or frappe.db.get_value("User", doc.staff, "full_name")
	doc.department = record.department
	doc.window = record.window
	doc.hall = (
		record.hall
		or (record.window and frappe.db.get_value("GH Service Window", record.window, "hall"))
		or frappe.db.get_value("GH Stationed Department", record.department, "hall")
	)
	if not doc.hall:
		invalid(_("{0} is not stationed in a service hall.").format(doc.staff_name or doc.staff))
	doc.home_agency = record.get("home_agency")


# ---------------------------------------------------------------------------------------------
# the period: working sessions of the hall calendar


def requested_sessions(doc) -> list[tuple[datetime.date, str]]:
	"""The Morning/Afternoon sessions of working days the request covers, in order."""
	if not (doc.from_date and doc.to_date and doc.hall):
		return []
	first, last = getdate(doc.from_date), getdate(doc.to_date)
	if last < first or (last - first).days > MAX_LEAVE_DAYS:
		return []
	days = get_hall_calendar(doc.hall).working_days_in(first, last)
	try:
		return rules.leave_sessions(
			first, doc.from_session or rules.MORNING, last, doc.to_session or rules.AFTERNOON, days
		)
	except (rules.DutyRuleError, ValueError):
		return []


def session_start(hall: str, day, session: str) -> datetime.datetime:
	bounds = rules.session_datetimes(hall_sessions(hall), getdate(day), session)
	return bounds[0] if bounds else datetime.datetime.combine(getdate(day), datetime.time())


def taken_sessions(doc) -> list[tuple[datetime.date, str]]:
	"""The sessions the leave keeps the staff member away: after a return (销假) only those that had
	started by then."""
	sessions = requested_sessions(doc)
	if doc.status == RETURNED and doc.returned_on:
		returned = get_datetime(doc.returned_on)
		sessions = [(day, s) for day, s in sessions if session_start(doc.hall, day, s) < returned]
	return sessions


def check_period(doc) -> None:
	doc.from_session = doc.from_session or rules.MORNING
	doc.to_session = doc.to_session or rules.AFTERNOON
	for session in (doc.from_session, doc.to_session):
		if session not in rules.REGULAR_SESSIONS:
			invalid(_("A leave starts and ends with a Morning or an Afternoon session."))
	if not doc.from_date or not doc.to_date:
		invalid(_("Give the first and the last day of the leave."))
	first, last = getdate(doc.from_date), getdate(doc.to_date)
	starts = (first, rules.REGULAR_SESSIONS.index(doc.from_session))
	ends = (last, rules.REGULAR_SESSIONS.index(doc.to_session))
	if ends < starts:
		invalid(_("The leave ends before it starts."))
	if (last - first).days > MAX_LEAVE_DAYS:
		invalid(_("A leave request covers at most one year."))
	calendar = get_hall_calendar(doc.hall)
	for day, label in ((first, _("From Date")), (last, _("To Date"))):
		if not calendar.is_working_day(day):
			invalid(
				_(
					"{0} {1} is not a working day of the hall: a leave starts and ends on working days."
				).format(label, day)
			)
	if not requested_sessions(doc):
		invalid(_("The leave covers no working session of the hall."))


def count_sessions(doc) -> None:
	sessions = taken_sessions(doc)
	if sessions or doc.status in PENDING or doc.status == RETURNED:
		doc.sessions = len(sessions)
		doc.days = len(sessions) / 2


def overlapping(staff: str, sessions: list, exclude: str | None = None) -> str | None:
	"""The first other request of ``staff`` (not Rejected, Withdrawn, Cancelled) sharing a session."""
	if not sessions:
		return None
	mine = set(sessions)
	others = frappe.get_all(
		LEAVE,
		filters={
			"staff": staff,
			"name": ["!=", exclude or ""],
			"status": ["not in", ENDED],
			"from_date": ["<=", max(day for day, _s in sessions)],
			"to_date": [">=", min(day for day, _s in sessions)],
		},
		fields=[
			"name",
			"hall",
			"status",
			"from_date",
			"from_session",
			"to_date",
			"to_session",
			"returned_on",
		],
		order_by="from_date asc",
	)
	for other in others:
		if mine & set(taken_sessions(other)):
			return other.name
	return None


def check_overlap(doc) -> None:
	other = overlapping(doc.staff, requested_sessions(doc), doc.name if not doc.is_new() else None)
	if other:
		invalid(
			_("{0} already has leave request {1} for some of these sessions.").format(
				doc.staff_name or doc.staff, other
			)
		)


# ---------------------------------------------------------------------------------------------
# the cover (顶岗)


def chief_of(department: str | None) -> str | None:
	if not department:
		return None
	return frappe.db.get_value("GH Stationed Department", department, "chief_representative")


def is_chief(doc, user: str | None = None) -> bool:
	user = user or frappe.session.user
	return bool(doc.department) and chief_of(doc.department) == user


def check_cover_change(doc, before) -> None:
	"""Only the chief representative of the department or a manager chooses the cover once the
	leave is requested (the requester may name one when filing it)."""
	if before is None or (before.cover_staff or None) == (doc.cover_staff or None) or exempt():
		return
	if not (is_manager() or is_chief(doc)):
		not_allowed(_("Only the department's chief representative or a hall manager chooses the cover."))


def default_cover(doc) -> None:
	"""The B post of the staff member's window (b_window on GH Window Staff)."""
	if doc.cover_staff or not doc.window or not frappe.get_meta(STAFF).has_field("b_window"):
		return
	doc.cover_staff = frappe.db.get_value(
		STAFF,
		{"b_window": doc.window, "status": ON_SITE, "user": ["!=", doc.staff]},
		"user",
		order_by="creation asc",
	)
	if doc.cover_staff and not cover_problem(doc):
		return
	doc.cover_staff = None


def cover_problem(doc) -> str | None:
	if not doc.cover_staff:
		return None
	if doc.cover_staff == doc.staff:
		return _("The staff member on leave cannot cover for themself.")
	record = staff_record(doc.cover_staff)
	hall = record and (
		record.hall or (record.window and frappe.db.get_value("GH Service Window", record.window, "hall"))
	)
	if not record or record.status != ON_SITE or hall != doc.hall:
		return _("The cover must be a staff member on site in the same hall: {0} is not.").format(
			doc.cover_staff
		)
	return None


def check_cover(doc) -> None:
	problem = cover_problem(doc)
	if problem:
		invalid(problem)


def check_cover_free(doc) -> None:
	"""The cover is not on leave themself during these sessions."""
	other = overlapping(doc.cover_staff, requested_sessions(doc))
	if other:
		invalid(
			_("The cover {0} has leave request {1} for some of these sessions.").format(
				full_name(doc.cover_staff) or doc.cover_staff, other
			)
		)


# ---------------------------------------------------------------------------------------------
# transitions: who, and what each one records


def guard_transition(doc, old_status: str) -> None:
	new = doc.status
	if exempt():
		check_transition_data(doc, old_status)
		return
	user = frappe.session.user
	own = doc.staff == user
	manager = is_manager()
	if new == REQUESTED and not (own or manager):
		not_allowed(_("Only the staff member asks for their leave."))
	if new == COVER_PROPOSED and not (manager or is_chief(doc)):
		not_allowed(_("Only the department's chief representative or a hall manager proposes the cover."))
	if new in (APPROVED, REJECTED):
		if HALL_MANAGER not in frappe.get_roles(user):
			not_allowed(_("Only a hall manager approves or rejects leave."))
		if own:
			not_allowed(_("Nobody approves or rejects their own leave."))
	if new == WITHDRAWN and not (own or manager):
		not_allowed(_("Only the staff member withdraws their leave request."))
	if new == RETURNED and not (own or manager or is_chief(doc)):
		not_allowed(
			_("Only the staff member, their chief representative or a hall manager reports the return.")
		)
	if new == CANCELLED and not manager:
		not_allowed(_("Only a hall manager cancels approved leave."))
	check_transition_data(doc, old_status)


def check_transition_data(doc, old_status: str) -> None:
	new = doc.status
	if new == COVER_PROPOSED:
		if not doc.cover_staff:
			invalid(_("Choose the cover staff first."))
		check_cover_free(doc)
	if new == APPROVED:
		if doc.cover_staff:
			check_cover(doc)
			check_cover_free(doc)
	if new == REJECTED and not (doc.decision_notes or "").strip():
		invalid(_("Give the reason for rejecting the leave in Approver's Notes first."))
	if new == CANCELLED:
		sessions = requested_sessions(doc)
		if sessions and session_start(doc.hall, *sessions[0]) <= now_datetime():
			invalid(_("The leave has already started: report the return (销假) instead of cancelling it."))


def record_transition(doc, old_status: str) -> None:
	new = doc.status
	now = now_datetime()
	if new == REQUESTED:
		doc.requested_on = now
	elif new == COVER_PROPOSED:
		doc.cover_proposed_by = frappe.session.user
	elif new == APPROVED:
		doc.approved_by = frappe.session.user
		doc.approved_on = now
		# stamped once the email is queued (inform_agency)
		doc.agency_informed_to = doc.agency_informed_on = None
	elif new == RETURNED:
		doc.returned_on = now
