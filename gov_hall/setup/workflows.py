"""Workflows shipped with the app, created idempotently on install and migrate.

The case (办件) lifecycle runs on Frappe's Workflow engine: the workflow's state field is the
case's own ``status`` field, every transition is limited to the roles that may take it, and a
transition's condition keeps "Applicant Returned" going back to the state the case paused in.
"""

import frappe

from gov_hall.setup.roles import (
	CHIEF_REPRESENTATIVE,
	HALL_ADMINISTRATOR,
	HALL_MANAGER,
	HALL_SUPERVISOR,
	WINDOW_STAFF,
)

CASE_WORKFLOW = "GH Case Workflow"

RECEIVED = "Received"
SUPPLEMENT_REQUIRED = "Supplement Required"
ACCEPTED = "Accepted"
IN_PROCESS = "In Process"
COMPLETED = "Completed"
REJECTED = "Rejected"
WITHDRAWN = "Withdrawn"
CANCELLED = "Cancelled"

OPEN_STATES = (RECEIVED, SUPPLEMENT_REQUIRED, ACCEPTED, IN_PROCESS)
CLOCK_STATES = (RECEIVED, ACCEPTED, IN_PROCESS)
FINAL_STATES = (COMPLETED, REJECTED, WITHDRAWN, CANCELLED)

STATE_STYLES = {
	RECEIVED: "Info",
	SUPPLEMENT_REQUIRED: "Warning",
	ACCEPTED: "Primary",
	IN_PROCESS: "Primary",
	COMPLETED: "Success",
	REJECTED: "Danger",
	WITHDRAWN: "Inverse",
	CANCELLED: "Inverse",
}

STAFF = (WINDOW_STAFF, CHIEF_REPRESENTATIVE, HALL_MANAGER)
MANAGERS = (HALL_MANAGER, HALL_ADMINISTRATOR)
OPEN_NOTICE = 'frappe.db.get_value("GH Supplement Notice", {"case": doc.name, "status": "Open"}, "name")'

# (from state, action, to state, roles, condition)
CASE_TRANSITIONS = [
	(RECEIVED, "Accept", ACCEPTED, STAFF, None),
	(ACCEPTED, "Start Processing", IN_PROCESS, STAFF, None),
	(ACCEPTED, "Complete", COMPLETED, STAFF, None),
	(IN_PROCESS, "Complete", COMPLETED, STAFF, None),
	*[(state, "Request Supplement", SUPPLEMENT_REQUIRED, STAFF, OPEN_NOTICE) for state in CLOCK_STATES],
	*[
		(SUPPLEMENT_REQUIRED, "Applicant Returned", state, STAFF, f'doc.resume_status == "{state}"')
		for state in CLOCK_STATES
	],
	(RECEIVED, "Reject", REJECTED, STAFF, None),
	(SUPPLEMENT_REQUIRED, "Reject", REJECTED, STAFF, None),
	*[(state, "Withdraw", WITHDRAWN, STAFF, None) for state in OPEN_STATES],
	*[(state, "Cancel Case", CANCELLED, MANAGERS, None) for state in OPEN_STATES],
]

# The complaint (投诉) lifecycle. Conditions make each step carry what it records.
COMPLAINT_WORKFLOW = "GH Complaint Workflow"
C_RECEIVED = "Received"
C_ASSIGNED = "Assigned"
C_INVESTIGATING = "Investigating"
C_VERIFIED = "Verified"
C_REPLIED = "Replied"
C_CLOSED = "Closed"
COMPLAINT_STATE_STYLES = {
	C_RECEIVED: "Info",
	C_ASSIGNED: "Primary",
	C_INVESTIGATING: "Warning",
	C_VERIFIED: "Primary",
	C_REPLIED: "Success",
	C_CLOSED: "Inverse",
}
HANDLERS = (CHIEF_REPRESENTATIVE, HALL_MANAGER, HALL_ADMINISTRATOR)
COMPLAINT_TRANSITIONS = [
	(C_RECEIVED, "Assign", C_ASSIGNED, MANAGERS, "doc.assigned_to"),
	(C_ASSIGNED, "Assign", C_ASSIGNED, MANAGERS, "doc.assigned_to"),
	(C_ASSIGNED, "Start Investigation", C_INVESTIGATING, HANDLERS, None),
	(C_INVESTIGATING, "Verify", C_VERIFIED, HANDLERS, "doc.verification_result"),
	(C_VERIFIED, "Reply", C_REPLIED, HANDLERS, "doc.reply"),
	(C_REPLIED, "Close", C_CLOSED, MANAGERS, None),
]

