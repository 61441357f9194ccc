# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt
"""一次性告知违规: notices, violations and late first notices per window and staff member,
or the list of violating notices.

One query reads the period's notices (cancelled ones left out); grouping and rates are computed in
pandas (gov_hall.rules.case_stats).
"""

import frappe
import pandas as pd
from frappe import _
from frappe.query_builder import DocType

from gov_hall.rules.case_stats import records, table_chart, violation_table
from gov_hall.utils.report_filters import apply_common, within

REF_DOCTYPE = "GH Supplement Notice"
FIELDS = [
	"name",
	"case",
	"window",
	"department",
	"issued_by",
	"issued_on",
	"is_violation",
	"is_first_notice",
	"issued_in_time",
	"violation_items",
]


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	notices = load_notices(filters)
	per_window = violation_table(notices, ["window"])
	chart = table_chart(
		per_window,
		"window",
		"violations",
		_("Violations"),
		keep=per_window["violations"] > 0 if len(per_window) else None,
		blank=_("Not Set"),
	)
	if frappe.utils.cint(filters.get("detail")):
		violating = notices[notices["is_violation"] == 1] if len(notices) else notices
		return detail_columns(), records(violating), None, chart, summary(notices)
	rows = records(violation_table(notices, ["window", "issued_by"]))
	return summary_columns(), rows, None, chart, summary(notices)


def load_notices(filters, scoped: bool = True) -> pd.DataFrame:
	"""The period's notices (not cancelled) under the hall, department and window filters; with
	``scoped`` only those of the session user's departments (gov_hall.brands.metrics reads a brand's
	figures whoever looks, so it passes False)."""
	notice = DocType(REF_DOCTYPE)
	query = (
		frappe.qb.from_(notice)
		.select(*(notice[f] for f in FIELDS))
		.where(notice.status != "Cancelled")
		.orderby(notice.issued_on, order=frappe.qb.desc)
		.orderby(notice.name, order=frappe.qb.desc)
	)
	query = within(query, notice.issued_on, filters)
	rows = apply_common(query, notice, filters, REF_DOCTYPE if scoped else None).run()
	return pd.DataFrame(list(rows), columns=FIELDS)


def summary(notices: pd.DataFrame) -> list[dict]:
	totals = violation_table(notices.assign(all=1), ["all"]) if len(notices) else None
	row = totals.iloc[0] if totals is not None else None
	return [
		{"label": _("Notices"), "value": int(row["notices"]) if row is not None else 0, "datatype": "Int"},
		{
			"label": _("Violations"),
			"value": int(row["violations"]) if row is not None else 0,
			"datatype": "Int",
			"indicator": "red",
		},
		{
			"label": _("Violation Rate %"),
			"value": float(row["violation_rate"]) if row is not None else 0.0,
			"datatype": "Percent",
		},
		{
			"label": _("Late First Notices"),
			"value": int(row["late_first_notices"]) if row is not None else 0,
			"datatype": "Int",
			"indicator": "orange",
		},
	]


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
			"label": _("Materials Not Asked For Before"),
			"fieldtype": "Small Text",
			"width": 260,
		},
	]
