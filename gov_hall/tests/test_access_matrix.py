"""The access matrix walked in full (issue 13, part 8): every cell of gov_hall.access.matrix, as the
real users of its columns, over Frappe's request handling (gov_hall.tests.http).

The world (gov_hall.tests.matrix_world) is built and committed once; each role keeps one logged-in
session for the whole run. A test per record and action tries the action as every role (one subTest
per role) and checks what came back (status, which records, whether personal data is in it) and,
for every refused or recomputed write, that nothing changed in the database. Allowed writes are put
back afterwards so that each cell is tried on the record as the world made it.
"""

from __future__ import annotations

import json
import os
import re
from urllib.parse import quote, urlencode

import frappe
from frappe.tests.utils import FrappeTestCase

from gov_hall.access import matrix as mx
from gov_hall.access.controlled import declaration
from gov_hall.tests import matrix_world as mw
from gov_hall.tests.http import HttpUser

REFUSED_STATUS = (401, 403, 404, 417)
INTEGRITY = re.compile(r'"integrity_complaints"\s*:\s*' + str(mw.INTEGRITY_COUNT) + r"\b")
SESSIONS: dict[str, HttpUser] = {}
VALID_ID = "11010519491231002X"


def session(w, role: str) -> HttpUser:
	if role not in SESSIONS:
		SESSIONS[role] = HttpUser(w.actors[role])
	return SESSIONS[role]


def secrets(w) -> dict:
	"""Personal data per record key: (department A's record, department B's record)."""
	tracking = {
		key: frappe.db.get_value("GH Complaint", w[key], "tracking_code")
		for key in (
			"complaint_a",
			"complaint_b",
			"complaint_integrity_a",
			"complaint_integrity_b",
			"complaint_hall",
		)
	}
	complaint = lambda side: (  # noqa: E731
		getattr(mw, f"COMPLAINANT_{side}"),
		getattr(mw, f"COMPLAINANT_MOBILE_{side}"),
	)
	return {
		"case": ((mw.ID_A, mw.MOBILE_A), (mw.ID_B, mw.MOBILE_B)),
		"appointment": ((mw.APPT_ID_A, mw.APPT_MOBILE_A), (mw.APPT_ID_B, mw.APPT_MOBILE_B)),
		"rating": ((mw.RATER_MOBILE_A,), (mw.RATER_MOBILE_B,)),
		"rectification": ((mw.RATER_MOBILE_A,), (mw.RATER_MOBILE_B,)),
		"complaint": ((*complaint("A"), tracking["complaint_a"]), (*complaint("B"), tracking["complaint_b"])),
		"complaint_integrity": (
			(*complaint("A"), tracking["complaint_integrity_a"]),
			(*complaint("B"), tracking["complaint_integrity_b"]),
		),
		"complaint_hall": ((*complaint("A"), tracking["complaint_hall"]), ()),
		"supervisor": ((mw.SUPERVISOR_MOBILE_1,), (mw.SUPERVISOR_MOBILE_2,)),
		"staff": ((mw.STAFF_MOBILE_A,), (mw.STAFF_MOBILE_B,)),
		"run_draft": ((INTEGRITY,), ()),
		"run_published": ((INTEGRITY,), ()),
		"case_cross": ((mw.CROSS_ID_A, mw.CROSS_MOBILE_A), (mw.CROSS_ID_B, mw.CROSS_MOBILE_B)),
		"sms_message": ((mw.MOBILE_A,), (mw.MOBILE_B,)),
		"sms_cross": ((mw.CROSS_MOBILE_A,), (mw.CROSS_MOBILE_B,)),
		"draft_rows": ((INTEGRITY,), ()),
		"published_rows": ((INTEGRITY,), ()),
		"draft_window_rows": ((INTEGRITY,), ()),
		"published_window_rows": ((INTEGRITY,), ()),
	}


def contains(text: str, secret) -> bool:
	return bool(secret.search(text)) if isinstance(secret, re.Pattern) else secret in text


def names(answer) -> set:
	"""Record names in a list answer (REST list, get_list, report view, search, group-by)."""
	payload = answer.data if answer.data is not None else answer.message
	if isinstance(payload, dict) and "keys" in payload:
		index = payload["keys"].index("name")
		return {row[index] for row in payload["values"]}
	found = set()
	for row in payload or []:
		if isinstance(row, dict):
			found.add(row.get("name") or row.get("value"))
		elif isinstance(row, list | tuple) and row:
			found.add(row[0])
	return found


# ---------------------------------------------------------------------------------------------
# Proof that the walk can fail: GH_MATRIX_DISABLE=scope,controlled,conflicts,endpoints,ratings
# switches the named protection off in this test process only (the requests run in it, in threads),
# e.g. ``GH_MATRIX_DISABLE=scope bench --site <site> run-tests --module
# gov_hall.tests.test_access_matrix --case TestMatrixReads``: the cells it holds then fail.


def setUpModule():
	for protection in filter(None, os.environ.get("GH_MATRIX_DISABLE", "").split(",")):
		DISABLE[protection.strip()]()


def _disable_scope():
	from gov_hall.access import scope

	scope.condition = lambda *args, **kwargs: None


def _disable_controlled():
	from gov_hall.access import controlled

	controlled.enforce = lambda *args, **kwargs: None


def _disable_conflicts():
	from gov_hall.access import conflicts

	for name in ("complaint", "rectification", "appeal", "inspection"):
		setattr(conflicts, name, lambda *args, **kwargs: None)


def _disable_endpoints():
	from gov_hall.access import endpoints

	endpoints.vet_search = lambda doctype, filters, iup: (endpoints.parse_filters(filters), iup)


def _disable_ratings():
	from gov_hall.voice import ratings

	ratings.check_channel = lambda doc: setattr(doc, "recorded_by", frappe.session.user)


DISABLE = {
	"scope": _disable_scope,
	"controlled": _disable_controlled,
	"conflicts": _disable_conflicts,
	"endpoints": _disable_endpoints,
	"ratings": _disable_ratings,
}


# ---------------------------------------------------------------------------------------------
# The database, as the requests left it


def fresh() -> None:
	frappe.db.rollback()  # a new snapshot: what the requests committed


def generated_columns(doctype: str) -> set:
	return set(
		frappe.db.sql_list(
			"""select column_name from information_schema.columns where table_schema = database()
			and table_name = %s and extra like '%%GENERATED%%'""",
			f"tab{doctype}",
		)
	)


def snapshot(doctype: str, name: str) -> dict:
	"""The stored row and its child rows."""
	fresh()
	row = frappe.db.sql(f"select * from `tab{doctype}` where name = %s", name, as_dict=True)
	children = {}
	for df in frappe.get_meta(doctype).get_table_fields():
		children[df.options] = frappe.db.sql(
			f"select * from `tab{df.options}` where parent = %s and parenttype = %s order by idx",
			(name, doctype),
			as_dict=True,
		)
	return {"doctype": doctype, "name": name, "row": row[0] if row else None, "children": children}


