"""Culture activities: programme dates on China's 2026 calendar, the 五个一 defaults, and the
participation figures (Gini, top share). Dates checked by hand against the 2026 State Council
holiday notice as the holidays package has it."""

import datetime

import pandas as pd
import pytest

from gov_hall.rules import activities as rules
from gov_hall.rules.activities import (
	DAILY,
	MONTHLY,
	QUARTERLY,
	WEEKLY,
	YEARLY,
	InvalidRule,
	Rule,
	activity_days,
	default_programmes,
	occurrences,
	weekday_of_month,
)
from gov_hall.rules.case_stats import records
from gov_hall.rules.participation import department_table, gini, summary, top_share
from gov_hall.rules.periods import is_last_month_of_quarter
from gov_hall.rules.workdays import WorkCalendar

D = datetime.date
DT = datetime.datetime
CN = WorkCalendar()
YEAR_START, YEAR_END = D(2026, 1, 1), D(2026, 12, 31)


def working(day):
	return CN.is_working_day(day)


def test_weekday_of_month():
	assert weekday_of_month(2026, 9, "Last", "Friday") == D(2026, 9, 25)
	assert weekday_of_month(2026, 7, "Last", "Friday") == D(2026, 7, 31)  # the month's last day
	assert weekday_of_month(2026, 2, "First", "Sunday") == D(2026, 2, 1)  # the month's first day
	assert weekday_of_month(2026, 5, "Third", "Thursday") == D(2026, 5, 21)
	assert weekday_of_month(2026, 11, "Second", "Wednesday") == D(2026, 11, 11)
	assert weekday_of_month(2026, 12, "Last", "Thursday") == D(2026, 12, 31)


def test_monthly_training_on_the_last_friday_of_each_month_2026():
	rule = Rule(MONTHLY, datetime.time(14, 30), 150, week_of_month="Last", weekday="Friday")
	assert activity_days(rule, YEAR_START, YEAR_END, working) == [
		D(2026, 1, 30),
		D(2026, 2, 27),
		D(2026, 3, 27),
		D(2026, 4, 24),
		D(2026, 5, 29),
		D(2026, 6, 26),
		D(2026, 7, 31),
		D(2026, 8, 28),
		D(2026, 9, 24),  # Friday 25 September is Mid-Autumn Festival: the Thursday before
		D(2026, 10, 30),
		D(2026, 11, 27),
		D(2026, 12, 25),
	]
	# without the calendar (or for a programme that does not keep to working days) the Friday stays
	assert D(2026, 9, 25) in activity_days(rule, YEAR_START, YEAR_END)
	relaxed = Rule(MONTHLY, week_of_month="Last", weekday="Friday", working_days_only=False)
	assert D(2026, 9, 25) in activity_days(relaxed, YEAR_START, YEAR_END, working)


def test_monthly_times_are_afternoon_and_end_after_the_duration():
	rule = Rule(MONTHLY, datetime.time(14, 30), 150, week_of_month="Last", weekday="Friday")
	assert occurrences(rule, D(2026, 9, 1), D(2026, 10, 31), working) == [
		(DT(2026, 9, 24, 14, 30), DT(2026, 9, 24, 17, 0)),
		(DT(2026, 10, 30, 14, 30), DT(2026, 10, 30, 17, 0)),
	]


def test_quarterly_gathering_in_months_2_5_8_11():
	rule = Rule(
		QUARTERLY, datetime.time(15), 120, month_of_quarter=2, week_of_month="Second", weekday="Wednesday"
	)
	days = activity_days(rule, YEAR_START, YEAR_END, working)
	assert days == [D(2026, 2, 11), D(2026, 5, 13), D(2026, 8, 12), D(2026, 11, 11)]
	assert not any(is_last_month_of_quarter(day) for day in days)
	first_month = Rule(QUARTERLY, month_of_quarter=1, week_of_month="First", weekday="Monday")
	# 5 January, 6 April is Tomb-Sweeping (observed) -> 7 April, 6 July, 5 October is National Day
	# and 6-7 October are days off -> Thursday 8 October
	assert activity_days(first_month, YEAR_START, YEAR_END, working) == [
		D(2026, 1, 5),
		D(2026, 4, 7),
		D(2026, 7, 6),
		D(2026, 10, 8),
	]


