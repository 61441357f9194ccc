"""Calling tickets from the desk (叫号): call next, recall, no-show, transfer, start and finish service.

``call_next`` is the hot path (a city hall: 300 windows calling at once) and must never give two
windows the same ticket nor pass one over. It is one short transaction of its own:

1. the window's row is locked (``SELECT ... FOR UPDATE``): one window's double click waits for the
   first call instead of calling two tickets;
2. the waiting tickets it serves are read in the order of calling (``rules.CALL_ORDER_SQL``: priority,
   the appointment's slot or arrival, arrival, name), a batch at a time;
3. the first of them still waiting that no other transaction holds is locked with
   ``SELECT ... FOR UPDATE SKIP LOCKED`` on its primary key (the status and the window's right to it
   checked again on the locked row), so another window calling at the same instant skips exactly that
   ticket and takes the next;
4. one ``UPDATE`` marks it Called at the window, its Called event is inserted, and the transaction
   commits; the displays are told after the commit (``gov_hall.queue.display.publish``).

Why not one ``SELECT ... ORDER BY ... LIMIT 1 FOR UPDATE SKIP LOCKED`` over the whole queue: the
order is a sort (no index can give ``priority desc, coalesce(slot_start, issued_on)`` across a
window's several departments), and InnoDB locks every row it reads for the sort, not only the one
returned; a second window calling at the same time would then skip the whole queue and find nothing.
Locking one ticket at a time, in order, locks exactly the ticket called.

The other moves lock the ticket (``frappe.get_doc(..., for_update=True)``), save it through the
controller under a named action (gov_hall.access.controlled) and publish after the request's commit.
"""

from __future__ import annotations

import time

import frappe
from frappe import _
from frappe.utils import cint, get_datetime

from gov_hall.access import controlled
from gov_hall.queue import display, tickets
from gov_hall.rules import queue as rules
from gov_hall.utils.clock import now_datetime, today

TICKET = tickets.TICKET
EVENT = tickets.EVENT
WINDOW = "GH Service Window"
BATCH = 32
# seconds to hold the lock before the UPDATE: 0 in production; the concurrency test widens the race
# window with it to prove the lock is what keeps two windows apart
_pause_after_lock: float = 0.0
# the locking clause of step 3 (the concurrency test removes it to show the test can fail)
_LOCK_CLAUSE = "for update skip locked"

CALL = "Call Ticket"
RECALL = "Recall"
NO_SHOW = "No Show"
TRANSFER = "Transfer"
START_SERVICE = "Start Service"
FINISH_SERVICE = "Finish Service"
CANCEL = "Cancel"


def refuse(message: str, exc=frappe.ValidationError) -> None:
	frappe.throw(message, exc, title=_("Invalid Input"))


# ---------------------------------------------------------------------------------------------
# Windows


def window_info(window: str) -> frappe._dict:
	"""The window's hall, number, status and the departments it serves (lead first)."""
	row = (
		frappe.db.get_value(
			WINDOW,
			window,
			["name", "hall", "department", "window_number", "window_name", "status"],
			as_dict=True,
		)
		if isinstance(window, str) and window
		else None
	)
	if not row:
		refuse(_("Choose a service window."))
	served = frappe.get_all(
		"GH Window Department",
		filters={"parent": row.name, "parenttype": WINDOW, "parentfield": "served_departments"},
		pluck="department",
	)
	row.departments = [row.department, *(d for d in served if d and d != row.department)]
	return row


def current_ticket(window: str) -> str | None:
	"""Today's ticket called to or being served at the window."""
	return frappe.db.get_value(
		TICKET,
		{"window": window, "status": ("in", list(rules.AT_WINDOW)), "ticket_date": today()},
		"name",
		order_by="called_on desc",
	)


def eligibility(window) -> tuple[str, dict]:
	"""SQL condition (and its values) for the waiting tickets the window may call."""
	return (
		"`hall` = %(hall)s and `ticket_date` = %(day)s and `status` = 'Waiting' and "
		"(`window` = %(window)s or (ifnull(`window`, '') = '' and `department` in %(departments)s))",
		{
			"hall": window.hall,
			"day": today(),
			"window": window.name,
			"departments": tuple(window.departments),
		},
	)


def waiting_count(window) -> int:
	where, values = eligibility(window)
	return cint(frappe.db.sql(f"select count(*) from `tabGH Queue Ticket` where {where}", values)[0][0])


def staff_name(user: str | None) -> str | None:
	if not user or user == "Guest":
		return None
	return frappe.db.get_value("User", user, "full_name") or user


