"""Conflicts of interest (回避): nobody handles what is about themselves.

The person a complaint, a bad review (its rectification, an appeal of the rating) or an inspection
is about cannot verify it, reply to it, close it or record its follow-up; when that person is the
chief representative of the department, the chief representative (who normally handles the
department's complaints) is out too and a hall manager handles it. Only hall managers move a
complaint to another subject (subject type, window, staff member, department, hall).

Plain Python: the Frappe side is gov_hall.access.conflicts.
"""

from __future__ import annotations

from dataclasses import dataclass

# what a person does when they handle a record
VERIFY, REPLY, CLOSE, FOLLOW_UP, DECIDE, RECORD = "verify", "reply", "close", "follow up", "decide", "record"

# a complaint's handling: the fields recorded and the workflow states reached
COMPLAINT_FIELDS = {
	"investigation_notes": VERIFY,
	"verification_result": VERIFY,
	"deduction_points": VERIFY,
	"reply": REPLY,
}
COMPLAINT_STATES = {"Verified": VERIFY, "Replied": REPLY, "Closed": CLOSE}
SUBJECT_FIELDS = ("subject_type", "window", "staff", "department", "hall")

# a bad review's rectification: verification, handling and the follow-up call
RECTIFICATION_FIELDS = {
	"verification": VERIFY,
	"handling": VERIFY,
	"handling_notes": VERIFY,
	"follow_up_result": FOLLOW_UP,
	"follow_up_notes": FOLLOW_UP,
}
# an appeal of a rating: the decision
APPEAL_FIELDS = {"status": DECIDE, "decision_notes": DECIDE}


@dataclass(frozen=True)
class Subject:
	"""Who a record is about: the staff member, and the chief representative of their department."""

	staff: str | None = None
	department_chief: str | None = None


def conflicted(subject: Subject) -> frozenset[str]:
	"""The people who may not handle a record about ``subject``."""
	people = set()
	if subject.staff:
		people.add(subject.staff)
		if subject.department_chief and subject.staff == subject.department_chief:
			people.add(subject.department_chief)
	return frozenset(people)


def is_conflicted(user: str | None, subjects: list[Subject] | tuple[Subject, ...]) -> bool:
	"""True when ``user`` is among the people any of ``subjects`` (before and after a change) is about."""
	return bool(user) and any(user in conflicted(subject) for subject in subjects)


def acts(
	changed: set[str] | frozenset[str], fields: dict[str, str], old_state=None, new_state=None, states=None
) -> set[str]:
	"""The handling acts a change performs: the handling fields it changes, the state it reaches."""
	found = {fields[name] for name in changed if name in fields}
	if states and new_state != old_state and new_state in states:
		found.add(states[new_state])
	return found


def complaint_acts(changed, old_state: str | None, new_state: str | None) -> set[str]:
	return acts(changed, COMPLAINT_FIELDS, old_state, new_state, COMPLAINT_STATES)


def rectification_acts(changed) -> set[str]:
	return acts(changed, RECTIFICATION_FIELDS)


def appeal_acts(changed) -> set[str]:
	return acts(changed, APPEAL_FIELDS)


def moves_subject(changed) -> bool:
	"""A change of who a complaint is about."""
	return any(name in SUBJECT_FIELDS for name in changed)
