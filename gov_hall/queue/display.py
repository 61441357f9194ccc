"""The hall display (大厅综合显示): what the big screen and the window screens show, pushed live through
Frappe's realtime (socket.io) when a ticket is called.

How a guest page hears a call (Frappe v15, apps/frappe/realtime): every socket, a guest's included
(its ``sid`` cookie is ``Guest``), is admitted by the socket.io server and joins its user's room and
the site-wide ``website`` room; besides, any socket may join a ``task_progress:<id>`` room by
emitting ``task_subscribe`` with the id (no permission check: the id is the secret, as for a
background job's progress). Publishing to ``website`` would tell every visitor of every hall's
portal; doctype and document rooms need read permission, which a guest has not. So each hall's
displays share one secret room: ``task_progress:`` + ``hall_channel(hall)``, an HMAC of the hall's
name with the site's encryption key. Only a registered display gets the channel, from the
device-checked ``gov_hall.api.queue_public.display_state``; ``publish`` sends every call, recall,
transfer and finish there (``frappe.publish_realtime(room=...)``), with what the screens need to
update themselves without asking again: the ticket's number, window and status, the waiting count
of every department, and the words to announce. Ticket numbers, window numbers and department
names only: no applicant, no staff user id.
"""

from __future__ import annotations

import hashlib
import hmac

import frappe
from frappe import _
from frappe.query_builder import DocType
from frappe.query_builder.functions import Count

from gov_hall.assessment.rankings import window_label
from gov_hall.utils.clock import now_datetime, nowdate
from gov_hall.utils.staff_cards import public_photo

TICKET = "GH Queue Ticket"
WINDOW = "GH Service Window"
DEPARTMENT = "GH Stationed Department"
EVENT = "gh_queue"
CHANNEL_PREFIX = "gh_queue:"
WAITING = "Waiting"
AT_WINDOW = ("Called", "Serving")
ANNOUNCED = ("Called", "Recalled")
RECENT_CALLS = 6
# the realtime room of a task id, as apps/frappe/realtime/handlers/frappe_handlers.js names it
TASK_ROOM = "task_progress:"


def hall_channel(hall: str) -> str:
	"""The id a hall's displays subscribe to (``task_subscribe``); unguessable without the site's key."""
	from frappe.utils.password import get_encryption_key

	key = get_encryption_key().encode()
	digest = hmac.new(key, f"gov_hall-queue-display:{hall}".encode(), hashlib.sha256).hexdigest()
	return CHANNEL_PREFIX + digest[:32]


def hall_room(hall: str) -> str:
	return TASK_ROOM + hall_channel(hall)


def announcement(ticket_number: str, window_number: str | None) -> str:
	"""请A023号到5号窗口 (the words spoken and shown when a ticket is called)."""
	if not ticket_number or not window_number:
		return ""
	return _("Ticket {0}, please go to window {1}").format(ticket_number, window_number)


def publish(ticket_name: str, event: str, after_commit: bool = False) -> None:
	"""Push a ticket's call (or recall, transfer, finish, issue) to the hall's displays; with
	``after_commit`` only once the caller's transaction is committed (and never if it is not)."""
	if not ticket_name:
		return
	try:
		message = display_message(ticket_name, event)
		if message:
			frappe.publish_realtime(
				EVENT, message, room=hall_room(message["hall"]), after_commit=after_commit
			)
	except Exception:
		# the screens catch up at their next event or poll: a call is never undone for a screen
		frappe.logger("gov_hall").exception("queue display: could not publish %s of %s", event, ticket_name)


def display_message(ticket_name: str, event: str) -> dict | None:
	"""What the screens get of one ticket's move: no applicant, no staff user id."""
	ticket = frappe.db.get_value(
		TICKET,
		ticket_name,
		["hall", "ticket_date", "ticket_number", "department", "window", "window_number", "status"],
		as_dict=True,
	)
	if not ticket or not ticket.hall:
		return None
	announce = event in ANNOUNCED and ticket.status in AT_WINDOW
	return {
		"hall": ticket.hall,
		"event": event,
		"ticket": ticket.ticket_number,
		"department": ticket.department,
		# the window the ticket was last at (also when it is done there: the evaluator asks then)
		"window": ticket.window,
		"window_number": ticket.window_number,
		"status": ticket.status,
		"announce": announcement(ticket.ticket_number, ticket.window_number) if announce else "",
		"waiting": waiting_counts(ticket.hall, str(ticket.ticket_date or nowdate())),
		"at": str(now_datetime()),
	}


def waiting_counts(hall: str, day: str | None = None) -> dict:
	"""{department: tickets waiting} of the hall's day (one grouped query on the queue's index)."""
	Ticket = DocType(TICKET)
	rows = (
		frappe.qb.from_(Ticket)
		.select(Ticket.department, Count("*").as_("waiting"))
		.where(Ticket.hall == hall)
		.where(Ticket.ticket_date == (day or nowdate()))
		.where(Ticket.status == WAITING)
		.groupby(Ticket.department)
		.run(as_dict=True)
	)
	return {row.department: row.waiting for row in rows}


def hall_windows(hall: str) -> list[dict]:
	return frappe.get_all(
		WINDOW,
		filters={"hall": hall, "status": "Active"},
		fields=["name", "window_number", "window_name", "department"],
		order_by="window_number asc",
		ignore_permissions=True,
	)


