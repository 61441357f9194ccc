# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt
"""年度十佳服务标兵 / 先进工作者: a hall's staff over the year's published quarters.

十佳服务标兵 are the best yearly totals without a verified complaint that year; 先进工作者 were service
stars in at least the scheme's number of quarters (gov_hall.rules.assessment.annual_honours). The
counts come from the scheme of the year's newest published run. Only published runs count, for
everyone. Two queries: the year's runs, then their staff results.
"""

import frappe
from frappe import _
from frappe.utils import cint, flt

from gov_hall.assessment import rankings


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	hall, year = filters.get("hall"), rankings.check_year(filters.get("year"))
	if not (hall and year):
		latest = rankings.find_run(hall, None, 0)
		if not latest:
			return columns(), [], _("No published assessment yet."), None, []
		hall = hall or latest.hall
		year = year or int(latest.quarter[: rankings.YEAR_LENGTH])
	runs = rankings.year_runs(hall, year)
	if not runs:
		return columns(), [], _("No published assessment for {0}.").format(year), None, []
	scheme = rankings.with_annual_star_count(rankings.scheme_of(runs[0]), filters.get("top_n"))
	rows = rankings.annual_rows(rankings.quarter_results(hall, year), scheme)
	for row in rows:
		row.staff_name = row.staff_name or row.staff
	if cint(filters.get("only_honoured")):
		rows = [row for row in rows if row.is_top_star or row.is_advanced_worker]
	return columns(), rows, None, chart(rows), report_summary(hall, year, runs, rows)


def chart(rows: list[dict]) -> dict:
	stars = [row for row in rows if row.is_top_star]
	return {
		"data": {
			"labels": [row.staff_name for row in stars],
			"datasets": [{"name": _("Yearly Total"), "values": [flt(row.total) for row in stars]}],
		},
		"type": "bar",
		"colors": ["#e0a800"],
	}


def report_summary(hall: str, year: int, runs: list[dict], rows: list[dict]) -> list[dict]:
	return [
		{"label": _("Service Hall"), "value": hall, "datatype": "Data"},
		{"label": _("Year"), "value": str(year), "datatype": "Data"},
		{
			"label": _("Published Quarters"),
			"value": ", ".join(sorted(run.quarter for run in runs)),
			"datatype": "Data",
		},
		{
			"label": _("Top Ten Service Stars"),
			"value": sum(row.is_top_star for row in rows),
			"datatype": "Int",
			"indicator": "blue",
		},
		{
			"label": _("Advanced Workers"),
			"value": sum(row.is_advanced_worker for row in rows),
			"datatype": "Int",
			"indicator": "green",
		},
	]


def columns() -> list[dict]:
	def column(fieldname, label, fieldtype="Int", width=100, **extra):
		return {"fieldname": fieldname, "label": label, "fieldtype": fieldtype, "width": width, **extra}

	return [
		column("rank", _("Rank"), width=70),
		column("staff_name", _("Staff Name"), "Data", 120),
		column("staff", _("Staff"), "Link", 160, options="User"),
		column("department", _("Department"), "Link", 160, options="GH Stationed Department"),
		column("total", _("Yearly Total"), "Float", 110, precision=2),
		column("quarters", _("Quarters Assessed"), width=120),
		column("star_quarters", _("Quarters as Service Star"), width=150),
		column("eligible", _("Eligible"), "Check", 80),
		column("is_top_star", _("Top Ten Service Star"), "Check", 140),
		column("is_advanced_worker", _("Advanced Worker"), "Check", 120),
	]
