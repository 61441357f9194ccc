"""Assessment quarters: the hall scores windows and staff per calendar quarter."""

import datetime
import re

QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")


def quarter_of(day: datetime.date) -> str:
	"""'2026-Q3' for any day of July to September 2026."""
	return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def quarter_bounds(quarter: str) -> tuple[datetime.date, datetime.date]:
	"""First and last day of a quarter given as '2026-Q3'."""
	match = QUARTER.match(quarter or "")
	if not match:
		raise ValueError(f"not a quarter: {quarter!r}")
	year, number = int(match.group(1)), int(match.group(2))
	start = datetime.date(year, 3 * number - 2, 1)
	end_month = 3 * number
	next_month = datetime.date(year + (end_month == 12), end_month % 12 + 1, 1)
	return start, next_month - datetime.timedelta(days=1)


def is_last_month_of_quarter(day: datetime.date) -> bool:
	return day.month % 3 == 0


# ---------------------------------------------------------------------------------------------
# Months (issue 15): a month run assesses one month, in the quarter that contains it

MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def month_of(day: datetime.date) -> str:
	"""'2026-11' for any day of November 2026."""
	return f"{day.year}-{day.month:02d}"


def month_bounds(month: str) -> tuple[datetime.date, datetime.date]:
	"""First and last day of a month given as '2026-11'."""
	match = MONTH.match(month or "")
	if not match:
		raise ValueError(f"not a month: {month!r}")
	year, number = int(match.group(1)), int(match.group(2))
	start = datetime.date(year, number, 1)
	next_month = datetime.date(year + (number == 12), number % 12 + 1, 1)
	return start, next_month - datetime.timedelta(days=1)


def quarter_of_month(month: str) -> str:
	"""'2026-Q4' for '2026-11'."""
	return quarter_of(month_bounds(month)[0])


def period_bounds(
	quarter: str | None = None, month: str | None = None
) -> tuple[datetime.date, datetime.date]:
	"""The days of a month when one is given, else of the quarter."""
	return month_bounds(month) if month else quarter_bounds(quarter)
