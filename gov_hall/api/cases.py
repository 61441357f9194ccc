"""Desk actions on cases that are not workflow transitions."""

import frappe
from frappe import _

from gov_hall.access import controlled
from gov_hall.setup.workflows import FINAL_STATES
from gov_hall.utils.clock import now_datetime


@frappe.whitelist(methods=["POST"])
def refer_case(case: str, to_window: str, note: str | None = None, to_handler: str | None = None) -> dict:
	"""Refer the citizen to another window (转办): logged with who, to where and when.

	The first responder stays on record and keeps read access until the case ends.
	"""
	doc = frappe.get_doc("GH Case", case)
	doc.check_permission("write")
	if doc.status in FINAL_STATES:
		frappe.throw(_("A closed case cannot be referred."), title=_("Invalid Input"))
	window = frappe.db.get_value("GH Service Window", to_window, ["hall", "status"], as_dict=True)
	if not window or window.hall != doc.hall or window.status != "Active":
		frappe.throw(_("Choose an active window of the same hall."), title=_("Invalid Input"))
	if to_window == doc.window:
		frappe.throw(_("The case is already at window {0}.").format(to_window), title=_("Invalid Input"))
	if to_handler and not frappe.db.exists("User", {"name": to_handler, "enabled": 1}):
		frappe.throw(_("User {0} does not exist.").format(to_handler), title=_("Invalid Input"))
	if note and (len(note) > 500 or "<" in note):
		frappe.throw(_("Keep the note to 500 characters of plain text."), title=_("Invalid Input"))
	doc.append(
		"referrals",
		{
			"referred_on": now_datetime(),
			"referred_by": frappe.session.user,
			"from_window": doc.window,
			"to_window": to_window,
			"to_handler": to_handler,
			"note": note,
		},
	)
	doc.window = to_window
	doc.handler = to_handler
	with controlled.action(doc, "Refer to Window"):
		doc.save()
	return {"case": doc.name, "window": doc.window, "referrals": len(doc.referrals)}
