# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt
"""排队等候时长: waiting and service times of the queue tickets by department, window, staff member
or hour of the day (of arrival) over a date range: tickets, served, median and 90th percentile of the
wait and of the service in minutes, no-shows and transfers.

One query reads the range's tickets (one row each; cancelled tickets left out); the grouping, medians
and percentiles come from gov_hall.rules.queue_stats. A ticket counts for the window and staff member
that had it last (the one that served it or marked it a no-show); its wait runs from arrival (or the
appointment slot) to its first call. The department scope of gov_hall.access.scope applies.
"""

import frappe
import pandas as pd
from frappe import _
from frappe.query_builder import DocType
from frappe.query_builder.functions import Extract
from pypika.enums import DatePart

from gov_hall.assessment.rankings import window_label
from gov_hall.rules.case_stats import records
from gov_hall.rules.queue import CANCELLED
from gov_hall.rules.queue_stats import hour_label, wait_table, wait_total
from gov_hall.rules.voice_stats import chart_labels, multi_chart
from gov_hall.utils.report_filters import apply_common, plain_filters, within

REF_DOCTYPE = "GH Queue Ticket"
GROUPS = {"Department": "department", "Window": "window", "Staff": "staff", "Hour": "hour"}
GROUP_LINKS = {"Department": "GH Stationed Department", "Window": "GH Service Window", "Staff": "User"}
SOURCES = ("Kiosk", "Appointment", "Desk")


def execute(filters: dict | None = None):
	filters = plain_filters(filters)
	group_by = filters.get("group_by") or "Department"
	if group_by not in GROUPS:
		frappe.throw(_("Unknown grouping: {0}").format(group_by), title=_("Invalid Input"))
	if filters.get("source") and filters.source not in SOURCES:
		frappe.throw(_("Unknown ticket source: {0}").format(filters.source), title=_("Invalid Input"))
	tickets, names = ticket_rows(filters, group_by)
	table = wait_table(tickets, chronological=group_by == "Hour")
	total = wait_total(tickets)
	rows = records(table)
	for row in rows:
		if group_by == "Staff":
			row["staff_name"] = names.get(row["group"]) or None
		elif group_by == "Window":
			row["window_label"] = names.get(row["group"]) or None
		if not row["group"]:
			row["group"] = None  # tickets nobody called (or of no staff member): shown as Not Set
	if rows:
		rows.append({"group": total_label(group_by), **total, "bold": 1})
	return columns(group_by), rows, None, chart(table, group_by, names), summary(total)


def ticket_rows(filters, group_by: str) -> tuple[pd.DataFrame, dict]:
	"""One row per ticket of the range: its group, status, wait, service and transfers; and the
	staff members' names or the windows' labels of the groups."""
	Ticket = DocType(REF_DOCTYPE)
	if group_by == "Hour":
		key = Extract(DatePart.hour, Ticket.issued_on)
	else:
		key = Ticket[GROUPS[group_by]]
	extra = [Ticket.staff_name] if group_by == "Staff" else []
	query = (
		frappe.qb.from_(Ticket)
		.select(key, Ticket.status, Ticket.wait_seconds, Ticket.service_seconds, Ticket.transfers, *extra)
		.where(Ticket.status != CANCELLED)
	)
	if filters.get("source"):
		query = query.where(Ticket.source == filters.source)
	if filters.get("staff"):
		query = query.where(Ticket.staff == filters.staff)
	query = within(query, Ticket.ticket_date, filters, "quarter")
	rows = apply_common(query, Ticket, filters, REF_DOCTYPE).run()
	names = {}
	if group_by == "Staff":
		names = {row[0]: row[5] for row in rows if row[0] and row[5]}
	elif group_by == "Window":
		names = window_labels({row[0] for row in rows if row[0]})
	if group_by == "Hour":
		rows = [(hour_label(hour) if hour is not None else "", *rest) for hour, *rest in rows]
	frame = pd.DataFrame(
		[row[:5] for row in rows],
		columns=["group", "status", "wait_seconds", "service_seconds", "transfers"],
	)
	return frame, names


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


def chart(table: pd.DataFrame, group_by: str, names: dict) -> dict | None:
	"""Median and 90th percentile of the wait per group, as bars (over the hours as lines)."""
	shown = table[[value is not None for value in table["median_wait"]]] if len(table) else table
	if not len(shown):
		return None
	labels = chart_labels(shown["group"], names, blank=_("Not Set"))
	return multi_chart(
		labels,
		[
			(_("Median Wait (min)"), list(shown["median_wait"])),
			(_("90th Percentile Wait (min)"), list(shown["p90_wait"])),
		],
		kind="line" if group_by == "Hour" else "bar",
		limit=24 if group_by == "Hour" else 20,
		colors=["#2490ef", "#fd7e14"],
	)


def summary(total: dict) -> list[dict]:
	return [
		{"label": _("Tickets"), "value": total["tickets"], "datatype": "Int"},
		{"label": _("Median Wait (min)"), "value": total["median_wait"] or 0.0, "datatype": "Float"},
		{
			"label": _("90th Percentile Wait (min)"),
			"value": total["p90_wait"] or 0.0,
			"datatype": "Float",
			"indicator": "orange",
		},
		{"label": _("Median Service (min)"), "value": total["median_service"] or 0.0, "datatype": "Float"},
		{"label": _("No-Shows"), "value": total["no_shows"], "datatype": "Int", "indicator": "red"},
		{"label": _("Transfers"), "value": total["transfers"], "datatype": "Int", "indicator": "grey"},
	]


def total_label(group_by: str) -> str:
	"""Quoted in a Link column, as Frappe's own total rows, so that it shows as text, not as a link."""
	return "'" + _("Total") + "'" if group_by in GROUP_LINKS else _("Total")


def group_label(group_by: str) -> str:
	return {
		"Department": _("Department"),
		"Window": _("Service Window"),
		"Staff": _("Staff"),
		"Hour": _("Hour of Arrival"),
	}[group_by]


def columns(group_by: str) -> list[dict]:
	group = {"fieldname": "group", "label": group_label(group_by), "width": 180}
	if group_by in GROUP_LINKS:
		group.update({"fieldtype": "Link", "options": GROUP_LINKS[group_by]})
	else:
		group.update({"fieldtype": "Data", "width": 100})
	result = [group]
	if group_by == "Staff":
		result.append(
			{"fieldname": "staff_name", "label": _("Staff Name"), "fieldtype": "Data", "width": 120}
		)
	if group_by == "Window":
		result.append(
			{"fieldname": "window_label", "label": _("Window Name"), "fieldtype": "Data", "width": 160}
		)

	def number(fieldname: str, label: str, fieldtype: str = "Float", width: int = 110) -> dict:
		extra = {"precision": 2} if fieldtype == "Float" else {}
		return {"fieldname": fieldname, "label": label, "fieldtype": fieldtype, "width": width, **extra}

	result += [
		number("tickets", _("Tickets"), "Int", 80),
		number("served", _("Served"), "Int", 80),
		number("median_wait", _("Median Wait (min)")),
		number("p90_wait", _("90th Percentile Wait (min)"), width=150),
		number("median_service", _("Median Service (min)"), width=130),
		number("p90_service", _("90th Percentile Service (min)"), width=160),
		number("no_shows", _("No-Shows"), "Int", 90),
		number("no_show_rate", _("No-Show Rate %"), "Percent", 110),
		number("transfers", _("Transfers"), "Int", 90),
	]
	return result
