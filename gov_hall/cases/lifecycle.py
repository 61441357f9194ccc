"""What happens to a case (办件) as it moves through the case workflow.

The workflow engine decides who may move a case where; this module keeps the case's own
records straight on each move: acceptance and completion times, the clock pauses of a
supplement, the first responder (首问责任人) and the reasons a case ends without a result.
"""

import frappe
from frappe import _
from frappe.model.naming import make_autoname
from frappe.utils import getdate

from gov_hall.cases import deadline
from gov_hall.rules.identifiers import mask_mobile, mask_resident_id
from gov_hall.setup.workflows import (
	ACCEPTED,
	CANCELLED,
	COMPLETED,
	FINAL_STATES,
	IN_PROCESS,
	RECEIVED,
	REJECTED,
	SUPPLEMENT_REQUIRED,
	WITHDRAWN,
)
from gov_hall.utils.calendar import get_hall_calendar
from gov_hall.utils.clock import now_datetime, nowdate
from gov_hall.utils.validation import clean_mobile, clean_resident_id, clean_uscc

SYSTEM_USERS = ("Administrator", "Guest")
MAX_NAME_LENGTH = 140


def case_number(case) -> str:
	"""<hall code>-<year>-<serial>, numbered per hall and year: e.g. QX-2026-00042."""
	hall_code = frappe.db.get_value("GH Service Hall", case.hall, "hall_code")
	if not hall_code:
		frappe.throw(_("Service Hall {0} has no hall code.").format(case.hall), title=_("Invalid Input"))
	year = getdate(case.received_on or nowdate()).year
	return make_autoname(f"{hall_code.upper()}-{year}-.#####", doc=case)


def stamp_received(case) -> None:
	"""A case recorded without a receipt time was received now, Beijing time."""
	if not case.received_on:
		case.received_on = now_datetime()


def set_first_responder(case) -> None:
	if not case.first_responder and frappe.session.user not in SYSTEM_USERS:
		case.first_responder = frappe.session.user
	if not case.handler:
		case.handler = case.first_responder


def copy_time_limit(case) -> None:
	"""Freeze the matter's promised limit on the case: later catalogue edits do not move deadlines."""
	limit = frappe.db.get_value("GH Service Matter", case.matter, "promised_time_limit")
	case.time_limit_days = int(limit or 0)


def validate_applicant(case) -> None:
	case.applicant_name = (case.applicant_name or "").strip()
	if not case.applicant_name or len(case.applicant_name) > MAX_NAME_LENGTH or "<" in case.applicant_name:
		frappe.throw(
			_("Enter the applicant's name (plain text, at most 140 characters)."), title=_("Invalid Input")
		)
	if case.applicant_type == "Company":
		case.id_number = clean_uscc(case.id_number, _("Unified Social Credit Code"))
	else:
		case.id_number = clean_resident_id(case.id_number, _("Resident ID Number"))
	case.mobile = clean_mobile(case.mobile, _("Mobile"))
	case.id_number_masked = mask_resident_id(case.id_number)
	case.mobile_masked = mask_mobile(case.mobile)
	case.mobile_last4 = case.mobile[-4:]


def validate_links(case) -> None:
	matter = frappe.db.get_value("GH Service Matter", case.matter, ["status", "department"], as_dict=True)
	if not matter:
		frappe.throw(_("Service matter {0} does not exist.").format(case.matter), title=_("Invalid Input"))
	if case.is_new() and matter.status != "Active":
		frappe.throw(_("Service matter {0} is suspended.").format(case.matter), title=_("Invalid Input"))
	case.department = matter.department
	if case.window:
		window_hall = frappe.db.get_value("GH Service Window", case.window, "hall")
		if window_hall != case.hall:
			frappe.throw(
				_("Window {0} is not in hall {1}.").format(case.window, case.hall), title=_("Invalid Input")
			)
	if case.received_on and getdate(case.received_on) > getdate(nowdate()):
		frappe.throw(_("A case cannot be received in the future."), title=_("Invalid Input"))


def guard_first_responder(case) -> None:
	"""首问责任制: the first responder is recorded once and never changes."""
	if case.is_new():
		return
	before = case.get_doc_before_save()
	if before and before.first_responder and before.first_responder != case.first_responder:
		frappe.throw(_("The first responder of a case can never be changed."), title=_("Not Allowed"))


