# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt
"""服务品牌: the hall's service brands by status and review score, with the last review's outcome
and commitments kept and missed.

One query reads the brands under the filters and the user's department scope (a chief
representative sees their own departments' brands); the chart counts brands per status.
"""

import frappe
from frappe import _
from frappe.query_builder import DocType

from gov_hall.rules.case_stats import count_by
from gov_hall.utils.report_filters import apply_common, plain_filters

REF_DOCTYPE = "GH Service Brand"
# the order brands are listed and charted in: the hall's brands first, then the way to them
STATUSES = ["Named", "Warned", "Under Review", "Proposed", "Not Named", "Withdrawn"]
BRAND_FOR = ["Department", "Window"]
FIELDS = [
	"name",
	"brand_name",
	"hall",
	"department",
	"brand_for",
	"window",
	"status",
	"review_score",
	"named_on",
	"last_review_year",
	"last_review_outcome",
	"commitments_kept",
	"commitments_missed",
]


def execute(filters: dict | None = None):
	filters = validate_filters(plain_filters(filters))
	rows = load_brands(filters)
	return columns(), rows, None, chart(rows), summary(rows)


def validate_filters(filters):
	if filters.get("status") and filters.status not in STATUSES:
		frappe.throw(_("Unknown brand status: {0}").format(filters.status), title=_("Invalid Input"))
	if filters.get("brand_for") and filters.brand_for not in BRAND_FOR:
		frappe.throw(_("Unknown brand type: {0}").format(filters.brand_for), title=_("Invalid Input"))
	return filters


def load_brands(filters) -> list[dict]:
	brand = DocType(REF_DOCTYPE)
	query = frappe.qb.from_(brand).select(*(brand[f] for f in FIELDS))
	for field in ("status", "brand_for"):
		if filters.get(field):
			query = query.where(brand[field] == filters[field])
	rows = apply_common(query, brand, filters, REF_DOCTYPE).run(as_dict=True)
	rank = {status: index for index, status in enumerate(STATUSES)}
	rows.sort(
		key=lambda r: (
			rank.get(r.status, len(STATUSES)),
			-(r.review_score or 0),
			r.brand_name or "",
			r.name,
		)
	)
	return [dict(row) for row in rows]


def chart(rows: list[dict]) -> dict:
	counts = count_by((row["status"] for row in rows), STATUSES)
	shown = [(status, count) for status, count in zip(STATUSES, counts, strict=True) if count]
	return {
		"data": {
			"labels": [_(status) for status, _count in shown],
			"datasets": [{"name": _("Brands"), "values": [count for _status, count in shown]}],
		},
		"type": "bar",
	}


def summary(rows: list[dict]) -> list[dict]:
	counts = dict(zip(STATUSES, count_by((row["status"] for row in rows), STATUSES), strict=True))
	scored = [
		row["review_score"] for row in rows if row["status"] in ("Named", "Warned") and row["review_score"]
	]
	return [
		{"label": _("Brands"), "value": len(rows), "datatype": "Int"},
		{"label": _("Named Brands"), "value": counts["Named"], "datatype": "Int", "indicator": "green"},
		{"label": _("Warned Brands"), "value": counts["Warned"], "datatype": "Int", "indicator": "orange"},
		{
			"label": _("Brands in Progress"),
			"value": counts["Proposed"] + counts["Under Review"],
			"datatype": "Int",
			"indicator": "blue",
		},
		{
			"label": _("Average Score of Named Brands"),
			"value": round(sum(scored) / len(scored), 2) if scored else 0.0,
			"datatype": "Float",
		},
		{
			"label": _("Commitments Missed"),
			"value": sum(int(row["commitments_missed"] or 0) for row in rows if row["status"] != "Withdrawn"),
			"datatype": "Int",
			"indicator": "red",
		},
	]


def columns() -> list[dict]:
	return [
		{
			"fieldname": "name",
			"label": _("Service Brand"),
			"fieldtype": "Link",
			"options": "GH Service Brand",
			"width": 110,
		},
		{"fieldname": "brand_name", "label": _("Brand Name"), "fieldtype": "Data", "width": 180},
		{
			"fieldname": "department",
			"label": _("Department"),
			"fieldtype": "Link",
			"options": "GH Stationed Department",
			"width": 160,
		},
		{"fieldname": "brand_for", "label": _("Brand For"), "fieldtype": "Select", "width": 90},
		{
			"fieldname": "window",
			"label": _("Service Window"),
			"fieldtype": "Link",
			"options": "GH Service Window",
			"width": 110,
		},
		{"fieldname": "status", "label": _("Status"), "fieldtype": "Select", "width": 100},
		{
			"fieldname": "review_score",
			"label": _("Review Score"),
			"fieldtype": "Float",
			"precision": 2,
			"width": 100,
		},
		{"fieldname": "named_on", "label": _("Named On"), "fieldtype": "Date", "width": 100},
		{"fieldname": "last_review_year", "label": _("Last Review Year"), "fieldtype": "Int", "width": 100},
		{
			"fieldname": "last_review_outcome",
			"label": _("Last Review Outcome"),
			"fieldtype": "Select",
			"width": 120,
		},
		{"fieldname": "commitments_kept", "label": _("Commitments Kept"), "fieldtype": "Int", "width": 110},
		{
			"fieldname": "commitments_missed",
			"label": _("Commitments Missed"),
			"fieldtype": "Int",
			"width": 110,
		},
	]
