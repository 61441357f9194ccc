"""The committed world the access matrix is walked in (gov_hall.access.matrix).

One hall with departments A and B (and C, with nobody, for a manager's new briefing); for each kind
of record one of A and one of B; the users of every column of the matrix. Built once per test run
through the app's own code (workflow actions, the citizen's rating path, the supervisor's own
complaint), as the users who would make them, and committed: every request of the tests runs in its
own database connection.
"""

from __future__ import annotations

import datetime

import frappe
from frappe.model.workflow import apply_workflow
from frappe.utils import add_days, getdate, nowdate

from gov_hall.access import matrix as mx
from gov_hall.setup.roles import CHIEF_REPRESENTATIVE, HALL_MANAGER, HALL_SUPERVISOR
from gov_hall.tests.assessment_data import make_run, staff_row, window_row
from gov_hall.tests.factories import (
	as_user,
	make_case,
	make_complaint,
	make_department,
	make_matter,
	make_rating,
	make_staff,
	make_supervisor,
	make_user,
	make_window,
	unique,
)
from gov_hall.tests.http import commit_world, set_password

# personal data only full readers may see (distinct per record, so a leak names its record)
ID_A, ID_B = "11010519491231002X", "110101199003077774"
MOBILE_A, MOBILE_B = "13811112222", "13933334444"
APPT_ID_A, APPT_ID_B = "110105199001010010", "110105199001010037"
APPT_MOBILE_A, APPT_MOBILE_B = "13722221111", "13722223333"
RATER_MOBILE_A, RATER_MOBILE_B = "13655556666", "13655557777"
COMPLAINANT_A, COMPLAINANT_B = "王投诉甲", "王投诉乙"
COMPLAINANT_MOBILE_A, COMPLAINANT_MOBILE_B = "13577778888", "13577779999"
STAFF_MOBILE_A, STAFF_MOBILE_B = "13700000101", "13700000202"
SUPERVISOR_MOBILE_1, SUPERVISOR_MOBILE_2 = "13400001111", "13400002222"
INTEGRITY_COUNT = 7  # integrity complaints in a run's rows: managers only

_WORLD = None


def world() -> frappe._dict:
	global _WORLD
	if _WORLD is None:
		_WORLD = build()
	return _WORLD


def act(doctype: str, name: str, action: str, **values):
	doc = frappe.get_doc(doctype, name)
	if values:
		doc.update(values)
		doc.save()
	return apply_workflow(frappe.get_doc(doctype, name).as_dict(), action)


def notice(case: str, material: str = "申请书") -> str:
	return (
		frappe.get_doc(
			{
				"doctype": "GH Supplement Notice",
				"case": case,
				"items": [{"material_name": material, "problem": "Missing"}],
			}
		)
		.insert()
		.name
	)


