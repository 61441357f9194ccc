"""Service commitments (服务承诺): the next version of a signed commitment (gov_hall.commitments)."""

# Postponed annotations: Frappe then skips its pydantic check, so malformed arguments reach our own
# validation and get the same clear answer as any other wrong input.
from __future__ import annotations

import frappe
from frappe import _

from gov_hall import commitments


@frappe.whitelist(methods=["POST"])
def new_version(name: str) -> str:
	"""Create (or return) the draft of the next version of a signed commitment; returns its name."""
	if not isinstance(name, str) or not name or not frappe.db.exists(commitments.DOCTYPE, name):
		frappe.throw(_("Commitment not found."), title=_("Invalid Input"))
	return commitments.new_version(name)
