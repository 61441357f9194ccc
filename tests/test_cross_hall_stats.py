"""Tier 1: cross-hall figures (issue 16): the late step of a card, the hand-over stages and their
working days, percentiles, and the assessment's split of a cross-hall case's volume."""

import datetime

import pytest

from gov_hall.rules import cross_hall_stats as stats
from gov_hall.rules.assessment import (
	DEFAULT_RECEIVING_SHARE,
	Scheme,
	StaffFacts,
	WindowFacts,
	cross_hall_credit,
	scheme_from,
)
from gov_hall.rules.workdays import WorkCalendar

CALENDAR = WorkCalendar(statutory=False)  # weekends only
FRIDAY = datetime.datetime(2026, 11, 27, 16, 0)  # 2026-11-27 is a Friday


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
	return datetime.datetime(2026, 11, day, hour, minute)


# ---------------------------------------------------------------------------------------------
# Late step and whose card it is


@pytest.mark.parametrize(
	("status", "step"),
	[
		(None, "Receiving Hall"),
		("", "Receiving Hall"),
		("At Receiving Hall", "Receiving Hall"),
		("Sent to County", "Transfer"),
		("At County", "County Review"),
		("Returned to Receiving Hall", "Return"),
		("Result Sent Back", "Result Transfer"),
		("Ready for Collection", "Issue"),
		("Issued", "Issue"),
		("Posted", "Issue"),
	],
)
def test_late_step_of_a_cross_hall_case(status, step):
	assert stats.late_step("County–Township", status) == step
	assert step in stats.LATE_STEPS


def test_a_single_hall_case_has_no_late_step():
	assert stats.late_step(None, None) is None
	assert stats.late_step("", "At County") is None


def test_the_county_holds_the_card_only_while_it_holds_the_case():
	assert stats.at_county("County-Wide", "At County")
	for status in ("At Receiving Hall", "Sent to County", "Returned to Receiving Hall", "", None):
		assert not stats.at_county("County-Wide", status)
	assert not stats.at_county(None, "At County")


def test_late_steps_are_the_card_options():
	import json
	from pathlib import Path

	path = (
		Path(stats.__file__).parent.parent / "gov_hall/doctype/gh_supervision_card/gh_supervision_card.json"
	)
	field = next(f for f in json.loads(path.read_text())["fields"] if f["fieldname"] == "late_step")
	assert field["options"].split("\n") == ["", *stats.LATE_STEPS]


# ---------------------------------------------------------------------------------------------
# Stages from the steps


def test_stages_of_a_case_returned_once():
	steps = [
		("Forward to County", at(2, 9)),
		("Receive at County", at(2, 15)),
		("Return to Receiving Hall", at(3, 10)),
		("Receive Return", at(4, 9)),
		("Forward to County", at(5, 9)),
		("Receive at County", at(6, 9)),
		("Send Result", at(9, 9)),
		("Receive Result", at(9, 17)),
		("Issue", at(10, 11)),
	]
	found = stats.stages(reversed(steps))  # the order given does not matter: by time
	assert [(stage, start, end) for stage, start, end in found] == [
		("Transfer", at(2, 9), at(2, 15)),
		("County Review", at(2, 15), at(3, 10)),
		("Return", at(3, 10), at(4, 9)),
		("Transfer", at(5, 9), at(6, 9)),
		("County Review", at(6, 9), at(9, 9)),
		("Result Transfer", at(9, 9), at(9, 17)),
		("Issue", at(9, 17), at(10, 11)),
	]


def test_an_open_stage_has_no_end_and_a_post_ends_the_issue():
	found = stats.stages([("Forward to County", at(2, 9))])
	assert found == [("Transfer", at(2, 9), None)]
	found = stats.stages([("Receive Result", at(2, 9)), ("Post", at(3, 9))])
	assert found == [("Issue", at(2, 9), at(3, 9))]


# ---------------------------------------------------------------------------------------------
# Working days