def build() -> frappe._dict:
	from gov_hall.gov_hall.doctype.gh_appointment.test_gh_appointment import make_test_hall
	from gov_hall.utils.calendar import get_hall_calendar

	frappe.set_user("Administrator")
	w = frappe._dict()
	# Frappe makes the first System User of a site without one a System Manager: on a fresh site
	# that would be the first actor below (who would then read and write everything)
	if not system_managers():
		make_user(["System Manager"])
	w.hall = make_test_hall()
	w.hall_b = make_test_hall()
	w.dept_a = make_department(w.hall).name
	w.dept_b = make_department(w.hall).name
	w.dept_c = make_department(w.hall).name
	w.window_a = make_window(
		w.hall, w.dept_a, has_evaluator=1, served_departments=[{"department": w.dept_a}]
	).name
	w.window_a2 = make_window(w.hall, w.dept_a).name
	w.window_b = make_window(
		w.hall, w.dept_b, has_evaluator=1, served_departments=[{"department": w.dept_b}]
	).name
	w.window_b2 = make_window(w.hall, w.dept_b).name
	w.matter_a = make_matter(w.dept_a, matter_name="甲局事项").name
	w.matter_a2 = make_matter(w.dept_a, matter_name="甲局事项二").name
	w.matter_b = make_matter(w.dept_b, matter_name="乙局事项").name
	w.day = str(get_hall_calendar(w.hall).next_working_day(frappe.utils.getdate()))

	# people
	w.staff_a = make_staff(w.dept_a, w.window_a, mobile="13700000001").user
	w.subject_a = make_staff(w.dept_a, w.window_a, mobile=STAFF_MOBILE_A).user
	w.staff_b = make_staff(w.dept_b, w.window_b, mobile="13700000003").user
	w.subject_b = make_staff(w.dept_b, w.window_b, mobile=STAFF_MOBILE_B).user
	w.staff_record_a, w.staff_record_b = w.subject_a, w.subject_b  # GH Window Staff is named by user
	for key, department, window in (("chief_a", w.dept_a, w.window_a2), ("chief_b", w.dept_b, w.window_b2)):
		w[key] = make_staff(department, window).user
		doc = frappe.get_doc("GH Stationed Department", department)
		doc.chief_representative = w[key]
		doc.save()
		if CHIEF_REPRESENTATIVE not in frappe.get_roles(w[key]):
			frappe.get_doc("User", w[key]).add_roles(CHIEF_REPRESENTATIVE)
	w.manager = make_user([HALL_MANAGER])
	w.sup1 = make_user([HALL_SUPERVISOR])
	w.sup2 = make_user([HALL_SUPERVISOR])
	w.supervisor_1 = make_supervisor(w.hall, user=w.sup1, mobile=SUPERVISOR_MOBILE_1).name
	w.supervisor_2 = make_supervisor(w.hall, user=w.sup2, full_name="赵监督", mobile=SUPERVISOR_MOBILE_2).name
	w.actors = {
		mx.STAFF_OWN: w.staff_a,
		mx.STAFF_SUBJECT: w.subject_a,
		mx.STAFF_OTHER: w.staff_b,
		mx.CHIEF_OWN: w.chief_a,
		mx.CHIEF_OTHER: w.chief_b,
		mx.SUPERVISOR_OWN: w.sup1,
		mx.SUPERVISOR_OTHER: w.sup2,
		mx.MANAGER: w.manager,
		mx.GUEST: None,
	}

	# cases: accepted, received by the subject (first responder and handler)
	def accepted_case(subject, matter, window, **values):
		case = as_user(subject, make_case, w.hall, matter, window=window, **values).name
		as_user(subject, act, "GH Case", case, "Accept")
		return case

	for side, subject, matter, window, id_number, mobile in (
		("a", w.subject_a, w.matter_a, w.window_a, ID_A, MOBILE_A),
		("b", w.subject_b, w.matter_b, w.window_b, ID_B, MOBILE_B),
	):
		w[f"case_{side}"] = accepted_case(subject, matter, window, id_number=id_number, mobile=mobile)
		# a case with a one-time notice (which pauses it: a pause row)
		w[f"case_notice_{side}"] = accepted_case(subject, matter, window)
		w[f"notice_{side}"] = as_user(subject, notice, w[f"case_notice_{side}"])
		w[f"pause_{side}"] = frappe.db.get_value(
			"GH Case Pause", {"parent": w[f"case_notice_{side}"]}, "name"
		)
		w[f"notice_item_{side}"] = frappe.db.get_value(
			"GH Supplement Item", {"parent": w[f"notice_{side}"]}, "name"
		)
		# a referred case (a referral row)
		w[f"case_ref_{side}"] = accepted_case(subject, matter, window)
		as_user(subject, refer, w[f"case_ref_{side}"], w.window_a2 if side == "a" else w.window_b2)
		w[f"referral_{side}"] = frappe.db.get_value(
			"GH Case Referral", {"parent": w[f"case_ref_{side}"]}, "name"
		)
		# a pending extension, asked by the subject
		w[f"extension_{side}"] = as_user(
			subject,
			lambda case: (
				frappe.get_doc(
					{
						"doctype": "GH Case Extension",
						"case": case,
						"extension_days": 3,
						"reason": "需现场勘验",
					}
				)
				.insert()
				.name
			),
			w[f"case_{side}"],
		)
		# a yellow card of the case (the e-supervision job writes them as Administrator)
		w[f"card_{side}"] = insert_card(w[f"case_{side}"], window, subject, department=w[f"dept_{side}"])
	# per role, a fresh accepted case of A for creating a notice (a notice pauses its case)
	w.notice_cases = {role: accepted_case(w.subject_a, w.matter_a, w.window_a) for role in mx.ROLE_ORDER}

	# bookings (stored as the web form stores them)
	w.appointment_a = raw_appointment(w, w.dept_a, w.matter_a, APPT_ID_A, APPT_MOBILE_A)
	w.appointment_b = raw_appointment(w, w.dept_b, w.matter_b, APPT_ID_B, APPT_MOBILE_B)

	# real-name bad reviews from the citizen's web page: each opens a rectification
	for side, mobile in (("a", RATER_MOBILE_A), ("b", RATER_MOBILE_B)):
		w[f"rating_{side}"] = make_rating(
			"Very Dissatisfied",
			w[f"case_{side}"],
			channel="Web",
			is_real_name=1,
			rater_name="李评价",
			rater_mobile=mobile,
		).name
		w[f"rectification_{side}"] = frappe.db.get_value(
			"GH Service Rating", w[f"rating_{side}"], "rectification"
		)
		# the window appeals a window-device rating of its visit (pending)
		rated = as_user(
			w.chief_a if side == "a" else w.chief_b,
			make_rating,
			"Dissatisfied",
			None,
			rating_for="Window Visit",
			window=w.window_a if side == "a" else w.window_b,
		).name
		w[f"appeal_{side}"] = as_user(w.staff_a if side == "a" else w.staff_b, appeal, rated)
	# per role, a rating of A to appeal (one pending appeal per rating)
	w.appeal_ratings = {
		role: as_user(
			w.chief_a, make_rating, "Dissatisfied", None, rating_for="Window Visit", window=w.window_a
		).name
		for role in mx.ROLE_ORDER
	}

	# complaints recorded by the supervisors: about a staff member of A (B), integrity, the hall
	for side, sup, window, subject, chief, name, mobile in (
		("a", w.sup1, w.window_a, w.subject_a, w.chief_a, COMPLAINANT_A, COMPLAINANT_MOBILE_A),
		("b", w.sup2, w.window_b, w.subject_b, w.chief_b, COMPLAINANT_B, COMPLAINANT_MOBILE_B),
	):
		named = dict(is_anonymous=0, complainant_name=name, complainant_mobile=mobile)
		w[f"complaint_{side}"] = as_user(
			sup,
			make_complaint,
			w.hall,
			source="Supervisor",
			subject_type="Staff",
			window=window,
			staff=subject,
			description="窗口人员推诿。",
			**named,
		).name
		as_user(w.manager, act, "GH Complaint", w[f"complaint_{side}"], "Assign", assigned_to=chief)
		w[f"complaint_integrity_{side}"] = as_user(
			sup,
			make_complaint,
			w.hall,
			source="Supervisor",
			category="Integrity",
			window=window,
			description="索要好处。",
			**named,
		).name
		w[f"inspection_{side}"] = as_user(sup, inspection, w.hall, window, subject)
		w[f"inspection_item_{side}"] = frappe.db.get_value(
			"GH Inspection Item", {"parent": w[f"inspection_{side}"]}, "name"
		)
	w.complaint_hall = as_user(
		w.sup1,
		make_complaint,
		w.hall,
		source="Supervisor",
		subject_type="Hall",
		description="大厅太冷。",
		is_anonymous=0,
		complainant_name=COMPLAINANT_A,
		complainant_mobile=COMPLAINANT_MOBILE_A,
	).name

	# assessment: a published quarter and a computed draft, integrity complaints in A's rows
	def rows():
		return dict(
			windows=[
				window_row(w.window_a, w.dept_a, 50.0, integrity_complaints=INTEGRITY_COUNT),
				window_row(w.window_b, w.dept_b, 40.0),
			],
			staff=[
				staff_row(
					w.subject_a,
					"甲",
					w.dept_a,
					w.window_a,
					20.0,
					integrity_complaints=INTEGRITY_COUNT,
					# 出勤值勤 computed from duty records (issue 15): two late arrivals
					attendance=18.0,
					has_duty_data=1,
					duty_sessions=40,
					late_count=2,
					attendance_computed=18.0,
				),
				# below 甲's 98 points: the rows' order (甲 first) must not hang on the users' random names
				staff_row(w.subject_b, "乙", w.dept_b, w.window_b, 17.0),
			],
		)

	w.run_published = make_run(w.hall, "2025-Q1", **rows()).name
	w.run_draft = make_run(w.hall, "2025-Q2", status="Draft", **rows()).name
	frappe.db.set_value("GH Assessment Run", w.run_draft, "computed_on", "2025-07-01")
	for run, prefix in ((w.run_published, "published"), (w.run_draft, "draft")):
		for side, subject in (("a", w.subject_a), ("b", w.subject_b)):
			w[f"{prefix}_row_{side}"] = frappe.db.get_value(
				"GH Staff Assessment", {"parent": run, "staff": subject}, "name"
			)
			w[f"{prefix}_wrow_{side}"] = frappe.db.get_value(
				"GH Window Assessment", {"parent": run, "window": w[f"window_{side}"]}, "name"
			)
	for side in ("a", "b"):
		w[f"window_department_{side}"] = frappe.db.get_value(
			"GH Window Department", {"parent": w[f"window_{side}"]}, "name"
		)
	for side in ("a", "b"):
		w[f"briefing_{side}"] = (
			frappe.get_doc(
				{"doctype": "GH Department Briefing", "run": w.run_published, "department": w[f"dept_{side}"]}
			)
			.insert()
			.name
		)
		w[f"briefing_row_{side}"] = frappe.db.get_value(
			"GH Briefing Staff", {"parent": w[f"briefing_{side}"]}, "name"
		)
		w[f"briefing_wrow_{side}"] = frappe.db.get_value(
			"GH Briefing Window", {"parent": w[f"briefing_{side}"]}, "name"
		)

	# activities and programmes organised by A and by B
	for side in ("a", "b"):
		w[f"activity_{side}"] = activity(w, w[f"dept_{side}"]).name
		w[f"programme_{side}"] = programme(w, w[f"dept_{side}"]).name

	# the managers' logs
	for side in ("a", "b"):
		w[f"override_log_{side}"] = override_log(w, w[f"dept_{side}"], w[f"case_{side}"]).name
		w[f"data_access_{side}"] = data_access(
			w[f"case_{side}"], w.staff_a if side == "a" else w.staff_b
		).name

	# service brands and their reviews, commitments (issue 18)
	brands(w)
	commitments(w)
	card_ratings(w)

	# the hall floor: queue tickets (issue 17)
	queue(w)

	# on-site duty: roster, punches, empty windows, leave, imports, agency briefings (issue 15)
	duty(w)

	for user in w.actors.values():
		if user:
			set_password(user)
	commit_world()
	return w


