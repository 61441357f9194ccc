"""Appointment slots (预约服务): which times a hall can be booked for, and how many places each has.

Plain Python, no Frappe import. The Frappe layer (``gov_hall.api.appointments`` and the
GH Appointment controller) reads the hall, the settings and the bookings, and asks these
functions for the verdict.

* A working day (per the hall's :class:`~gov_hall.rules.workdays.WorkCalendar`, so 调休 make-up
  Saturdays are working days and statutory holidays are not) has regular slots from the hall's
  opening to its closing time. A hall that offers off-hours service (延时服务) may also set an
  extended closing time: the slots between closing and that time are off-hours slots.
* A rest day (weekend, statutory holiday, hall closure) has slots only when the hall offers
  off-hours service (节假日预约服务); every one of them is an off-hours slot. Their hours are the
  hall's holiday hours, or its regular hours when those are not set or make no range.
* Slots are whole: a slot that would end after the closing time is not offered.
* Capacity of a slot = active windows serving the matter's department in the hall × places per
  window; a slot is full when that many bookings (booked or arrived) hold it.
"""

from __future__ import annotations

import datetime
import re
import secrets
import unicodedata
from dataclasses import dataclass

from gov_hall.rules.workdays import WorkCalendar

# No 0/O, no 1/I: a code read out over the phone or copied by hand cannot be mistaken.
BOOKING_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
BOOKING_CODE_LENGTH = 8
BOOKING_CODE_PATTERN = re.compile(rf"^[{BOOKING_CODE_ALPHABET}]{{{BOOKING_CODE_LENGTH}}}$", re.ASCII)

MIN_SLOT_MINUTES = 5
MAX_SLOT_MINUTES = 240
MAX_APPLICANT_NAME_LENGTH = 40
MAX_NOTE_LENGTH = 500
HTML_CHARACTERS = frozenset("<>")


class AppointmentRuleError(ValueError):
	"""``code`` names the broken rule; the Frappe layer turns it into a translated message."""

	def __init__(self, code: str):
		super().__init__(code)
		self.code = code


@dataclass(frozen=True)
class HallHours:
	"""A hall's hours as far as appointments are concerned."""

	opening: datetime.time
	closing: datetime.time
	offers_off_hours: bool = False
	extended_closing: datetime.time | None = None
	holiday_opening: datetime.time | None = None
	holiday_closing: datetime.time | None = None


@dataclass(frozen=True)
class Slot:
	start: datetime.time
	end: datetime.time
	is_off_hours: bool = False

	@property
	def key(self) -> str:
		return self.start.strftime("%H:%M:%S")

	@property
	def label(self) -> str:
		return f"{self.start:%H:%M}–{self.end:%H:%M}"


