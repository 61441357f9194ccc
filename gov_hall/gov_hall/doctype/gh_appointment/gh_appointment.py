# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt

"""预约: a citizen's booking of a service matter at a hall for a slot.

Citizens book without an account through the *book-appointment* web form, which inserts as Guest
with ``ignore_permissions``: every rule is therefore checked here, on the server, and a broken rule
stops the save. The slot rules themselves live in ``gov_hall.rules.appointments``.
"""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.query_builder import DocType
from frappe.query_builder.functions import Count
from frappe.utils import cint, escape_html, get_datetime, getdate

from gov_hall.access import controlled
from gov_hall.access.pii import PersonalDataDocument
from gov_hall.rules import appointments as rules
from gov_hall.rules.guessing import client_address
from gov_hall.rules.identifiers import mask_mobile, mask_resident_id
from gov_hall.setup.indexes import add_indexes
from gov_hall.utils.calendar import get_hall_calendar
from gov_hall.utils.clock import now_datetime, nowdate
from gov_hall.utils.validation import clean_mobile, clean_resident_id, forbid_delete
from gov_hall.utils.windows import serves_department

BOOKED = "Booked"
ARRIVED = "Arrived"
CANCELLED = "Cancelled"
NO_SHOW = "No Show"
HOLDING = (BOOKED, ARRIVED)  # bookings that hold a place in their slot
NEXT_STATUSES = {BOOKED: {ARRIVED, CANCELLED, NO_SHOW}}

# what a booking is: changing any of these re-checks the slot
BOOKING_FIELDS = ("hall", "matter", "appointment_date", "slot_start")

SETTINGS_DEFAULTS = {
	"appointment_slot_minutes": 30,
	"appointment_capacity_per_window": 2,
	"appointment_days_ahead": 14,
	"bookings_per_mobile_per_day": rules.DEFAULT_BOOKINGS_PER_MOBILE_PER_DAY,
	"bookings_per_address_per_day": rules.DEFAULT_BOOKINGS_PER_ADDRESS_PER_DAY,
}

RECEIVE = "Receive as Case"
CANCEL = "Cancel"

# A booking's status, case and window change only when staff receive it as a case
# (gov_hall.api.appointments.make_case_from_appointment) or it is cancelled (cancel_booking); No Show
# is set by the daily job.
CONTROLLED_FIELDS = controlled.Declaration(
	derived=("matter_name", "department", "slot_end", "is_off_hours", "mobile_masked", "mobile_last4"),
	stamped=("booking_code", "status", "cancelled_on", "case", "window"),
	actions={
		"status": (RECEIVE, CANCEL),
		"case": RECEIVE,
		"window": RECEIVE,
		"cancelled_on": CANCEL,
		"booking_code": "Book",
	},
	state_field=None,
)


class GHAppointment(PersonalDataDocument, Document):
	def before_insert(self):
		self.status = BOOKED
		self.cancelled_on = None
		self.case = None
		self.window = None
		self.booking_code = unique_booking_code()

	def validate(self):
		clean_applicant(self)
		if self.is_new():
			check_daily_caps(self)
		if self.is_new() or booking_changed(self):
			validate_booking(self)
		validate_status_change(self)

	def on_trash(self):
		forbid_delete(self)

	@frappe.whitelist()
	def cancel_at_request(self) -> None:
		"""Staff cancel a booking at the citizen's request (by phone or at the desk)."""
		self.check_permission("write")
		self.cancel_booking()

	def cancel_booking(self) -> None:
		"""Cancel a booking that has not begun; the place goes back to the slot."""
		if self.status != BOOKED:
			frappe.throw(
				_("Only a booked appointment can be cancelled; this one is {0}.").format(_(self.status)),
				title=_("Not Allowed"),
			)
		if has_started(self):
			frappe.throw(
				_("The appointment's time has already begun, so it can no longer be cancelled."),
				title=_("Not Allowed"),
			)
		self.status = CANCELLED
		self.cancelled_on = now_datetime()
		with controlled.action(self, CANCEL):
			self.save(ignore_permissions=True)


# ---------------------------------------------------------------------------------------------
# Settings and hall data


