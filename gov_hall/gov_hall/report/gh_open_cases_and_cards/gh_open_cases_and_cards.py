# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt
"""在办件及亮灯: open cases, their remaining working days and e-supervision cards.

Two queries: the open cases, then the cards of all listed cases at once. Remaining working days
are computed in memory on one calendar per hall. No applicant's ID number or phone is read.
"""

import frappe
from frappe import _
from frappe.query_builder import DocType
from frappe.utils import getdate

from gov_hall.rules.case_stats import count_by
from gov_hall.rules.deadlines import RED, YELLOW, remaining_working_days
from gov_hall.setup.workflows import OPEN_STATES
from gov_hall.utils.calendar import get_hall_calendar
from gov_hall.utils.clock import nowdate
from gov_hall.utils.report_filters import apply_common, within

LEVELS = [RED, YELLOW, ""]
CARD_FILTERS = ("All", RED, YELLOW, "None")


def execute(filters: dict | None = None):
	filters = frappe._dict(filters or {})
	if (filters.get("card_level") or "All") not in CARD_FILTERS:
		frappe.throw(_("Unknown card level: {0}").format(filters.card_level), title=_("Invalid Input"))
	cases = open_cases(filters)
	cards = card_dates([case.name for case in cases])
	today = getdate(nowdate())
	calendars = {hall: get_hall_calendar(hall) for hall in {case.hall for case in cases}}
	for case in cases:
		case.remaining_days = remaining_days(case, calendars[case.hall], today)
		case.yellow_on = cards.get((case.name, YELLOW))
		case.red_on = cards.get((case.name, RED))
		case.card_level = case.card_level or ""
	chart = {
		"data": {
			"labels": [_("Red"), _("Yellow"), _("No Card")],
			"datasets": [
				{"name": _("Open Cases"), "values": count_by((c.card_level for c in cases), LEVELS)}
			],
		},
		"type": "donut",
		"colors": ["#e24c4c", "#ecad4b", "#5e64ff"],
	}
	return columns(), cases, None, chart


def remaining_days(case, calendar, today) -> int | None:
	"""Working days left; a paused clock keeps the figure it had on the day it stopped."""
	if not case.due_date:
		return None
	counted_to = getdate(case.paused_since) if case.is_paused and case.paused_since else today
	return remaining_working_days(calendar, counted_to, case.due_date)


def open_cases(filters) -> list:
	case = DocType("GH Case")
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
			case.paused_since,
			case.card_level,
		)
		.where(case.status.isin(OPEN_STATES))
		.orderby(case.due_date)
		.orderby(case.name)
	)
	query = within(query, case.received_on, filters)
	level = filters.get("card_level") or "All"
	if level in (RED, YELLOW):
		query = query.where(case.card_level == level)
	elif level == "None":
		query = query.where(case.card_level.isnull() | (case.card_level == ""))
	return apply_common(query, case, filters, "GH Case").run(as_dict=True)


def card_dates(case_names: list[str]) -> dict:
	"""(case, level) → date of the card, for all the cases in one query."""
	if not case_names:
		return {}
	card = DocType("GH Supervision Card")
	rows = (
		frappe.qb.from_(card)
		.select(card.case, card.level, card.card_date)
		.where(card.case.isin(case_names))
		.orderby(card.card_date)
		.run()
	)
	found = {}
	for case, level, card_date in rows:
		found.setdefault((case, level), card_date)
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
