"""Quarterly assessment (季度考核) of windows and staff, and the rankings it publishes.

Seed 000: windows fall into 5 tiers by quarterly per-capita case volume weighted by matter
complexity and earn +3, +2.5, +2, +1.5, +1; an activity award (优秀组织奖) earns +2, and the seed
warns that activity points have distorted the rankings, so they are capped and every score says
how much of it came from activities. Seed 001: staff are scored on five dimensions; 工作实绩 comes
from their own cases. Seed 004: citizens' satisfaction weighs in; no red-flag window and no service
star with a verified complaint that quarter.
Issue 17: a scheme can weigh a window's median waiting time at the queue (zero by default): every
minute of the median wait above the scheme's target costs ``median_wait_weight`` points.
Issue 15: with duty records (值班表, 考勤) 出勤值勤 is computed: full points less a deduction per late
arrival, early leave, absent session, empty window (空岗) and time away from the post found by an
inspection (窜岗/离岗), never below zero; a manager may adjust it with a reason. Without duty records
the managers enter it as before.
Issue 16: a case received at a township or village hall and handled at the county (a cross-hall case)
is credited in both halls' runs without double-counting its volume: ``receiving_share`` percent of its
weighted volume goes to the receiving window and first responder, the rest to the handling window and
staff; it counts once, at the handling hall, in the case count and the on-time rate.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

DEFAULT_RECEIVING_SHARE = 30.0
DEFAULT_TIERS = ((20.0, 3.0), (40.0, 2.5), (60.0, 2.0), (80.0, 1.5), (100.0, 1.0))
EPSILON = 1e-9


@dataclass(frozen=True)
class Scheme:
	tiers: tuple[tuple[float, float], ...] = DEFAULT_TIERS  # (up to % of windows, points)
	on_time_weight: float = 10.0
	satisfaction_weight: float = 10.0
	min_ratings: int = 5
	inspection_weight: float = 5.0
	yellow_card_deduction: float = 0.2
	red_card_deduction: float = 0.5
	violation_deduction: float = 0.5
	complaint_factor: float = 1.0
	activity_points_cap: float = 3.0
	dimension_max_points: float = 20.0
	volume_share: float = 40.0
	on_time_share: float = 30.0
	satisfaction_share: float = 30.0
	red_flag_count: int = 6
	service_star_count: int = 27
	annual_star_count: int = 10
	advanced_worker_quarters: int = 2
	# points taken off per minute of a window's median wait above the target; 0 leaves waits out
	median_wait_weight: float = 0.0
	wait_target_minutes: float = 15.0
	# 出勤值勤 from duty records (issue 15): points off per occurrence
	late_deduction: float = 1.0
	early_leave_deduction: float = 1.0
	absence_deduction: float = 2.0
	empty_window_deduction: float = 2.0
	left_post_deduction: float = 2.0
	# of a cross-hall case's weighted volume, the receiving hall's share in percent (issue 16)
	receiving_share: float = DEFAULT_RECEIVING_SHARE

	def __post_init__(self):
		check_tiers(self.tiers)
		if abs(self.volume_share + self.on_time_share + self.satisfaction_share - 100) > 0.01:
			raise ValueError("the shares of work performance must add up to 100")
		if self.activity_points_cap < 0:
			raise ValueError("the activity cap cannot be negative")
		if self.median_wait_weight < 0 or self.wait_target_minutes < 0:
			raise ValueError("the waiting-time weight and target cannot be negative")
		if min(getattr(self, name) for name in DUTY_DEDUCTIONS) < 0:
			raise ValueError("the duty deductions cannot be negative")
		if not 0 <= self.receiving_share <= 100:
			raise ValueError("the receiving hall's share must be between 0 and 100")


# the scheme's duty deductions and the DutyCounts figure each one multiplies
DUTY_DEDUCTIONS = {
	"late_deduction": "late",
	"early_leave_deduction": "early_leave",
	"absence_deduction": "absent",
	"empty_window_deduction": "empty_windows",
	"left_post_deduction": "left_post",
}


def check_tiers(tiers) -> None:
	bounds = [bound for bound, _points in tiers]
	if not tiers or bounds != sorted(bounds) or len(set(bounds)) != len(bounds):
		raise ValueError("tier bounds must rise strictly")
	if abs(bounds[-1] - 100) > EPSILON or bounds[0] <= 0:
		raise ValueError("the last tier must reach 100% of windows")


# ---------------------------------------------------------------------------------------------
# Shared pieces


def rate(part: float, whole: float) -> float | None:
	"""part/whole in percent, None when there is nothing to divide."""
	return 100.0 * part / whole if whole else None


def assign_tiers(values: dict[str, float], tiers) -> dict[str, tuple[int, float]]:
	"""Tier number and points per key, best value first; equal values share the better tier.

	A key's position is 1 + the number of keys with a strictly greater value; it falls into the first
	tier whose bound is at least position / count. A value of 0 (no work) earns no tier.
	"""
	count = len(values)
	result = {}
	for key, value in values.items():
		if value <= 0:
			result[key] = (0, 0.0)
			continue
		position = 1 + sum(1 for other in values.values() if other > value + EPSILON)
		share = 100.0 * position / count
		for number, (bound, points) in enumerate(tiers, start=1):
			if share <= bound + EPSILON:
				result[key] = (number, float(points))
				break
	return result


def cross_hall_credit(weighted_volume: float, receiving_share: float) -> tuple[float, float]:
	"""A cross-hall case's weighted volume split between the receiving hall (``receiving_share``
	percent) and the handling hall (the rest), each rounded to 4 decimals; the two add up to the
	whole (the handling part takes the rounding), so the volume is never counted twice or lost."""
	if not 0 <= receiving_share <= 100:
		raise ValueError("the receiving hall's share must be between 0 and 100")
	receiving = round(weighted_volume * receiving_share / 100.0, 4)
	return receiving, round(weighted_volume - receiving, 4)


def capped(points: float, cap: float) -> float:
	return max(0.0, min(points, cap))


def activity_share(activity: float, final: float) -> float:
	"""How much of the final score came from activities, in percent."""
	return round(100.0 * activity / final, 2) if final > 0 else 0.0


# ---------------------------------------------------------------------------------------------
# Windows


@dataclass
class WindowFacts:
	window: str
	staff_count: int = 0
	cases: int = 0
	weighted_volume: float = 0.0
	on_time: int = 0
	ratings: int = 0
	good_ratings: int = 0
	inspection_rate: float | None = None
	yellow_cards: int = 0
	red_cards: int = 0
	violations: int = 0
	verified_complaints: int = 0
	complaint_points: float = 0.0
	# of the verified complaints, those of category Integrity (read by managers only)
	integrity_complaints: int = 0
	activity_points_raw: float = 0.0
	# completed cross-hall cases credited to the window (received or handled there), issue 16
	cross_hall_cases: int = 0
	# the queue tickets the window called first, and their median wait in minutes (None without)
	queue_tickets: int = 0
	median_wait_minutes: float | None = None


@dataclass
class WindowScore:
	window: str
	per_capita: float = 0.0
	tier: int = 0
	tier_points: float = 0.0
	on_time_rate: float | None = None
	on_time_points: float = 0.0
	satisfaction_rate: float | None = None
	satisfaction_points: float = 0.0
	inspection_rate: float | None = None
	inspection_points: float = 0.0
	deductions: float = 0.0
	median_wait_minutes: float | None = None
	wait_points: float = 0.0
	work_points: float = 0.0
	activity_points: float = 0.0
	computed_score: float = 0.0
	eligible: bool = True
	extras: dict = field(default_factory=dict)


def hall_rate(good: float, total: float, default: float = 100.0) -> float:
	value = rate(good, total)
	return default if value is None else value


def score_windows(facts: Iterable[WindowFacts], scheme: Scheme) -> dict[str, WindowScore]:
	facts = list(facts)
	per_capita = {f.window: f.weighted_volume / max(f.staff_count, 1) for f in facts}
	tiers = assign_tiers(per_capita, scheme.tiers)
	hall_satisfaction = hall_rate(sum(f.good_ratings for f in facts), sum(f.ratings for f in facts))
	inspected = [f.inspection_rate for f in facts if f.inspection_rate is not None]
	hall_inspection = sum(inspected) / len(inspected) if inspected else 100.0
	scores = {}
	for f in facts:
		s = WindowScore(f.window, per_capita=round(per_capita[f.window], 4))
		s.tier, s.tier_points = tiers[f.window]
		s.on_time_rate = rate(f.on_time, f.cases)
		s.on_time_points = scheme.on_time_weight * (s.on_time_rate or 0.0) / 100
		own = rate(f.good_ratings, f.ratings) if f.ratings >= scheme.min_ratings else None
		s.satisfaction_rate = rate(f.good_ratings, f.ratings)
		s.satisfaction_points = (
			scheme.satisfaction_weight * (own if own is not None else hall_satisfaction) / 100
		)
		s.inspection_rate = f.inspection_rate
		inspection = f.inspection_rate if f.inspection_rate is not None else hall_inspection
		s.inspection_points = scheme.inspection_weight * inspection / 100
		s.deductions = deductions(f, scheme)
		s.median_wait_minutes = f.median_wait_minutes
		s.wait_points = wait_points(f.median_wait_minutes, scheme)
		s.work_points = (
			s.tier_points + s.on_time_points + s.satisfaction_points + s.inspection_points - s.deductions
		)
		if s.wait_points:  # a scheme without a wait weight gives exactly the scores it always gave
			s.work_points += s.wait_points
		s.activity_points = capped(f.activity_points_raw, scheme.activity_points_cap)
		s.computed_score = s.work_points + s.activity_points
		s.eligible = f.verified_complaints == 0
		scores[f.window] = rounded(s)
	return scores


def deductions(facts, scheme: Scheme) -> float:
	return (
		facts.yellow_cards * scheme.yellow_card_deduction
		+ facts.red_cards * scheme.red_card_deduction
		+ facts.violations * scheme.violation_deduction
		+ facts.complaint_points * scheme.complaint_factor
	)


def wait_points(median_minutes: float | None, scheme: Scheme) -> float:
	"""Points (zero or negative) for a window's median wait: ``median_wait_weight`` off per minute
	above ``wait_target_minutes``, in proportion for part of a minute, uncapped. A window without
	queue tickets that quarter (median None) and a scheme of weight 0 give 0."""
	if not scheme.median_wait_weight or median_minutes is None:
		return 0.0
	over = float(median_minutes) - scheme.wait_target_minutes
	return -scheme.median_wait_weight * over if over > EPSILON else 0.0


def rounded(score):
	for name, value in vars(score).items():
		if isinstance(value, float):
			setattr(score, name, round(value, 4))
	return score


# ---------------------------------------------------------------------------------------------
# Staff


@dataclass
class StaffFacts:
	staff: str
	cases: int = 0
	weighted_volume: float = 0.0
	on_time: int = 0
	ratings: int = 0
	good_ratings: int = 0
	yellow_cards: int = 0
	red_cards: int = 0
	violations: int = 0
	verified_complaints: int = 0
	complaint_points: float = 0.0
	integrity_complaints: int = 0
	activity_points_raw: float = 0.0
	# completed cross-hall cases credited to the staff member (received or handled), issue 16
	cross_hall_cases: int = 0
	# entered by managers; None until they do
	ideology: float | None = None
	skills: float | None = None
	attendance: float | None = None
	integrity: float | None = None
	# the period's duty records (gov_hall.rules.duty.DutyCounts); None when the staff member was on
	# no roster: 出勤值勤 is then entered by managers as above
	duty: object | None = None
	attendance_adjustment: float = 0.0


@dataclass
class StaffScore:
	staff: str
	on_time_rate: float | None = None
	satisfaction_rate: float | None = None
	ideology: float = 0.0
	skills: float = 0.0
	attendance: float = 0.0
	performance: float = 0.0
	integrity: float = 0.0
	work_points: float = 0.0
	activity_points: float = 0.0
	computed_score: float = 0.0
	eligible: bool = True
	# 出勤值勤 from duty records before a manager's adjustment; None without duty records
	attendance_computed: float | None = None


def attendance_points(counts, scheme: Scheme) -> float:
	"""出勤值勤 from a staff member's duty counts (DutyCounts: late, early_leave, absent,
	empty_windows, left_post): full points less each count times its deduction, at least zero."""
	taken = sum(
		int(getattr(counts, figure, 0) or 0) * getattr(scheme, deduction)
		for deduction, figure in DUTY_DEDUCTIONS.items()
	)
	return round(max(0.0, scheme.dimension_max_points - taken), 4)


def duty_attendance(computed: float, adjustment: float | None, full: float) -> float:
	"""The 出勤值勤 a staff member with duty records gets: computed + a manager's adjustment, kept
	between 0 and the dimension's points."""
	return round(min(max(computed + (adjustment or 0.0), 0.0), full), 4)


