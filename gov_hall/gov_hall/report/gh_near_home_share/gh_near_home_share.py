# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt
"""就近办理占比: of the cases of county matters (matters of departments stationed at a county or city
hall, other than those handled fully at the township), the share received at township halls and
village service points rather than at the county (issue 16), per matter or per receiving hall.

Per matter: the cases received in the period at the county, at township halls and at village points,
and the near-home share (township + village of all). Per receiving hall: the cases each hall received
and their share of all the county matters' cases in view. A case counts where the citizen applied
(its ``hall``); cancelled cases are left out. A chief representative sees the cases of their
department(s), receiving or handling.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.query_builder import DocType
from frappe.query_builder.functions import Count

from gov_hall.rules.cross_hall_stats import share
from gov_hall.utils import report_scaffold as scaffold
from gov_hall.utils.cross_hall_reports import CANCELLED, in_scope, matter_names
from gov_hall.utils.report_filters import plain_filters, within

COUNTY_LEVELS = ("County Hall", "City Hall")
TOWNSHIP = "Branch Hall"
VILLAGE = "Village Service Point"
TOWNSHIP_MATTERS = "Township"
LEVELS = ("County Only", "County–Township", "County-Wide")
GROUPS = ("Matter", "Receiving Hall")


def execute(filters: dict | None = None):
	filters = plain_filters(filters)
	group_by = scaffold.check_choice(filters.get("group_by") or "Matter", GROUPS, _("Unknown grouping: {0}"))
	if filters.get("handling_level"):
		scaffold.check_choice(filters.handling_level, LEVELS, _("Unknown handling level: {0}"))
	counts = read_counts(filters)
	total = sum(row.cases for row in counts)
	if group_by == "Matter":
		rows = by_matter(counts)
		totals = add_share(sum_rows(rows, ("cases", "at_county", "at_township", "at_village")))
	else:
		rows = by_hall(counts, total)
		totals = {"cases": total, "share": 100.0 if total else None}
	near_home = sum(row.cases for row in counts if row.near_home)
	rows.sort(key=lambda row: (-row["cases"], str(row["group"])))
	result = rows + ([scaffold.total_row(totals, linked=True)] if rows else [])
	return columns(group_by), result, None, chart(rows, group_by), summary(total, near_home, counts)


def read_counts(filters) -> list:
	"""Cases per matter and receiving hall, with the receiving hall's level and whether it is the
	matter's own (county) hall."""
	Case = DocType("GH Case")
	Matter = DocType("GH Service Matter")
	Department = DocType("GH Stationed Department")
	Handling = DocType("GH Service Hall").as_("handling")
	Receiving = DocType("GH Service Hall").as_("receiving")
	near_home = Case.hall != Department.hall
	query = (
		frappe.qb.from_(Case)
		.join(Matter)
		.on(Matter.name == Case.matter)
		.join(Department)
		.on(Department.name == Case.department)
		.join(Handling)
		.on(Handling.name == Department.hall)
		.left_join(Receiving)
		.on(Receiving.name == Case.hall)
		.select(
			Case.matter,
			Case.hall,
			Receiving.hall_level.as_("level"),
			Matter.handling_level,
			near_home.as_("near_home"),
			Count("*").as_("cases"),
		)
		.where(Case.status != CANCELLED)
		.where(Handling.hall_level.isin(COUNTY_LEVELS))
		.where(Matter.handling_level != TOWNSHIP_MATTERS)
		.groupby(Case.matter, Case.hall, Receiving.hall_level, Matter.handling_level, near_home)
	)
	if filters.get("county"):
		query = query.where(Department.hall == filters.county)
	if filters.get("handling_level"):
		query = query.where(Matter.handling_level == filters.handling_level)
	for field in ("hall", "department", "matter"):
		if filters.get(field):
			query = query.where(Case[field] == filters[field])
	query = in_scope(within(query, Case.received_on, filters), Case)
	return query.run(as_dict=True)