def restore(snap: dict) -> None:
	"""Put a record (and its child rows) back as the snapshot holds it."""
	fresh()
	doctype, name, row = snap["doctype"], snap["name"], snap["row"]
	skip = generated_columns(doctype) | {"name"}
	columns = [c for c in row if c not in skip]
	frappe.db.sql(
		f"update `tab{doctype}` set {', '.join(f'`{c}` = %s' for c in columns)} where name = %s",
		[row[c] for c in columns] + [name],
	)
	for child, rows in snap["children"].items():
		frappe.db.sql(f"delete from `tab{child}` where parent = %s and parenttype = %s", (name, doctype))
		skip_child = generated_columns(child)
		for child_row in rows:
			cols = [c for c in child_row if c not in skip_child]
			frappe.db.sql(
				f"insert into `tab{child}` ({', '.join(f'`{c}`' for c in cols)}) values ({', '.join(['%s'] * len(cols))})",
				[child_row[c] for c in cols],
			)
	frappe.db.commit()  # nosemgrep: the next requests read through their own connections
	frappe.clear_document_cache(doctype, name)


def same(
	before: dict,
	after: dict,
	fields: list[str] | None = None,
	row_ignore: tuple = ("modified", "modified_by"),
) -> list[str]:
	"""The columns (or child tables) that differ; ``fields`` limits the comparison, ``row_ignore``
	names the columns of child rows left out (a derived table made again has new row names)."""
	diff = []
	for column, value in (before["row"] or {}).items():
		if fields is not None and column not in fields:
			continue
		if str(value) != str((after["row"] or {}).get(column)):
			diff.append(column)
	table_fields = {df.options: df.fieldname for df in frappe.get_meta(before["doctype"]).get_table_fields()}
	for child, rows in before["children"].items():
		if fields is not None and table_fields.get(child) not in fields:
			continue
		label = table_fields.get(child) or child
		after_rows = after["children"].get(child, [])
		if len(rows) != len(after_rows):
			diff.append(f"{label} (rows)")
			continue
		for index, (old, new) in enumerate(zip(rows, after_rows, strict=True)):
			for column, value in old.items():
				if column not in row_ignore and str(value) != str(new.get(column)):
					diff.append(f"{label}[{index}].{column}")
	return diff


# ---------------------------------------------------------------------------------------------
# Values the writes send


def resolve(w, value):
	if isinstance(value, str) and value.startswith("@"):
		return w[value[1:]]
	if isinstance(value, list):
		return [resolve(w, item) for item in value]
	if isinstance(value, dict):
		return {key: resolve(w, item) for key, item in value.items()}
	return value


def new_value(w, meta, item: mx.Controlled, current):
	"""What a request sends for a controlled field: the matrix's value or one of its type."""
	if item.value is not None:
		return resolve(w, item.value)
	df = meta.get_field(item.fieldname)
	fieldtype = df.fieldtype if df else "Data"
	if fieldtype == "Date":
		return "2020-02-03"
	if fieldtype == "Datetime":
		return "2020-02-03 09:30:00"
	if fieldtype == "Check":
		return 0 if frappe.utils.cint(current) else 1
	if fieldtype in ("Int", "Float", "Currency", "Percent"):
		return frappe.utils.cint(current) + 37
	if fieldtype == "Select":
		options = [o for o in (df.options or "").split("\n") if o and o != current]
		return options[0]
	return f"改写{frappe.generate_hash(length=5)}"


