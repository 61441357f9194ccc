"""Child-table rows read on their own are judged by their parent record's scope.

Frappe v15 checks a row loaded by itself (``GET /api/resource/<child doctype>/<row>``,
``frappe.client.get``) only against the parent *doctype*: ``has_child_permission`` looks at
``child_doc.parent_doc``, which is empty for such a row, and a ``has_permission`` hook on the child
doctype is never consulted. The rows' controllers take this mixin, so the parent *record* decides.
"""

import frappe

READ_TYPES = frozenset({"read", "select", "print", "export", "email", "report"})


class ParentScopedRow:
	def has_permission(self, permtype="read", *, debug=False, user=None) -> bool:
		if not super().has_permission(permtype, debug=debug, user=user):
			return False
		if self.flags.ignore_permissions or getattr(self, "parent_doc", None):
			return True
		if not (self.parenttype and self.parent):
			return False
		ptype = "read" if permtype in READ_TYPES else "write"
		return frappe.has_permission(self.parenttype, ptype, doc=self.parent, user=user, debug=debug)