# ---------------------------------------------------------------------------------------------
# Service brands and commitments (issue 18)

BRAND = "GH Service Brand"
REVIEW = "GH Brand Review"
SHEET = "GH Brand Score Sheet"


def brands(w) -> None:
	"""Per department: a proposed brand (a commitment, a member, a window), a brand named by its
	naming review (its supervisor on the panel) whose annual review is in progress with the
	supervisor's sheet in draft (the manager on A's panel too); and a brand of A under review."""
	from gov_hall.brands.reviews import ensure_brand_criteria

	ensure_brand_criteria()
	# a review's measured commitments carry a sentence in the language of whoever saved it: the
	# world's in the site's language, as the users' requests
	language = frappe.local.lang
	frappe.local.lang = frappe.db.get_single_value("System Settings", "language") or language
	try:
		named_brands(w)
	finally:
		frappe.local.lang = language
	w.brand_under_review = as_user(w.chief_a, brand, w, w.dept_a)
	as_user(w.chief_a, act, BRAND, w.brand_under_review, "Submit for Review")


def named_brands(w) -> None:
	from gov_hall.utils.clock import today

	w.criterion = frappe.get_all(
		"GH Brand Criterion", filters={"is_active": 1}, order_by="sequence asc, name asc", pluck="name"
	)[0]
	w.review_year = today().year - 1
	for side, chief, sup, subject in (
		("a", w.chief_a, w.sup1, w.subject_a),
		("b", w.chief_b, w.sup2, w.subject_b),
	):
		department, window = w[f"dept_{side}"], w[f"window_{side}"]
		w[f"brand_{side}"] = as_user(chief, brand, w, department, window=window, member=subject)
		for key, child in (
			("brand_commitment", "GH Brand Commitment"),
			("brand_member", "GH Brand Member"),
			("brand_window", "GH Brand Window"),
		):
			w[f"{key}_{side}"] = frappe.db.get_value(
				child, {"parent": w[f"brand_{side}"], "parenttype": BRAND}, "name"
			)
		named = as_user(chief, brand, w, department)
		as_user(chief, act, BRAND, named, "Submit for Review")
		w[f"review_named_{side}"] = as_user(w.manager, review, named, "Naming Review", w.review_year, [sup])
		as_user(sup, score_sheet, w[f"review_named_{side}"], 18, submit=True)
		as_user(w.manager, decide, w[f"review_named_{side}"], "Named")
		w[f"brand_named_{side}"] = named
		panel = [sup, w.manager] if side == "a" else [sup]
		w[f"review_{side}"] = as_user(w.manager, review, named, "Annual Review", w.review_year, panel)
		as_user(w.manager, decide, w[f"review_{side}"], None)
		w[f"sheet_{side}"] = as_user(sup, score_sheet, w[f"review_{side}"], 15, submit=False)
		w[f"panel_member_{side}"] = frappe.db.get_value(
			"GH Brand Panel Member", {"parent": w[f"review_{side}"], "reviewer": sup}, "name"
		)
		w[f"commitment_result_{side}"] = frappe.db.get_value(
			"GH Brand Commitment Result", {"parent": w[f"review_{side}"], "idx": 1}, "name"
		)
		w[f"brand_score_{side}"] = frappe.db.get_value(
			"GH Brand Score", {"parent": w[f"sheet_{side}"], "idx": 1}, "name"
		)


