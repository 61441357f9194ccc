"""Culture activities (文化活动): the dates of recurring programmes and the 五个一 defaults.

Plain Python, no Frappe import, so the rules are tested on their own.

Seed 001's 五个一: a yearly big event, a quarterly themed gathering, monthly training on the last
Friday afternoon, a weekly forum topic and a daily 10-minute exercise at 10:00. Seed 000: activities
in a quarter's last month clash with the peak of work; it suggests months 2, 5, 8 and 11, which is
why a quarterly programme defaults to the second month of the quarter.

A programme's rule picks one day per period (year, quarter, month, week) or every day. When the
programme keeps to working days and the picked day is not one (a statutory holiday, a local closure),
the activity moves to the nearest working day of the same period: earlier for the last weekday of a
month (the last Friday's training moves to Thursday, not into the next month), later otherwise (a
weekly topic due on a holiday Monday opens on the week's first working day); a daily activity
simply skips the day. A period without any working day has no activity.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

Date = datetime.date

YEARLY, QUARTERLY, MONTHLY, WEEKLY, DAILY = "Yearly", "Quarterly", "Monthly", "Weekly", "Daily"
FREQUENCIES = (YEARLY, QUARTERLY, MONTHLY, WEEKLY, DAILY)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WEEKS_OF_MONTH = ("First", "Second", "Third", "Fourth", "Last")
SUGGESTED_MONTHS = (2, 5, 8, 11)
MAX_DURATION_MINUTES = 24 * 60


class InvalidRule(ValueError):
	"""A programme rule that cannot produce dates; ``code`` says which part is wrong."""

	def __init__(self, code: str):
		super().__init__(code)
		self.code = code


@dataclass(frozen=True)
class Rule:
	"""When a recurring activity takes place.

	``month_of_year`` (1-12) is used by yearly programmes, ``month_of_quarter`` (1-3) by quarterly
	ones; yearly, quarterly and monthly programmes take the ``week_of_month`` ``weekday`` of their
	month (e.g. the last Friday), weekly ones the ``weekday`` of each week.
	"""

	frequency: str
	time_of_day: datetime.time = datetime.time(9, 0)
	duration_minutes: int = 60
	month_of_year: int = 5
	month_of_quarter: int = 2
	week_of_month: str = "Last"
	weekday: str = "Friday"
	working_days_only: bool = True

	def check(self) -> None:
		if self.frequency not in FREQUENCIES:
			raise InvalidRule("frequency")
		if not 1 <= int(self.month_of_year or 0) <= 12:
			raise InvalidRule("month_of_year")
		if not 1 <= int(self.month_of_quarter or 0) <= 3:
			raise InvalidRule("month_of_quarter")
		if self.week_of_month not in WEEKS_OF_MONTH:
			raise InvalidRule("week_of_month")
		if self.weekday not in WEEKDAYS:
			raise InvalidRule("weekday")
		if not 0 < int(self.duration_minutes or 0) <= MAX_DURATION_MINUTES:
			raise InvalidRule("duration")


def _month_end(year: int, month: int) -> Date:
	return Date(year + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1)


def weekday_of_month(year: int, month: int, week_of_month: str, weekday: str) -> Date:
	"""The first … fourth or the last ``weekday`` of a month: ('Last', 'Friday') of 2026-09 is 09-25."""
	number = WEEKDAYS.index(weekday)
	if week_of_month == "Last":
		last = _month_end(year, month)
		return last - datetime.timedelta(days=(last.weekday() - number) % 7)
	first = Date(year, month, 1)
	first_match = first + datetime.timedelta(days=(number - first.weekday()) % 7)
	return first_match + datetime.timedelta(weeks=WEEKS_OF_MONTH.index(week_of_month))


def _periods(rule: Rule, start: Date, end: Date):
	"""(nominal day, first day of its period, last day of its period) for every period touching
	[start, end]."""
	if rule.frequency == WEEKLY:
		monday = start - datetime.timedelta(days=start.weekday())
		while monday <= end:
			day = monday + datetime.timedelta(days=WEEKDAYS.index(rule.weekday))
			yield day, monday, monday + datetime.timedelta(days=6)
			monday += datetime.timedelta(weeks=1)
		return
	year, month = start.year, start.month
	while Date(year, month, 1) <= end:
		if (
			rule.frequency == MONTHLY
			or (rule.frequency == QUARTERLY and (month - 1) % 3 + 1 == int(rule.month_of_quarter))
			or (rule.frequency == YEARLY and month == int(rule.month_of_year))
		):
			day = weekday_of_month(year, month, rule.week_of_month, rule.weekday)
			yield day, Date(year, month, 1), _month_end(year, month)
		year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _nearest_working_day(
	day: Date, first: Date, last: Date, backward: bool, is_working_day: Callable[[Date], bool]
) -> Date | None:
	"""``day`` itself or the nearest working day of [first, last]: searching earlier first when
	``backward``, later first otherwise."""
	if is_working_day(day):
		return day
	one = datetime.timedelta(days=1)
	directions = (-one, one) if backward else (one, -one)
	for step in directions:
		current = day + step
		while first <= current <= last:
			if is_working_day(current):
				return current
			current += step
	return None


def activity_days(
	rule: Rule, start: Date, end: Date, is_working_day: Callable[[Date], bool] | None = None
) -> list[Date]:
	"""The days in [start, end] on which the programme's activity takes place, in order.

	``is_working_day`` is the hall's calendar; without one (or when the rule does not keep to
	working days) every day counts.
	"""
	rule.check()
	if end < start:
		return []
	keep_working = rule.working_days_only and is_working_day is not None
	if rule.frequency == DAILY:
		days = [start + datetime.timedelta(days=n) for n in range((end - start).days + 1)]
		return [day for day in days if not keep_working or is_working_day(day)]
	days = []
	for nominal, first, last in _periods(rule, start, end):
		day = nominal
		if keep_working:
			backward = rule.frequency != WEEKLY and rule.week_of_month == "Last"
			day = _nearest_working_day(nominal, first, last, backward, is_working_day)
		if day is not None and start <= day <= end and day not in days:
			days.append(day)
	return days


def occurrences(
	rule: Rule, start: Date, end: Date, is_working_day: Callable[[Date], bool] | None = None
) -> list[tuple[datetime.datetime, datetime.datetime]]:
	"""(starts, ends) of every activity of the programme in [start, end]."""
	duration = datetime.timedelta(minutes=int(rule.duration_minutes))
	result = []
	for day in activity_days(rule, start, end, is_working_day):
		starts = datetime.datetime.combine(day, rule.time_of_day)
		result.append((starts, starts + duration))
	return result


def in_peak_month(day: Date | datetime.datetime) -> bool:
	"""The last month of a quarter, when work peaks (seed 000); the same test as
	gov_hall.rules.periods.is_last_month_of_quarter."""
	return day.month % 3 == 0


# ---------------------------------------------------------------------------------------------
# 五个一: the five default programmes


@dataclass(frozen=True)
class ProgrammeTemplate:
	key: str
	name: str  # the English name; the Frappe side translates it
	activity_type: str
	rule: Rule
	description: str = ""


def default_programmes() -> list[ProgrammeTemplate]:
	"""Seed 001's 五个一, with the schedule seed 000 asks for (no activity in a quarter's last month
	except the monthly training and the daily and weekly ones, which cannot avoid it)."""
	return [
		ProgrammeTemplate(
			"yearly_event",
			"Yearly Big Event",
			"Performance",
			Rule(
				YEARLY,
				datetime.time(14, 30),
				180,
				month_of_year=5,
				week_of_month="Third",
				weekday="Thursday",
			),
			"One large event a year, such as a performance or a speech contest.",
		),
		ProgrammeTemplate(
			"quarterly_gathering",
			"Quarterly Themed Gathering",
			"Themed Gathering",
			Rule(
				QUARTERLY,
				datetime.time(15, 0),
				120,
				month_of_quarter=2,
				week_of_month="Second",
				weekday="Wednesday",
			),
			"One themed gathering a quarter, in the quarter's second month (February, May, August, November).",
		),
		ProgrammeTemplate(
			"monthly_training",
			"Monthly Training",
			"Training",
			Rule(MONTHLY, datetime.time(14, 30), 150, week_of_month="Last", weekday="Friday"),
			"Business training on the afternoon of the last Friday of each month.",
		),
		ProgrammeTemplate(
			"weekly_forum",
			"Weekly Forum Topic",
			"Forum Topic",
			Rule(WEEKLY, datetime.time(9, 0), 30, weekday="Monday"),
			"One forum topic a week, opened on the first working day of the week.",
		),
		ProgrammeTemplate(
			"daily_exercise",
			"Daily Exercise",
			"Exercise",
			Rule(DAILY, datetime.time(10, 0), 10),
			"Ten minutes of exercise at 10:00 on every working day.",
		),
	]
