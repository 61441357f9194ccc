"""Conflicts of interest over HTTP (issue 13, part 2): the person a complaint, a bad review or an
inspection is about cannot verify, reply, close, decide or follow it up, on any path, workflow
transitions through frappe.model.workflow.apply_workflow included; only managers move a complaint to
another subject. Requests go through frappe.app.application as logged-in users."""

import frappe
from frappe.tests.utils import FrappeTestCase

from gov_hall.setup.roles import CHIEF_REPRESENTATIVE, HALL_MANAGER, WINDOW_STAFF
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

COMPLAINT = "GH Complaint"
APPLY = "frappe.model.workflow.apply_workflow"


def fresh(doctype: str, name: str, fields: list[str]) -> dict:
	frappe.db.rollback()
	return frappe.db.get_value(doctype, name, fields, as_dict=True)


class TestConflictsOfInterest(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		s = cls.s = make_case_setup()
		cls.manager = make_user([HALL_MANAGER])
		chief = make_staff(s.department, s.other_window)
		cls.chief = chief.user
		frappe.get_doc("User", cls.chief).add_roles(CHIEF_REPRESENTATIVE)
		frappe.db.set_value("GH Stationed Department", s.department, "chief_representative", cls.chief)
		# a window staff member who is also a hall manager (a deputy director stationed at a window)
		cls.manager_staff = make_staff(
			s.department, s.window, user=make_user([WINDOW_STAFF, HALL_MANAGER])
		).user
		for user in (s.staff, s.other_staff, cls.manager, cls.chief, cls.manager_staff):
			set_password(user)

		# a complaint about the chief representative, being investigated by a manager
		about_chief = make_complaint(s.hall, subject_type="Staff", staff=cls.chief).name
		as_user(cls.manager, complaint_act, about_chief, "Assign", assigned_to=cls.manager)
		as_user(cls.manager, complaint_act, about_chief, "Start Investigation")
		as_user(
			cls.manager,
			lambda: (
				frappe.get_doc(COMPLAINT, about_chief).update({"verification_result": "Substantiated"}).save()
			),
		)
		cls.about_chief = about_chief
		# a complaint about a staff member, assigned to their chief representative
		about_staff = make_complaint(s.hall, subject_type="Staff", staff=s.staff).name
		as_user(cls.manager, complaint_act, about_staff, "Assign", assigned_to=cls.chief)
		cls.about_staff = about_staff
		cls.to_move = make_complaint(s.hall, window=s.window).name

		# a bad review of the staff member's service, and of the manager-staff's
		case = as_user(s.staff, lambda: make_case(s.hall, s.matter, window=s.window).name)
		cls.rectification = frappe.db.get_value(
			"GH Service Rating", make_rating("Dissatisfied", case, channel="Web").name, "rectification"
		)
		their_case = as_user(cls.manager_staff, lambda: make_case(s.hall, s.matter, window=s.window).name)
		cls.rating = make_rating("Very Dissatisfied", their_case, channel="Web").name
		cls.appeal = as_user(
			s.staff,
			lambda: (
				frappe.get_doc(
					{
						"doctype": "GH Rating Appeal",
						"rating": cls.rating,
						"reason": "Malicious Review",
						"explanation": "该群众未在本窗口办理业务。",
					}
				)
				.insert()
				.name
			),
		)
		# an inspection of the manager-staff, with corrections pending
		inspection = as_user(
			cls.manager,
			lambda: frappe.get_doc(
				{
					"doctype": "GH Inspection",
					"inspection_type": "Open Inspection",
					"inspector_type": "Manager",
					"hall": s.hall,
					"subject_type": "Staff",
					"window": s.window,
					"staff": cls.manager_staff,
					"required_corrections": "工牌未佩戴。",
				}
			).insert(),
		)
		as_user(cls.manager, inspection.submit)
		cls.inspection = inspection.name
		commit_world()

	def test_the_chief_cannot_verify_reply_or_close_a_complaint_about_themselves(self):
		chief = HttpUser(self.chief)
		self.assertEqual(chief.get_doc(COMPLAINT, self.about_chief).status, 200)
		doc = chief.get_doc(COMPLAINT, self.about_chief).data
		answer = chief.call(APPLY, doc=doc, action="Verify")
		self.assertEqual(answer.status, 403, answer)
		# the user's language decides (the site's default is zh): either text names the conflict
		self.assertTrue(
			"yourself" in answer.server_messages or "您本人" in answer.server_messages, answer.server_messages
		)
		for values in ({"verification_result": "Unsubstantiated"}, {"investigation_notes": "经查不属实。"}):
			self.assertEqual(chief.update(COMPLAINT, self.about_chief, values).status, 403)
		stored = fresh(COMPLAINT, self.about_chief, ["status", "verification_result", "investigation_notes"])
		self.assertEqual((stored.status, stored.verification_result), ("Investigating", "Substantiated"))
		self.assertFalse(stored.investigation_notes)
		# nor can a manager hand it to them
		answer = HttpUser(self.manager).update(COMPLAINT, self.about_chief, {"assigned_to": self.chief})
		self.assertEqual(answer.status, 403, answer)
		self.assertEqual(fresh(COMPLAINT, self.about_chief, ["assigned_to"]).assigned_to, self.manager)

	def test_an_unconflicted_chief_verifies_and_replies(self):
		chief = HttpUser(self.chief)
		doc = chief.get_doc(COMPLAINT, self.about_staff).data
		self.assertEqual(chief.call(APPLY, doc=doc, action="Start Investigation").status, 200)
		answer = chief.update(COMPLAINT, self.about_staff, {"verification_result": "Partly Substantiated"})
		self.assertEqual(answer.status, 200, answer)
		answer = chief.call(APPLY, doc=chief.get_doc(COMPLAINT, self.about_staff).data, action="Verify")
		self.assertEqual(answer.status, 200, answer)
		self.assertEqual(
			chief.update(COMPLAINT, self.about_staff, {"reply": "已批评教育，感谢监督。"}).status, 200
		)
		answer = chief.call(APPLY, doc=chief.get_doc(COMPLAINT, self.about_staff).data, action="Reply")
		self.assertEqual(answer.status, 200, answer)
		stored = fresh(COMPLAINT, self.about_staff, ["status", "deduction_points"])
		self.assertEqual((stored.status, stored.deduction_points), ("Replied", 1))
		manager = HttpUser(self.manager)
		answer = manager.call(APPLY, doc=manager.get_doc(COMPLAINT, self.about_staff).data, action="Close")
		self.assertEqual(answer.status, 200, answer)

	def test_only_managers_move_a_complaint_to_another_subject(self):
		chief = HttpUser(self.chief)
		for values in (
			{"window": self.s.other_window},
			{"subject_type": "Hall"},
			{"subject_type": "Staff", "staff": self.s.other_staff},
		):
			answer = chief.update(COMPLAINT, self.to_move, values)
			self.assertEqual(answer.status, 403, (values, answer))
		self.assertEqual(fresh(COMPLAINT, self.to_move, ["window"]).window, self.s.window)
		answer = HttpUser(self.manager).update(COMPLAINT, self.to_move, {"window": self.s.other_window})
		self.assertEqual(answer.status, 200, answer)
		self.assertEqual(fresh(COMPLAINT, self.to_move, ["window"]).window, self.s.other_window)

	def test_the_person_reviewed_cannot_handle_their_own_bad_review(self):
		values = {"verification": "Not Confirmed", "handling": "Explained", "handling_notes": "系误评。"}
		answer = HttpUser(self.s.staff).update("GH Rectification", self.rectification, values)
		self.assertEqual(answer.status, 403, answer)
		self.assertFalse(fresh("GH Rectification", self.rectification, ["handling"]).handling)
		answer = HttpUser(self.s.other_staff).update("GH Rectification", self.rectification, values)
		self.assertEqual(answer.status, 200, answer)

	def test_the_person_rated_cannot_decide_the_appeal_another_manager_can(self):
		decide = "gov_hall.api.ratings.decide_appeal"
		answer = HttpUser(self.manager_staff).call(
			decide, appeal=self.appeal, decision="Upheld", notes="属实"
		)
		self.assertEqual(answer.status, 403, answer)
		self.assertEqual(fresh("GH Rating Appeal", self.appeal, ["status"]).status, "Pending")
		answer = HttpUser(self.manager).call(
			decide, appeal=self.appeal, decision="Upheld", notes="监控核实。"
		)
		self.assertEqual(answer.status, 200, answer)
		self.assertEqual(fresh("GH Service Rating", self.rating, ["status"]).status, "Excluded")
		self.assertTrue(
			frappe.db.exists(
				"GH Override Log",
				{"reference_name": self.appeal, "fieldname": "status", "reason": "监控核实。"},
			)
		)

	def test_the_person_inspected_cannot_record_its_follow_up(self):
		values = {"correction_status": "Corrected"}
		answer = HttpUser(self.manager_staff).update("GH Inspection", self.inspection, values)
		self.assertEqual(answer.status, 403, answer)
		self.assertEqual(
			fresh("GH Inspection", self.inspection, ["correction_status"]).correction_status, "Pending"
		)
		answer = HttpUser(self.manager).update("GH Inspection", self.inspection, values)
		self.assertEqual(answer.status, 200, answer)
