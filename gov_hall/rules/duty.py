"""On-site duty (出勤值勤): sessions, which punch belongs to which session, late / early leave / absent.

Plain Python, no Frappe import. ``gov_hall.duty`` reads the roster (GH Duty Slot), the punches
(GH Attendance Punch) and approved leave, asks these functions and writes the results back.

* A hall's day has two regular sessions, Morning (opening → morning end) and Afternoon (afternoon
  start → closing), and, at halls offering off-hours service, an Off-Hours session (closing → the
  off-hours end), rostered by hand only.
* One staff member's punches of a day are shared out between the sessions they are rostered for: the
  boundary between two consecutive sessions is the middle of the gap between them, the first session
  takes everything from midnight, the last everything until the next midnight.
* Within a session the clock-in is the earliest In punch (or a punch without direction before the
  session's midpoint), the clock-out the latest Out punch (or one without direction at or after it).
* A clock-in up to ``grace`` minutes after the start is on time, as is a clock-out up to ``grace``
  minutes before the end. A session that has ended with no punch at all is an absence; a missing
  clock-out counts as early leave (未签退: nothing shows the person stayed) and a missing clock-in
  as late, both with 0 minutes. Approved leave makes the session "On Leave", whatever the punches.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

MORNING = "Morning"
AFTERNOON = "Afternoon"
OFF_HOURS = "Off-Hours"
SESSIONS = (MORNING, AFTERNOON, OFF_HOURS)
REGULAR_SESSIONS = (MORNING, AFTERNOON)

IN = "In"
OUT = "Out"
DIRECTIONS = (IN, OUT)

# GH Duty Slot.post_role
POST_A = "A"
POST_B = "B"
POST_COVER = "Cover"
POST_EXTRA = "Extra"
POST_ROLES = (POST_A, POST_B, POST_COVER, POST_EXTRA)
OWN_POSTS = (POST_A, POST_B, POST_EXTRA)

# GH Duty Slot.status
ACTIVE = "Active"
CANCELLED = "Cancelled"

# GH Duty Slot.duty_status
SCHEDULED = "Scheduled"
PRESENT = "Present"
LATE = "Late"
EARLY_LEAVE = "Early Leave"
LATE_AND_EARLY = "Late and Early Leave"
ABSENT = "Absent"
ON_LEAVE = "On Leave"
DUTY_STATUSES = (SCHEDULED, PRESENT, LATE, EARLY_LEAVE, LATE_AND_EARLY, ABSENT, ON_LEAVE)
LATE_STATUSES = (LATE, LATE_AND_EARLY)
EARLY_STATUSES = (EARLY_LEAVE, LATE_AND_EARLY)
# statuses of a session the staff member was due at the window and the day's figures are final
FINAL_STATUSES = (PRESENT, LATE, EARLY_LEAVE, LATE_AND_EARLY, ABSENT)

DEFAULT_GRACE_MINUTES = 5
DEFAULT_EMPTY_WINDOW_ALERT_MINUTES = 10
DEFAULT_ANNUAL_LEAVE_DAYS = 10.0


class DutyRuleError(ValueError):
	"""``code`` names the broken rule; the Frappe layer turns it into a translated message."""

	def __init__(self, code: str):
		super().__init__(code)
		self.code = code


# ---------------------------------------------------------------------------------------------
# Sessions


@dataclass(frozen=True)
class HallSessions:
	"""A hall's session times (GH Service Hall: opening_time, morning_end, afternoon_start,
	closing_time and, for off-hours service, extended_closing_time)."""

	opening: datetime.time
	morning_end: datetime.time
	afternoon_start: datetime.time
	closing: datetime.time
	off_hours_end: datetime.time | None = None


def hours_problem(hours: HallSessions) -> str | None:
	"""None when opening < morning end ≤ afternoon start < closing, else the broken rule's code."""
	if not hours.opening < hours.morning_end:
		return "morning_end_before_opening"
	if not hours.morning_end <= hours.afternoon_start:
		return "afternoon_before_morning_end"
	if not hours.afternoon_start < hours.closing:
		return "closing_before_afternoon"
	return None


def session_times(hours: HallSessions, session: str) -> tuple[datetime.time, datetime.time] | None:
	"""(start, end) of a session; None for Off-Hours at a hall without off-hours service."""
	if session == MORNING:
		return hours.opening, hours.morning_end
	if session == AFTERNOON:
		return hours.afternoon_start, hours.closing
	if session == OFF_HOURS:
		if hours.off_hours_end and hours.off_hours_end > hours.closing:
			return hours.closing, hours.off_hours_end
		return None
	raise DutyRuleError("unknown_session")


def session_datetimes(
	hours: HallSessions, day: datetime.date, session: str
) -> tuple[datetime.datetime, datetime.datetime] | None:
	times = session_times(hours, session)
	if times is None:
		return None
	return datetime.datetime.combine(day, times[0]), datetime.datetime.combine(day, times[1])


