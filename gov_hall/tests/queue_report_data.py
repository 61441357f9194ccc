"""Queue tickets for the queue reports' and the assessment's tests, written as they stand at the end
of their day (or at a moment of it): every time and figure given by the test, so that the expected
numbers can be counted by hand.

The rows are written straight to the tables (as the demo's bulk rows are) rather than through the
calling API, which stamps the current time: a test needs tickets of other hours and days.
"""

import datetime
import itertools

import frappe
from frappe.utils import get_datetime, getdate

from gov_hall.rules.queue import wait_seconds

_serials = itertools.count(1)


def make_ticket(
	hall: str,
	department: str,
	issued_on,
	called_after: float | None = None,
	status: str = "Done",
	window: str | None = None,
	staff: str | None = None,
	service_minutes: float | None = None,
	transfers: int = 0,
	first_window: str | None = None,
	source: str = "Kiosk",
	slot_start=None,
	staff_name: str | None = None,
	window_number: str | None = None,
) -> str:
	"""A ticket issued at ``issued_on`` and first called ``called_after`` minutes later (None: never
	called) by ``first_window`` (default ``window``), which then transferred it to ``window``;
	its service lasted ``service_minutes``. Returns the ticket's name."""
	issued_on = get_datetime(issued_on)
	slot_start = get_datetime(slot_start) if slot_start else None
	serial = next(_serials)
	called_on = issued_on + datetime.timedelta(minutes=called_after) if called_after is not None else None
	if called_on and slot_start and slot_start > issued_on:
		called_on = slot_start + datetime.timedelta(minutes=called_after)
	started = called_on + datetime.timedelta(minutes=1) if called_on and service_minutes is not None else None
	finished = started + datetime.timedelta(minutes=service_minutes) if started else None
	doc = frappe.get_doc(
		{
			"doctype": "GH Queue Ticket",
			"hall": hall,
			"department": department,
			"ticket_date": getdate(issued_on),
			"prefix": "T",
			"serial": serial,
			"ticket_number": f"T{serial:05d}",
			"source": source,
			"priority": 1 if source == "Appointment" else 0,
			"slot_start": slot_start,
			"issued_on": issued_on,
			"status": status,
			"window": window,
			"window_number": window_number,
			"staff": staff,
			"staff_name": staff_name,
			"called_on": called_on,
			"wait_seconds": wait_seconds(issued_on, called_on, slot_start) if called_on else None,
			"service_started_on": started,
			"service_finished_on": finished,
			"service_seconds": int(service_minutes * 60) if finished else None,
			"transfers": transfers,
		}
	)
	doc.append("events", {"event": "Issued", "at": issued_on})
	if called_on:
		doc.append("events", {"event": "Called", "at": called_on, "window": first_window or window})
		if first_window and first_window != window:
			doc.append("events", {"event": "Transferred", "at": called_on, "window": first_window})
			doc.append("events", {"event": "Called", "at": called_on, "window": window})
	doc.db_insert()
	for idx, row in enumerate(doc.events, start=1):
		row.update({"parent": doc.name, "parenttype": doc.doctype, "parentfield": "events", "idx": idx})
		row.db_insert()
	return doc.name
