"""The hand-over stages of a cross-hall case (县乡同办 / 县域通办): pure rules, no Frappe.

A case received at a township hall or a village service point for a county matter is one case with
one number and one clock. Where it is (``transfer_status``) moves only by these steps, in this
order; no step can be skipped:

    At Receiving Hall -Forward to County-> Sent to County -Receive at County-> At County
    At County -Return to Receiving Hall-> Returned to Receiving Hall -Receive Return-> At Receiving Hall
    At County (decided) -Send Result-> Result Sent Back -Receive Result-> Ready for Collection
    Ready for Collection -Issue-> Issued | -Post-> Posted

Receiving-side steps are taken by the hall where the citizen applied, handling-side steps by the
county department that handles the matter.
"""

from __future__ import annotations

from dataclasses import dataclass

# transfer_status (GH Case)
AT_RECEIVING_HALL = "At Receiving Hall"
SENT_TO_COUNTY = "Sent to County"
AT_COUNTY = "At County"
RETURNED = "Returned to Receiving Hall"
RESULT_SENT_BACK = "Result Sent Back"
READY_FOR_COLLECTION = "Ready for Collection"
ISSUED = "Issued"
POSTED = "Posted"

STAGES = (
	AT_RECEIVING_HALL,
	SENT_TO_COUNTY,
	AT_COUNTY,
	RETURNED,
	RESULT_SENT_BACK,
	READY_FOR_COLLECTION,
	ISSUED,
	POSTED,
)
FIRST_STAGE = AT_RECEIVING_HALL
DONE_STAGES = (ISSUED, POSTED)
# the case's papers are on the road: nobody decides anything on it until they are received
IN_TRANSIT = (SENT_TO_COUNTY, RETURNED, RESULT_SENT_BACK)

# steps (GH Case Handover.step)
FORWARD = "Forward to County"
RECEIVE_AT_COUNTY = "Receive at County"
RETURN = "Return to Receiving Hall"
RECEIVE_RETURN = "Receive Return"
SEND_RESULT = "Send Result"
RECEIVE_RESULT = "Receive Result"
ISSUE = "Issue"
POST = "Post"

STEP_ORDER = (FORWARD, RECEIVE_AT_COUNTY, RETURN, RECEIVE_RETURN, SEND_RESULT, RECEIVE_RESULT, ISSUE, POST)

RECEIVING = "receiving"
HANDLING = "handling"

# GH Case status values (gov_hall.setup.workflows; repeated here to keep this module pure)
RECEIVED = "Received"
SUPPLEMENT_REQUIRED = "Supplement Required"
ACCEPTED = "Accepted"
IN_PROCESS = "In Process"
COMPLETED = "Completed"
REJECTED = "Rejected"
WITHDRAWN = "Withdrawn"
CANCELLED = "Cancelled"
DECIDED = (COMPLETED, REJECTED)
ENDED_WITHOUT_RESULT = (WITHDRAWN, CANCELLED)

# GH Supervision Card.late_step: the stage a case was in, in the words of the assessment
LATE_STEP = {
	"": "Receiving Hall",
	AT_RECEIVING_HALL: "Receiving Hall",
	SENT_TO_COUNTY: "Transfer",
	AT_COUNTY: "County Review",
	RETURNED: "Return",
	RESULT_SENT_BACK: "Result Transfer",
	READY_FOR_COLLECTION: "Issue",
}


@dataclass(frozen=True)
class Step:
	name: str
	from_stage: str
	to_stage: str
	side: str
	# case statuses in which the step may be taken (None: any)
	statuses: tuple | None = None
	# the papers move between halls (from the receiving hall to the county, or back)
	to_county: bool | None = None


STEPS: dict[str, Step] = {
	FORWARD: Step(FORWARD, AT_RECEIVING_HALL, SENT_TO_COUNTY, RECEIVING, (ACCEPTED, IN_PROCESS), True),
	RECEIVE_AT_COUNTY: Step(RECEIVE_AT_COUNTY, SENT_TO_COUNTY, AT_COUNTY, HANDLING, None, True),
	RETURN: Step(RETURN, AT_COUNTY, RETURNED, HANDLING, (SUPPLEMENT_REQUIRED,), False),
	RECEIVE_RETURN: Step(RECEIVE_RETURN, RETURNED, AT_RECEIVING_HALL, RECEIVING, None, False),
	SEND_RESULT: Step(SEND_RESULT, AT_COUNTY, RESULT_SENT_BACK, HANDLING, DECIDED, False),
	RECEIVE_RESULT: Step(RECEIVE_RESULT, RESULT_SENT_BACK, READY_FOR_COLLECTION, RECEIVING, DECIDED, False),
	ISSUE: Step(ISSUE, READY_FOR_COLLECTION, ISSUED, RECEIVING, DECIDED, None),
	POST: Step(POST, READY_FOR_COLLECTION, POSTED, RECEIVING, DECIDED, None),
}

