"""Issuing queue tickets (取号): at the kiosk, by an appointment's check-in, or at the desk.

A ticket's number is its department's prefix and the day's serial of that prefix in the hall
(A023). The serial comes from a counter row (``tabSeries``, Frappe's own naming counters) bumped with
one atomic statement, ``INSERT ... ON DUPLICATE KEY UPDATE``, which also row-locks the counter until
the issuing transaction ends: two kiosks issuing at once get consecutive serials, and a failed issue
gives its serial back with the rollback. A unique index on (hall, ticket_date, ticket_number) is the
safety net (gov_hall.setup.indexes).
"""

from __future__ import annotations

import datetime
import hashlib

import frappe
from frappe import _
from frappe.utils import cint, get_datetime, getdate

from gov_hall.access import controlled
from gov_hall.rules import appointments as appointment_rules
from gov_hall.rules import queue as rules
from gov_hall.utils.clock import now_datetime

TICKET = "GH Queue Ticket"
EVENT = "GH Queue Ticket Event"
DEPARTMENT = "GH Stationed Department"
SOURCES = ("Kiosk", "Appointment", "Desk")
KIOSK = "Kiosk"
APPOINTMENT = "Appointment"
DESK = "Desk"
ISSUE = "Issue"
SERIAL_ATTEMPTS = 20


def refuse(message: str, exc=frappe.ValidationError) -> None:
	frappe.throw(message, exc, title=_("Invalid Input"))


def rule_message(err: rules.QueueRuleError) -> str:
	messages = {
		"bad_prefix": _("A ticket prefix is one or two capital letters (A to Z)."),
		"no_prefix_left": _("Every ticket prefix of this hall is taken; set one by hand."),
		"bad_serial": _("A ticket serial is a whole number from 1."),
		"wrong_status": _("The ticket is not in a state for this."),
		"off_hours_not_offered": _(
			"The hall is outside its opening hours and offers no off-hours service: no ticket can be taken now."
		),
		"bad_address": _(
			"Allowed Addresses: write one IP address or network (such as 10.1.2.0/24) per line."
		),
	}
	return messages.get(err.code, _("Invalid input."))


# ---------------------------------------------------------------------------------------------
# Settings


def queue_settings() -> frappe._dict:
	"""Recalls before a no-show and digits of a ticket number; the defaults when never set."""
	Singles = frappe.qb.Table("tabSingles")
	rows = (
		frappe.qb.from_(Singles)
		.select(Singles.field, Singles.value)
		.where(Singles.doctype == "GH Hall Settings")
		.where(Singles.field.isin(["queue_max_recalls", "queue_ticket_digits"]))
		.run()
	)
	stored = {field: value for field, value in rows if value not in (None, "")}
	return frappe._dict(
		max_recalls=max(0, cint(stored.get("queue_max_recalls", rules.DEFAULT_MAX_RECALLS))),
		digits=rules.clamp_digits(stored.get("queue_ticket_digits", rules.DEFAULT_DIGITS)),
	)


# ---------------------------------------------------------------------------------------------
# Prefixes (GH Stationed Department.ticket_prefix)


def hall_prefixes(hall: str, exclude: str | None = None) -> list[str]:
	filters = {"hall": hall, "ticket_prefix": ("is", "set")}
	if exclude:
		filters["name"] = ("!=", exclude)
	return frappe.get_all(DEPARTMENT, filters=filters, pluck="ticket_prefix")


def set_department_prefix(doc) -> None:
	"""GH Stationed Department.validate: a typed prefix made canonical and unique within the hall,
	or the hall's next free one (A, B, C ...) when empty."""
	exclude = None if doc.is_new() else doc.name
	used = hall_prefixes(doc.hall, exclude)
	try:
		if not (doc.ticket_prefix or "").strip():
			doc.ticket_prefix = rules.next_prefix(used)
			return
		doc.ticket_prefix = rules.clean_prefix(doc.ticket_prefix)
	except rules.QueueRuleError as err:
		refuse(rule_message(err))
	if doc.ticket_prefix in {p.upper() for p in used}:
		refuse(
			_("Ticket prefix {0} is already used by another department of this hall.").format(
				doc.ticket_prefix
			)
		)


def ensure_prefix(department: str) -> str:
	"""The department's prefix, assigned now if it has none (a department made before issue 17)."""
	prefix, hall = frappe.db.get_value(DEPARTMENT, department, ["ticket_prefix", "hall"])
	if prefix:
		return prefix
	prefix = rules.next_prefix(hall_prefixes(hall))
	frappe.db.set_value(DEPARTMENT, department, "ticket_prefix", prefix, update_modified=False)
	return prefix


def backfill_prefixes() -> int:
	"""Give every department without a prefix the next free one of its hall, oldest first."""
	done = 0
	for row in frappe.get_all(
		DEPARTMENT,
		filters={"ticket_prefix": ("is", "not set")},
		fields=["name", "hall"],
		order_by="creation asc, name asc",
	):
		prefix = rules.next_prefix(hall_prefixes(row.hall))
		frappe.db.set_value(DEPARTMENT, row.name, "ticket_prefix", prefix, update_modified=False)
		done += 1
	return done


