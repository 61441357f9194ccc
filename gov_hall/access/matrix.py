"""The access matrix (访问矩阵, issue 13 part 8): who may do what to which hall record, on every path.

Role × record × action, written down once. The tier-2 tests (``gov_hall.tests.test_access_matrix``)
walk every cell as real users over Frappe's request handling, and the README's table is printed from
it (``python -m gov_hall.access.matrix`` or ``markdown()``). Nothing here is read by the app's
protections: the matrix states what must hold, independently of the code that makes it hold
(``gov_hall.access.scope``, ``pii``, ``query_guard``, ``endpoints``, ``controlled``, ``conflicts``).

**Who** (the columns). Every record of the matrix belongs to department A (and, where supervisors
record it, to supervisor 1); the world holds the same record for department B (supervisor 2):

- Window Staff, own department: a staff member of A (not the person the record is about);
- Window Staff, the record's subject: the staff member of A the record is about (a case's handler,
  the staff member of a bad review, complaint or inspection); conflicts of interest apply;
- Window Staff, other department: a staff member of B;
- Chief Representative, own / other department: the chiefs of A and B;
- Hall Supervisor, own records / others': supervisor 1 (who recorded A's complaint and inspection)
  and supervisor 2;
- Hall Manager; Guest (no session).

**Outcomes**:

- ``allowed``: done; a record read carries its personal data in full;
- ``masked``: read, but personal data (resident ID numbers, mobiles, a complainant's identity, the
  integrity complaints of a published ranking) only masked or left out;
- ``scoped``: a list path answers with the user's own records only (own department, own records):
  the record of A is in it for the roles of A, the record of B for the roles of B, never the other;
- ``scoped, masked``: both;
- ``refused``: HTTP 403/404/417 (on a list path: none of the records); nothing changes;
- ``recomputed``: the value sent is not stored: the app puts back or computes a derived figure
  from its sources, and Frappe resets a field above the user's permlevel (the save itself may go
  through);
- ``with reason``: a hall manager only, only with a reason, written to GH Override Log.

**Actions** (the rows): see ``ACTIONS``. Controlled fields are listed per record with what the app
does with them (``Controlled``); their cells follow from the kind and from who may write the record
at all (``controlled_outcome``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

# ---------------------------------------------------------------------------------------------
# Who

STAFF_OWN = "staff_own"
STAFF_SUBJECT = "staff_subject"
STAFF_OTHER = "staff_other"
CHIEF_OWN = "chief_own"
CHIEF_OTHER = "chief_other"
SUPERVISOR_OWN = "supervisor_own"
SUPERVISOR_OTHER = "supervisor_other"
MANAGER = "manager"
GUEST = "guest"

ROLES = {
	STAFF_OWN: "Window Staff (own department)",
	STAFF_SUBJECT: "Window Staff (the record's subject)",
	STAFF_OTHER: "Window Staff (other department)",
	CHIEF_OWN: "Chief Representative (own department)",
	CHIEF_OTHER: "Chief Representative (other department)",
	SUPERVISOR_OWN: "Hall Supervisor (own records)",
	SUPERVISOR_OTHER: "Hall Supervisor (others' records)",
	MANAGER: "Hall Manager",
	GUEST: "Guest",
}
ROLE_ORDER = tuple(ROLES)
# the roles on the side of department B / supervisor 2: their own record is B's
OTHER_SIDE = frozenset({STAFF_OTHER, CHIEF_OTHER, SUPERVISOR_OTHER})
SHORT = {
	STAFF_OWN: "WS own",
	STAFF_SUBJECT: "WS subject",
	STAFF_OTHER: "WS other",
	CHIEF_OWN: "CR own",
	CHIEF_OTHER: "CR other",
	SUPERVISOR_OWN: "HS own",
	SUPERVISOR_OTHER: "HS others'",
	MANAGER: "HM",
	GUEST: "Guest",
}

# ---------------------------------------------------------------------------------------------
# Outcomes

ALLOWED = "allowed"
MASKED = "masked"
SCOPED = "scoped"
SCOPED_MASKED = "scoped, masked"
REFUSED = "refused"
RECOMPUTED = "recomputed"
WITH_REASON = "with reason"
OUTCOMES = (ALLOWED, MASKED, SCOPED, SCOPED_MASKED, REFUSED, RECOMPUTED, WITH_REASON)
A, M, S, SM, R = ALLOWED, MASKED, SCOPED, SCOPED_MASKED, REFUSED

# ---------------------------------------------------------------------------------------------
# Actions

READ = "read"
LIST = "list"
REPORT_VIEW = "report view"
COUNT = "count"
GROUP_BY = "group-by count"
SEARCH = "link search"
SEARCH_ALL = "link search, ignore_user_permissions=1"
EXPORT = "export"
PRINT = "print"
LINKED = "linked documents"
CREATE = "create"
WRITE = "write"
DELETE = "delete"
SUBMIT = "run_doc_method submit"
CANCEL = "run_doc_method cancel"
RENAME = "run_doc_method rename"

ACTIONS = {
	READ: "form and REST: GET /api/resource/<doctype>/<name>, frappe.desk.form.load.getdoc, "
	"frappe.client.get",
	LIST: "GET /api/resource/<doctype>, frappe.client.get_list, frappe.client.get_value",
	REPORT_VIEW: "frappe.desk.reportview.get",
	COUNT: "frappe.desk.reportview.get_count, frappe.client.get_count",
	GROUP_BY: "frappe.desk.listview.get_group_by_count (sidebar counts)",
	SEARCH: "frappe.desk.search.search_link",
	SEARCH_ALL: "frappe.desk.search.search_link and search_widget with ignore_user_permissions=1",
	EXPORT: "frappe.desk.reportview.export_query (CSV)",
	PRINT: "/printview, frappe.www.printview.get_html_and_style, frappe.utils.print_format.download_pdf",
	LINKED: "frappe.desk.notifications.get_open_count (the form's connections); "
	"frappe.desk.form.linked_with.get, which Frappe refuses to anyone who may not read every linked doctype",
	CREATE: "POST /api/resource/<doctype>",
	WRITE: "PUT /api/resource/<doctype>/<name> and frappe.client.set_value of an ordinary field "
	"(one a person may edit in the record's state)",
	DELETE: "DELETE /api/resource/<doctype>/<name>, frappe.client.delete",
	SUBMIT: "POST /api/method/run_doc_method (Document.submit, whitelisted on every document)",
	CANCEL: "POST /api/method/run_doc_method (Document.cancel)",
	RENAME: "POST /api/method/run_doc_method (Document.rename)",
}
READ_ACTIONS = (READ, LIST, REPORT_VIEW, COUNT, GROUP_BY, SEARCH, SEARCH_ALL, EXPORT, PRINT, LINKED)
BULK_ACTIONS = (LIST, REPORT_VIEW, COUNT, GROUP_BY, SEARCH, SEARCH_ALL, EXPORT)
SINGLE_ACTIONS = (READ, PRINT, LINKED)
CHILD_ACTIONS = (READ, LIST, REPORT_VIEW, COUNT)
WRITE_ACTIONS = (CREATE, WRITE, DELETE, SUBMIT, CANCEL, RENAME)

# kinds of controlled fields
DERIVED = "derived"  # computed by the app: a value sent is put back / recomputed
SYSTEM = "system"  # stamped at creation or set only by a named action / workflow transition
OVERRIDE = "override"  # a hall manager may change it, with a reason (logged); nobody else
MANAGERS_ONLY = "managers only"  # changed by hall managers only (a complaint's subject)
STATE = "not in this state"  # a person's field, but not editable in the record's state

KIND_TEXT = {
	DERIVED: "derived by the app",
	SYSTEM: "set by the system or a named action",
	OVERRIDE: "a manager's override, with a reason",
	MANAGERS_ONLY: "hall managers only",
	STATE: "not editable in this state",
}


def per_role(
	staff_own: str,
	staff_subject: str,
	staff_other: str,
	chief_own: str,
	chief_other: str,
	supervisor_own: str,
	supervisor_other: str,
	manager: str,
	guest: str = REFUSED,
) -> dict[str, str]:
	"""One row of cells, in ``ROLE_ORDER``."""
	return dict(
		zip(
			ROLE_ORDER,
			(
				staff_own,
				staff_subject,
				staff_other,
				chief_own,
				chief_other,
				supervisor_own,
				supervisor_other,
				manager,
				guest,
			),
			strict=True,
		)
	)


def nobody() -> dict[str, str]:
	return per_role(R, R, R, R, R, R, R, R)


def managers_only(outcome: str = ALLOWED) -> dict[str, str]:
	return per_role(R, R, R, R, R, R, R, outcome)


@dataclass(frozen=True)
class Controlled:
	"""A controlled field of a record, tried by every role with a value the app must not keep.

	``value``: what the request sends; None means a different value of the field's type, a string
	starting with ``@`` a record of the test world (links must point at real records)."""

	fieldname: str
	kind: str
	value: object = None
	table: str | None = None  # a field of the first row of this child table
	# outcomes that differ from the kind's rule: {role: outcome}
	outcomes: dict | None = None

	@property
	def label(self) -> str:
		return f"{self.table}[0].{self.fieldname}" if self.table else self.fieldname


@dataclass(frozen=True)
class Record:
	"""One row group of the matrix: a kind of hall record, its cells and its controlled fields."""

	key: str
	doctype: str
	label: str
	own: str  # the world's record of department A / supervisor 1
	other: str | None  # the same for department B / supervisor 2 (None: there is one record)
	cells: dict  # action -> {role: outcome}
	state: str = ""  # the state the record is in when the writes are tried
	write_field: str | None = None  # the ordinary field of WRITE ("table.field": of the first row)
	controlled: tuple = ()
	methods: dict = field(default_factory=dict)  # run_doc_method name -> {role: outcome}
	workflow: dict = field(default_factory=dict)  # workflow action -> {role: outcome}
	creates: dict = field(default_factory=dict)  # a variant of CREATE -> {role: outcome}
	parent: str | None = None  # a child table: the parent doctype
	personal: tuple = ()  # fields above permlevel 0 (personal data) the masked checks look for
	# roles that may save the record although nothing on it is theirs to change in its state (a
	# notice, a rating, a complaint already assigned): a derived value they send is recomputed
	savers: frozenset = frozenset()
	note: str = ""

	def outcome(self, action: str, role: str) -> str:
		return self.cells[action][role]

	@property
	def actions(self) -> tuple:
		return tuple(action for action in (*READ_ACTIONS, *WRITE_ACTIONS) if action in self.cells)


# ---------------------------------------------------------------------------------------------
# Row patterns (columns in ROLE_ORDER: WS own, WS subject, WS other, CR own, CR other, HS own,
# HS others', HM, Guest)

# a department's record that window staff and chiefs read
DEPT_READ = per_role(A, A, R, A, R, R, R, A)
DEPT_READ_MASKED = per_role(M, M, R, M, R, R, R, A)
DEPT_BULK = per_role(S, S, S, S, S, R, R, A)
DEPT_BULK_MASKED = per_role(SM, SM, SM, SM, SM, R, R, A)
# ... which only chiefs read
CHIEF_READ = per_role(R, R, R, A, R, R, R, A)
CHIEF_BULK = per_role(R, R, R, S, S, R, R, A)
# ... and its writers
DEPT_WRITE = per_role(A, A, R, A, R, R, R, A)
NO_STAFF_EXPORT = per_role(R, R, R, S, S, R, R, A)
NO_STAFF_EXPORT_MASKED = per_role(R, R, R, SM, SM, R, R, A)
# the whole hall's records (culture activities): every staff member and chief reads them
HALL_READ = per_role(A, A, A, A, A, R, R, A)
HALL_EXPORT = per_role(R, R, R, A, A, R, R, A)
NEVER = {SUBMIT: nobody(), CANCEL: nobody(), RENAME: nobody(), DELETE: nobody()}
# what every desk user reads (published brands)
EVERYONE = per_role(A, A, A, A, A, A, A, A)
# a department's record its chief (and managers) write
CHIEF_WRITE = per_role(R, R, R, A, R, R, R, A)
# ... and its subject too (a staff member's own commitment)
SUBJECT_WRITE = per_role(R, A, R, A, R, R, R, A)
# a brand review: its department's, its panel's (supervisor 1 on A's, supervisor 2 on B's) and
# the managers'
REVIEW_READ = per_role(A, A, R, A, R, A, R, A)
REVIEW_BULK = per_role(S, S, S, S, S, S, S, A)
# a score sheet: its reviewer's (supervisor 1 on A's review, supervisor 2 on B's) and the managers'
PANEL_READ = per_role(R, R, R, R, R, A, R, A)
PANEL_BULK = per_role(R, R, R, R, R, S, S, A)
REVIEWER_ONLY = per_role(R, R, R, R, R, A, R, R)


def reads(single: dict, bulk: dict, export: dict | None = None, **extra) -> dict:
	cells = {action: single for action in SINGLE_ACTIONS}
	cells.update({action: bulk for action in BULK_ACTIONS})
	cells[EXPORT] = export or bulk
	cells.update(extra)
	return cells


def writes(create: dict, write: dict, **extra) -> dict:
	return {CREATE: create, WRITE: write, **NEVER, **extra}


# ---------------------------------------------------------------------------------------------
# The matrix

CASE_CONTROLLED = (
	Controlled("case_title", DERIVED),
	Controlled("id_number_masked", DERIVED),
	Controlled("mobile_masked", DERIVED),
	Controlled("mobile_last4", DERIVED),
	Controlled("matter_name", DERIVED),
	Controlled("department", DERIVED, "@dept_b"),
	Controlled("card_level", DERIVED, "Red"),
	Controlled("is_paused", DERIVED),
	Controlled("paused_since", DERIVED),
	Controlled("resume_status", DERIVED, "In Process"),
	Controlled("deemed_accepted", DERIVED),
	Controlled("clock_start", DERIVED),
	Controlled("paused_working_days", DERIVED),
	Controlled("due_date", DERIVED),
	Controlled("completed_on_time", DERIVED),
	Controlled("time_limit_days", OVERRIDE, 365),
	Controlled("received_on", SYSTEM),
	Controlled("first_responder", SYSTEM, "@staff_a"),
	Controlled("accepted_on", SYSTEM),
	Controlled("completed_on", SYSTEM),
	Controlled("first_notice_on", SYSTEM),
	Controlled("extension_days", SYSTEM, 30),
	Controlled("window", SYSTEM, "@window_a2"),
	Controlled("handler", SYSTEM, "@staff_a"),
	Controlled(
		"pauses",
		SYSTEM,
		[{"paused_on": "2020-01-06", "resumed_on": "2020-03-02", "working_days": 40}],
	),
	Controlled(
		"referrals",
		SYSTEM,
		[{"referred_on": "2020-01-06", "referred_by": "@staff_a", "to_window": "@window_a2"}],
	),
	# the queue ticket served for the case and its wait and service minutes: set when the window
	# finishes the ticket's service (gov_hall.queue.calling.finish_service), never by hand
	Controlled("queue_ticket", SYSTEM, "@ticket_b"),
	Controlled("wait_minutes", SYSTEM),
	Controlled("service_minutes", SYSTEM),
	Controlled("channel", STATE, "Online"),
	Controlled("matter", STATE, "@matter_a2"),
)

NOTICE_CONTROLLED = (
	Controlled("applicant_name", DERIVED),
	Controlled("matter", DERIVED, "@matter_a2"),
	Controlled("matter_name", DERIVED),
	Controlled("hall", DERIVED, "@hall_b"),
	Controlled("department", DERIVED, "@dept_b"),
	# the case's receiving department (issue 16): the township that received a county matter
	Controlled("receiving_department", DERIVED, "@dept_b"),
	Controlled("window", DERIVED, "@window_a2"),
	Controlled("issued_by", SYSTEM, "@staff_a"),
	Controlled("issued_on", SYSTEM),
	Controlled("status", SYSTEM, "Returned"),
	Controlled("is_first_notice", SYSTEM),
	Controlled("issued_in_time", SYSTEM),
	Controlled("is_violation", SYSTEM),
	Controlled("violation_items", SYSTEM),
	Controlled("returned_on", SYSTEM),
	Controlled("from_matter", DERIVED, table="items"),
	Controlled("instructions", STATE),
)

EXTENSION_CONTROLLED = (
	Controlled("hall", DERIVED, "@hall_b"),
	Controlled("department", DERIVED, "@dept_b"),
	Controlled("requested_by", SYSTEM, "@staff_a"),
	Controlled("decided_by", SYSTEM, "@manager"),
	Controlled("decided_on", SYSTEM),
	Controlled("status", MANAGERS_ONLY, "Approved"),
	Controlled("decision_note", MANAGERS_ONLY),
)

CARD_CONTROLLED = tuple(
	Controlled(fieldname, SYSTEM, value)
	for fieldname, value in (
		("case", "@case_notice_a"),
		("level", "Red"),
		("card_date", None),
		("due_date", None),
		("remaining_days", None),
		("hall", "@hall_b"),
		("department", "@dept_b"),
		("window", "@window_a2"),
		("staff", "@staff_a"),
	)
) + (
	# the stage a cross-hall case was in when the card was raised (issue 16): from its transfer_status
	Controlled("late_step", DERIVED, "Transfer"),
)

APPOINTMENT_CONTROLLED = (
	Controlled("matter_name", DERIVED),
	Controlled("department", DERIVED, "@dept_b"),
	Controlled("slot_end", DERIVED, "17:00:00"),
	Controlled("is_off_hours", DERIVED),
	Controlled("mobile_masked", DERIVED),
	Controlled("mobile_last4", DERIVED),
	Controlled("booking_code", SYSTEM),
	Controlled("status", SYSTEM, "Arrived"),
	Controlled("cancelled_on", SYSTEM),
	Controlled("case", SYSTEM, "@case_a"),
	Controlled("window", SYSTEM, "@window_a2"),
)

RATING_CONTROLLED = (
	Controlled("score", DERIVED),
	Controlled("is_bad_review", DERIVED),
	Controlled("staff_name", DERIVED),
	Controlled("matter", DERIVED, "@matter_a2"),
	Controlled("rater_mobile_masked", DERIVED),
	Controlled("rated_on", SYSTEM),
	Controlled("recorded_by", SYSTEM, "@staff_a"),
	Controlled("status", SYSTEM, "Excluded"),
	Controlled("counts_in_scores", SYSTEM),
	Controlled("rectification", SYSTEM, "@rectification_b"),
	# the staff card the citizen came from: only the public rating endpoint stamps it
	Controlled("via_card", SYSTEM, "@staff_record_a"),
	Controlled("level", STATE, "Very Satisfied"),
	Controlled("channel", STATE, "Phone Follow-up"),
	Controlled("comment", STATE),
)

RECTIFICATION_CONTROLLED = (
	Controlled("status", DERIVED, "Closed"),
	Controlled("is_overdue", DERIVED),
	Controlled("handled_in_time", DERIVED),
	Controlled("staff_name", DERIVED),
	Controlled("due_date", OVERRIDE),
	Controlled("rating", SYSTEM, "@rating_b"),
	Controlled("case", SYSTEM, "@case_ref_a"),
	Controlled("opened_on", SYSTEM),
	Controlled("level", SYSTEM),
	Controlled("comment", SYSTEM),
	Controlled("hall", SYSTEM, "@hall_b"),
	Controlled("department", SYSTEM, "@dept_b"),
	Controlled("window", SYSTEM, "@window_a2"),
	Controlled("staff", SYSTEM, "@staff_a"),
	Controlled("follow_up_required", SYSTEM),
	Controlled("contact_name", SYSTEM),
	# above permlevel 0, which nobody writes: Frappe resets what is sent
	Controlled(
		"contact_mobile",
		SYSTEM,
		"13900001234",
		outcomes={
			STAFF_OWN: RECOMPUTED,
			STAFF_SUBJECT: RECOMPUTED,
			CHIEF_OWN: RECOMPUTED,
			MANAGER: RECOMPUTED,
		},
	),
	Controlled("handled_on", SYSTEM),
	Controlled("handled_by", SYSTEM, "@staff_a"),
	Controlled("followed_up_on", SYSTEM),
	Controlled("followed_up_by", SYSTEM, "@staff_a"),
)

APPEAL_CONTROLLED = (
	Controlled("status", SYSTEM, "Upheld"),
	Controlled("decided_by", SYSTEM, "@manager"),
	Controlled("decided_on", SYSTEM),
	Controlled("decision_notes", SYSTEM),
	Controlled("hall", SYSTEM, "@hall_b"),
	Controlled("department", SYSTEM, "@dept_b"),
	Controlled("staff", SYSTEM, "@staff_a"),
	Controlled("window", SYSTEM, "@window_a2"),
)

COMPLAINT_CONTROLLED = (
	Controlled("staff_name", DERIVED),
	Controlled("complainant_mobile_masked", DERIVED),
	Controlled("department", DERIVED, "@dept_b"),
	Controlled("replied_in_time", DERIVED),
	Controlled("reminder_level", DERIVED, "Overdue"),
	Controlled("assessment_quarter", DERIVED, "2020-Q1"),
	Controlled("reply_due_date", OVERRIDE),
	Controlled("verification_result", OVERRIDE, "Unsubstantiated"),
	Controlled("deduction_points", OVERRIDE, 9),
	# above permlevel 0: Frappe resets what a user who may not write it sends
	Controlled(
		"tracking_code",
		SYSTEM,
		"ABCDEFGH",
		outcomes={CHIEF_OWN: RECOMPUTED, SUPERVISOR_OWN: RECOMPUTED},
	),
	Controlled("received_on", SYSTEM),
	Controlled("verified_on", SYSTEM),
	Controlled("replied_on", SYSTEM),
	Controlled("closed_on", SYSTEM),
	# the staff card the citizen came from: only the public complaint endpoint stamps it
	Controlled("via_card", SYSTEM, "@staff_record_a"),
	Controlled("window", MANAGERS_ONLY, "@window_a2"),
	Controlled("staff", MANAGERS_ONLY, "@staff_a"),
	Controlled("subject_type", MANAGERS_ONLY, "Window"),
	Controlled("category", MANAGERS_ONLY, "Efficiency"),
	# the hall follows the window: a manager moves a complaint by its window
	Controlled("hall", MANAGERS_ONLY, "@hall_b", outcomes={MANAGER: RECOMPUTED}),
	Controlled("assigned_to", MANAGERS_ONLY, "@manager"),
	Controlled("description", STATE),
	Controlled("reply", STATE),
)

INSPECTION_CONTROLLED = (
	Controlled("staff_name", DERIVED),
	Controlled("department", DERIVED, "@dept_b"),
	Controlled("total_points", DERIVED),
	Controlled("max_total_points", DERIVED),
	Controlled("score_rate", DERIVED),
	Controlled("assessment_quarter", DERIVED, "2020-Q1"),
	Controlled("inspector", SYSTEM, "@manager"),
	Controlled("max_points", DERIVED, table="items"),
)

RUN_CONTROLLED = (
	Controlled("computed_on", SYSTEM),
	Controlled("scheme_snapshot", SYSTEM, "{}"),
	Controlled("published_on", SYSTEM),
	Controlled("staff_results", SYSTEM, []),
	Controlled("window_results", SYSTEM, []),
	Controlled("final_score", DERIVED, table="staff_results"),
	Controlled("rank", DERIVED, table="staff_results"),
	Controlled("eligible", DERIVED, table="window_results"),
	Controlled("work_points", DERIVED, table="window_results"),
	Controlled("adjustment", OVERRIDE, 5, table="staff_results"),
	Controlled("adjustment", OVERRIDE, 5, table="window_results"),
	# 出勤值勤 from the duty records (issue 15): a manager's attendance adjustment, with its reason
	# (the row of A's subject has duty data), and the components it is computed from
	Controlled("attendance_adjustment", OVERRIDE, 5, table="staff_results"),
	*(
		Controlled(fieldname, DERIVED, table="staff_results")
		for fieldname in (
			"has_duty_data",
			"duty_sessions",
			"late_count",
			"early_leave_count",
			"absent_sessions",
			"leave_sessions",
			"cover_sessions",
			"empty_windows",
			"left_post_count",
			"attendance_computed",
		)
	),
	# a cross-hall case's credit split between the receiving and the handling hall (issue 16): the
	# row's cases received or handled across halls
	Controlled("cross_hall_cases", DERIVED, table="staff_results"),
	Controlled("cross_hall_cases", DERIVED, table="window_results"),
)

ACTIVITY_CONTROLLED = (
	Controlled("participant_count", DERIVED),
	Controlled("award_points", DERIVED),
	Controlled(
		"awards",
		OVERRIDE,
		[{"award_name": "优秀组织奖", "recipient_type": "Window", "window": "@window_a", "points": 2}],
	),
)

# the staff card (挂牌上岗) and the window card: badge number and public code given by the system
STAFF_CONTROLLED = (Controlled("badge_number", SYSTEM), Controlled("card_code", SYSTEM))
WINDOW_CONTROLLED = (Controlled("card_code", SYSTEM),)

BRAND_CONTROLLED = (
	Controlled("review_score", DERIVED),
	Controlled("named_on", DERIVED),
	Controlled("naming_review", DERIVED, "@review_named_b"),
	Controlled("last_review", DERIVED, "@review_named_b"),
	Controlled("last_review_year", DERIVED),
	Controlled("last_review_outcome", DERIVED, "Named"),
	Controlled("commitments_kept", DERIVED),
	Controlled("commitments_missed", DERIVED),
	Controlled("proposed_by", SYSTEM, "@manager"),
	Controlled("proposed_on", SYSTEM),
	# the workflow's state: moved by its actions, which follow the reviews
	Controlled("status", SYSTEM, "Named"),
)

NAMED_BRAND_CONTROLLED = (
	Controlled("review_score", DERIVED, 99),
	Controlled("last_review_outcome", DERIVED, "Withdrawn"),
	Controlled("status", SYSTEM, "Withdrawn"),
)

BRAND_REVIEW_CONTROLLED = (
	Controlled("brand_name", DERIVED),
	Controlled("hall", DERIVED, "@hall_b"),
	Controlled("department", DERIVED, "@dept_b"),
	Controlled("period_from", DERIVED),
	Controlled("period_to", DERIVED),
	Controlled("sheets_count", DERIVED),
	Controlled("average_score", DERIVED),
	Controlled(
		"commitment_results",
		DERIVED,
		[{"commitment": "全年零投诉", "metric": "Red Cards", "target": 0, "measured": 1, "kept": 1}],
	),
	Controlled("commitments_kept", DERIVED),
	Controlled("commitments_missed", DERIVED),
	Controlled("recommended_outcome", DERIVED, "Withdrawn"),
	Controlled("decided_by", SYSTEM, "@manager"),
	Controlled("decided_on", SYSTEM),
)

SCORE_SHEET_CONTROLLED = (
	Controlled("brand", DERIVED, "@brand_named_b"),
	Controlled("brand_name", DERIVED),
	Controlled("total_score", DERIVED, 100),
	Controlled("reviewer", SYSTEM, "@sup2"),
	Controlled("max_score", DERIVED, 99, table="scores"),
)

COMMITMENT_CONTROLLED = (
	Controlled("version", DERIVED),
	Controlled("status", DERIVED, "Active"),
	Controlled("department", DERIVED, "@dept_b"),
	Controlled("staff_name", DERIVED),
	Controlled("previous_version", SYSTEM, "@commitment_active_a"),
	Controlled("signed_by", SYSTEM, "@subject_a"),
	Controlled("signed_by_name", SYSTEM),
	Controlled("signed_on", SYSTEM),
)

# a queue ticket (issue 17): every field is the app's; it is issued by the kiosk, an appointment's
# check-in or the desk, and moved only through gov_hall.api.queue (call, recall, no-show, transfer,
# start, finish)
QUEUE_TICKET_CONTROLLED = (
	Controlled("window_number", DERIVED),
	Controlled("staff_name", DERIVED),
	Controlled("wait_seconds", DERIVED),
	Controlled("service_seconds", DERIVED),
	Controlled("hall", SYSTEM, "@hall_b"),
	Controlled("ticket_date", SYSTEM),
	Controlled("department", SYSTEM, "@dept_b"),
	Controlled("matter", SYSTEM, "@matter_a2"),
	Controlled("prefix", SYSTEM, "Z"),
	Controlled("serial", SYSTEM),
	Controlled("ticket_number", SYSTEM, "Z001"),
	Controlled("source", SYSTEM, "Appointment"),
	Controlled("priority", SYSTEM, 1),
	Controlled("appointment", SYSTEM, "@appointment_a"),
	Controlled("slot_start", SYSTEM),
	Controlled("is_off_hours", SYSTEM),
	Controlled("issued_on", SYSTEM),
	Controlled("issued_by", SYSTEM, "@staff_a"),
	Controlled("device", SYSTEM, "@hall_display"),
	Controlled("status", SYSTEM, "Waiting"),
	Controlled("window", SYSTEM, "@window_a2"),
	Controlled("staff", SYSTEM, "@staff_a"),
	Controlled("called_on", SYSTEM),
	Controlled("recalls", SYSTEM),
	Controlled("transfers", SYSTEM),
	Controlled("service_started_on", SYSTEM),
	Controlled("service_finished_on", SYSTEM),
	Controlled("case", SYSTEM, "@case_b"),
	Controlled("rating", SYSTEM, "@rating_a"),
	Controlled(
		"events",
		SYSTEM,
		[{"event": "Called", "at": "2020-01-06 09:00:00", "window": "@window_a2", "staff": "@staff_a"}],
	),
	Controlled("at", SYSTEM, table="events"),
)

# on-site duty (issue 15). A roster slot: where it is, whose it is and its attendance figures are
# the app's (computed from the window, the staff record, the session times, the punches and approved
# leave); the leave it follows is set by the leave workflow only
DUTY_SLOT_CONTROLLED = (
	Controlled("hall", DERIVED, "@hall_b"),
	Controlled("department", DERIVED, "@dept_b"),
	Controlled("staff_name", DERIVED),
	Controlled("home_agency", DERIVED, "@agency_b"),
	Controlled("session_start", DERIVED),
	Controlled("session_end", DERIVED),
	Controlled("clock_in", DERIVED),
	Controlled("clock_out", DERIVED),
	Controlled("late_minutes", DERIVED),
	Controlled("early_minutes", DERIVED),
	Controlled("duty_status", DERIVED, "Absent"),
	Controlled("leave_request", SYSTEM, "@leave_a"),
)

# a past day's slot: its figures, tried by those who may save it (a chief, a manager)
PAST_SLOT_CONTROLLED = (
	Controlled("duty_status", DERIVED, "Present"),
	Controlled("clock_in", DERIVED),
	Controlled("late_minutes", DERIVED),
	Controlled("home_agency", DERIVED, "@agency_b"),
)

# a punch: everything is stamped when it is recorded (from the staff record, the server's clock, the
# client's IP, the import batch) and never changes
PUNCH_CONTROLLED = (
	Controlled("staff", SYSTEM, "@staff_a"),
	Controlled("staff_name", SYSTEM),
	Controlled("hall", SYSTEM, "@hall_b"),
	Controlled("department", SYSTEM, "@dept_b"),
	Controlled("window", SYSTEM, "@window_a2"),
	Controlled("punch_time", SYSTEM),
	Controlled("direction", SYSTEM, "Out"),
	Controlled("source", SYSTEM, "Desk"),
	Controlled("ip_address", SYSTEM, "10.0.0.9"),
	Controlled("device", SYSTEM),
	Controlled("import_batch", SYSTEM, "@attendance_import"),
	Controlled("reason", SYSTEM),
)

# an empty window: recorded, resolved and closed by the job; excused by a manager through
# gov_hall.api.duty_alerts.excuse_empty_window only
EMPTY_WINDOW_CONTROLLED = (
	Controlled("hall", SYSTEM, "@hall_b"),
	Controlled("department", SYSTEM, "@dept_b"),
	Controlled("window", SYSTEM, "@window_a2"),
	Controlled("duty_date", SYSTEM),
	Controlled("session", SYSTEM, "Morning"),
	Controlled("empty_since", SYSTEM),
	Controlled("detected_on", SYSTEM),
	Controlled("detected_hour", SYSTEM),
	Controlled("rostered_staff", SYSTEM, "@staff_a"),
	Controlled("rostered_staff_name", SYSTEM),
	Controlled("notified_users", SYSTEM),
	Controlled("resolved_on", SYSTEM),
	Controlled("empty_minutes", SYSTEM),
	Controlled("status", SYSTEM, "Excused"),
	Controlled("excuse_reason", SYSTEM),
	Controlled("excused_by", SYSTEM, "@manager"),
	Controlled("excused_on", SYSTEM),
)

# a leave request: who and where from the staff record, its length from the hall calendar; each step
# of the workflow stamps who took it; the approver's notes are a manager's; the request itself is
# the requester's while it is a draft only
LEAVE_CONTROLLED = (
	Controlled("staff_name", DERIVED),
	Controlled("hall", DERIVED, "@hall_b"),
	Controlled("department", DERIVED, "@dept_b"),
	Controlled("window", DERIVED, "@window_a2"),
	Controlled("home_agency", DERIVED, "@agency_b"),
	Controlled("sessions", DERIVED),
	Controlled("days", DERIVED),
	Controlled("cover_staff_name", DERIVED),
	Controlled("requested_on", SYSTEM),
	Controlled("cover_proposed_by", SYSTEM, "@chief_a"),
	Controlled("approved_by", SYSTEM, "@manager"),
	Controlled("approved_on", SYSTEM),
	Controlled("agency_informed_on", SYSTEM),
	Controlled("agency_informed_to", SYSTEM, "agency@example.com"),
	Controlled("returned_on", SYSTEM),
	Controlled("decision_notes", MANAGERS_ONLY),
	Controlled("reason", STATE),
	Controlled("leave_type", STATE, "Sick Leave"),
	Controlled("from_date", STATE),
	Controlled("staff", STATE, "@cover_a"),
)

# an attendance import: every figure comes from its Preview and Import
ATTENDANCE_IMPORT_CONTROLLED = (
	Controlled("status", DERIVED, "Imported"),
	Controlled("total_rows", DERIVED),
	Controlled("valid_rows", DERIVED),
	Controlled("new_punches", DERIVED),
	Controlled("duplicate_punches", DERIVED),
	Controlled("error_count", DERIVED),
	Controlled("date_from", DERIVED),
	Controlled("date_to", DERIVED),
	Controlled("staff_count", DERIVED),
	Controlled("errors", DERIVED),
	Controlled("imported_on", DERIVED),
	Controlled("imported_by", DERIVED, "@manager"),
)

# an agency's monthly briefing: gathered from the published month runs and the month's inspections
AGENCY_BRIEFING_CONTROLLED = (
	Controlled("halls", DERIVED),
	Controlled("pending_halls", DERIVED),
	Controlled("generated_on", DERIVED),
	Controlled("staff_count", DERIVED),
	Controlled("emailed_on", DERIVED),
	Controlled("emailed_to", DERIVED, "agency@example.com"),
	Controlled("staff_results", DERIVED, []),
	Controlled("findings", DERIVED, [{"findings": "离岗。", "left_post": 1}]),
	Controlled("final_score", DERIVED, 99, table="staff_results"),
	Controlled("home_agency", SYSTEM, "@agency_c"),
	Controlled("month", SYSTEM, "2024-01"),
)

# one case across halls (issue 16): received at the township (A's window, the receiving department)
# for a county matter (the handling department's); where it goes from there, who handled it at the
# county and the citizen's agent are the app's (gov_hall.cross_hall), and its hand-over rows are added
# by the steps only (gov_hall.api.handover.take_step)
CROSS_CASE_CONTROLLED = (
	Controlled("route", DERIVED, "County-Wide"),
	Controlled("handling_hall", DERIVED, "@hall_b"),
	Controlled("receiving_department", DERIVED, "@dept_b"),
	Controlled("agent_name", DERIVED),
	Controlled("agent_role", DERIVED, "Hall Agent"),
	Controlled("consent_recorded_on", SYSTEM),
	Controlled("transfer_status", SYSTEM, "Ready for Collection"),
	Controlled("handling_window", SYSTEM, "@window_county_b"),
	Controlled("handling_staff", SYSTEM, "@staff_a"),
	Controlled("issued_on", SYSTEM),
	Controlled("ems_tracking_number", SYSTEM, "EA123456789CN"),
	Controlled(
		"handovers",
		SYSTEM,
		[{"step": "Send Result", "at": "2020-01-06 09:00:00", "by_user": "@staff_a", "by_name": "矩阵"}],
	),
	Controlled("by_user", SYSTEM, "@staff_b", table="handovers"),
	Controlled("at", SYSTEM, table="handovers"),
	Controlled("paper_items", SYSTEM, table="handovers"),
)

# ... and once its result is issued at the township: how it was delivered is history
ISSUED_CASE_CONTROLLED = (
	Controlled("delivery_method", SYSTEM, "Post"),
	Controlled("ems_tracking_number", SYSTEM, "EA123456789CN"),
	Controlled("issued_on", SYSTEM),
	Controlled("transfer_status", SYSTEM, "Posted"),
)

# citizens told by SMS (issue 16). A message: written once by gov_hall.sms.messages.queue_message,
# its status, attempts and times by the sender (a manager's Send Again / Cancel through
# gov_hall.sms.messages): nobody edits a row
SMS_MESSAGE_CONTROLLED = tuple(
	Controlled(fieldname, SYSTEM, value)
	for fieldname, value in (
		("template", "case_accepted"),
		("statutory", None),
		("case", "@case_b"),
		("appointment", "@appointment_a"),
		("mobile", "13900001234"),
		("mobile_masked", None),
		("hall", "@hall_b"),
		("department", "@dept_b"),
		("receiving_department", "@dept_b"),
		("status", "Sent"),
		("attempts", None),
		("next_attempt_on", None),
		("queued_on", None),
		("sent_on", None),
		("last_error", None),
		("text", None),
		("text_length", None),
		("params", None),
		("dedupe_key", None),
		("gateway_response", None),
	)
)

# a message's template: managers edit its text, title, provider code and whether it is sent; its key
# is fixed (set only once) and whether it is statutory, its placeholders and sample are the app's
SMS_TEMPLATE_CONTROLLED = (
	Controlled("statutory", DERIVED),
	Controlled("placeholders", DERIVED),
	Controlled("sample_text", DERIVED),
	Controlled("sample_length", DERIVED),
	Controlled("template_key", STATE, "case_accepted"),
)

# an opt-out: recorded by gov_hall.sms.optout only (the public page, a manager's Opt Out a Mobile)
SMS_OPT_OUT_CONTROLLED = (
	Controlled("mobile_hash", SYSTEM),
	Controlled("opted_out_on", SYSTEM),
	Controlled("source", SYSTEM, "Web Page"),
)

DEPT_CREATE_WRITE = writes(DEPT_WRITE, DEPT_WRITE)
APPOINTMENT_METHOD = {"cancel_at_request": DEPT_WRITE}

RECORDS: tuple[Record, ...] = (
	Record(
		"case",
		"GH Case",
		"GH Case 办件",
		"case_a",
		"case_b",
		{**reads(DEPT_READ_MASKED, DEPT_BULK_MASKED), **DEPT_CREATE_WRITE},
		state="Accepted",
		write_field="result_note",
		controlled=CASE_CONTROLLED,
		workflow={"Start Processing": DEPT_WRITE},
		personal=("id_number", "mobile"),
	),
	Record(
		"notice",
		"GH Supplement Notice",
		"GH Supplement Notice 一次性告知书",
		"notice_a",
		"notice_b",
		{**reads(DEPT_READ, DEPT_BULK), **writes(DEPT_WRITE, nobody())},
		state="Open",
		write_field="instructions",
		controlled=NOTICE_CONTROLLED,
		savers=frozenset({STAFF_OWN, STAFF_SUBJECT, CHIEF_OWN, MANAGER}),
		note="fixed once issued: nothing on it is edited by hand",
	),
	Record(
		"extension",
		"GH Case Extension",
		"GH Case Extension 延期申请",
		"extension_a",
		"extension_b",
		{**reads(DEPT_READ, DEPT_BULK), **DEPT_CREATE_WRITE},
		state="Pending",
		write_field="reason",
		controlled=EXTENSION_CONTROLLED,
	),
	Record(
		"card",
		"GH Supervision Card",
		"GH Supervision Card 电子监察亮灯",
		"card_a",
		"card_b",
		{**reads(DEPT_READ, DEPT_BULK, NO_STAFF_EXPORT), **writes(nobody(), nobody())},
		write_field="level",
		controlled=CARD_CONTROLLED,
	),
	Record(
		"appointment",
		"GH Appointment",
		"GH Appointment 预约",
		"appointment_a",
		"appointment_b",
		{
			**reads(DEPT_READ_MASKED, DEPT_BULK_MASKED, NO_STAFF_EXPORT_MASKED),
			**writes(managers_only(), DEPT_WRITE),
		},
		state="Booked",
		write_field="note",
		controlled=APPOINTMENT_CONTROLLED,
		methods=APPOINTMENT_METHOD,
		personal=("id_number", "mobile"),
		note="citizens book through the guest web form; staff cancel at the citizen's request",
	),
	Record(
		"rating",
		"GH Service Rating",
		"GH Service Rating 好差评",
		"rating_a",
		"rating_b",
		{
			**reads(DEPT_READ_MASKED, DEPT_BULK_MASKED, NO_STAFF_EXPORT_MASKED),
			**writes(DEPT_WRITE, nobody()),
		},
		write_field="comment",
		controlled=RATING_CONTROLLED,
		savers=frozenset({STAFF_OWN, STAFF_SUBJECT, CHIEF_OWN, MANAGER}),
		creates={
			"create with channel Web or SMS Link": nobody(),
			"create with a staff card (via_card)": nobody(),
		},
		personal=("rater_mobile",),
		note="staff record a window device's reading or a phone follow-up; web and SMS ratings come "
		"only from the citizen's guest endpoint",
	),
	Record(
		"rectification",
		"GH Rectification",
		"GH Rectification 差评整改",
		"rectification_a",
		"rectification_b",
		{
			**reads(DEPT_READ_MASKED, DEPT_BULK_MASKED, NO_STAFF_EXPORT_MASKED),
			**writes(nobody(), per_role(A, R, R, A, R, R, R, A)),
		},
		state="Open",
		write_field="handling_notes",
		controlled=RECTIFICATION_CONTROLLED,
		savers=frozenset({STAFF_SUBJECT}),
		personal=("contact_mobile",),
		note="opened by the bad review; the staff member it is about cannot handle it",
	),
	Record(
		"appeal",
		"GH Rating Appeal",
		"GH Rating Appeal 差评申诉",
		"appeal_a",
		"appeal_b",
		{**reads(DEPT_READ, DEPT_BULK, NO_STAFF_EXPORT), **DEPT_CREATE_WRITE},
		state="Pending",
		write_field="explanation",
		controlled=APPEAL_CONTROLLED,
		note="decided by a manager through gov_hall.api.ratings.decide_appeal, never by a save",
	),
	Record(
		"complaint",
		"GH Complaint",
		"GH Complaint 投诉",
		"complaint_a",
		"complaint_b",
		{
			**reads(
				per_role(R, R, R, M, R, M, R, A),
				per_role(R, R, R, SM, SM, SM, SM, A),
				managers_only(),
			),
			**writes(per_role(R, R, R, R, R, A, A, A), per_role(R, R, R, A, R, R, R, A)),
		},
		state="Assigned",
		write_field="investigation_notes",
		controlled=COMPLAINT_CONTROLLED,
		savers=frozenset({SUPERVISOR_OWN}),
		workflow={"Start Investigation": per_role(R, R, R, A, R, R, R, A)},
		creates={"create with a staff card (via_card)": nobody()},
		personal=("complainant_name", "complainant_mobile", "tracking_code"),
		note="recorded by supervisor 1 about a window of A, assigned to A's chief",
	),
	Record(
		"complaint_integrity",
		"GH Complaint",
		"GH Complaint 投诉 (integrity 廉洁)",
		"complaint_integrity_a",
		"complaint_integrity_b",
		reads(per_role(R, R, R, R, R, M, R, A), per_role(R, R, R, R, R, SM, SM, A), managers_only()),
		personal=("complainant_name", "complainant_mobile", "tracking_code"),
		note="managers only (and the supervisor who recorded it)",
	),
	Record(
		"complaint_hall",
		"GH Complaint",
		"GH Complaint 投诉 (about the hall itself)",
		"complaint_hall",
		None,
		reads(per_role(R, R, R, R, R, M, R, A), per_role(R, R, R, R, R, SM, SM, A), managers_only()),
		personal=("complainant_name", "complainant_mobile", "tracking_code"),
		note="no department: handled by managers",
	),
	Record(
		"inspection",
		"GH Inspection",
		"GH Inspection 督查",
		"inspection_a",
		"inspection_b",
		{
			**reads(
				per_role(A, A, R, A, R, A, R, A),
				per_role(S, S, S, S, S, S, S, A),
				per_role(R, R, R, S, S, R, R, A),
			),
			**writes(per_role(R, R, R, R, R, A, A, A), per_role(R, R, R, R, R, A, R, A)),
			SUBMIT: per_role(R, R, R, R, R, A, R, A),
		},
		state="Draft",
		write_field="findings",
		controlled=INSPECTION_CONTROLLED,
		note="recorded by supervisor 1 of a window and staff member of A; submitted when final",
	),
	Record(
		"inspection_submitted",
		"GH Inspection",
		"GH Inspection 督查 (submitted, away from the post)",
		"inspection_left_post_a",
		"inspection_left_post_b",
		{WRITE: nobody(), DELETE: nobody()},
		state="Submitted",
		write_field="findings",
		controlled=(Controlled("left_post", STATE, 0), Controlled("staff", STATE, "@staff_a")),
		note="supervisor 1 found A's subject away from the post (窜岗/离岗, issue 15) and submitted it: "
		"it counts against the subject's duty, and nothing the inspector found changes any more",
	),
	Record(
		"supervisor",
		"GH External Supervisor",
		"GH External Supervisor 监督员",
		"supervisor_1",
		"supervisor_2",
		{
			**reads(
				per_role(R, R, R, R, R, M, R, A),
				per_role(R, R, R, R, R, SM, SM, A),
				managers_only(),
			),
			**writes(managers_only(), managers_only()),
		},
		write_field="notes",
		personal=("mobile",),
	),
	Record(
		"run_draft",
		"GH Assessment Run",
		"GH Assessment Run 考核 (draft)",
		"run_draft",
		None,
		{
			**reads(managers_only(), managers_only()),
			**writes(managers_only(), managers_only()),
		},
		state="Draft",
		write_field="notes",
		controlled=RUN_CONTROLLED,
		workflow={"Submit for Approval": managers_only()},
		note="before Published a run, its rows and its integrity figures are the managers'",
	),
	Record(
		"run_published",
		"GH Assessment Run",
		"GH Assessment Run 考核 (published)",
		"run_published",
		None,
		{
			**reads(managers_only(), per_role(R, R, R, A, A, R, R, A), managers_only()),
			**writes(managers_only(), nobody()),
		},
		state="Published",
		write_field="notes",
		note="the hall's published ranking: chiefs list it and read its rows (below); the document, "
		"which holds every department's rows, is refused to them by Frappe's User Permissions; frozen",
	),
	Record(
		"briefing",
		"GH Department Briefing",
		"GH Department Briefing 考核通报",
		"briefing_a",
		"briefing_b",
		{**reads(CHIEF_READ, CHIEF_BULK), **writes(managers_only(), managers_only())},
		write_field="remarks",
	),
	Record(
		"staff",
		"GH Window Staff",
		"GH Window Staff 窗口工作人员",
		"staff_record_a",
		"staff_record_b",
		{
			**reads(
				per_role(M, M, R, A, R, R, R, A),
				per_role(SM, SM, SM, S, S, R, R, A),
				per_role(R, R, R, S, S, R, R, A),
			),
			**writes(nobody(), nobody()),
		},
		write_field="position",
		controlled=STAFF_CONTROLLED,
		personal=("mobile",),
		note="kept by hall administrators; a chief reads the mobiles of their own staff",
	),
	Record(
		"window",
		"GH Service Window",
		"GH Service Window 服务窗口",
		"window_a",
		"window_b",
		{
			**reads(
				per_role(A, A, R, A, R, A, A, A),
				per_role(S, S, S, S, S, A, A, A),
				per_role(R, R, R, S, S, R, R, A),
			),
			**writes(nobody(), nobody()),
		},
		write_field="floor",
		controlled=WINDOW_CONTROLLED,
		note="kept by hall administrators; supervisors inspect every window",
	),
	Record(
		"activity",
		"GH Culture Activity",
		"GH Culture Activity 文化活动",
		"activity_a",
		"activity_b",
		{**reads(HALL_READ, HALL_READ, HALL_EXPORT), **writes(managers_only(), managers_only())},
		state="Held",
		write_field="description",
		controlled=ACTIVITY_CONTROLLED,
		note="the whole hall's: every staff member reads them, whoever organised them",
	),
	Record(
		"programme",
		"GH Activity Programme",
		"GH Activity Programme 活动计划",
		"programme_a",
		"programme_b",
		{**reads(HALL_READ, HALL_READ, HALL_EXPORT), **writes(managers_only(), managers_only())},
		write_field="description",
	),
	Record(
		"override_log",
		"GH Override Log",
		"GH Override Log 管理人员改动记录",
		"override_log_a",
		"override_log_b",
		{
			**reads(per_role(R, R, R, R, R, A, A, A), per_role(R, R, R, R, R, A, A, A)),
			**writes(nobody(), nobody()),
		},
		write_field="reason",
		note="written by the app during a manager's override; read by managers and supervisors",
	),
	Record(
		"personal_data_access",
		"GH Personal Data Access",
		"GH Personal Data Access 个人信息查看记录",
		"data_access_a",
		"data_access_b",
		{**reads(managers_only(), managers_only()), **writes(nobody(), nobody())},
		write_field="fields_shown",
	),
	Record(
		"matter",
		"GH Service Matter",
		"GH Service Matter 政务服务事项",
		"matter_a",
		"matter_b",
		{
			**reads(
				per_role(A, A, R, A, R, A, A, A),
				per_role(S, S, S, S, S, A, A, A),
				per_role(S, S, S, S, S, R, R, A),
				**{SEARCH_ALL: per_role(A, A, A, A, A, A, A, A)},
			),
			**writes(nobody(), per_role(R, R, R, A, R, R, R, R)),
		},
		write_field="keywords",
		note="the service catalogue (public on the website); in the desk staff and chiefs see their "
		"department's matters (Frappe's User Permission; a link search that skips User Permissions "
		"lists the whole catalogue), and a chief maintains them",
	),
	Record(
		"brand",
		"GH Service Brand",
		"GH Service Brand 服务品牌 (proposed)",
		"brand_a",
		"brand_b",
		{**reads(DEPT_READ, DEPT_BULK, managers_only()), **writes(CHIEF_WRITE, CHIEF_WRITE)},
		state="Proposed",
		write_field="measures",
		controlled=BRAND_CONTROLLED,
		workflow={"Submit for Review": CHIEF_WRITE},
		creates={"create with status Named": nobody()},
		note="proposed by A's chief; its department reads it, and its chief edits it until it is "
		"reviewed; its status and review figures follow its reviews",
	),
	Record(
		"brand_named",
		"GH Service Brand",
		"GH Service Brand 服务品牌 (named)",
		"brand_named_a",
		"brand_named_b",
		{
			**reads(EVERYONE, EVERYONE, managers_only()),
			WRITE: managers_only(),
			**NEVER,
		},
		state="Named",
		write_field="measures",
		controlled=NAMED_BRAND_CONTROLLED,
		workflow={"Warn": nobody()},
		savers=frozenset({CHIEF_OWN}),
		note="named by its naming review: published (every desk user reads it, as the website shows "
		"it); only managers edit it, and only a review's outcome warns or withdraws it",
	),
	Record(
		"brand_review",
		"GH Brand Review",
		"GH Brand Review 品牌评审 (in progress)",
		"review_a",
		"review_b",
		{
			**reads(REVIEW_READ, REVIEW_BULK, managers_only()),
			**writes(managers_only(), managers_only()),
			SUBMIT: managers_only(),
		},
		state="Draft",
		write_field="decision_notes",
		controlled=BRAND_REVIEW_CONTROLLED,
		note="the annual review of A's named brand: A's staff read it, and supervisor 1, on its panel "
		"(shared with the panel); a manager decides it (submit), which keeps, warns or withdraws the "
		"brand",
	),
	Record(
		"score_sheet",
		"GH Brand Score Sheet",
		"GH Brand Score Sheet 评审打分表",
		"sheet_a",
		"sheet_b",
		{
			**reads(PANEL_READ, PANEL_BULK, managers_only()),
			**writes(managers_only(), REVIEWER_ONLY),
			SUBMIT: REVIEWER_ONLY,
		},
		state="Draft",
		write_field="scores.comment",
		controlled=SCORE_SHEET_CONTROLLED,
		creates={"create for another reviewer": nobody()},
		note="supervisor 1's sheet on A's review: only the reviewer fills it in and submits it "
		"(managers read it); a second sheet of the same reviewer is refused, and so is a sheet of "
		"someone not on the panel (the manager is on A's panel)",
	),
	Record(
		"commitment",
		"GH Commitment",
		"GH Commitment 服务承诺 (draft)",
		"commitment_a",
		"commitment_b",
		{
			**reads(DEPT_READ, DEPT_BULK, NO_STAFF_EXPORT),
			**writes(SUBJECT_WRITE, SUBJECT_WRITE),
			SUBMIT: per_role(R, A, R, R, R, R, R, R),
		},
		state="Draft",
		write_field="content",
		controlled=COMMITMENT_CONTROLLED,
		creates={"create signed (docstatus 1)": per_role(R, A, R, R, R, R, R, R)},
		note="the subject's own commitment: written by them, their chief or a manager, signed "
		"(submitted) by the staff member themself only",
	),
	Record(
		"commitment_active",
		"GH Commitment",
		"GH Commitment 服务承诺 (signed)",
		"commitment_active_a",
		"commitment_active_b",
		{
			**reads(
				per_role(A, A, A, A, A, R, R, A),
				per_role(A, A, A, A, A, R, R, A),
				per_role(R, R, R, A, A, R, R, A),
			),
			WRITE: nobody(),
			CANCEL: managers_only(),
			RENAME: nobody(),
			DELETE: nobody(),
		},
		state="Active",
		write_field="content",
		note="window A's commitment signed by A's chief: published (every staff member reads it); "
		"fixed once signed (a new version replaces it); a manager withdraws it (cancel). Submitting "
		"it again is Frappe's save of the signed record as it is (nothing on it may change after "
		"signing), so that is no cell",
	),
	Record(
		"queue_ticket",
		"GH Queue Ticket",
		"GH Queue Ticket 排队号 (served)",
		"ticket_a",
		"ticket_b",
		{
			**reads(DEPT_READ, DEPT_BULK, NO_STAFF_EXPORT),
			**writes(managers_only(), nobody()),
		},
		state="Done",
		write_field="ticket_number",
		controlled=QUEUE_TICKET_CONTROLLED,
		creates={"create called to a window": nobody()},
		savers=frozenset({MANAGER}),
		note="issued at A's kiosk, called, served and finished by the subject at their window with "
		"A's case linked; its department's staff and chief read it. Every field is the app's: "
		"tickets are issued by the kiosk, an appointment's check-in or the desk and moved only "
		"through gov_hall.api.queue; a manager's POST makes a waiting desk ticket, nothing more",
	),
	Record(
		"duty_slot",
		"GH Duty Slot",
		"GH Duty Slot 值班表 (a coming day)",
		"slot_a",
		"slot_b",
		{**reads(DEPT_READ, DEPT_BULK, NO_STAFF_EXPORT), **writes(CHIEF_WRITE, CHIEF_WRITE)},
		write_field="post_role",
		controlled=DUTY_SLOT_CONTROLLED,
		creates={
			"create for a past day": nobody(),
			"create as a Cover slot": nobody(),
		},
		note="the subject's A slot at A's window on the next working day, from the roster generator: "
		"the department's board (its staff and chief read it); A's chief and managers add, change "
		"and cancel slots of today and later; Cover slots come from approved leave only",
	),
	Record(
		"duty_slot_past",
		"GH Duty Slot",
		"GH Duty Slot 值班表 (a past day)",
		"slot_past_a",
		"slot_past_b",
		{WRITE: nobody(), DELETE: nobody()},
		write_field="post_role",
		controlled=PAST_SLOT_CONTROLLED,
		savers=frozenset({CHIEF_OWN, MANAGER}),
		note="the subject's slot of the last working day (clocked in by a manager's entry): past days "
		"are figures, nobody changes them (reads as above)",
	),
	Record(
		"punch",
		"GH Attendance Punch",
		"GH Attendance Punch 打卡记录",
		"punch_a",
		"punch_b",
		{
			**reads(
				per_role(R, A, R, A, R, R, R, A),
				per_role(R, S, R, S, S, R, R, A),
				managers_only(),
			),
			**writes(managers_only(), nobody()),
		},
		write_field="device",
		controlled=PUNCH_CONTROLLED,
		creates={"create without a reason": nobody(), "create in the future": nobody()},
		note="the subject's clock-in (a manager's entry with its reason): the staff member's own and "
		"their chief's, not the department's (only managers export punches); staff punch only "
		"through gov_hall.api.duty.clock, managers enter one with a reason; nobody edits a punch",
	),
	Record(
		"empty_window",
		"GH Empty Window",
		"GH Empty Window 空岗记录",
		"empty_window_a",
		"empty_window_b",
		{**reads(DEPT_READ, DEPT_BULK, NO_STAFF_EXPORT), **writes(nobody(), nobody())},
		write_field="excuse_reason",
		controlled=EMPTY_WINDOW_CONTROLLED,
		note="A's window found empty in the last working day's afternoon by the job: every field is "
		"the job's; a manager excuses it with a reason through gov_hall.api.duty_alerts only",
	),
	Record(
		"leave",
		"GH Leave Request",
		"GH Leave Request 请销假 (requested)",
		"leave_a",
		"leave_b",
		{
			**reads(
				per_role(A, A, R, A, R, R, R, A),
				per_role(S, S, S, S, S, R, R, A),
				per_role(R, R, R, S, S, R, R, A),
			),
			**writes(per_role(A, A, A, A, A, R, R, A), CHIEF_WRITE),
		},
		state="Requested",
		write_field="cover_staff",
		controlled=LEAVE_CONTROLLED,
		workflow={"Propose Cover": CHIEF_WRITE, "Withdraw": per_role(R, A, R, R, R, R, R, A)},
		creates={"create as Approved": nobody()},
		# the requester saves their request (nothing of it is theirs to change once requested)
		savers=frozenset({STAFF_SUBJECT}),
		note="the subject's leave, requested, with WS own (staff A) as its cover, who reads it (shared) "
		"and nothing more: the staff member's own, their chief's and their cover's; everyone on site "
		"files their own leave (managers for anyone); A's chief or a manager chooses the cover",
	),
	Record(
		"leave_approved",
		"GH Leave Request",
		"GH Leave Request 请销假 (approved)",
		"leave_approved_a",
		None,
		{WRITE: nobody(), DELETE: nobody()},
		state="Approved",
		write_field="reason",
		controlled=(
			Controlled("days", DERIVED),
			Controlled("approved_by", SYSTEM, "@chief_a"),
			Controlled("decision_notes", MANAGERS_ONLY),
			Controlled("cover_staff", STATE, "@cover_a"),
			Controlled("to_date", STATE),
		),
		workflow={"Report Return": per_role(R, A, R, A, R, R, R, A), "Cancel": managers_only()},
		savers=frozenset({STAFF_SUBJECT, CHIEF_OWN, MANAGER}),
		note="the subject's leave on a coming day, approved with staff A as the cover (reads as above): "
		"fixed once approved; the staff member, their chief or a manager reports the return (销假), a "
		"manager cancels it before it starts",
	),
	Record(
		"attendance_import",
		"GH Attendance Import",
		"GH Attendance Import 考勤导入 (draft)",
		"attendance_import",
		None,
		{**reads(managers_only(), managers_only()), **writes(managers_only(), managers_only())},
		state="Draft",
		write_field="import_file",
		controlled=ATTENDANCE_IMPORT_CONTROLLED,
		note="the attendance machine's export, uploaded by a manager (previewed and imported through "
		"gov_hall.api.attendance_import)",
	),
	Record(
		"agency_briefing",
		"GH Agency Briefing",
		"GH Agency Briefing 派出单位月度通报",
		"agency_briefing_a",
		"agency_briefing_b",
		{**reads(managers_only(), managers_only()), **writes(managers_only(), managers_only())},
		write_field="remarks",
		controlled=AGENCY_BRIEFING_CONTROLLED,
		note="this month's briefing to the subject's home agency (A's) and to B's, from the hall's "
		"published month run and the subject's inspection away from the post: managers only",
	),
)

CROSS_HALL_RECORDS: tuple[Record, ...] = (
	Record(
		"case_cross",
		"GH Case",
		"GH Case 办件 (received at A's window for the county)",
		"case_cross_a",
		"case_cross_b",
		{**reads(DEPT_READ_MASKED, DEPT_BULK_MASKED), WRITE: DEPT_WRITE, **NEVER},
		state="Accepted",
		write_field="result_note",
		controlled=CROSS_CASE_CONTROLLED,
		workflow={"Start Processing": managers_only(), "Complete": managers_only()},
		creates={"create at A's window for the county's matter": DEPT_WRITE},
		personal=("id_number", "mobile"),
		note="the world's hall is a township hall of a county hall; the subject received and accepted "
		"this case of a county department's County–Township matter at A's window, forwarded it, and "
		"the county received it (at the county): A, the receiving department, reads and writes it as "
		"its own (the handling department too), but only the county decides it while it holds it",
	),
	Record(
		"notice_cross",
		"GH Supplement Notice",
		"GH Supplement Notice 一次性告知书 (of a case received at A's window for the county)",
		"notice_cross_a",
		"notice_cross_b",
		{**reads(DEPT_READ, DEPT_BULK), WRITE: nobody(), DELETE: nobody()},
		state="Open",
		write_field="instructions",
		controlled=(
			Controlled("receiving_department", DERIVED, "@dept_b"),
			Controlled("department", DERIVED, "@dept_a"),
		),
		savers=frozenset({STAFF_OWN, STAFF_SUBJECT, CHIEF_OWN, MANAGER}),
		note="issued by the subject at A's window while the township still held the county's case: "
		"its department is the county's, and A reads it through the case's receiving department",
	),
	Record(
		"case_issued",
		"GH Case",
		"GH Case 办件 (received for the county, result issued at the township)",
		"case_issued_a",
		"case_issued_b",
		{WRITE: managers_only(), DELETE: nobody()},
		state="Completed",
		write_field="result_note",
		controlled=ISSUED_CASE_CONTROLLED,
		note="the same path to its end: completed at the county, the result sent back, received and "
		"issued at A's window (reads as above); a completed case is the managers' to edit, and nobody "
		"changes how its result was delivered",
	),
)

SMS_RECORDS: tuple[Record, ...] = (
	Record(
		"sms_message",
		"GH SMS Message",
		"GH SMS Message 短信记录",
		"sms_message_a",
		"sms_message_b",
		{**reads(DEPT_READ_MASKED, DEPT_BULK_MASKED, managers_only()), **writes(nobody(), nobody())},
		write_field="last_error",
		controlled=SMS_MESSAGE_CONTROLLED,
		personal=("mobile",),
		note="the message telling the citizen of A's case that it was received (queued by the case's "
		"hook): its department's staff and chief read the log without the mobile (managers only); "
		"written once by the app, then moved only by the sender and the managers' Send Again / Cancel",
	),
	Record(
		"sms_cross",
		"GH SMS Message",
		"GH SMS Message 短信记录 (of a case received at A's window for the county)",
		"sms_cross_a",
		"sms_cross_b",
		reads(DEPT_READ_MASKED, DEPT_BULK_MASKED, managers_only()),
		personal=("mobile",),
		note="the message of the case A received for the county: its department is the county's, and "
		"A's staff and chief read it through its receiving department (writes as above)",
	),
	Record(
		"sms_template",
		"GH SMS Template",
		"GH SMS Template 短信模板",
		"sms_template",
		None,
		{**reads(HALL_READ, HALL_READ, managers_only()), **writes(nobody(), managers_only())},
		write_field="title",
		controlled=SMS_TEMPLATE_CONTROLLED,
		note="the hall's message case_received (install data): staff and chiefs read the texts, "
		"managers edit them; the messages are the app's (gov_hall.rules.sms.TEMPLATES, made on install "
		"and migrate), so a new one is refused to everyone, managers too (a key the hall does not send)",
	),
	Record(
		"sms_opt_out",
		"GH SMS Opt-Out",
		"GH SMS Opt-Out 短信退订",
		"sms_opt_out_a",
		"sms_opt_out_b",
		{**reads(managers_only(), managers_only(), nobody()), **writes(nobody(), nobody())},
		write_field="source",
		controlled=SMS_OPT_OUT_CONTROLLED,
		note="two mobiles opted out at the hall (a keyed hash, never the number): managers read them; "
		"recorded only by gov_hall.sms.optout, never edited",
	),
)

RECORDS = RECORDS + CROSS_HALL_RECORDS + SMS_RECORDS

# child tables read on their own (frappe.client.get_list with parent, report view with
# parent_doctype): their rows follow the parent's scope
CHILD_BULK = (LIST, REPORT_VIEW, COUNT)


def child_read(bulk: dict) -> dict:
	"""A row read by its name (GET /api/resource/<child doctype>/<row>) follows its parent: the row of
	A is read by whoever lists it."""
	single = {SCOPED: ALLOWED, SCOPED_MASKED: MASKED}
	return {
		role: REFUSED if role in OTHER_SIDE and outcome in single else single.get(outcome, outcome)
		for role, outcome in bulk.items()
	}


def child(key, doctype, label, own, other, parent, bulk, personal=(), note="", read=None) -> Record:
	return Record(
		key,
		doctype,
		label,
		own,
		other,
		{READ: read or child_read(bulk), **{action: bulk for action in CHILD_BULK}},
		parent=parent,
		personal=personal,
		note=note,
	)


CHILD_RECORDS: tuple[Record, ...] = (
	child(
		"pause", "GH Case Pause", "GH Case Pause (rows of a case)", "pause_a", "pause_b", "GH Case", DEPT_BULK
	),
	child(
		"referral",
		"GH Case Referral",
		"GH Case Referral (rows of a case)",
		"referral_a",
		"referral_b",
		"GH Case",
		DEPT_BULK,
	),
	child(
		"handover",
		"GH Case Handover",
		"GH Case Handover (hand-over steps of a case received for the county)",
		"handover_a",
		"handover_b",
		"GH Case",
		DEPT_BULK,
	),
	child(
		"notice_item",
		"GH Supplement Item",
		"GH Supplement Item (rows of a notice)",
		"notice_item_a",
		"notice_item_b",
		"GH Supplement Notice",
		DEPT_BULK,
	),
	child(
		"inspection_item",
		"GH Inspection Item",
		"GH Inspection Item (rows of an inspection)",
		"inspection_item_a",
		"inspection_item_b",
		"GH Inspection",
		per_role(S, S, S, S, S, S, S, A),
	),
	child(
		"draft_rows",
		"GH Staff Assessment",
		"GH Staff Assessment (rows of a draft run)",
		"draft_row_a",
		"draft_row_b",
		"GH Assessment Run",
		managers_only(),
		personal=("integrity_complaints",),
	),
	child(
		"published_rows",
		"GH Staff Assessment",
		"GH Staff Assessment (rows of a published run)",
		"published_row_a",
		"published_row_b",
		"GH Assessment Run",
		per_role(R, R, R, M, M, R, R, A),
		# a row read by its name follows its run, which chiefs cannot open (Frappe's User
		# Permissions refuse a run holding other departments' rows): they read rows in lists
		read=per_role(R, R, R, R, R, R, R, A),
		personal=("integrity_complaints",),
		note="every department's rows of the published ranking, without integrity complaints",
	),
	child(
		"draft_window_rows",
		"GH Window Assessment",
		"GH Window Assessment (rows of a draft run)",
		"draft_wrow_a",
		"draft_wrow_b",
		"GH Assessment Run",
		managers_only(),
	),
	child(
		"published_window_rows",
		"GH Window Assessment",
		"GH Window Assessment (rows of a published run)",
		"published_wrow_a",
		"published_wrow_b",
		"GH Assessment Run",
		per_role(R, R, R, M, M, R, R, A),
		# a row read by its name follows its run, which chiefs cannot open (Frappe's User
		# Permissions refuse a run holding other departments' rows): they read rows in lists
		read=per_role(R, R, R, R, R, R, R, A),
	),
	child(
		"briefing_window_rows",
		"GH Briefing Window",
		"GH Briefing Window (rows of a briefing)",
		"briefing_wrow_a",
		"briefing_wrow_b",
		"GH Department Briefing",
		CHIEF_BULK,
	),
	child(
		"window_departments",
		"GH Window Department",
		"GH Window Department (departments a window serves)",
		"window_department_a",
		"window_department_b",
		"GH Service Window",
		per_role(S, S, S, S, S, A, A, A),
	),
	child(
		"brand_commitment",
		"GH Brand Commitment",
		"GH Brand Commitment (commitments of a proposed brand)",
		"brand_commitment_a",
		"brand_commitment_b",
		"GH Service Brand",
		DEPT_BULK,
	),
	child(
		"brand_member",
		"GH Brand Member",
		"GH Brand Member (members of a proposed brand)",
		"brand_member_a",
		"brand_member_b",
		"GH Service Brand",
		DEPT_BULK,
	),
	child(
		"brand_window",
		"GH Brand Window",
		"GH Brand Window (windows of a proposed brand)",
		"brand_window_a",
		"brand_window_b",
		"GH Service Brand",
		DEPT_BULK,
	),
	child(
		"brand_panel",
		"GH Brand Panel Member",
		"GH Brand Panel Member (the panel of a review)",
		"panel_member_a",
		"panel_member_b",
		"GH Brand Review",
		REVIEW_BULK,
	),
	child(
		"brand_results",
		"GH Brand Commitment Result",
		"GH Brand Commitment Result (commitments measured by a review)",
		"commitment_result_a",
		"commitment_result_b",
		"GH Brand Review",
		REVIEW_BULK,
	),
	child(
		"brand_scores",
		"GH Brand Score",
		"GH Brand Score (rows of a score sheet)",
		"brand_score_a",
		"brand_score_b",
		"GH Brand Score Sheet",
		PANEL_BULK,
	),
	child(
		"briefing_rows",
		"GH Briefing Staff",
		"GH Briefing Staff (rows of a briefing)",
		"briefing_row_a",
		"briefing_row_b",
		"GH Department Briefing",
		CHIEF_BULK,
	),
	child(
		"agency_briefing_rows",
		"GH Agency Briefing Staff",
		"GH Agency Briefing Staff (rows of an agency briefing)",
		"agency_briefing_row_a",
		"agency_briefing_row_b",
		"GH Agency Briefing",
		managers_only(),
	),
	child(
		"agency_briefing_findings",
		"GH Agency Briefing Finding",
		"GH Agency Briefing Finding (inspection findings of an agency briefing)",
		"agency_briefing_finding_a",
		"agency_briefing_finding_b",
		"GH Agency Briefing",
		managers_only(),
	),
	child(
		"queue_ticket_events",
		"GH Queue Ticket Event",
		"GH Queue Ticket Event (events of a ticket)",
		"ticket_event_a",
		"ticket_event_b",
		"GH Queue Ticket",
		DEPT_BULK,
	),
)

ALL_RECORDS = RECORDS + CHILD_RECORDS

# Script reports (frappe.desk.query_report.run): refused, or answering with the user's own
# department only (scoped), or everything (allowed).
REPORT_CELLS = {
	"GH Open Cases and Cards": per_role(S, S, S, S, S, R, R, A),
	"GH On-Time Completion Rate": per_role(R, R, R, S, S, R, R, A),
	"GH One-Time Notification Violations": per_role(R, R, R, S, S, R, R, A),
	"GH Service Satisfaction": per_role(R, R, R, S, S, R, R, A),
	"GH Bad Review Rectification": per_role(R, R, R, S, S, R, R, A),
	"GH Complaint Analysis": per_role(R, R, R, S, S, R, R, A),
	"GH Inspection Scores": per_role(R, R, R, S, S, R, R, A),
	"GH Activity Participation": per_role(R, R, R, S, S, R, R, A),
	"GH Red-Flag Windows": per_role(R, R, R, M, M, R, R, A),
	"GH Service Stars": per_role(R, R, R, M, M, R, R, A),
	"GH Annual Honours": per_role(R, R, R, M, M, R, R, A),
	"GH Manager Overrides": per_role(R, R, R, R, R, A, A, A),
	"GH Service Brands": per_role(R, R, R, S, S, R, R, A),
	"GH Brand Commitments": per_role(R, R, R, S, S, R, R, A),
	"GH Staff Card Reach": per_role(R, R, R, S, S, R, R, A),
	"GH Queue Wait Times": per_role(R, R, R, S, S, R, R, A),
	"GH Queue Load": per_role(R, R, R, S, S, R, R, A),
	"GH Queue Now": per_role(R, R, R, S, S, R, R, A),
	"GH Attendance": per_role(R, R, R, S, S, R, R, A),
	"GH Empty Windows": per_role(R, R, R, S, S, R, R, A),
	"GH Leave Balance": per_role(R, R, R, S, S, R, R, A),
	# cross-hall cases (issue 16): chiefs see the cases of their departments, receiving or handling
	"GH Cross-Hall Cases": per_role(R, R, R, S, S, R, R, A),
	"GH Hand-over Times": per_role(R, R, R, S, S, R, R, A),
	"GH Hand-overs Waiting": per_role(R, R, R, S, S, R, R, A),
	"GH Near-Home Share": per_role(R, R, R, S, S, R, R, A),
}

# Number cards on the workspace (frappe.desk.doctype.number_card.number_card.get_result): a count of
# the user's own records (scoped), or refused.
NUMBER_CARD_CELLS = {
	"GH Open Cases": per_role(S, S, S, S, S, R, R, A),
	"GH Overdue Open Cases": per_role(S, S, S, S, S, R, R, A),
	"GH Bad Reviews Awaiting Follow-up": per_role(S, S, S, S, S, R, R, A),
	"GH Complaints Awaiting Reply": per_role(R, R, R, S, S, S, S, A),
	"GH My Window Cards": per_role(S, S, S, S, S, R, R, A),
}


# ---------------------------------------------------------------------------------------------
# Cells of the controlled fields


def may_write(record: Record, role: str) -> bool:
	"""Whether ``role`` may save the record at all (its ordinary WRITE cell)."""
	return record.cells.get(WRITE, {}).get(role) == ALLOWED


def controlled_outcome(record: Record, item: Controlled, role: str) -> str:
	"""What happens when ``role`` sends a new value of a controlled field of ``record``.

	A role that may not save the record (or not in its state) is refused whatever it sends, except
	that a derived value sent by a role that may save the record is recomputed (its save changes
	nothing). For the others: a derived value is recomputed, a system value refused, an override refused except to a
	manager with a reason, a managers-only field refused except to managers, a field not editable in
	the record's state refused."""
	if item.outcomes and role in item.outcomes:
		return item.outcomes[role]
	if item.kind == DERIVED and role in record.savers:
		return RECOMPUTED
	if not may_write(record, role):
		return REFUSED
	if item.kind == DERIVED:
		return RECOMPUTED
	if item.kind == OVERRIDE:
		return WITH_REASON if role == MANAGER else REFUSED
	if item.kind == MANAGERS_ONLY:
		return ALLOWED if role == MANAGER else REFUSED
	return REFUSED


