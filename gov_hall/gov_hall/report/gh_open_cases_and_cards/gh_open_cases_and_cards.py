# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt
"""在办件及亮灯: open cases, their remaining working days and e-supervision cards."""

from collections import defaultdict

import frappe
from frappe import _
from frappe.query_builder import DocType
from frappe.utils import getdate, nowdate

from gov_hall.rules.deadlines import remaining_working_days
from gov_hall.setup.workflows import OPEN_STATES
from gov_hall.utils.calendar import get_hall_calendar
from gov_hall.utils.report_filters import apply_common, date_range

LEVELS = ("Red", "Yellow", "")


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	cases = open_cases(filters)
	cards = card_dates([case.name for case in cases])
	today = getdate(nowdate())
	for case in cases:
		case.remaining_days = (
			remaining_working_days(get_hall_calendar(case.hall), today, case.due_date)
			if case.due_date
			else None
		)
		case.yellow_on = cards[case.name].get("Yellow")
		case.red_on = cards[case.name].get("Red")
	counts = defaultdict(int)
	for case in cases:
		counts[case.card_level or ""] += 1
	chart = {
		"data": {
			"labels": [_("Red"), _("Yellow"), _("No Card")],
			"datasets": [{"name": _("Open Cases"), "values": [counts[level] for level in LEVELS]}],
		},
		"type": "donut",
		"colors": ["#e24c4c", "#ecad4b", "#5e64ff"],
	}
	return columns(), cases, None, chart


def open_cases(filters) -> list:
	case = DocType("GH Case")
	from_date, to_date = date_range(filters)
	query = (
		frappe.qb.from_(case)
		.select(
			case.name,
			case.matter_name,
			case.hall,
			case.department,
			case.window,
			case.handler,
			case.status,
			case.received_on,
			case.accepted_on,
			case.due_date,
			case.is_paused,
			case.card_level,
		)
		.where(case.status.isin(OPEN_STATES))
		.where(case.received_on >= from_date)
		.where(case.received_on < frappe.utils.add_days(to_date, 1))
		.orderby(case.due_date)
	)
	level = filters.get("card_level")
	if level in ("Red", "Yellow"):
		query = query.where(case.card_level == level)
	elif level == "None":
		query = query.where((case.card_level.isnull()) | (case.card_level == ""))
	return apply_common(query, case, filters).run(as_dict=True)


def card_dates(case_names: list[str]) -> dict:
	found = defaultdict(dict)
	if not case_names:
		return found
	card = DocType("GH Supervision Card")
	for row in (
		frappe.qb.from_(card)
		.select(card.case, card.level, card.card_date)
		.where(card.case.isin(case_names))
		.run(as_dict=True)
	):
		found[row.case][row.level] = row.card_date
	return found


def columns() -> list[dict]:
	return [
		{"fieldname": "name", "label": _("Case"), "fieldtype": "Link", "options": "GH Case", "width": 160},
		{"fieldname": "matter_name", "label": _("Matter Name"), "fieldtype": "Data", "width": 200},
		{
			"fieldname": "department",
			"label": _("Department"),
			"fieldtype": "Link",
			"options": "GH Stationed Department",
			"width": 160,
		},
		{
			"fieldname": "window",
			"label": _("Service Window"),
			"fieldtype": "Link",
			"options": "GH Service Window",
			"width": 120,
		},
		{"fieldname": "handler", "label": _("Handler"), "fieldtype": "Link", "options": "User", "width": 150},
		{"fieldname": "status", "label": _("Status"), "fieldtype": "Data", "width": 100},
		{"fieldname": "received_on", "label": _("Received On"), "fieldtype": "Datetime", "width": 150},
		{"fieldname": "accepted_on", "label": _("Accepted On"), "fieldtype": "Datetime", "width": 150},
		{"fieldname": "due_date", "label": _("Due Date"), "fieldtype": "Date", "width": 100},
		{
			"fieldname": "remaining_days",
			"label": _("Remaining Working Days"),
			"fieldtype": "Int",
			"width": 120,
		},
		{"fieldname": "is_paused", "label": _("Clock Paused"), "fieldtype": "Check", "width": 80},
		{"fieldname": "card_level", "label": _("E-Supervision Card"), "fieldtype": "Data", "width": 90},
		{"fieldname": "yellow_on", "label": _("Yellow Card On"), "fieldtype": "Date", "width": 110},
		{"fieldname": "red_on", "label": _("Red Card On"), "fieldtype": "Date", "width": 110},
	]