def brand(w, department: str, window: str | None = None, member: str | None = None) -> str:
	return (
		frappe.get_doc(
			{
				"doctype": BRAND,
				"brand_name": unique("“心连心”"),
				"brand_for": "Department",
				"hall": w.hall,
				"department": department,
				"concept": "用心服务，群众满意",
				"measures": "提前办结，差评当日回访",
				"commitments": [
					{"commitment": "全年无有效投诉", "metric": "Verified Complaints", "target": 0},
					{"commitment": "全年无红牌", "metric": "Red Cards", "target": 0},
				],
				"members": [{"staff": member, "role_in_brand": "骨干"}] if member else [],
				"windows": [{"window": window}] if window else [],
			}
		)
		.insert()
		.name
	)


def review(brand: str, review_type: str, year: int, panel: list) -> str:
	return (
		frappe.get_doc(
			{
				"doctype": REVIEW,
				"brand": brand,
				"review_type": review_type,
				"year": year,
				"panel": [{"reviewer": reviewer} for reviewer in panel],
			}
		)
		.insert()
		.name
	)


def score_sheet(review: str, score: float, submit: bool) -> str:
	sheet = frappe.get_doc({"doctype": SHEET, "review": review}).insert()
	for row in sheet.scores:
		row.score = score
		row.comment = "理念清晰。"
	sheet.save()
	if submit:
		sheet.submit()
	return sheet.name