# ---------------------------------------------------------------------------------------------
# Serials


def counter_key(hall: str, day: datetime.date, prefix: str) -> str:
	# tabSeries.name is short: the hall by a digest of its name
	digest = hashlib.sha1(hall.encode("utf-8")).hexdigest()[:16]
	return f"GHQ.{digest}.{getdate(day):%Y%m%d}.{prefix}"


def allocate_serial(hall: str, day: datetime.date, prefix: str) -> int:
	"""The next serial of the prefix in the hall that day (1, 2, ...), atomically: the counter row
	stays locked until the caller's transaction ends."""
	key = counter_key(hall, day, prefix)
	# one statement: insert the day's counter at 1 or bump it; LAST_INSERT_ID(expr) hands the new
	# value to this connection only
	frappe.db.sql(
		"""insert into `tabSeries` (`name`, `current`) values (%(key)s, last_insert_id(1))
		on duplicate key update `current` = last_insert_id(`current` + 1)""",
		{"key": key},
	)
	return cint(frappe.db.sql("select last_insert_id()")[0][0])


# ---------------------------------------------------------------------------------------------
# Off-hours


def is_off_hours_now(hall_row, moment: datetime.datetime) -> bool:
	from gov_hall.utils.calendar import get_hall_calendar

	opening = appointment_rules.as_time(hall_row.opening_time)
	closing = appointment_rules.as_time(hall_row.closing_time)
	working = get_hall_calendar(hall_row.name).is_working_day(moment.date())
	if not opening or not closing:
		return not working
	return rules.is_off_hours_moment(moment, opening, closing, working)


# ---------------------------------------------------------------------------------------------
# Issuing


def add_event(doc, event: str, at=None, window=None, staff=None, note=None) -> None:
	doc.append(
		"events",
		{"event": event, "at": at or now_datetime(), "window": window, "staff": staff, "note": note},
	)


def issue_ticket(
	hall: str,
	department: str | None = None,
	matter: str | None = None,
	source: str = KIOSK,
	appointment: str | None = None,
	device: str | None = None,
):
	"""Issue a ticket (the caller has checked who may); returns the inserted GH Queue Ticket."""
	if source not in SOURCES:
		refuse(_("Unknown ticket source."))
	if matter and not department:
		department = (
			frappe.db.get_value("GH Service Matter", matter, "department")
			if isinstance(matter, str)
			else None
		)
		if not department:
			refuse(_("Choose a department or a service matter."))
	doc = frappe.get_doc(
		{
			"doctype": TICKET,
			"hall": hall,
			"department": department,
			"matter": matter or None,
			"source": source,
			"appointment": appointment or None,
			"device": device or None,
		}
	)
	with controlled.action(doc, ISSUE):
		doc.insert(ignore_permissions=True)
	return doc


def stamp_new_ticket(doc) -> None:
	"""GH Queue Ticket.validate of a new ticket: everything but the department and matter."""
	by_app = ISSUE in {name for name, _reason in controlled.active_actions(doc)}
	if not by_app:  # a manager's POST /api/resource: a desk ticket, nothing else
		doc.source, doc.appointment, doc.device = DESK, None, None
	if doc.source not in SOURCES:
		refuse(_("Unknown ticket source."))
	hall = (
		frappe.db.get_value(
			"GH Service Hall",
			doc.hall,
			["name", "status", "opening_time", "closing_time", "offers_off_hours_service"],
			as_dict=True,
		)
		if isinstance(doc.hall, str) and doc.hall
		else None
	)
	if not hall:
		refuse(_("Choose the service hall."))
	if hall.status != "Active":
		refuse(_("Service hall {0} is closed.").format(doc.hall))
	now = now_datetime()
	if doc.appointment:
		stamp_appointment(doc, now)
	else:
		doc.priority = rules.NORMAL
		doc.slot_start = None
		if doc.source == APPOINTMENT:
			refuse(_("An appointment ticket needs its appointment."))
	check_department_and_matter(doc)
	doc.is_off_hours = 1 if is_off_hours_now(hall, now) else 0
	try:
		rules.check_off_hours(bool(doc.is_off_hours), bool(hall.offers_off_hours_service))
	except rules.QueueRuleError as err:
		refuse(rule_message(err))
	user = frappe.session.user
	doc.ticket_date = now.date()
	doc.issued_on = now
	doc.issued_by = user if doc.source == DESK and user != "Guest" else None
	doc.device = doc.device if doc.device and frappe.db.exists("GH Queue Device", doc.device) else None
	doc.status = rules.WAITING
	for field in (
		"window",
		"staff",
		"called_on",
		"service_started_on",
		"service_finished_on",
		"case",
		"rating",
	):
		doc.set(field, None)
	doc.recalls = doc.transfers = 0
	doc.prefix = ensure_prefix(doc.department)
	digits = queue_settings().digits
	for _attempt in range(SERIAL_ATTEMPTS):
		doc.serial = allocate_serial(doc.hall, doc.ticket_date, doc.prefix)
		doc.ticket_number = rules.ticket_number(doc.prefix, doc.serial, digits)
		# a number written by other means (an import) is passed over; the unique index stays the guard
		if not frappe.db.exists(
			TICKET, {"hall": doc.hall, "ticket_date": doc.ticket_date, "ticket_number": doc.ticket_number}
		):
			break
	doc.set("events", [])
	add_event(doc, "Issued", at=now, staff=doc.issued_by)


