# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt
"""投诉分析: complaints by category (or department, window, month) and verification result, with the
substantiated rate, replies in time and the deduction points they carry.

One query reads the complaints received in the period; the figures are computed in pandas
(gov_hall.rules.voice_stats). Integrity complaints and complaints about the hall itself (no
department) are counted only for managers, as only managers may see them
(gov_hall.voice.permissions).
"""

import frappe
import pandas as pd
from frappe import _
from frappe.query_builder import DocType

from gov_hall.rules import complaints as rules
from gov_hall.rules.case_stats import records
from gov_hall.rules.voice_stats import (
	RESULT_FIELDS,
	chart_labels,
	complaint_table,
	complaint_total,
	months_of,
	multi_chart,
)
from gov_hall.utils.report_filters import apply_common, plain_filters, within
from gov_hall.voice.permissions import is_manager

REF_DOCTYPE = "GH Complaint"
GROUPS = {"Category": "category", "Department": "department", "Window": "window", "Month": "month"}
GROUP_LINKS = {"Department": "GH Stationed Department", "Window": "GH Service Window"}
FIELDS = [
	"category",
	"department",
	"window",
	"received_on",
	"verification_result",
	"replied_on",
	"replied_in_time",
	"deduction_points",
]
RESULT_COLORS = ["#dc3545", "#fd7e14", "#28a745", "#adb5bd"]


def execute(filters: dict | None = None):
	filters = plain_filters(filters)
	group_by = filters.get("group_by") if filters.get("group_by") in GROUPS else "Category"
	if filters.get("source") and filters.source not in sources():
		frappe.throw(_("Unknown complaint source: {0}").format(filters.source), title=_("Invalid Input"))
	complaints = load_complaints(filters)
	complaints["month"] = months_of(complaints["received_on"]).to_numpy() if len(complaints) else []
	group = GROUPS[group_by]
	order = None
	if group_by == "Category":
		order = rules.CATEGORIES
	elif group_by == "Month":
		order = sorted(set(complaints["month"]))
	table = complaint_table(complaints, group, order)
	totals = complaint_total(complaints)

	rows = records(table.rename(columns={group: "group"}))
	if rows:
		rows.append({"group": total_label(group_by), **totals, "bold": 1})
	return columns(group_by), rows, None, chart(table, group, group_by), summary(totals)


def sources() -> list[str]:
	options = frappe.get_meta(REF_DOCTYPE).get_field("source").options or ""
	return [option for option in options.split("\n") if option]


def load_complaints(filters) -> pd.DataFrame:
	complaint = DocType(REF_DOCTYPE)
	query = frappe.qb.from_(complaint).select(*(complaint[f] for f in FIELDS))
	if filters.get("source"):
		query = query.where(complaint.source == filters.source)
	if not is_manager():
		# integrity complaints and complaints about the hall itself are for managers only
		query = (
			query.where(complaint.category != rules.INTEGRITY)
			.where(complaint.department.isnotnull())
			.where(complaint.department != "")
		)
	query = within(query, complaint.received_on, filters)
	rows = apply_common(query, complaint, filters, REF_DOCTYPE).run()
	return pd.DataFrame(list(rows), columns=FIELDS)


def category_labels() -> dict[str, str]:
	return {
		"Service Attitude": _("Service Attitude"),
		"Efficiency": _("Efficiency"),
		"Integrity": _("Integrity"),
		"Competence": _("Competence"),
		"Facilities": _("Facilities"),
		"Other": _("Other"),
	}


def result_labels() -> list[str]:
	return [_("Substantiated"), _("Partly Substantiated"), _("Unsubstantiated"), _("Pending Verification")]


def chart(table: pd.DataFrame, group: str, group_by: str) -> dict:
	"""Complaints per group, stacked by verification result."""
	names = category_labels() if group_by == "Category" else None
	labels = chart_labels(table[group], names, blank=_("Not Set")) if len(table) else []
	datasets = [
		(label, [int(v) for v in table[field]] if len(table) else [])
		for label, field in zip(result_labels(), RESULT_FIELDS, strict=True)
	]
	return multi_chart(labels, datasets, stacked=True, colors=RESULT_COLORS)


def summary(totals: dict) -> list[dict]:
	return [
		{"label": _("Complaints"), "value": totals["total"], "datatype": "Int"},
		{
			"label": _("Substantiated Rate %"),
			"value": totals["substantiated_rate"] or 0.0,
			"datatype": "Percent",
			"indicator": "red",
		},
		{
			"label": _("Reply On-Time Rate %"),
			"value": totals["reply_on_time_rate"] or 0.0,
			"datatype": "Percent",
			"indicator": "green",
		},
		{
			"label": _("Pending Verification"),
			"value": totals["pending"],
			"datatype": "Int",
			"indicator": "orange",
		},
		{"label": _("Deduction Points"), "value": totals["deduction_points"], "datatype": "Float"},
	]


def total_label(group_by: str) -> str:
	"""Quoted in a Link column, as Frappe's own total rows, so that it shows as text, not as a link."""
	return "'" + _("Total") + "'" if group_by in GROUP_LINKS else _("Total")


def group_label(group_by: str) -> str:
	return {
		"Category": _("Category"),
		"Department": _("Department"),
		"Window": _("Service Window"),
		"Month": _("Month"),
	}[group_by]


def columns(group_by: str) -> list[dict]:
	group = {"fieldname": "group", "label": group_label(group_by), "width": 180}
	if group_by in GROUP_LINKS:
		group.update({"fieldtype": "Link", "options": GROUP_LINKS[group_by]})
	else:
		group["fieldtype"] = "Data"
	result = [group]
	result += [
		{"fieldname": field, "label": label, "fieldtype": "Int", "width": 110}
		for field, label in zip(RESULT_FIELDS, result_labels(), strict=True)
	]
	result += [
		{"fieldname": "total", "label": _("Total"), "fieldtype": "Int", "width": 80},
		{
			"fieldname": "substantiated_rate",
			"label": _("Substantiated Rate %"),
			"fieldtype": "Percent",
			"width": 130,
		},
		{"fieldname": "replied", "label": _("Replied"), "fieldtype": "Int", "width": 80},
		{"fieldname": "replied_in_time", "label": _("Replied in Time"), "fieldtype": "Int", "width": 110},
		{
			"fieldname": "reply_on_time_rate",
			"label": _("Reply On-Time Rate %"),
			"fieldtype": "Percent",
			"width": 140,
		},
		{
			"fieldname": "deduction_points",
			"label": _("Deduction Points"),
			"fieldtype": "Float",
			"precision": 2,
			"width": 120,
		},
	]
	return result
