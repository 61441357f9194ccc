import pytest

from gov_hall.rules import handover as h


def test_the_whole_way_in_order():
	stage, status = h.FIRST_STAGE, h.ACCEPTED
	taken = []
	for step in (h.FORWARD, h.RECEIVE_AT_COUNTY, h.SEND_RESULT, h.RECEIVE_RESULT, h.ISSUE):
		if step == h.SEND_RESULT:
			status = h.COMPLETED  # decided at the county
		assert h.refusal(step, stage, status) is None, step
		stage = h.next_stage(step)
		taken.append(stage)
	assert taken == [h.SENT_TO_COUNTY, h.AT_COUNTY, h.RESULT_SENT_BACK, h.READY_FOR_COLLECTION, h.ISSUED]


@pytest.mark.parametrize(
	"step, stage, status",
	[
		(h.RECEIVE_AT_COUNTY, h.AT_RECEIVING_HALL, h.ACCEPTED),  # not sent yet
		(h.SEND_RESULT, h.SENT_TO_COUNTY, h.COMPLETED),  # not received at the county
		(h.ISSUE, h.AT_COUNTY, h.COMPLETED),  # result not sent back
		(h.ISSUE, h.RESULT_SENT_BACK, h.COMPLETED),  # result not received at the hall
		(h.FORWARD, h.AT_COUNTY, h.IN_PROCESS),  # already there
		(h.RECEIVE_RETURN, h.AT_COUNTY, h.SUPPLEMENT_REQUIRED),  # not returned
		(h.POST, h.ISSUED, h.COMPLETED),  # issued already
	],
)
def test_no_step_can_be_skipped(step, stage, status):
	assert h.refusal(step, stage, status, tracking_number="EA1") == h.WRONG_STAGE


def test_forward_needs_acceptance_and_a_running_clock():
	assert h.refusal(h.FORWARD, h.AT_RECEIVING_HALL, h.RECEIVED) == h.WRONG_STATUS
	assert h.refusal(h.FORWARD, h.AT_RECEIVING_HALL, h.ACCEPTED, is_paused=True) == h.PAUSED
	assert h.refusal(h.FORWARD, h.AT_RECEIVING_HALL, h.IN_PROCESS) is None


def test_result_is_sent_only_after_the_decision():
	assert h.refusal(h.SEND_RESULT, h.AT_COUNTY, h.IN_PROCESS) == h.WRONG_STATUS
	assert h.refusal(h.SEND_RESULT, h.AT_COUNTY, h.COMPLETED) is None
	assert h.refusal(h.SEND_RESULT, h.AT_COUNTY, h.REJECTED) is None


def test_return_needs_a_supplement_pause():
	assert h.refusal(h.RETURN, h.AT_COUNTY, h.IN_PROCESS) == h.WRONG_STATUS
	assert h.refusal(h.RETURN, h.AT_COUNTY, h.SUPPLEMENT_REQUIRED) is None
	assert h.next_stage(h.RETURN) == h.RETURNED
	assert h.next_stage(h.RECEIVE_RETURN) == h.AT_RECEIVING_HALL


def test_post_needs_a_tracking_number():
	assert h.refusal(h.POST, h.READY_FOR_COLLECTION, h.COMPLETED) == h.NEEDS_TRACKING_NUMBER
	assert (
		h.refusal(h.POST, h.READY_FOR_COLLECTION, h.COMPLETED, tracking_number="  ")
		== h.NEEDS_TRACKING_NUMBER
	)
	assert h.refusal(h.POST, h.READY_FOR_COLLECTION, h.COMPLETED, tracking_number="EA123456789CN") is None