def decide(review: str, outcome: str | None) -> None:
	"""The manager records the outcome (the recommended one when None), and submits it when given."""
	doc = frappe.get_doc(REVIEW, review)
	doc.outcome = outcome or doc.recommended_outcome
	doc.save()
	if outcome:
		doc.submit()


def commitments(w) -> None:
	"""Per department: the subject's own commitment in draft, and window's commitment signed by
	the chief (Active)."""
	for side, chief, subject in (("a", w.chief_a, w.subject_a), ("b", w.chief_b, w.subject_b)):
		w[f"commitment_{side}"] = as_user(
			subject, commitment, w.hall, "Staff", "首问负责", staff=subject, submit=False
		)
		w[f"commitment_active_{side}"] = as_user(
			chief, commitment, w.hall, "Window", "提前办结", window=w[f"window_{side}"], submit=True
		)


def card_ratings(w) -> None:
	"""A window device's rating of A's (B's) subject reached through their staff card, stored as the
	public rating endpoint stores it (the card's staff member in ``via_card``)."""
	for side in ("a", "b"):
		rated = as_user(
			w[f"chief_{side}"],
			make_rating,
			"Satisfied",
			None,
			rating_for="Window Visit",
			window=w[f"window_{side}"],
		).name
		frappe.db.set_value("GH Service Rating", rated, "via_card", w[f"subject_{side}"])


# ---------------------------------------------------------------------------------------------
# The hall floor (issue 17)

TICKET = "GH Queue Ticket"


def queue(w) -> None:
	"""Per department, on today's floor: a ticket issued at the hall's kiosk for the department's
	matter, called by the subject at their window, served and finished with the department's case
	linked (the case keeps the ticket and its wait and service minutes); and a ticket still waiting.
	The world's hall takes tickets at any hour (off-hours service), so the world builds at any time."""
	from gov_hall.queue import calling, tickets

	frappe.db.set_value("GH Service Hall", w.hall, "offers_off_hours_service", 1)
	w.kiosk = queue_device(w.hall, "Kiosk")
	w.hall_display = queue_device(w.hall, "Hall Display")
	for side in ("a", "b"):
		subject, window = w[f"subject_{side}"], w[f"window_{side}"]
		ticket = tickets.issue_ticket(w.hall, matter=w[f"matter_{side}"], device=w.kiosk).name
		called = as_user(subject, calling.call_next, window)
		if called != ticket:  # pragma: no cover - the world is wrong, not the access
			raise AssertionError(f"window {window} called {called}, not {ticket}")
		as_user(subject, calling.start_service, ticket)
		as_user(subject, calling.finish_service, ticket, case=w[f"case_{side}"])
		w[f"ticket_{side}"] = ticket
		w[f"ticket_event_{side}"] = frappe.db.get_value(
			"GH Queue Ticket Event", {"parent": ticket, "parenttype": TICKET, "idx": 1}, "name"
		)
		w[f"ticket_waiting_{side}"] = tickets.issue_ticket(
			w.hall, department=w[f"dept_{side}"], device=w.kiosk
		).name