# ---------------------------------------------------------------------------------------------
# Call next


def call_next(window: str, staff: str | None = None) -> str | None:
	"""Call the window's next ticket; its name, or None when nobody waits. Commits."""
	staff = staff or (frappe.session.user if frappe.session.user != "Guest" else None)
	frappe.db.commit()  # nosemgrep: the call's row locks live in a transaction of their own, as short as it can be
	try:
		name = _call_next(window, staff)
		frappe.db.commit()  # nosemgrep: releases the locks at once, before the displays are told
	except Exception:
		frappe.db.rollback()
		raise
	if name:
		display.publish(name, "Called")
	return name


def _call_next(window_name: str, staff: str | None) -> str | None:
	window = window_info(window_name)
	# serialise one window's calls (a double click)
	frappe.db.sql(f"select `name` from `tab{WINDOW}` where `name` = %s for update", (window.name,))
	if window.status != "Active":
		refuse(_("Window {0} is closed.").format(window.window_number or window.name))
	holding = current_ticket(window.name)
	if holding:
		refuse(
			_("Window {0} still has ticket {1}: finish it, mark it a no-show or transfer it first.").format(
				window.window_number or window.name, frappe.db.get_value(TICKET, holding, "ticket_number")
			)
		)
	where, values = eligibility(window)
	offset = 0
	while True:
		candidates = frappe.db.sql(
			# the hall's waiting tickets of the day through the calling index, then sorted: left to
			# itself MariaDB reads them through the ticket-number index and sorts more rows
			f"""select `name` from `tabGH Queue Ticket` force index (gh_queue_calling) where {where}
			order by {rules.CALL_ORDER_SQL} limit {BATCH} offset {offset}""",
			values,
		)
		if not candidates:
			return None
		for (candidate,) in candidates:
			locked = frappe.db.sql(
				f"""select `name`, `issued_on`, `slot_start`, `called_on` from `tabGH Queue Ticket`
				where `name` = %(name)s and {where} {_LOCK_CLAUSE}""",
				{**values, "name": candidate},
				as_dict=True,
			)
			if locked:
				if _pause_after_lock:
					time.sleep(_pause_after_lock)
				_mark_called(locked[0], window, staff)
				return candidate
		offset += BATCH


def _mark_called(row, window, staff: str | None) -> None:
	now = now_datetime()
	first_call = row.called_on is None
	wait = rules.wait_seconds(
		get_datetime(row.issued_on), now, get_datetime(row.slot_start) if row.slot_start else None
	)
	frappe.db.sql(
		f"""update `tabGH Queue Ticket` set `status` = 'Called', `window` = %(window)s,
		`window_number` = %(number)s, `staff` = %(staff)s, `staff_name` = %(staff_name)s,
		`called_on` = %(now)s, `recalls` = 0,
		`wait_seconds` = {"%(wait)s" if first_call else "`wait_seconds`"},
		`modified` = %(now)s, `modified_by` = %(user)s
		where `name` = %(name)s""",
		{
			"window": window.name,
			"number": window.window_number,
			"staff": staff,
			"staff_name": staff_name(staff),
			"now": now,
			"wait": wait or 0,
			"user": frappe.session.user,
			"name": row.name,
		},
	)
	insert_event(row.name, "Called", now, window.name, staff)


def insert_event(ticket: str, event: str, at, window: str | None, staff: str | None, note=None) -> None:
	"""One event row written straight to the table (the ticket is locked by the caller)."""
	idx = cint(
		frappe.db.sql(
			"select max(`idx`) from `tabGH Queue Ticket Event` where `parent` = %s and `parenttype` = %s",
			(ticket, TICKET),
		)[0][0]
	)
	user = frappe.session.user
	frappe.db.sql(
		"""insert into `tabGH Queue Ticket Event` (`name`, `creation`, `modified`, `owner`, `modified_by`,
		`docstatus`, `idx`, `parent`, `parentfield`, `parenttype`, `event`, `at`, `window`, `staff`, `note`)
		values (%(name)s, %(at)s, %(at)s, %(user)s, %(user)s, 0, %(idx)s, %(parent)s, 'events', %(parenttype)s,
		%(event)s, %(at)s, %(window)s, %(staff)s, %(note)s)""",
		{
			"name": frappe.generate_hash(length=12),
			"at": at,
			"user": user,
			"idx": idx + 1,
			"parent": ticket,
			"parenttype": TICKET,
			"event": event,
			"window": window,
			"staff": staff,
			"note": note,
		},
	)