def test_yearly_event():
	rule = Rule(
		YEARLY, datetime.time(14, 30), 180, month_of_year=5, week_of_month="Third", weekday="Thursday"
	)
	assert activity_days(rule, D(2025, 1, 1), D(2027, 12, 31), working) == [
		D(2025, 5, 15),
		D(2026, 5, 21),
		D(2027, 5, 20),
	]
	# Labour Day: the first Friday of May 2026 is 1 May, a holiday -> Wednesday 6 May is the next
	# working day after Saturday 2 (holiday), Sunday 3, Monday 4 and Tuesday 5 (days off)
	labour = Rule(YEARLY, month_of_year=5, week_of_month="First", weekday="Friday")
	assert activity_days(labour, YEAR_START, YEAR_END, working) == [D(2026, 5, 6)]


def test_weekly_forum_topic_moves_to_the_first_working_day_of_a_holiday_week():
	rule = Rule(WEEKLY, datetime.time(9), 30, weekday="Monday")
	# Monday 5 October is National Day, 6-7 October days off: Thursday 8 October
	assert activity_days(rule, D(2026, 10, 1), D(2026, 10, 31), working) == [
		D(2026, 10, 8),
		D(2026, 10, 12),
		D(2026, 10, 19),
		D(2026, 10, 26),
	]
	# Spring Festival: Monday 16 February (Eve) to Friday 20 are off, and Monday 23 too
	assert activity_days(rule, D(2026, 2, 1), D(2026, 2, 28), working) == [
		D(2026, 2, 2),
		D(2026, 2, 9),
		D(2026, 2, 24),
	]
	# 52 Mondays in 2026; the Spring Festival week (16-22 February) has no working day at all
	assert len(activity_days(rule, YEAR_START, YEAR_END, working)) == 51


def test_daily_exercise_only_on_working_days_national_day_2026():
	rule = Rule(DAILY, datetime.time(10), 10)
	# 1-7 October off; Saturday 10 October is a make-up working day, Sunday 11 is not
	assert activity_days(rule, D(2026, 9, 28), D(2026, 10, 11), working) == [
		D(2026, 9, 28),
		D(2026, 9, 29),
		D(2026, 9, 30),
		D(2026, 10, 8),
		D(2026, 10, 9),
		D(2026, 10, 10),
	]
	october = activity_days(rule, D(2026, 10, 1), D(2026, 10, 31), working)
	assert len(october) == 18
	# Sunday 20 September is a make-up working day; Friday 25 September is Mid-Autumn
	september = activity_days(rule, D(2026, 9, 1), D(2026, 9, 30), working)
	assert len(september) == 22 and D(2026, 9, 20) in september and D(2026, 9, 25) not in september
	assert occurrences(rule, D(2026, 10, 10), D(2026, 10, 10), working) == [
		(DT(2026, 10, 10, 10, 0), DT(2026, 10, 10, 10, 10))
	]


def test_a_hall_closure_moves_or_skips_the_activity():
	closed = WorkCalendar(closures=["2026-11-11", "2026-10-12"])
	quarterly = Rule(QUARTERLY, month_of_quarter=2, week_of_month="Second", weekday="Wednesday")
	assert activity_days(quarterly, D(2026, 11, 1), D(2026, 11, 30), closed.is_working_day) == [
		D(2026, 11, 12)
	]
	daily = Rule(DAILY, datetime.time(10), 10)
	assert D(2026, 10, 12) not in activity_days(daily, D(2026, 10, 1), D(2026, 10, 31), closed.is_working_day)
	# a week without any working day has no forum topic
	week = [f"2026-06-{day:02d}" for day in range(8, 13)]
	shut = WorkCalendar(closures=week, statutory=False)
	weekly = Rule(WEEKLY, weekday="Monday")
	assert activity_days(weekly, D(2026, 6, 1), D(2026, 6, 21), shut.is_working_day) == [
		D(2026, 6, 1),
		D(2026, 6, 15),
	]


