"""Appointments (预约服务): free slots and cancellation for guests, turning a booking into a case for staff.

Booking itself goes through the *book-appointment* web form (Frappe's ``accept``), whose rules the
GH Appointment controller checks. The guest calls here answer with the fields a citizen may see and
nothing else; a wrong booking code and wrong mobile digits get the same answer. Requests are
rate-limited per IP (frappe.rate_limiter); wrong answers are counted per client address and booking
code and per address (gov_hall.utils.guessing), never as a lock on the booking itself.
"""

# Postponed annotations: Frappe then skips its pydantic check of whitelisted arguments, so a list or
# a number posted by a guest gets the same answer as any other malformed input instead of a
# type-error response; every function checks its inputs itself.
from __future__ import annotations

import hmac
import re
import unicodedata

import frappe
from frappe import _
from frappe.query_builder import DocType
from frappe.rate_limiter import rate_limit
from frappe.utils import getdate

from gov_hall.access import controlled
from gov_hall.gov_hall.doctype.gh_appointment.gh_appointment import (
	BOOKED,
	RECEIVE,
	appointment_settings,
	bookable_matter,
	hall_hours,
	has_started,
	serving_window_count,
	taken_places,
)
from gov_hall.rules import appointments as rules
from gov_hall.utils import guessing
from gov_hall.utils.calendar import get_hall_calendar
from gov_hall.utils.clock import now_datetime, nowdate
from gov_hall.utils.validation import clean_resident_id

LAST4 = re.compile(r"^[0-9]{4}$", re.ASCII)
MAX_INPUT_LENGTH = 140

# Per IP (frappe.rate_limiter).
SLOTS_LIMIT = 120
CANCEL_LIMIT = 10
WINDOW_SECONDS = 60


def _text(value) -> str | None:
	"""A short string argument, NFKC-normalised and trimmed; None when it cannot be right."""
	if not isinstance(value, str) or len(value) > MAX_INPUT_LENGTH:
		return None
	return unicodedata.normalize("NFKC", value).strip() or None


def hhmm(value) -> str:
	return rules.as_time(value).strftime("%H:%M")


# ---------------------------------------------------------------------------------------------
# What can be booked


def active_halls() -> list[str]:
	return frappe.get_all("GH Service Hall", filters={"status": "Active"}, pluck="name", order_by="name asc")


@frappe.whitelist(allow_guest=True, methods=["GET"])
@rate_limit(limit=SLOTS_LIMIT, seconds=WINDOW_SECONDS)
def get_bookable_matters(hall: str = "") -> list[dict]:
	"""Active, bookable matters some active window of ``hall`` handles: ``[{value, label, department}]``."""
	hall = _text(hall)
	if not hall or frappe.db.get_value("GH Service Hall", hall, "status") != "Active":
		return []
	Matter = DocType("GH Service Matter")
	Dept = DocType("GH Stationed Department")
	Window = DocType("GH Service Window")
	Served = DocType("GH Window Department")
	lead = (
		frappe.qb.from_(Window)
		.select(Window.department)
		.where(Window.hall == hall)
		.where(Window.status == "Active")
	)
	served = (
		frappe.qb.from_(Served)
		.join(Window)
		.on(Window.name == Served.parent)
		.select(Served.department)
		.where(Served.parenttype == "GH Service Window")
		.where(Window.hall == hall)
		.where(Window.status == "Active")
	)
	rows = (
		frappe.qb.from_(Matter)
		.join(Dept)
		.on(Dept.name == Matter.department)
		.select(Matter.name, Matter.matter_name, Dept.department_name)
		.where(Matter.status == "Active")
		.where(Matter.bookable == 1)
		.where(Dept.status == "Stationed")
		.where(Matter.department.isin(lead) | Matter.department.isin(served))
		.orderby(Dept.department_name)
		.orderby(Matter.matter_name)
		.run(as_dict=True)
	)
	return [
		{
			"value": row.name,
			"label": f"{row.matter_name}（{row.department_name}）",
			"department": row.department_name,
		}
		for row in rows
	]


def no_slots(message: str) -> dict:
	return {"slots": [], "message": message}