# The quarterly assessment run: computed in Draft, checked, approved, then published and frozen.
ASSESSMENT_WORKFLOW = "GH Assessment Workflow"
A_DRAFT = "Draft"
A_SUBMITTED = "Submitted"
A_APPROVED = "Approved"
A_PUBLISHED = "Published"
ASSESSMENT_STATE_STYLES = {
	A_DRAFT: "Info",
	A_SUBMITTED: "Warning",
	A_APPROVED: "Primary",
	A_PUBLISHED: "Success",
}
ASSESSMENT_TRANSITIONS = [
	(A_DRAFT, "Submit for Approval", A_SUBMITTED, (HALL_MANAGER,), "doc.computed_on"),
	(A_SUBMITTED, "Return for Revision", A_DRAFT, MANAGERS, None),
	(A_SUBMITTED, "Approve", A_APPROVED, (HALL_ADMINISTRATOR,), None),
	(A_APPROVED, "Publish", A_PUBLISHED, MANAGERS, None),
]

# The service brand (服务品牌): proposed by a department, named by a review, kept, warned or
# withdrawn by the annual reviews. Submitting a GH Brand Review records its outcome on the brand and
# applies the matching action (gov_hall.brands.reviews), which the conditions tie to that outcome.
BRAND_WORKFLOW = "GH Service Brand Workflow"
B_PROPOSED = "Proposed"
B_UNDER_REVIEW = "Under Review"
B_NAMED = "Named"
B_NOT_NAMED = "Not Named"
B_WARNED = "Warned"
B_WITHDRAWN = "Withdrawn"
BRAND_STATE_STYLES = {
	B_PROPOSED: "Info",
	B_UNDER_REVIEW: "Warning",
	B_NAMED: "Success",
	B_NOT_NAMED: "Inverse",
	B_WARNED: "Danger",
	B_WITHDRAWN: "Inverse",
}
PROPOSERS = (CHIEF_REPRESENTATIVE, HALL_MANAGER)
DECIDERS = (HALL_MANAGER, HALL_ADMINISTRATOR)


def outcome_is(outcome: str) -> str:
	return f'doc.last_review_outcome == "{outcome}"'


BRAND_TRANSITIONS = [
	(B_PROPOSED, "Submit for Review", B_UNDER_REVIEW, PROPOSERS, None),
	(B_UNDER_REVIEW, "Name Brand", B_NAMED, DECIDERS, outcome_is("Named")),
	(B_UNDER_REVIEW, "Do Not Name", B_NOT_NAMED, DECIDERS, outcome_is("Not Named")),
	(B_NAMED, "Keep", B_NAMED, DECIDERS, outcome_is("Kept")),
	(B_WARNED, "Keep", B_NAMED, DECIDERS, outcome_is("Kept")),
	(B_NAMED, "Warn", B_WARNED, DECIDERS, outcome_is("Warned")),
	(B_NAMED, "Withdraw Name", B_WITHDRAWN, DECIDERS, outcome_is("Withdrawn")),
	(B_WARNED, "Withdraw Name", B_WITHDRAWN, DECIDERS, outcome_is("Withdrawn")),
	(B_NOT_NAMED, "Propose Again", B_PROPOSED, PROPOSERS, None),
	(B_WITHDRAWN, "Propose Again", B_PROPOSED, PROPOSERS, None),
]

