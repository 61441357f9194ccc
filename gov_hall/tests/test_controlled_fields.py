"""Controlled fields over HTTP (issue 13, part 1): what a window staff member or a chief representative
sends through Frappe's generic endpoints cannot rewrite the figures they are judged by; the app's own
actions still set them; a manager changes a controlled figure only with a reason, and it is logged.

Every request goes through frappe.app.application as a logged-in user (gov_hall.tests.http).
"""

import frappe
from frappe.model.workflow import apply_workflow
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, getdate, nowdate

from gov_hall.setup.roles import CHIEF_REPRESENTATIVE, HALL_MANAGER
from gov_hall.tests.factories import (
	as_user,
	complaint_act,
	make_case,
	make_case_setup,
	make_complaint,
	make_rating,
	make_staff,
	make_user,
)
from gov_hall.tests.http import HttpUser, commit_world, set_password

CASE = "GH Case"
REFUSED = (403, 417)


def act(name: str, action: str):
	return apply_workflow(frappe.get_doc(CASE, name).as_dict(), action)


def notice(case: str, materials: list[str]):
	return frappe.get_doc(
		{
			"doctype": "GH Supplement Notice",
			"case": case,
			"items": [{"material_name": m, "problem": "Missing"} for m in materials],
		}
	).insert()


def stored(doctype: str, name: str, fields: list[str]) -> dict:
	frappe.db.rollback()  # read what the requests committed, not this connection's snapshot
	return frappe.db.get_value(doctype, name, fields, as_dict=True)


