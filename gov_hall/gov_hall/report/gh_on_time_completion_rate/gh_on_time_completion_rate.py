# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt
"""按时办结率: cases completed within their due date, by department, window or matter.

Two queries: the completed cases of the period (only status Completed counts in the rate) and,
per group, the open cases that are overdue today. The figures are computed in pandas
(gov_hall.rules.case_stats).
"""

import frappe
import pandas as pd
from frappe import _
from frappe.query_builder import DocType
from frappe.query_builder.functions import Count, Date
from frappe.utils import getdate

from gov_hall.rules.case_stats import (
	on_time_table,
	records,
	table_chart,
	total_row,
	working_days_used,
)
from gov_hall.setup.workflows import COMPLETED, OPEN_STATES
from gov_hall.utils.calendar import get_hall_calendar
from gov_hall.utils.clock import nowdate
from gov_hall.utils.report_filters import apply_common, within

REF_DOCTYPE = "GH Case"
GROUPS = {"Department": "department", "Window": "window", "Matter": "matter"}
GROUP_LINKS = {
	"Department": "GH Stationed Department",
	"Window": "GH Service Window",
	"Matter": "GH Service Matter",
}
COMPLETED_FIELDS = [
	"department",
	"window",
	"matter",
	"hall",
	"clock_start",
	"completed_on",
	"paused_working_days",
	"completed_on_time",
]


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	group_by = filters.get("group_by") if filters.get("group_by") in GROUPS else "Department"
	group = GROUPS[group_by]

	completed = completed_cases(filters)
	calendars = {hall: get_hall_calendar(hall).is_working_day for hall in completed["hall"].unique()}
	completed["days_used"] = working_days_used(completed, calendars)
	table = on_time_table(completed, group, open_overdue_counts(filters, group))

	rows = records(table.rename(columns={group: "group"}))
	if rows:
		# quoted, as Frappe's own total rows: the Link column shows it as text, not as a link
		rows.append({"group": "'" + _("Total") + "'", **total_row(table), "bold": 1})

	chart = table_chart(
		table,
		group,
		"on_time_rate",
		_("On-Time Rate %"),
		keep=table["completed"] > 0 if len(table) else None,
		labels=matter_names(table["matter"]) if group == "matter" else None,
		blank=_("Not Set"),
		fieldtype="Percent",
	)
	return columns(group_by), rows, None, chart, summary(table)


def completed_cases(filters) -> pd.DataFrame:
	"""One row per completed case of the period (a quarter of a city hall is ~250k): only the columns
	the figures need, the completion as a date (a datetime costs a strptime a row to read)."""
	case = DocType(REF_DOCTYPE)
	fields = [Date(case[f]).as_(f) if f == "completed_on" else case[f] for f in COMPLETED_FIELDS]
	query = frappe.qb.from_(case).select(*fields).where(case.status == COMPLETED)
	query = within(query, case.completed_on, filters)
	rows = apply_common(query, case, filters, REF_DOCTYPE).run()
	return pd.DataFrame(list(rows), columns=COMPLETED_FIELDS)


def matter_names(matters: pd.Series) -> dict:
	names = [name for name in matters.dropna().unique() if name]
	if not names:
		return {}
	matter = DocType("GH Service Matter")
	return dict(
		frappe.qb.from_(matter).select(matter.name, matter.matter_name).where(matter.name.isin(names)).run()
	)


def open_overdue_counts(filters, group: str) -> dict:
	"""Open cases past their due date today, per group, whenever they were received.

	A case waiting for the applicant (clock paused) is not counted: its clock stands still.
	"""
	case = DocType(REF_DOCTYPE)
	query = (
		frappe.qb.from_(case)
		.select(case[group], Count("*"))
		.where(case.status.isin(OPEN_STATES))
		.where(case.is_paused == 0)
		.where(case.due_date < getdate(nowdate()))
		.groupby(case[group])
	)
	return dict(apply_common(query, case, filters, REF_DOCTYPE).run())


def summary(table: pd.DataFrame) -> list[dict]:
	totals = total_row(table)
	return [
		{"label": _("Completed Cases"), "value": totals["completed"], "datatype": "Int"},
		{
			"label": _("On-Time Rate %"),
			"value": totals["on_time_rate"],
			"datatype": "Percent",
			"indicator": "green",
		},
		{
			"label": _("Open and Overdue"),
			"value": totals["open_overdue"],
			"datatype": "Int",
			"indicator": "red",
		},
	]


def columns(group_by: str) -> list[dict]:
	return [
		{
			"fieldname": "group",
			"label": _(group_by),
			"fieldtype": "Link",
			"options": GROUP_LINKS[group_by],
			"width": 220,
		},
		{"fieldname": "completed", "label": _("Completed Cases"), "fieldtype": "Int", "width": 100},
		{"fieldname": "on_time", "label": _("Completed On Time"), "fieldtype": "Int", "width": 130},
		{"fieldname": "late", "label": _("Completed Late"), "fieldtype": "Int", "width": 120},
		{"fieldname": "on_time_rate", "label": _("On-Time Rate %"), "fieldtype": "Percent", "width": 120},
		{
			"fieldname": "avg_days_used",
			"label": _("Average Working Days Used"),
			"fieldtype": "Float",
			"precision": 1,
			"width": 150,
		},
		{"fieldname": "open_overdue", "label": _("Open and Overdue"), "fieldtype": "Int", "width": 130},
	]