def appointment_settings() -> frappe._dict:
	"""Slot length, places per window and days ahead; the defaults when never set."""
	Singles = frappe.qb.Table("tabSingles")
	rows = (
		frappe.qb.from_(Singles)
		.select(Singles.field, Singles.value)
		.where(Singles.doctype == "GH Hall Settings")
		.where(Singles.field.isin(list(SETTINGS_DEFAULTS)))
		.run()
	)
	stored = {field: value for field, value in rows if value not in (None, "")}
	settings = frappe._dict(
		{key: cint(stored.get(key, default)) for key, default in SETTINGS_DEFAULTS.items()}
	)
	if not rules.MIN_SLOT_MINUTES <= settings.appointment_slot_minutes <= rules.MAX_SLOT_MINUTES:
		settings.appointment_slot_minutes = SETTINGS_DEFAULTS["appointment_slot_minutes"]
	settings.appointment_capacity_per_window = max(0, settings.appointment_capacity_per_window)
	settings.appointment_days_ahead = max(0, settings.appointment_days_ahead)
	settings.bookings_per_mobile_per_day = max(0, settings.bookings_per_mobile_per_day)
	settings.bookings_per_address_per_day = max(0, settings.bookings_per_address_per_day)
	return settings


def hall_hours(hall: str) -> frappe._dict | None:
	"""The hall's status and its hours as the rules want them, or None for an unknown hall."""
	row = frappe.db.get_value(
		"GH Service Hall",
		hall,
		[
			"name",
			"status",
			"opening_time",
			"closing_time",
			"offers_off_hours_service",
			"extended_closing_time",
			"holiday_opening_time",
			"holiday_closing_time",
		],
		as_dict=True,
	)
	if not row:
		return None
	row.hours = rules.HallHours(
		opening=rules.as_time(row.opening_time),
		closing=rules.as_time(row.closing_time),
		offers_off_hours=bool(row.offers_off_hours_service),
		extended_closing=rules.as_time(row.extended_closing_time),
		holiday_opening=rules.as_time(row.holiday_opening_time),
		holiday_closing=rules.as_time(row.holiday_closing_time),
	)
	return row


def serving_window_count(hall: str, department: str) -> int:
	"""Active windows of the hall that serve the department, as its lead or one it serves."""
	Window = DocType("GH Service Window")
	result = (
		frappe.qb.from_(Window)
		.select(Count(Window.name))
		.where(Window.hall == hall)
		.where(Window.status == "Active")
		.where(serves_department(department))
		.run()
	)
	return cint(result[0][0]) if result else 0


def taken_places(hall: str, department: str, day, slot_start=None, exclude: str | None = None) -> dict:
	"""Places held (booked or arrived) per slot start ``HH:MM:SS`` at the hall for the department's matters."""
	Appointment = DocType("GH Appointment")
	query = (
		frappe.qb.from_(Appointment)
		.select(Appointment.slot_start, Count(Appointment.name))
		.where(Appointment.hall == hall)
		.where(Appointment.department == department)
		.where(Appointment.appointment_date == getdate(day))
		.where(Appointment.status.isin(HOLDING))
		.groupby(Appointment.slot_start)
	)
	if slot_start is not None:
		query = query.where(Appointment.slot_start == rules.as_time(slot_start))
	if exclude:
		query = query.where(Appointment.name != exclude)
	return {rules.as_time(start).strftime("%H:%M:%S"): cint(count) for start, count in query.run()}


def bookable_matter(matter: str) -> frappe._dict | None:
	"""The matter when it is active, bookable and its department is stationed; else None."""
	if not isinstance(matter, str) or not matter:
		return None
	row = frappe.db.get_value(
		"GH Service Matter", matter, ["name", "matter_name", "status", "bookable", "department"], as_dict=True
	)
	if not row or row.status != "Active" or not row.bookable:
		return None
	if frappe.db.get_value("GH Stationed Department", row.department, "status") != "Stationed":
		return None
	return row


# ---------------------------------------------------------------------------------------------
# Validation


def rule_message(err: rules.AppointmentRuleError) -> str:
	messages = {
		"name_missing": _("Enter the applicant's name."),
		"name_too_long": _("The applicant's name can have at most 40 characters."),
		"name_markup": _("The applicant's name must be plain text, without < or > or control characters."),
		"note_too_long": _("The note can have at most 500 characters."),
		"note_markup": _("The note must be plain text, without < or >."),
		"date_past": _("The appointment date has already passed."),
		"date_too_far": _("Appointments can be booked at most {0} days ahead.").format(
			appointment_settings().appointment_days_ahead
		),
		"off_hours_not_offered": _(
			"This hall does not offer appointments outside opening hours or on rest days."
		),
		"no_slot": _("The chosen time is not one of the hall's appointment slots on that day."),
	}
	return messages.get(err.code, _("Invalid appointment."))


