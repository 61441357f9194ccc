"""Extensions of a case's time limit (延期): requested by staff, approved by a manager with a reason."""

import frappe
from frappe import _

from gov_hall.access import controlled
from gov_hall.setup.roles import HALL_ADMINISTRATOR, HALL_MANAGER
from gov_hall.setup.workflows import FINAL_STATES
from gov_hall.utils.clock import now_datetime

DECIDERS = (HALL_MANAGER, HALL_ADMINISTRATOR, "System Manager")
MAX_EXTENSION_DAYS = 60


def stamp_request(extension) -> None:
	extension.requested_by = frappe.session.user


def validate_extension(extension) -> None:
	case_status = frappe.db.get_value("GH Case", extension.case, "status")
	if extension.is_new() and case_status in FINAL_STATES:
		frappe.throw(_("A closed case cannot be extended."), title=_("Invalid Input"))
	if not 1 <= int(extension.extension_days or 0) <= MAX_EXTENSION_DAYS:
		frappe.throw(
			_("An extension is between 1 and {0} working days.").format(MAX_EXTENSION_DAYS),
			title=_("Invalid Input"),
		)
	if not (extension.reason or "").strip():
		frappe.throw(_("Give the reason for the extension."), title=_("Invalid Input"))
	before = extension.get_doc_before_save()
	old_status = before.status if before else "Pending"
	if old_status != "Pending" and extension.status != old_status:
		frappe.throw(_("This extension has already been decided."), title=_("Not Allowed"))
	if before and old_status != "Pending" and extension.extension_days != before.extension_days:
		frappe.throw(_("This extension has already been decided."), title=_("Not Allowed"))
	if extension.status != old_status or (extension.is_new() and extension.status != "Pending"):
		record_decision(extension)


def record_decision(extension) -> None:
	if not set(DECIDERS) & set(frappe.get_roles()):
		frappe.throw(_("Only a hall manager can approve or reject an extension."), frappe.PermissionError)
	extension.decided_by = frappe.session.user
	extension.decided_on = now_datetime()


def apply_decision(extension) -> None:
	before = extension.get_doc_before_save()
	if extension.status != "Approved" or (before and before.status == "Approved"):
		return
	case = frappe.get_doc("GH Case", extension.case)
	case.extension_days = approved_days(extension.case)
	case.flags.ignore_permissions = True
	reason = extension.reason
	if (extension.decision_note or "").strip():
		reason = f"{extension.reason} ({extension.decision_note.strip()})"
	with controlled.action(case, "Extension Approved", reason=reason):
		case.save()
	case.add_comment(
		"Comment",
		_("Time limit extended by {0} working days: {1}").format(extension.extension_days, extension.reason),
	)


def approved_days(case: str) -> int:
	rows = frappe.get_all(
		"GH Case Extension", filters={"case": case, "status": "Approved"}, pluck="extension_days"
	)
	return sum(int(days or 0) for days in rows)
