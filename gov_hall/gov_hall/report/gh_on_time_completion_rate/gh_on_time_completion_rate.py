# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt
"""按时办结率: completed cases on time against their due date, by department, window or matter."""

import frappe
import pandas as pd
from frappe import _
from frappe.query_builder import DocType
from frappe.utils import nowdate

from gov_hall.rules.case_stats import bar_chart, on_time_table, rate
from gov_hall.setup.workflows import CLOCK_STATES, COMPLETED
from gov_hall.utils.report_filters import apply_common, date_range

GROUPS = {"Department": "department", "Window": "window", "Matter": "matter_name"}


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	group = GROUPS.get(filters.get("group_by") or "Department", "department")
	completed = completed_cases(filters)
	table = on_time_table(completed, group)
	overdue = open_overdue_counts(filters, group)
	table["open_overdue"] = [int(overdue.get(key, 0)) for key in table[group]] if len(table) else []
	rows = table.rename(columns={group: "group"}).to_dict("records")
	if rows:
		rows.append(total_row(table))
	chart = bar_chart(
		[str(r["group"]) for r in rows[:-1]], [r["on_time_rate"] for r in rows[:-1]], _("On-Time Rate %")
	)
	summary = summary_cards(table)
	return columns(filters.get("group_by") or "Department"), rows, None, chart, summary


def completed_cases(filters) -> pd.DataFrame:
	case = DocType("GH Case")
	from_date, to_date = date_range(filters)
	query = (
		frappe.qb.from_(case)
		.select(case.department, case.window, case.matter_name, case.completed_on_time)
		.where(case.status == COMPLETED)
		.where(case.completed_on >= from_date)
		.where(case.completed_on < frappe.utils.add_days(to_date, 1))
	)
	rows = apply_common(query, case, filters).run()
	return pd.DataFrame(list(rows), columns=["department", "window", "matter_name", "completed_on_time"])


def open_overdue_counts(filters, group: str) -> dict:
	case = DocType("GH Case")
	field = case[group]
	query = (
		frappe.qb.from_(case)
		.select(field, frappe.query_builder.functions.Count("*"))
		.where(case.status.isin(CLOCK_STATES))
		.where(case.due_date < nowdate())
		.groupby(field)
	)
	return dict(apply_common(query, case, filters).run())


def total_row(table: pd.DataFrame) -> dict:
	completed, on_time = int(table["completed"].sum()), int(table["on_time"].sum())
	return {
		"group": _("Total"),
		"completed": completed,
		"on_time": on_time,
		"late": completed - on_time,
		"on_time_rate": rate(on_time, completed),
		"open_overdue": int(table["open_overdue"].sum()),
		"bold": 1,
	}


def summary_cards(table: pd.DataFrame) -> list[dict]:
	completed, on_time = int(table["completed"].sum()), int(table["on_time"].sum())
	return [
		{"label": _("Completed"), "value": completed, "datatype": "Int"},
		{
			"label": _("On-Time Rate %"),
			"value": rate(on_time, completed),
			"datatype": "Float",
			"indicator": "green",
		},
		{
			"label": _("Open and Overdue"),
			"value": int(table["open_overdue"].sum()),
			"datatype": "Int",
			"indicator": "red",
		},
	]


def columns(group_by: str) -> list[dict]:
	group_column = {
		"Department": {"fieldtype": "Link", "options": "GH Stationed Department"},
		"Window": {"fieldtype": "Link", "options": "GH Service Window"},
		"Matter": {"fieldtype": "Data"},
	}[group_by if group_by in GROUPS else "Department"]
	return [
		{"fieldname": "group", "label": _(group_by), "width": 220, **group_column},
		{"fieldname": "completed", "label": _("Completed"), "fieldtype": "Int", "width": 110},
		{"fieldname": "on_time", "label": _("Completed On Time"), "fieldtype": "Int", "width": 130},
		{"fieldname": "late", "label": _("Completed Late"), "fieldtype": "Int", "width": 120},
		{"fieldname": "on_time_rate", "label": _("On-Time Rate %"), "fieldtype": "Percent", "width": 120},
		{"fieldname": "open_overdue", "label": _("Open and Overdue"), "fieldtype": "Int", "width": 130},
	]
