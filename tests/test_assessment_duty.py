"""出勤值勤 from duty records and monthly periods (issue 15), with hand-checked examples."""

import dataclasses
import datetime

import pytest

from gov_hall.rules.assessment import (
	DUTY_DEDUCTIONS,
	Scheme,
	StaffFacts,
	attendance_points,
	duty_attendance,
	scheme_from,
	score_staff,
)
from gov_hall.rules.duty import DutyCounts
from gov_hall.rules.periods import (
	MONTH,
	month_bounds,
	month_of,
	period_bounds,
	quarter_bounds,
	quarter_of_month,
)


def test_the_five_duty_deductions_and_their_defaults():
	scheme = Scheme()
	assert (
		scheme.late_deduction,
		scheme.early_leave_deduction,
		scheme.absence_deduction,
		scheme.empty_window_deduction,
		scheme.left_post_deduction,
	) == (1.0, 1.0, 2.0, 2.0, 2.0)
	assert set(DUTY_DEDUCTIONS) <= {f.name for f in dataclasses.fields(Scheme)}
	assert set(DUTY_DEDUCTIONS.values()) <= {f.name for f in dataclasses.fields(DutyCounts)}
	# stored values (a scheme's fields, a run's snapshot) give them; old snapshots keep the defaults
	assert scheme_from({"late_deduction": "0.5", "left_post_deduction": 3}).late_deduction == 0.5
	assert scheme_from({"late_deduction": "0.5", "left_post_deduction": 3}).left_post_deduction == 3.0
	assert scheme_from({}).absence_deduction == 2.0
	with pytest.raises(ValueError):
		Scheme(absence_deduction=-1)


def test_attendance_points_take_each_count_times_its_deduction():
	scheme = Scheme()
	assert attendance_points(DutyCounts(duty_sessions=40), scheme) == 20.0
	# 2 late (2) + 1 early (1) + 1 absent (2) + 1 empty window (2) + 1 left post (2) = 9
	counts = DutyCounts(duty_sessions=40, late=2, early_leave=1, absent=1, empty_windows=1, left_post=1)
	assert attendance_points(counts, scheme) == 11.0
	# leave and cover given cost nothing
	assert attendance_points(DutyCounts(duty_sessions=30, leave=10, cover=6), scheme) == 20.0
	# never below zero
	assert attendance_points(DutyCounts(absent=15), scheme) == 0.0
	assert attendance_points(DutyCounts(late=3), Scheme(late_deduction=0.5)) == 18.5
	assert attendance_points(DutyCounts(late=3), Scheme(dimension_max_points=10)) == 7.0


def test_a_managers_adjustment_stays_within_the_dimension():
	assert duty_attendance(11.0, 2.5, 20.0) == 13.5
	assert duty_attendance(11.0, None, 20.0) == 11.0
	assert duty_attendance(19.0, 5, 20.0) == 20.0
	assert duty_attendance(1.0, -5, 20.0) == 0.0


def test_staff_on_a_roster_get_computed_attendance_the_others_the_managers_entry():
	scheme = Scheme()
	facts = [
		StaffFacts("rostered", duty=DutyCounts(duty_sessions=40, late=3), attendance=20.0),
		StaffFacts("adjusted", duty=DutyCounts(duty_sessions=40, absent=2), attendance_adjustment=1.5),
		StaffFacts("entered", attendance=16.0),
		StaffFacts("not yet entered"),
	]
	scores = score_staff(facts, scheme)
	# a typed value is ignored when the duty records decide
	assert (scores["rostered"].attendance_computed, scores["rostered"].attendance) == (17.0, 17.0)
	assert (scores["adjusted"].attendance_computed, scores["adjusted"].attendance) == (16.0, 17.5)
	assert (scores["entered"].attendance_computed, scores["entered"].attendance) == (None, 16.0)
	assert (scores["not yet entered"].attendance_computed, scores["not yet entered"].attendance) == (
		None,
		20.0,
	)
	for score in scores.values():
		assert score.work_points == pytest.approx(
			score.ideology + score.skills + score.attendance + score.performance + score.integrity
		)


def test_months():
	assert MONTH.match("2026-11") and MONTH.match("2026-01")
	for wrong in ("2026-13", "2026-00", "2026-1", "26-11", "2026-Q4", "2026-11-01", ""):
		assert not MONTH.match(wrong)
	assert month_bounds("2026-11") == (datetime.date(2026, 11, 1), datetime.date(2026, 11, 30))
	assert month_bounds("2026-12") == (datetime.date(2026, 12, 1), datetime.date(2026, 12, 31))
	assert month_bounds("2024-02") == (datetime.date(2024, 2, 1), datetime.date(2024, 2, 29))
	assert month_bounds("2026-02")[1] == datetime.date(2026, 2, 28)
	with pytest.raises(ValueError):
		month_bounds("2026-13")
	assert month_of(datetime.date(2026, 11, 30)) == "2026-11"
	assert [quarter_of_month(f"2026-{m:02d}") for m in (1, 3, 4, 6, 7, 9, 10, 12)] == [
		"2026-Q1",
		"2026-Q1",
		"2026-Q2",
		"2026-Q2",
		"2026-Q3",
		"2026-Q3",
		"2026-Q4",
		"2026-Q4",
	]
	assert period_bounds("2026-Q4") == quarter_bounds("2026-Q4")
	assert period_bounds("2026-Q4", "2026-11") == month_bounds("2026-11")
	# a quarter's months tile it
	months = [month_bounds(f"2026-{m:02d}") for m in (10, 11, 12)]
	assert months[0][0] == quarter_bounds("2026-Q4")[0] and months[-1][1] == quarter_bounds("2026-Q4")[1]
	for (_start, end), (next_start, _end) in zip(months, months[1:], strict=False):
		assert next_start - end == datetime.timedelta(days=1)


def test_scheme_doctype_defaults_match_the_rules():
	"""A new GH Assessment Scheme and Scheme() deduct the same for duty (snapshots rely on it)."""
	import json
	from pathlib import Path

	path = (
		Path(__file__).resolve().parent.parent
		/ "gov_hall/gov_hall/doctype/gh_assessment_scheme/gh_assessment_scheme.json"
	)
	fields = {f["fieldname"]: f for f in json.loads(path.read_text(encoding="utf-8"))["fields"]}
	for name in DUTY_DEDUCTIONS:
		assert fields[name]["fieldtype"] == "Float"
		assert float(fields[name]["default"]) == getattr(Scheme(), name), name
