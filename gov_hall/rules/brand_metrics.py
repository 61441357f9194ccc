"""Measurable service-brand commitments (服务品牌承诺): what each metric measures, and whether a
commitment was kept. Plain Python, no Frappe import.

A brand's commitment (e.g. 承诺件提前1个工作日办结, 满意率不低于99%) may name one of the metrics
below with a target and, for some, a parameter (days early, working days to follow up). The
figures themselves are read by gov_hall.brands.metrics; the arithmetic and the verdict are here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import NamedTuple

PERCENT = "%"
COUNT = "count"
AT_LEAST = ">="
AT_MOST = "<="


class Metric(NamedTuple):
	label: str  # English, translated through zh.csv
	unit: str  # PERCENT or COUNT
	direction: str  # AT_LEAST: the actual must reach the target; AT_MOST: must not exceed it
	param_label: str | None = None
	param_default: float | None = None
	description: str = ""


ON_TIME = "On-Time Completion Rate"  # 按时办结率
EARLY = "Early Completion Rate"  # 提前办结率
SATISFACTION = "Satisfaction Rate"  # 满意率
BAD_REVIEWS_FOLLOWED_UP = "Bad Reviews Followed Up in Time"  # 差评及时整改率
VERIFIED_COMPLAINTS = "Verified Complaints"  # 有效投诉
RED_CARDS = "Red Cards"  # 红牌
ONE_TIME_VIOLATIONS = "One-Time Notification Violations"  # 一次性告知违规

# key -> Metric; the keys are the Select options of GH Brand Commitment.metric, in this order
METRICS: dict[str, Metric] = {
	ON_TIME: Metric(
		"On-Time Completion Rate",
		PERCENT,
		AT_LEAST,
		description="Completed cases finished within their time limit",
	),
	EARLY: Metric(
		"Early Completion Rate",
		PERCENT,
		AT_LEAST,
		param_label="Working Days Early",
		param_default=1,
		description="Promised cases completed at least the given working days before their due date",
	),
	SATISFACTION: Metric(
		"Satisfaction Rate",
		PERCENT,
		AT_LEAST,
		description="Ratings that count and are not bad reviews",
	),
	BAD_REVIEWS_FOLLOWED_UP: Metric(
		"Bad Reviews Followed Up in Time",
		PERCENT,
		AT_LEAST,
		param_label="Working Days to Follow Up",
		param_default=1,
		description="Bad reviews handled within the given working days",
	),
	VERIFIED_COMPLAINTS: Metric(
		"Verified Complaints",
		COUNT,
		AT_MOST,
		description="Complaints found substantiated or partly substantiated",
	),
	RED_CARDS: Metric("Red Cards", COUNT, AT_MOST, description="Red supervision cards issued"),
	ONE_TIME_VIOLATIONS: Metric(
		"One-Time Notification Violations",
		COUNT,
		AT_MOST,
		description="Supplement notices asking for materials not asked for before",
	),
}

# tolerance for comparing a rounded rate with its target
EPSILON = 1e-9


def metric_options() -> str:
	"""The Select options of a commitment's metric: blank (not measurable), then every key."""
	return "\n".join(["", *METRICS])


def get_metric(metric: str | None) -> Metric | None:
	return METRICS.get(metric) if metric else None


def effective_param(metric: str | None, param: float | None) -> float | None:
	"""The commitment's parameter, or the metric's default when none is given (0 or blank); None for
	a metric without a parameter."""
	info = get_metric(metric)
	if info is None or info.param_default is None:
		return None
	if param is None or param == "" or float(param) <= 0:
		return float(info.param_default)
	return float(param)


def rate(part: float, whole: float) -> float | None:
	"""A percentage rounded to two decimals; None when there is nothing to divide."""
	if not whole:
		return None
	return round(100.0 * float(part) / float(whole), 2)


def completed_early(working_days_before_due: int | None, days_early: float) -> bool:
	"""Whether a promised case was completed at least ``days_early`` working days before its due date.

	``working_days_before_due`` is the count of working days in (completed day, due date]: 0 when
	completed on the due date, 1 when completed the working day before it, negative when late.
	"""
	if working_days_before_due is None:
		return False
	return working_days_before_due >= days_early - EPSILON


def followed_up_in_time(working_days_used: int | None, limit: float) -> bool:
	"""Whether a bad review handled ``working_days_used`` working days after it was opened (None:
	not handled yet) was handled within ``limit`` working days."""
	if working_days_used is None:
		return False
	return working_days_used <= limit + EPSILON


def kept(metric: str | None, target: float | None, actual: float | None) -> bool | None:
	"""Whether a commitment on ``metric`` with ``target`` was kept by ``actual``.

	None when there is nothing to measure: no metric, an unknown metric, no target, or no actual
	figure (a rate over no cases or ratings). A count of 0 is a figure, so a count target is always
	measured.
	"""
	info = get_metric(metric)
	if info is None or target is None or target == "" or actual is None:
		return None
	target, actual = float(target), float(actual)
	if info.direction == AT_LEAST:
		return actual >= target - EPSILON
	return actual <= target + EPSILON


def tally(results: Iterable[Mapping]) -> tuple[int, int, int]:
	"""Kept, missed and unmeasured commitments of a list of measured results (``kept`` True/False/None)."""
	kept_count = missed = unmeasured = 0
	for result in results:
		verdict = result.get("kept")
		if verdict is None or not result.get("measured", True):
			unmeasured += 1
		elif verdict:
			kept_count += 1
		else:
			missed += 1
	return kept_count, missed, unmeasured


def format_actual(metric: str | None, actual: float | None) -> str:
	"""The actual figure as shown: ``98.5%`` for a rate, ``3`` for a count, ``-`` when none."""
	info = get_metric(metric)
	if info is None or actual is None:
		return "-"
	if info.unit == PERCENT:
		return f"{float(actual):g}%"
	return str(int(actual))
