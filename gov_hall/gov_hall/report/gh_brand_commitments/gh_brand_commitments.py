# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt
"""服务品牌承诺兑现: each brand's commitments measured over a year (gov_hall.brands.metrics):
the metric, target, actual figure and whether it was kept.

One query reads the brands under the filters and the user's department scope, one the brands'
commitments; each brand is then measured (one query per metric it names). The chart shows kept and
missed commitments per brand.
"""

import frappe
from frappe import _
from frappe.query_builder import DocType

from gov_hall.brands.metrics import measure_brand, year_period
from gov_hall.gov_hall.report.gh_service_brands.gh_service_brands import STATUSES
from gov_hall.rules import brand_metrics as rules
from gov_hall.rules.voice_stats import multi_chart
from gov_hall.utils.clock import today
from gov_hall.utils.report_filters import apply_common, plain_filters

REF_DOCTYPE = "GH Service Brand"
CHILD_DOCTYPE = "GH Brand Commitment"
BRAND_FIELDS = ["name", "brand_name", "hall", "department", "brand_for", "window", "status"]
KEPT_COLOR, MISSED_COLOR = "#28a745", "#dc3545"


def execute(filters: dict | None = None):
	filters = plain_filters(filters)
	if filters.get("status") and filters.status not in STATUSES:
		frappe.throw(_("Unknown brand status: {0}").format(filters.status), title=_("Invalid Input"))
	year = filters.get("year") or today().year
	period_from, period_to = year_period(year)
	rows = []
	for brand in load_brands(filters):
		for result in measure_brand(brand, period_from, period_to):
			rows.append(row(brand, result))
	return columns(), rows, None, chart(rows), summary(rows)


def load_brands(filters) -> list[frappe._dict]:
	"""The brands in scope, each with its commitments and windows, as measure_brand reads them."""
	brand = DocType(REF_DOCTYPE)
	query = frappe.qb.from_(brand).select(*(brand[f] for f in BRAND_FIELDS))
	if filters.get("status"):
		query = query.where(brand.status == filters.status)
	if filters.get("brand"):
		query = query.where(brand.name == filters.brand)
	brands = apply_common(query, brand, filters, REF_DOCTYPE).run(as_dict=True)
	if not brands:
		return []
	names = [b.name for b in brands]
	commitment = DocType(CHILD_DOCTYPE)
	children = (
		frappe.qb.from_(commitment)
		.select(
			commitment.parent,
			commitment.commitment,
			commitment.metric,
			commitment.target,
			commitment.param,
		)
		.where(commitment.parenttype == REF_DOCTYPE)
		.where(commitment.parentfield == "commitments")
		.where(commitment.parent.isin(names))
		.orderby(commitment.parent)
		.orderby(commitment.idx)
		.run(as_dict=True)
	)
	window = DocType("GH Brand Window")
	windows = (
		frappe.qb.from_(window)
		.select(window.parent, window.window)
		.where(window.parenttype == REF_DOCTYPE)
		.where(window.parent.isin(names))
		.run(as_dict=True)
	)
	for b in brands:
		b.commitments = [c for c in children if c.parent == b.name]
		b.windows = [w.window for w in windows if w.parent == b.name]
	brands.sort(key=lambda b: (b.brand_name or "", b.name))
	return brands


def row(brand, result: dict) -> dict:
	verdict = result["kept"]
	return {
		"brand": brand.name,
		"brand_name": brand.brand_name,
		"department": brand.department,
		"status": brand.status,
		"commitment": result["commitment"],
		"metric": result["metric"],
		"target": result["target"] if result["metric"] else None,
		"param": result["param"],
		"actual": result["actual"],
		"unit": rules.METRICS[result["metric"]].unit if result["metric"] else None,
		"result": _("Not Measured") if verdict is None else _("Fulfilled") if verdict else _("Missed"),
		"kept": None if verdict is None else int(verdict),
		"detail": result["detail"],
	}


def chart(rows: list[dict]) -> dict:
	labels, kept, missed, seen = [], [], [], {}
	for r in rows:
		if r["brand"] not in seen:
			seen[r["brand"]] = len(labels)
			labels.append(r["brand_name"] or r["brand"])
			kept.append(0)
			missed.append(0)
		index = seen[r["brand"]]
		if r["kept"] == 1:
			kept[index] += 1
		elif r["kept"] == 0:
			missed[index] += 1
	return multi_chart(
		labels,
		[(_("Fulfilled"), kept), (_("Missed"), missed)],
		stacked=True,
		colors=[KEPT_COLOR, MISSED_COLOR],
	)


def summary(rows: list[dict]) -> list[dict]:
	kept = sum(1 for r in rows if r["kept"] == 1)
	missed = sum(1 for r in rows if r["kept"] == 0)
	return [
		{"label": _("Brands"), "value": len({r["brand"] for r in rows}), "datatype": "Int"},
		{"label": _("Commitments"), "value": len(rows), "datatype": "Int"},
		{"label": _("Fulfilled"), "value": kept, "datatype": "Int", "indicator": "green"},
		{"label": _("Missed"), "value": missed, "datatype": "Int", "indicator": "red"},
		{
			"label": _("Not Measured"),
			"value": len(rows) - kept - missed,
			"datatype": "Int",
			"indicator": "grey",
		},
		{
			"label": _("Fulfilment Rate %"),
			"value": rules.rate(kept, kept + missed) or 0.0,
			"datatype": "Percent",
		},
	]


def columns() -> list[dict]:
	return [
		{
			"fieldname": "brand",
			"label": _("Service Brand"),
			"fieldtype": "Link",
			"options": "GH Service Brand",
			"width": 110,
		},
		{"fieldname": "brand_name", "label": _("Brand Name"), "fieldtype": "Data", "width": 160},
		{
			"fieldname": "department",
			"label": _("Department"),
			"fieldtype": "Link",
			"options": "GH Stationed Department",
			"width": 150,
		},
		{"fieldname": "status", "label": _("Status"), "fieldtype": "Select", "width": 90},
		{"fieldname": "commitment", "label": _("Commitment"), "fieldtype": "Data", "width": 220},
		{"fieldname": "metric", "label": _("Metric"), "fieldtype": "Select", "width": 160},
		{"fieldname": "target", "label": _("Target"), "fieldtype": "Float", "precision": 2, "width": 80},
		{"fieldname": "param", "label": _("Parameter"), "fieldtype": "Float", "precision": 0, "width": 80},
		{"fieldname": "actual", "label": _("Actual"), "fieldtype": "Float", "precision": 2, "width": 80},
		{"fieldname": "unit", "label": _("Unit"), "fieldtype": "Data", "width": 60},
		{"fieldname": "result", "label": _("Result"), "fieldtype": "Data", "width": 90},
		{"fieldname": "detail", "label": _("Detail"), "fieldtype": "Data", "width": 300},
	]