def stamp_appointment(doc, now: datetime.datetime) -> None:
	appointment = frappe.db.get_value(
		"GH Appointment",
		doc.appointment,
		["name", "hall", "matter", "department", "appointment_date", "slot_start", "status"],
		as_dict=True,
	)
	if not appointment or appointment.hall != doc.hall:
		refuse(_("No such appointment at this hall."))
	if appointment.status != "Booked" or getdate(appointment.appointment_date) != now.date():
		refuse(_("Only today's booked appointments can be checked in."))
	doc.source = APPOINTMENT
	doc.department = appointment.department
	doc.matter = appointment.matter
	doc.priority = rules.APPOINTMENT
	slot = appointment_rules.as_time(appointment.slot_start)
	doc.slot_start = datetime.datetime.combine(getdate(appointment.appointment_date), slot) if slot else None


def check_department_and_matter(doc) -> None:
	department = (
		frappe.db.get_value(DEPARTMENT, doc.department, ["name", "hall", "status"], as_dict=True)
		if isinstance(doc.department, str) and doc.department
		else None
	)
	if not department or department.hall != doc.hall:
		refuse(_("Choose a department of this hall."))
	if department.status != "Stationed":
		refuse(_("Department {0} has left the hall.").format(doc.department))
	if doc.matter:
		matter = frappe.db.get_value(
			"GH Service Matter", doc.matter, ["name", "department", "status"], as_dict=True
		)
		if not matter or matter.department != doc.department:
			refuse(_("The service matter is not one of the department's."))
		if matter.status != "Active":
			refuse(_("Service matter {0} is suspended.").format(doc.matter))


def check_in(booking_code: str, hall: str, device: str | None = None):
	"""An appointment holder's check-in: a priority ticket for their slot (the same ticket again if
	they check in twice). Raises a translated error for an unknown code."""
	code = appointment_rules.normalise_booking_code(booking_code)
	name = (
		frappe.db.get_value("GH Appointment", {"booking_code": code, "hall": hall}, "name") if code else None
	)
	if not name:
		refuse(_("No appointment with this booking code at this hall."))
	existing = frappe.db.get_value(
		TICKET,
		{"appointment": name, "status": ("in", [rules.WAITING, *rules.AT_WINDOW])},
		"name",
	)
	if existing:
		return frappe.get_doc(TICKET, existing)
	return issue_ticket(hall, source=APPOINTMENT, appointment=name, device=device)


# ---------------------------------------------------------------------------------------------
# Reading


def compute_times(doc) -> None:
	"""GH Queue Ticket.validate: the wait (to the first call) and the service seconds."""
	doc.window_number = (
		frappe.db.get_value("GH Service Window", doc.window, "window_number") if doc.window else None
	)
	doc.staff_name = frappe.db.get_value("User", doc.staff, "full_name") if doc.staff else None
	calls = [get_datetime(row.at) for row in doc.get("events") or [] if row.event == "Called" and row.at]
	first_call = min(calls) if calls else None
	issued = get_datetime(doc.issued_on) if doc.issued_on else None
	slot = get_datetime(doc.slot_start) if doc.slot_start else None
	doc.wait_seconds = (rules.wait_seconds(issued, first_call, slot) or 0) if issued else 0
	doc.service_seconds = (
		rules.service_seconds(
			get_datetime(doc.service_started_on) if doc.service_started_on else None,
			get_datetime(doc.service_finished_on) if doc.service_finished_on else None,
			get_datetime(doc.called_on) if doc.called_on else None,
		)
		or 0
	)


def waiting_ahead(ticket) -> int:
	"""Waiting tickets of the same department (or held for the same window) called before this one."""
	row = ticket if not isinstance(ticket, str) else frappe.get_doc(TICKET, ticket)
	if row.status != rules.WAITING:
		return 0
	key_start = row.slot_start or row.issued_on
	holder = (
		"`window` = %(window)s"
		if row.window
		else "ifnull(`window`, '') = '' and `department` = %(department)s"
	)
	result = frappe.db.sql(
		f"""select count(*) from `tabGH Queue Ticket`
		where `hall` = %(hall)s and `ticket_date` = %(day)s and `status` = 'Waiting' and {holder}
		and `name` != %(name)s
		and (`priority` > %(priority)s or (`priority` = %(priority)s and (
			coalesce(`slot_start`, `issued_on`) < %(key)s or (coalesce(`slot_start`, `issued_on`) = %(key)s and (
				`issued_on` < %(issued)s or (`issued_on` = %(issued)s and `name` < %(name)s))))))""",
		{
			"hall": row.hall,
			"day": row.ticket_date,
			"window": row.window,
			"department": row.department,
			"name": row.name,
			"priority": cint(row.priority),
			"key": key_start,
			"issued": row.issued_on,
		},
	)
	return cint(result[0][0])
