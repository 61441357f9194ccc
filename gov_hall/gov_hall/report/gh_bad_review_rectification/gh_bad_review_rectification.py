# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt
"""差评整改: bad reviews, their rectification in time and the follow-up calls, by department or
window; or the list of open rectifications past their due date.

One query reads the rectifications opened in the period; the counts and rates are computed in pandas
(gov_hall.rules.voice_stats). A rectification closed by an upheld appeal is counted only as a bad
review and as appeal upheld. Overdue means still open with the due date before today.
"""

import frappe
import pandas as pd
from frappe import _
from frappe.query_builder import DocType
from frappe.utils import cint, getdate

from gov_hall.rules.case_stats import records
from gov_hall.rules.voice_stats import (
	chart_labels,
	multi_chart,
	overdue_rectifications,
	rectification_table,
	rectification_total,
)
from gov_hall.utils.clock import nowdate
from gov_hall.utils.report_filters import apply_common, plain_filters, within

REF_DOCTYPE = "GH Rectification"
GROUPS = {"Department": "department", "Window": "window"}
GROUP_LINKS = {"Department": "GH Stationed Department", "Window": "GH Service Window"}
FIELDS = [
	"name",
	"level",
	"department",
	"window",
	"staff",
	"staff_name",
	"opened_on",
	"due_date",
	"status",
	"handling",
	"handled_in_time",
	"follow_up_required",
	"follow_up_result",
]


def execute(filters: dict | None = None):
	filters = plain_filters(filters)
	group_by = filters.get("group_by") if filters.get("group_by") in GROUPS else "Department"
	group = GROUPS[group_by]
	today = getdate(nowdate())
	rects = load_rectifications(filters)
	table = rectification_table(rects, group, today)
	totals = rectification_total(table)
	chart = progress_chart(table, group)
	if cint(filters.get("only_overdue")):
		listed = overdue_columns()
		overdue = overdue_rectifications(rects, today)[[column["fieldname"] for column in listed]]
		return listed, records(overdue), None, chart, summary(totals)

	rows = records(table.rename(columns={group: "group"}))
	if rows:
		# quoted, as Frappe's own total rows: the Link column shows it as text, not as a link
		rows.append({"group": "'" + _("Total") + "'", **totals, "bold": 1})
	return columns(group_by), rows, None, chart, summary(totals)


def load_rectifications(filters) -> pd.DataFrame:
	rect = DocType(REF_DOCTYPE)
	query = (
		frappe.qb.from_(rect).select(*(rect[f] for f in FIELDS)).orderby(rect.opened_on).orderby(rect.name)
	)
	query = within(query, rect.opened_on, filters)
	rows = apply_common(query, rect, filters, REF_DOCTYPE).run()
	return pd.DataFrame(list(rows), columns=FIELDS)


def progress_chart(table: pd.DataFrame, group: str) -> dict:
	"""Handled, open and overdue bad reviews per group, side by side."""
	labels = chart_labels(table[group], blank=_("Not Set")) if len(table) else []
	return multi_chart(
		labels,
		[
			(_("Handled"), [int(v) for v in table["handled"]] if len(table) else []),
			(_("Open Rectification"), [int(v) for v in table["open"]] if len(table) else []),
			(_("Overdue"), [int(v) for v in table["overdue"]] if len(table) else []),
		],
		colors=["#28a745", "#ffc107", "#dc3545"],
	)


def summary(totals: dict) -> list[dict]:
	return [
		{"label": _("Bad Reviews"), "value": totals["bad_reviews"], "datatype": "Int"},
		{
			"label": _("Rectification Rate %"),
			"value": totals["rectification_rate"] or 0.0,
			"datatype": "Percent",
			"indicator": "green",
		},
		{
			"label": _("On-Time Handling Rate %"),
			"value": totals["on_time_rate"] or 0.0,
			"datatype": "Percent",
		},
		{"label": _("Follow-up Rate %"), "value": totals["follow_up_rate"] or 0.0, "datatype": "Percent"},
		{"label": _("Open Rectification"), "value": totals["open"], "datatype": "Int", "indicator": "orange"},
		{"label": _("Overdue"), "value": totals["overdue"], "datatype": "Int", "indicator": "red"},
	]


def group_label(group_by: str) -> str:
	return {"Department": _("Department"), "Window": _("Service Window")}[group_by]


def columns(group_by: str) -> list[dict]:
	return [
		{
			"fieldname": "group",
			"label": group_label(group_by),
			"fieldtype": "Link",
			"options": GROUP_LINKS[group_by],
			"width": 200,
		},
		{"fieldname": "bad_reviews", "label": _("Bad Reviews"), "fieldtype": "Int", "width": 100},
		{"fieldname": "handled", "label": _("Handled"), "fieldtype": "Int", "width": 90},
		{"fieldname": "handled_in_time", "label": _("Handled in Time"), "fieldtype": "Int", "width": 120},
		{
			"fieldname": "rectification_rate",
			"label": _("Rectification Rate %"),
			"fieldtype": "Percent",
			"width": 130,
		},
		{
			"fieldname": "on_time_rate",
			"label": _("On-Time Handling Rate %"),
			"fieldtype": "Percent",
			"width": 120,
		},
		{
			"fieldname": "follow_ups_required",
			"label": _("Follow-ups Required"),
			"fieldtype": "Int",
			"width": 130,
		},
		{"fieldname": "followed_up", "label": _("Followed Up"), "fieldtype": "Int", "width": 100},
		{"fieldname": "follow_up_rate", "label": _("Follow-up Rate %"), "fieldtype": "Percent", "width": 120},
		{
			"fieldname": "satisfied_with_fix",
			"label": _("Satisfied with the Fix"),
			"fieldtype": "Int",
			"width": 140,
		},
		{"fieldname": "open", "label": _("Open Rectification"), "fieldtype": "Int", "width": 80},
		{"fieldname": "overdue", "label": _("Overdue"), "fieldtype": "Int", "width": 90},
		{"fieldname": "appeal_upheld", "label": _("Appeal Upheld"), "fieldtype": "Int", "width": 110},
	]


def overdue_columns() -> list[dict]:
	return [
		{
			"fieldname": "name",
			"label": _("Rectification"),
			"fieldtype": "Link",
			"options": REF_DOCTYPE,
			"width": 140,
		},
		{"fieldname": "level", "label": _("Rating"), "fieldtype": "Data", "width": 110},
		{
			"fieldname": "department",
			"label": _("Department"),
			"fieldtype": "Link",
			"options": "GH Stationed Department",
			"width": 160,
		},
		{
			"fieldname": "window",
			"label": _("Service Window"),
			"fieldtype": "Link",
			"options": "GH Service Window",
			"width": 120,
		},
		{"fieldname": "staff", "label": _("Staff"), "fieldtype": "Link", "options": "User", "width": 160},
		{"fieldname": "staff_name", "label": _("Staff Name"), "fieldtype": "Data", "width": 100},
		{"fieldname": "opened_on", "label": _("Opened On"), "fieldtype": "Date", "width": 100},
		{"fieldname": "due_date", "label": _("Rectify By"), "fieldtype": "Date", "width": 100},
		{"fieldname": "days_overdue", "label": _("Days Overdue"), "fieldtype": "Int", "width": 100},
	]
