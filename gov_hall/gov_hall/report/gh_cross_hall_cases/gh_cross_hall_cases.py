# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt
"""跨层级办件统计: the cases received at a township or village hall and handled at the county (issue
16), by receiving hall and matter: received in the period, still open, completed, on time, rejected,
and the average working days completed cases took; of the cases completed late, the stage each was in
when its due date ended (at the receiving hall, in transfer, under county review, returned for a
supplement: gov_hall.rules.cross_hall_stats.stage_at), so the on-time figures name the step that
ran late.

Average days are working days of the receiving hall's calendar (the law's clock starts where the
citizen applied) from the clock's start to completion, less the working days the case was paused,
as the on-time report counts them (gov_hall.rules.case_stats.working_days_used). A case counts in
the period it was received in; cancelled cases are left out. A chief representative sees the cases
of their department(s), receiving or handling (gov_hall.utils.cross_hall_reports).
"""

from __future__ import annotations

import frappe
import pandas as pd
from frappe import _
from frappe.query_builder import DocType
from frappe.utils import add_days, get_datetime, getdate

from gov_hall.rules.case_stats import working_days_used
from gov_hall.rules.cross_hall_stats import LATE_STAGES, stage_at
from gov_hall.setup.workflows import COMPLETED, OPEN_STATES, REJECTED
from gov_hall.utils import report_scaffold as scaffold
from gov_hall.utils.calendar import get_hall_calendar
from gov_hall.utils.cross_hall_reports import CANCELLED, case_filters, cross_hall, hall_names, matter_names
from gov_hall.utils.report_filters import plain_filters, within

GROUPS = {
	"Receiving Hall and Matter": ("hall", "matter"),
	"Receiving Hall": ("hall",),
	"Matter": ("matter",),
	"Handling Hall": ("handling_hall",),
}
# the stage a late case was in -> its column
LATE_FIELDS = {stage: "late_" + frappe.scrub(stage) for stage in LATE_STAGES}
FIGURES = ("received", "open", "completed", "on_time", "rejected", *LATE_FIELDS.values())
COLUMNS = [
	"name",
	"hall",
	"handling_hall",
	"matter",
	"status",
	"completed_on_time",
	"clock_start",
	"completed_on",
	"paused_working_days",
	"due_date",
]


def execute(filters: dict | None = None):
	filters = plain_filters(filters)
	group_by = scaffold.check_choice(
		filters.get("group_by") or "Receiving Hall and Matter", GROUPS, _("Unknown grouping: {0}")
	)
	keys = GROUPS[group_by]
	cases = read_cases(filters)
	rows = figures(cases, keys)
	halls = hall_names([row.get("hall") for row in rows] + [row.get("handling_hall") for row in rows])
	matters = matter_names([row.get("matter") for row in rows])
	for row in rows:
		row["hall_name"] = halls.get(row.get("hall"))
		row["handling_hall_name"] = halls.get(row.get("handling_hall"))
		row["matter_name"] = matters.get(row.get("matter"))
		row["label"] = " · ".join(
			str(value)
			for value in (
				row.get("hall_name") or row.get("hall"),
				row.get("handling_hall_name") or row.get("handling_hall"),
				row.get("matter_name") or row.get("matter"),
			)
			if value
		)
	rows.sort(key=lambda row: (-row["received"], row["label"]))
	total = finish({field: sum(row[field] for row in rows) for field in FIGURES}, cases)
	result = rows + ([{**total, keys[0]: "'" + _("Total") + "'", "bold": 1}] if rows else [])
	return columns(keys), result, None, chart(rows), summary(total)


def read_cases(filters) -> pd.DataFrame:
	Case = DocType("GH Case")
	query = frappe.qb.from_(Case).select(*(Case[field] for field in COLUMNS)).where(Case.status != CANCELLED)
	query = within(cross_hall(query, Case), Case.received_on, filters)
	rows = case_filters(query, Case, filters).run(as_dict=True)
	cases = pd.DataFrame([dict(row) for row in rows], columns=COLUMNS)
	completed = cases["status"] == COMPLETED
	cases["days_used"] = float("nan")
	if completed.any():
		done = cases[completed]
		calendars = {hall: get_hall_calendar(hall).is_working_day for hall in done["hall"].unique()}
		cases.loc[completed, "days_used"] = working_days_used(done, calendars)
	late = completed & (cases["completed_on_time"].fillna(0).astype(int) == 0) & cases["due_date"].notna()
	cases["late_stage"] = None
	if late.any():
		cases.loc[late, "late_stage"] = late_stages(cases[late])
	return cases


