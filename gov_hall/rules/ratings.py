"""Service ratings (好差评, 国办发〔2019〕51号): five levels, the bad ones, satisfaction figures."""

from collections.abc import Mapping

VERY_SATISFIED = "Very Satisfied"  # 非常满意
SATISFIED = "Satisfied"  # 满意
BASICALLY_SATISFIED = "Basically Satisfied"  # 基本满意
DISSATISFIED = "Dissatisfied"  # 不满意
VERY_DISSATISFIED = "Very Dissatisfied"  # 非常不满意

# best first; the score is 5 for the best and 1 for the worst
LEVELS = (VERY_SATISFIED, SATISFIED, BASICALLY_SATISFIED, DISSATISFIED, VERY_DISSATISFIED)
SCORES = {level: 5 - index for index, level in enumerate(LEVELS)}
BAD_LEVELS = frozenset({DISSATISFIED, VERY_DISSATISFIED})  # 差评

CASE = "Case"
WINDOW_VISIT = "Window Visit"

WINDOW_EVALUATOR = "Window Evaluator"
WEB = "Web"
SMS_LINK = "SMS Link"
PHONE_FOLLOW_UP = "Phone Follow-up"
CHANNELS = (WINDOW_EVALUATOR, WEB, SMS_LINK, PHONE_FOLLOW_UP)


def score(level: str) -> int:
	if level not in SCORES:
		raise ValueError(f"unknown rating level: {level!r}")
	return SCORES[level]


def is_bad(level: str) -> bool:
	score(level)
	return level in BAD_LEVELS


def satisfaction_rate(counts: Mapping[str, int]) -> float | None:
	"""Share of ratings that are not bad reviews, in percent; None when nothing was rated.

	This is the 满意率 of 好差评: 非常满意, 满意 and 基本满意 over all ratings that count.
	"""
	total = sum(counts.get(level, 0) for level in LEVELS)
	if not total:
		return None
	good = total - sum(counts.get(level, 0) for level in BAD_LEVELS)
	return round(100.0 * good / total, 2)


def average_score(counts: Mapping[str, int]) -> float | None:
	"""Mean of the 5-to-1 scores; None when nothing was rated."""
	total = sum(counts.get(level, 0) for level in LEVELS)
	if not total:
		return None
	return round(sum(SCORES[level] * counts.get(level, 0) for level in LEVELS) / total, 2)


def level_shares(counts: Mapping[str, int]) -> dict[str, float]:
	"""Each level's share in percent (0 for all when nothing was rated)."""
	total = sum(counts.get(level, 0) for level in LEVELS)
	return {level: round(100.0 * counts.get(level, 0) / total, 2) if total else 0.0 for level in LEVELS}
