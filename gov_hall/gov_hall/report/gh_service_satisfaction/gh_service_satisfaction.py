# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt
"""好差评满意度: ratings per level, satisfaction rate and average score by department, window,
staff member or month.

One query counts the period's ratings per group, level and whether they count in scores (a rating
taken out by an upheld appeal does not; it is shown apart as excluded). The figures come from
gov_hall.rules.ratings through gov_hall.rules.voice_stats.
"""

import frappe
import pandas as pd
from frappe import _
from frappe.query_builder import DocType
from frappe.query_builder.functions import Count, Extract, Max
from pypika.enums import DatePart

from gov_hall.rules import ratings as rules
from gov_hall.rules.case_stats import records
from gov_hall.rules.voice_stats import (
	LEVEL_FIELDS,
	SHARE_FIELDS,
	chart_labels,
	month_key,
	multi_chart,
	satisfaction_table,
	satisfaction_total,
)
from gov_hall.utils.report_filters import apply_common, plain_filters, within

REF_DOCTYPE = "GH Service Rating"
GROUPS = {"Department": "department", "Window": "window", "Staff": "staff", "Month": "month"}
GROUP_LINKS = {"Department": "GH Stationed Department", "Window": "GH Service Window", "Staff": "User"}
# best to worst, as the levels
LEVEL_COLORS = ["#28a745", "#7cd6fd", "#ffc107", "#fd7e14", "#dc3545"]


def execute(filters: dict | None = None):
	filters = plain_filters(filters)
	group_by = filters.get("group_by") if filters.get("group_by") in GROUPS else "Department"
	if filters.get("channel") and filters.channel not in rules.CHANNELS:
		frappe.throw(_("Unknown rating channel: {0}").format(filters.channel), title=_("Invalid Input"))
	counts, staff_names = rating_counts(filters, group_by)
	table = satisfaction_table(counts, chronological=group_by == "Month")
	totals = satisfaction_total(table)

	rows = records(table)
	if group_by == "Staff":
		for row in rows:
			row["staff_name"] = staff_names.get(row["group"]) or None
	if rows:
		rows.append({"group": total_label(group_by), **totals, "bold": 1})
	return columns(group_by), rows, None, chart(table, group_by, staff_names), summary(totals)


def rating_counts(filters, group_by: str) -> tuple[pd.DataFrame, dict]:
	"""Ratings per group, level and counts_in_scores (one row each with its count), and the staff
	members' names when grouping by staff."""
	rating = DocType(REF_DOCTYPE)
	if group_by == "Month":
		keys = [Extract(DatePart.year, rating.rated_on), Extract(DatePart.month, rating.rated_on)]
	else:
		keys = [rating[GROUPS[group_by]]]
	extra = [Max(rating.staff_name)] if group_by == "Staff" else []
	query = (
		frappe.qb.from_(rating)
		.select(*keys, rating.level, rating.counts_in_scores, Count("*"), *extra)
		.groupby(*keys, rating.level, rating.counts_in_scores)
	)
	if filters.get("channel"):
		query = query.where(rating.channel == filters.channel)
	query = within(query, rating.rated_on, filters)
	rows = apply_common(query, rating, filters, REF_DOCTYPE).run()
	if group_by == "Month":
		rows = [(month_key(year, month), *rest) for year, month, *rest in rows]
	names = {}
	if group_by == "Staff":
		for row in rows:
			if row[0] and row[4]:
				names[row[0]] = row[4]
	frame = pd.DataFrame([row[:4] for row in rows], columns=["group", "level", "counts_in_scores", "count"])
	return frame, names


def level_labels() -> list[str]:
	return [
		_("Very Satisfied"),
		_("Satisfied"),
		_("Basically Satisfied"),
		_("Dissatisfied"),
		_("Very Dissatisfied"),
	]


def chart(table: pd.DataFrame, group_by: str, staff_names: dict) -> dict:
	"""Satisfaction rate by month as a line; otherwise the level counts per group, stacked."""
	shown = table[table["total"] > 0] if len(table) else table
	labels = chart_labels(shown["group"], staff_names, blank=_("Not Set"))
	if group_by == "Month":
		return multi_chart(
			labels,
			[(_("Satisfaction Rate %"), list(shown["satisfaction_rate"]))],
			kind="line",
			fieldtype="Percent",
			limit=36,
		)
	datasets = [
		(label, [int(v) for v in shown[field]])
		for label, field in zip(level_labels(), LEVEL_FIELDS, strict=True)
	]
	return multi_chart(labels, datasets, stacked=True, colors=LEVEL_COLORS)


def summary(totals: dict) -> list[dict]:
	bad = totals["dissatisfied"] + totals["very_dissatisfied"]
	return [
		{"label": _("Ratings Counted"), "value": totals["total"], "datatype": "Int"},
		{
			"label": _("Satisfaction Rate %"),
			"value": totals["satisfaction_rate"] or 0.0,
			"datatype": "Percent",
			"indicator": "green",
		},
		{"label": _("Average Score"), "value": totals["average_score"] or 0.0, "datatype": "Float"},
		{"label": _("Bad Reviews"), "value": bad, "datatype": "Int", "indicator": "red"},
		{
			"label": _("Excluded by Appeal"),
			"value": totals["excluded"],
			"datatype": "Int",
			"indicator": "grey",
		},
	]


def total_label(group_by: str) -> str:
	"""Quoted in a Link column, as Frappe's own total rows, so that it shows as text, not as a link."""
	return "'" + _("Total") + "'" if group_by in GROUP_LINKS else _("Total")


def group_label(group_by: str) -> str:
	return {
		"Department": _("Department"),
		"Window": _("Service Window"),
		"Staff": _("Staff"),
		"Month": _("Month"),
	}[group_by]


def columns(group_by: str) -> list[dict]:
	group = {"fieldname": "group", "label": group_label(group_by), "width": 200}
	if group_by in GROUP_LINKS:
		group.update({"fieldtype": "Link", "options": GROUP_LINKS[group_by]})
	else:
		group.update({"fieldtype": "Data", "width": 100})
	result = [group]
	if group_by == "Staff":
		result.append(
			{"fieldname": "staff_name", "label": _("Staff Name"), "fieldtype": "Data", "width": 120}
		)
	result += [
		{"fieldname": field, "label": label, "fieldtype": "Int", "width": 90}
		for field, label in zip(LEVEL_FIELDS, level_labels(), strict=True)
	]
	result.append({"fieldname": "total", "label": _("Total"), "fieldtype": "Int", "width": 80})
	share_labels = [
		_("Very Satisfied %"),
		_("Satisfied %"),
		_("Basically Satisfied %"),
		_("Dissatisfied %"),
		_("Very Dissatisfied %"),
	]
	result += [
		{"fieldname": field, "label": label, "fieldtype": "Percent", "width": 110}
		for field, label in zip(SHARE_FIELDS, share_labels, strict=True)
	]
	result += [
		{
			"fieldname": "satisfaction_rate",
			"label": _("Satisfaction Rate %"),
			"fieldtype": "Percent",
			"width": 120,
		},
		{
			"fieldname": "average_score",
			"label": _("Average Score"),
			"fieldtype": "Float",
			"precision": 2,
			"width": 100,
		},
		{"fieldname": "excluded", "label": _("Excluded by Appeal"), "fieldtype": "Int", "width": 120},
	]
	return result