def test_working_days_leave_the_weekend_out():
	# Friday 16:00 to Monday 10:00: 8 hours on Friday and 10 on Monday
	assert stats.working_days(FRIDAY, datetime.datetime(2026, 11, 30, 10, 0), CALENDAR.is_working_day) == 0.75
	# within a day
	assert stats.working_days(at(30, 9), at(30, 15), CALENDAR.is_working_day) == 0.25
	# a whole working week, Monday 00:00 to the next Monday 00:00
	assert stats.working_days(at(23, 0), at(30, 0), CALENDAR.is_working_day) == 5.0
	# started on a Saturday: nothing counts until Monday
	assert stats.working_days(at(28, 12), at(30, 6), CALENDAR.is_working_day) == 0.25
	assert stats.working_days(at(30, 9), at(30, 9), CALENDAR.is_working_day) == 0.0
	assert stats.working_days(at(30, 9), at(29, 9), CALENDAR.is_working_day) == 0.0


def test_working_days_follow_the_hall_calendar():
	closed_monday = WorkCalendar(closures=["2026-11-30"], statutory=False)
	assert (
		stats.working_days(FRIDAY, datetime.datetime(2026, 12, 1, 4, 0), closed_monday.is_working_day) == 0.5
	)


# ---------------------------------------------------------------------------------------------
# Percentiles


def test_percentiles_interpolate_between_ranks():
	values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
	assert stats.percentile(values, 50) == 5.5
	assert stats.percentile(values, 90) == 9.1
	assert stats.percentile([4], 90) == 4.0
	assert stats.percentile([], 50) is None
	with pytest.raises(ValueError):
		stats.percentile(values, 101)


def test_duration_figures():
	assert stats.duration_figures([0.5, 1.5, 1.0, 4.0]) == {
		"count": 4,
		"average": 1.75,
		"median": 1.25,
		"p90": 3.25,
		"longest": 4.0,
	}
	assert stats.duration_figures([])["count"] == 0
	assert stats.duration_figures([])["median"] is None


def test_share():
	assert stats.share(1, 3) == 33.33
	assert stats.share(0, 0) is None


# ---------------------------------------------------------------------------------------------
# The assessment's credit


def test_cross_hall_credit_splits_the_volume_without_loss():
	assert cross_hall_credit(10, 30) == (3.0, 7.0)
	assert cross_hall_credit(3, 30) == (0.9, 2.1)
	assert cross_hall_credit(5, 0) == (0.0, 5.0)
	assert cross_hall_credit(5, 100) == (5.0, 0.0)
	receiving, handling = cross_hall_credit(7, 33.3333)
	assert round(receiving + handling, 4) == 7
	with pytest.raises(ValueError):
		cross_hall_credit(5, 101)


def test_scheme_has_a_receiving_share_of_30_by_default():
	assert Scheme().receiving_share == DEFAULT_RECEIVING_SHARE == 30.0
	assert scheme_from({"receiving_share": 40}).receiving_share == 40.0
	assert scheme_from({}).receiving_share == 30.0  # a snapshot taken before issue 16
	with pytest.raises(ValueError):
		Scheme(receiving_share=-1)
	with pytest.raises(ValueError):
		Scheme(receiving_share=120)


def test_facts_count_cross_hall_cases():
	assert WindowFacts("W1").cross_hall_cases == 0
	assert StaffFacts("u@example.com").cross_hall_cases == 0


def test_stage_at_a_moment():
	steps = [
		("Forward to County", at(2, 9)),
		("Receive at County", at(2, 15)),
		("Return to Receiving Hall", at(3, 10)),
		("Receive Return", at(4, 9)),
		("Forward to County", at(5, 9)),
	]
	assert stats.stage_at(steps, at(1, 23)) == "Receiving Hall"
	assert stats.stage_at(steps, at(2, 9)) == "Transfer"  # a step counts from its own moment
	assert stats.stage_at(steps, at(2, 20)) == "County Review"
	assert stats.stage_at(steps, at(3, 23)) == "Return"
	assert stats.stage_at(steps, at(4, 23)) == "Receiving Hall"
	assert stats.stage_at(reversed(steps), at(6, 0)) == "Transfer"
	assert stats.stage_at([], at(6, 0)) == "Receiving Hall"
	assert set(stats.LATE_STAGES) <= set(stats.LATE_STEPS)
