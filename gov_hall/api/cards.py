"""Staff and window cards (挂牌上岗): a hall manager issues a new card code when a badge is lost."""

# Postponed annotations: Frappe then skips its pydantic check, so malformed arguments reach our own
# validation and get the same clear answer as any other wrong input.
from __future__ import annotations

import frappe
from frappe import _

from gov_hall.access.controlled import is_manager
from gov_hall.utils import cards


@frappe.whitelist(methods=["POST"])
def renew_card_code(doctype: str, name: str) -> dict:
	"""Give a staff member or a window a new card code; the old QR code stops working at once."""
	if not is_manager():
		raise frappe.PermissionError(_("Only hall managers can renew a card code."))
	if doctype not in cards.CARD_DOCTYPES or not isinstance(name, str) or not name:
		frappe.throw(_("Only staff and windows have card codes."), title=_("Invalid Input"))
	if not frappe.db.exists(doctype, name):
		frappe.throw(_("{0} {1} not found.").format(_(doctype), name), title=_("Invalid Input"))
	frappe.has_permission(doctype, "read", doc=name, throw=True)
	code = cards.renew_card_code(doctype, name)
	return {"name": name, "card_code": code}
