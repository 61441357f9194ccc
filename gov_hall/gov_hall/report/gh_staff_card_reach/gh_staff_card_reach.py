# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt
"""亮牌评价: the ratings and complaints that reached the hall through staff cards (挂牌上岗, the QR
code of the badge), per staff member or department, in a date range: ratings, bad reviews,
satisfaction rate, complaints and verified complaints.

A rating or complaint reached through a card carries the card's staff member (``via_card``); the
staff member's hall, department and window give the filters and the department scope (a chief
representative sees their own department only). A rating taken out by an upheld appeal does not
count, as in the satisfaction report.
"""

import frappe
from frappe import _
from frappe.query_builder import DocType
from frappe.query_builder.functions import Count

from gov_hall.rules import ratings as rules
from gov_hall.rules.complaints import PARTLY_SUBSTANTIATED, SUBSTANTIATED
from gov_hall.utils.report_filters import apply_common, plain_filters, within

REF_DOCTYPE = "GH Service Rating"
STAFF = "GH Window Staff"
GROUPS = {"Staff": "name", "Department": "department"}
GROUP_LINKS = {"Staff": STAFF, "Department": "GH Stationed Department"}
VERIFIED = (SUBSTANTIATED, PARTLY_SUBSTANTIATED)
FIGURES = ("ratings", "bad_reviews", "complaints", "verified_complaints")


def execute(filters: dict | None = None):
	filters = plain_filters(filters)
	group_by = filters.get("group_by") if filters.get("group_by") in GROUPS else "Staff"
	rows = reach_rows(filters, group_by)
	totals = total_of(rows)
	data = list(rows)
	if data:
		data.append({"group": "'" + _("Total") + "'", **totals, "bold": 1})
	return columns(group_by), data, None, chart(rows, group_by), summary(totals)


def rating_counts(filters, group_by: str) -> list:
	rating, staff = DocType(REF_DOCTYPE), DocType(STAFF)
	key = staff[GROUPS[group_by]]
	query = (
		frappe.qb.from_(rating)
		.join(staff)
		.on(staff.name == rating.via_card)
		.select(key, rating.level, Count("*"))
		.where(rating.counts_in_scores == 1)
		.groupby(key, rating.level)
	)
	query = within(query, rating.rated_on, filters)
	return apply_common(query, staff, filters, REF_DOCTYPE).run()


def complaint_counts(filters, group_by: str) -> list:
	complaint, staff = DocType("GH Complaint"), DocType(STAFF)
	key = staff[GROUPS[group_by]]
	query = (
		frappe.qb.from_(complaint)
		.join(staff)
		.on(staff.name == complaint.via_card)
		.select(key, complaint.verification_result, Count("*"))
		.groupby(key, complaint.verification_result)
	)
	query = within(query, complaint.received_on, filters)
	return apply_common(query, staff, filters, "GH Complaint").run()


def staff_details(names) -> dict:
	names = [name for name in names if name]
	if not names:
		return {}
	rows = frappe.get_all(
		STAFF,
		filters={"name": ["in", names]},
		fields=["name", "full_name", "department"],
		ignore_permissions=True,
	)
	return {row.name: row for row in rows}


def reach_rows(filters, group_by: str) -> list[dict]:
	levels: dict[str, dict] = {}
	for key, level, count in rating_counts(filters, group_by):
		levels.setdefault(key, {})[level] = levels.get(key, {}).get(level, 0) + count
	complaints: dict[str, list[int]] = {}
	for key, result, count in complaint_counts(filters, group_by):
		entry = complaints.setdefault(key, [0, 0])
		entry[0] += count
		if result in VERIFIED:
			entry[1] += count
	keys = sorted(set(levels) | set(complaints), key=lambda key: key or "")
	details = staff_details(keys) if group_by == "Staff" else {}
	rows = []
	for key in keys:
		counts = levels.get(key, {})
		row = {
			"group": key,
			"ratings": sum(counts.values()),
			"bad_reviews": sum(counts.get(level, 0) for level in rules.BAD_LEVELS),
			"satisfaction_rate": rules.satisfaction_rate(counts),
			"complaints": complaints.get(key, [0, 0])[0],
			"verified_complaints": complaints.get(key, [0, 0])[1],
		}
		if group_by == "Staff":
			detail = details.get(key) or {}
			row["staff_name"] = detail.get("full_name")
			row["department"] = detail.get("department")
		rows.append(row)
	# the most complained about and the worst rated first
	rows.sort(key=lambda row: (-row["verified_complaints"], -row["bad_reviews"], -row["ratings"]))
	return rows


def total_of(rows: list[dict]) -> dict:
	totals = {field: sum(row[field] for row in rows) for field in FIGURES}
	rated = totals["ratings"]
	totals["satisfaction_rate"] = round(100.0 * (rated - totals["bad_reviews"]) / rated, 2) if rated else None
	return totals


def chart(rows: list[dict], group_by: str) -> dict | None:
	if not rows:
		return None
	shown = rows[:20]
	labels = [
		(row.get("staff_name") if group_by == "Staff" else None) or row["group"] or _("Not Set")
		for row in shown
	]
	return {
		"data": {
			"labels": labels,
			"datasets": [
				{"name": _("Ratings"), "values": [row["ratings"] for row in shown]},
				{"name": _("Bad Reviews"), "values": [row["bad_reviews"] for row in shown]},
				{"name": _("Complaints"), "values": [row["complaints"] for row in shown]},
			],
		},
		"type": "bar",
		"colors": ["#28a745", "#fd7e14", "#dc3545"],
	}


def summary(totals: dict) -> list[dict]:
	return [
		{"label": _("Ratings via Staff Cards"), "value": totals["ratings"], "datatype": "Int"},
		{
			"label": _("Satisfaction Rate %"),
			"value": totals["satisfaction_rate"] or 0.0,
			"datatype": "Percent",
			"indicator": "green",
		},
		{"label": _("Bad Reviews"), "value": totals["bad_reviews"], "datatype": "Int", "indicator": "red"},
		{"label": _("Complaints via Staff Cards"), "value": totals["complaints"], "datatype": "Int"},
		{
			"label": _("Verified Complaints"),
			"value": totals["verified_complaints"],
			"datatype": "Int",
			"indicator": "red",
		},
	]


def columns(group_by: str) -> list[dict]:
	if group_by == "Staff":
		result = [
			{"fieldname": "group", "label": _("Staff"), "fieldtype": "Link", "options": STAFF, "width": 180},
			{"fieldname": "staff_name", "label": _("Staff Name"), "fieldtype": "Data", "width": 120},
			{
				"fieldname": "department",
				"label": _("Department"),
				"fieldtype": "Link",
				"options": "GH Stationed Department",
				"width": 180,
			},
		]
	else:
		result = [
			{
				"fieldname": "group",
				"label": _("Department"),
				"fieldtype": "Link",
				"options": GROUP_LINKS[group_by],
				"width": 200,
			}
		]
	result += [
		{"fieldname": "ratings", "label": _("Ratings"), "fieldtype": "Int", "width": 90},
		{"fieldname": "bad_reviews", "label": _("Bad Reviews"), "fieldtype": "Int", "width": 90},
		{
			"fieldname": "satisfaction_rate",
			"label": _("Satisfaction Rate %"),
			"fieldtype": "Percent",
			"width": 120,
		},
		{"fieldname": "complaints", "label": _("Complaints"), "fieldtype": "Int", "width": 90},
		{
			"fieldname": "verified_complaints",
			"label": _("Verified Complaints"),
			"fieldtype": "Int",
			"width": 120,
		},
	]
	return result