def refuse(message: str) -> None:
	frappe.throw(message, frappe.ValidationError, title=_("Invalid Input"))


def checked(check, *args):
	try:
		return check(*args)
	except rules.AppointmentRuleError as err:
		refuse(rule_message(err))


def clean_applicant(doc) -> None:
	doc.applicant_name = checked(rules.clean_applicant_name, doc.applicant_name)
	doc.note = checked(rules.clean_note, doc.note) or None
	if not isinstance(doc.mobile, str) or not doc.mobile.strip():
		refuse(_("Enter a mobile number so the hall can reach you."))
	doc.mobile = clean_mobile(doc.mobile, _("Mobile"))
	doc.mobile_masked = mask_mobile(doc.mobile)
	doc.mobile_last4 = doc.mobile[-4:]
	if isinstance(doc.id_number, str) and doc.id_number.strip():
		doc.id_number = clean_resident_id(doc.id_number, _("Resident ID Number"))
	elif doc.id_number:
		refuse(_("Resident ID Number") + ": " + _("A resident ID number has 18 characters."))
	else:
		doc.id_number = None
	doc.id_number_masked = mask_resident_id(doc.id_number) if doc.id_number else None


def booking_changed(doc) -> bool:
	before = doc.get_doc_before_save()
	if not before:
		return False
	return any(str(before.get(f) or "") != str(doc.get(f) or "") for f in BOOKING_FIELDS)


def validate_booking(doc) -> None:
	"""Matter, hall, date, slot and capacity: everything a booking must satisfy to hold a place."""
	if not doc.is_new() and doc.get_doc_before_save().status != BOOKED:
		refuse(_("Only a booked appointment can be moved to another time."))

	matter = bookable_matter(doc.matter)
	if not matter:
		refuse(_("Service matter {0} cannot be booked.").format(escape_html(doc.matter or "")))
	doc.matter_name = matter.matter_name
	doc.department = matter.department

	hall = hall_hours(doc.hall) if isinstance(doc.hall, str) and doc.hall else None
	if not hall or hall.status != "Active":
		refuse(_("Service hall {0} does not take appointments.").format(escape_html(doc.hall or "")))

	try:
		day = getdate(doc.appointment_date)
		start = rules.as_time(doc.slot_start)
	except (ValueError, TypeError):
		refuse(_("Choose an appointment date and one of the offered times."))
	if not day or not start:
		refuse(_("Choose an appointment date and one of the offered times."))

	settings = appointment_settings()
	checked(rules.check_booking_date, day, getdate(nowdate()), settings.appointment_days_ahead)
	slot = checked(
		rules.classify_booking,
		day,
		start,
		hall.hours,
		get_hall_calendar(doc.hall),
		settings.appointment_slot_minutes,
	)
	if rules.slot_started(day, slot.start, now_datetime()):
		refuse(_("This time has already begun; please choose a later one."))
	doc.appointment_date = day
	doc.slot_start = slot.key
	doc.slot_end = slot.end.strftime("%H:%M:%S")
	doc.is_off_hours = 1 if slot.is_off_hours else 0

	windows = serving_window_count(doc.hall, doc.department)
	if not windows:
		refuse(_("No window in hall {0} handles {1}.").format(doc.hall, matter.matter_name))
	check_duplicate(doc)
	check_capacity(doc, rules.slot_capacity(windows, settings.appointment_capacity_per_window))


def check_duplicate(doc) -> None:
	"""One booking per mobile number, matter and day."""
	duplicate = frappe.db.exists(
		"GH Appointment",
		{
			"mobile": doc.mobile,
			"matter": doc.matter,
			"appointment_date": doc.appointment_date,
			"status": BOOKED,
			"name": ("!=", doc.name or ""),
		},
	)
	if duplicate:
		refuse(_("This mobile number already has an appointment for this matter on that day."))


