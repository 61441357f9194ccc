"""The hall's queue (排队叫号): ticket numbers, the order windows call tickets in, wait and service times.

Plain Python, no Frappe import. The Frappe layer (``gov_hall.queue``) reads the tickets and asks these
functions; ``gov_hall.queue.calling`` writes the same order in SQL (``CALL_ORDER_SQL``), and the tests
check both agree.

* A ticket number is the department's prefix (one or two capital letters, A, B, C ... per hall) and
  the day's serial of that prefix, zero-padded: A023.
* A window calls, among the waiting tickets it serves, appointments (priority 1) before walk-ins
  (priority 0); within a priority the earliest of the appointment's slot start or, without one, the
  arrival time; then arrival; then the ticket's name (the order of issue).
* The wait runs from arrival to the first call; an appointment holder who checks in before the slot
  waits from the slot's start. The service runs from its start (or the call, when the window
  finished without starting) to its end. Neither is negative.
"""

from __future__ import annotations

import datetime
import math
import re
import string
from collections.abc import Iterable

PREFIX_PATTERN = re.compile(r"^[A-Z]{1,2}$", re.ASCII)
MIN_DIGITS = 1
MAX_DIGITS = 6
DEFAULT_DIGITS = 3
DEFAULT_MAX_RECALLS = 3

WAITING = "Waiting"
CALLED = "Called"
SERVING = "Serving"
DONE = "Done"
NO_SHOW = "No Show"
CANCELLED = "Cancelled"
STATUSES = (WAITING, CALLED, SERVING, DONE, NO_SHOW, CANCELLED)
# tickets at a window (called, or being served)
AT_WINDOW = (CALLED, SERVING)
CLOSED = (DONE, NO_SHOW, CANCELLED)

NORMAL = 0
APPOINTMENT = 1

# the ORDER BY of gov_hall.queue.calling's locked SELECT, the same order as call_order_key
CALL_ORDER_SQL = "`priority` desc, coalesce(`slot_start`, `issued_on`), `issued_on`, `name`"


class QueueRuleError(ValueError):
	"""``code`` names the broken rule; the Frappe layer turns it into a translated message."""

	def __init__(self, code: str):
		super().__init__(code)
		self.code = code


# ---------------------------------------------------------------------------------------------
# Ticket numbers


def is_valid_prefix(prefix) -> bool:
	return isinstance(prefix, str) and bool(PREFIX_PATTERN.match(prefix))


def clean_prefix(value) -> str:
	"""A prefix as typed (spaces, lower case) made canonical; raises ``bad_prefix``."""
	prefix = (value or "").strip().upper() if isinstance(value, str) else ""
	if not is_valid_prefix(prefix):
		raise QueueRuleError("bad_prefix")
	return prefix


def all_prefixes():
	"""A, B, ... Z, then AA, AB, ... ZZ."""
	yield from string.ascii_uppercase
	for first in string.ascii_uppercase:
		for second in string.ascii_uppercase:
			yield first + second


def next_prefix(used: Iterable[str]) -> str:
	"""The first prefix not used by the hall's other departments; raises ``no_prefix_left``."""
	taken = {p.strip().upper() for p in used if p}
	for prefix in all_prefixes():
		if prefix not in taken:
			return prefix
	raise QueueRuleError("no_prefix_left")


def clamp_digits(digits) -> int:
	try:
		value = int(digits)
	except (TypeError, ValueError):
		return DEFAULT_DIGITS
	if value < MIN_DIGITS:
		return DEFAULT_DIGITS
	return min(value, MAX_DIGITS)


def ticket_number(prefix: str, serial: int, digits: int = DEFAULT_DIGITS) -> str:
	"""``ticket_number("A", 23, 3) == "A023"``; a serial longer than the digits is kept whole."""
	if not is_valid_prefix(prefix):
		raise QueueRuleError("bad_prefix")
	if not isinstance(serial, int) or serial < 1:
		raise QueueRuleError("bad_serial")
	return f"{prefix}{serial:0{clamp_digits(digits)}d}"


def spoken_number(number: str) -> str:
	"""A ticket number as a Mandarin announcement reads it: letters and digits one by one (A 0 2 3)."""
	return " ".join(number)


# ---------------------------------------------------------------------------------------------
# The order of calling


def call_order_key(
	priority: int | None,
	slot_start: datetime.datetime | None,
	issued_on: datetime.datetime,
	name: str = "",
) -> tuple:
	"""Sort key of a waiting ticket: smaller is called first (see ``CALL_ORDER_SQL``)."""
	return (-(priority or 0), slot_start or issued_on, issued_on, name)


def call_order(tickets: Iterable[dict]) -> list[dict]:
	"""Waiting tickets (dicts with priority, slot_start, issued_on, name) in the order of calling."""
	return sorted(
		tickets,
		key=lambda t: call_order_key(
			t.get("priority"), t.get("slot_start"), t["issued_on"], t.get("name", "")
		),
	)


def priority_for(appointment: bool) -> int:
	return APPOINTMENT if appointment else NORMAL