# ---------------------------------------------------------------------------------------------
# On-site duty (issue 15)

SLOT = "GH Duty Slot"
LEAVE = "GH Leave Request"


def duty(w) -> None:
	"""The subjects belong to home agencies A and B (C has nobody, for a manager's new briefing);
	the roster of the next working day and of the last one, generated by the app; the subject's
	clock-in of the last working day entered by a manager; an empty window of A (B) that afternoon
	found by the job; the subject's leave on a coming day, requested, with staff A (B) as its cover;
	an attendance import in draft; and each agency's briefing from a published month run."""
	from gov_hall.duty import roster
	from gov_hall.duty.empty_windows import record_empty_window
	from gov_hall.duty.sessions import session_bounds
	from gov_hall.utils.calendar import get_hall_calendar
	from gov_hall.utils.clock import today

	calendar = get_hall_calendar(w.hall)
	now = today()
	future = calendar.working_days_in(add_days(now, 1), add_days(now, 90))
	past = calendar.working_days_in(add_days(now, -40), add_days(now, -1))
	w.duty_day, w.leave_day, w.past_day = str(future[0]), str(future[1]), str(past[-1])
	# per role: a coming day for its new slot and leave, a past day's minute for its punch
	w.create_days = {role: str(future[2 + index]) for index, role in enumerate(mx.ROLE_ORDER)}
	w.punch_day = str(past[-3])
	w.future_day = str(future[-1])
	w.approved_leave_day = str(future[2 + len(mx.ROLE_ORDER)])

	for key, name in (("agency_a", "甲"), ("agency_b", "乙"), ("agency_c", "丙")):
		w[key] = (
			frappe.get_doc(
				{
					"doctype": "GH Home Agency",
					"agency_name": unique(f"{name}派出单位"),
					"status": "Active",
					"contact_email": f"{key}@example.com",
				}
			)
			.insert()
			.name
		)
	for side in ("a", "b"):
		frappe.db.set_value("GH Window Staff", w[f"subject_{side}"], "home_agency", w[f"agency_{side}"])
	# another staff member of A, whom a chief may name as a cover
	w.cover_a = make_staff(w.dept_a, w.window_a2).user

	roster.generate_roster(w.hall, w.duty_day, w.duty_day)
	roster.generate_roster(w.hall, w.past_day, w.past_day)
	for side in ("a", "b"):
		subject, window = w[f"subject_{side}"], w[f"window_{side}"]
		for key, day in ((f"slot_{side}", w.duty_day), (f"slot_past_{side}", w.past_day)):
			w[key] = frappe.db.get_value(
				SLOT, {"staff": subject, "window": window, "duty_date": day, "session": "Morning"}, "name"
			)
		# the attendance machine failed: a manager enters the clock-in with its reason
		w[f"punch_{side}"] = as_user(
			w.manager,
			lambda subject=subject: (
				frappe.get_doc(
					{
						"doctype": "GH Attendance Punch",
						"staff": subject,
						"punch_time": f"{w.past_day} 08:57:00",
						"direction": "In",
						"reason": "考勤机故障，补录。",
					}
				)
				.insert()
				.name
			),
		)
		start, end = session_bounds(w.hall, getdate(w.past_day), "Afternoon")
		w[f"empty_window_{side}"] = record_empty_window(
			w.hall,
			getdate(w.past_day),
			"Afternoon",
			window,
			{
				"department": w[f"dept_{side}"],
				"present": False,
				"responsible": (0, subject, frappe.db.get_value("GH Window Staff", subject, "full_name")),
				"empty_since": start,
			},
			start,
			start + datetime.timedelta(minutes=15),
		)
		w[f"leave_{side}"] = as_user(subject, leave, w.leave_day, w[f"staff_{side}"])
		as_user(subject, act, LEAVE, w[f"leave_{side}"], "Request")
	# the subject's leave on a later day: requested, cover proposed by the chief, approved
	w.leave_approved_a = as_user(w.subject_a, leave, w.approved_leave_day, w.staff_a)
	as_user(w.subject_a, act, LEAVE, w.leave_approved_a, "Request")
	as_user(w.chief_a, act, LEAVE, w.leave_approved_a, "Propose Cover")
	as_user(w.manager, act, LEAVE, w.leave_approved_a, "Approve")
	# supervisor 1 (2) finds A's (B's) subject away from the post, and submits the inspection
	for side, sup in (("a", w.sup1), ("b", w.sup2)):
		key = f"inspection_left_post_{side}"
		w[key] = as_user(sup, inspection, w.hall, w[f"window_{side}"], w[f"subject_{side}"], left_post=1)
		as_user(sup, lambda key=key: frappe.get_doc("GH Inspection", w[key]).submit())

	w.attendance_import = as_user(
		w.manager,
		lambda: (
			frappe.get_doc(
				{
					"doctype": "GH Attendance Import",
					"hall": w.hall,
					"import_file": "/private/files/考勤机导出.csv",
				}
			)
			.insert()
			.name
		),
	)
	agency_briefings(w)


