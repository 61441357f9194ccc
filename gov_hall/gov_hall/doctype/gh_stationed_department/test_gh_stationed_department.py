import frappe

from gov_hall.setup.roles import CHIEF_REPRESENTATIVE
from gov_hall.tests.factories import GovHallTestCase, make_department, make_hall, make_staff


class TestGHStationedDepartment(GovHallTestCase):
	def setUp(self):
		self.hall = make_hall().name

	def test_stationed_to_before_from_rejected(self):
		with self.assertRaises(frappe.ValidationError):
			make_department(self.hall, stationed_from="2025-05-01", stationed_to="2025-04-30")

	def test_chief_representative_must_be_own_staff(self):
		department_a = make_department(self.hall)
		department_b = make_department(self.hall)
		staff_b = make_staff(department_b.name)
		department_a.chief_representative = staff_b.user
		with self.assertRaises(frappe.ValidationError):
			department_a.save()

	def test_chief_representative_gets_role(self):
		department = make_department(self.hall)
		staff = make_staff(department.name)
		department.chief_representative = staff.user
		department.save()
		self.assertIn(CHIEF_REPRESENTATIVE, frappe.get_roles(staff.user))

	def test_cannot_be_deleted(self):
		department = make_department(self.hall)
		with self.assertRaises(frappe.PermissionError):
			department.delete()
