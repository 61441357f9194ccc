"""Hand-over steps of a cross-hall case (县乡同办), from the desk form's buttons."""

import json

import frappe
from frappe import _

from gov_hall.cross_hall import handover

DETAIL_KEYS = ("paper_items", "paper_count", "notes", "tracking_number", "handling_window")


@frappe.whitelist(methods=["POST"])
def take_step(case: str, step: str, **details) -> dict:
	"""Take the hand-over ``step`` on ``case`` (who and when are recorded, Beijing time).

	Details: ``paper_items`` (paper materials handed over, one per line), ``paper_count``, ``notes``,
	``tracking_number`` (Post) and ``handling_window`` (Receive at County; default: the receiving
	user's own window of the handling department)."""
	details.pop("cmd", None)
	if isinstance(details.get("details"), str | dict):
		nested = details.pop("details")
		try:
			nested = json.loads(nested) if isinstance(nested, str) else nested
		except ValueError:
			frappe.throw(_("The hand-over details could not be read."), title=_("Invalid Input"))
		if isinstance(nested, dict):
			details.update(nested)
	return handover.take_step(case, step, {key: details.get(key) for key in DETAIL_KEYS})


@frappe.whitelist()
def next_steps(case: str) -> dict:
	"""The hand-over steps ``case`` may take next, each with whether the session user may take it."""
	if not isinstance(case, str) or not frappe.db.exists("GH Case", case):
		raise frappe.DoesNotExistError(_("Case {0} not found").format(str(case)[:60]))
	doc = frappe.get_doc("GH Case", case)
	if not frappe.has_permission("GH Case", "read", doc=doc):
		raise frappe.PermissionError(_("You cannot read case {0}.").format(doc.name))
	return {
		"case": doc.name,
		"route": doc.route,
		"transfer_status": doc.transfer_status,
		"steps": handover.next_steps(doc) if doc.route else [],
		"windows": handover.department_windows(doc.department, doc.handling_hall) if doc.route else [],
	}