def create_payload(w, key: str, role: str, marker: str) -> tuple[dict, dict]:
	"""(what POST /api/resource sends, filters finding what it made) per record of the matrix."""
	today = frappe.utils.nowdate()
	payloads = {
		"case": (
			{
				"applicant_type": "Person",
				"applicant_name": marker,
				"id_number": VALID_ID,
				"mobile": "13812345678",
				"matter": w.matter_a,
				"hall": w.hall,
				"window": w.window_a,
				"channel": "Window",
			},
			{"applicant_name": marker},
		),
		"notice": (
			{
				"case": w.notice_cases[role],
				"instructions": marker,
				"items": [{"material_name": "营业执照", "problem": "Missing"}],
			},
			{"instructions": marker},
		),
		"extension": ({"case": w.case_a, "extension_days": 2, "reason": marker}, {"reason": marker}),
		"card": (
			{
				"case": w.case_a,
				"level": "Red",
				"card_date": today,
				"hall": w.hall,
				"department": w.dept_a,
				"window": w.window_a,
				"staff": w.subject_a,
			},
			{"case": w.case_a, "level": "Red"},
		),
		"appointment": (
			{
				"hall": w.hall,
				"matter": w.matter_a,
				"appointment_date": w.day,
				"slot_start": "10:00:00",
				"applicant_name": marker,
				"mobile": "13912340000",
			},
			{"applicant_name": marker},
		),
		"rating": (
			{
				"rating_for": "Window Visit",
				"window": w.window_a,
				"level": "Satisfied",
				"channel": "Window Evaluator",
				"comment": marker,
			},
			{"comment": marker},
		),
		"rectification": (
			{"rating": w.appeal_ratings[role], "opened_on": today, "comment": marker},
			{"comment": marker},
		),
		"appeal": (
			{"rating": w.appeal_ratings[role], "reason": "Mistaken Review", "explanation": marker},
			{"explanation": marker},
		),
		"complaint": (
			{
				"hall": w.hall,
				"source": "Walk-in",
				"category": "Efficiency",
				"subject_type": "Window",
				"window": w.window_a,
				"description": marker,
				"is_anonymous": 1,
			},
			{"description": marker},
		),
		"inspection": (
			{
				"inspection_type": "Open Inspection",
				"inspector_type": "Manager" if role == mx.MANAGER else "Supervisor",
				"hall": w.hall,
				"subject_type": "Window",
				"window": w.window_a,
				"findings": marker,
			},
			{"findings": marker},
		),
		"supervisor": (
			{
				"full_name": marker,
				"supervisor_type": "Citizen",
				"hall": w.hall,
				"appointed_from": "2025-01-01",
				"appointed_to": "2027-12-31",
			},
			{"full_name": marker},
		),
		"run_draft": ({"hall": w.hall, "quarter": "2024-Q4", "notes": marker}, {"notes": marker}),
		"run_published": ({"hall": w.hall, "quarter": "2024-Q3", "notes": marker}, {"notes": marker}),
		"briefing": (
			{"department": w.dept_c, "run": w.run_published, "remarks": marker},
			{"remarks": marker},
		),
		"staff": (
			{
				"user": w.manager,
				"department": w.dept_a,
				"employment_type": "Civil Servant",
				"on_site_from": "2025-01-02",
				"position": marker,
			},
			{"position": marker},
		),
		"window": (
			{
				"window_number": marker[-6:],
				"window_name": marker,
				"window_type": "Professional",
				"hall": w.hall,
				"department": w.dept_a,
				"status": "Active",
			},
			{"window_name": marker},
		),
		"activity": (
			{
				"title": marker,
				"activity_type": "Training",
				"status": "Planned",
				"hall": w.hall,
				"starts_on": f"{w.day} 15:00:00",
				"ends_on": f"{w.day} 16:00:00",
				"organiser_type": "Hall",
			},
			{"title": marker},
		),
		"programme": (
			{
				"programme_name": marker,
				"activity_type": "Training",
				"hall": w.hall,
				"frequency": "Weekly",
				"weekday": "Friday",
				"time_of_day": "15:00:00",
				"duration_minutes": 30,
				"organiser_type": "Hall",
			},
			{"programme_name": marker},
		),
		"override_log": (
			{
				"changed_on": f"{today} 09:00:00",
				"manager": w.manager,
				"reference_doctype": "GH Case",
				"reference_name": w.case_a,
				"fieldname": "time_limit_days",
				"reason": marker,
			},
			{"reason": marker},
		),
		"personal_data_access": (
			{
				"accessed_on": f"{today} 09:00:00",
				"user": w.staff_a,
				"reference_doctype": "GH Case",
				"reference_name": w.case_a,
				"fields_shown": marker,
			},
			{"fields_shown": marker},
		),
		"brand": (
			{
				"brand_name": marker,
				"brand_for": "Department",
				"hall": w.hall,
				"department": w.dept_a,
				"concept": "用心服务，群众满意",
			},
			{"brand_name": marker},
		),
		"brand_review": (
			{
				"brand": w.brand_under_review,
				"review_type": "Naming Review",
				"year": w.review_year,
				"panel": [{"reviewer": w.sup1}],
				"decision_notes": marker,
			},
			{"decision_notes": marker},
		),
		"score_sheet": (
			{"review": w.review_a, "scores": [{"criterion": w.criterion, "score": 10, "comment": marker}]},
			[["GH Brand Score", "comment", "=", marker]],
		),
		"commitment": (
			{
				"commitment_for": "Staff",
				"hall": w.hall,
				"staff": w.subject_a,
				"category": "Attitude",
				"title": marker,
				"content": "热心、细心、耐心。",
			},
			{"title": marker},
		),
		# a ticket has no free text: what the role's request made is found by its maker and time
		"queue_ticket": (
			{"hall": w.hall, "department": w.dept_a},
			{
				"hall": w.hall,
				"owner": w.actors[role] or "Guest",
				"creation": (">=", frappe.utils.now_datetime()),
			},
		),
		# issue 15: a slot at A's second window on a coming day of the role's own (slots are unique
		# per staff, day, session and window), a punch at a minute of the role's own
		"duty_slot": (
			{
				"window": w.window_a2,
				"duty_date": w.create_days[role],
				"session": "Morning",
				"staff": w.staff_a,
				"post_role": "Extra",
			},
			{"window": w.window_a2, "duty_date": w.create_days[role], "staff": w.staff_a},
		),
		"punch": (
			{
				"staff": w.subject_a,
				"punch_time": f"{w.punch_day} 09:{mx.ROLE_ORDER.index(role):02d}:00",
				"direction": "In",
				"reason": marker,
			},
			{"reason": marker},
		),
		"empty_window": (
			{
				"hall": w.hall,
				"department": w.dept_a,
				"window": w.window_a2,
				"duty_date": w.create_days[role],
				"session": "Morning",
				"status": "Open",
				"notified_users": marker,
			},
			{"notified_users": marker},
		),
		# everyone on site files their own leave (managers for anyone: staff A)
		"leave": (
			{
				"staff": w.staff_a,
				"leave_type": "Personal Leave",
				"from_date": w.create_days[role],
				"from_session": "Morning",
				"to_date": w.create_days[role],
				"to_session": "Afternoon",
				"reason": marker,
			},
			{"reason": marker},
		),
		"attendance_import": (
			{"hall": w.hall, "import_file": f"/private/files/{marker}.csv"},
			{"import_file": f"/private/files/{marker}.csv"},
		),
		"agency_briefing": (
			{"home_agency": w.agency_c, "month": "2025-02", "remarks": marker},
			{"remarks": marker},
		),
		# issue 16: a message row, a template of a key of its own, an opt-out
		"sms_message": (
			{
				"template": "case_received",
				"case": w.case_a,
				"mobile": "13812345678",
				"text": marker,
				"status": "Sent",
				"dedupe_key": marker,
			},
			{"dedupe_key": marker},
		),
		"sms_template": (
			{"template_key": marker, "title": marker, "body": "您的办件{case}已收件。"},
			{"title": marker},
		),
		"sms_opt_out": ({"mobile_hash": marker, "source": "Hall Staff"}, {"mobile_hash": marker}),
		"matter": (
			{
				"matter_name": marker,
				"matter_code": marker,
				"department": w.dept_a,
				"legal_time_limit": 20,
				"promised_time_limit": 5,
				"complexity": 3,
				"status": "Active",
			},
			{"matter_name": marker},
		),
	}
	return payloads[key]


WEB_RATING = "create with channel Web or SMS Link"
NAMED_BRAND = "create with status Named"
VIA_CARD = "create with a staff card (via_card)"
SIGNED = "create signed (docstatus 1)"
OTHER_REVIEWER = "create for another reviewer"
CALLED_TICKET = "create called to a window"
PAST_SLOT = "create for a past day"
COVER_SLOT = "create as a Cover slot"
NO_REASON = "create without a reason"
FUTURE_PUNCH = "create in the future"
APPROVED_LEAVE = "create as Approved"
CROSS_CREATE = "create at A's window for the county's matter"


