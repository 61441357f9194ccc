"""What the four cross-hall reports (issue 16, item 5) share: the cross-hall cases they read, their
filters (receiving hall, handling hall, handling department, matter) and the department scope.

A chief representative (or window staff member) sees the cases of their department(s) on either
side: the handling department (``department``, the matter's) or the receiving window's department
(``receiving_department``), as the record scope of GH Case grants (gov_hall.access.scope)."""

from __future__ import annotations

import frappe
from frappe import _

from gov_hall.rules.cross_hall_stats import CROSS_HALL_ROUTES
from gov_hall.utils.report_filters import permitted_departments

REF_DOCTYPE = "GH Case"
CANCELLED = "Cancelled"


def cross_hall(query, Case):
	"""Cases received at one hall and handled at another (a route is set)."""
	return query.where(Case.route.isin(CROSS_HALL_ROUTES))


def case_filters(query, Case, filters: dict):
	"""The receiving hall (``hall``), handling hall, handling department and matter filters, and
	the user's department scope (either side)."""
	for field in ("hall", "handling_hall", "department", "matter"):
		if filters.get(field):
			query = query.where(Case[field] == filters[field])
	return in_scope(query, Case)


def in_scope(query, Case):
	allowed = permitted_departments(REF_DOCTYPE)
	if allowed is None:
		return query
	allowed = allowed or [""]  # an empty list matches nothing
	return query.where(Case.department.isin(allowed) | Case.receiving_department.isin(allowed))


def hall_names(halls) -> dict:
	"""Hall name -> its display name (hall_name)."""
	halls = sorted({hall for hall in halls if hall})
	if not halls:
		return {}
	return dict(
		frappe.get_all(
			"GH Service Hall", filters={"name": ["in", halls]}, fields=["name", "hall_name"], as_list=True
		)
	)


def hall_levels(halls) -> dict:
	halls = sorted({hall for hall in halls if hall})
	if not halls:
		return {}
	return dict(
		frappe.get_all(
			"GH Service Hall", filters={"name": ["in", halls]}, fields=["name", "hall_level"], as_list=True
		)
	)


def matter_names(matters) -> dict:
	matters = sorted({matter for matter in matters if matter})
	if not matters:
		return {}
	return dict(
		frappe.get_all(
			"GH Service Matter",
			filters={"name": ["in", matters]},
			fields=["name", "matter_name"],
			as_list=True,
		)
	)


def translated(value: str | None) -> str | None:
	return _(value) if value else value
