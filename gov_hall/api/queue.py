"""Desk endpoints of the hall floor (the window staff's queue console, page gh-queue-console).

Who may act for a window: hall managers for any window; a window staff member (or chief
representative) for their own window and the windows of their department(s). Moves on a ticket are
allowed to whoever may act for the window the ticket is at. Guests never reach these endpoints
(their kiosk, displays and evaluator use gov_hall.api.queue_public, device-checked).
"""

from __future__ import annotations

import json

import frappe
from frappe import _
from frappe.utils import cint

from gov_hall.access.scope import departments_of, is_manager
from gov_hall.queue import calling, display, tickets
from gov_hall.rules import queue as rules
from gov_hall.utils.clock import today

TICKET = "GH Queue Ticket"
WINDOW = "GH Service Window"
STAFF_ROLES = frozenset({"Window Staff", "Chief Representative"})


# ---------------------------------------------------------------------------------------------
# Who may act


def refuse_permission() -> None:
	frappe.throw(
		_("You cannot call tickets for this window."), frappe.PermissionError, title=_("Not Allowed")
	)


def own_window(user: str) -> str | None:
	return frappe.db.get_value("GH Window Staff", {"user": user, "status": "On Site"}, "window")


def may_operate(window: str, user: str | None = None) -> bool:
	"""Whether ``user`` may call and serve tickets at ``window``."""
	user = user or frappe.session.user
	if user == "Guest" or not isinstance(window, str) or not window:
		return False
	if is_manager(user):
		return True
	if not STAFF_ROLES & set(frappe.get_roles(user)):
		return False
	if own_window(user) == window:
		return True
	department = frappe.db.get_value(WINDOW, window, "department")
	return bool(department) and department in departments_of(user)


def check_window(window: str) -> None:
	if not isinstance(window, str) or not window or not frappe.db.exists(WINDOW, window):
		frappe.throw(_("Choose a service window."), title=_("Invalid Input"))
	if not may_operate(window):
		refuse_permission()


def check_ticket(ticket: str) -> frappe._dict:
	"""The ticket's row, when the user may act at the window it is at (or, for a waiting ticket that
	no window holds, a window serving its department)."""
	row = (
		frappe.db.get_value(TICKET, ticket, ["name", "hall", "department", "window", "status"], as_dict=True)
		if isinstance(ticket, str) and ticket
		else None
	)
	if not row:
		frappe.throw(_("No such queue ticket."), title=_("Invalid Input"))
	if row.window:
		if not may_operate(row.window):
			refuse_permission()
	elif not (is_manager() or row.department in departments_of(frappe.session.user)):
		refuse_permission()
	return row


def check_desk_user(hall: str) -> None:
	"""Issuing from the desk: managers, and staff on site in the hall."""
	user = frappe.session.user
	if is_manager(user):
		return
	staff_hall = frappe.db.get_value("GH Window Staff", {"user": user, "status": "On Site"}, "hall")
	if not (STAFF_ROLES & set(frappe.get_roles(user))) or not staff_hall or staff_hall != hall:
		frappe.throw(
			_("Only the hall's staff can issue tickets at the desk."),
			frappe.PermissionError,
			title=_("Not Allowed"),
		)


def parse_new_case(new_case) -> dict | None:
	if new_case in (None, ""):
		return None
	if isinstance(new_case, str):
		try:
			new_case = json.loads(new_case)
		except ValueError:
			frappe.throw(_("Give the applicant's details for the new case."), title=_("Invalid Input"))
	if not isinstance(new_case, dict):
		frappe.throw(_("Give the applicant's details for the new case."), title=_("Invalid Input"))
	return new_case


# ---------------------------------------------------------------------------------------------
# Endpoints