def variant_payload(w, key: str, variant: str, role: str, marker: str) -> tuple[dict, dict]:
	"""A create the matrix names (``Record.creates``): refused for what it sends."""
	if variant == WEB_RATING:
		return (
			{
				"rating_for": "Case",
				"case": w.case_ref_a,
				"level": "Very Satisfied",
				"channel": "Web",
				"comment": marker,
			},
			{"comment": marker},
		)
	payload, finder = create_payload(w, "case" if key == "case_cross" else key, role, marker)
	if variant == NAMED_BRAND:
		return {**payload, "status": "Named"}, finder
	if variant == VIA_CARD:  # only the public endpoints stamp the card the citizen came from
		return {**payload, "via_card": w.subject_a}, finder
	if variant == SIGNED:  # created and signed at once: the signer rule holds
		return {**payload, "docstatus": 1}, finder
	if variant == OTHER_REVIEWER:
		return {**payload, "reviewer": w.manager if role == mx.SUPERVISOR_OWN else w.sup1}, finder
	if variant == CALLED_TICKET:  # past the queue, straight to a window
		return {**payload, "status": "Called", "window": w.window_a, "staff": w.subject_a}, finder
	if variant == PAST_SLOT:  # past days are figures
		return {**payload, "duty_date": w.punch_day}, {**finder, "duty_date": w.punch_day}
	if variant == COVER_SLOT:  # Cover slots come from approved leave
		return {**payload, "post_role": "Cover", "session": "Afternoon"}, {**finder, "session": "Afternoon"}
	if variant == NO_REASON:  # a manager's entry needs its reason
		punch_time = f"{w.punch_day} 10:{mx.ROLE_ORDER.index(role):02d}:00"
		return (
			{**payload, "reason": "", "punch_time": punch_time},
			{"staff": w.subject_a, "punch_time": punch_time},
		)
	if variant == FUTURE_PUNCH:  # a punch is never in the future
		return {**payload, "punch_time": f"{w.future_day} 09:{mx.ROLE_ORDER.index(role):02d}:00"}, finder
	if variant == APPROVED_LEAVE:  # past the workflow
		return {**payload, "status": "Approved", "approved_by": w.manager}, finder
	if variant == CROSS_CREATE:  # A's window receives the county's matter: A's case to receive
		return {**payload, "matter": w.matter_cross_a}, finder
	raise AssertionError(variant)  # pragma: no cover


# ---------------------------------------------------------------------------------------------
# The test case


