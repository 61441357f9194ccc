# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt
"""空岗统计: windows left with nobody on duty during service hours, by department, window or hour of
the day (when the empty window was detected) over a date range: records, those that count (not
excused), minutes without anyone, still open, resolved and excused.

One set-based query counts the records per group and status with their minutes. An excused record
(a manager's excuse with a reason) counts for nobody, as in the assessment; it is shown apart. The
department scope of gov_hall.access.scope applies: a chief representative sees their own
department(s).
"""

from __future__ import annotations

from collections import defaultdict

import frappe
from frappe import _
from frappe.query_builder import DocType
from frappe.query_builder.functions import Count, Sum

from gov_hall.assessment.rankings import window_label
from gov_hall.rules.queue_stats import hour_label
from gov_hall.utils import report_scaffold as scaffold
from gov_hall.utils.report_filters import apply_common, date_range, plain_filters

REF_DOCTYPE = "GH Empty Window"
GROUPS = {"Department": "department", "Window": "window", "Hour": "detected_hour"}
GROUP_LINKS = {"Department": "GH Stationed Department", "Window": "GH Service Window"}
SESSIONS = ("Morning", "Afternoon", "Off-Hours")
STATUSES = {"Open": "open", "Resolved": "resolved", "Excused": "excused"}
FIGURES = ("records", "counted", "empty_minutes", "open", "resolved", "excused")


def execute(filters: dict | None = None):
	filters = plain_filters(filters)
	group_by = scaffold.check_choice(
		filters.get("group_by") or "Department", GROUPS, _("Unknown grouping: {0}")
	)
	if filters.get("session"):
		scaffold.check_choice(filters.session, SESSIONS, _("Unknown session: {0}"))
	table = tally(record_counts(filters, group_by))
	names = window_labels({key for key in table if key}) if group_by == "Window" else {}
	rows = [finish({"group": key, **figures}) for key, figures in table.items()]
	if group_by == "Hour":
		rows.sort(key=lambda r: r["group"])
		for row in rows:
			row["group"] = hour_label(row["group"]) if row["group"] != "" else None
	else:
		rows.sort(key=lambda r: (-r["counted"], -r["empty_minutes"], str(r["group"])))
		for row in rows:
			row["group"] = row["group"] or None
			if group_by == "Window":
				row["window_label"] = names.get(row["group"]) or None
	total = finish({field: sum(row[field] for row in rows) for field in FIGURES})
	linked = group_by in GROUP_LINKS
	result = rows + ([scaffold.total_row(total, linked)] if rows else [])
	return columns(group_by), result, None, chart(rows, group_by, names), summary(total)


def record_counts(filters, group_by: str) -> list[tuple]:
	"""(group, status, records, minutes) of the range's empty-window records."""
	Empty = DocType(REF_DOCTYPE)
	key = Empty[GROUPS[group_by]]
	start, end = date_range(filters, "quarter")
	query = (
		frappe.qb.from_(Empty)
		.select(key, Empty.status, Count("*"), Sum(Empty.empty_minutes))
		.where(Empty.duty_date >= start)
		.where(Empty.duty_date <= end)
		.groupby(key, Empty.status)
	)
	if filters.get("session"):
		query = query.where(Empty.session == filters.session)
	return apply_common(query, Empty, filters, REF_DOCTYPE).run()


def tally(counts: list[tuple]) -> dict:
	table = defaultdict(lambda: dict.fromkeys(FIGURES, 0))
	for key, status, records, minutes in counts:
		figures = table["" if key is None else key]
		records, minutes = int(records or 0), int(minutes or 0)
		figures["records"] += records
		if status in STATUSES:
			figures[STATUSES[status]] += records
		if status != "Excused":
			figures["counted"] += records
			figures["empty_minutes"] += minutes
	return table


def finish(row: dict) -> dict:
	row["average_minutes"] = round(row["empty_minutes"] / row["counted"], 1) if row["counted"] else None
	return row


def window_labels(windows: set) -> dict:
	"""'A05 综合受理窗口' for each window, from its number and name."""
	if not windows:
		return {}
	Window = DocType("GH Service Window")
	rows = (
		frappe.qb.from_(Window)
		.select(Window.name, Window.window_number, Window.window_name)
		.where(Window.name.isin(sorted(windows)))
		.run()
	)
	return {name: window_label(number, title, name) for name, number, title in rows}


def chart(rows: list[dict], group_by: str, names: dict) -> dict | None:
	"""Empty windows per group (over the hours as a line), excused ones left out."""
	return scaffold.group_chart(
		rows,
		[(_("Empty Windows"), "counted")],
		names,
		kind="line" if group_by == "Hour" else "bar",
		limit=24 if group_by == "Hour" else 20,
		colors=["#dc3545"],
	)


def summary(total: dict) -> list[dict]:
	return [
		scaffold.card(_("Empty Windows"), total["counted"], indicator="red"),
		scaffold.card(_("Minutes Without Staff"), total["empty_minutes"], indicator="orange"),
		scaffold.card(_("Average Minutes"), total["average_minutes"] or 0.0, "Float"),
		scaffold.card(_("Still Open"), total["open"], indicator="red"),
		scaffold.card(_("Excused"), total["excused"], indicator="grey"),
	]


def group_label(group_by: str) -> str:
	return {"Department": _("Department"), "Window": _("Service Window"), "Hour": _("Hour Detected")}[
		group_by
	]


def columns(group_by: str) -> list[dict]:
	result = [scaffold.group_column(group_label(group_by), GROUP_LINKS.get(group_by), 200)]
	if group_by == "Window":
		result.append(scaffold.text("window_label", _("Window Name"), 160))
	number = scaffold.number
	return result + [
		number("counted", _("Empty Windows"), width=100),
		number("empty_minutes", _("Minutes Without Staff"), width=130),
		number("average_minutes", _("Average Minutes"), "Float", 110),
		number("open", _("Still Open"), width=90),
		number("resolved", _("Resolved"), width=90),
		number("excused", _("Excused"), width=90),
		number("records", _("Records"), width=80),
	]