def session_index(session: str) -> int:
	if session not in SESSIONS:
		raise DutyRuleError("unknown_session")
	return SESSIONS.index(session)


# ---------------------------------------------------------------------------------------------
# Punches → clock-in and clock-out


def _midpoint(a: datetime.datetime, b: datetime.datetime) -> datetime.datetime:
	return a + (b - a) / 2


def spans(
	sessions: Sequence[tuple[Hashable, datetime.datetime, datetime.datetime]],
) -> dict[Hashable, tuple[datetime.datetime, datetime.datetime]]:
	"""key → (span start, span end) for one staff member's rostered sessions of one day.

	A punch at ``t`` belongs to the session whose span_start ≤ t < span_end (see in_span for an
	Out punch at a boundary). Sessions with the same
	times (two windows in one session) share a span. Consecutive sessions split the gap between them
	in the middle; the first span starts at midnight, the last ends at the next midnight."""
	if not sessions:
		return {}
	intervals = sorted({(start, end) for _key, start, end in sessions})
	day = intervals[0][0].date()
	midnight = datetime.datetime.combine(day, datetime.time())
	bounds = [midnight]
	for (_start, end), (next_start, next_end) in zip(intervals, intervals[1:], strict=False):
		if end <= next_start:
			boundary = _midpoint(end, next_start)
		else:  # overlapping sessions: split the overlap in the middle
			boundary = _midpoint(next_start, min(end, next_end))
		bounds.append(max(boundary, bounds[-1]))
	bounds.append(midnight + datetime.timedelta(days=1))
	by_interval = {interval: (bounds[i], bounds[i + 1]) for i, interval in enumerate(intervals)}
	return {key: by_interval[(start, end)] for key, start, end in sessions}


def in_span(
	moment: datetime.datetime,
	span: tuple[datetime.datetime, datetime.datetime],
	direction: str | None = None,
) -> bool:
	"""span_start ≤ moment < span_end; an Out punch at the very boundary closes the earlier
	session (span_start < moment ≤ span_end), so sessions that meet (Afternoon and Off-Hours at
	closing time) each keep their own punch."""
	if direction == OUT:
		return span[0] < moment <= span[1]
	return span[0] <= moment < span[1]


def clock_times(
	start: datetime.datetime,
	end: datetime.datetime,
	punches: Iterable[tuple[datetime.datetime, str | None]],
) -> tuple[datetime.datetime | None, datetime.datetime | None]:
	"""(clock_in, clock_out) of a session from the punches of its span.

	In: the earliest In punch, or a punch without direction before the session's midpoint.
	Out: the latest Out punch, or a punch without direction at or after the midpoint."""
	middle = _midpoint(start, end)
	ins, outs = [], []
	for moment, direction in punches:
		if direction == IN or (not direction and moment < middle):
			ins.append(moment)
		elif direction == OUT or not direction:
			outs.append(moment)
	return (min(ins) if ins else None), (max(outs) if outs else None)


# ---------------------------------------------------------------------------------------------
# Outcome of a session


@dataclass(frozen=True)
class Outcome:
	status: str
	late_minutes: int = 0
	early_minutes: int = 0


def _minutes(delta: datetime.timedelta) -> int:
	"""Whole minutes, rounded up: 30 seconds late is 1 minute late."""
	return max(0, math.ceil(delta.total_seconds() / 60))


def outcome(
	start: datetime.datetime,
	end: datetime.datetime,
	clock_in: datetime.datetime | None,
	clock_out: datetime.datetime | None,
	grace_minutes: int,
	on_leave: bool,
	now: datetime.datetime,
) -> Outcome:
	"""The duty status of one rostered session."""
	if on_leave:
		return Outcome(ON_LEAVE)
	grace = datetime.timedelta(minutes=max(0, grace_minutes or 0))
	late = clock_in is None or clock_in > start + grace
	late_minutes = _minutes(clock_in - start) if clock_in is not None and late else 0
	if now < end:  # not over yet: tentative
		if clock_in is None:
			return Outcome(SCHEDULED)
		return Outcome(LATE, late_minutes) if late else Outcome(PRESENT)
	if clock_in is None and clock_out is None:
		return Outcome(ABSENT)
	early = clock_out is None or clock_out < end - grace
	early_minutes = _minutes(end - clock_out) if clock_out is not None and early else 0
	if late and early:
		return Outcome(LATE_AND_EARLY, late_minutes, early_minutes)
	if late:
		return Outcome(LATE, late_minutes)
	if early:
		return Outcome(EARLY_LEAVE, 0, early_minutes)
	return Outcome(PRESENT)


def present_at(
	clock_in: datetime.datetime | None, clock_out: datetime.datetime | None, at: datetime.datetime
) -> bool:
	"""Whether someone who clocked in (and perhaps out) is at the window at ``at``. A clock-out
	before the clock-in means they left and came back."""
	if clock_in is None or clock_in > at:
		return False
	return clock_out is None or clock_out > at or clock_out < clock_in


