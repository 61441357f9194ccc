"""Which windows serve a department: as their lead department or one listed under Departments Served."""

import frappe
from frappe.query_builder import DocType


def serves_department(department: str):
	"""A query criterion on GH Service Window for the windows that serve ``department``."""
	window = DocType("GH Service Window")
	served = DocType("GH Window Department")
	served_windows = (
		frappe.qb.from_(served)
		.select(served.parent)
		.where(served.parenttype == "GH Service Window")
		.where(served.department == department)
	)
	return (window.department == department) | window.name.isin(served_windows)
