import datetime

import pytest

from gov_hall.rules.workdays import WorkCalendar, makeup_working_days, statutory_rest_days

D = datetime.date
CN = WorkCalendar()


@pytest.mark.parametrize(
	"day, working",
	[
		(D(2025, 1, 26), True),  # Sunday, 调休 make-up day for Spring Festival
		(D(2025, 2, 8), True),  # Saturday make-up day
		(D(2025, 1, 28), False),  # New Year's Eve (2025 first year it is a statutory holiday)
		(D(2025, 2, 4), False),  # substituted rest day
		(D(2025, 4, 27), True),  # Sunday make-up for Labour Day
		(D(2025, 5, 5), False),
		(D(2025, 9, 28), True),  # Sunday make-up for National Day
		(D(2025, 10, 8), False),
		(D(2025, 10, 11), True),  # Saturday make-up
		(D(2025, 10, 9), True),  # ordinary Thursday
		(D(2025, 10, 12), False),  # ordinary Sunday
		(D(2026, 1, 2), False),
		(D(2026, 1, 4), True),  # Sunday make-up for New Year
		(D(2026, 2, 14), True),
		(D(2026, 2, 23), False),
		(D(2026, 2, 28), True),
		(D(2026, 5, 5), False),
		(D(2026, 5, 9), True),
		(D(2026, 9, 20), True),
		(D(2026, 10, 7), False),
		(D(2026, 10, 10), True),
	],
)
def test_statutory_calendar_2025_2026(day, working):
	assert CN.is_working_day(day) is working


def test_makeup_days_listed_per_year():
	assert makeup_working_days(2025) == [
		D(2025, 1, 26),
		D(2025, 2, 8),
		D(2025, 4, 27),
		D(2025, 9, 28),
		D(2025, 10, 11),
	]
	assert makeup_working_days(2026) == [
		D(2026, 1, 4),
		D(2026, 2, 14),
		D(2026, 2, 28),
		D(2026, 5, 9),
		D(2026, 9, 20),
		D(2026, 10, 10),
	]


def test_statutory_rest_days_include_spring_festival_2026():
	rest = statutory_rest_days(2026)
	assert all(D(2026, 2, d) in rest for d in (16, 17, 18, 19, 20, 23))
	assert D(2026, 2, 14) not in rest


def test_limit_zero_is_same_day_even_on_rest_day():
	assert CN.add_working_days(D(2025, 10, 9), 0) == D(2025, 10, 9)
	assert CN.add_working_days(D(2025, 10, 1), 0) == D(2025, 10, 1)


def test_day_one_is_first_working_day_after_acceptance():
	# Accepted Friday 2025-09-26: Saturday 27 rests, Sunday 28 is a make-up working day.
	assert CN.add_working_days(D(2025, 9, 26), 1) == D(2025, 9, 28)
	assert CN.add_working_days(D(2025, 9, 26), 2) == D(2025, 9, 29)


def test_limit_crosses_national_day_2025():
	# Accepted Tue 2025-09-30: 10-01..10-08 rest, 10-09 Thu is day 1, 10-10 day 2, 10-11 Sat make-up day 3.
	assert CN.add_working_days(D(2025, 9, 30), 1) == D(2025, 10, 9)
	assert CN.add_working_days(D(2025, 9, 30), 3) == D(2025, 10, 11)
	assert CN.add_working_days(D(2025, 9, 30), 4) == D(2025, 10, 13)


def test_limit_crosses_spring_festival_2026():
	# Accepted Fri 2026-02-13: Sat 14 make-up (day 1), 15-23 rest, Tue 24 day 2.
	assert CN.add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 14)
	assert CN.add_working_days(D(2026, 2, 13), 2) == D(2026, 2, 24)
	# 20 working days from 2026-02-13: Feb 14, 24-27 (5), Feb 28 Sat make-up (6), March 2.. (14 more)
	assert CN.add_working_days(D(2026, 2, 13), 20) == D(2026, 3, 19)


def test_accepted_on_a_holiday_counts_from_next_working_day():
	assert CN.add_working_days(D(2026, 10, 3), 1) == D(2026, 10, 8)


def test_working_days_between_is_half_open():
	assert CN.working_days_between(D(2025, 9, 30), D(2025, 10, 9)) == 1
	assert CN.working_days_between(D(2025, 9, 30), D(2025, 9, 30)) == 0
	assert CN.working_days_between(D(2025, 10, 9), D(2025, 9, 30)) == -1
	# inverse of add_working_days over a year of starts
	start = D(2025, 1, 1)
	for offset in range(0, 730, 17):
		begin = start + datetime.timedelta(days=offset)
		for n in (1, 5, 20):
			assert CN.working_days_between(begin, CN.add_working_days(begin, n)) == n


def test_working_days_in_a_month():
	# October 2025: 23 weekdays, minus 6 holiday weekdays (1,2,3,6,7,8), plus Sat 11 make-up = 18
	assert len(CN.working_days_in(D(2025, 10, 1), D(2025, 10, 31))) == 18


def test_hall_closure_and_extra_working_day():
	hall = WorkCalendar(closures=["2025-10-09"], extra_working_days=["2025-10-04"])
	assert not hall.is_working_day(D(2025, 10, 9))
	assert hall.is_working_day(D(2025, 10, 4))
	assert hall.add_working_days(D(2025, 9, 30), 1) == D(2025, 10, 4)
	assert hall.add_working_days(D(2025, 9, 30), 2) == D(2025, 10, 10)


def test_closure_and_working_day_on_same_date_rejected():
	with pytest.raises(ValueError):
		WorkCalendar(closures=["2025-10-09"], extra_working_days=["2025-10-09"])


def test_negative_limit_rejected():
	with pytest.raises(ValueError):
		CN.add_working_days(D(2025, 10, 9), -1)


def test_weekend_only_calendar():
	plain = WorkCalendar(statutory=False)
	assert plain.is_working_day(D(2025, 10, 1))
	assert not plain.is_working_day(D(2025, 9, 28))


def test_accepts_datetimes_and_strings():
	assert CN.add_working_days(datetime.datetime(2025, 9, 30, 16, 45), 1) == D(2025, 10, 9)
	assert CN.is_working_day("2026-01-04")


def test_statutory_schedule_known_for_a_published_year_only():
	from gov_hall.rules.workdays import statutory_schedule_known

	assert statutory_schedule_known(2025)
	assert statutory_schedule_known(2026)
	# no package knows the make-up working days of a year so far ahead
	assert not statutory_schedule_known(2099)


def test_years_without_schedule_skips_known_and_entered_years():
	from gov_hall.rules.workdays import years_without_schedule

	assert years_without_schedule("2026-11-30", "2026-12-31") == []
	assert years_without_schedule("2098-11-30", "2099-02-28") == [2098, 2099]
	assert years_without_schedule("2098-11-30", "2099-02-28", entered=[2099]) == [2098]
	assert years_without_schedule("2026-01-05", "2026-12-31", entered=[]) == []
