"""Time limits of a case (限时办结制), in working days. No Frappe import.

The rules:
- day 1 is the first working day after the clock starts; a limit of 0 means the same day;
- the clock starts on the day the case is accepted, unless no supplement notice was issued and
  no acceptance happened within the statutory days after receipt (行政许可法 art. 32): then the
  case counts as accepted from the day of receipt ("deemed accepted");
- working days spent waiting for the applicant to supplement materials are not counted;
- an approved extension adds working days to the limit.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from gov_hall.rules.workdays import WorkCalendar, _as_date

Date = datetime.date

YELLOW = "Yellow"
RED = "Red"


@dataclass(frozen=True)
class Pause:
	"""The clock stood still from ``start`` until the applicant returned on ``end`` (None: still waiting)."""

	start: Date
	end: Date | None = None


@dataclass(frozen=True)
class ClockStart:
	start: Date | None
	deemed_accepted: bool


def notice_deadline(calendar: WorkCalendar, received: Date, notice_limit_days: int = 5) -> Date:
	"""Last day on which the one-time supplement notice may be issued."""
	return calendar.add_working_days(received, notice_limit_days)


def clock_start(
	calendar: WorkCalendar,
	received: Date,
	accepted: Date | None,
	first_notice: Date | None,
	today: Date,
	notice_limit_days: int = 5,
) -> ClockStart:
	"""When the time limit starts counting, and whether the case was deemed accepted on receipt."""
	received = _as_date(received)
	last_day = notice_deadline(calendar, received, notice_limit_days)
	if first_notice is not None and _as_date(first_notice) <= last_day:
		return ClockStart(_as_date(accepted) if accepted else None, False)
	# no notice in time: acceptance within the statutory days counts from that day ...
	if first_notice is None and accepted is not None and _as_date(accepted) <= last_day:
		return ClockStart(_as_date(accepted), False)
	# ... otherwise the law treats the application as accepted on the day it was received
	decided_late = accepted is not None or first_notice is not None
	if decided_late or _as_date(today) > last_day:
		return ClockStart(received, True)
	return ClockStart(None, False)


def paused_working_days(calendar: WorkCalendar, pauses: Iterable[Pause], after: Date, today: Date) -> int:
	"""Working days lost to pauses after the clock start; an open pause runs until ``today``."""
	after = _as_date(after)
	total = 0
	for pause in pauses:
		start = max(_as_date(pause.start), after)
		end = _as_date(pause.end) if pause.end else _as_date(today)
		if end > start:
			total += calendar.working_days_between(start, end)
	return total


def due_date(
	calendar: WorkCalendar,
	start: Date,
	limit_days: int,
	extension_days: int = 0,
	paused_days: int = 0,
) -> Date:
	"""Last day of the time limit."""
	if limit_days < 0 or extension_days < 0 or paused_days < 0:
		raise ValueError("time limits, extensions and pauses cannot be negative")
	return calendar.add_working_days(start, limit_days + extension_days + paused_days)


def remaining_working_days(calendar: WorkCalendar, today: Date, due: Date) -> int:
	"""Working days left after today up to the due date; negative once overdue."""
	today, due = _as_date(today), _as_date(due)
	if today > due:
		return -max(calendar.working_days_between(due, today), 1)
	return calendar.working_days_between(today, due)


def card_level(today: Date, due: Date, remaining: int, yellow_threshold: int) -> str | None:
	"""E-supervision card for an open case: red once overdue, yellow near the end."""
	if _as_date(today) > _as_date(due):
		return RED
	if remaining <= yellow_threshold:
		return YELLOW
	return None


def completed_on_time(completed: Date, due: Date) -> bool:
	return _as_date(completed) <= _as_date(due)