def test_unknown_step_single_hall_case_and_ended_case():
	assert h.refusal("Teleport", h.AT_COUNTY, h.IN_PROCESS) == h.UNKNOWN_STEP
	assert h.refusal(h.FORWARD, "", h.ACCEPTED) == h.NOT_CROSS_HALL
	assert h.refusal(h.FORWARD, h.AT_RECEIVING_HALL, h.ACCEPTED, cross_hall=False) == h.NOT_CROSS_HALL
	assert h.refusal(h.RECEIVE_AT_COUNTY, h.SENT_TO_COUNTY, h.WITHDRAWN) == h.CASE_ENDED


def test_sides():
	receiving = {h.FORWARD, h.RECEIVE_RETURN, h.RECEIVE_RESULT, h.ISSUE, h.POST}
	assert {s for s in h.STEP_ORDER if h.side_of(s) == h.RECEIVING} == receiving
	assert {s for s in h.STEP_ORDER if h.side_of(s) == h.HANDLING} == {
		h.RECEIVE_AT_COUNTY,
		h.RETURN,
		h.SEND_RESULT,
	}
	assert h.side_of("nothing") is None


def test_allowed_steps():
	assert h.allowed_steps(h.AT_RECEIVING_HALL, h.ACCEPTED) == [h.FORWARD]
	assert h.allowed_steps(h.AT_RECEIVING_HALL, h.RECEIVED) == []
	assert h.allowed_steps(h.AT_COUNTY, h.COMPLETED) == [h.SEND_RESULT]
	assert h.allowed_steps(h.AT_COUNTY, h.SUPPLEMENT_REQUIRED, True) == [h.RETURN]
	assert h.allowed_steps(h.READY_FOR_COLLECTION, h.COMPLETED) == [h.ISSUE, h.POST]
	assert h.allowed_steps(h.ISSUED, h.COMPLETED) == []
	assert h.allowed_steps("", h.ACCEPTED) == []


def test_who_may_change_the_status():
	# the county decides, once it has the case
	assert h.may_change_status(h.AT_COUNTY, h.COMPLETED, h.HANDLING)
	assert not h.may_change_status(h.AT_COUNTY, h.COMPLETED, h.RECEIVING)
	assert not h.may_change_status(h.AT_RECEIVING_HALL, h.COMPLETED, h.RECEIVING)
	assert not h.may_change_status(h.SENT_TO_COUNTY, h.REJECTED, h.HANDLING)
	# the receiving hall accepts and asks for supplements while it holds the case
	assert h.may_change_status(h.AT_RECEIVING_HALL, h.ACCEPTED, h.RECEIVING)
	assert not h.may_change_status(h.AT_RECEIVING_HALL, h.ACCEPTED, h.HANDLING)
	assert h.may_change_status(h.AT_COUNTY, h.SUPPLEMENT_REQUIRED, h.HANDLING)
	# nothing is decided while the papers travel
	assert not h.may_change_status(h.SENT_TO_COUNTY, h.IN_PROCESS, h.HANDLING)
	assert not h.may_change_status(h.RETURNED, h.ACCEPTED, h.RECEIVING)
	# the applicant may withdraw wherever the case is
	assert h.may_change_status(h.SENT_TO_COUNTY, h.WITHDRAWN, h.RECEIVING)


def test_paper_lines():
	assert h.paper_lines(" 申请书 \n\n身份证复印件\n") == ["申请书", "身份证复印件"]
	assert h.paper_problem("申请书\n身份证") is None
	assert h.paper_problem("<script>") == "bad_line"
	assert h.paper_problem("\n".join(str(i) for i in range(51))) == "too_many_lines"


def test_late_step():
	assert h.late_step(h.SENT_TO_COUNTY) == "Transfer"
	assert h.late_step(h.AT_COUNTY) == "County Review"
	assert h.late_step(h.RETURNED) == "Return"
	assert h.late_step(h.RESULT_SENT_BACK) == "Result Transfer"
	assert h.late_step(h.READY_FOR_COLLECTION) == "Issue"
	assert h.late_step("") == "Receiving Hall"
	assert h.late_step(h.ISSUED) == ""