def cells_of(record: Record) -> list[tuple[str, str, dict]]:
	"""Every (action, detail, {role: outcome}) of a record, controlled fields one by one."""
	rows = [(action, "", record.cells[action]) for action in record.actions]
	for name, cells in record.creates.items():
		rows.append((CREATE, name, cells))
	for name, cells in record.methods.items():
		rows.append((f"run_doc_method {name}", "", cells))
	for name, cells in record.workflow.items():
		rows.append(("workflow", name, cells))
	for item in record.controlled:
		rows.append(
			(
				f"write controlled: {item.label}",
				item.kind,
				{role: controlled_outcome(record, item, role) for role in ROLE_ORDER},
			)
		)
	return rows


def count_cells() -> int:
	total = sum(len(ROLE_ORDER) * len(cells_of(record)) for record in ALL_RECORDS)
	return total + len(ROLE_ORDER) * (len(REPORT_CELLS) + len(NUMBER_CARD_CELLS))


# ---------------------------------------------------------------------------------------------
# The README's rendering


def _row(label: str, cells: dict) -> str:
	return "| " + label + " | " + " | ".join(cells[role] for role in ROLE_ORDER) + " |"


def _header(first: str) -> list[str]:
	return [
		"| " + first + " | " + " | ".join(SHORT[role] for role in ROLE_ORDER) + " |",
		"|---|" + "---|" * len(ROLE_ORDER),
	]


