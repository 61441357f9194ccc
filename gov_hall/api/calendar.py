"""The hall calendar's warnings for managers (workspace block, Hall Settings)."""

import frappe

from gov_hall.cases.calendar_years import MANAGER_ROLES, calendar_warnings


@frappe.whitelist()
def warnings() -> list[dict]:
	"""Time-zone and missing-holiday-schedule warnings; empty for anyone but managers."""
	if not set(MANAGER_ROLES) & set(frappe.get_roles()):
		return []
	return calendar_warnings()
