"""The assessment weight of waiting (issue 17): every minute of a window's median wait above the
scheme's target costs ``median_wait_weight`` points; a weight of 0 (the default) changes nothing."""

import dataclasses
import json

import pytest

from gov_hall.rules.assessment import Scheme, WindowFacts, scheme_from, score_windows, wait_points

SCHEME = Scheme()


def hall(**waits):
	"""Three windows with the same cases and ratings; their median waits as given (None: no tickets)."""
	facts = []
	for name, staff, volume in (("A", 1, 30), ("B", 1, 20), ("C", 2, 20)):
		facts.append(
			WindowFacts(
				name,
				staff_count=staff,
				cases=volume,
				weighted_volume=volume,
				on_time=volume - 1,
				ratings=10,
				good_ratings=9,
				yellow_cards=1 if name == "B" else 0,
				activity_points_raw=2.0 if name == "C" else 0.0,
				queue_tickets=0 if waits.get(name) is None else 40,
				median_wait_minutes=waits.get(name),
			)
		)
	return facts


def test_defaults_weight_zero_and_target_fifteen_minutes():
	assert (SCHEME.median_wait_weight, SCHEME.wait_target_minutes) == (0.0, 15.0)
	# a run computed before issue 17 stored a snapshot without them: the defaults apply
	assert scheme_from({"red_flag_count": 6}).median_wait_weight == 0.0


def test_weight_zero_gives_exactly_the_old_scores():
	slow = hall(A=55.5, B=3.0, C=None)
	without_queue = hall()
	with_weight_zero = score_windows(slow, SCHEME)
	before = score_windows(without_queue, SCHEME)
	for name in "ABC":
		now, old = with_weight_zero[name], before[name]
		assert now.wait_points == 0.0
		# every figure the same, to the last bit, except the median shown
		assert dataclasses.replace(now, median_wait_minutes=None) == old
	assert with_weight_zero["A"].median_wait_minutes == 55.5
	# by hand, A: tier 2 (+2.5; 30 per capita, first of 3 = 33%), on time 29/30 of 10, satisfaction
	# 9 (90% of 10), inspection 5 (the hall has none: 100%) -> 2.5 + 9.6667 + 9 + 5 = 26.1667
	assert with_weight_zero["A"].work_points == 26.1667


def test_the_rule_by_hand():
	scheme = Scheme(median_wait_weight=0.5, wait_target_minutes=15)
	assert wait_points(None, scheme) == 0.0  # no tickets, nothing to weigh
	assert wait_points(10.0, scheme) == 0.0  # within the target
	assert wait_points(15.0, scheme) == 0.0  # at the target
	assert wait_points(21.0, scheme) == -3.0  # 6 minutes over at 0.5 a minute
	assert wait_points(15.5, scheme) == -0.25  # part of a minute in proportion
	assert wait_points(75.0, scheme) == -30.0  # uncapped
	assert wait_points(40.0, SCHEME) == 0.0  # weight 0
	assert wait_points(40.0, Scheme(median_wait_weight=1, wait_target_minutes=0)) == -40.0


def test_a_slow_window_moves_down():
	slow = hall(A=35.0, B=12.0, C=16.0)
	old = score_windows(slow, SCHEME)
	assert old["A"].computed_score > old["B"].computed_score  # A has more volume per head
	scores = score_windows(slow, Scheme(median_wait_weight=0.2, wait_target_minutes=15))
	a, b, c = scores["A"], scores["B"], scores["C"]
	assert (a.median_wait_minutes, a.wait_points) == (35.0, -4.0)  # 20 minutes over at 0.2
	assert (b.wait_points, c.wait_points) == (0.0, -0.2)
	assert a.work_points == pytest.approx(old["A"].work_points - 4.0)
	assert a.computed_score == pytest.approx(old["A"].computed_score - 4.0)
	assert c.computed_score == pytest.approx(old["C"].computed_score - 0.2)
	assert b.computed_score == old["B"].computed_score
	assert a.computed_score < b.computed_score  # the slow window now ranks below B
	# the activity cap and the other components are untouched
	assert (a.tier_points, a.deductions, c.activity_points) == (
		old["A"].tier_points,
		old["A"].deductions,
		old["C"].activity_points,
	)


@pytest.mark.parametrize("values", [{"median_wait_weight": -0.1}, {"wait_target_minutes": -1}])
def test_negative_wait_settings_are_refused(values):
	with pytest.raises(ValueError):
		Scheme(**values)


def test_the_weight_travels_in_a_snapshot():
	values = {"median_wait_weight": 0.25, "wait_target_minutes": 10, "tiers": None}
	scheme = scheme_from(json.loads(json.dumps(values)))
	assert (scheme.median_wait_weight, scheme.wait_target_minutes) == (0.25, 10.0)
	assert isinstance(scheme.wait_target_minutes, float)