def leave(day: str, cover: str) -> str:
	return (
		frappe.get_doc(
			{
				"doctype": LEAVE,
				"leave_type": "Personal Leave",
				"from_date": day,
				"from_session": "Morning",
				"to_date": day,
				"to_session": "Afternoon",
				"reason": "家中有事。",
				"cover_staff": cover,
			}
		)
		.insert()
		.name
	)


def agency_briefings(w) -> None:
	"""A published month run of the hall for this month ranking both subjects; a manager makes each
	agency's briefing of the month (its staff row copied from the run, its finding from the
	subject's inspection away from the post)."""
	from gov_hall.assessment.scheme import DEFAULT_SCHEME, ensure_default_scheme, snapshot
	from gov_hall.utils.clock import today

	month = today().strftime("%Y-%m")
	ensure_default_scheme()
	run = frappe.get_doc(
		{
			"doctype": "GH Assessment Run",
			"hall": w.hall,
			"period_type": "Month",
			"month": month,
			"scheme": DEFAULT_SCHEME,
			"scheme_snapshot": snapshot(frappe.get_doc("GH Assessment Scheme", DEFAULT_SCHEME)),
			"window_results": [
				window_row(w.window_a, w.dept_a, 50.0),
				window_row(w.window_b, w.dept_b, 40.0),
			],
			"staff_results": [
				staff_row(w.subject_a, "甲", w.dept_a, w.window_a, 20.0, rank=1),
				staff_row(w.subject_b, "乙", w.dept_b, w.window_b, 18.0, rank=2),
			],
		}
	).insert()
	frappe.db.set_value("GH Assessment Run", run.name, "status", "Published")
	w.run_month = run.name
	for side in ("a", "b"):
		w[f"agency_briefing_{side}"] = as_user(
			w.manager,
			lambda side=side: (
				frappe.get_doc(
					{
						"doctype": "GH Agency Briefing",
						"home_agency": w[f"agency_{side}"],
						"month": month,
					}
				)
				.insert()
				.name
			),
		)
		w[f"agency_briefing_row_{side}"] = frappe.db.get_value(
			"GH Agency Briefing Staff", {"parent": w[f"agency_briefing_{side}"], "idx": 1}, "name"
		)
		w[f"agency_briefing_finding_{side}"] = frappe.db.get_value(
			"GH Agency Briefing Finding", {"parent": w[f"agency_briefing_{side}"], "idx": 1}, "name"
		)


def queue_device(hall: str, device_type: str) -> str:
	doc = frappe.get_doc(
		{
			"doctype": "GH Queue Device",
			"device_name": unique(device_type),
			"hall": hall,
			"device_type": device_type,
			"enabled": 1,
		}
	).insert()
	frappe.clear_messages()  # the pairing link shown to the manager
	return doc.name


def commitment(hall: str, commitment_for: str, title: str, submit: bool, **values) -> str:
	doc = frappe.get_doc(
		{
			"doctype": "GH Commitment",
			"commitment_for": commitment_for,
			"hall": hall,
			"category": "Time",
			"title": title,
			"content": "承诺件提前1个工作日办结。",
			**values,
		}
	).insert()
	if submit:
		doc.submit()
	return doc.name


def system_managers() -> list:
	return frappe.get_all(
		"Has Role",
		filters={"role": "System Manager", "parenttype": "User", "parent": ["not in", ["Administrator"]]},
		pluck="parent",
	)


