"""Filters shared by the case reports: hall, department, window, date range, department scope."""

import datetime

import frappe
from frappe import _
from frappe.utils import add_days, getdate

from gov_hall.rules.case_stats import period_start
from gov_hall.utils.clock import nowdate


def plain_filters(filters) -> frappe._dict:
	"""A report's filters as a dict whose values are plain strings or numbers (a list or dict given
	for a filter from the request is refused)."""
	if not filters:
		return frappe._dict()
	if not isinstance(filters, dict):
		frappe.throw(_("Give the report's filters as field names and values."), title=_("Invalid Input"))
	for value in filters.values():
		if value is not None and not isinstance(value, str | int | float | datetime.date):
			frappe.throw(_("Each filter must be a single value."), title=_("Invalid Input"))
	return frappe._dict(filters)


def valid_date(value):
	"""``value`` as a date; a value that is not a date is refused with a translated message."""
	if value and not isinstance(value, str | datetime.date):
		frappe.throw(_("Enter a valid date."), title=_("Invalid Input"))
	try:
		date = getdate(value)
	except frappe.ValidationError:
		# Frappe's own message ("... is not a valid date string.") is replaced by the one below
		if frappe.message_log:
			frappe.message_log.pop()
		date = None
	except (ValueError, TypeError, OverflowError):
		date = None
	if date is None:
		frappe.throw(_("Enter a valid date."), title=_("Invalid Input"))
	return date


def date_range(filters: dict, period: str = "year") -> tuple:
	"""From and to dates of the filters; by default from the start of the to-date's year (or quarter)."""
	to_date = valid_date(filters.get("to_date") or nowdate())
	from_date = valid_date(filters.get("from_date") or period_start(to_date, period))
	if from_date > to_date:
		frappe.throw(_("From Date must be before To Date."), title=_("Invalid Input"))
	return from_date, to_date


def within(query, column, filters: dict, period: str = "year"):
	"""Rows whose datetime ``column`` falls on or between the filters' dates."""
	from_date, to_date = date_range(filters, period)
	return query.where(column >= from_date).where(column < add_days(to_date, 1))


def permitted_departments(doctype: str | None = None, user: str | None = None) -> list[str] | None:
	"""Departments whose rows a user may see in a report; None means every department (managers).

	Script reports read with frappe.qb, which applies no permissions, so the reports apply the
	record scope themselves (gov_hall.access.scope): window staff and chief representatives see
	their own department(s), anyone else without a manager's role none.
	"""
	from gov_hall.access.scope import permitted_departments as scope_departments

	return scope_departments(user)


def apply_common(query, table, filters: dict, doctype: str | None = None):
	"""The hall, department and window filters, and the user's department scope on ``doctype``."""
	for field in ("hall", "department", "window"):
		if filters.get(field):
			query = query.where(table[field] == filters[field])
	allowed = permitted_departments(doctype) if doctype else None
	if allowed is not None:
		# an empty list matches nothing
		query = query.where(table.department.isin(allowed or [""]))
	return query