def as_time(value) -> datetime.time | None:
	"""A time of day from a ``time``, a ``timedelta`` (how MariaDB returns TIME) or ``HH:MM[:SS]``."""
	if value is None or value == "":
		return None
	if isinstance(value, datetime.datetime):
		return value.time().replace(microsecond=0)
	if isinstance(value, datetime.time):
		return value.replace(microsecond=0)
	if isinstance(value, datetime.timedelta):
		seconds = int(value.total_seconds())
		if not 0 <= seconds < 24 * 3600:
			raise ValueError(f"not a time of day: {value!r}")
		return datetime.time(seconds // 3600, seconds % 3600 // 60, seconds % 60)
	text = str(value).strip()
	match = re.fullmatch(r"(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?", text)
	if not match:
		raise ValueError(f"not a time of day: {value!r}")
	hour, minute, second = int(match[1]), int(match[2]), int(match[3] or 0)
	return datetime.time(hour, minute, second)  # raises ValueError for 25:00 and the like


def _minutes(value: datetime.time) -> int:
	return value.hour * 60 + value.minute


def _time(minutes: int) -> datetime.time:
	return datetime.time(minutes // 60, minutes % 60)


def slot_times(start: datetime.time, end: datetime.time, slot_minutes: int) -> list[tuple]:
	"""Whole slots of ``slot_minutes`` from ``start``; none that would end after ``end``."""
	if not MIN_SLOT_MINUTES <= slot_minutes <= MAX_SLOT_MINUTES:
		raise ValueError(f"slot length must be {MIN_SLOT_MINUTES}–{MAX_SLOT_MINUTES} minutes")
	first, last = _minutes(start), _minutes(end)
	out = []
	current = first
	while current + slot_minutes <= last:
		out.append((_time(current), _time(current + slot_minutes)))
		current += slot_minutes
	return out


def candidate_slots(
	day: datetime.date, hours: HallHours, calendar: WorkCalendar, slot_minutes: int
) -> list[Slot]:
	"""Every slot the day could have if the hall offered off-hours service, flagged.

	Use :func:`day_slots` for the slots that can actually be booked; this one tells a booking
	for an off-hours time at a hall without off-hours service apart from a time that is no slot.
	"""
	if calendar.is_working_day(day):
		slots = [Slot(s, e) for s, e in slot_times(hours.opening, hours.closing, slot_minutes)]
		if hours.extended_closing and hours.extended_closing > hours.closing:
			slots += [
				Slot(s, e, is_off_hours=True)
				for s, e in slot_times(hours.closing, hours.extended_closing, slot_minutes)
			]
		return slots
	opening, closing = holiday_hours(hours)
	return [Slot(s, e, is_off_hours=True) for s, e in slot_times(opening, closing, slot_minutes)]


def holiday_hours(hours: HallHours) -> tuple:
	"""Opening and closing on rest days: the holiday hours when both make a range, else the regular hours.

	Frappe fills every empty Time field with the current time when a record is inserted, so a
	hall that never set holiday hours may carry two equal times; those do not make a range.
	"""
	if hours.holiday_opening and hours.holiday_closing and hours.holiday_closing > hours.holiday_opening:
		return hours.holiday_opening, hours.holiday_closing
	return hours.opening, hours.closing


def day_slots(day: datetime.date, hours: HallHours, calendar: WorkCalendar, slot_minutes: int) -> list[Slot]:
	"""The slots a citizen may book on ``day``: off-hours slots only at halls that offer them."""
	slots = candidate_slots(day, hours, calendar, slot_minutes)
	if hours.offers_off_hours:
		return slots
	return [slot for slot in slots if not slot.is_off_hours]


def find_slot(slots: list[Slot], start) -> Slot | None:
	wanted = as_time(start)
	return next((slot for slot in slots if slot.start == wanted), None)


def classify_booking(
	day: datetime.date, start, hours: HallHours, calendar: WorkCalendar, slot_minutes: int
) -> Slot:
	"""The slot a booking for ``day`` at ``start`` takes, or why it cannot be booked.

	Raises :class:`AppointmentRuleError` with ``off_hours_not_offered`` for an off-hours or
	rest-day time at a hall without off-hours service, ``no_slot`` for any other time.
	"""
	candidate = find_slot(candidate_slots(day, hours, calendar, slot_minutes), start)
	if candidate is None:
		if not calendar.is_working_day(day) and not hours.offers_off_hours:
			raise AppointmentRuleError("off_hours_not_offered")
		raise AppointmentRuleError("no_slot")
	if candidate.is_off_hours and not hours.offers_off_hours:
		raise AppointmentRuleError("off_hours_not_offered")
	return candidate


def slot_capacity(active_windows: int, per_window: int) -> int:
	return max(0, int(active_windows)) * max(0, int(per_window))


def remaining_places(capacity: int, taken: int) -> int:
	return max(0, int(capacity) - int(taken))


def booking_period(today: datetime.date, days_ahead: int) -> tuple[datetime.date, datetime.date]:
	"""First and last day a citizen may book on ``today``: today up to ``days_ahead`` days on."""
	return today, today + datetime.timedelta(days=max(0, int(days_ahead)))


def check_booking_date(day: datetime.date, today: datetime.date, days_ahead: int) -> None:
	first, last = booking_period(today, days_ahead)
	if day < first:
		raise AppointmentRuleError("date_past")
	if day > last:
		raise AppointmentRuleError("date_too_far")


def slot_started(day: datetime.date, start, now: datetime.datetime) -> bool:
	"""Whether the slot has begun at ``now`` (naive, in the site's time zone)."""
	return datetime.datetime.combine(day, as_time(start)) <= now


def open_slots(slots: list[Slot], day: datetime.date, now: datetime.datetime) -> list[Slot]:
	"""The slots of ``day`` that have not started at ``now``."""
	return [slot for slot in slots if not slot_started(day, slot.start, now)]


# Daily caps on the bookings a guest can make (GH Hall Settings; 0 turns a cap off), so that one
# phone or one network cannot take a day's places: per mobile number and per client address
# (IPv4 address or IPv6 /64), counting every booking made that day, whatever became of it.
DEFAULT_BOOKINGS_PER_MOBILE_PER_DAY = 3
DEFAULT_BOOKINGS_PER_ADDRESS_PER_DAY = 10


def within_daily_cap(made_today: int, cap: int) -> bool:
	"""Whether one more booking is allowed when ``made_today`` were already made; a cap of 0 or less
	is no cap."""
	cap = int(cap or 0)
	return cap <= 0 or max(0, int(made_today)) < cap


def new_booking_code() -> str:
	return "".join(secrets.choice(BOOKING_CODE_ALPHABET) for _ in range(BOOKING_CODE_LENGTH))


def normalise_booking_code(value) -> str | None:
	"""A code as typed (lower case, spaces, full-width, dashes) → canonical form; None if it cannot be one."""
	if not isinstance(value, str) or len(value) > 40:
		return None
	code = re.sub(r"[\s\-]", "", unicodedata.normalize("NFKC", value)).upper()
	return code if BOOKING_CODE_PATTERN.match(code) else None


def clean_applicant_name(value) -> str:
	"""A person's name as plain text: trimmed, at most 40 characters, no markup or control characters."""
	name = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", str(value or ""))).strip()
	if not name:
		raise AppointmentRuleError("name_missing")
	if len(name) > MAX_APPLICANT_NAME_LENGTH:
		raise AppointmentRuleError("name_too_long")
	if _has_markup(name):
		raise AppointmentRuleError("name_markup")
	return name


def clean_note(value) -> str:
	"""A free-text note: at most 500 characters, no markup."""
	note = str(value or "").strip()
	if len(note) > MAX_NOTE_LENGTH:
		raise AppointmentRuleError("note_too_long")
	if _has_markup(note):
		raise AppointmentRuleError("note_markup")
	return note


def _has_markup(text: str) -> bool:
	if any(c in HTML_CHARACTERS for c in text):
		return True
	# full-width ＜＞ become <> under NFKC; control characters have no place in a name
	if any(c in HTML_CHARACTERS for c in unicodedata.normalize("NFKC", text)):
		return True
	return any(unicodedata.category(c) == "Cc" and c not in "\n\r\t" for c in text)
