"""The hall floor's guest endpoints: the ticket kiosk (取号机), the hall display (大厅综合屏), a window's
own screen (窗口屏) and the window evaluator (评价器). No login: each request is from a device the
hall registered (GH Queue Device), recognised by its token (the ``gh_device`` cookie set when the
device was paired, or a ``token`` argument) and its address (``allowed_ips``), through
``gov_hall.queue.devices.device_for``; anything else gets the same translated refusal and nothing is
made. Every endpoint is rate-limited per address (frappe.rate_limiter).

What the screens get are ticket numbers, window numbers, department names and the serving staff
member's public name, photo and stars: never an applicant, a mobile or a user id.
"""

# Postponed annotations: Frappe then skips its pydantic check, so malformed arguments reach our own
# validation and get the same clear answer as any other wrong input.
from __future__ import annotations

import frappe
from frappe import _
from frappe.query_builder import DocType
from frappe.rate_limiter import rate_limit
from frappe.utils import cint, get_datetime

from gov_hall.queue import display
from gov_hall.rules import ratings as rating_rules
from gov_hall.utils.clock import now_datetime, nowdate
from gov_hall.utils.staff_cards import card_window

KIOSK = "Kiosk"
HALL_DISPLAY = "Hall Display"
WINDOW_DISPLAY = "Window Display"
WINDOW_EVALUATOR = "Window Evaluator"
TICKET = "GH Queue Ticket"
RATING = "GH Service Rating"
MINUTE = 60
# per address and minute: a hall's devices often share one address (its network's NAT), each screen
# asks once on start, on every reconnection and every 30 s while its realtime connection is down
# (40 window screens: 80 a minute); an evaluator is pressed once per visit
KIOSK_LIMIT = 120
SCREEN_LIMIT = 300
EVALUATOR_LIMIT = 120
# a visit stays rateable at the evaluator for this long after its service finished
RATEABLE_MINUTES = 15
RATEABLE_STATUSES = ("Called", "Serving", "Done")
BOOKING_CODE_LIMIT = 40


def device(device_type: str, token=None, window: str | None = None):
	"""The registered, enabled device of this type at this address (its ``token`` argument, else
	its ``gh_device`` cookie), else the translated refusal."""
	from gov_hall.queue.devices import device_for, token_from_request

	if not (isinstance(token, str) and token.strip()):
		token = token_from_request()
	return device_for(token.strip() if isinstance(token, str) else None, device_type, window=window)


def clean_choice(value, label: str) -> str | None:
	if value in (None, ""):
		return None
	if not isinstance(value, str) or len(value) > 140:
		frappe.throw(_("Choose a valid {0}.").format(label), title=_("Invalid Input"))
	return value.strip()


# ---------------------------------------------------------------------------------------------
# The kiosk (取号机)


@frappe.whitelist(allow_guest=True, methods=["GET", "POST"])
@rate_limit(limit=KIOSK_LIMIT, seconds=MINUTE)
def kiosk_options(token: str = "") -> dict:
	"""The departments (with their waiting counts) and the matters a citizen can take a ticket for."""
	kiosk = device(KIOSK, token)
	waiting = display.waiting_counts(kiosk.hall)
	departments = [
		{
			"department": row.name,
			"prefix": row.get("ticket_prefix") or "",
			"waiting": waiting.get(row.name, 0),
		}
		for row in display.hall_departments(kiosk.hall)
	]
	names = [row["department"] for row in departments]
	matters = (
		frappe.get_all(
			"GH Service Matter",
			filters={"department": ["in", names], "status": "Active"},
			fields=["name", "matter_name", "department"],
			order_by="matter_name asc",
			ignore_permissions=True,
		)
		if names
		else []
	)
	by_department = {}
	for row in matters:
		by_department.setdefault(row.department, []).append(
			{"matter": row.name, "matter_name": row.matter_name}
		)
	for row in departments:
		row["matters"] = by_department.get(row["department"], [])
	return {
		"hall_name": frappe.db.get_value("GH Service Hall", kiosk.hall, "hall_name") or kiosk.hall,
		"departments": departments,
	}


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=KIOSK_LIMIT, seconds=MINUTE)
def take_ticket(department: str = "", matter: str = "", token: str = "") -> dict:
	"""Issue a ticket at the kiosk for a department or a matter of the kiosk's hall."""
	from gov_hall.queue.tickets import issue_ticket

	kiosk = device(KIOSK, token)
	department = clean_choice(department, _("Department"))
	matter = clean_choice(matter, _("Matter"))
	if not department and not matter:
		frappe.throw(_("Choose a department or a matter."), title=_("Invalid Input"))
	ticket = issue_ticket(kiosk.hall, department=department, matter=matter, source=KIOSK, device=kiosk.name)
	display.publish(ticket.name, "Issued", after_commit=True)
	return slip(ticket)


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=KIOSK_LIMIT, seconds=MINUTE)
def check_in(booking_code: str = "", token: str = "") -> dict:
	"""An appointment holder checks in with the booking code: a priority ticket for the slot."""
	from gov_hall.queue.tickets import check_in as check_in_booking

	kiosk = device(KIOSK, token)
	if (
		not isinstance(booking_code, str)
		or not booking_code.strip()
		or len(booking_code) > BOOKING_CODE_LIMIT
	):
		frappe.throw(_("Enter the booking code of your appointment."), title=_("Invalid Input"))
	ticket = check_in_booking(booking_code.strip(), kiosk.hall, device=kiosk.name)
	display.publish(ticket.name, "Issued", after_commit=True)
	return slip(ticket)