def score_staff(facts: Iterable[StaffFacts], scheme: Scheme) -> dict[str, StaffScore]:
	facts = list(facts)
	top_volume = max((f.weighted_volume for f in facts), default=0.0)
	hall_satisfaction = hall_rate(sum(f.good_ratings for f in facts), sum(f.ratings for f in facts))
	full = scheme.dimension_max_points
	scores = {}
	for f in facts:
		s = StaffScore(f.staff)
		s.on_time_rate = rate(f.on_time, f.cases)
		s.satisfaction_rate = rate(f.good_ratings, f.ratings)
		own = s.satisfaction_rate if f.ratings >= scheme.min_ratings else None
		satisfaction = own if own is not None else hall_satisfaction
		volume_ratio = f.weighted_volume / top_volume if top_volume else 0.0
		share = (
			scheme.volume_share * volume_ratio
			+ scheme.on_time_share * (s.on_time_rate or 0.0) / 100
			+ scheme.satisfaction_share * satisfaction / 100
		) / 100
		s.performance = min(max(full * share - deductions(f, scheme), 0.0), full)
		s.ideology = entered(f.ideology, full)
		s.skills = entered(f.skills, full)
		if f.duty is not None:
			s.attendance_computed = attendance_points(f.duty, scheme)
			s.attendance = duty_attendance(s.attendance_computed, f.attendance_adjustment, full)
		else:
			s.attendance = entered(f.attendance, full)
		# a verified integrity complaint zeroes 廉洁自律 unless managers decide otherwise
		s.integrity = entered(f.integrity, 0.0 if f.integrity_complaints else full)
		s.work_points = s.ideology + s.skills + s.attendance + s.performance + s.integrity
		s.activity_points = capped(f.activity_points_raw, scheme.activity_points_cap)
		s.computed_score = s.work_points + s.activity_points
		s.eligible = f.verified_complaints == 0
		scores[f.staff] = rounded(s)
	return scores


