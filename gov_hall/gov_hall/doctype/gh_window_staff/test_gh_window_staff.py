import frappe

from gov_hall.setup.roles import WINDOW_STAFF
from gov_hall.tests.factories import (
	GovHallTestCase,
	make_department,
	make_hall,
	make_staff,
	make_user,
	make_window,
)


class TestGHWindowStaff(GovHallTestCase):
	def setUp(self):
		self.hall = make_hall().name
		self.department = make_department(self.hall).name
		self.window = make_window(self.hall, self.department).name

	def test_mobile_validated_and_masked(self):
		staff = make_staff(self.department, self.window, mobile="+86 138-0013-8000")
		self.assertEqual(staff.mobile, "13800138000")
		self.assertEqual(staff.mobile_masked, "138****8000")

	def test_bad_mobile_rejected_and_nothing_saved(self):
		user = make_user([WINDOW_STAFF])
		with self.assertRaises(frappe.ValidationError):
			make_staff(self.department, self.window, user=user, mobile="12345")
		self.assertFalse(frappe.db.exists("GH Window Staff", user))

	def test_window_of_other_department_rejected(self):
		other = make_department(self.hall).name
		with self.assertRaises(frappe.ValidationError):
			make_staff(other, self.window)

	def test_comprehensive_window_accepts_served_department_staff(self):
		other = make_department(self.hall).name
		window = make_window(
			self.hall,
			self.department,
			window_type="Comprehensive",
			served_departments=[{"department": other}],
		).name
		staff = make_staff(other, window)
		self.assertEqual(staff.hall, self.hall)

	def test_on_site_dates_ordered(self):
		with self.assertRaises(frappe.ValidationError):
			make_staff(self.department, on_site_from="2025-05-01", on_site_to="2025-04-01")

	def test_administrator_cannot_be_staff(self):
		with self.assertRaises(frappe.ValidationError):
			make_staff(self.department, user="Administrator")

	def test_website_user_cannot_be_staff(self):
		user = make_user(user_type="Website User")
		with self.assertRaises(frappe.ValidationError):
			make_staff(self.department, user=user)

	def test_cannot_be_deleted(self):
		staff = make_staff(self.department)
		with self.assertRaises(frappe.PermissionError):
			staff.delete()
