# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt
"""一次性告知违规: notices, violations and late first notices per window and staff member."""

import frappe
import pandas as pd
from frappe import _
from frappe.query_builder import DocType

from gov_hall.rules.case_stats import bar_chart, rate
from gov_hall.utils.report_filters import apply_common, date_range

FIELDS = [
	"name",
	"case",
	"window",
	"issued_by",
	"issued_on",
	"is_violation",
	"is_first_notice",
	"issued_in_time",
	"violation_items",
	"department",
]


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	notices = load_notices(filters)
	if filters.get("detail"):
		rows = notices[notices["is_violation"] == 1].to_dict("records") if len(notices) else []
		per_window = summarise(notices, ["window"])
		return detail_columns(), rows, None, chart(per_window)
	rows = summarise(notices, ["window", "issued_by"])
	return summary_columns(), rows.to_dict("records"), None, chart(summarise(notices, ["window"]))


def load_notices(filters) -> pd.DataFrame:
	notice = DocType("GH Supplement Notice")
	from_date, to_date = date_range(filters)
	query = (
		frappe.qb.from_(notice)
		.select(*(notice[f] for f in FIELDS))
		.where(notice.status != "Cancelled")
		.where(notice.issued_on >= from_date)
		.where(notice.issued_on < frappe.utils.add_days(to_date, 1))
		.orderby(notice.issued_on, order=frappe.qb.desc)
	)
	return pd.DataFrame(list(apply_common(query, notice, filters).run()), columns=FIELDS)


def summarise(notices: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
	if notices.empty:
		return pd.DataFrame(columns=[*keys, "notices", "violations", "violation_rate", "late_first_notices"])
	notices = notices.assign(
		late_first=((notices["is_first_notice"] == 1) & (notices["issued_in_time"] == 0)).astype(int)
	)
	table = (
		notices.groupby(keys, dropna=False)
		.agg(
			notices=("name", "size"),
			violations=("is_violation", "sum"),
			late_first_notices=("late_first", "sum"),
		)
		.reset_index()
	)
	table["violations"] = table["violations"].astype(int)
	table["late_first_notices"] = table["late_first_notices"].astype(int)
	table["violation_rate"] = [rate(v, n) for v, n in zip(table["violations"], table["notices"], strict=True)]
	return table.sort_values(["violations", *keys], ascending=[False] + [True] * len(keys)).reset_index(
		drop=True
	)


def chart(per_window: pd.DataFrame) -> dict:
	with_violations = per_window[per_window["violations"] > 0] if len(per_window) else per_window
	return bar_chart(
		[str(w) for w in with_violations.get("window", [])],
		[int(v) for v in with_violations.get("violations", [])],
		_("Violations"),
	)


def summary_columns() -> list[dict]:
	return [
		{
			"fieldname": "window",
			"label": _("Service Window"),
			"fieldtype": "Link",
			"options": "GH Service Window",
			"width": 140,
		},
		{"fieldname": "issued_by", "label": _("Staff"), "fieldtype": "Link", "options": "User", "width": 200},
		{"fieldname": "notices", "label": _("Notices"), "fieldtype": "Int", "width": 90},
		{"fieldname": "violations", "label": _("Violations"), "fieldtype": "Int", "width": 100},
		{"fieldname": "violation_rate", "label": _("Violation Rate %"), "fieldtype": "Percent", "width": 120},
		{
			"fieldname": "late_first_notices",
			"label": _("Late First Notices"),
			"fieldtype": "Int",
			"width": 130,
		},
	]


def detail_columns() -> list[dict]:
	return [
		{
			"fieldname": "name",
			"label": _("Supplement Notice"),
			"fieldtype": "Link",
			"options": "GH Supplement Notice",
			"width": 140,
		},
		{"fieldname": "case", "label": _("Case"), "fieldtype": "Link", "options": "GH Case", "width": 150},
		{
			"fieldname": "window",
			"label": _("Service Window"),
			"fieldtype": "Link",
			"options": "GH Service Window",
			"width": 130,
		},
		{"fieldname": "issued_by", "label": _("Staff"), "fieldtype": "Link", "options": "User", "width": 180},
		{"fieldname": "issued_on", "label": _("Issued On"), "fieldtype": "Datetime", "width": 150},
		{
			"fieldname": "violation_items",
			"label": _("Items Not In The First Notice"),
			"fieldtype": "Data",
			"width": 260,
		},
	]
