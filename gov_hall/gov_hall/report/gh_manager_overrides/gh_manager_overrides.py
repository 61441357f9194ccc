# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt
"""管理人员修改记录: every change a hall manager made to a controlled figure (a deadline or time limit,
an extension, an appeal decision, a verification result, deduction points, an assessment adjustment,
activity awards) in a quarter, with the reason, so that supervisors can audit the auditors.

One query over the GH Override Log (written by gov_hall.access.controlled), filtered by quarter,
manager, hall, department, window and document type; newest first.
"""

import frappe
from frappe import _
from frappe.query_builder import DocType

from gov_hall.rules.periods import QUARTER, quarter_of
from gov_hall.utils.clock import nowdate
from gov_hall.utils.report_filters import apply_common

REF_DOCTYPE = "GH Override Log"
FIELDS = [
	"changed_on",
	"manager",
	"manager_name",
	"reference_doctype",
	"reference_name",
	"field_label",
	"row_label",
	"from_value",
	"to_value",
	"reason",
	"window",
	"department",
	"hall",
	"quarter",
]


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	frappe.has_permission(REF_DOCTYPE, "read", throw=True)
	quarter = (filters.get("quarter") or "").strip() or quarter_of(frappe.utils.getdate(nowdate()))
	if not QUARTER.match(quarter):
		frappe.throw(_("Give the quarter as YYYY-Qn, for example 2026-Q1."), title=_("Invalid Input"))
	log = DocType(REF_DOCTYPE)
	query = frappe.qb.from_(log).select(*(log[f] for f in FIELDS)).where(log.quarter == quarter)
	for field in ("manager", "reference_doctype"):
		if filters.get(field):
			query = query.where(log[field] == filters[field])
	query = apply_common(query, log, filters)
	rows = query.orderby(log.changed_on, order=frappe.qb.desc).run(as_dict=True)
	for row in rows:
		row["field"] = _(row.pop("field_label") or "")
		if row.get("row_label"):
			row["field"] = f"{row['field']} ({row['row_label']})"
	return columns(), rows, None, None, summary(rows, quarter)


def columns() -> list[dict]:
	return [
		{"fieldname": "changed_on", "label": _("When"), "fieldtype": "Datetime", "width": 150},
		{"fieldname": "manager", "label": _("Manager"), "fieldtype": "Link", "options": "User", "width": 170},
		{"fieldname": "manager_name", "label": _("Manager Name"), "fieldtype": "Data", "width": 100},
		# Data, not a Link to DocType: a report's Link columns are checked against the reader's
		# permission on the linked doctype, and nobody but a System Manager reads DocType
		{"fieldname": "reference_doctype", "label": _("Document Type"), "fieldtype": "Data", "width": 140},
		{
			"fieldname": "reference_name",
			"label": _("Record"),
			"fieldtype": "Dynamic Link",
			"options": "reference_doctype",
			"width": 150,
		},
		{"fieldname": "field", "label": _("Field"), "fieldtype": "Data", "width": 160},
		{"fieldname": "from_value", "label": _("Old Value"), "fieldtype": "Data", "width": 110},
		{"fieldname": "to_value", "label": _("New Value"), "fieldtype": "Data", "width": 110},
		{"fieldname": "reason", "label": _("Reason"), "fieldtype": "Data", "width": 220},
		{
			"fieldname": "window",
			"label": _("Service Window"),
			"fieldtype": "Link",
			"options": "GH Service Window",
			"width": 120,
		},
		{
			"fieldname": "department",
			"label": _("Department"),
			"fieldtype": "Link",
			"options": "GH Stationed Department",
			"width": 150,
		},
	]


def summary(rows: list[dict], quarter: str) -> list[dict]:
	managers = {row["manager"] for row in rows}
	records = {(row["reference_doctype"], row["reference_name"]) for row in rows}
	return [
		{"label": _("Quarter"), "value": quarter, "datatype": "Data"},
		{"label": _("Overrides"), "value": len(rows), "datatype": "Int"},
		{"label": _("Managers"), "value": len(managers), "datatype": "Int"},
		{"label": _("Records Changed"), "value": len(records), "datatype": "Int"},
	]
