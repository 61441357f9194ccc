"""Cross-hall cases in figures (issue 16, items 4 and 5): the stage a late case was in when its card was
raised, the stages of the hand-over (transfer, county review, return, result transfer, issue) read
from a case's hand-over steps, how long each took in working days, and the median and 90th percentile.

A case received at a township or village hall and handled at the county passes hand-over steps
(GH Case Handover ``step``, each with its time ``at``); a stage runs from the step that starts it to
the next step that ends it. Durations are in working days of the hall's calendar: the time between
two moments with every day the hall is closed left out, in 24-hour days (a transfer sent on Friday
at 16:00 and received on Monday at 10:00 took 18 hours, 0.75 working days).
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable, Iterable

from gov_hall.rules.handover import (
	AT_COUNTY,
	FORWARD,
	ISSUE,
	ISSUED,
	LATE_STEP,
	POST,
	POSTED,
	READY_FOR_COLLECTION,
	RECEIVE_AT_COUNTY,
	RECEIVE_RESULT,
	RECEIVE_RETURN,
	RESULT_SENT_BACK,
	RETURN,
	RETURNED,
	SEND_RESULT,
	SENT_TO_COUNTY,
)

# GH Case.route of a case received at one hall and handled at another
CROSS_HALL_ROUTES = ("County–Township", "County-Wide")

# GH Supervision Card.late_step and the report's stages
STAGE_RECEIVING_HALL = "Receiving Hall"
STAGE_TRANSFER = "Transfer"
STAGE_COUNTY_REVIEW = "County Review"
STAGE_RETURN = "Return"
STAGE_RESULT_TRANSFER = "Result Transfer"
STAGE_ISSUE = "Issue"
LATE_STEPS = (
	STAGE_RECEIVING_HALL,
	STAGE_TRANSFER,
	STAGE_COUNTY_REVIEW,
	STAGE_RETURN,
	STAGE_RESULT_TRANSFER,
	STAGE_ISSUE,
)

# where a cross-hall case stands -> the stage it is in (an empty status: not yet forwarded); the
# stages of gov_hall.rules.handover, and a delivered case's last one
STAGE_OF_STATUS = {**LATE_STEP, ISSUED: STAGE_ISSUE, POSTED: STAGE_ISSUE}

# the hand-over stages the times report measures: stage -> (the step starting it, steps ending it)
HANDOVER_STAGES: dict[str, tuple[str, tuple[str, ...]]] = {
	STAGE_TRANSFER: (FORWARD, (RECEIVE_AT_COUNTY,)),
	STAGE_COUNTY_REVIEW: (RECEIVE_AT_COUNTY, (SEND_RESULT, RETURN)),
	STAGE_RETURN: (RETURN, (RECEIVE_RETURN,)),
	STAGE_RESULT_TRANSFER: (SEND_RESULT, (RECEIVE_RESULT,)),
	STAGE_ISSUE: (RECEIVE_RESULT, (ISSUE, POST)),
}

# the waits the "hand-overs waiting" report lists: transfer_status -> what the case waits for
WAITING_FOR = {
	SENT_TO_COUNTY: "Receipt at County",
	RETURNED: "Receipt of Return",
	RESULT_SENT_BACK: "Receipt of Result",
	READY_FOR_COLLECTION: "Collection or Posting",
}
# a case decided at the county whose result has not been sent back yet
RESULT_TO_SEND = "Result to Send"
WAITS = (RESULT_TO_SEND, *WAITING_FOR.values())


def late_step(route: str | None, transfer_status: str | None) -> str | None:
	"""The stage of a cross-hall case (one with a route) when a card is raised; None for a case of
	one hall."""
	if not route:
		return None
	return STAGE_OF_STATUS.get(transfer_status or "", STAGE_RECEIVING_HALL)


def at_county(route: str | None, transfer_status: str | None) -> bool:
	"""Whether a cross-hall case is in the county's hands (received there, under review): its card
	then belongs to the handling window and staff; otherwise (still at the township, in transit, back
	for a supplement) to the receiving window."""
	return bool(route) and transfer_status == AT_COUNTY


def stages(
	steps: Iterable[tuple[str, datetime.datetime]],
) -> list[tuple[str, datetime.datetime, datetime.datetime | None]]:
	"""The hand-over stages of one case from its steps (step, at) in the order taken: each stage
	from its starting step to the next step ending it (None while it is still open). A case returned
	for a supplement and forwarded again has two transfers and two county reviews."""
	found: list[list] = []
	open_stages: dict[str, list] = {}
	for step, at in sorted(steps, key=lambda pair: pair[1]):
		for stage, (_start, ends) in HANDOVER_STAGES.items():
			if step in ends and stage in open_stages:
				open_stages.pop(stage)[2] = at
		for stage, (start, _ends) in HANDOVER_STAGES.items():
			if step == start:
				entry = [stage, at, None]
				open_stages[stage] = entry
				found.append(entry)
	return [tuple(entry) for entry in found]


# the stage a case enters with each step
STAGE_AFTER_STEP = {
	FORWARD: STAGE_TRANSFER,
	RECEIVE_AT_COUNTY: STAGE_COUNTY_REVIEW,
	RETURN: STAGE_RETURN,
	RECEIVE_RETURN: STAGE_RECEIVING_HALL,
	SEND_RESULT: STAGE_RESULT_TRANSFER,
	RECEIVE_RESULT: STAGE_ISSUE,
	ISSUE: STAGE_ISSUE,
	POST: STAGE_ISSUE,
}
# the stages in which a case can run past its due date (it is decided at the county before the result
# travels back), in the order a case passes them: the columns of the cross-hall cases report
LATE_STAGES = (STAGE_RECEIVING_HALL, STAGE_TRANSFER, STAGE_COUNTY_REVIEW, STAGE_RETURN)


def stage_at(steps: Iterable[tuple[str, datetime.datetime]], moment: datetime.datetime) -> str:
	"""The stage a cross-hall case was in at ``moment``, from its steps (step, at): the stage the
	last step taken by then led to (at the receiving hall before the first). For a case completed
	late, the stage at the end of its due date is the step that ran late."""
	stage = STAGE_RECEIVING_HALL
	for step, at in sorted(steps, key=lambda pair: pair[1]):
		if at > moment:
			break
		stage = STAGE_AFTER_STEP.get(step, stage)
	return stage


def working_days(
	start: datetime.datetime, end: datetime.datetime, is_working_day: Callable[[datetime.date], bool]
) -> float:
	"""The time from ``start`` to ``end`` with the closed days left out, in 24-hour working days,
	rounded to 4 decimals; 0 when ``end`` is not after ``start``."""
	if end <= start:
		return 0.0
	seconds = 0.0
	day = start.date()
	while day <= end.date():
		if is_working_day(day):
			begin = max(start, datetime.datetime.combine(day, datetime.time.min))
			finish = min(end, datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))
			seconds += max((finish - begin).total_seconds(), 0.0)
		day += datetime.timedelta(days=1)
	return round(seconds / 86400.0, 4)


def percentile(values: Iterable[float], p: float) -> float | None:
	"""The ``p``-th percentile (0–100) by linear interpolation between the closest ranks (the median
	is the 50th); None for no values."""
	ordered = sorted(float(v) for v in values)
	if not ordered:
		return None
	if not 0 <= p <= 100:
		raise ValueError("a percentile is between 0 and 100")
	position = (len(ordered) - 1) * p / 100.0
	low, high = math.floor(position), math.ceil(position)
	value = ordered[low] + (ordered[high] - ordered[low]) * (position - low)
	return round(value, 2)


def duration_figures(values: Iterable[float]) -> dict:
	"""Count, average, median, 90th percentile and longest of durations (working days)."""
	values = [float(v) for v in values]
	if not values:
		return {"count": 0, "average": None, "median": None, "p90": None, "longest": None}
	return {
		"count": len(values),
		"average": round(sum(values) / len(values), 2),
		"median": percentile(values, 50),
		"p90": percentile(values, 90),
		"longest": round(max(values), 2),
	}


def share(part: float, whole: float) -> float | None:
	"""``part`` of ``whole`` in percent, two decimals; None when there is nothing to divide."""
	return round(100.0 * part / whole, 2) if whole else None
