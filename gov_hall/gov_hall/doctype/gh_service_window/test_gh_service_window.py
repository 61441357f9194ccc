import frappe

from gov_hall.tests.factories import GovHallTestCase, make_department, make_hall, make_window


class TestGHServiceWindow(GovHallTestCase):
	def setUp(self):
		self.hall = make_hall()
		self.department = make_department(self.hall.name).name

	def test_name_is_hall_code_and_number(self):
		window = make_window(self.hall.name, self.department, window_number="a01")
		self.assertEqual(window.name, f"{self.hall.hall_code}-A01")

	def test_number_unique_within_hall(self):
		make_window(self.hall.name, self.department, window_number="B02")
		with self.assertRaises(frappe.ValidationError):
			make_window(self.hall.name, self.department, window_number="B02")
		other_hall = make_hall()
		make_window(other_hall.name, self.department, window_number="B02")

	def test_professional_window_serves_only_its_department(self):
		other = make_department(self.hall.name).name
		with self.assertRaises(frappe.ValidationError):
			make_window(self.hall.name, self.department, served_departments=[{"department": other}])

	def test_comprehensive_window_includes_lead_department(self):
		other = make_department(self.hall.name).name
		window = make_window(
			self.hall.name,
			self.department,
			window_type="Comprehensive",
			served_departments=[{"department": other}],
		)
		self.assertEqual({row.department for row in window.served_departments}, {self.department, other})

	def test_duplicate_served_department_rejected(self):
		other = make_department(self.hall.name).name
		with self.assertRaises(frappe.ValidationError):
			make_window(
				self.hall.name,
				self.department,
				window_type="Comprehensive",
				served_departments=[{"department": other}, {"department": other}],
			)