def slip(ticket) -> dict:
	"""What the kiosk shows and prints: the number, the department or matter, how many wait ahead."""
	from gov_hall.queue.tickets import waiting_ahead

	matter_name = (
		frappe.db.get_value("GH Service Matter", ticket.matter, "matter_name") if ticket.matter else ""
	)
	return {
		"ticket_number": ticket.ticket_number,
		"department": ticket.department,
		"matter_name": matter_name or "",
		"waiting_ahead": waiting_ahead(ticket),
		"priority": cint(ticket.priority),
		"is_appointment": bool(ticket.appointment),
		"issued_on": str(get_datetime(ticket.issued_on).strftime("%Y-%m-%d %H:%M"))
		if ticket.issued_on
		else "",
		"hall_name": frappe.db.get_value("GH Service Hall", ticket.hall, "hall_name") or ticket.hall,
	}


# ---------------------------------------------------------------------------------------------
# The screens


@frappe.whitelist(allow_guest=True, methods=["GET", "POST"])
@rate_limit(limit=SCREEN_LIMIT, seconds=MINUTE)
def hall_display_state(token: str = "") -> dict:
	"""The hall display's whole state and the realtime channel it listens on for calls."""
	screen = device(HALL_DISPLAY, token)
	return {**display.hall_state(screen.hall), "channel": display.hall_channel(screen.hall)}


@frappe.whitelist(allow_guest=True, methods=["GET", "POST"])
@rate_limit(limit=SCREEN_LIMIT, seconds=MINUTE)
def window_display_state(card_code: str = "", token: str = "") -> dict:
	"""A window screen's state (number, current ticket, staff on duty with photo and stars)."""
	window = card_window(card_code)
	screen = device(WINDOW_DISPLAY, token, window=window.name if window else None)
	if not window or (screen.get("window") and screen.window != window.name):
		frappe.throw(_("This screen is not registered to this window."), frappe.PermissionError)
	return {**display.window_state(window.name), "channel": display.hall_channel(window.hall)}


# ---------------------------------------------------------------------------------------------
# The window evaluator (评价器)


def evaluator(token=None):
	pad = device(WINDOW_EVALUATOR, token)
	if not pad.get("window"):
		frappe.throw(_("This evaluator is not registered to a window."), frappe.PermissionError)
	return pad


def current_visit(window: str) -> frappe._dict | None:
	"""The visit the evaluator asks about: the ticket at the window now, else the one whose service
	finished there in the last minutes; None when there is none (or it has been rated)."""
	Ticket = DocType(TICKET)
	rows = (
		frappe.qb.from_(Ticket)
		.select(
			Ticket.name,
			Ticket.ticket_number,
			Ticket.status,
			Ticket.staff,
			Ticket.staff_name,
			Ticket.rating,
			Ticket.called_on,
			Ticket.service_finished_on,
		)
		.where(Ticket.window == window)
		.where(Ticket.ticket_date == nowdate())
		.where(Ticket.status.isin(RATEABLE_STATUSES))
		.orderby(Ticket.called_on, order=frappe.qb.desc)
		.limit(5)
		.run(as_dict=True)
	)
	for row in rows:
		if rateable(row):
			return row
	return None


