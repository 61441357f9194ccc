"""Filters shared by the case reports: hall, department, window, date range, department scope."""

import frappe
from frappe import _
from frappe.permissions import get_user_permissions
from frappe.utils import add_days, getdate

from gov_hall.rules.case_stats import period_start
from gov_hall.utils.clock import nowdate
from gov_hall.utils.permissions import DEPARTMENT_DOCTYPE


def date_range(filters: dict, period: str = "year") -> tuple:
	"""From and to dates of the filters; by default from the start of the to-date's year (or quarter)."""
	to_date = getdate(filters.get("to_date") or nowdate())
	from_date = getdate(filters.get("from_date") or period_start(to_date, period))
	if from_date > to_date:
		frappe.throw(_("From Date must be before To Date."), title=_("Invalid Input"))
	return from_date, to_date


def within(query, column, filters: dict, period: str = "year"):
	"""Rows whose datetime ``column`` falls on or between the filters' dates."""
	from_date, to_date = date_range(filters, period)
	return query.where(column >= from_date).where(column < add_days(to_date, 1))


def permitted_departments(doctype: str, user: str | None = None) -> list[str] | None:
	"""Departments a user with department User Permissions may see; None means every department.

	Script reports read with frappe.qb, which applies no User Permissions, so the reports apply
	the department scope themselves (window staff and chief representatives see their own agency).
	"""
	rows = get_user_permissions(user or frappe.session.user).get(DEPARTMENT_DOCTYPE) or []
	allowed = sorted(
		{row.doc for row in rows if not row.get("applicable_for") or row.applicable_for == doctype}
	)
	return allowed or None


def apply_common(query, table, filters: dict, doctype: str | None = None):
	"""The hall, department and window filters, and the user's department scope on ``doctype``."""
	for field in ("hall", "department", "window"):
		if filters.get(field):
			query = query.where(table[field] == filters[field])
	allowed = permitted_departments(doctype) if doctype else None
	if allowed is not None:
		query = query.where(table.department.isin(allowed))
	return query
