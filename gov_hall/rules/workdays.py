"""Working-day arithmetic for time limits (行政许可法 art. 82).

Plain Python, no Frappe import, so the rules are tested on their own.

China's statutory calendar comes from the ``holidays`` package: statutory
holidays are not working days, make-up working weekends (调休) are. A hall
layers its own exceptions on top: local closures (a day the hall is shut) and
extra working days (a day the hall opens although the statutory calendar says
it is a rest day).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from functools import lru_cache

import holidays

Date = datetime.date


def _as_date(value: Date | datetime.datetime | str) -> Date:
	if isinstance(value, datetime.datetime):
		return value.date()
	if isinstance(value, Date):
		return value
	return datetime.date.fromisoformat(str(value)[:10])


@lru_cache(maxsize=1)
def _statutory_calendar() -> holidays.HolidayBase:
	return holidays.China()


class WorkCalendar:
	"""A hall's working-day calendar.

	``closures`` and ``extra_working_days`` are the hall's own exceptions;
	with ``statutory=False`` only weekends count as rest days (for tests or a
	hall outside mainland rules).
	"""

	def __init__(
		self,
		closures: Iterable[Date | str] = (),
		extra_working_days: Iterable[Date | str] = (),
		statutory: bool = True,
	):
		self.closures = frozenset(_as_date(d) for d in closures)
		self.extra_working_days = frozenset(_as_date(d) for d in extra_working_days)
		overlap = self.closures & self.extra_working_days
		if overlap:
			raise ValueError(f"dates both closed and working: {sorted(overlap)}")
		self.statutory = statutory
		self._is_working = lru_cache(maxsize=4096)(self._compute_is_working)

	def _compute_is_working(self, day: Date) -> bool:
		if day in self.closures:
			return False
		if day in self.extra_working_days:
			return True
		if self.statutory:
			return _statutory_calendar().is_working_day(day)
		return day.weekday() < 5

	def is_working_day(self, day: Date | datetime.datetime | str) -> bool:
		return self._is_working(_as_date(day))

	def next_working_day(self, day: Date | str, include_today: bool = False) -> Date:
		current = _as_date(day)
		if include_today and self.is_working_day(current):
			return current
		current += datetime.timedelta(days=1)
		while not self.is_working_day(current):
			current += datetime.timedelta(days=1)
		return current

	def add_working_days(self, start: Date | datetime.datetime | str, days: int) -> Date:
		"""The date on which a time limit of ``days`` working days ends.

		Day 1 is the first working day after ``start``; a limit of 0 ends on
		``start`` itself (即办件, same day), whatever kind of day it is.
		"""
		if days < 0:
			raise ValueError("a time limit cannot be negative")
		current = _as_date(start)
		for _ in range(days):
			current = self.next_working_day(current)
		return current

	def working_days_between(self, start: Date | str, end: Date | str) -> int:
		"""Working days in the half-open range (start, end].

		This is the number of days of a time limit consumed from ``start`` to
		``end``; it is negative when ``end`` lies before ``start``.
		"""
		first, last = _as_date(start), _as_date(end)
		if last < first:
			return -self.working_days_between(last, first)
		count = 0
		current = first + datetime.timedelta(days=1)
		while current <= last:
			count += self.is_working_day(current)
			current += datetime.timedelta(days=1)
		return count

	def working_days_in(self, start: Date | str, end: Date | str) -> list[Date]:
		"""Every working day in the closed range [start, end]."""
		first, last = _as_date(start), _as_date(end)
		days = []
		current = first
		while current <= last:
			if self.is_working_day(current):
				days.append(current)
			current += datetime.timedelta(days=1)
		return days


def statutory_rest_days(year: int) -> dict[Date, str]:
	"""Statutory holidays of a year (weekday rest days included), by date."""
	return dict(sorted(holidays.China(years=year).items()))


def makeup_working_days(year: int) -> list[Date]:
	"""Weekend days that are working days in a year (调休补班)."""
	return sorted(d for d in holidays.China(years=year).weekend_workdays if d.year == year)


def statutory_schedule_known(year: int) -> bool:
	"""Whether the ``holidays`` package has the State Council's schedule for a year.

	Every year since 2008 has had make-up working days (调休), and the package adds them only once
	the year's notice is published (late in the year before). A year without any is a year whose
	schedule the package does not know yet: its fixed holidays are there, its 调休 are not.
	"""
	return bool(makeup_working_days(year))


def years_without_schedule(first: Date | str, last: Date | str, entered: Iterable[int] = ()) -> list[int]:
	"""Years from ``first`` to ``last`` whose official schedule neither the package nor the hall has."""
	entered = set(entered)
	return [
		year
		for year in range(_as_date(first).year, _as_date(last).year + 1)
		if year not in entered and not statutory_schedule_known(year)
	]