def by_matter(counts: list) -> list[dict]:
	rows: dict[str, dict] = {}
	for row in counts:
		entry = rows.setdefault(
			row.matter,
			{
				"group": row.matter,
				"handling_level": _(row.handling_level) if row.handling_level else None,
				"cases": 0,
				"at_county": 0,
				"at_township": 0,
				"at_village": 0,
			},
		)
		entry["cases"] += int(row.cases)
		if not row.near_home:
			entry["at_county"] += int(row.cases)
		elif row.level == VILLAGE:
			entry["at_village"] += int(row.cases)
		else:
			entry["at_township"] += int(row.cases)
	names = matter_names(rows)
	for entry in rows.values():
		entry["group_name"] = names.get(entry["group"])
		add_share(entry)
	return list(rows.values())


def add_share(row: dict) -> dict:
	row["near_home"] = row["at_township"] + row["at_village"]
	row["share"] = share(row["near_home"], row["cases"])
	return row


def sum_rows(rows: list[dict], fields: tuple) -> dict:
	return {field: sum(row[field] for row in rows) for field in fields}


def by_hall(counts: list, total: int) -> list[dict]:
	rows: dict[str, dict] = {}
	for row in counts:
		entry = rows.setdefault(
			row.hall,
			{
				"group": row.hall,
				"level": _(row.level) if row.level else None,
				"cases": 0,
				"near_home_flag": 0,
			},
		)
		entry["cases"] += int(row.cases)
		entry["near_home_flag"] = entry["near_home_flag"] or int(row.near_home)
	names = dict(
		frappe.get_all(
			"GH Service Hall",
			filters={"name": ["in", list(rows) or [""]]},
			fields=["name", "hall_name"],
			as_list=True,
		)
	)
	for entry in rows.values():
		entry["group_name"] = names.get(entry["group"])
		entry["share"] = share(entry["cases"], total)
		entry.pop("near_home_flag")
	return list(rows.values())


def chart(rows: list[dict], group_by: str) -> dict | None:
	names = {row["group"]: row.get("group_name") or row["group"] for row in rows}
	if group_by == "Matter":
		datasets = [
			(_("At the County"), "at_county"),
			(_("At Township Halls"), "at_township"),
			(_("At Village Points"), "at_village"),
		]
		return scaffold.group_chart(rows[:20], datasets, names, stacked=True)
	return scaffold.group_chart(rows[:20], [(_("Cases"), "cases")], names)


def summary(total: int, near_home: int, counts: list) -> list[dict]:
	village = sum(row.cases for row in counts if row.near_home and row.level == VILLAGE)
	return [
		scaffold.card(_("Cases of County Matters"), total),
		scaffold.card(_("Received Near Home"), near_home, indicator="green"),
		scaffold.card(_("At Village Points"), village, indicator="blue"),
		scaffold.card(_("Near-Home Share %"), share(near_home, total) or 0.0, "Percent", "green"),
	]


def columns(group_by: str) -> list[dict]:
	text, number = scaffold.text, scaffold.number
	if group_by == "Matter":
		return [
			scaffold.group_column(_("Matter"), "GH Service Matter", 140),
			text("group_name", _("Matter Name"), 200),
			text("handling_level", _("Handling Level"), 130),
			number("cases", _("Cases")),
			number("at_county", _("At the County")),
			number("at_township", _("At Township Halls"), width=130),
			number("at_village", _("At Village Points"), width=130),
			number("near_home", _("Received Near Home"), width=130),
			number("share", _("Near-Home Share %"), "Percent", 130),
		]
	return [
		scaffold.group_column(_("Receiving Hall"), "GH Service Hall", 140),
		text("group_name", _("Hall Name"), 200),
		text("level", _("Hall Level"), 130),
		number("cases", _("Cases")),
		number("share", _("Share of All %"), "Percent", 120),
	]