class ControlledWorld(FrappeTestCase):
	"""One committed hall: cases in every interesting state, a violating notice, a bad review, a
	complaint; a window staff member (in Chinese), a colleague, a chief representative, a manager."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		s = cls.s = make_case_setup()
		cls.manager = make_user([HALL_MANAGER])
		chief = make_staff(s.department, s.other_window)
		cls.chief = chief.user
		frappe.get_doc("User", cls.chief).add_roles(CHIEF_REPRESENTATIVE)
		frappe.db.set_value("GH Stationed Department", s.department, "chief_representative", cls.chief)
		for user in (s.staff, s.other_staff, cls.manager, cls.chief):
			set_password(user)
		frappe.db.set_value("User", s.staff, "language", "zh")

		# received 30 days ago, decided today: deemed accepted on receipt, completed late
		received = add_days(nowdate(), -30)
		late = make_case(s.hall, s.matter, window=s.window, received_on=f"{received} 09:00:00").name
		as_user(s.staff, act, late, "Accept")
		as_user(s.staff, act, late, "Complete")
		cls.late = late

		cls.open = as_user(
			s.staff, lambda: act(make_case(s.hall, s.matter, window=s.window).name, "Accept")
		).name
		cls.paused = as_user(
			s.staff, lambda: act(make_case(s.hall, s.matter, window=s.window).name, "Accept")
		).name
		as_user(s.staff, notice, cls.paused, ["申请书"])

		def violating():
			case = make_case(s.hall, s.matter, window=s.window).name
			notice(case, ["申请书"])
			act(case, "Applicant Returned")
			return notice(case, ["申请书", "房产证"]).name

		cls.violation = as_user(s.staff, violating)

		def referred():
			from gov_hall.api.cases import refer_case

			case = make_case(s.hall, s.matter, window=s.window).name
			refer_case(case, s.other_window, note="转综合窗口")
			return case

		cls.referred = as_user(s.staff, referred)

		rated = as_user(s.staff, lambda: make_case(s.hall, s.matter, window=s.window).name)
		cls.rectification = frappe.db.get_value(
			"GH Service Rating", make_rating("Dissatisfied", rated, channel="Web").name, "rectification"
		)
		# a complaint the chief representative has verified as substantiated (2 points)
		complaint = make_complaint(s.hall, window=s.window).name
		as_user(cls.manager, complaint_act, complaint, "Assign", assigned_to=cls.chief)
		as_user(cls.chief, complaint_act, complaint, "Start Investigation")
		as_user(cls.chief, complaint_act, complaint, "Verify", verification_result="Substantiated")
		cls.complaint = complaint
		commit_world()


class TestCaseFiguresCannotBeRewritten(ControlledWorld):
	def test_time_limit_of_a_late_case_is_refused_and_it_stays_late(self):
		before = stored(CASE, self.late, ["time_limit_days", "completed_on_time", "due_date"])
		self.assertEqual(before.completed_on_time, 0)
		answer = HttpUser(self.s.staff).update(CASE, self.late, {"time_limit_days": 365})
		self.assertIn(answer.status, REFUSED, answer)
		self.assertIn("只有中心管理人员可以修改", answer.server_messages)
		self.assertEqual(
			stored(CASE, self.late, ["time_limit_days", "completed_on_time", "due_date"]), before
		)

	def test_extension_days_without_an_approved_extension_are_refused(self):
		fields = ["extension_days", "due_date"]
		before = stored(CASE, self.open, fields)
		staff = HttpUser(self.s.staff)
		for send in (
			lambda: staff.update(CASE, self.open, {"extension_days": 30}),
			lambda: staff.call(
				"frappe.client.set_value", doctype=CASE, name=self.open, fieldname="extension_days", value=30
			),
			lambda: HttpUser(self.chief).update(CASE, self.open, {"extension_days": 30}),
		):
			answer = send()
			self.assertEqual(answer.status, 417, answer)
			self.assertEqual(answer.exc_type, "ControlledFieldError")
		self.assertIn("不能手工修改", staff.update(CASE, self.open, {"extension_days": 30}).server_messages)
		self.assertEqual(stored(CASE, self.open, fields), before)

	def test_receipt_acceptance_and_completion_times_are_the_systems(self):
		fields = ["received_on", "accepted_on", "completed_on", "completed_on_time"]
		staff = HttpUser(self.s.staff)
		for name in (self.late, self.open):
			before = stored(CASE, name, fields)
			for field in ("received_on", "accepted_on", "completed_on"):
				answer = staff.update(CASE, name, {field: f"{add_days(nowdate(), -1)} 08:00:00"})
				self.assertEqual(answer.status, 417, (field, answer))
			self.assertEqual(stored(CASE, name, fields), before)

	def test_a_new_case_cannot_be_backdated_or_given_another_first_responder(self):
		staff = HttpUser(self.s.staff)
		values = {
			"applicant_type": "Person",
			"applicant_name": "王五",
			"id_number": "11010519491231002X",
			"mobile": "13812345678",
			"matter": self.s.matter,
			"hall": self.s.hall,
			"channel": "Window",
		}
		count = frappe.db.count(CASE)
		for extra in (
			{"received_on": f"{add_days(nowdate(), -10)} 09:00:00"},
			{"first_responder": self.s.other_staff},
			{"accepted_on": f"{nowdate()} 09:00:00"},
			{"extension_days": 10},
			{"pauses": [{"paused_on": nowdate(), "resumed_on": nowdate(), "working_days": 9}]},
		):
			answer = staff.insert(CASE, {**values, **extra})
			self.assertEqual(answer.status, 417, (extra, answer))
		frappe.db.rollback()
		self.assertEqual(frappe.db.count(CASE), count)
		made = staff.insert(CASE, values)
		self.assertEqual(made.status, 200, made)
		self.assertEqual(made.data["first_responder"], self.s.staff)

	def test_pauses_and_the_referral_log_cannot_be_written(self):
		staff = HttpUser(self.s.staff)
		pause = frappe.get_all("GH Case Pause", {"parent": self.paused}, pluck="name")[0]
		referral = frappe.get_all("GH Case Referral", {"parent": self.referred}, pluck="name")[0]
		pauses = staff.get_doc(CASE, self.paused).data["pauses"]
		pauses[0]["paused_on"] = str(add_days(nowdate(), -40))
		attempts = (
			staff.update(CASE, self.paused, {"pauses": pauses}),
			staff.update(CASE, self.paused, {"pauses": []}),
			staff.call(
				"frappe.client.set_value",
				doctype="GH Case Pause",
				name=pause,
				fieldname="paused_on",
				value=str(add_days(nowdate(), -40)),
			),
			staff.update("GH Case Pause", pause, {"working_days": 30}),
			staff.update("GH Case Referral", referral, {"referred_by": self.s.other_staff}),
			staff.update(CASE, self.referred, {"referrals": []}),
			staff.insert(
				"GH Case Referral",
				{
					"parent": self.referred,
					"parenttype": CASE,
					"parentfield": "referrals",
					"referred_on": f"{nowdate()} 09:00:00",
					"referred_by": self.s.other_staff,
					"to_window": self.s.window,
				},
			),
		)
		for answer in attempts:
			self.assertIn(answer.status, REFUSED, answer)
		frappe.db.rollback()
		row = frappe.db.get_value("GH Case Pause", pause, ["paused_on", "working_days"], as_dict=True)
		self.assertEqual((getdate(row.paused_on), row.working_days or 0), (getdate(nowdate()), 0))
		self.assertEqual(frappe.db.count("GH Case Referral", {"parent": self.referred}), 1)
		self.assertEqual(frappe.db.get_value("GH Case Referral", referral, "referred_by"), self.s.staff)

	def test_what_a_person_may_edit_still_saves(self):
		staff = HttpUser(self.s.staff)
		answer = staff.update(CASE, self.open, {"contact_person": "李四", "result_note": "材料齐全"})
		self.assertEqual(answer.status, 200, answer)
		# a derived figure sent back as the form had it is recomputed, not refused
		due = stored(CASE, self.open, ["due_date"]).due_date
		answer = staff.update(CASE, self.open, {"due_date": str(add_days(due, 20)), "contact_person": "李四"})
		self.assertEqual(answer.status, 200, answer)
		self.assertEqual(stored(CASE, self.open, ["due_date"]).due_date, due)
		# but not how the case came in once it is accepted
		answer = staff.update(CASE, self.open, {"channel": "Online"})
		self.assertEqual(answer.status, 417, answer)


class TestVoiceFiguresCannotBeRewritten(ControlledWorld):
	def test_a_notices_violation_flag_and_issuer_are_the_systems(self):
		fields = ["is_violation", "issued_by", "violation_items", "issued_on"]
		before = stored("GH Supplement Notice", self.violation, fields)
		self.assertEqual(before.is_violation, 1)
		staff = HttpUser(self.s.staff)
		for values in ({"is_violation": 0}, {"issued_by": self.s.other_staff}, {"violation_items": ""}):
			answer = staff.update("GH Supplement Notice", self.violation, values)
			self.assertEqual(answer.status, 417, (values, answer))
		self.assertEqual(stored("GH Supplement Notice", self.violation, fields), before)

	def test_a_rectifications_due_date_and_handling_date_are_the_systems(self):
		fields = ["due_date", "handled_on", "handled_by", "status"]
		before = stored("GH Rectification", self.rectification, fields)
		staff = HttpUser(self.s.other_staff)
		for values in (
			{"due_date": str(add_days(nowdate(), 60))},
			{"handled_on": str(add_days(nowdate(), -1))},
			{
				"verification": "Confirmed",
				"handling": "Rectified",
				"handling_notes": "已整改。",
				"handled_on": str(add_days(nowdate(), -1)),
			},
		):
			answer = staff.update("GH Rectification", self.rectification, values)
			self.assertIn(answer.status, REFUSED, (values, answer))
		self.assertEqual(stored("GH Rectification", self.rectification, fields), before)

	def test_a_complaints_due_date_verification_and_deduction_are_refused_in_every_state(self):
		fields = ["reply_due_date", "verification_result", "deduction_points", "status"]
		before = stored("GH Complaint", self.complaint, fields)
		self.assertEqual((before.status, before.deduction_points), ("Verified", 2))
		chief = HttpUser(self.chief)
		self.assertEqual(chief.get_doc("GH Complaint", self.complaint).status, 200)
		for values in (
			{"reply_due_date": str(add_days(nowdate(), 60))},
			{"verification_result": "Unsubstantiated"},
			{"deduction_points": 0.5},
		):
			answer = chief.update("GH Complaint", self.complaint, values)
			self.assertIn(answer.status, REFUSED, (values, answer))
		self.assertEqual(stored("GH Complaint", self.complaint, fields), before)


class TestManagersChangeFiguresOnlyWithAReason(ControlledWorld):
	def test_time_limit_needs_a_reason_and_is_logged(self):
		manager = HttpUser(self.manager)
		answer = manager.update(CASE, self.late, {"time_limit_days": 40})
		self.assertEqual(answer.status, 417, answer)
		self.assertEqual(stored(CASE, self.late, ["time_limit_days"]).time_limit_days, 5)
		answer = manager.call(
			"gov_hall.access.controlled.change_with_reason",
			doctype=CASE,
			name=self.late,
			fieldname="time_limit_days",
			value=40,
			reason="事项目录更正：承诺时限 40 个工作日",
		)
		self.assertEqual(answer.status, 200, answer)
		case = stored(CASE, self.late, ["time_limit_days", "completed_on_time"])
		self.assertEqual((case.time_limit_days, case.completed_on_time), (40, 1))
		log = frappe.get_all(
			"GH Override Log",
			filters={"reference_name": self.late, "fieldname": "time_limit_days"},
			fields=["manager", "from_value", "to_value", "reason", "window", "department"],
		)
		self.assertEqual(len(log), 1)
		self.assertEqual(
			(log[0].manager, log[0].from_value, log[0].to_value, log[0].window, log[0].department),
			(self.manager, "5", "40", self.s.window, self.s.department),
		)
		# the log itself cannot be rewritten, not even by the manager
		name = frappe.db.get_value("GH Override Log", {"reference_name": self.late}, "name")
		self.assertIn(manager.update("GH Override Log", name, {"reason": "无"}).status, REFUSED)
		self.assertIn(manager.delete("GH Override Log", name).status, REFUSED)
		self.assertEqual(frappe.db.get_value("GH Override Log", name, "reason"), log[0].reason)

	def test_staff_cannot_use_the_managers_way(self):
		answer = HttpUser(self.s.staff).call(
			"gov_hall.access.controlled.change_with_reason",
			doctype=CASE,
			name=self.open,
			fieldname="time_limit_days",
			value=60,
			reason="理由",
		)
		self.assertEqual(answer.status, 403, answer)
		self.assertEqual(stored(CASE, self.open, ["time_limit_days"]).time_limit_days, 5)

	def test_extension_approval_still_moves_the_due_date_and_is_logged(self):
		staff = HttpUser(self.s.staff)
		made = staff.insert(
			"GH Case Extension", {"case": self.open, "extension_days": 3, "reason": "需现场勘验"}
		)
		self.assertEqual(made.status, 200, made)
		name = made.data["name"]
		self.assertEqual(staff.update("GH Case Extension", name, {"status": "Approved"}).status, 403)
		due = stored(CASE, self.open, ["due_date"]).due_date
		answer = HttpUser(self.manager).update("GH Case Extension", name, {"status": "Approved"})
		self.assertEqual(answer.status, 200, answer)
		case = stored(CASE, self.open, ["extension_days", "due_date"])
		self.assertEqual(case.extension_days, 3)
		self.assertGreater(getdate(case.due_date), getdate(due))
		self.assertTrue(
			frappe.db.exists(
				"GH Override Log",
				{"reference_name": self.open, "fieldname": "extension_days", "reason": "需现场勘验"},
			)
		)
