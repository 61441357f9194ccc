# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt
"""排队负荷: per hour of the day over a date range, the tickets issued against the windows open —
a window is open in an hour of a day when it called at least one ticket in it — and the tickets per
open window, to see when the hall needs more windows.

Three queries: the tickets issued per day and hour, and the windows that called per day and hour
(from the tickets' call events, and from each ticket's last call). Cancelled tickets are left out. The
figures come from gov_hall.rules.queue_stats; the department scope of gov_hall.access.scope applies
(a chief representative sees the tickets of their departments and the windows that called them).
"""

import frappe
import pandas as pd
from frappe import _
from frappe.query_builder import DocType
from frappe.query_builder.functions import Count, Date, Extract
from pypika.enums import DatePart

from gov_hall.rules.case_stats import records
from gov_hall.rules.queue import CANCELLED
from gov_hall.rules.queue_stats import load_table, load_total, open_days
from gov_hall.rules.voice_stats import multi_chart
from gov_hall.utils.report_filters import apply_common, plain_filters, within

REF_DOCTYPE = "GH Queue Ticket"
CALLS = ("Called", "Recalled")


def execute(filters: dict | None = None):
	filters = plain_filters(filters)
	issued, calls = issued_per_hour(filters), calls_per_hour(filters)
	table = load_table(issued, calls)
	total = load_total(table, open_days(issued))
	rows = records(table)
	if rows:
		rows.append({"hour": _("Total"), **{k: v for k, v in total.items() if k != "peak_hour"}, "bold": 1})
	return columns(), rows, None, chart(table), summary(total)


def scoped(query, Ticket, filters):
	query = query.where(Ticket.status != CANCELLED)
	query = within(query, Ticket.ticket_date, filters, "quarter")
	return apply_common(query, Ticket, filters, REF_DOCTYPE)


def issued_per_hour(filters) -> pd.DataFrame:
	Ticket = DocType(REF_DOCTYPE)
	hour = Extract(DatePart.hour, Ticket.issued_on)
	query = (
		frappe.qb.from_(Ticket).select(Ticket.ticket_date, hour, Count("*")).groupby(Ticket.ticket_date, hour)
	)
	rows = scoped(query, Ticket, filters).run()
	return pd.DataFrame(
		[(str(day), int(h), int(n)) for day, h, n in rows if h is not None],
		columns=["day", "hour", "tickets"],
	)


def calls_per_hour(filters) -> pd.DataFrame:
	"""The windows that called per day and hour: each ticket's Called and Recalled events (a
	transferred ticket was called by more than one window), and each ticket's last call as the ticket
	keeps it (tickets written without events, as imported ones)."""
	Ticket = DocType(REF_DOCTYPE)
	Event = DocType("GH Queue Ticket Event")
	on_ticket = (
		frappe.qb.from_(Ticket)
		.select(Date(Ticket.called_on), Extract(DatePart.hour, Ticket.called_on), Ticket.window)
		.distinct()
		.where(Ticket.called_on.isnotnull())
		.where(Ticket.window.isnotnull())
	)
	on_events = (
		frappe.qb.from_(Ticket)
		.join(Event)
		.on(
			(Event.parent == Ticket.name)
			& (Event.parenttype == REF_DOCTYPE)
			& (Event.parentfield == "events")
		)
		.select(Date(Event.at), Extract(DatePart.hour, Event.at), Event.window)
		.distinct()
		.where(Event.event.isin(CALLS))
		.where(Event.at.isnotnull())
		.where(Event.window.isnotnull())
	)
	rows = [*scoped(on_ticket, Ticket, filters).run(), *scoped(on_events, Ticket, filters).run()]
	return pd.DataFrame([(str(d), int(h), w) for d, h, w in rows], columns=["day", "hour", "window"])


def chart(table: pd.DataFrame) -> dict | None:
	if not len(table):
		return None
	return multi_chart(
		list(table["hour"]),
		[
			(_("Tickets per Day"), list(table["tickets_per_day"])),
			(_("Windows Open"), list(table["windows_open"])),
		],
		limit=24,
		colors=["#2490ef", "#28a745"],
	)


def summary(total: dict) -> list[dict]:
	return [
		{"label": _("Tickets"), "value": total["tickets"], "datatype": "Int"},
		{"label": _("Tickets per Day"), "value": total["tickets_per_day"] or 0.0, "datatype": "Float"},
		{"label": _("Window-Hours"), "value": total["window_hours"], "datatype": "Int"},
		{
			"label": _("Tickets per Open Window"),
			"value": total["tickets_per_window"] or 0.0,
			"datatype": "Float",
			"indicator": "blue",
		},
		{
			"label": _("Peak Hour"),
			"value": total["peak_hour"] or "",
			"datatype": "Data",
			"indicator": "orange",
		},
	]


def columns() -> list[dict]:
	def number(fieldname: str, label: str, fieldtype: str = "Float", width: int = 120) -> dict:
		extra = {"precision": 2} if fieldtype == "Float" else {}
		return {"fieldname": fieldname, "label": label, "fieldtype": fieldtype, "width": width, **extra}

	return [
		{"fieldname": "hour", "label": _("Hour"), "fieldtype": "Data", "width": 80},
		number("tickets", _("Tickets"), "Int", 90),
		number("tickets_per_day", _("Tickets per Day")),
		number("window_hours", _("Window-Hours"), "Int", 110),
		number("windows_open", _("Windows Open (average)"), width=150),
		number("tickets_per_window", _("Tickets per Open Window"), width=160),
	]
