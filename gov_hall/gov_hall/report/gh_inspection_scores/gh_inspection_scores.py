# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt
"""督查得分: submitted inspections per window or staff member (average and lowest score rate, open
corrections, last inspection), or the share of the points obtained on each conduct norm.

One query reads the submitted inspections of the period, or, by norm, their checklist items joined
to them; the figures are computed in pandas (gov_hall.rules.voice_stats). A window inspection has no
staff member: grouped by staff it is the unnamed group.
"""

import frappe
import pandas as pd
from frappe import _
from frappe.query_builder import DocType
from frappe.utils import cint

from gov_hall.rules.case_stats import records
from gov_hall.rules.voice_stats import (
	chart_labels,
	inspection_table,
	inspection_total,
	multi_chart,
	norm_table,
)
from gov_hall.utils.report_filters import apply_common, plain_filters, within

REF_DOCTYPE = "GH Inspection"
ITEM_DOCTYPE = "GH Inspection Item"
GROUPS = {"Window": "window", "Staff": "staff"}
GROUP_LINKS = {"Window": "GH Service Window", "Staff": "User"}
FIELDS = ["window", "staff", "staff_name", "score_rate", "correction_status", "inspection_date"]
ITEM_FIELDS = ["norm", "norm_title", "points", "max_points"]


def execute(filters: dict | None = None):
	filters = plain_filters(filters)
	group_by = filters.get("group_by") if filters.get("group_by") in GROUPS else "Window"
	if filters.get("inspection_type") and filters.inspection_type not in inspection_types():
		frappe.throw(
			_("Unknown inspection type: {0}").format(filters.inspection_type), title=_("Invalid Input")
		)
	inspections = load_inspections(filters)
	totals = inspection_total(inspections)
	if cint(filters.get("by_norm")):
		table = norm_table(load_items(filters))
		chart = multi_chart(
			chart_labels(table["norm_title"]) if len(table) else [],
			[(_("Points Share %"), list(table["points_share"]) if len(table) else [])],
			fieldtype="Percent",
		)
		return norm_columns(), records(table), None, chart, summary(totals)

	group = GROUPS[group_by]
	table = inspection_table(inspections, group)
	names = staff_names(inspections) if group_by == "Staff" else {}
	rows = records(table.rename(columns={group: "group"}))
	if group_by == "Staff":
		for row in rows:
			row["staff_name"] = names.get(row["group"]) or None
	if rows:
		# quoted, as Frappe's own total rows: the Link column shows it as text, not as a link
		rows.append({"group": "'" + _("Total") + "'", **totals, "bold": 1})
	chart = multi_chart(
		chart_labels(table[group], names, blank=_("Not Set")) if len(table) else [],
		[(_("Average Score Rate %"), list(table["avg_score_rate"]) if len(table) else [])],
		fieldtype="Percent",
	)
	return columns(group_by), rows, None, chart, summary(totals)


def inspection_types() -> list[str]:
	options = frappe.get_meta(REF_DOCTYPE).get_field("inspection_type").options or ""
	return [option for option in options.split("\n") if option]


def scoped(query, inspection, filters):
	"""Submitted inspections of the period that match the filters and the user's department scope."""
	query = query.where(inspection.docstatus == 1)
	if filters.get("inspection_type"):
		query = query.where(inspection.inspection_type == filters.inspection_type)
	query = within(query, inspection.inspection_date, filters)
	return apply_common(query, inspection, filters, REF_DOCTYPE)


def load_inspections(filters) -> pd.DataFrame:
	inspection = DocType(REF_DOCTYPE)
	query = frappe.qb.from_(inspection).select(*(inspection[f] for f in FIELDS))
	rows = scoped(query, inspection, filters).run()
	return pd.DataFrame(list(rows), columns=FIELDS)


def load_items(filters) -> pd.DataFrame:
	inspection, item = DocType(REF_DOCTYPE), DocType(ITEM_DOCTYPE)
	query = (
		frappe.qb.from_(item)
		.join(inspection)
		.on(
			(item.parent == inspection.name)
			& (item.parenttype == REF_DOCTYPE)
			& (item.parentfield == "items")
		)
		.select(*(item[f] for f in ITEM_FIELDS))
	)
	rows = scoped(query, inspection, filters).run()
	return pd.DataFrame(list(rows), columns=ITEM_FIELDS)


def staff_names(inspections: pd.DataFrame) -> dict:
	return {
		staff: name
		for staff, name in zip(inspections["staff"], inspections["staff_name"], strict=True)
		if staff and name
	}


def summary(totals: dict) -> list[dict]:
	return [
		{"label": _("Inspections"), "value": totals["inspections"], "datatype": "Int"},
		{
			"label": _("Average Score Rate %"),
			"value": totals["avg_score_rate"] or 0.0,
			"datatype": "Percent",
			"indicator": "green",
		},
		{
			"label": _("Lowest Score Rate %"),
			"value": totals["lowest_score_rate"] or 0.0,
			"datatype": "Percent",
			"indicator": "red",
		},
		{
			"label": _("Open Corrections"),
			"value": totals["open_corrections"],
			"datatype": "Int",
			"indicator": "orange",
		},
	]


def group_label(group_by: str) -> str:
	return {"Window": _("Service Window"), "Staff": _("Staff")}[group_by]


def columns(group_by: str) -> list[dict]:
	result = [
		{
			"fieldname": "group",
			"label": group_label(group_by),
			"fieldtype": "Link",
			"options": GROUP_LINKS[group_by],
			"width": 200,
		}
	]
	if group_by == "Staff":
		result.append(
			{"fieldname": "staff_name", "label": _("Staff Name"), "fieldtype": "Data", "width": 120}
		)
	return result + [
		{"fieldname": "inspections", "label": _("Inspections"), "fieldtype": "Int", "width": 100},
		{
			"fieldname": "avg_score_rate",
			"label": _("Average Score Rate %"),
			"fieldtype": "Percent",
			"width": 140,
		},
		{
			"fieldname": "lowest_score_rate",
			"label": _("Lowest Score Rate %"),
			"fieldtype": "Percent",
			"width": 140,
		},
		{"fieldname": "open_corrections", "label": _("Open Corrections"), "fieldtype": "Int", "width": 120},
		{"fieldname": "last_inspection", "label": _("Last Inspection"), "fieldtype": "Date", "width": 110},
	]


def norm_columns() -> list[dict]:
	return [
		{
			"fieldname": "norm",
			"label": _("Norm"),
			"fieldtype": "Link",
			"options": "GH Conduct Norm",
			"width": 80,
		},
		{"fieldname": "norm_title", "label": _("Norm Title"), "fieldtype": "Data", "width": 200},
		{"fieldname": "scored", "label": _("Times Scored"), "fieldtype": "Int", "width": 100},
		{
			"fieldname": "avg_points",
			"label": _("Average Points"),
			"fieldtype": "Float",
			"precision": 2,
			"width": 110,
		},
		{
			"fieldname": "avg_max_points",
			"label": _("Average Points Possible"),
			"fieldtype": "Float",
			"precision": 2,
			"width": 150,
		},
		{"fieldname": "points_share", "label": _("Points Share %"), "fieldtype": "Percent", "width": 120},
		{"fieldname": "marked_down", "label": _("Times Points Lost"), "fieldtype": "Int", "width": 120},
	]