def previous_status(case) -> str | None:
	before = case.get_doc_before_save()
	return before.status if before else None


def apply_status_change(case) -> None:
	old, new = previous_status(case), case.status
	if case.is_new() or old == new:
		return
	if old in FINAL_STATES:
		frappe.throw(_("A closed case cannot be reopened."), title=_("Not Allowed"))
	now = now_datetime()
	if new == SUPPLEMENT_REQUIRED:
		pause_clock(case, old)
	elif old == SUPPLEMENT_REQUIRED:
		resume_clock(case, new)
	if new == ACCEPTED and not case.accepted_on:
		case.accepted_on = now
		case.handler = case.handler or frappe.session.user
	if new == COMPLETED:
		case.completed_on = now
	if new == REJECTED and not (case.rejection_reason or "").strip():
		frappe.throw(_("Give the reason the application is not accepted."), title=_("Invalid Input"))
	if new in (WITHDRAWN, CANCELLED) and not (case.close_reason or "").strip():
		frappe.throw(_("Give the reason the case is withdrawn or cancelled."), title=_("Invalid Input"))
	if new in FINAL_STATES and case.is_paused:
		close_open_pause(case)


def pause_clock(case, old_status: str) -> None:
	notice = latest_open_notice(case.name)
	if not notice:
		frappe.throw(
			_("Issue a one-time supplement notice listing every missing material first."),
			title=_("Invalid Input"),
		)
	case.is_paused = 1
	case.paused_since = getdate(nowdate())
	case.resume_status = old_status
	case.append("pauses", {"notice": notice, "paused_on": case.paused_since})


def resume_clock(case, new_status: str) -> None:
	if new_status in FINAL_STATES:
		return
	if case.resume_status and new_status != case.resume_status:
		frappe.throw(
			_("A case resumes in the state it paused in: {0}.").format(_(case.resume_status)),
			title=_("Not Allowed"),
		)
	close_open_pause(case)


def close_open_pause(case) -> None:
	today = getdate(nowdate())
	calendar = get_hall_calendar(case.hall)
	for row in case.pauses:
		if not row.resumed_on:
			row.resumed_on = today
			row.working_days = calendar.working_days_between(getdate(row.paused_on), today)
	case.is_paused = 0
	case.paused_since = None


def latest_open_notice(case_name: str) -> str | None:
	return frappe.db.get_value(
		"GH Supplement Notice", {"case": case_name, "status": "Open"}, "name", order_by="creation desc"
	)


def refresh_deadline(case) -> None:
	if case.status == COMPLETED or case.status not in FINAL_STATES:
		deadline.refresh_deadline(case)


def after_status_change(case) -> None:
	old, new = previous_status(case), case.status
	if old == new:
		return
	if old == SUPPLEMENT_REQUIRED:
		close_notices(case.name, "Returned" if new not in FINAL_STATES else "Cancelled")
	if new in FINAL_STATES:
		unshare_with_first_responder(case)


def close_notices(case_name: str, status: str) -> None:
	for name in frappe.get_all("GH Supplement Notice", {"case": case_name, "status": "Open"}, pluck="name"):
		frappe.db.set_value("GH Supplement Notice", name, {"status": status, "returned_on": now_datetime()})


def share_with_first_responder(case) -> None:
	"""The first responder keeps read access, whatever window or department the case moves to."""
	if case.first_responder and case.first_responder not in SYSTEM_USERS and case.status not in FINAL_STATES:
		frappe.share.add_docshare(
			case.doctype, case.name, case.first_responder, read=1, flags={"ignore_share_permission": True}
		)


def unshare_with_first_responder(case) -> None:
	if not case.first_responder:
		return
	share = frappe.db.get_value(
		"DocShare", {"user": case.first_responder, "share_doctype": case.doctype, "share_name": case.name}
	)
	if share:
		frappe.delete_doc("DocShare", share, ignore_permissions=True, flags={"ignore_share_permission": True})


# States in which a supplement notice may be issued.
OPEN_FOR_NOTICE = (RECEIVED, ACCEPTED, IN_PROCESS)