@frappe.whitelist(allow_guest=True, methods=["GET"])
@rate_limit(limit=SLOTS_LIMIT, seconds=WINDOW_SECONDS)
def get_slots(hall: str = "", matter: str = "", date: str = "") -> dict:
	"""The slots of ``date`` at ``hall`` for ``matter``, with the places left in each.

	Returns ``{"date", "working_day", "off_hours_service", "slots": [{"value": "09:00:00",
	"start": "09:00", "end": "09:30", "label", "is_off_hours", "capacity", "remaining"}],
	"message"}``; ``message`` says why there are no slots. Slots that have begun are left out;
	full slots are listed with ``remaining`` 0.
	"""
	hall, matter, date = _text(hall), _text(matter), _text(date)
	hall_row = hall_hours(hall) if hall else None
	if not hall_row or hall_row.status != "Active":
		return no_slots(_("Choose a service hall."))
	matter_row = bookable_matter(matter) if matter else None
	if not matter_row:
		return no_slots(_("Choose a service matter that can be booked."))
	try:
		day = getdate(date) if date and re.fullmatch(r"\d{4}-\d{2}-\d{2}", date) else None
	except Exception:
		day = None
	if not day:
		return no_slots(_("Choose an appointment date."))

	settings = appointment_settings()
	first, last = rules.booking_period(getdate(nowdate()), settings.appointment_days_ahead)
	if not first <= day <= last:
		return no_slots(
			_("Appointments can be booked from today up to {0} days ahead.").format(
				settings.appointment_days_ahead
			)
		)
	calendar = get_hall_calendar(hall_row.name)
	working = calendar.is_working_day(day)
	out = {
		"date": str(day),
		"working_day": working,
		"off_hours_service": bool(hall_row.offers_off_hours_service),
		"slots": [],
		"message": "",
	}
	slots = rules.open_slots(
		rules.day_slots(day, hall_row.hours, calendar, settings.appointment_slot_minutes), day, now_datetime()
	)
	if not slots:
		out["message"] = (
			_(
				"The hall is closed on that day and offers no holiday appointments. Please choose a working day."
			)
			if not working
			else _("No appointment times are left on that day. Please choose another day.")
		)
		return out
	windows = serving_window_count(hall_row.name, matter_row.department)
	if not windows:
		out["message"] = _("No window in this hall handles this matter. Please choose another hall.")
		return out
	capacity = rules.slot_capacity(windows, settings.appointment_capacity_per_window)
	taken = taken_places(hall_row.name, matter_row.department, day)
	for slot in slots:
		out["slots"].append(
			{
				"value": slot.key,
				"start": hhmm(slot.start),
				"end": hhmm(slot.end),
				"label": slot.label,
				"is_off_hours": slot.is_off_hours,
				"capacity": capacity,
				"remaining": rules.remaining_places(capacity, taken.get(slot.key, 0)),
			}
		)
	if not any(slot["remaining"] for slot in out["slots"]):
		out["message"] = _("Every time on that day is fully booked. Please choose another day.")
	return out


# ---------------------------------------------------------------------------------------------
# Cancelling with the booking code


def cancel_miss() -> dict:
	"""The one answer for every miss: unknown code, wrong digits, malformed input."""
	return {
		"cancelled": False,
		"message": _(
			"No appointment matches this booking code and these digits. Check the booking code you were given and the last 4 digits of the mobile number used when booking."
		),
	}


def booking_target(code: str) -> str:
	"""What wrong answers are counted against: the booking code, whether or not it exists."""
	return f"booking:{code}"


def held_back(hold) -> dict:
	return {
		"cancelled": False,
		"message": guessing.held_message(
			hold,
			_(
				"Too many wrong digits for this booking code from your network. Please try again in {0}, or call the hall to cancel."
			),
			_(
				"Too many wrong answers from your network. Please try again in {0}, or call the hall to cancel."
			),
		),
	}