@dataclass(frozen=True)
class SessionResult:
	clock_in: datetime.datetime | None
	clock_out: datetime.datetime | None
	outcome: Outcome


def evaluate_day(
	sessions: Sequence[tuple[Hashable, datetime.datetime, datetime.datetime, bool]],
	punches: Iterable[tuple[datetime.datetime, str | None]],
	grace_minutes: int,
	now: datetime.datetime,
) -> dict[Hashable, SessionResult]:
	"""One staff member's day: key → SessionResult for each rostered session
	(key, start, end, on_leave), the punches being all of that person's punches of the day."""
	punches = list(punches)
	by_key = spans([(key, start, end) for key, start, end, _leave in sessions])
	results = {}
	for key, start, end, on_leave in sessions:
		span = by_key[key]
		mine = [(moment, direction) for moment, direction in punches if in_span(moment, span, direction)]
		clock_in, clock_out = clock_times(start, end, mine)
		results[key] = SessionResult(
			clock_in, clock_out, outcome(start, end, clock_in, clock_out, grace_minutes, on_leave, now)
		)
	return results


# ---------------------------------------------------------------------------------------------
# Leave


def leave_sessions(
	from_date: datetime.date,
	from_session: str,
	to_date: datetime.date,
	to_session: str,
	working_days: Iterable[datetime.date],
) -> list[tuple[datetime.date, str]]:
	"""The Morning/Afternoon sessions of working days from (from_date, from_session) to
	(to_date, to_session), both included, in order."""
	first = (from_date, REGULAR_SESSIONS.index(from_session))
	last = (to_date, REGULAR_SESSIONS.index(to_session))
	if last < first:
		raise DutyRuleError("leave_ends_before_it_starts")
	result = []
	for day in sorted(set(working_days)):
		for index, session in enumerate(REGULAR_SESSIONS):
			if first <= (day, index) <= last:
				result.append((day, session))
	return result


# ---------------------------------------------------------------------------------------------
# Counting


@dataclass
class DutyCounts:
	"""One staff member's duty figures over a period.

	duty_sessions: sessions due at the window with a final outcome (Present, Late, Early Leave,
	Late and Early Leave, Absent); late / early_leave: sessions late / left early ("Late and Early
	Leave" counts in both); absent: absent sessions; leave: sessions on approved leave; cover:
	sessions covering someone's leave; empty_windows: 空岗 charged to them; left_post: inspections
	that found them away (窜岗/离岗)."""

	duty_sessions: int = 0
	late: int = 0
	early_leave: int = 0
	absent: int = 0
	leave: int = 0
	cover: int = 0
	empty_windows: int = 0
	left_post: int = 0


_POST_PRECEDENCE = {POST_A: 0, POST_B: 1, POST_EXTRA: 2, POST_COVER: 3}


def _get(row, key):
	return row[key] if isinstance(row, Mapping) else getattr(row, key)


def counted_slots(rows: Iterable) -> list[dict]:
	"""One row per (staff, duty_date, session) from Active slots (mappings or objects with staff,
	duty_date, session, post_role, duty_status; Cancelled slots are dropped when ``status`` is given).

	Two slots of one person in one session are one session of duty (the punches are the person's).
	A Cover slot is counted only as cover given when the person also has an own slot (A, B, Extra)
	that session; alone it is their duty for that session and cover given. Each returned row is the
	chosen slot's fields plus ``cover`` (1 when a Cover slot was among them)."""
	groups: dict[tuple, list] = {}
	for row in rows:
		if isinstance(row, Mapping) and row.get("status", ACTIVE) != ACTIVE:
			continue
		if not isinstance(row, Mapping) and getattr(row, "status", ACTIVE) != ACTIVE:
			continue
		key = (_get(row, "staff"), str(_get(row, "duty_date")), _get(row, "session"))
		groups.setdefault(key, []).append(row)
	result = []
	for group in groups.values():
		chosen = min(group, key=lambda r: _POST_PRECEDENCE.get(_get(r, "post_role"), 2))
		counted = dict(chosen) if isinstance(chosen, Mapping) else dict(vars(chosen))
		counted["cover"] = int(any(_get(r, "post_role") == POST_COVER for r in group))
		result.append(counted)
	return result


def tally(rows: Iterable) -> dict[str, DutyCounts]:
	"""Staff member → DutyCounts from slot rows (counted_slots is applied first)."""
	counts: dict[str, DutyCounts] = {}
	for row in counted_slots(rows):
		c = counts.setdefault(row["staff"], DutyCounts())
		status = row["duty_status"]
		c.cover += row["cover"]
		if status == ON_LEAVE:
			c.leave += 1
			continue
		if status not in FINAL_STATUSES:
			continue
		c.duty_sessions += 1
		c.late += status in LATE_STATUSES
		c.early_leave += status in EARLY_STATUSES
		c.absent += status == ABSENT
	return counts
