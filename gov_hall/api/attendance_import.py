"""考勤导入 from the desk: preview a GH Attendance Import's file, then import it all or nothing
(gov_hall.duty.imports). Hall managers only (Hall Manager, Hall Administrator, System Manager)."""

import frappe
from frappe import _

from gov_hall.access.controlled import is_manager
from gov_hall.duty import imports


def _import(name: str):
	if not is_manager():
		frappe.throw(_("Only hall managers can import attendance."), frappe.PermissionError)
	doc = frappe.get_doc(imports.IMPORT, name)
	doc.check_permission("write")
	return doc


@frappe.whitelist(methods=["POST"])
def preview(name: str) -> dict:
	"""Check every row of the file: counts, date range, one error per bad row, the first rows."""
	return imports.preview(_import(name))


@frappe.whitelist(methods=["POST"])
def run(name: str) -> dict:
	"""Import the file if no row is bad (else nothing, status Failed), then refresh the duty slots."""
	return imports.run(_import(name))