def check_capacity(doc, capacity: int) -> None:
	# Bookings of one hall queue here until the transaction ends, so two citizens cannot both
	# take the last place of a slot.
	frappe.db.get_value("GH Service Hall", doc.hall, "name", for_update=True)
	taken = taken_places(
		doc.hall, doc.department, doc.appointment_date, slot_start=doc.slot_start, exclude=doc.name
	)
	if rules.remaining_places(capacity, taken.get(doc.slot_start, 0)) <= 0:
		refuse(_("This time is fully booked; please choose another."))


def guest_booking() -> bool:
	"""A booking made by a citizen: as a guest, or through the booking web form by anyone."""
	return frappe.session.user == "Guest" or bool(frappe.flags.in_web_form)


def check_daily_caps(doc) -> None:
	"""One phone or one network cannot take a day's places: guests' bookings per mobile number and
	per client address per day are capped (GH Hall Settings). Staff booking for a caller are not."""
	if not guest_booking():
		return
	settings = appointment_settings()
	by_mobile = bookings_made_today(doc.mobile)
	if not rules.within_daily_cap(by_mobile, settings.bookings_per_mobile_per_day):
		refuse(
			_(
				"This mobile number has already booked {0} appointments today, the most allowed in one day. Please book again tomorrow, or call the hall."
			).format(settings.bookings_per_mobile_per_day)
		)
	ip = getattr(frappe.local, "request_ip", None)
	if ip and settings.bookings_per_address_per_day:
		count_address_booking(client_address(ip), settings.bookings_per_address_per_day)


def bookings_made_today(mobile: str) -> int:
	"""Bookings made today with this mobile number, whatever became of them (cancelling does not give
	a booking back, or one phone could book and cancel all day)."""
	Appointment = DocType("GH Appointment")
	start = get_datetime(nowdate())
	result = (
		frappe.qb.from_(Appointment)
		.select(Count(Appointment.name))
		.where(Appointment.mobile == mobile)
		.where(Appointment.creation >= start)
		.run()
	)
	return cint(result[0][0]) if result else 0


def address_booking_key(address: str) -> str:
	return frappe.cache.make_key(f"gov_hall:bookings_by_address:{nowdate()}:{address}")


def count_address_booking(address: str, cap: int) -> None:
	"""Count this booking against the address's day, atomically (Redis INCR); over the cap it is
	taken back and refused. A booking whose transaction is rolled back gives its count back."""
	key = address_booking_key(address)
	pipe = frappe.cache.pipeline()
	pipe.incr(key)
	pipe.expire(key, 2 * 24 * 60 * 60)
	made = cint(pipe.execute()[0])
	if not rules.within_daily_cap(made - 1, cap):
		give_back(key)
		refuse(
			_(
				"Too many appointments have been booked from your network today (at most {0} a day). Please book again tomorrow, or call the hall."
			).format(cap)
		)
	frappe.db.after_rollback.add(lambda: give_back(key))


def give_back(key: str) -> None:
	"""Take one booking off an address's day; a counter that is gone (cleared) stays gone."""
	if frappe.cache.decr(key) < 0:
		frappe.cache.delete(key)


def validate_status_change(doc) -> None:
	if doc.is_new():
		return
	before = doc.get_doc_before_save()
	old, new = (before.status if before else BOOKED), doc.status
	if old == new:
		return
	if new not in NEXT_STATUSES.get(old, set()):
		frappe.throw(
			_("An appointment that is {0} cannot become {1}.").format(_(old), _(new)),
			title=_("Not Allowed"),
		)
	if new == CANCELLED and not doc.cancelled_on:
		doc.cancelled_on = now_datetime()


def has_started(doc) -> bool:
	return rules.slot_started(getdate(doc.appointment_date), doc.slot_start, get_datetime(now_datetime()))


def unique_booking_code() -> str:
	for _attempt in range(20):
		code = rules.new_booking_code()
		if not frappe.db.exists("GH Appointment", {"booking_code": code}):
			return code
	frappe.throw(_("Could not issue a booking code; please try again."))


# ---------------------------------------------------------------------------------------------
# Daily job


def mark_no_shows() -> None:
	"""Bookings whose day has passed without the citizen arriving become No Show (set-based)."""
	Appointment = DocType("GH Appointment")
	(
		frappe.qb.update(Appointment)
		.set(Appointment.status, NO_SHOW)
		.set(Appointment.modified, now_datetime())
		.where(Appointment.status == BOOKED)
		.where(Appointment.appointment_date < getdate(nowdate()))
		.run()
	)


def on_doctype_update():
	add_indexes("GH Appointment")