def current_tickets(hall: str, day: str, window: str | None = None) -> dict:
	"""{window: (ticket_number, status)} of the tickets now called to or served at each window."""
	Ticket = DocType(TICKET)
	query = (
		frappe.qb.from_(Ticket)
		.select(Ticket.window, Ticket.ticket_number, Ticket.status, Ticket.called_on)
		.where(Ticket.hall == hall)
		.where(Ticket.ticket_date == day)
		.where(Ticket.status.isin(AT_WINDOW))
		.where(Ticket.window.isnotnull())
		.orderby(Ticket.called_on)
	)
	if window:
		query = query.where(Ticket.window == window)
	current = {}
	for row in query.run(as_dict=True):
		current[row.window] = (row.ticket_number, row.status)  # the latest call wins
	return current


def recent_calls(hall: str, day: str) -> list[dict]:
	Ticket = DocType(TICKET)
	rows = (
		frappe.qb.from_(Ticket)
		.select(Ticket.ticket_number, Ticket.window_number)
		.where(Ticket.hall == hall)
		.where(Ticket.ticket_date == day)
		.where(Ticket.called_on.isnotnull())
		.where(Ticket.window_number.isnotnull())
		.orderby(Ticket.called_on, order=frappe.qb.desc)
		.limit(RECENT_CALLS)
		.run(as_dict=True)
	)
	return [{"ticket": row.ticket_number, "window_number": row.window_number} for row in rows]


def hall_departments(hall: str) -> list[dict]:
	fields = ["name"]
	if frappe.get_meta(DEPARTMENT).has_field("ticket_prefix"):
		fields.append("ticket_prefix")
	return frappe.get_all(
		DEPARTMENT,
		filters={"hall": hall, "status": "Stationed"},
		fields=fields,
		order_by="name asc",
		ignore_permissions=True,
	)


def hall_state(hall: str) -> dict:
	"""What the hall's big screen shows: each open window's current ticket, the waiting count per
	department and the latest calls. Numbers and names of windows and departments only."""
	day = nowdate()
	current = current_tickets(hall, day)
	waiting = waiting_counts(hall, day)
	windows = []
	for row in hall_windows(hall):
		ticket, status = current.get(row.name, (None, None))
		windows.append(
			{
				"window": row.name,
				"window_number": row.window_number or "",
				"label": window_label(row.window_number, row.window_name),
				"department": row.department or "",
				"ticket": ticket,
				"status": status,
			}
		)
	departments = [
		{
			"department": row.name,
			"prefix": row.get("ticket_prefix") or "",
			"waiting": waiting.get(row.name, 0),
		}
		for row in hall_departments(hall)
	]
	return {
		"hall": hall,
		"hall_name": frappe.db.get_value("GH Service Hall", hall, "hall_name") or hall,
		"date": day,
		"windows": windows,
		"departments": departments,
		"recent": recent_calls(hall, day),
	}


def window_state(window: str) -> dict:
	"""What a window's own screen shows: its number, its current ticket, who serves there (name,
	public photo) and their satisfaction as stars (``staff_stars``)."""
	row = frappe.db.get_value(
		WINDOW, window, ["name", "hall", "window_number", "window_name", "department"], as_dict=True
	)
	day = nowdate()
	ticket, status = current_tickets(row.hall, day, window).get(window, (None, None))
	return {
		"hall": row.hall,
		"window": row.name,
		"window_number": row.window_number or "",
		"label": window_label(row.window_number, row.window_name),
		"department": row.department or "",
		"ticket": ticket,
		"status": status,
		"staff": window_staff(window, day),
	}


STAR_DAYS = 90


def window_staff(window: str, day: str) -> dict | None:
	"""The staff member on duty at the window: who serves the current (or latest) ticket there today,
	else the on-site staff of the window. Their name, public photo and stars; never their user id."""
	Ticket = DocType(TICKET)
	latest = (
		frappe.qb.from_(Ticket)
		.select(Ticket.staff)
		.where(Ticket.window == window)
		.where(Ticket.ticket_date == day)
		.where(Ticket.staff.isnotnull())
		.orderby(Ticket.called_on, order=frappe.qb.desc)
		.limit(1)
		.run()
	)
	user = latest[0][0] if latest else None
	fields = ["user", "full_name"]
	if frappe.get_meta("GH Window Staff").has_field("photo"):
		fields.append("photo")
	rows = []
	# the one who called there (when they are window staff), else whoever is on site at the window
	for filters in ({"user": user} if user else None, {"window": window, "status": "On Site"}):
		if filters:
			rows = frappe.get_all(
				"GH Window Staff",
				filters=filters,
				fields=fields,
				order_by="full_name asc",
				limit=1,
				ignore_permissions=True,
			)
		if rows:
			break
	if not rows:
		return None
	staff = rows[0]
	photo = public_photo(staff.get("photo")) or public_photo(
		frappe.db.get_value("User", staff.user, "user_image")
	)
	return {"full_name": staff.full_name or "", "photo": photo, **staff_stars(staff.user)}


def staff_stars(user: str) -> dict:
	"""A staff member's satisfaction over the last 90 days as 1–5 stars: the mean score of their
	valid ratings that count (every channel; 100 very satisfied … 0 very dissatisfied) mapped to
	stars, rounded to a half. No rating in 90 days → no stars (``stars`` None)."""
	from frappe.query_builder.functions import Avg

	from gov_hall.rules.queue_display import stars

	Rating = DocType("GH Service Rating")
	since = frappe.utils.add_days(nowdate(), -STAR_DAYS)
	row = (
		frappe.qb.from_(Rating)
		.select(Avg(Rating.score), Count("*"))
		.where(Rating.staff == user)
		.where(Rating.counts_in_scores == 1)
		.where(Rating.status == "Valid")
		.where(Rating.rated_on >= since)
		.run()
	)
	average, count = (row[0] if row else (None, 0)) or (None, 0)
	return {"stars": stars(average) if count else None, "ratings": int(count or 0)}
