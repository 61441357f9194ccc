# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt
"""待交接办件: cross-hall cases waiting at a hand-over now (issue 16): sent to the county and not
received there, returned for a supplement and not received back, decided at the county with the
result not yet sent back, sent back and not received at the township, and ready for collection but
not yet issued or posted; with the hall that must act, since when and for how many working days.

Since: the time of the case's last hand-over step (for a result not yet sent back, the time it was
decided). Working days waiting: from then until now with the days the hall that must act is closed
left out, in 24-hour days (gov_hall.rules.cross_hall_stats.working_days on its calendar). Longest
waits first. A chief representative sees the cases of their department(s), receiving or handling.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.query_builder import DocType
from frappe.query_builder.functions import Max
from frappe.utils import flt, get_datetime

from gov_hall.rules import cross_hall_stats as rules
from gov_hall.setup.workflows import COMPLETED, REJECTED
from gov_hall.utils import report_scaffold as scaffold
from gov_hall.utils.calendar import get_hall_calendar
from gov_hall.utils.clock import now_datetime
from gov_hall.utils.cross_hall_reports import case_filters, cross_hall, hall_names
from gov_hall.utils.report_filters import plain_filters

# what the case waits for -> whose move it is (the receiving hall or the handling hall)
ACTS = {
	rules.RESULT_TO_SEND: "handling_hall",
	"Receipt at County": "handling_hall",
	"Receipt of Return": "hall",
	"Receipt of Result": "hall",
	"Collection or Posting": "hall",
}


def execute(filters: dict | None = None):
	filters = plain_filters(filters)
	if filters.get("waiting_for"):
		scaffold.check_choice(filters.waiting_for, rules.WAITS, _("Unknown wait: {0}"))
	now = get_datetime(now_datetime()).replace(tzinfo=None)
	rows = waiting_cases(filters)
	last_steps = last_step_times([row.name for row in rows])
	halls = hall_names([row.hall for row in rows] + [row.handling_hall for row in rows])
	result = []
	for row in rows:
		waiting_for = waits_for(row)
		if not waiting_for or (filters.get("waiting_for") and waiting_for != filters.waiting_for):
			continue
		since = row.completed_on if waiting_for == rules.RESULT_TO_SEND else last_steps.get(row.name)
		since = get_datetime(since) if since else None
		acting_hall = row.get(ACTS[waiting_for])
		days = (
			rules.working_days(since, now, get_hall_calendar(acting_hall).is_working_day) if since else None
		)
		if filters.get("min_days") and flt(days) < flt(filters.min_days):
			continue
		result.append(
			{
				"case": row.name,
				"matter_name": row.matter_name,
				"waiting_for": _(waiting_for),
				"waiting_key": waiting_for,
				"acting_hall": acting_hall,
				"acting_hall_name": halls.get(acting_hall),
				"hall": row.hall,
				"hall_name": halls.get(row.hall),
				"handling_hall": row.handling_hall,
				"department": row.department,
				"handling_window": row.handling_window,
				"since": since,
				"working_days_waiting": round(days, 2) if days is not None else None,
			}
		)
	result.sort(key=lambda r: (-(r["working_days_waiting"] or 0), r["case"]))
	return columns(), result, None, chart(result), summary(result)


def waiting_cases(filters) -> list:
	Case = DocType("GH Case")
	waiting = Case.transfer_status.isin(tuple(rules.WAITING_FOR)) | (
		(Case.transfer_status == rules.AT_COUNTY) & Case.status.isin((COMPLETED, REJECTED))
	)
	query = (
		frappe.qb.from_(Case)
		.select(
			Case.name,
			Case.matter_name,
			Case.hall,
			Case.handling_hall,
			Case.department,
			Case.handling_window,
			Case.status,
			Case.transfer_status,
			Case.completed_on,
		)
		.where(waiting)
	)
	return case_filters(cross_hall(query, Case), Case, filters).run(as_dict=True)


def waits_for(row) -> str | None:
	if row.transfer_status == rules.AT_COUNTY:
		return rules.RESULT_TO_SEND if row.status in (COMPLETED, REJECTED) else None
	return rules.WAITING_FOR.get(row.transfer_status)


def last_step_times(cases: list[str]) -> dict:
	if not cases:
		return {}
	Handover = DocType("GH Case Handover")
	return dict(
		frappe.qb.from_(Handover)
		.select(Handover.parent, Max(Handover.at))
		.where(Handover.parenttype == "GH Case")
		.where(Handover.parent.isin(cases))
		.groupby(Handover.parent)
		.run()
	)


def chart(rows: list[dict]) -> dict | None:
	counts = {wait: 0 for wait in rules.WAITS}
	for row in rows:
		counts[row["waiting_key"]] += 1
	if not rows:
		return None
	return {
		"data": {
			"labels": [_(wait) for wait in rules.WAITS],
			"datasets": [{"name": _("Cases Waiting"), "values": [counts[wait] for wait in rules.WAITS]}],
		},
		"type": "bar",
	}


def summary(rows: list[dict]) -> list[dict]:
	counts = {wait: 0 for wait in rules.WAITS}
	for row in rows:
		counts[row["waiting_key"]] += 1
	longest = max((row["working_days_waiting"] or 0 for row in rows), default=0.0)
	return [
		scaffold.card(_("Cases Waiting"), len(rows)),
		*(scaffold.card(_(wait), counts[wait], indicator="orange") for wait in rules.WAITS),
		scaffold.card(_("Longest Wait (working days)"), longest, "Float", "red"),
	]


def columns() -> list[dict]:
	text, number = scaffold.text, scaffold.number
	return [
		text("case", _("Case"), 150, "GH Case"),
		text("matter_name", _("Matter Name"), 180),
		text("waiting_for", _("Waiting For"), 150),
		text("acting_hall", _("Hall to Act"), 130, "GH Service Hall"),
		text("acting_hall_name", _("Hall to Act Name"), 170),
		text("hall", _("Receiving Hall"), 130, "GH Service Hall"),
		text("handling_hall", _("Handling Hall"), 130, "GH Service Hall"),
		text("department", _("Department"), 150, "GH Stationed Department"),
		text("handling_window", _("Handling Window"), 130, "GH Service Window"),
		{"fieldname": "since", "label": _("Waiting Since"), "fieldtype": "Datetime", "width": 160},
		number("working_days_waiting", _("Working Days Waiting"), "Float", 150),
	]