class MatrixTestCase(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.w = mw.world()
		cls.secrets = secrets(cls.w)

	def tearDown(self):
		frappe.set_user("Administrator")
		super().tearDown()

	def as_(self, role: str) -> HttpUser:
		return session(self.w, role)

	# -- reading ----------------------------------------------------------------------------------

	def records_of(self, record: mx.Record) -> tuple[str, str | None]:
		return self.w[record.own], (self.w[record.other] if record.other else None)

	def expected_names(self, record: mx.Record, role: str, outcome: str) -> set:
		own, other = self.records_of(record)
		both = {own, other} - {None}
		if outcome in (mx.ALLOWED, mx.MASKED):
			return both
		if outcome in (mx.SCOPED, mx.SCOPED_MASKED):
			return {other} - {None} if role in mx.OTHER_SIDE else {own}
		return set()

	def full_reader(self, outcome: str) -> bool:
		return outcome in (mx.ALLOWED, mx.SCOPED)

	def check_personal(self, record: mx.Record, outcome: str, answer, shown: set, columns: bool):
		"""No personal data unless the outcome allows it; where it does and the answer carries the
		columns, the personal data of a shown record is there (so the masked cells can fail)."""
		own, other = self.records_of(record)
		own_secrets, other_secrets = self.secrets.get(record.key, ((), ()))
		text = answer.text
		if not self.full_reader(outcome):
			for secret in (*own_secrets, *other_secrets):
				self.assertFalse(contains(text, secret), f"personal data {secret} in {answer}")
			return
		if columns:
			expected = [*(own_secrets if own in shown else ()), *(other_secrets if other in shown else ())]
			if columns == "html":  # a printed page: the values as text, no JSON to match
				expected = [s for s in expected if not isinstance(s, re.Pattern)]
			if expected:
				self.assertTrue(any(contains(text, s) for s in expected), f"no personal data in {answer}")

	def assert_list(self, record, role, outcome, answer, columns=False, found=None):
		columns = columns and bool(record.personal) and not record.parent
		expected = self.expected_names(record, role, outcome)
		own, other = self.records_of(record)
		if answer.status in REFUSED_STATUS and not expected:
			self.check_personal(record, mx.REFUSED, answer, set(), columns)
			return
		self.assertEqual(answer.status, 200, answer)
		shown = (found if found is not None else names(answer)) & ({own, other} - {None})
		self.assertEqual(shown, expected, answer)
		self.check_personal(record, outcome, answer, shown, columns)

	def assert_single(self, record, role, outcome, answer, name, html=False):
		if outcome == mx.REFUSED:
			if html:  # a page: the error page, or nothing of the record
				if answer.status == 200:
					self.assertNotIn(
						name, answer.text.replace(f"name={quote(name)}", "").replace(f"name={name}", "")
					)
			else:
				self.assertIn(answer.status, REFUSED_STATUS, answer)
			self.check_personal(record, mx.REFUSED, answer, set(), False)
			return
		self.assertEqual(answer.status, 200, answer)
		self.assertIn(name, answer.text)
		self.check_personal(record, outcome, answer, {name}, "html" if html else True)

	def name_filter(self, record) -> list:
		own, other = self.records_of(record)
		return [[record.doctype, "name", "in", [n for n in (own, other) if n]]]

	def fields(self, record) -> list[str]:
		return ["name", *record.personal]

	def qualified(self, record) -> list[str]:
		return [f"`tab{record.doctype}`.`{field}`" for field in self.fields(record)]

	def run_read(self, record: mx.Record, action: str, role: str, outcome: str):
		user = self.as_(role)
		doctype = record.doctype
		own, _other = self.records_of(record)
		filters = self.name_filter(record)
		parent = {"parent_doctype": record.parent} if record.parent else {}
		if action == mx.READ:
			answers = [user.get_doc(doctype, own)]
			if not record.parent:
				answers += [
					user.call("frappe.desk.form.load.getdoc", http_method="GET", doctype=doctype, name=own),
					user.call("frappe.client.get", doctype=doctype, name=own),
				]
			for answer in answers:
				self.assert_single(record, role, outcome, answer, own)
		elif action == mx.LIST:
			if record.parent:
				answer = user.call(
					"frappe.client.get_list",
					doctype=doctype,
					parent=record.parent,
					fields=[*self.fields(record), "parent"],
					filters=filters,
					limit_page_length=0,
				)
				self.assert_list(record, role, outcome, answer, columns=True)
				return
			self.assert_list(
				record,
				role,
				outcome,
				user.get_list(doctype, fields=self.fields(record), filters=filters, limit_page_length=0),
				columns=True,
			)
			self.assert_list(
				record,
				role,
				outcome,
				user.call(
					"frappe.client.get_list",
					doctype=doctype,
					fields=self.fields(record),
					filters=filters,
					limit_page_length=0,
				),
				columns=True,
			)
			expected = self.expected_names(record, role, outcome)
			for name in (n for n in self.records_of(record) if n):
				answer = user.call(
					"frappe.client.get_value",
					doctype=doctype,
					fieldname=self.fields(record),
					filters={"name": name},
				)
				found = answer.message.get("name") if isinstance(answer.message, dict) else None
				if name in expected:
					self.assertEqual((answer.status, found), (200, name), answer)
				else:
					self.assertTrue(answer.status in REFUSED_STATUS or not found, answer)
				self.check_personal(record, outcome, answer, {found} - {None}, bool(record.personal))
		elif action == mx.REPORT_VIEW:
			answer = user.call(
				"frappe.desk.reportview.get",
				doctype=doctype,
				fields=json.dumps(self.qualified(record)),
				filters=json.dumps(filters),
				page_length=500,
				**parent,
			)
			self.assert_list(record, role, outcome, answer, columns=True)
		elif action == mx.COUNT:
			expected = len(self.expected_names(record, role, outcome))
			answers = [
				user.call(
					"frappe.desk.reportview.get_count", doctype=doctype, filters=json.dumps(filters), **parent
				)
			]
			if not record.parent:
				answers.append(user.call("frappe.client.get_count", doctype=doctype, filters=filters))
			for answer in answers:
				if answer.status in REFUSED_STATUS and not expected:
					continue
				self.assertEqual(answer.status, 200, answer)
				self.assertEqual(answer.message, expected, answer)
		elif action == mx.GROUP_BY:
			answer = user.call(
				"frappe.desk.listview.get_group_by_count",
				doctype=doctype,
				current_filters=json.dumps(filters),
				field="name",
			)
			self.assert_list(record, role, outcome, answer)
		elif action in (mx.SEARCH, mx.SEARCH_ALL):
			everything = int(action == mx.SEARCH_ALL)
			own, other = self.records_of(record)
			search_filters = json.dumps({"name": ["in", [n for n in (own, other) if n]]})
			answer = user.call(
				"frappe.desk.search.search_link",
				doctype=doctype,
				txt="",
				filters=search_filters,
				page_length=50,
				ignore_user_permissions=everything,
			)
			self.assert_list(record, role, outcome, answer)
			if everything:
				answer = user.call(
					"frappe.desk.search.search_widget",
					doctype=doctype,
					txt="",
					filters=search_filters,
					page_length=50,
					ignore_user_permissions=1,
				)
				self.assert_list(record, role, outcome, answer)
		elif action == mx.EXPORT:
			answer = user.request(
				"POST",
				"/api/method/frappe.desk.reportview.export_query",
				data={
					"doctype": doctype,
					"file_format_type": "CSV",
					"fields": json.dumps(self.qualified(record)),
					"filters": json.dumps(filters),
				},
			)
			found = {n for n in self.records_of(record) if n and n in answer.text}
			self.assert_list(record, role, outcome, answer, columns=True, found=found)
		elif action == mx.PRINT:
			page = user.page(
				f"/printview?{urlencode({'doctype': doctype, 'name': own, 'format': 'Standard'})}"
			)
			self.assert_single(record, role, outcome, page, own, html=True)
			answer = user.call("frappe.www.printview.get_html_and_style", doc=doctype, name=own)
			self.assert_single(record, role, outcome, answer, own, html=True)
			if outcome == mx.REFUSED:
				pdf = user.call(
					"frappe.utils.print_format.download_pdf", http_method="GET", doctype=doctype, name=own
				)
				self.assertIn(pdf.status, REFUSED_STATUS, pdf)
		elif action == mx.LINKED:
			counts = user.call("frappe.desk.notifications.get_open_count", doctype=doctype, name=own)
			links = user.call("frappe.desk.form.linked_with.get", doctype=doctype, docname=own)
			if outcome == mx.REFUSED:
				self.assertIn(counts.status, REFUSED_STATUS, counts)
				self.assertIn(links.status, REFUSED_STATUS, links)
			else:
				self.assertEqual(counts.status, 200, counts)
				# Frappe refuses the links dialog to anyone who may not read every linked doctype
				self.assertIn(links.status, (200, 403), links)
			for answer in (counts, links):
				self.check_personal(
					record, mx.MASKED if outcome != mx.ALLOWED else outcome, answer, set(), False
				)
		else:  # pragma: no cover
			raise AssertionError(action)

	# -- writing ----------------------------------------------------------------------------------

	def assert_refused_and_unchanged(self, answer, before: dict, what: str):
		self.assertIn(answer.status, REFUSED_STATUS, f"{what}: {answer}")
		diff = same(before, snapshot(before["doctype"], before["name"]))
		self.assertEqual(diff, [], f"{what} changed {diff} although refused: {answer}")

	def created(self, doctype: str, filters: dict) -> list:
		fresh()
		return frappe.get_all(doctype, filters=filters, pluck="name")

	def run_create(self, record: mx.Record, role: str, outcome: str, variant: str = ""):
		marker = f"矩阵{frappe.generate_hash(length=8)}"
		payload, finder = (
			variant_payload(self.w, record.key, variant, role, marker)
			if variant
			else create_payload(self.w, record.key, role, marker)
		)
		answer = self.as_(role).insert(record.doctype, payload)
		made = self.created(record.doctype, finder)
		if outcome == mx.ALLOWED:
			self.assertEqual(answer.status, 200, answer)
			self.assertEqual(len(made), 1, answer)
		else:
			self.assertIn(answer.status, REFUSED_STATUS, answer)
			self.assertEqual(made, [], f"created although refused: {answer}")

	def payload_is_valid(self, record: mx.Record, variant: str = ""):
		"""A create every role is refused must be refused for the role, not for its values: the same
		payload goes through for Administrator (rolled back). A named variant is refused for what it
		sends."""
		if variant or record.key in (
			"rectification",
			"card",
			"override_log",
			"personal_data_access",
			"sms_message",
			"sms_opt_out",
		):
			return  # the doctype has no create permission for any role: nothing to prove with values
		if record.key == "sms_template":
			return  # every message the hall sends has its template: a new key is refused for what it is
		marker = f"矩阵{frappe.generate_hash(length=8)}"
		payload, _finder = create_payload(self.w, record.key, mx.MANAGER, marker)
		fresh()
		frappe.set_user("Administrator")
		frappe.db.savepoint("matrix_payload")
		try:
			frappe.get_doc({"doctype": record.doctype, **payload}).insert()
		finally:
			frappe.db.rollback(save_point="matrix_payload")
			fresh()

	def write_paths(self, role: str, record: mx.Record, values: dict):
		user = self.as_(role)
		own = self.w[record.own]
		yield "PUT", lambda: user.update(record.doctype, own, values)
		if len(values) == 1:
			((fieldname, value),) = values.items()
			if not isinstance(value, list):
				yield (
					"set_value",
					lambda: user.call(
						"frappe.client.set_value",
						doctype=record.doctype,
						name=own,
						fieldname=fieldname,
						value=value,
					),
				)

	def written(self, record: mx.Record) -> object:
		"""The stored value of the record's ordinary field (of its first row for "table.field")."""
		own = self.w[record.own]
		fresh()
		if "." not in record.write_field:
			return frappe.db.get_value(record.doctype, own, record.write_field)
		table, fieldname = record.write_field.split(".")
		child = frappe.get_meta(record.doctype).get_field(table).options
		return frappe.db.get_value(
			child, {"parent": own, "parenttype": record.doctype, "parentfield": table, "idx": 1}, fieldname
		)

	def write_values(self, record: mx.Record, value) -> dict:
		if "." not in record.write_field:
			return {record.write_field: value}
		table, fieldname = record.write_field.split(".")
		item = mx.Controlled(fieldname, mx.STATE, value, table=table)
		return self.controlled_values(record, item, snapshot(record.doctype, self.w[record.own]))

	def run_write(self, record: mx.Record, role: str, outcome: str):
		own = self.w[record.own]
		value = f"矩阵{frappe.generate_hash(length=6)}"
		# fields whose values are not free text: a value of their own
		value = {
			"level": "Red",
			"floor": "9F",
			"post_role": "Extra",
			"cover_staff": self.w.cover_a,
			"import_file": f"/private/files/{value}.csv",
		}.get(record.write_field, value)
		for path, send in self.write_paths(role, record, self.write_values(record, value)):
			before = snapshot(record.doctype, own)
			answer = send()
			if outcome == mx.ALLOWED:
				self.assertEqual(answer.status, 200, f"{path}: {answer}")
				self.assertEqual(self.written(record), value, path)
				restore(before)
			else:
				self.assert_refused_and_unchanged(answer, before, path)

	def run_delete(self, record: mx.Record, role: str):
		own = self.w[record.own]
		user = self.as_(role)
		for path, send in (
			("DELETE", lambda: user.delete(record.doctype, own)),
			(
				"frappe.client.delete",
				lambda: user.call("frappe.client.delete", doctype=record.doctype, name=own),
			),
		):
			before = snapshot(record.doctype, own)
			self.assert_refused_and_unchanged(send(), before, path)

	def run_method(self, record: mx.Record, method: str, role: str, outcome: str):
		own = self.w[record.own]
		args = {"name": f"{own}-X"} if method == "rename" else {}
		before = snapshot(record.doctype, own)
		answer = self.as_(role).request(
			"POST",
			"/api/method/run_doc_method",
			json={"dt": record.doctype, "dn": own, "method": method, "args": json.dumps(args)},
		)
		if outcome == mx.ALLOWED:
			self.assertEqual(answer.status, 200, answer)
			self.assertNotEqual(same(before, snapshot(record.doctype, own)), [], answer)
			restore(before)
		else:
			self.assert_refused_and_unchanged(answer, before, method)
			fresh()
			self.assertTrue(frappe.db.exists(record.doctype, own))

	def run_workflow(self, record: mx.Record, action: str, role: str, outcome: str):
		own = self.w[record.own]
		before = snapshot(record.doctype, own)
		answer = self.as_(role).call(
			"frappe.model.workflow.apply_workflow",
			doc=json.dumps({"doctype": record.doctype, "name": own}),
			action=action,
		)
		if outcome == mx.ALLOWED:
			self.assertEqual(answer.status, 200, answer)
			self.assertIn("status", same(before, snapshot(record.doctype, own)), answer)
			restore(before)
		else:
			self.assert_refused_and_unchanged(answer, before, action)

	def controlled_values(self, record: mx.Record, item: mx.Controlled, before: dict) -> dict:
		meta = frappe.get_meta(record.doctype)
		if not item.table:
			return {item.fieldname: new_value(self.w, meta, item, (before["row"] or {}).get(item.fieldname))}
		child = meta.get_field(item.table).options
		rows = [
			{k: v for k, v in row.items() if k not in ("modified", "modified_by")}
			for row in before["children"][child]
		]
		rows = json.loads(frappe.as_json(rows))
		rows[0][item.fieldname] = new_value(self.w, frappe.get_meta(child), item, rows[0].get(item.fieldname))
		return {item.table: rows}

	def run_controlled(self, record: mx.Record, item: mx.Controlled, role: str, outcome: str):
		own = self.w[record.own]
		before = snapshot(record.doctype, own)
		values = self.controlled_values(record, item, before)
		field = item.table or item.fieldname
		what = f"{record.doctype}.{item.label}"
		if outcome == mx.REFUSED:
			for path, send in self.write_paths(role, record, values):
				self.assert_refused_and_unchanged(send(), before, f"{what} by {path}")
			return
		if outcome == mx.RECOMPUTED:
			answer = self.as_(role).update(record.doctype, own, values)
			self.assertNotEqual(answer.status, 500, answer)
			after = snapshot(record.doctype, own)
			# a derived table is made again (new row names): its values must be the app's
			diff = same(before, after, [field], row_ignore=("modified", "modified_by", "name", "creation"))
			if item.table:  # the row's own field: the app may recompute the rest of the row
				diff = [d for d in diff if d.endswith(f"].{item.fieldname}")]
			self.assertEqual(diff, [], f"{what} kept the value sent: {answer}")
			if answer.status == 200:
				restore(before)
			return
		if outcome == mx.WITH_REASON:
			self.assert_refused_and_unchanged(
				self.as_(role).update(record.doctype, own, values), before, f"{what} without a reason"
			)
			reason = f"矩阵理由{frappe.generate_hash(length=6)}"
			if item.table and frappe.get_meta(record.doctype).get_field(item.table):
				# the row's reason field of this override (an adjustment's, an attendance adjustment's)
				rows = declaration(record.doctype).rows.get(item.table)
				reason_field = (rows.reason_fields if rows else {}).get(item.fieldname, "adjustment_reason")
				for row in values[item.table][:1]:
					row[reason_field] = reason
			answer = self.as_(role).update(record.doctype, own, {**values, "override_reason": reason})
			self.assertEqual(answer.status, 200, answer)
			self.assertNotEqual(same(before, snapshot(record.doctype, own), [field]), [], answer)
			self.assertTrue(
				frappe.db.exists("GH Override Log", {"reference_name": own, "reason": reason}), "not logged"
			)
			restore(before)
			return
		# ALLOWED (a manager's field)
		answer = self.as_(role).update(record.doctype, own, values)
		self.assertEqual(answer.status, 200, answer)
		self.assertNotEqual(same(before, snapshot(record.doctype, own), [field]), [], answer)
		restore(before)


# ---------------------------------------------------------------------------------------------
# One test per record and action, one subTest per role; made from the matrix


def _slug(text: str) -> str:
	return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def _related(record: mx.Record) -> list[tuple[str, str]]:
	"""Records an allowed write of ``record`` changes besides itself, put back afterwards."""
	return {
		"extension": [("GH Case", "case_a")],
		"run_draft": [],
		# deciding a review records it on the brand and moves the brand's workflow
		"brand_review": [("GH Service Brand", "brand_named_a")],
		# a submitted sheet counts in its review's average
		"score_sheet": [("GH Brand Review", "review_a")],
	}.get(record.key, [])


def _reading_test(record: mx.Record, action: str):
	def test(self):
		for role in mx.ROLE_ORDER:
			with self.subTest(role=role):
				self.run_read(record, action, role, record.outcome(action, role))

	test.__doc__ = f"{record.label}: {action} ({mx.ACTIONS[action]})"
	return test


def _writing_test(record: mx.Record, action: str, detail: str = ""):
	def test(self):
		if action == mx.CREATE and all(c == mx.REFUSED for c in self.cells(record, action, detail).values()):
			self.payload_is_valid(record, variant=detail)
		for role in mx.ROLE_ORDER:
			outcome = self.cells(record, action, detail)[role]
			with self.subTest(role=role):
				related = [snapshot(doctype, self.w[key]) for doctype, key in _related(record)]
				try:
					if action == mx.CREATE:
						self.run_create(record, role, outcome, variant=detail)
					elif action == mx.WRITE:
						self.run_write(record, role, outcome)
					elif action == mx.DELETE:
						self.run_delete(record, role)
					elif action in (mx.SUBMIT, mx.CANCEL, mx.RENAME):
						self.run_method(record, action.rsplit(" ", 1)[1], role, outcome)
					elif action == "method":
						self.run_method(record, detail, role, outcome)
					elif action == "workflow":
						self.run_workflow(record, detail, role, outcome)
				finally:
					for snap in related:
						if same(snap, snapshot(snap["doctype"], snap["name"])):
							restore(snap)

	test.__doc__ = f"{record.label}: {detail or action}"
	return test


def _controlled_test(record: mx.Record, item: mx.Controlled):
	def test(self):
		for role in mx.ROLE_ORDER:
			with self.subTest(role=role):
				related = [snapshot(doctype, self.w[key]) for doctype, key in _related(record)]
				try:
					self.run_controlled(record, item, role, mx.controlled_outcome(record, item, role))
				finally:
					for snap in related:
						if same(snap, snapshot(snap["doctype"], snap["name"])):
							restore(snap)

	test.__doc__ = f"{record.label}: write controlled {item.label} ({item.kind})"
	return test


def _cells(self, record: mx.Record, action: str, detail: str) -> dict:
	if action == mx.CREATE and detail:
		return record.creates[detail]
	if action == "method":
		return record.methods[detail]
	if action == "workflow":
		return record.workflow[detail]
	return record.cells[action]


MatrixTestCase.cells = _cells


class TestMatrixReads(MatrixTestCase):
	"""Every read path of every record, as every role."""


class TestMatrixWrites(MatrixTestCase):
	"""Create, ordinary write, delete, doc methods and workflow actions, as every role."""


class TestMatrixControlledFields(MatrixTestCase):
	"""Every controlled field of every record, as every role: refused, recomputed, or a manager's
	change with a reason."""


for _record in mx.ALL_RECORDS:
	for _action in _record.actions:
		if _action in mx.READ_ACTIONS:
			setattr(TestMatrixReads, f"test_{_record.key}__{_slug(_action)}", _reading_test(_record, _action))
		else:
			setattr(
				TestMatrixWrites, f"test_{_record.key}__{_slug(_action)}", _writing_test(_record, _action)
			)
	for _name in _record.creates:
		setattr(
			TestMatrixWrites, f"test_{_record.key}__{_slug(_name)}", _writing_test(_record, mx.CREATE, _name)
		)
	for _name in _record.methods:
		setattr(
			TestMatrixWrites,
			f"test_{_record.key}__method_{_slug(_name)}",
			_writing_test(_record, "method", _name),
		)
	for _name in _record.workflow:
		setattr(
			TestMatrixWrites,
			f"test_{_record.key}__workflow_{_slug(_name)}",
			_writing_test(_record, "workflow", _name),
		)
	for _item in _record.controlled:
		setattr(
			TestMatrixControlledFields,
			f"test_{_record.key}__controlled_{_slug(_item.label)}",
			_controlled_test(_record, _item),
		)


# ---------------------------------------------------------------------------------------------
# Script reports and number cards


def report_filters(w, report: str) -> dict:
	today = frappe.utils.nowdate()
	period = {
		"hall": w.hall,
		"from_date": "2025-01-01",
		"to_date": frappe.utils.add_days(today, 30),
		"group_by": "Department",
	}
	return {
		"GH Red-Flag Windows": {"hall": w.hall, "quarter": "2025-Q1"},
		"GH Service Stars": {"hall": w.hall, "quarter": "2025-Q1"},
		"GH Annual Honours": {"hall": w.hall, "year": "2025"},
		"GH Manager Overrides": {"hall": w.hall, "quarter": "2025-Q1"},
		"GH Open Cases and Cards": {"hall": w.hall},
		"GH Service Brands": {"hall": w.hall},
		"GH Brand Commitments": {"hall": w.hall, "year": w.review_year},
		"GH Staff Card Reach": {**period, "group_by": "Staff"},
		"GH Queue Now": {"hall": w.hall},
		"GH Leave Balance": {"hall": w.hall, "year": int(w.leave_day[:4])},
		# issue 16: the receiving hall's cross-hall cases
		"GH Cross-Hall Cases": {**period, "group_by": "Matter"},
		"GH Hand-over Times": {**period, "group_by": "Department"},
		"GH Hand-overs Waiting": {"hall": w.hall},
		"GH Near-Home Share": {**period, "group_by": "Matter"},
	}.get(report, period)


# reports whose answer to a manager names both departments in the world (so that a scoped answer
# without the other department's records proves the scope)
REPORTS_WITH_BOTH_DEPARTMENTS = {
	"GH Open Cases and Cards",
	"GH Service Satisfaction",
	"GH Bad Review Rectification",
	"GH Complaint Analysis",
	"GH Activity Participation",
	"GH Red-Flag Windows",
	"GH Service Stars",
	"GH Manager Overrides",
	"GH Service Brands",
	"GH Brand Commitments",
	"GH Staff Card Reach",
	"GH Queue Wait Times",
	"GH Queue Now",
	"GH Attendance",
	"GH Empty Windows",
	"GH Leave Balance",
	"GH Cross-Hall Cases",
	"GH Hand-over Times",
	"GH Hand-overs Waiting",
	"GH Near-Home Share",
}
# reports whose rows count the hall's queue tickets (the column): the rows of a scoped answer add up
# to the tickets of the user's department, a manager's to all of the hall's (the hourly rows of GH
# Queue Load name no department, so their count is what proves the scope)
REPORT_TICKET_COUNTS = {"GH Queue Wait Times": "tickets", "GH Queue Load": "tickets"}


def department_markers(w, side: str) -> tuple:
	"""What names a department's records in a report: its own, and (issue 16) the cases it received
	for the county, their matter and their handling department."""
	cross = tuple(
		w[f"{key}_{side}"]
		for key in ("case_cross", "case_transit", "case_issued", "matter_cross", "dept_county")
	)
	if side == "a":
		return (w.dept_a, w.window_a, w.case_a, w.subject_a, *cross)
	return (w.dept_b, w.window_b, w.case_b, w.subject_b, *cross)


class TestMatrixReportsAndCards(MatrixTestCase):
	"""Script reports and number cards, as every role."""

	def run_report(self, report: str, role: str, outcome: str):
		answer = self.as_(role).call(
			"frappe.desk.query_report.run",
			report_name=report,
			filters=json.dumps(report_filters(self.w, report)),
			ignore_prepared_report=1,
		)
		if outcome == mx.REFUSED:
			self.assertIn(answer.status, REFUSED_STATUS, answer)
			return answer
		self.assertEqual(answer.status, 200, answer)
		text = json.dumps(answer.message.get("result"), ensure_ascii=False, default=str)
		if outcome == mx.SCOPED:
			others = department_markers(self.w, "a" if role in mx.OTHER_SIDE else "b")
			for marker in others:
				self.assertNotIn(marker, text, f"{report} shows the other department's {marker}")
		if outcome in (mx.MASKED, mx.SCOPED):
			self.assertIsNone(INTEGRITY.search(answer.text), f"{report} shows integrity complaints")
		if outcome == mx.ALLOWED and report in REPORTS_WITH_BOTH_DEPARTMENTS:
			for side in ("a", "b"):
				self.assertTrue(
					any(marker in text for marker in department_markers(self.w, side)),
					f"{report}: nothing of department {side.upper()} for a manager",
				)
		if report in REPORT_TICKET_COUNTS:
			column = REPORT_TICKET_COUNTS[report]
			rows = [row for row in answer.message.get("result") or [] if not row.get("bold")]
			self.assertEqual(
				sum(frappe.utils.cint(row.get(column)) for row in rows),
				self.tickets_expected(role, outcome),
				f"{report}: {column} of {role}",
			)
		return answer

	def tickets_expected(self, role: str, outcome: str) -> int:
		"""The hall's queue tickets (but cancelled ones) ``role`` may count, counted by Administrator."""
		filters = {"hall": self.w.hall, "status": ("!=", "Cancelled")}
		if outcome != mx.ALLOWED:
			filters["department"] = self.w.dept_b if role in mx.OTHER_SIDE else self.w.dept_a
		fresh()
		return frappe.db.count("GH Queue Ticket", filters)

	def card_expected(self, card, role: str) -> int:
		"""The card's count over what ``role`` may read, counted by Administrator."""
		w = self.w
		doctype = card.document_type
		filters = self.card_filters(card)
		if role in (mx.SUPERVISOR_OWN, mx.SUPERVISOR_OTHER):
			supervisor = w.supervisor_1 if role == mx.SUPERVISOR_OWN else w.supervisor_2
			filters.append([doctype, "supervisor", "=", supervisor])
		elif role != mx.MANAGER:
			department = w.dept_b if role in mx.OTHER_SIDE else w.dept_a
			if doctype == "GH Case":
				# a case is its handling department's and (received for another hall, issue 16) its
				# receiving department's
				fresh()
				return len(
					{
						name
						for field in ("department", "receiving_department")
						for name in frappe.get_all(
							doctype, filters=[*filters, [doctype, field, "=", department]], pluck="name"
						)
					}
				)
			filters.append([doctype, "department", "=", department])
			if doctype == "GH Complaint":
				filters.append([doctype, "category", "!=", "Integrity"])
		fresh()
		return len(frappe.get_all(doctype, filters=filters, pluck="name"))

	def card_filters(self, card) -> list:
		"""The card's filters and the hall, as the desk sends them (the desk evaluates the dynamic
		filters in the browser: the server counts what it is sent)."""
		return [f[:4] for f in json.loads(card.filters_json or "[]")] + [
			[card.document_type, "hall", "=", self.w.hall]
		]

	def run_card(self, name: str, role: str, outcome: str):
		card = frappe.get_doc("Number Card", name)
		answer = self.as_(role).call(
			"frappe.desk.doctype.number_card.number_card.get_result",
			doc=json.dumps(card.as_dict(), default=str),
			filters=json.dumps(self.card_filters(card)),
		)
		if outcome == mx.REFUSED:
			self.assertTrue(answer.status in REFUSED_STATUS or answer.message == 0, answer)
			return
		self.assertEqual(answer.status, 200, answer)
		self.assertEqual(answer.message, self.card_expected(card, role), answer)


def _report_test(report: str):
	def test(self):
		for role in mx.ROLE_ORDER:
			with self.subTest(role=role):
				self.run_report(report, role, mx.REPORT_CELLS[report][role])

	return test


def _card_test(card: str):
	def test(self):
		counts = {}
		for role in mx.ROLE_ORDER:
			with self.subTest(role=role):
				self.run_card(card, role, mx.NUMBER_CARD_CELLS[card][role])
		return counts

	return test


for _report in mx.REPORT_CELLS:
	setattr(TestMatrixReportsAndCards, f"test_report_{_slug(_report)}", _report_test(_report))
for _card in mx.NUMBER_CARD_CELLS:
	setattr(TestMatrixReportsAndCards, f"test_card_{_slug(_card)}", _card_test(_card))


class TestMatrixIsComplete(FrappeTestCase):
	"""The matrix covers every controlled field the app declares and every scoped doctype."""

	def test_every_declared_controlled_field_is_in_the_matrix(self):
		listed = {}
		for record in mx.ALL_RECORDS:
			for item in record.controlled:
				listed.setdefault(record.doctype, set()).add((item.table or "", item.fieldname))
		missing = []
		for record in mx.RECORDS:
			decl = declaration(record.doctype)
			if not decl:
				continue
			declared = {*decl.derived, *decl.stamped, *decl.actions, *decl.overrides, *decl.managers_only}
			for fieldname in declared:
				if ("", fieldname) not in listed.get(record.doctype, set()) and not any(
					name == fieldname for _t, name in listed.get(record.doctype, set())
				):
					missing.append(f"{record.doctype}.{fieldname}")
			# a manager's overrides of a child table's rows (adjustments with their reasons)
			for table, rows in decl.rows.items():
				for fieldname in rows.overrides:
					if (table, fieldname) not in listed.get(record.doctype, set()):
						missing.append(f"{record.doctype}.{table}[0].{fieldname}")
		# fields a matrix row does not try on its own (told apart in the matrix's notes)
		missing = sorted(set(missing) - set(NOT_TRIED))
		self.assertEqual(missing, [], "controlled fields the matrix does not try")

	def test_every_scoped_doctype_is_in_the_matrix(self):
		from gov_hall.access.scope import SCOPES

		walked = {record.doctype for record in mx.ALL_RECORDS}
		self.assertEqual(sorted(set(SCOPES) - walked - set(NOT_WALKED)), [])


# declared controlled fields the matrix does not try on their own, and why
NOT_TRIED = {
	# the run's scheme: the test world has one assessment scheme to point it at
	"GH Assessment Run.scheme",
	# the Frappe Event an activity's calendar entry is made from: the world makes none
	"GH Culture Activity.event",
}
# scoped doctypes the matrix does not walk, and why
NOT_WALKED: set = set()
