"""Staff see only their own department's records; managers see all; leaving takes access away."""

import frappe
from frappe.client import get as client_get

from gov_hall.setup.roles import HALL_MANAGER, HALL_SUPERVISOR, WINDOW_STAFF
from gov_hall.tests.factories import (
	GovHallTestCase,
	make_department,
	make_hall,
	make_matter,
	make_staff,
	make_user,
	make_window,
)


class TestDepartmentScope(GovHallTestCase):
	def setUp(self):
		hall = make_hall().name
		self.department_a = make_department(hall).name
		self.department_b = make_department(hall).name
		self.window_a = make_window(hall, self.department_a).name
		self.window_b = make_window(hall, self.department_b).name
		self.matter_a = make_matter(self.department_a).name
		self.matter_b = make_matter(self.department_b).name
		self.staff_a = make_staff(self.department_a, self.window_a, mobile="13800138000")
		self.staff_b = make_staff(self.department_b, self.window_b, mobile="13900139000")

	def tearDown(self):
		frappe.set_user("Administrator")
		super().tearDown()

	def test_staff_get_a_user_permission_on_their_department(self):
		allowed = frappe.get_all(
			"User Permission",
			filters={"user": self.staff_a.user, "allow": "GH Stationed Department"},
			pluck="for_value",
		)
		self.assertEqual(allowed, [self.department_a])
		self.assertIn(WINDOW_STAFF, frappe.get_roles(self.staff_a.user))

	def test_staff_list_only_their_department(self):
		frappe.set_user(self.staff_a.user)
		windows = set(frappe.get_list("GH Service Window", pluck="name"))
		matters = set(frappe.get_list("GH Service Matter", pluck="name"))
		staff = set(frappe.get_list("GH Window Staff", pluck="name"))
		self.assertIn(self.window_a, windows)
		self.assertNotIn(self.window_b, windows)
		self.assertIn(self.matter_a, matters)
		self.assertNotIn(self.matter_b, matters)
		self.assertIn(self.staff_a.name, staff)
		self.assertNotIn(self.staff_b.name, staff)

	def test_staff_cannot_open_other_department_record(self):
		frappe.set_user(self.staff_a.user)
		self.assertTrue(frappe.has_permission("GH Service Matter", doc=self.matter_a))
		self.assertFalse(frappe.has_permission("GH Service Matter", doc=self.matter_b))
		with self.assertRaises(frappe.PermissionError):
			client_get("GH Service Matter", self.matter_b)
		with self.assertRaises(frappe.PermissionError):
			client_get("GH Window Staff", self.staff_b.name)

	def test_staff_cannot_change_hall_structure(self):
		frappe.set_user(self.staff_a.user)
		self.assertFalse(frappe.has_permission("GH Service Window", "write", doc=self.window_a))
		self.assertFalse(frappe.has_permission("GH Service Matter", "write", doc=self.matter_a))
		self.assertFalse(frappe.has_permission("GH Service Hall", "create"))

	def test_colleague_mobile_is_hidden_but_mask_shown(self):
		colleague = make_staff(self.department_a, self.window_a, mobile="13700137000")
		frappe.set_user(self.staff_a.user)
		record = client_get("GH Window Staff", colleague.name)
		self.assertFalse(record.get("mobile"))
		self.assertEqual(record.get("mobile_masked"), "137****7000")

	def test_manager_sees_every_department(self):
		manager = make_user([HALL_MANAGER])
		frappe.set_user(manager)
		windows = set(frappe.get_list("GH Service Window", pluck="name"))
		self.assertTrue({self.window_a, self.window_b} <= windows)
		self.assertEqual(client_get("GH Window Staff", self.staff_b.name).get("mobile"), "13900139000")

	def test_supervisor_reads_windows_but_not_staff_records(self):
		supervisor = make_user([HALL_SUPERVISOR])
		frappe.set_user(supervisor)
		self.assertTrue(frappe.has_permission("GH Service Window", doc=self.window_b))
		self.assertFalse(frappe.has_permission("GH Window Staff"))

	def test_moving_to_another_department_moves_the_scope(self):
		self.staff_a.window = self.window_b
		self.staff_a.department = self.department_b
		self.staff_a.save()
		allowed = frappe.get_all(
			"User Permission",
			filters={"user": self.staff_a.user, "allow": "GH Stationed Department"},
			pluck="for_value",
		)
		self.assertEqual(allowed, [self.department_b])

	def test_leaving_removes_scope_and_role(self):
		self.staff_a.status = "Left"
		self.staff_a.save()
		self.assertFalse(
			frappe.db.exists(
				"User Permission", {"user": self.staff_a.user, "allow": "GH Stationed Department"}
			)
		)
		self.assertNotIn(WINDOW_STAFF, frappe.get_roles(self.staff_a.user))
		frappe.set_user(self.staff_a.user)
		self.assertFalse(frappe.has_permission("GH Service Matter", doc=self.matter_a))

	def test_daily_job_marks_staff_left_after_on_site_to(self):
		from gov_hall.utils.permissions import expire_departed_staff

		frappe.db.set_value("GH Window Staff", self.staff_a.name, "on_site_to", "2025-06-30")
		expire_departed_staff()
		self.assertEqual(frappe.db.get_value("GH Window Staff", self.staff_a.name, "status"), "Left")
		self.assertFalse(frappe.db.exists("User Permission", {"user": self.staff_a.user}))
		self.assertEqual(frappe.db.get_value("GH Window Staff", self.staff_b.name, "status"), "On Site")