@frappe.whitelist(methods=["POST"])
def issue_desk_ticket(hall: str, department: str | None = None, matter: str | None = None) -> dict:
	"""A ticket issued by staff at the desk (source Desk)."""
	if not isinstance(hall, str) or not hall or not frappe.db.exists("GH Service Hall", hall):
		frappe.throw(_("Choose the service hall."), title=_("Invalid Input"))
	check_desk_user(hall)
	doc = tickets.issue_ticket(
		hall, department=department or None, matter=matter or None, source=tickets.DESK
	)
	# the hall's screens count the new ticket among the waiting once it is committed
	display.publish(doc.name, "Issued", after_commit=True)
	return {
		"name": doc.name,
		"ticket_number": doc.ticket_number,
		"department": doc.department,
		"waiting_ahead": tickets.waiting_ahead(doc),
	}


@frappe.whitelist(methods=["POST"])
def call_next(window: str) -> dict:
	"""Call the window's next ticket; ``{"ticket": None}`` when nobody waits."""
	check_window(window)
	name = calling.call_next(window, frappe.session.user)
	return window_state(window) | {"called": name}


@frappe.whitelist(methods=["POST"])
def recall(ticket: str) -> dict:
	check_ticket(ticket)
	return calling.recall(ticket)


@frappe.whitelist(methods=["POST"])
def no_show(ticket: str) -> dict:
	check_ticket(ticket)
	return calling.mark_no_show(ticket)


@frappe.whitelist(methods=["POST"])
def transfer(ticket: str, window: str | None = None, department: str | None = None) -> dict:
	check_ticket(ticket)
	return calling.transfer(ticket, window=window or None, department=department or None)


@frappe.whitelist(methods=["POST"])
def start_service(ticket: str) -> dict:
	check_ticket(ticket)
	return calling.start_service(ticket)


@frappe.whitelist(methods=["POST"])
def finish_service(ticket: str, case: str | None = None, new_case: dict | str | None = None) -> dict:
	"""Finish the service; ``case`` links an existing case, ``new_case`` (the applicant's details)
	opens one with the ticket's matter and appointment."""
	check_ticket(ticket)
	return calling.finish_service(ticket, case=case or None, new_case=parse_new_case(new_case))


@frappe.whitelist(methods=["GET", "POST"])
def window_state(window: str) -> dict:
	"""What the console shows: the window, its current ticket, how many wait for it."""
	check_window(window)
	info = calling.window_info(window)
	current = calling.current_ticket(window)
	ticket = None
	if current:
		row = frappe.db.get_value(
			TICKET,
			current,
			[
				"name",
				"ticket_number",
				"status",
				"department",
				"matter",
				"appointment",
				"source",
				"issued_on",
				"called_on",
				"recalls",
				"transfers",
				"service_started_on",
			],
			as_dict=True,
		)
		ticket = dict(row)
	settings = tickets.queue_settings()
	return {
		"window": info.name,
		"window_number": info.window_number,
		"window_name": info.window_name,
		"hall": info.hall,
		"status": info.status,
		"departments": info.departments,
		"ticket": ticket,
		"waiting": calling.waiting_count(info),
		"max_recalls": settings.max_recalls,
		"can_no_show": bool(ticket and rules.no_show_due(cint(ticket["recalls"]), settings.max_recalls)),
		"date": str(today()),
	}


@frappe.whitelist(methods=["GET"])
def my_windows() -> list[dict]:
	"""The windows the user may operate (their own first), for the console's picker."""
	user = frappe.session.user
	filters = {"status": "Active"}
	if not is_manager(user):
		departments = list(departments_of(user))
		own = own_window(user)
		names = set(frappe.get_all(WINDOW, filters={"department": ("in", departments or [""])}, pluck="name"))
		if own:
			names.add(own)
		if not names:
			return []
		filters["name"] = ("in", sorted(names))
	rows = frappe.get_all(
		WINDOW,
		filters=filters,
		fields=["name", "window_number", "window_name", "hall", "department"],
		order_by="hall asc, window_number asc",
		ignore_permissions=True,
	)
	own = own_window(user)
	rows.sort(key=lambda r: r.name != own)
	return rows