# ---------------------------------------------------------------------------------------------
# The other moves


def locked_ticket(name: str):
	if not isinstance(name, str) or not name or not frappe.db.exists(TICKET, name):
		refuse(_("No such queue ticket."))
	return frappe.get_doc(TICKET, name, for_update=True)


def moved(doc, action: str) -> str:
	"""The status after ``action``; a translated refusal when the ticket is not in a state for it."""
	try:
		return rules.next_status(action, doc.status)
	except rules.QueueRuleError:
		refuse(
			_("Ticket {0} is {1}: it cannot be {2} now.").format(doc.ticket_number, _(doc.status), _(action))
		)


def save_move(doc, action: str, event: str, note: str | None = None) -> None:
	tickets.add_event(doc, event, window=doc.window, staff=frappe.session.user, note=note)
	with controlled.action(doc, action):
		doc.save(ignore_permissions=True)
	frappe.db.after_commit.add(lambda: display.publish(doc.name, event))


def state(doc) -> dict:
	return {
		"name": doc.name,
		"ticket_number": doc.ticket_number,
		"status": doc.status,
		"window": doc.window,
		"recalls": cint(doc.recalls),
		"transfers": cint(doc.transfers),
	}


def recall(ticket: str) -> dict:
	"""Call the ticket again (the citizen did not come); refused after the hall's last recall."""
	doc = locked_ticket(ticket)
	doc.status = moved(doc, RECALL)
	max_recalls = tickets.queue_settings().max_recalls
	if rules.no_show_due(doc.recalls, max_recalls):
		refuse(
			_("Ticket {0} has been recalled {1} times: mark it a no-show.").format(
				doc.ticket_number, cint(doc.recalls)
			)
		)
	doc.recalls = cint(doc.recalls) + 1
	doc.called_on = now_datetime()
	save_move(doc, RECALL, "Recalled")
	return state(doc)


def mark_no_show(ticket: str) -> dict:
	"""The citizen did not come after the hall's number of recalls (Hall Settings)."""
	doc = locked_ticket(ticket)
	doc.status = moved(doc, NO_SHOW)
	max_recalls = tickets.queue_settings().max_recalls
	if not rules.no_show_due(doc.recalls, max_recalls):
		refuse(
			_("Recall ticket {0} {1} times before marking it a no-show.").format(
				doc.ticket_number, max_recalls
			)
		)
	save_move(doc, NO_SHOW, "No Show")
	return state(doc)


def transfer(ticket: str, window: str | None = None, department: str | None = None) -> dict:
	"""Send the ticket to another window or department; it keeps its arrival time (and so its place)."""
	doc = locked_ticket(ticket)
	if bool(window) == bool(department):
		refuse(_("Transfer to either a window or a department."))
	doc.status = moved(doc, TRANSFER)
	before = doc.window
	if window:
		target = window_info(window)
		if target.hall != doc.hall or target.status != "Active":
			refuse(_("Choose an open window of the ticket's hall."))
		if target.name == before:
			refuse(_("The ticket is already at this window."))
		if doc.department not in target.departments:
			doc.department = target.department
		doc.window = target.name
		note = target.window_number
	else:
		row = frappe.db.get_value(
			"GH Stationed Department", department, ["name", "hall", "status"], as_dict=True
		)
		if not row or row.hall != doc.hall or row.status != "Stationed":
			refuse(_("Choose a department of the ticket's hall."))
		doc.department = row.name
		doc.window = None
		note = row.name
	if doc.matter and frappe.db.get_value("GH Service Matter", doc.matter, "department") != doc.department:
		doc.matter = None
	doc.staff = None
	doc.recalls = 0
	doc.transfers = cint(doc.transfers) + 1
	tickets.add_event(doc, "Transferred", window=before, staff=frappe.session.user, note=note)
	with controlled.action(doc, TRANSFER):
		doc.save(ignore_permissions=True)
	frappe.db.after_commit.add(lambda: display.publish(doc.name, "Transferred"))
	return state(doc)


def start_service(ticket: str) -> dict:
	doc = locked_ticket(ticket)
	doc.status = moved(doc, START_SERVICE)
	doc.service_started_on = now_datetime()
	doc.staff = frappe.session.user if frappe.session.user != "Guest" else doc.staff
	save_move(doc, START_SERVICE, "Service Started")
	return state(doc)


