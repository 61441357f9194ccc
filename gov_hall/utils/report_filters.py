"""Filters shared by the case reports: hall, department, window, date range."""

import frappe
from frappe.utils import add_months, getdate, nowdate


def date_range(filters: dict) -> tuple:
	to_date = getdate(filters.get("to_date") or nowdate())
	from_date = getdate(filters.get("from_date") or add_months(to_date, -12))
	if from_date > to_date:
		from frappe import _

		frappe.throw(_("From Date must be before To Date."), title=_("Invalid Input"))
	return from_date, to_date


def apply_common(query, table, filters: dict):
	for field in ("hall", "department", "window"):
		if filters.get(field):
			query = query.where(table[field] == filters[field])
	return query