def entered(value: float | None, default: float) -> float:
	return default if value is None else float(value)


# ---------------------------------------------------------------------------------------------
# Final scores and rankings


@dataclass
class Ranked:
	key: str
	final: float
	work: float
	satisfaction: float | None
	on_time: float | None
	eligible: bool
	rank: int = 0
	honoured: bool = False


def tie_break_key(entry: Ranked) -> tuple:
	"""Higher final score first; then more from work, higher satisfaction, higher on-time rate; then name."""
	return (-entry.final, -entry.work, -(entry.satisfaction or 0.0), -(entry.on_time or 0.0), entry.key)


def rank(entries: Iterable[Ranked], honours: int) -> list[Ranked]:
	"""Rank everyone 1..n (deterministically) and honour the first ``honours`` eligible ones."""
	ordered = sorted(entries, key=tie_break_key)
	honoured = 0
	for position, entry in enumerate(ordered, start=1):
		entry.rank = position
		entry.honoured = entry.eligible and honoured < honours
		honoured += entry.honoured
	return ordered


def final_score(computed: float, adjustment: float | None) -> float:
	return round(computed + (adjustment or 0.0), 4)


# ---------------------------------------------------------------------------------------------
# Annual honours


@dataclass
class QuarterResult:
	staff: str
	quarter: str
	final: float
	work: float
	is_star: bool
	verified_complaints: int


