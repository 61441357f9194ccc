import datetime

import pytest

from gov_hall.rules import brand_metrics as bm
from gov_hall.rules.workdays import WorkCalendar

D = datetime.date


def test_the_seven_metrics_in_order_with_units_and_directions():
	assert list(bm.METRICS) == [
		"On-Time Completion Rate",
		"Early Completion Rate",
		"Satisfaction Rate",
		"Bad Reviews Followed Up in Time",
		"Verified Complaints",
		"Red Cards",
		"One-Time Notification Violations",
	]
	units = {key: (m.unit, m.direction) for key, m in bm.METRICS.items()}
	assert units == {
		"On-Time Completion Rate": ("%", ">="),
		"Early Completion Rate": ("%", ">="),
		"Satisfaction Rate": ("%", ">="),
		"Bad Reviews Followed Up in Time": ("%", ">="),
		"Verified Complaints": ("count", "<="),
		"Red Cards": ("count", "<="),
		"One-Time Notification Violations": ("count", "<="),
	}
	with_param = {key: m.param_default for key, m in bm.METRICS.items() if m.param_default is not None}
	assert with_param == {"Early Completion Rate": 1, "Bad Reviews Followed Up in Time": 1}
	for key, metric in bm.METRICS.items():
		assert metric.label == key
		assert (metric.param_label is None) == (metric.param_default is None)


def test_metric_options_start_blank():
	assert bm.metric_options().split("\n") == ["", *bm.METRICS]


@pytest.mark.parametrize(
	"metric, target, actual, expected",
	[
		("On-Time Completion Rate", 95, 95.0, True),
		("On-Time Completion Rate", 95, 94.99, False),
		("Satisfaction Rate", 99, 100.0, True),
		("Satisfaction Rate", 99, None, None),  # nothing rated: not measured
		("Early Completion Rate", 80, 80.0, True),
		("Bad Reviews Followed Up in Time", 100, 50.0, False),
		("Verified Complaints", 0, 0, True),
		("Verified Complaints", 0, 1, False),
		("Red Cards", 1, 1, True),
		("Red Cards", 1, 2, False),
		("One-Time Notification Violations", 2, 0, True),
		(None, 95, 99.0, None),  # a commitment with no metric is not measurable
		("", 95, 99.0, None),
		("Crowd Size", 95, 99.0, None),
		("Red Cards", None, 0, None),
		("Red Cards", "", 0, None),
	],
)
def test_kept(metric, target, actual, expected):
	assert bm.kept(metric, target, actual) is expected


def test_rounded_rate_equal_to_target_is_kept():
	# 2 of 3 = 66.67 (rounded) against a target of 66.67
	assert bm.kept("Satisfaction Rate", 66.67, bm.rate(2, 3)) is True


def test_rate():
	assert bm.rate(0, 0) is None
	assert bm.rate(1, 3) == 33.33
	assert bm.rate(2, 3) == 66.67
	assert bm.rate(5, 5) == 100.0
	assert bm.rate(0, 4) == 0.0


@pytest.mark.parametrize(
	"metric, param, expected",
	[
		("Early Completion Rate", None, 1.0),
		("Early Completion Rate", 0, 1.0),
		("Early Completion Rate", "", 1.0),
		("Early Completion Rate", 2, 2.0),
		("Bad Reviews Followed Up in Time", 3, 3.0),
		("Bad Reviews Followed Up in Time", None, 1.0),
		("Red Cards", 5, None),  # no parameter for a count
		(None, 5, None),
	],
)
def test_effective_param(metric, param, expected):
	assert bm.effective_param(metric, param) == expected


def test_completed_early_counts_working_days_before_the_due_date():
	calendar = WorkCalendar(statutory=False)
	due = D(2026, 11, 30)  # a Monday
	before = calendar.working_days_between
	assert bm.completed_early(before(D(2026, 11, 27), due), 1) is True  # Friday before: 1 day early
	assert bm.completed_early(before(D(2026, 11, 30), due), 1) is False  # on the due date
	assert bm.completed_early(before(D(2026, 11, 30), due), 0) is True
	assert bm.completed_early(before(D(2026, 12, 1), due), 0) is False  # late
	assert bm.completed_early(before(D(2026, 11, 26), due), 2) is True  # Thursday: 2 working days
	# the weekend is no working day: Friday is only one working day before Monday
	assert bm.completed_early(before(D(2026, 11, 27), due), 2) is False
	assert bm.completed_early(None, 1) is False


def test_followed_up_in_time():
	calendar = WorkCalendar(statutory=False)
	opened = D(2026, 11, 27)  # Friday
	used = calendar.working_days_between
	assert bm.followed_up_in_time(used(opened, D(2026, 11, 27)), 1) is True  # same day
	assert bm.followed_up_in_time(used(opened, D(2026, 11, 30)), 1) is True  # next working day
	assert bm.followed_up_in_time(used(opened, D(2026, 12, 1)), 1) is False
	assert bm.followed_up_in_time(used(opened, D(2026, 12, 1)), 2) is True
	assert bm.followed_up_in_time(None, 5) is False  # not handled


def test_tally_and_format():
	results = [
		{"kept": True, "measured": 1},
		{"kept": False, "measured": 1},
		{"kept": True, "measured": 1},
		{"kept": None, "measured": 0},
	]
	assert bm.tally(results) == (2, 1, 1)
	assert bm.tally([]) == (0, 0, 0)
	assert bm.format_actual("Satisfaction Rate", 98.5) == "98.5%"
	assert bm.format_actual("Red Cards", 2.0) == "2"
	assert bm.format_actual("Red Cards", None) == "-"
	assert bm.format_actual(None, 3) == "-"