def late_stages(late: pd.DataFrame) -> list[str]:
	"""The stage each late case was in when its due date ended, from its hand-over steps."""
	Handover = DocType("GH Case Handover")
	steps: dict[str, list] = {}
	for parent, step, at in (
		frappe.qb.from_(Handover)
		.select(Handover.parent, Handover.step, Handover.at)
		.where(Handover.parenttype == "GH Case")
		.where(Handover.parent.isin(list(late["name"])))
		.run()
	):
		steps.setdefault(parent, []).append((step, get_datetime(at)))
	return [
		stage_at(steps.get(name, []), get_datetime(add_days(getdate(due), 1)))
		for name, due in zip(late["name"], late["due_date"], strict=True)
	]


def figures(cases: pd.DataFrame, keys: tuple) -> list[dict]:
	rows = []
	if cases.empty:
		return rows
	for group, part in cases.fillna({key: "" for key in keys}).groupby(list(keys), sort=False):
		group = group if isinstance(group, tuple) else (group,)
		row = {key: value or None for key, value in zip(keys, group, strict=True)}
		row.update(counts(part))
		rows.append(finish(row, part))
	return rows


def counts(part: pd.DataFrame) -> dict:
	completed = part["status"] == COMPLETED
	return {
		"received": int(len(part)),
		"open": int(part["status"].isin(OPEN_STATES).sum()),
		"completed": int(completed.sum()),
		"on_time": int((completed & (part["completed_on_time"].fillna(0).astype(int) == 1)).sum()),
		"rejected": int((part["status"] == REJECTED).sum()),
		**{field: int((part["late_stage"] == stage).sum()) for stage, field in LATE_FIELDS.items()},
	}


def finish(row: dict, part: pd.DataFrame) -> dict:
	row["on_time_rate"] = scaffold.share(row["on_time"], row["completed"])
	days = part["days_used"].dropna()
	row["average_days"] = round(float(days.mean()), 2) if len(days) else None
	return row


def chart(rows: list[dict]) -> dict | None:
	return scaffold.group_chart(
		rows[:20],
		[(_("Received"), "received"), (_("Completed"), "completed"), (_("On Time"), "on_time")],
		label_field="label",
	)


def summary(total: dict) -> list[dict]:
	return [
		scaffold.card(_("Received"), total["received"]),
		scaffold.card(_("Open"), total["open"], indicator="blue"),
		scaffold.card(_("Completed"), total["completed"], indicator="green"),
		scaffold.card(_("On-Time Rate %"), total["on_time_rate"] or 0.0, "Percent", "green"),
		scaffold.card(_("Average Working Days"), total["average_days"] or 0.0, "Float", "blue"),
		scaffold.card(_("Rejected"), total["rejected"], indicator="red"),
		scaffold.card(_("Late in County Review"), total[LATE_FIELDS["County Review"]], indicator="orange"),
		scaffold.card(_("Late in Transfer"), total[LATE_FIELDS["Transfer"]], indicator="orange"),
	]


def columns(keys: tuple) -> list[dict]:
	text, number = scaffold.text, scaffold.number
	result = []
	if "hall" in keys:
		result += [
			text("hall", _("Receiving Hall"), 140, "GH Service Hall"),
			text("hall_name", _("Receiving Hall Name"), 180),
		]
	if "handling_hall" in keys:
		result += [
			text("handling_hall", _("Handling Hall"), 140, "GH Service Hall"),
			text("handling_hall_name", _("Handling Hall Name"), 180),
		]
	if "matter" in keys:
		result += [
			text("matter", _("Matter"), 140, "GH Service Matter"),
			text("matter_name", _("Matter Name"), 200),
		]
	return result + [
		number("received", _("Received")),
		number("open", _("Open"), width=80),
		number("completed", _("Completed")),
		number("on_time", _("On Time"), width=90),
		number("on_time_rate", _("On-Time Rate %"), "Percent", 110),
		number("average_days", _("Average Working Days"), "Float", 140),
		number("rejected", _("Rejected"), width=90),
		number(LATE_FIELDS["Receiving Hall"], _("Late at Receiving Hall"), width=130),
		number(LATE_FIELDS["Transfer"], _("Late in Transfer"), width=120),
		number(LATE_FIELDS["County Review"], _("Late in County Review"), width=140),
		number(LATE_FIELDS["Return"], _("Late While Returned"), width=130),
	]