def markdown() -> str:
	"""The whole matrix as Markdown (for the README): one table per kind of record."""
	lines = [
		"### Access matrix 访问矩阵",
		"",
		"Generated from `gov_hall/access/matrix.py` (`python -m gov_hall.access.matrix`); every cell is "
		"walked by `gov_hall/tests/test_access_matrix.py` as a real user over HTTP.",
		"",
		"Columns: " + "; ".join(f"**{SHORT[role]}** {ROLES[role]}" for role in ROLE_ORDER) + ".",
		"Each record belongs to department A (and to supervisor 1 where supervisors record it); "
		"*own* roles are A's, *other* roles B's.",
		"",
		"Outcomes: **allowed** done, personal data in full; **masked** read with personal data (ID "
		"numbers, mobiles, a complainant's identity, a ranking's integrity complaints) masked or left "
		"out; **scoped** a list answers with the user's own records only (A's record for A's roles, "
		"B's for B's, never the other's); **scoped, masked** both; **refused** HTTP 403/404/417, or on "
		"a list path none of the records, and nothing changed; **recomputed** the value sent is not "
		"stored (the app computes a derived figure from its sources; Frappe resets a field above the "
		"user's permlevel); **with reason** a hall manager only, and only with a reason, logged in GH "
		"Override Log and listed by the report GH Manager Overrides.",
		"",
		"Actions: " + "; ".join(f"*{action}*: {text}" for action, text in ACTIONS.items()) + ".",
		"",
	]
	for record in ALL_RECORDS:
		lines.append(f"#### {record.label}" + (f" — {record.note}" if record.note else ""))
		lines.append("")
		if record.state:
			lines.append(f"Writes tried on a record in state *{record.state}*.")
		if record.write_field:
			lines.append(f"Ordinary field written: `{record.write_field}`.")
		if record.personal:
			lines.append("Personal data: " + ", ".join(f"`{name}`" for name in record.personal) + ".")
		lines.append("")
		lines.extend(_header("action"))
		for action in record.actions:
			lines.append(_row(action, record.cells[action]))
		for name, cells in record.creates.items():
			lines.append(_row(f"{CREATE}: {name}", cells))
		for name, cells in record.methods.items():
			lines.append(_row(f"run_doc_method {name}", cells))
		for name, cells in record.workflow.items():
			lines.append(_row(f"workflow action {name}", cells))
		groups: dict[tuple, list[Controlled]] = {}
		for item in record.controlled:
			cells = tuple(controlled_outcome(record, item, role) for role in ROLE_ORDER)
			groups.setdefault((item.kind, cells), []).append(item)
		for (kind, cells), items in groups.items():
			names = ", ".join(f"`{item.label}`" for item in items)
			lines.append(_row(f"write {KIND_TEXT[kind]}: {names}", dict(zip(ROLE_ORDER, cells, strict=True))))
		lines.append("")
	lines.append("#### Script reports (frappe.desk.query_report.run)")
	lines.append("")
	lines.extend(_header("report"))
	for name, cells in REPORT_CELLS.items():
		lines.append(_row(name, cells))
	lines.append("")
	lines.append("#### Number cards (frappe.desk.doctype.number_card.number_card.get_result)")
	lines.append("")
	lines.extend(_header("card"))
	for name, cells in NUMBER_CARD_CELLS.items():
		lines.append(_row(name, cells))
	lines.append("")
	lines.append(f"{count_cells():,} cells in all.")
	return "\n".join(lines) + "\n"


if __name__ == "__main__":
	print(markdown())
