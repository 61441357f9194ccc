import frappe
from frappe.utils import add_days, nowdate

from gov_hall.setup.roles import HALL_SUPERVISOR
from gov_hall.tests.factories import (
	GovHallTestCase,
	make_case_setup,
	make_complaint,
	make_supervisor,
	make_user,
)
from gov_hall.voice.supervisors import end_expired_terms


class TestExternalSupervisor(GovHallTestCase):
	def setUp(self):
		self.s = make_case_setup()
		self.user = make_user([])
		self.other_user = make_user([])

	def tearDown(self):
		frappe.set_user("Administrator")
		super().tearDown()

	def test_active_term_grants_the_supervisor_role_and_its_end_takes_it(self):
		supervisor = make_supervisor(
			self.s.hall, user=self.user, supervisor_type="Journalist", mobile="13500003333"
		)
		self.assertEqual(supervisor.status, "Active")
		self.assertEqual(supervisor.mobile_masked, "135****3333")
		self.assertIn(HALL_SUPERVISOR, frappe.get_roles(self.user))
		frappe.db.set_value(
			"GH External Supervisor", supervisor.name, "appointed_to", add_days(nowdate(), -1)
		)
		self.assertEqual(end_expired_terms(), 1)
		self.assertEqual(
			frappe.db.get_value("GH External Supervisor", supervisor.name, "status"), "Term Ended"
		)
		self.assertNotIn(HALL_SUPERVISOR, frappe.get_roles(self.user))

	def test_term_dates_must_be_in_order(self):
		with self.assertRaises(frappe.ValidationError):
			make_supervisor(self.s.hall, appointed_from="2026-06-01", appointed_to="2026-01-01")

	def test_a_supervisor_sees_only_their_own_record_and_complaints(self):
		mine = make_supervisor(self.s.hall, user=self.user)
		theirs = make_supervisor(self.s.hall, user=self.other_user, full_name="周监督")
		others_complaint = make_complaint(
			self.s.hall, window=self.s.window, source="Supervisor", supervisor=theirs.name
		)
		walk_in = make_complaint(self.s.hall, window=self.s.window)

		frappe.set_user(self.user)
		self.assertEqual(frappe.get_list("GH External Supervisor", pluck="name"), [mine.name])
		self.assertFalse(frappe.has_permission("GH External Supervisor", "read", theirs.name))
		own = make_complaint(self.s.hall, window=self.s.window, source="Walk-in", supervisor=theirs.name)
		self.assertEqual((own.source, own.supervisor), ("Supervisor", mine.name))
		self.assertEqual(frappe.get_list("GH Complaint", pluck="name"), [own.name])
		self.assertFalse(frappe.has_permission("GH Complaint", "read", others_complaint.name))
		self.assertFalse(frappe.has_permission("GH Complaint", "read", walk_in.name))
		own = frappe.get_doc("GH Complaint", own.name)
		own.description = "补充：当天下午三点左右。"
		own.verification_result = "Substantiated"
		own.deduction_points = 50
		# the hall's findings are refused, not silently dropped (issue 13, gov_hall.access.controlled)
		with self.assertRaises(frappe.PermissionError):
			own.save()
		own = frappe.get_doc("GH Complaint", own.name)
		self.assertEqual((own.verification_result, own.deduction_points), (None, 0))
		own.description = "补充：当天下午三点左右。"
		own.save()
		self.assertEqual(own.description, "补充：当天下午三点左右。")

	def test_a_user_out_of_term_cannot_file_as_supervisor(self):
		make_supervisor(self.s.hall, user=self.user, appointed_from="2020-01-01", appointed_to="2020-12-31")
		self.assertNotIn(HALL_SUPERVISOR, frappe.get_roles(self.user))
		frappe.set_user(self.user)
		self.assertFalse(frappe.has_permission("GH Complaint", "create"))

	def test_supervisors_are_never_deleted(self):
		supervisor = make_supervisor(self.s.hall)
		with self.assertRaises(frappe.PermissionError):
			frappe.delete_doc("GH External Supervisor", supervisor.name)