# Why a step is refused (the engine turns these into translated messages)
UNKNOWN_STEP = "unknown_step"
NOT_CROSS_HALL = "not_cross_hall"
WRONG_STAGE = "wrong_stage"
WRONG_STATUS = "wrong_status"
CASE_ENDED = "case_ended"
PAUSED = "paused"
NEEDS_TRACKING_NUMBER = "needs_tracking_number"

MAX_PAPER_LINES = 50
MAX_LINE_LENGTH = 140


def step_of(name: str) -> Step | None:
	return STEPS.get(name) if isinstance(name, str) else None


def side_of(step: str) -> str | None:
	rule = step_of(step)
	return rule.side if rule else None


def next_stage(step: str) -> str | None:
	rule = step_of(step)
	return rule.to_stage if rule else None


def refusal(
	step: str,
	transfer_status: str | None,
	status: str,
	is_paused: bool = False,
	tracking_number: str | None = None,
	cross_hall: bool = True,
) -> str | None:
	"""Why ``step`` cannot be taken now (one of the codes above), or None when it can."""
	rule = step_of(step)
	if rule is None:
		return UNKNOWN_STEP
	if not cross_hall or not transfer_status:
		return NOT_CROSS_HALL
	if status in ENDED_WITHOUT_RESULT:
		return CASE_ENDED
	if transfer_status != rule.from_stage:
		return WRONG_STAGE
	if rule.statuses is not None and status not in rule.statuses:
		return WRONG_STATUS
	if step == FORWARD and is_paused:
		return PAUSED
	if step == POST and not (tracking_number or "").strip():
		return NEEDS_TRACKING_NUMBER
	return None


def allowed_steps(transfer_status: str | None, status: str, is_paused: bool = False) -> list[str]:
	"""The steps the case may take next (a Post still needs its tracking number)."""
	return [
		step
		for step in STEP_ORDER
		if refusal(step, transfer_status, status, is_paused, tracking_number="-") is None
	]


def holder(transfer_status: str | None) -> str | None:
	"""Which side holds the case now: receiving, handling, or None while its papers travel."""
	if transfer_status in (AT_RECEIVING_HALL, READY_FOR_COLLECTION, ISSUED, POSTED):
		return RECEIVING
	if transfer_status == AT_COUNTY:
		return HANDLING
	return None


def may_change_status(transfer_status: str | None, new_status: str, side: str | None) -> bool:
	"""Whether ``side`` may move a cross-hall case to ``new_status`` (a workflow action).

	The receiving hall accepts, asks for supplements and resumes while it holds the case; only the
	county decides (Completed / Rejected), and only once it has received the case. Withdrawal and
	cancellation end the case wherever it is."""
	if new_status in ENDED_WITHOUT_RESULT:
		return True
	if new_status in DECIDED:
		return transfer_status == AT_COUNTY and side == HANDLING
	if transfer_status in IN_TRANSIT or transfer_status in DONE_STAGES:
		return False
	return side is not None and holder(transfer_status) == side


def paper_lines(text: str | None) -> list[str]:
	"""Paper materials handed over, one per line: trimmed, empty lines dropped."""
	return [line.strip() for line in (text or "").splitlines() if line.strip()]


def paper_problem(text: str | None) -> str | None:
	"""Why a list of paper materials is not acceptable (plain text lines), or None."""
	lines = paper_lines(text)
	if len(lines) > MAX_PAPER_LINES:
		return "too_many_lines"
	if any(len(line) > MAX_LINE_LENGTH or "<" in line or ">" in line for line in lines):
		return "bad_line"
	return None


def late_step(transfer_status: str | None) -> str:
	"""The stage a late cross-hall case is in, for a supervision card ("" once issued)."""
	return LATE_STEP.get(transfer_status or "", "")