def rateable(row) -> bool:
	if row.status in display.AT_WINDOW:
		return True
	if row.status != "Done" or not row.service_finished_on:
		return False
	age = now_datetime() - get_datetime(row.service_finished_on)
	return age.total_seconds() <= RATEABLE_MINUTES * MINUTE


def public_visit(row) -> dict | None:
	if not row:
		return None
	return {
		"visit": row.name,
		"ticket_number": row.ticket_number,
		"staff_name": row.staff_name or "",
		"rated": bool(row.rating),
	}


@frappe.whitelist(allow_guest=True, methods=["GET", "POST"])
@rate_limit(limit=SCREEN_LIMIT, seconds=MINUTE)
def evaluator_state(token: str = "") -> dict:
	"""The evaluator's window, its current visit (or None) and the realtime channel of its hall."""
	pad = evaluator(token)
	window = frappe.db.get_value(
		"GH Service Window", pad.window, ["name", "hall", "window_number", "window_name"], as_dict=True
	)
	return {
		"window": window.name,
		"window_number": window.window_number or "",
		"label": display.window_label(window.window_number, window.window_name),
		"visit": public_visit(current_visit(window.name)),
		"levels": [{"level": level, "label": _(level)} for level in rating_rules.LEVELS],
		"channel": display.hall_channel(window.hall),
	}


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=EVALUATOR_LIMIT, seconds=MINUTE)
def rate_visit(visit: str = "", level: str = "", token: str = "") -> dict:
	"""The citizen's five-level rating of this visit, from the window's evaluator: one per ticket,
	recorded as a Window Visit rating under the Window Evaluator channel and linked on the ticket."""
	from gov_hall.voice.ratings import evaluator_rating

	pad = evaluator(token)
	if level not in rating_rules.LEVELS:
		frappe.throw(_("Choose one of the five rating levels."), title=_("Invalid Input"))
	if not isinstance(visit, str) or not visit or len(visit) > 140:
		frappe.throw(_("There is no visit to rate at this window now."), title=_("Invalid Input"))
	# the ticket's row is locked: two presses at once make one rating
	rows = frappe.db.sql(
		"""select name, window, ticket_date, status, staff, rating, service_finished_on
		from `tabGH Queue Ticket` where name = %s for update""",
		visit,
		as_dict=True,
	)
	ticket = rows[0] if rows else None
	if (
		not ticket
		or ticket.window != pad.window
		or str(ticket.ticket_date) != nowdate()
		or ticket.status not in RATEABLE_STATUSES
		or not rateable(ticket)
	):
		return {"ok": False, "message": _("There is no visit to rate at this window now.")}
	if ticket.rating:
		return {"ok": False, "message": _("This visit has already been rated. Thank you.")}
	rating = frappe.get_doc(
		{
			"doctype": RATING,
			"rating_for": rating_rules.WINDOW_VISIT,
			"channel": rating_rules.WINDOW_EVALUATOR,
			"level": level,
			"window": pad.window,
			# the serving staff member, when they are window staff of the hall (a rating names only them)
			"staff": ticket.staff
			if ticket.staff and frappe.db.exists("GH Window Staff", ticket.staff)
			else None,
		}
	)
	with evaluator_rating(pad.window):
		rating.insert(ignore_permissions=True)
	link_rating(ticket.name, rating.name)
	if rating.is_bad_review:
		message = _(
			"Thank you. We are sorry the service fell short; the hall will look into it and follow up."
		)
	else:
		message = _("Thank you for rating our service.")
	return {"ok": True, "message": message}


def link_rating(ticket: str, rating: str) -> None:
	"""The ticket's ``rating``: set once, here, by the evaluator's rating (an app-set field)."""
	frappe.db.set_value(TICKET, ticket, "rating", rating, update_modified=False)