def test_range_edges():
	monthly = Rule(MONTHLY, week_of_month="Last", weekday="Friday")
	# the range starts after the month's last Friday and ends before the next one
	assert activity_days(monthly, D(2026, 1, 31), D(2026, 2, 26), working) == []
	assert activity_days(monthly, D(2026, 2, 27), D(2026, 2, 27), working) == [D(2026, 2, 27)]
	assert activity_days(monthly, D(2026, 3, 1), D(2026, 2, 1), working) == []
	weekly = Rule(WEEKLY, weekday="Sunday", working_days_only=False)
	assert activity_days(weekly, D(2026, 3, 2), D(2026, 3, 22)) == [
		D(2026, 3, 8),
		D(2026, 3, 15),
		D(2026, 3, 22),
	]


@pytest.mark.parametrize(
	"rule, code",
	[
		(Rule("Hourly"), "frequency"),
		(Rule(YEARLY, month_of_year=13), "month_of_year"),
		(Rule(QUARTERLY, month_of_quarter=4), "month_of_quarter"),
		(Rule(MONTHLY, week_of_month="Fifth"), "week_of_month"),
		(Rule(WEEKLY, weekday="Funday"), "weekday"),
		(Rule(DAILY, duration_minutes=0), "duration"),
		(Rule(DAILY, duration_minutes=24 * 60 + 1), "duration"),
	],
)
def test_invalid_rules(rule, code):
	with pytest.raises(InvalidRule) as err:
		activity_days(rule, YEAR_START, YEAR_END)
	assert err.value.code == code


def test_the_five_default_programmes():
	programmes = default_programmes()
	assert [p.rule.frequency for p in programmes] == [YEARLY, QUARTERLY, MONTHLY, WEEKLY, DAILY]
	assert len({p.key for p in programmes}) == 5
	by_frequency = {p.rule.frequency: p for p in programmes}
	assert by_frequency[QUARTERLY].rule.month_of_quarter == 2
	training = by_frequency[MONTHLY]
	assert (training.activity_type, training.rule.week_of_month, training.rule.weekday) == (
		"Training",
		"Last",
		"Friday",
	)
	assert training.rule.time_of_day >= datetime.time(12)
	exercise = by_frequency[DAILY]
	assert (exercise.activity_type, exercise.rule.time_of_day, exercise.rule.duration_minutes) == (
		"Exercise",
		datetime.time(10),
		10,
	)
	assert exercise.rule.working_days_only
	for programme in programmes:
		programme.rule.check()
	# the big event and the themed gatherings keep out of the quarters' last months in 2026
	for programme in (by_frequency[YEARLY], by_frequency[QUARTERLY]):
		assert not any(
			rules.in_peak_month(d) for d in activity_days(programme.rule, YEAR_START, YEAR_END, working)
		)
	year = {p.key: len(activity_days(p.rule, YEAR_START, YEAR_END, working)) for p in programmes}
	assert year == {
		"yearly_event": 1,
		"quarterly_gathering": 4,
		"monthly_training": 12,
		"weekly_forum": 51,
		"daily_exercise": len(CN.working_days_in(YEAR_START, YEAR_END)),
	}


def test_peak_month_matches_the_periods_rule():
	for month in range(1, 13):
		day = D(2026, month, 15)
		assert rules.in_peak_month(day) is is_last_month_of_quarter(day)
	assert [m for m in range(1, 13) if not rules.in_peak_month(D(2026, m, 1)) and m % 3 == 2] == list(
		rules.SUGGESTED_MONTHS
	)


# ---------------------------------------------------------------------------------------------
# participation figures


