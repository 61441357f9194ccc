"""The log of hall managers' overrides (GH Override Log): who changed which controlled figure, from
what to what, why, and for which window and department; read by managers and Hall Supervisors in
the report *GH Manager Overrides*.

A log doctype rather than Frappe's Version records: a Version has no reason, no window or department
to filter on and no quarter, holds the change as JSON that a report would have to parse row by row,
and is written only for saves of doctypes that track changes (an appeal's effect on its rating, for
one, is written with ``frappe.db.set_value``). Log entries are inserted only here, during the
manager's save; nobody may create, edit or delete them (no role has create, write or delete, and the
controller refuses any later change).
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import getdate

from gov_hall.rules.periods import quarter_of
from gov_hall.utils.clock import now_datetime

LOG = "GH Override Log"


def record_overrides(doc, entries: list[dict]) -> None:
	"""One log entry per changed figure of ``doc`` (its rows included)."""
	now = now_datetime()
	user = frappe.session.user
	manager_name = frappe.db.get_value("User", user, "full_name") or user
	frappe.local.gh_writing_override_log = True
	try:
		for entry in entries:
			frappe.get_doc(
				{
					"doctype": LOG,
					"changed_on": now,
					"manager": user,
					"manager_name": manager_name,
					"quarter": quarter_of(getdate(now)),
					"reference_doctype": doc.doctype,
					"reference_name": doc.name,
					"hall": doc.get("hall"),
					"department": entry.get("department") or doc.get("department"),
					"window": entry.get("window") or doc.get("window"),
					"fieldname": entry["fieldname"],
					"field_label": entry["field_label"],
					"row_label": entry.get("row_label") or None,
					"from_value": entry.get("from_value"),
					"to_value": entry.get("to_value"),
					"reason": entry["reason"],
				}
			).insert(ignore_permissions=True)
	finally:
		frappe.local.gh_writing_override_log = False


def guard_log_entry(doc) -> None:
	"""A log entry is written by the app during a manager's save, and never changed afterwards."""
	if not doc.is_new() or not getattr(frappe.local, "gh_writing_override_log", False):
		frappe.throw(
			_("The log of overrides is written by the system and cannot be changed."),
			frappe.PermissionError,
			title=_("Not Allowed"),
		)