def closed_booking_message(status: str) -> str:
	messages = {
		"Cancelled": _("This appointment has already been cancelled."),
		"Arrived": _("This appointment cannot be cancelled: the applicant has already been received."),
		"No Show": _("This appointment cannot be cancelled: its day has passed."),
	}
	return messages.get(status) or _("This appointment cannot be cancelled: it is already {0}.").format(
		_(status)
	)


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=CANCEL_LIMIT, seconds=WINDOW_SECONDS)
def cancel_appointment(booking_code: str = "", mobile_last4: str = "") -> dict:
	"""Cancel a booking with its code and the last four digits of the mobile used to book.

	Returns ``{"cancelled": True, "message"}``, or ``{"cancelled": False, "message"}`` with the same
	message for an unknown code, wrong digits or malformed input; a holder of the right code and
	digits is told why a booking that has begun or is no longer booked cannot be cancelled.
	"""
	code = rules.normalise_booking_code(booking_code)
	digits = _text(mobile_last4)
	if not code or not digits or not LAST4.match(digits):
		return cancel_miss()

	# an address held back is not checked at all; one with a clean record for this code always is
	hold = guessing.held(booking_target(code))
	if hold:
		return held_back(hold)

	row = frappe.db.get_value(
		"GH Appointment", {"booking_code": code}, ["name", "mobile_last4"], as_dict=True
	)
	stored = (row.mobile_last4 if row else None) or ""
	# compare even when there is no booking, so both misses take the same path
	matches = hmac.compare_digest(digits.encode(), (stored or "----").encode())
	if not row or not stored or not matches:
		guessing.record_failure(booking_target(code))
		return cancel_miss()

	doc = frappe.get_doc("GH Appointment", row.name)
	if doc.status != BOOKED:
		return {"cancelled": False, "message": closed_booking_message(doc.status)}
	if has_started(doc):
		return {
			"cancelled": False,
			"message": _("This appointment cannot be cancelled: its time has already begun."),
		}
	doc.cancel_booking()
	return {
		"cancelled": True,
		"message": _("Your appointment for {0} on {1} at {2} has been cancelled.").format(
			doc.matter_name or "", str(getdate(doc.appointment_date)), hhmm(doc.slot_start)
		),
	}


# ---------------------------------------------------------------------------------------------
# Staff: the citizen has arrived


@frappe.whitelist(methods=["POST"])
def make_case_from_appointment(appointment: str, window: str, id_number: str | None = None) -> str:
	"""Receive a booked citizen: create their GH Case (channel Appointment) and mark the booking Arrived.

	``id_number`` (resident ID) is required when the booking has none; it is also stored on the
	booking. Returns the new case's name. Needs write access to the booking and create access
	to cases; the case's first responder is the calling user.
	"""
	if not isinstance(appointment, str) or not appointment:
		frappe.throw(_("Choose an appointment."), title=_("Invalid Input"))
	doc = frappe.get_doc("GH Appointment", appointment)
	doc.check_permission("write")
	frappe.has_permission("GH Case", "create", throw=True)

	if doc.status != BOOKED:
		if doc.case:
			frappe.throw(
				_("Appointment {0} has already been received as case {1}.").format(
					doc.booking_code, doc.case
				),
				title=_("Not Allowed"),
			)
		frappe.throw(
			_("Only a booked appointment can be received; this one is {0}.").format(_(doc.status)),
			title=_("Not Allowed"),
		)

	window_row = (
		frappe.db.get_value(
			"GH Service Window", window, ["name", "hall", "status", "department"], as_dict=True
		)
		if isinstance(window, str) and window
		else None
	)
	if not window_row:
		frappe.throw(_("Choose the window that receives the citizen."), title=_("Invalid Input"))
	if window_row.hall != doc.hall:
		frappe.throw(
			_("Window {0} is not in hall {1}.").format(window_row.name, doc.hall), title=_("Invalid Input")
		)
	if window_row.status != "Active":
		frappe.throw(_("Window {0} is closed.").format(window_row.name), title=_("Invalid Input"))
	served = frappe.get_all(
		"GH Window Department",
		filters={"parent": window_row.name, "parenttype": "GH Service Window"},
		pluck="department",
	)
	if doc.department not in {window_row.department, *served}:
		frappe.throw(
			_("Window {0} does not serve {1}.").format(window_row.name, doc.department),
			title=_("Invalid Input"),
		)

	given = id_number.strip() if isinstance(id_number, str) else ""
	if not given and not doc.id_number:
		frappe.throw(
			_(
				"The booking has no resident ID number: enter the applicant's resident ID number to receive them."
			),
			title=_("Invalid Input"),
		)
	resident_id = clean_resident_id(given or doc.id_number, _("Resident ID Number"))

	case = frappe.get_doc(
		{
			"doctype": "GH Case",
			"applicant_type": "Person",
			"applicant_name": doc.applicant_name,
			"id_number": resident_id,
			"mobile": doc.mobile,
			"matter": doc.matter,
			"hall": doc.hall,
			"window": window_row.name,
			"channel": "Appointment",
			"appointment": doc.name,
		}
	).insert()

	doc.status = "Arrived"
	doc.case = case.name
	doc.window = window_row.name
	doc.id_number = resident_id
	# the booking's status, case and window are controlled fields (gov_hall.access.controlled)
	with controlled.action(doc, RECEIVE):
		doc.save()
	return case.name
