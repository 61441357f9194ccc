"""Conflicts of interest (回避): the plain rule of gov_hall.rules.conflicts."""

from gov_hall.rules import conflicts as rules
from gov_hall.rules.conflicts import Subject

STAFF, CHIEF, COLLEAGUE = "staff@hall.example", "chief@hall.example", "colleague@hall.example"


def test_the_person_a_record_is_about_is_conflicted_their_colleagues_and_chief_are_not():
	about_staff = Subject(staff=STAFF, department_chief=CHIEF)
	assert rules.conflicted(about_staff) == {STAFF}
	assert rules.is_conflicted(STAFF, [about_staff])
	assert not rules.is_conflicted(CHIEF, [about_staff])
	assert not rules.is_conflicted(COLLEAGUE, [about_staff])


def test_a_complaint_about_the_chief_representative_takes_the_chief_out():
	about_chief = Subject(staff=CHIEF, department_chief=CHIEF)
	assert rules.conflicted(about_chief) == {CHIEF}
	assert rules.is_conflicted(CHIEF, [about_chief])


def test_a_record_about_a_window_or_the_hall_conflicts_nobody():
	assert rules.conflicted(Subject(staff=None, department_chief=CHIEF)) == frozenset()
	assert not rules.is_conflicted(None, [Subject(staff=STAFF)])
	assert not rules.is_conflicted("", [Subject(staff=STAFF)])


def test_moving_the_subject_does_not_escape_the_rule():
	# the subject as stored and as sent are both checked
	assert rules.is_conflicted(STAFF, [Subject(staff=COLLEAGUE), Subject(staff=STAFF)])


def test_complaint_acts_are_the_handling_fields_and_the_states_reached():
	assert rules.complaint_acts({"verification_result"}, "Investigating", "Investigating") == {rules.VERIFY}
	assert rules.complaint_acts(set(), "Investigating", "Verified") == {rules.VERIFY}
	assert rules.complaint_acts({"reply"}, "Verified", "Replied") == {rules.REPLY}
	assert rules.complaint_acts(set(), "Replied", "Closed") == {rules.CLOSE}
	assert rules.complaint_acts({"description"}, "Received", "Received") == set()
	assert rules.complaint_acts(set(), "Assigned", "Investigating") == set()


def test_rectification_and_appeal_acts():
	assert rules.rectification_acts({"handling", "handling_notes"}) == {rules.VERIFY}
	assert rules.rectification_acts({"follow_up_result"}) == {rules.FOLLOW_UP}
	assert rules.rectification_acts({"comment"}) == set()
	assert rules.appeal_acts({"status", "decision_notes"}) == {rules.DECIDE}
	assert rules.appeal_acts({"explanation"}) == set()


def test_only_the_subject_fields_move_a_complaint():
	for field in ("subject_type", "window", "staff", "department", "hall"):
		assert rules.moves_subject({field})
	assert not rules.moves_subject({"description", "reply", "assigned_to"})
