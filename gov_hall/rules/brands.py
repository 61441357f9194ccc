"""Service brands (服务品牌): the naming criteria, the panel's average, and what a review decides.

A department or window proposes a brand (its concept, measures and public commitments); a panel
scores it against the criteria of seed 002 — the "three embodiments" (三个体现) and the "two
innovations" (两个创新), 20 points each — and a brand whose average reaches the hall's naming score is
named (命名). Each year an annual review measures the brand's commitments: all kept, the brand keeps
its name; some missed, it is warned (警告); missed again after a warning, or more than half missed,
the name is withdrawn (撤销命名).

Plain rules, no Frappe: the app turns the verdicts into records and translated messages.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

# The naming criteria (seed 002). English names in code, Chinese in zh.csv:
# (criterion name, group, description, max score)
THREE_EMBODIMENTS = "Three Embodiments"
TWO_INNOVATIONS = "Two Innovations"
OTHER = "Other"
CRITERION_GROUPS = (THREE_EMBODIMENTS, TWO_INNOVATIONS, OTHER)
DEFAULT_MAX_SCORE = 20.0

DEFAULT_CRITERIA = (
	(
		"Serving the Centre, the Whole, the Grassroots and the People",
		THREE_EMBODIMENTS,
		"Embodies serving the central work, the overall situation, the grassroots and the people.",
		DEFAULT_MAX_SCORE,
	),
	(
		"Better Service Quality and Work Level",
		THREE_EMBODIMENTS,
		"Embodies raising the quality of service and the level of work.",
		DEFAULT_MAX_SCORE,
	),
	(
		"Exemplary and Worth Spreading",
		THREE_EMBODIMENTS,
		"Embodies an example for others, with value in being spread.",
		DEFAULT_MAX_SCORE,
	),
	(
		"Institutional Innovation",
		TWO_INNOVATIONS,
		"Innovates in the system and institutions of service.",
		DEFAULT_MAX_SCORE,
	),
	(
		"Innovation in Mechanisms and Measures",
		TWO_INNOVATIONS,
		"Innovates in working mechanisms and concrete measures.",
		DEFAULT_MAX_SCORE,
	),
)

# Reviews and their outcomes
NAMING_REVIEW = "Naming Review"
ANNUAL_REVIEW = "Annual Review"
REVIEW_TYPES = (NAMING_REVIEW, ANNUAL_REVIEW)

NAMED = "Named"
NOT_NAMED = "Not Named"
KEPT = "Kept"
WARNED = "Warned"
WITHDRAWN = "Withdrawn"
OUTCOMES = {
	NAMING_REVIEW: (NAMED, NOT_NAMED),
	ANNUAL_REVIEW: (KEPT, WARNED, WITHDRAWN),
}

# Brand states (the workflow's states) and what each review type may be held on
PROPOSED = "Proposed"
UNDER_REVIEW = "Under Review"
BRAND_STATES = (PROPOSED, UNDER_REVIEW, NAMED, NOT_NAMED, WARNED, WITHDRAWN)
REVIEWABLE_IN = {
	NAMING_REVIEW: (UNDER_REVIEW,),
	ANNUAL_REVIEW: (NAMED, WARNED),
}

# The workflow action an outcome takes, and the states it is taken from
OUTCOME_ACTIONS = {
	NAMED: "Name Brand",
	NOT_NAMED: "Do Not Name",
	KEPT: "Keep",
	WARNED: "Warn",
	WITHDRAWN: "Withdraw Name",
}
ACTION_FROM = {
	"Name Brand": (UNDER_REVIEW,),
	"Do Not Name": (UNDER_REVIEW,),
	"Keep": (NAMED, WARNED),
	"Warn": (NAMED,),
	"Withdraw Name": (NAMED, WARNED),
}
ACTION_TO = {
	"Name Brand": NAMED,
	"Do Not Name": NOT_NAMED,
	"Keep": NAMED,
	"Warn": WARNED,
	"Withdraw Name": WITHDRAWN,
}

DEFAULT_NAMING_SCORE = 85.0


class InvalidScore(ValueError):
	"""A score outside 0..max; the caller turns it into a translated message."""

	def __init__(self, criterion: str, score: float, max_score: float):
		super().__init__(criterion, score, max_score)
		self.criterion, self.score, self.max_score = criterion, score, max_score


def sheet_total(scores: Iterable[tuple[str, float, float]]) -> float:
	"""A reviewer's total: (criterion, max score, score) each between 0 and its max; 2 decimals."""
	total = 0.0
	for criterion, max_score, score in scores:
		score = float(score or 0)
		if score < 0 or score > float(max_score or 0):
			raise InvalidScore(criterion, score, float(max_score or 0))
		total += score
	return round(total, 2)


def average_score(totals: Iterable[float]) -> float:
	"""The panel's average of the submitted sheets' totals, 2 decimals (0 without sheets)."""
	values = [float(t or 0) for t in totals]
	if not values:
		return 0.0
	return round(sum(values) / len(values) + 1e-9, 2)


def naming_outcome(average: float, threshold: float = DEFAULT_NAMING_SCORE) -> str:
	"""Named when the average reaches the hall's naming score."""
	return NAMED if round(float(average or 0), 2) >= float(threshold) else NOT_NAMED


def annual_outcome(kept: int, missed: int, previously_warned: bool = False) -> str:
	"""Kept when nothing was missed; Warned when some commitment was missed; Withdrawn when
	missed again after a warning, or when more than half of the measured commitments were missed."""
	kept, missed = int(kept or 0), int(missed or 0)
	if missed <= 0:
		return KEPT
	if previously_warned or missed * 2 > kept + missed:
		return WITHDRAWN
	return WARNED


def recommended_outcome(
	review_type: str,
	average: float = 0,
	threshold: float = DEFAULT_NAMING_SCORE,
	kept: int = 0,
	missed: int = 0,
	previously_warned: bool = False,
) -> str:
	if review_type == NAMING_REVIEW:
		return naming_outcome(average, threshold)
	if review_type == ANNUAL_REVIEW:
		return annual_outcome(kept, missed, previously_warned)
	raise ValueError(review_type)


def valid_outcome(review_type: str, outcome: str) -> bool:
	return outcome in OUTCOMES.get(review_type, ())


def transition_for(outcome: str, state: str | None = None) -> str | None:
	"""The workflow action that applies ``outcome`` (from ``state`` when given; None if it cannot)."""
	action = OUTCOME_ACTIONS.get(outcome)
	if action is None or (state is not None and state not in ACTION_FROM[action]):
		return None
	return action


def commitment_counts(results: Iterable[dict]) -> tuple[int, int]:
	"""(kept, missed) of measured commitments; unmeasured ones (kept None) count for neither."""
	kept = missed = 0
	for row in results:
		if not row.get("measured") or row.get("kept") is None:
			continue
		if row.get("kept"):
			kept += 1
		else:
			missed += 1
	return kept, missed


def review_period(year: int) -> tuple[datetime.date, datetime.date]:
	"""The calendar year reviewed."""
	year = int(year)
	if year < 2000 or year > 2100:
		raise ValueError(year)
	return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
