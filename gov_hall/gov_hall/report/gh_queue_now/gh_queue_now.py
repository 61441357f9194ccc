# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt
"""大厅实时排队: today's hall floor for managers, live — per department the tickets waiting and the
longest wait so far, and under it each window serving one of its tickets with the ticket, since when
and who serves; the day's served tickets and no-shows in the summary. The page refreshes itself.

One query reads today's tickets (Beijing time); gov_hall.rules.queue_stats lays them out. The
department scope of gov_hall.access.scope applies: a chief representative sees their departments.
"""

import frappe
from frappe import _
from frappe.query_builder import DocType

from gov_hall.assessment.rankings import window_label
from gov_hall.rules.queue import AT_WINDOW, DONE, NO_SHOW, WAITING
from gov_hall.rules.queue_stats import now_rows
from gov_hall.rules.voice_stats import multi_chart
from gov_hall.utils.clock import now_datetime, nowdate
from gov_hall.utils.report_filters import apply_common, plain_filters

REF_DOCTYPE = "GH Queue Ticket"


def execute(filters: dict | None = None):
	filters = plain_filters(filters)
	now = now_datetime()
	tickets = todays_tickets(filters)
	waiting = [t for t in tickets if t.status == WAITING]
	at_windows = [t for t in tickets if t.status in AT_WINDOW]
	rows = now_rows(waiting, at_windows, now)
	labels = window_labels({t.window for t in at_windows if t.window})
	for row in rows:
		if row["indent"]:
			row["group"] = labels.get(row["window"]) or row["window_number"] or row["window"]
			row["status"] = _(row["status"]) if row.get("status") else None
			# the window row sits under its department's row
			row["parent_group"] = row.pop("department") or _("Not Set")
		else:
			row["group"] = row["department"] or _("Not Set")
	summary_cards = summary(tickets, rows, now)
	return columns(), rows, None, chart(rows), summary_cards


def todays_tickets(filters) -> list:
	Ticket = DocType(REF_DOCTYPE)
	query = (
		frappe.qb.from_(Ticket)
		.select(
			Ticket.name,
			Ticket.department,
			Ticket.status,
			Ticket.issued_on,
			Ticket.slot_start,
			Ticket.window,
			Ticket.window_number,
			Ticket.ticket_number,
			Ticket.called_on,
			Ticket.staff,
			Ticket.staff_name,
		)
		.where(Ticket.ticket_date == nowdate())
		.orderby(Ticket.issued_on)
	)
	return apply_common(query, Ticket, filters, REF_DOCTYPE).run(as_dict=True)


def window_labels(windows: set) -> dict:
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


def chart(rows: list[dict]) -> dict | None:
	departments = [row for row in rows if not row["indent"]]
	if not departments:
		return None
	return multi_chart(
		[row["group"] for row in departments],
		[
			(_("Waiting"), [row["waiting"] for row in departments]),
			(_("Windows Serving"), [row["serving"] for row in departments]),
		],
		colors=["#fd7e14", "#2490ef"],
	)


def summary(tickets: list, rows: list[dict], now) -> list[dict]:
	departments = [row for row in rows if not row["indent"]]
	longest = max((row["longest_wait"] or 0.0 for row in departments), default=0.0)
	return [
		{"label": _("As Of"), "value": now.strftime("%H:%M"), "datatype": "Data"},
		{
			"label": _("Waiting"),
			"value": sum(row["waiting"] for row in departments),
			"datatype": "Int",
			"indicator": "orange",
		},
		{"label": _("Longest Wait (min)"), "value": longest, "datatype": "Float", "indicator": "red"},
		{
			"label": _("Windows Serving"),
			"value": sum(row["serving"] for row in departments),
			"datatype": "Int",
			"indicator": "blue",
		},
		{
			"label": _("Served Today"),
			"value": sum(1 for t in tickets if t.status == DONE),
			"datatype": "Int",
			"indicator": "green",
		},
		{
			"label": _("No-Shows Today"),
			"value": sum(1 for t in tickets if t.status == NO_SHOW),
			"datatype": "Int",
			"indicator": "grey",
		},
	]


def columns() -> list[dict]:
	return [
		{"fieldname": "group", "label": _("Department / Window"), "fieldtype": "Data", "width": 200},
		{"fieldname": "waiting", "label": _("Waiting"), "fieldtype": "Int", "width": 80},
		{
			"fieldname": "longest_wait",
			"label": _("Longest Wait (min)"),
			"fieldtype": "Float",
			"precision": 1,
			"width": 130,
		},
		{"fieldname": "serving", "label": _("Windows Serving"), "fieldtype": "Int", "width": 120},
		{"fieldname": "ticket_number", "label": _("Current Ticket"), "fieldtype": "Data", "width": 110},
		{"fieldname": "status", "label": _("Status"), "fieldtype": "Data", "width": 90},
		{"fieldname": "staff_name", "label": _("Staff Name"), "fieldtype": "Data", "width": 110},
		{
			"fieldname": "at_window_minutes",
			"label": _("Minutes at the Window"),
			"fieldtype": "Float",
			"precision": 1,
			"width": 140,
		},
		{
			"fieldname": "department",
			"label": _("Department"),
			"fieldtype": "Link",
			"options": "GH Stationed Department",
			"width": 150,
		},
		{
			"fieldname": "window",
			"label": _("Service Window"),
			"fieldtype": "Link",
			"options": "GH Service Window",
			"width": 130,
		},
		{
			"fieldname": "ticket",
			"label": _("Queue Ticket"),
			"fieldtype": "Link",
			"options": REF_DOCTYPE,
			"width": 170,
		},
	]
