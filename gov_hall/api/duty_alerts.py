"""Empty-window alerts (空岗): a hall manager excuses a record with a reason."""

import frappe
from frappe import _

from gov_hall.access import controlled
from gov_hall.duty.empty_windows import EMPTY_WINDOW, EXCUSE, EXCUSED
from gov_hall.utils.clock import now_datetime
from gov_hall.utils.validation import clean_text

REASON_LIMIT = 500


@frappe.whitelist(methods=["POST"])
def excuse_empty_window(name: str, reason: str) -> dict:
	"""Excuse an empty window (the power cut, the staff member called to a meeting by the hall ...):
	it then counts for nobody. Hall managers only, with a reason."""
	if not controlled.is_manager():
		frappe.throw(
			_("Only hall managers excuse an empty window."), frappe.PermissionError, title=_("Not Allowed")
		)
	if not isinstance(name, str) or not frappe.db.exists(EMPTY_WINDOW, name):
		frappe.throw(_("Empty window record {0} not found.").format(name), frappe.DoesNotExistError)
	doc = frappe.get_doc(EMPTY_WINDOW, name)
	doc.check_permission("write")
	reason = clean_text(reason, _("Excuse Reason"), REASON_LIMIT, required=True)
	if doc.status == EXCUSED:
		frappe.throw(_("This empty window is already excused."), title=_("Invalid Input"))
	with controlled.action(doc, EXCUSE):
		doc.status = EXCUSED
		doc.excuse_reason = reason
		doc.excused_by = frappe.session.user
		doc.excused_on = now_datetime()
		doc.save()
	return {"name": doc.name, "status": doc.status}
