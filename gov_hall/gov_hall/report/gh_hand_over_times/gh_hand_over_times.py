# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt
"""交接用时: how long each stage of a cross-hall case's hand-over took (issue 16): transfer (forwarded
until received at the county), county review (received at the county until the result is sent back
or the case is returned for a supplement), return (returned until received back), result transfer
(sent back until received at the township) and issue (received until issued or posted): count,
average, median, 90th percentile and longest, in working days.

A stage runs from the hand-over step starting it to the next step ending it
(gov_hall.rules.cross_hall_stats.stages); it counts in the period it ended in (open stages are the
"hand-overs waiting" report's). Working days: the time between the two steps with the days the
receiving hall is closed left out, in 24-hour days (its calendar, gov_hall.utils.calendar: the
case's one clock is the receiving hall's). A chief representative sees the cases of their
department(s), receiving or handling.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.query_builder import DocType
from frappe.utils import add_days, get_datetime

from gov_hall.rules.cross_hall_stats import HANDOVER_STAGES, duration_figures, stages, working_days
from gov_hall.utils import report_scaffold as scaffold
from gov_hall.utils.calendar import get_hall_calendar
from gov_hall.utils.cross_hall_reports import case_filters, cross_hall, hall_names
from gov_hall.utils.report_filters import date_range, plain_filters

GROUPS = {
	"Step": None,
	"Receiving Hall": "hall",
	"Department": "department",
	"Handling Hall": "handling_hall",
}
GROUP_LINKS = {
	"Receiving Hall": "GH Service Hall",
	"Department": "GH Stationed Department",
	"Handling Hall": "GH Service Hall",
}
STAGE_ORDER = list(HANDOVER_STAGES)


def execute(filters: dict | None = None):
	filters = plain_filters(filters)
	group_by = scaffold.check_choice(filters.get("group_by") or "Step", GROUPS, _("Unknown grouping: {0}"))
	start, end = date_range(filters, "quarter")
	durations = stage_durations(filters, start, end, GROUPS[group_by])
	rows = []
	for (group, stage), values in sorted(
		durations.items(), key=lambda item: (str(item[0][0] or ""), STAGE_ORDER.index(item[0][1]))
	):
		rows.append({"group": group, "stage": _(stage), "stage_key": stage, **duration_figures(values)})
	by_stage: dict[str, list] = {}
	for (_group, stage), values in durations.items():
		by_stage.setdefault(stage, []).extend(values)
	names = hall_names(row["group"] for row in rows) if GROUPS[group_by] in ("hall", "handling_hall") else {}
	for row in rows:
		row["group_name"] = names.get(row["group"])
	return columns(group_by), rows, None, chart(by_stage), summary(by_stage)


def stage_durations(filters, start, end, group_field: str | None) -> dict[tuple, list[float]]:
	"""(group, stage) -> the working days each stage ending in [start, end] took."""
	Case = DocType("GH Case")
	Handover = DocType("GH Case Handover")
	ended_from, ended_before = get_datetime(start), get_datetime(add_days(end, 1))
	# the cases with a step in the period (a stage ending in it has its end step there)
	cases = (
		frappe.qb.from_(Handover)
		.join(Case)
		.on((Case.name == Handover.parent) & (Handover.parenttype == "GH Case"))
		.select(Case.name)
		.distinct()
		.where(Handover.at >= ended_from)
		.where(Handover.at < ended_before)
	)
	cases = case_filters(cross_hall(cases, Case), Case, filters).run(pluck=True)
	if not cases:
		return {}
	group = Case[group_field] if group_field else None
	steps = (
		frappe.qb.from_(Handover)
		.join(Case)
		.on((Case.name == Handover.parent) & (Handover.parenttype == "GH Case"))
		.select(Case.name, Case.hall, Handover.step, Handover.at, *([group.as_("grp")] if group else []))
		.where(Case.name.isin(cases))
		.where(Handover.at < ended_before)
		.orderby(Handover.at)
		.orderby(Handover.idx)  # steps of one second keep the order they were taken in
		.run(as_dict=True)
	)
	by_case: dict[str, list] = {}
	for row in steps:
		by_case.setdefault(row.name, []).append(row)
	durations: dict[tuple, list[float]] = {}
	for rows in by_case.values():
		first = rows[0]
		is_working_day = get_hall_calendar(first.hall).is_working_day
		for stage, began, ended in stages((row.step, get_datetime(row.at)) for row in rows):
			if ended is None or not ended_from <= ended < ended_before:
				continue
			key = (first.get("grp") if group_field else None, stage)
			durations.setdefault(key, []).append(working_days(began, ended, is_working_day))
	return durations


def chart(by_stage: dict) -> dict | None:
	stages_found = [stage for stage in STAGE_ORDER if by_stage.get(stage)]
	if not stages_found:
		return None
	figures = {stage: duration_figures(by_stage[stage]) for stage in stages_found}
	return {
		"data": {
			"labels": [_(stage) for stage in stages_found],
			"datasets": [
				{"name": _("Median (working days)"), "values": [figures[s]["median"] for s in stages_found]},
				{
					"name": _("90th Percentile (working days)"),
					"values": [figures[s]["p90"] for s in stages_found],
				},
			],
		},
		"type": "bar",
	}


def summary(by_stage: dict) -> list[dict]:
	cards = []
	for stage in STAGE_ORDER:
		figures = duration_figures(by_stage.get(stage) or [])
		cards.append(
			scaffold.card(
				_("{0}: median working days").format(_(stage)), figures["median"] or 0.0, "Float", "blue"
			)
		)
	return cards


def columns(group_by: str) -> list[dict]:
	text, number = scaffold.text, scaffold.number
	result = []
	if group_by != "Step":
		label = {
			"Receiving Hall": _("Receiving Hall"),
			"Department": _("Department"),
			"Handling Hall": _("Handling Hall"),
		}[group_by]
		result.append(scaffold.group_column(label, GROUP_LINKS[group_by], 160))
		if group_by != "Department":
			result.append(text("group_name", _("Hall Name"), 160))
	return result + [
		text("stage", _("Step"), 140),
		number("count", _("Hand-overs")),
		number("average", _("Average (working days)"), "Float", 150),
		number("median", _("Median (working days)"), "Float", 150),
		number("p90", _("90th Percentile (working days)"), "Float", 180),
		number("longest", _("Longest (working days)"), "Float", 150),
	]