def refer(case: str, window: str) -> None:
	from gov_hall.api.cases import refer_case

	refer_case(case, window, note="转综合窗口")


def insert_card(case: str, window: str, staff: str, department: str) -> str:
	doc = frappe.get_doc(
		{
			"doctype": "GH Supervision Card",
			"case": case,
			"level": "Yellow",
			"card_date": nowdate(),
			"due_date": add_days(nowdate(), 1),
			"remaining_days": 1,
			"hall": frappe.db.get_value("GH Case", case, "hall"),
			"department": department,
			"window": window,
			"staff": staff,
		}
	)
	return doc.insert(ignore_permissions=True).name


def raw_appointment(w, department, matter, id_number, mobile) -> str:
	doc = frappe.get_doc(
		{
			"doctype": "GH Appointment",
			"name": unique("APT-"),
			"booking_code": unique("B"),
			"hall": w.hall,
			"matter": matter,
			"matter_name": frappe.db.get_value("GH Service Matter", matter, "matter_name"),
			"department": department,
			"appointment_date": add_days(nowdate(), 7),
			"slot_start": "09:00:00",
			"slot_end": "09:30:00",
			"applicant_name": "预约人",
			"id_number": id_number,
			"id_number_masked": id_number[:6] + "********" + id_number[-4:],
			"mobile": mobile,
			"mobile_masked": mobile[:3] + "****" + mobile[-4:],
			"mobile_last4": mobile[-4:],
			"status": "Booked",
		}
	)
	doc.db_insert()
	return doc.name


def appeal(rating: str) -> str:
	return (
		frappe.get_doc(
			{
				"doctype": "GH Rating Appeal",
				"rating": rating,
				"reason": "Malicious Review",
				"explanation": "评价人与办件无关。",
			}
		)
		.insert()
		.name
	)


def inspection(hall: str, window: str, staff: str, **values) -> str:
	return (
		frappe.get_doc(
			{
				"doctype": "GH Inspection",
				"inspection_type": "Unannounced Visit",
				"inspector_type": "Supervisor",
				"hall": hall,
				"subject_type": "Staff",
				"window": window,
				"staff": staff,
				"findings": "离岗五分钟。",
				**values,
			}
		)
		.insert()
		.name
	)


def activity(w, department: str):
	return frappe.get_doc(
		{
			"doctype": "GH Culture Activity",
			"title": unique("读书会"),
			"activity_type": "Training",
			"status": "Held",
			"hall": w.hall,
			"starts_on": "2025-02-14 15:00:00",
			"ends_on": "2025-02-14 17:00:00",
			"organiser_type": "Department",
			"organiser_department": department,
			"description": "业务培训。",
			"windows": [{"window": w.window_a if department == w.dept_a else w.window_b}],
		}
	).insert()


def programme(w, department: str):
	return frappe.get_doc(
		{
			"doctype": "GH Activity Programme",
			"programme_name": unique("月度培训"),
			"activity_type": "Training",
			"hall": w.hall,
			"frequency": "Monthly",
			"week_of_month": "Last",
			"weekday": "Friday",
			"time_of_day": "15:00:00",
			"duration_minutes": 90,
			"organiser_type": "Department",
			"organiser_department": department,
			"description": "每月最后一个周五下午。",
		}
	).insert()


def override_log(w, department: str, case: str):
	frappe.local.gh_writing_override_log = True
	try:
		return frappe.get_doc(
			{
				"doctype": "GH Override Log",
				"changed_on": frappe.utils.now_datetime(),
				"manager": w.manager,
				"quarter": "2025-Q1",
				"reference_doctype": "GH Case",
				"reference_name": case,
				"hall": w.hall,
				"department": department,
				"fieldname": "time_limit_days",
				"field_label": "Time Limit",
				"from_value": "5",
				"to_value": "40",
				"reason": "事项目录更正",
			}
		).insert(ignore_permissions=True)
	finally:
		frappe.local.gh_writing_override_log = False


def data_access(case: str, user: str):
	return frappe.get_doc(
		{
			"doctype": "GH Personal Data Access",
			"accessed_on": frappe.utils.now_datetime(),
			"user": user,
			"reference_doctype": "GH Case",
			"reference_name": case,
			"fields_shown": "id_number, mobile",
		}
	).insert(ignore_permissions=True)


def smoke():
	"""bench execute gov_hall.tests.matrix_world.smoke: build the world once and print it."""
	import time

	start = time.monotonic()
	w = build()
	print(f"built in {time.monotonic() - start:.1f} s")
	for key, value in w.items():
		print(key, value)