@pytest.mark.parametrize(
	"values, expected",
	[
		([1, 1, 1, 1], 0.0),
		([0, 0, 0, 1], 0.75),
		([0] * 9 + [10], 0.9),
		([1, 2, 3, 4, 5], 0.2667),
		([3, 0, 1, 0], 0.625),  # order does not matter: sorted 0, 0, 1, 3
		([], None),
		([0, 0], None),
	],
)
def test_gini(values, expected):
	assert gini(values) == expected


def test_gini_refuses_negative_values():
	with pytest.raises(ValueError):
		gini([1, -1])


@pytest.mark.parametrize(
	"values, expected",
	[
		([5] + [1] * 11, 37.5),  # 12 winners: the top 2 hold 6 of 16
		([3, 1, 1], 60.0),  # fewer than 10 winners: the top one
		([1] * 10, 10.0),
		([1] * 30, 10.0),  # exactly 3 of 30, not 4 (no floating-point rounding up)
		([1] * 31, 12.9),  # 3.1 rounds up to 4 of 31
		([0, 0, 2, 2], 50.0),  # non-winners are not winners
		([], None),
		([0, 0], None),
	],
)
def test_top_share(values, expected):
	assert top_share(values) == expected


def frames():
	on_site = pd.DataFrame(
		[
			("a1", "Tax"),
			("a2", "Tax"),
			("a3", "Tax"),
			("a4", "Tax"),
			("b1", "Police"),
			("b2", "Police"),
		],
		columns=["staff", "department"],
	)
	participants = pd.DataFrame(
		[
			("ACT-1", "a1", "Tax"),
			("ACT-1", "a2", "Tax"),
			("ACT-1", "b1", "Police"),
			("ACT-2", "a1", "Tax"),
			("ACT-2", "x9", "Tax"),  # has left the hall since
			("ACT-2", "m1", None),  # a manager, not window staff
		],
		columns=["activity", "staff", "department"],
	)
	awards = pd.DataFrame(
		[
			("ACT-1", "Staff", "a1", "W1", "Tax", 1.0),
			("ACT-2", "Staff", "a1", "W1", "Tax", 1.0),
			("ACT-2", "Staff", "b1", "W9", "Police", 0.5),
			("ACT-2", "Window", None, "W1", "Tax", 2.0),
		],
		columns=["activity", "recipient_type", "staff", "window", "department", "points"],
	)
	return on_site, participants, awards


def test_participation_summary():
	on_site, participants, awards = frames()
	figures = summary(on_site, participants, awards, activities_held=2)
	# award counts over a1, a2, b1, x9, m1 = 2, 0, 1, 0, 0
	assert figures == {
		"activities": 2,
		"participants": 5,
		"staff_on_site": 6,
		"on_site_participants": 3,
		"participation_rate": 50.0,
		"winners": 2,
		"awards": 4,
		"staff_awards": 3,
		"window_awards": 1,
		"points": 4.5,
		"top_share": 66.67,
		"gini": gini([2, 0, 1, 0, 0]),
	}
	assert gini([2, 0, 1, 0, 0]) == 0.6667


def test_department_table():
	on_site, participants, awards = frames()
	table = department_table(on_site, participants, awards)
	assert records(table) == [
		{
			"department": "Tax",
			"staff_on_site": 4,
			"participants": 3,
			"on_site_participants": 2,
			"participation_rate": 50.0,
			"winners": 1,
			"awards": 3,
			"points": 4.0,
		},
		{
			"department": "Police",
			"staff_on_site": 2,
			"participants": 1,
			"on_site_participants": 1,
			"participation_rate": 50.0,
			"winners": 1,
			"awards": 1,
			"points": 0.5,
		},
		{
			"department": "",
			"staff_on_site": 0,
			"participants": 1,
			"on_site_participants": 0,
			"participation_rate": None,
			"winners": 0,
			"awards": 0,
			"points": 0.0,
		},
	]
	empty = department_table([], [], [])
	assert empty.empty and list(empty.columns)[0] == "department"
	assert summary([], [], [], 0)["participation_rate"] is None