@dataclass
class AnnualResult:
	staff: str
	total: float
	work: float
	quarters: int
	star_quarters: int
	eligible: bool
	rank: int = 0
	is_top_star: bool = False
	is_advanced_worker: bool = False


def annual_honours(results: Iterable[QuarterResult], scheme: Scheme) -> list[AnnualResult]:
	"""十佳服务标兵: the best totals over the year's published quarters, none with a verified complaint
	that year; 先进工作者: service stars in at least ``advanced_worker_quarters`` quarters."""
	by_staff: dict[str, AnnualResult] = {}
	for row in results:
		entry = by_staff.setdefault(row.staff, AnnualResult(row.staff, 0.0, 0.0, 0, 0, True))
		entry.total += row.final
		entry.work += row.work
		entry.quarters += 1
		entry.star_quarters += int(row.is_star)
		entry.eligible = entry.eligible and row.verified_complaints == 0
	ranked = rank(
		(
			Ranked(e.staff, round(e.total, 4), round(e.work, 4), None, None, e.eligible)
			for e in by_staff.values()
		),
		scheme.annual_star_count,
	)
	ordered = []
	for entry in ranked:
		annual = by_staff[entry.key]
		annual.total, annual.work = round(annual.total, 4), round(annual.work, 4)
		annual.rank, annual.is_top_star = entry.rank, entry.honoured
		annual.is_advanced_worker = (
			annual.eligible and annual.star_quarters >= scheme.advanced_worker_quarters
		)
		ordered.append(annual)
	return ordered


def scheme_from(values: dict, tiers: Iterable[tuple[float, float]] | None = None) -> Scheme:
	"""A Scheme from stored values, ignoring unknown keys and keeping defaults for missing ones."""
	known = {name for name in Scheme.__dataclass_fields__ if name != "tiers"}
	kwargs = {
		name: type(getattr(Scheme, name))(values[name]) for name in known if values.get(name) is not None
	}
	if tiers:
		kwargs["tiers"] = tuple(sorted((float(bound), float(points)) for bound, points in tiers))
	return Scheme(**kwargs)
