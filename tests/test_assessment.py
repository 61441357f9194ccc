"""Quarterly assessment rules with hand-checked examples: tiers, caps, scores, eligibility,
tie-breaks, the activity share, and the year's honours."""

import pytest

from gov_hall.rules.assessment import (
	QuarterResult,
	Ranked,
	Scheme,
	StaffFacts,
	WindowFacts,
	activity_share,
	annual_honours,
	assign_tiers,
	final_score,
	rank,
	scheme_from,
	score_staff,
	score_windows,
)

SCHEME = Scheme()


def test_seed_000_tiers_for_ten_windows():
	volumes = {f"W{i:02d}": float(100 - i) for i in range(10)}
	tiers = assign_tiers(volumes, SCHEME.tiers)
	assert [tiers[f"W{i:02d}"][1] for i in range(10)] == [3, 3, 2.5, 2.5, 2, 2, 1.5, 1.5, 1, 1]


def test_equal_volumes_share_the_better_tier_and_no_work_earns_nothing():
	tiers = assign_tiers({"A": 50.0, "B": 50.0, "C": 40.0, "D": 0.0, "E": 30.0}, SCHEME.tiers)
	# A and B are both at position 1 of 5 (20%): tier 1; C is 3rd (60%): tier 3; E 4th (80%): tier 4
	assert tiers == {"A": (1, 3.0), "B": (1, 3.0), "C": (3, 2.0), "D": (0, 0.0), "E": (4, 1.5)}


def test_configurable_tiers():
	scheme = scheme_from({}, [(50, 2), (100, 0.5)])
	assert assign_tiers({"A": 3.0, "B": 2.0, "C": 1.0}, scheme.tiers) == {
		"A": (1, 2.0),
		"B": (2, 0.5),
		"C": (2, 0.5),
	}


@pytest.mark.parametrize(
	"tiers",
	[[(50, 2), (40, 1)], [(50, 2), (90, 1)], [(0, 1), (100, 1)], [(50, 2), (50, 1), (100, 0)], []],
)
def test_bad_tiers_are_refused(tiers):
	with pytest.raises(ValueError):
		Scheme(tiers=tuple(tiers))


def test_shares_of_work_performance_must_add_up_to_100():
	with pytest.raises(ValueError):
		Scheme(volume_share=50, on_time_share=30, satisfaction_share=30)
	with pytest.raises(ValueError):
		Scheme(activity_points_cap=-1)


def window(name, **values):
	return WindowFacts(name, **values)


def test_window_score_breakdown_by_hand():
	facts = [
		# 2 staff, 40 cases weighing 60, 36 on time, 20 ratings of which 19 good, inspected 90%,
		# 1 yellow card, 1 violation, one substantiated complaint worth 2, activity awards worth 5
		window(
			"A",
			staff_count=2,
			cases=40,
			weighted_volume=60,
			on_time=36,
			ratings=20,
			good_ratings=19,
			inspection_rate=90.0,
			yellow_cards=1,
			violations=1,
			verified_complaints=1,
			complaint_points=2,
			activity_points_raw=5,
		),
		# 1 staff, 10 cases weighing 20, all on time, 3 ratings (too few: the hall rate is used), not inspected
		window("B", staff_count=1, cases=10, weighted_volume=20, on_time=10, ratings=3, good_ratings=3),
	]
	scores = score_windows(facts, SCHEME)
	a, b = scores["A"], scores["B"]
	# per capita: A 30, B 20 -> A position 1 of 2 (50%): tier 3 (+2); B position 2 (100%): tier 5 (+1)
	assert (a.per_capita, a.tier, a.tier_points) == (30.0, 3, 2.0)
	assert (b.per_capita, b.tier, b.tier_points) == (20.0, 5, 1.0)
	assert a.on_time_rate == 90.0 and a.on_time_points == 9.0
	assert a.satisfaction_rate == 95.0 and a.satisfaction_points == 9.5
	assert a.inspection_points == 4.5
	assert a.deductions == pytest.approx(0.2 + 0.5 + 2.0)
	assert a.work_points == pytest.approx(2 + 9 + 9.5 + 4.5 - 2.7)
	assert a.activity_points == 3.0  # capped
	assert a.computed_score == pytest.approx(22.3 + 3.0)
	assert a.eligible is False
	# B: hall satisfaction is (19 + 3) / 23 = 95.65%; hall inspection average (only A) 90%
	assert b.satisfaction_points == pytest.approx(10 * 22 / 23, abs=1e-3)
	assert b.inspection_points == pytest.approx(4.5)
	assert b.on_time_points == 10.0
	assert b.eligible is True


