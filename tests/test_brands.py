"""Service brands: the seed 002 criteria, the panel's average, naming and annual outcomes, and the
workflow action each outcome takes."""

import datetime
import re

import pytest

from gov_hall.rules import brands
from gov_hall.rules.brands import (
	ANNUAL_REVIEW,
	DEFAULT_CRITERIA,
	KEPT,
	NAMED,
	NAMING_REVIEW,
	NOT_NAMED,
	OUTCOMES,
	REVIEW_TYPES,
	WARNED,
	WITHDRAWN,
	InvalidScore,
	annual_outcome,
	average_score,
	commitment_counts,
	naming_outcome,
	recommended_outcome,
	review_period,
	sheet_total,
	transition_for,
	valid_outcome,
)
from tests.test_metadata import translations


def test_default_criteria_are_the_three_embodiments_and_two_innovations_worth_100():
	groups = [group for _name, group, _description, _max in DEFAULT_CRITERIA]
	assert groups.count(brands.THREE_EMBODIMENTS) == 3
	assert groups.count(brands.TWO_INNOVATIONS) == 2
	assert sum(max_score for *_rest, max_score in DEFAULT_CRITERIA) == 100
	names = [name for name, *_rest in DEFAULT_CRITERIA]
	assert len(set(names)) == 5
	assert all(len(name) <= 140 for name in names)


def test_default_criteria_have_chinese_names():
	zh = translations()
	names = {name: zh.get(name, "") for name, *_rest in DEFAULT_CRITERIA}
	assert all(re.search(r"[\u4e00-\u9fff]", chinese) for chinese in names.values()), names
	assert names["Institutional Innovation"] == "体制创新"
	assert names["Innovation in Mechanisms and Measures"] == "机制措施创新"
	for _name, group, description, _max in DEFAULT_CRITERIA:
		assert zh.get(description) and zh.get(group)


def test_review_types_and_outcomes():
	assert REVIEW_TYPES == (NAMING_REVIEW, ANNUAL_REVIEW)
	assert OUTCOMES[NAMING_REVIEW] == (NAMED, NOT_NAMED)
	assert OUTCOMES[ANNUAL_REVIEW] == (KEPT, WARNED, WITHDRAWN)
	assert valid_outcome(NAMING_REVIEW, NAMED)
	assert not valid_outcome(NAMING_REVIEW, KEPT)
	assert not valid_outcome(ANNUAL_REVIEW, NAMED)
	assert not valid_outcome("Monthly Review", KEPT)


def test_sheet_total_adds_scores_and_refuses_out_of_range():
	assert sheet_total([("a", 20, 18.5), ("b", 20, 17), ("c", 20, None)]) == 35.5
	with pytest.raises(InvalidScore) as err:
		sheet_total([("a", 20, 18), ("b", 20, 21)])
	assert (err.value.criterion, err.value.score, err.value.max_score) == ("b", 21.0, 20.0)
	with pytest.raises(InvalidScore):
		sheet_total([("a", 20, -1)])


def test_average_score_is_the_mean_to_two_decimals():
	assert average_score([]) == 0
	assert average_score([90, 80]) == 85
	assert average_score([90, 80, 81]) == 83.67
	assert average_score([84.995, 85.0]) == 85.0  # 84.9975 rounds up, not to binary noise
	assert average_score([85.125]) == 85.13


def test_naming_outcome_reaches_the_threshold():
	assert naming_outcome(85, 85) == NAMED
	assert naming_outcome(84.99, 85) == NOT_NAMED
	assert naming_outcome(90) == NAMED
	assert naming_outcome(70, 60) == NAMED
	assert naming_outcome(0, 85) == NOT_NAMED


@pytest.mark.parametrize(
	("kept", "missed", "warned", "outcome"),
	[
		(5, 0, False, KEPT),
		(0, 0, False, KEPT),  # nothing measurable: nothing missed
		(5, 0, True, KEPT),  # a warned brand that keeps everything keeps its name
		(4, 1, False, WARNED),
		(2, 2, False, WARNED),  # exactly half: a warning
		(1, 2, False, WITHDRAWN),  # more than half
		(4, 1, True, WITHDRAWN),  # missed again after a warning
	],
)
def test_annual_outcome(kept, missed, warned, outcome):
	assert annual_outcome(kept, missed, warned) == outcome


def test_recommended_outcome_by_review_type():
	assert recommended_outcome(NAMING_REVIEW, average=86, threshold=85) == NAMED
	assert recommended_outcome(ANNUAL_REVIEW, kept=3, missed=1) == WARNED
	assert recommended_outcome(ANNUAL_REVIEW, kept=3, missed=1, previously_warned=True) == WITHDRAWN
	with pytest.raises(ValueError):
		recommended_outcome("Other Review")


def test_transition_for_an_outcome_from_a_state():
	assert transition_for(NAMED) == "Name Brand"
	assert transition_for(NOT_NAMED, "Under Review") == "Do Not Name"
	assert transition_for(KEPT, WARNED) == "Keep"
	assert transition_for(WARNED, NAMED) == "Warn"
	assert transition_for(WARNED, WARNED) is None  # a warned brand that misses again is withdrawn
	assert transition_for(WITHDRAWN, WARNED) == "Withdraw Name"
	assert transition_for(NAMED, NAMED) is None
	assert transition_for("Proposed") is None
	for outcome, action in brands.OUTCOME_ACTIONS.items():
		assert brands.ACTION_TO[action] == (NAMED if outcome == KEPT else outcome)


def test_commitment_counts_skip_unmeasured():
	rows = [
		{"measured": True, "kept": True},
		{"measured": 1, "kept": 0},
		{"measured": False, "kept": None},
		{"measured": True, "kept": None},
		{"measured": 1, "kept": 1},
	]
	assert commitment_counts(rows) == (2, 1)


def test_review_period_is_the_calendar_year():
	assert review_period(2026) == (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
	with pytest.raises(ValueError):
		review_period(1900)
