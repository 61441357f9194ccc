# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt
"""文化活动参与面: how widely the hall's staff take part in the culture activities held in a period,
and how widely the awards are spread (seed 000: "the same few win every time").

Four set-based queries read the held activities of the period, their participant and award rows,
and the staff on site during the period (their on-site dates overlap it; someone marked Left
without an end date is not counted); the figures (participation rate, top-10% share, Gini
coefficient, the department rows) are computed in pandas by gov_hall.rules.participation.

The department filter and a user's department scope (chief representatives) narrow the staff,
participants and awards to those departments; the activities counted are then those the
departments organised or took part in.
"""

import frappe
import pandas as pd
from frappe import _
from frappe.query_builder import DocType

from gov_hall.rules import participation as rules
from gov_hall.rules.case_stats import records
from gov_hall.rules.voice_stats import chart_labels, multi_chart
from gov_hall.utils.report_filters import date_range, permitted_departments, within

REF_DOCTYPE = "GH Culture Activity"
HELD = "Held"
CHILDREN = {
	"participants": "GH Activity Participant",
	"awards": "GH Activity Award",
	"windows": "GH Activity Window",
}


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	departments = scope(filters)
	activities = load_activities(filters)
	participants = load_rows(filters, "participants", ["staff", "department"], departments)
	awards = load_rows(
		filters, "awards", ["recipient_type", "staff", "window", "department", "points"], departments
	)
	on_site = load_on_site(filters, departments)
	if departments is None:
		held = len(activities)
	else:
		windows = load_rows(filters, "windows", ["department"], departments)
		organised = activities[activities["organiser_department"].isin(departments)]["activity"]
		held = len(
			set(organised)
			| set(participants["activity"])
			| set(awards["activity"])
			| set(windows["activity"])
		)
	figures = rules.summary(on_site, participants, awards, held)
	table = rules.department_table(on_site, participants, awards)
	rows = records(table)
	if rows:
		rows.append(
			{
				"department": "'" + _("Total") + "'",
				**{key: figures[key] for key in rules.TABLE_COLUMNS if key in figures},
				"bold": 1,
			}
		)
	return columns(), rows, None, chart(table), summary(figures)


def scope(filters) -> list[str] | None:
	"""The departments the report is limited to (filter and the user's scope); None: all."""
	allowed = permitted_departments(REF_DOCTYPE)
	if filters.get("department"):
		if allowed is not None and filters.department not in allowed:
			return []
		return [filters.department]
	return allowed


def held_activities(query, activity, filters):
	query = query.where(activity.status == HELD)
	if filters.get("hall"):
		query = query.where(activity.hall == filters.hall)
	return within(query, activity.starts_on, filters)


def load_activities(filters) -> pd.DataFrame:
	activity = DocType(REF_DOCTYPE)
	query = frappe.qb.from_(activity).select(activity.name, activity.organiser_department)
	rows = held_activities(query, activity, filters).run()
	return pd.DataFrame(list(rows), columns=["activity", "organiser_department"])


def load_rows(filters, table_field: str, fields: list[str], departments: list[str] | None) -> pd.DataFrame:
	"""Rows of one child table of the held activities, with the activity's name."""
	activity, child = DocType(REF_DOCTYPE), DocType(CHILDREN[table_field])
	query = (
		frappe.qb.from_(child)
		.join(activity)
		.on(
			(child.parent == activity.name)
			& (child.parenttype == REF_DOCTYPE)
			& (child.parentfield == table_field)
		)
		.select(activity.name, *(child[f] for f in fields))
	)
	query = held_activities(query, activity, filters)
	if departments is not None:
		if not departments:
			return pd.DataFrame([], columns=["activity", *fields])
		query = query.where(child.department.isin(departments))
	return pd.DataFrame(list(query.run()), columns=["activity", *fields])


def load_on_site(filters, departments: list[str] | None) -> pd.DataFrame:
	"""Window staff on site at some point of the period, with their department."""
	from_date, to_date = date_range(filters)
	staff, department = DocType("GH Window Staff"), DocType("GH Stationed Department")
	query = (
		frappe.qb.from_(staff)
		.join(department)
		.on(staff.department == department.name)
		.select(staff.user, staff.department)
		.where(staff.on_site_from <= to_date)
		.where(staff.on_site_to.isnull() | (staff.on_site_to >= from_date))
		.where((staff.status == "On Site") | staff.on_site_to.isnotnull())
	)
	if filters.get("hall"):
		query = query.where(department.hall == filters.hall)
	if departments is not None:
		if not departments:
			return pd.DataFrame([], columns=rules.ON_SITE_COLUMNS)
		query = query.where(staff.department.isin(departments))
	return pd.DataFrame(list(query.run()), columns=rules.ON_SITE_COLUMNS)


def chart(table: pd.DataFrame) -> dict:
	shown = table[table["staff_on_site"] > 0] if len(table) else table
	return multi_chart(
		chart_labels(shown["department"]) if len(shown) else [],
		[(_("Participation Rate %"), list(shown["participation_rate"]) if len(shown) else [])],
		fieldtype="Percent",
	)


def summary(figures: dict) -> list[dict]:
	return [
		{"label": _("Activities Held"), "value": figures["activities"], "datatype": "Int"},
		{"label": _("Participants"), "value": figures["participants"], "datatype": "Int"},
		{
			"label": _("Participation Rate %"),
			"value": figures["participation_rate"] or 0.0,
			"datatype": "Percent",
			"indicator": "blue",
		},
		{"label": _("Winners"), "value": figures["winners"], "datatype": "Int"},
		{"label": _("Awards Given"), "value": figures["awards"], "datatype": "Int"},
		{
			"label": _("Awards Won by the Top 10% of Winners %"),
			"value": figures["top_share"] or 0.0,
			"datatype": "Percent",
			"indicator": "orange",
		},
		{
			"label": _("Gini Coefficient of Staff Awards"),
			"value": figures["gini"] or 0.0,
			"datatype": "Float",
			"indicator": "red",
		},
	]


def columns() -> list[dict]:
	return [
		{
			"fieldname": "department",
			"label": _("Department"),
			"fieldtype": "Link",
			"options": "GH Stationed Department",
			"width": 200,
		},
		{"fieldname": "staff_on_site", "label": _("Staff On Site"), "fieldtype": "Int", "width": 110},
		{"fieldname": "participants", "label": _("Participants"), "fieldtype": "Int", "width": 110},
		{
			"fieldname": "on_site_participants",
			"label": _("On-Site Participants"),
			"fieldtype": "Int",
			"width": 130,
		},
		{
			"fieldname": "participation_rate",
			"label": _("Participation Rate %"),
			"fieldtype": "Percent",
			"width": 130,
		},
		{"fieldname": "winners", "label": _("Winners"), "fieldtype": "Int", "width": 90},
		{"fieldname": "awards", "label": _("Awards Given"), "fieldtype": "Int", "width": 100},
		{
			"fieldname": "points",
			"label": _("Award Points"),
			"fieldtype": "Float",
			"precision": 1,
			"width": 100,
		},
	]