def test_window_without_cases_earns_no_tier_or_on_time_points():
	scores = score_windows(
		[window("A", staff_count=1, cases=5, weighted_volume=5, on_time=5), window("Z", staff_count=2)],
		SCHEME,
	)
	z = scores["Z"]
	assert (z.tier, z.tier_points, z.on_time_rate, z.on_time_points) == (0, 0.0, None, 0.0)
	# nobody rated and nobody was inspected: everyone gets the same neutral points
	assert z.satisfaction_points == scores["A"].satisfaction_points == 10.0
	assert z.inspection_points == 5.0


def test_staff_five_dimensions():
	facts = [
		StaffFacts(
			"s1",
			cases=30,
			weighted_volume=60,
			on_time=27,
			ratings=10,
			good_ratings=9,
			red_cards=1,
			ideology=18,
			skills=19,
			attendance=20,
			activity_points_raw=1,
		),
		StaffFacts(
			"s2",
			cases=10,
			weighted_volume=15,
			on_time=10,
			ratings=2,
			good_ratings=2,
			verified_complaints=1,
			integrity_complaints=1,
			complaint_points=2,
		),
	]
	scores = score_staff(facts, SCHEME)
	s1, s2 = scores["s1"], scores["s2"]
	# s1: 20 * (0.4 * 1 + 0.3 * 0.9 + 0.3 * 0.9) - 0.5 = 20 * 0.94 - 0.5 = 18.3
	assert s1.performance == pytest.approx(18.3)
	assert (s1.ideology, s1.skills, s1.attendance, s1.integrity) == (18, 19, 20, 20)
	assert s1.work_points == pytest.approx(18 + 19 + 20 + 18.3 + 20)
	assert s1.activity_points == 1.0
	assert s1.computed_score == pytest.approx(96.3)
	# s2: hall satisfaction (9 + 2) / 12; volume 15/60; 20 * (0.1 + 0.3 + 0.3 * 11/12) - 2
	assert s2.performance == pytest.approx(20 * (0.1 + 0.3 + 0.275) - 2)
	assert s2.integrity == 0.0  # a verified integrity complaint zeroes 廉洁自律 until managers decide
	assert (s2.ideology, s2.skills, s2.attendance) == (20, 20, 20)  # not entered yet: full points
	assert s2.eligible is False


def test_performance_stays_within_the_dimension():
	scores = score_staff([StaffFacts("s", cases=1, weighted_volume=1, red_cards=100)], SCHEME)
	assert scores["s"].performance == 0.0


def test_activity_share_shows_the_distortion():
	assert activity_share(3.0, 25.0) == 12.0
	assert activity_share(0.0, 25.0) == 0.0
	assert activity_share(3.0, 0.0) == 0.0
	assert final_score(25.3, -1.5) == 23.8
	assert final_score(25.3, None) == 25.3


def test_rank_is_deterministic_and_skips_ineligible_for_honours():
	entries = [
		Ranked("W3", 20.0, 18.0, 95.0, 90.0, True),
		Ranked("W1", 20.0, 18.0, 95.0, 90.0, True),  # full tie: name decides
		Ranked("W2", 20.0, 19.0, 90.0, 90.0, True),  # same final, more from work
		Ranked("W4", 25.0, 20.0, 99.0, 99.0, False),  # best score, but a verified complaint
		Ranked("W5", 20.0, 18.0, 96.0, 80.0, True),  # same final and work, higher satisfaction
		Ranked("W6", 10.0, 10.0, 80.0, 80.0, True),
	]
	ordered = rank(entries, honours=3)
	assert [e.key for e in ordered] == ["W4", "W2", "W5", "W1", "W3", "W6"]
	assert [e.rank for e in ordered] == [1, 2, 3, 4, 5, 6]
	assert [e.key for e in ordered if e.honoured] == ["W2", "W5", "W1"]
	# shuffled input gives the same result
	again = rank(list(reversed(entries)), honours=3)
	assert [e.key for e in again] == [e.key for e in ordered]


def test_annual_honours():
	rows = []
	for quarter in ("2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"):
		rows.append(QuarterResult("a", quarter, 90.0, 88.0, True, 0))
		rows.append(QuarterResult("b", quarter, 92.0, 90.0, quarter != "2026-Q4", 0))
		rows.append(QuarterResult("c", quarter, 95.0, 95.0, True, 1 if quarter == "2026-Q2" else 0))
	rows.append(QuarterResult("d", "2026-Q1", 99.0, 99.0, True, 0))
	result = {r.staff: r for r in annual_honours(rows, scheme_from({"annual_star_count": 2}))}
	assert (result["c"].total, result["c"].rank, result["c"].eligible) == (380.0, 1, False)
	assert (result["b"].total, result["b"].rank, result["b"].is_top_star) == (368.0, 2, True)
	assert (result["a"].rank, result["a"].is_top_star) == (3, True)
	assert (result["d"].rank, result["d"].is_top_star, result["d"].is_advanced_worker) == (4, False, False)
	assert result["a"].is_advanced_worker and result["b"].is_advanced_worker
	assert not result["c"].is_advanced_worker  # four star quarters, but a verified complaint that year