# Leave (请销假, issue 15): requested by the staff member, cover proposed by the chief representative,
# decided by a hall manager; gov_hall.duty.leave checks who exactly takes each step (the requester,
# the department's chief, a manager other than the staff member) and applies it to the roster.
LEAVE_WORKFLOW = "GH Leave Workflow"
L_DRAFT = "Draft"
L_REQUESTED = "Requested"
L_COVER_PROPOSED = "Cover Proposed"
L_APPROVED = "Approved"
L_REJECTED = "Rejected"
L_WITHDRAWN = "Withdrawn"
L_RETURNED = "Returned"
L_CANCELLED = "Cancelled"
LEAVE_STATE_STYLES = {
	L_DRAFT: "Info",
	L_REQUESTED: "Warning",
	L_COVER_PROPOSED: "Primary",
	L_APPROVED: "Success",
	L_REJECTED: "Danger",
	L_WITHDRAWN: "Inverse",
	L_RETURNED: "Success",
	L_CANCELLED: "Inverse",
}
LEAVE_PEOPLE = (WINDOW_STAFF, CHIEF_REPRESENTATIVE, HALL_MANAGER, HALL_ADMINISTRATOR)
COVER_PROPOSERS = (CHIEF_REPRESENTATIVE, HALL_MANAGER, HALL_ADMINISTRATOR)
LEAVE_TRANSITIONS = [
	(L_DRAFT, "Request", L_REQUESTED, LEAVE_PEOPLE, None),
	(L_REQUESTED, "Propose Cover", L_COVER_PROPOSED, COVER_PROPOSERS, None),
	(L_COVER_PROPOSED, "Approve", L_APPROVED, (HALL_MANAGER,), None),
	(L_REQUESTED, "Reject", L_REJECTED, (HALL_MANAGER,), None),
	(L_COVER_PROPOSED, "Reject", L_REJECTED, (HALL_MANAGER,), None),
	*[
		(state, "Withdraw", L_WITHDRAWN, LEAVE_PEOPLE, None)
		for state in (L_DRAFT, L_REQUESTED, L_COVER_PROPOSED)
	],
	(L_APPROVED, "Report Return", L_RETURNED, LEAVE_PEOPLE, None),
	(L_APPROVED, "Cancel", L_CANCELLED, MANAGERS, None),
]

ALL_STATE_STYLES = {
	**LEAVE_STATE_STYLES,
	**BRAND_STATE_STYLES,
	**ASSESSMENT_STATE_STYLES,
	**COMPLAINT_STATE_STYLES,
	**STATE_STYLES,
}
ACTIONS = sorted(
	{
		t[1]
		for t in CASE_TRANSITIONS
		+ COMPLAINT_TRANSITIONS
		+ ASSESSMENT_TRANSITIONS
		+ BRAND_TRANSITIONS
		+ LEAVE_TRANSITIONS
	}
)
# shipped by Frappe itself: never removed on uninstall
BUILTIN_STATES = {"Approved", "Rejected", "Pending", "Cancelled"}
BUILTIN_ACTIONS = {"Approve", "Reject", "Review"}


def ensure_workflows() -> None:
	ensure_states()
	ensure_actions()
	ensure_workflow(CASE_WORKFLOW, "GH Case", *case_workflow_rows())
	ensure_workflow(COMPLAINT_WORKFLOW, "GH Complaint", *complaint_workflow_rows())
	ensure_workflow(ASSESSMENT_WORKFLOW, "GH Assessment Run", *assessment_workflow_rows())
	ensure_workflow(BRAND_WORKFLOW, "GH Service Brand", *brand_workflow_rows())
	ensure_workflow(LEAVE_WORKFLOW, "GH Leave Request", *leave_workflow_rows())


def ensure_states() -> None:
	for state, style in ALL_STATE_STYLES.items():
		if not frappe.db.exists("Workflow State", state):
			frappe.get_doc(
				{"doctype": "Workflow State", "workflow_state_name": state, "style": style}
			).insert(ignore_permissions=True)


def ensure_actions() -> None:
	for action in ACTIONS:
		if not frappe.db.exists("Workflow Action Master", action):
			frappe.get_doc({"doctype": "Workflow Action Master", "workflow_action_name": action}).insert(
				ignore_permissions=True
			)


def transition_rows(transitions) -> list[dict]:
	return [
		{
			"state": source,
			"action": action,
			"next_state": target,
			"allowed": role,
			"allow_self_approval": 1,
			"condition": condition,
		}
		for source, action, target, roles, condition in transitions
		for role in roles
	]


def case_workflow_rows() -> tuple[list[dict], list[dict]]:
	# who may edit a case in each state, one row per role; enforced on the server too
	# (gov_hall.access.controlled), and what they may edit is the case's CONTROLLED_FIELDS
	states = [
		{"state": state, "doc_status": "0", "allow_edit": role}
		for state in STATE_STYLES
		for role in (MANAGERS if state in FINAL_STATES else (*STAFF, HALL_ADMINISTRATOR))
	]
	return states, transition_rows(CASE_TRANSITIONS)