def serves(
	ticket_department: str,
	ticket_window: str | None,
	window: str,
	window_departments: Iterable[str],
) -> bool:
	"""Whether a window may call a waiting ticket: one transferred to it, or one of a department it
	serves that no window holds."""
	if ticket_window:
		return ticket_window == window
	return ticket_department in set(window_departments)


def no_show_due(recalls: int, max_recalls: int) -> bool:
	"""After the last allowed recall the next recall marks the ticket a no-show."""
	return (recalls or 0) >= max(0, max_recalls or 0)


# ---------------------------------------------------------------------------------------------
# Moving a ticket on

# action -> the statuses it may start from, and where it leaves the ticket
TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
	"Call": ((WAITING,), CALLED),
	"Recall": ((CALLED,), CALLED),
	"No Show": ((CALLED,), NO_SHOW),
	"Transfer": ((WAITING, CALLED, SERVING), WAITING),
	"Start Service": ((CALLED,), SERVING),
	"Finish Service": ((CALLED, SERVING), DONE),
	"Cancel": ((WAITING, CALLED), CANCELLED),
}


def next_status(action: str, status: str) -> str:
	"""The status after ``action``; raises ``wrong_status`` when the ticket is not in a state for it."""
	allowed, after = TRANSITIONS[action]
	if status not in allowed:
		raise QueueRuleError("wrong_status")
	return after


# ---------------------------------------------------------------------------------------------
# Wait and service times


def seconds_between(start: datetime.datetime | None, end: datetime.datetime | None) -> int | None:
	if start is None or end is None:
		return None
	return max(0, int((end - start).total_seconds()))


def wait_start(
	issued_on: datetime.datetime, slot_start: datetime.datetime | None = None
) -> datetime.datetime:
	"""Arrival, or the slot's start for an appointment holder who checked in before it."""
	if slot_start and slot_start > issued_on:
		return slot_start
	return issued_on


def wait_seconds(
	issued_on: datetime.datetime,
	called_on: datetime.datetime | None,
	slot_start: datetime.datetime | None = None,
) -> int | None:
	"""Seconds from arrival (or the slot start) to the first call; None before the first call."""
	if issued_on is None:
		return None
	return seconds_between(wait_start(issued_on, slot_start), called_on)


def service_seconds(
	started_on: datetime.datetime | None,
	finished_on: datetime.datetime | None,
	called_on: datetime.datetime | None = None,
) -> int | None:
	"""Seconds of service; a service finished without a start counts from the call."""
	return seconds_between(started_on or called_on, finished_on)


def minutes(seconds: int | None) -> float | None:
	"""Seconds as minutes with one decimal, as the case keeps them."""
	if seconds is None:
		return None
	return round(seconds / 60.0, 1)


# ---------------------------------------------------------------------------------------------
# Statistics the reports share


def median(values: Iterable[float]) -> float | None:
	data = sorted(v for v in values if v is not None)
	if not data:
		return None
	middle = len(data) // 2
	if len(data) % 2:
		return float(data[middle])
	return (data[middle - 1] + data[middle]) / 2.0


def percentile(values: Iterable[float], fraction: float) -> float | None:
	"""Linear interpolation between closest ranks (as numpy's default)."""
	data = sorted(v for v in values if v is not None)
	if not data:
		return None
	if len(data) == 1:
		return float(data[0])
	rank = fraction * (len(data) - 1)
	low = math.floor(rank)
	high = math.ceil(rank)
	return data[low] + (data[high] - data[low]) * (rank - low)


def p90(values: Iterable[float]) -> float | None:
	return percentile(values, 0.9)


# ---------------------------------------------------------------------------------------------
# Off-hours tickets


def is_off_hours_moment(
	moment: datetime.datetime,
	opening: datetime.time,
	closing: datetime.time,
	working_day: bool,
) -> bool:
	"""Whether a ticket taken at ``moment`` is off-hours service: on a rest day, or outside the regular
	opening hours of a working day."""
	if not working_day:
		return True
	return not (opening <= moment.time() < closing)


def check_off_hours(is_off_hours: bool, offers_off_hours: bool) -> None:
	"""Off-hours tickets only when the hall runs off-hours service; raises ``off_hours_not_offered``."""
	if is_off_hours and not offers_off_hours:
		raise QueueRuleError("off_hours_not_offered")


# ---------------------------------------------------------------------------------------------
# Devices


def parse_networks(text: str | None) -> list:
	"""The allowed addresses of a device, one IP or CIDR network a line; raises ``bad_address``."""
	import ipaddress

	networks = []
	for line in (text or "").splitlines():
		entry = line.strip()
		if not entry or entry.startswith("#"):
			continue
		try:
			networks.append(ipaddress.ip_network(entry, strict=False))
		except ValueError as err:
			raise QueueRuleError("bad_address") from err
	return networks


def address_allowed(ip: str | None, allowed: str | None) -> bool:
	"""Whether a request from ``ip`` may use a device whose allowed addresses are ``allowed``; an
	empty list allows any address, a listed one needs a known address inside it."""
	import ipaddress

	networks = parse_networks(allowed)
	if not networks:
		return True
	try:
		address = ipaddress.ip_address((ip or "").strip())
	except ValueError:
		return False
	return any(address.version == net.version and address in net for net in networks)