def finish_service(ticket: str, case: str | None = None, new_case: dict | None = None) -> dict:
	"""Finish the service; link an existing case (``case``) or open a new one (``new_case``: the
	applicant's values; matter, appointment and the appointment's applicant are carried over). The
	case keeps the ticket and its wait and service minutes."""
	doc = locked_ticket(ticket)
	if case and new_case:
		refuse(_("Link an existing case or open a new one, not both."))
	doc.status = moved(doc, FINISH_SERVICE)
	now = now_datetime()
	doc.service_finished_on = now
	if not doc.service_started_on:
		doc.service_started_on = doc.called_on or now
	tickets.add_event(doc, "Service Finished", at=now, window=doc.window, staff=frappe.session.user)
	tickets.compute_times(doc)
	wait_minutes = rules.minutes(cint(doc.wait_seconds))
	service_minutes = rules.minutes(cint(doc.service_seconds))
	case_name = None
	if case:
		case_name = link_case(doc, case, wait_minutes, service_minutes)
	elif new_case is not None:
		case_name = open_case(doc, new_case, wait_minutes, service_minutes)
	doc.case = case_name
	with controlled.action(doc, FINISH_SERVICE):
		doc.save(ignore_permissions=True)
	frappe.db.after_commit.add(lambda: display.publish(doc.name, "Service Finished"))
	return {
		**state(doc),
		"case": case_name,
		"wait_minutes": wait_minutes,
		"service_minutes": service_minutes,
	}


def link_case(doc, case: str, wait_minutes, service_minutes) -> str:
	if not isinstance(case, str) or not frappe.db.exists("GH Case", case):
		refuse(_("No such case."))
	case_doc = frappe.get_doc("GH Case", case)
	case_doc.check_permission("write")
	if case_doc.hall != doc.hall:
		refuse(_("The case is not of the ticket's hall."))
	if case_doc.queue_ticket and case_doc.queue_ticket != doc.name:
		refuse(_("Case {0} is already linked to another queue ticket.").format(case))
	case_doc.queue_ticket = doc.name
	case_doc.wait_minutes = wait_minutes
	case_doc.service_minutes = service_minutes
	with controlled.action(case_doc, FINISH_SERVICE):
		case_doc.save()
	return case_doc.name


NEW_CASE_FIELDS = ("applicant_type", "applicant_name", "id_number", "mobile", "contact_person", "matter")


def open_case(doc, values: dict, wait_minutes, service_minutes) -> str:
	if not isinstance(values, dict):
		refuse(_("Give the applicant's details for the new case."))
	given = {k: v for k, v in values.items() if k in NEW_CASE_FIELDS and v not in (None, "")}
	appointment = None
	if doc.appointment:
		appointment = frappe.db.get_value(
			"GH Appointment",
			doc.appointment,
			["name", "applicant_name", "id_number", "mobile", "status", "case"],
			as_dict=True,
		)
	carried = {
		"applicant_type": "Person",
		"matter": doc.matter,
	}
	if appointment and not appointment.case:
		carried.update(
			{k: appointment.get(k) for k in ("applicant_name", "id_number", "mobile") if appointment.get(k)}
		)
	fields = {**carried, **given}
	if not fields.get("matter"):
		refuse(_("Choose the service matter of the new case."))
	frappe.has_permission("GH Case", "create", throw=True)
	case_doc = frappe.get_doc(
		{
			"doctype": "GH Case",
			**fields,
			"hall": doc.hall,
			"window": doc.window,
			"channel": "Appointment" if appointment and not appointment.case else "Window",
			"appointment": appointment.name if appointment and not appointment.case else None,
			"queue_ticket": doc.name,
			"wait_minutes": wait_minutes,
			"service_minutes": service_minutes,
		}
	)
	with controlled.action(case_doc, FINISH_SERVICE):
		case_doc.insert()
	if appointment and not appointment.case and appointment.status == "Booked":
		receive_appointment(appointment.name, case_doc.name, doc.window)
	return case_doc.name


def receive_appointment(appointment: str, case: str, window: str | None) -> None:
	from gov_hall.gov_hall.doctype.gh_appointment.gh_appointment import RECEIVE

	booking = frappe.get_doc("GH Appointment", appointment)
	booking.status = "Arrived"
	booking.case = case
	booking.window = window
	with controlled.action(booking, RECEIVE):
		booking.save(ignore_permissions=True)


def cancel_ticket(ticket: str) -> dict:
	doc = locked_ticket(ticket)
	doc.status = moved(doc, CANCEL)
	save_move(doc, CANCEL, "Cancelled")
	return state(doc)