def complaint_workflow_rows() -> tuple[list[dict], list[dict]]:
	# a state may be edited by several roles: one row per role
	editors = {state: (HALL_MANAGER, HALL_ADMINISTRATOR) for state in COMPLAINT_STATE_STYLES}
	for state in (C_ASSIGNED, C_INVESTIGATING, C_VERIFIED):
		editors[state] += (CHIEF_REPRESENTATIVE,)
	# a supervisor corrects their own complaint until it is assigned (gov_hall.voice.permissions)
	editors[C_RECEIVED] += (HALL_SUPERVISOR,)
	states = [
		{"state": state, "doc_status": "0", "allow_edit": role}
		for state in COMPLAINT_STATE_STYLES
		for role in editors[state]
	]
	return states, transition_rows(COMPLAINT_TRANSITIONS)


def assessment_workflow_rows() -> tuple[list[dict], list[dict]]:
	editors = {
		A_DRAFT: (HALL_MANAGER, HALL_ADMINISTRATOR),
		A_SUBMITTED: (HALL_MANAGER, HALL_ADMINISTRATOR),
		A_APPROVED: (HALL_ADMINISTRATOR,),
		A_PUBLISHED: (HALL_ADMINISTRATOR,),
	}
	states = [
		{"state": state, "doc_status": "0", "allow_edit": role}
		for state in ASSESSMENT_STATE_STYLES
		for role in editors[state]
	]
	return states, transition_rows(ASSESSMENT_TRANSITIONS)


def brand_workflow_rows() -> tuple[list[dict], list[dict]]:
	# a chief representative edits their department's brand while it is only proposed
	editors = {state: DECIDERS for state in BRAND_STATE_STYLES}
	editors[B_PROPOSED] = (*DECIDERS, CHIEF_REPRESENTATIVE)
	states = [
		{"state": state, "doc_status": "0", "allow_edit": role}
		for state in BRAND_STATE_STYLES
		for role in editors[state]
	]
	return states, transition_rows(BRAND_TRANSITIONS)


def leave_workflow_rows() -> tuple[list[dict], list[dict]]:
	# the requester edits a draft; the chief representative chooses the cover while it is requested;
	# afterwards only managers (gov_hall.gov_hall.doctype.gh_leave_request: what each may edit)
	editors = {state: MANAGERS for state in LEAVE_STATE_STYLES}
	editors[L_DRAFT] = LEAVE_PEOPLE
	editors[L_REQUESTED] = COVER_PROPOSERS
	states = [
		{"state": state, "doc_status": "0", "allow_edit": role}
		for state in LEAVE_STATE_STYLES
		for role in editors[state]
	]
	return states, transition_rows(LEAVE_TRANSITIONS)


def ensure_workflow(name: str, doctype: str, states: list[dict], transitions: list[dict]) -> None:
	"""Create or refresh a workflow so that a new release's transitions reach old sites."""
	if frappe.db.exists("Workflow", name):
		workflow = frappe.get_doc("Workflow", name)
		workflow.set("states", states)
		workflow.set("transitions", transitions)
	else:
		workflow = frappe.get_doc(
			{
				"doctype": "Workflow",
				"workflow_name": name,
				"document_type": doctype,
				"workflow_state_field": "status",
				"is_active": 1,
				"override_status": 1,
				"send_email_alert": 0,
				"states": states,
				"transitions": transitions,
			}
		)
	workflow.flags.ignore_permissions = True
	workflow.save()


def remove_workflows() -> None:
	"""On uninstall: the app's workflows, and the states and actions no other workflow uses."""
	for name in frappe.get_all("Workflow", filters={"document_type": ["like", "GH %"]}, pluck="name"):
		frappe.delete_doc("Workflow", name, ignore_permissions=True, force=True)
	used_states = set(frappe.get_all("Workflow Document State", pluck="state"))
	used_actions = set(frappe.get_all("Workflow Transition", pluck="action"))
	for state in ALL_STATE_STYLES:
		if (
			state not in used_states
			and state not in BUILTIN_STATES
			and frappe.db.exists("Workflow State", state)
		):
			frappe.delete_doc("Workflow State", state, ignore_permissions=True, force=True)
	for action in ACTIONS:
		if action in BUILTIN_ACTIONS:
			continue
		if action not in used_actions and frappe.db.exists("Workflow Action Master", action):
			frappe.delete_doc("Workflow Action Master", action, ignore_permissions=True, force=True)
