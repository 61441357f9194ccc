import frappe

from gov_hall.tests.factories import GovHallTestCase, make_hall


class TestGHServiceHall(GovHallTestCase):
	def test_branch_hall_needs_parent(self):
		with self.assertRaises(frappe.ValidationError):
			make_hall(hall_level="Branch Hall")

	def test_branch_under_county(self):
		county = make_hall()
		branch = make_hall(hall_level="Branch Hall", parent_hall=county.name)
		self.assertEqual(frappe.db.get_value("GH Service Hall", branch.name, "parent_hall"), county.name)

	def test_parent_cycle_rejected_and_nothing_saved(self):
		county = make_hall()
		branch = make_hall(hall_level="Branch Hall", parent_hall=county.name)
		county.parent_hall = branch.name
		with self.assertRaises(frappe.ValidationError):
			county.save()
		self.assertIsNone(frappe.db.get_value("GH Service Hall", county.name, "parent_hall"))

	def test_hall_code_normalised_and_checked(self):
		hall = make_hall(hall_code="qs9")
		self.assertEqual(hall.hall_code, "QS9")
		with self.assertRaises(frappe.ValidationError):
			make_hall(hall_code="青山")

	def test_closing_before_opening_rejected(self):
		with self.assertRaises(frappe.ValidationError):
			make_hall(opening_time="17:00:00", closing_time="09:00:00")

	def test_hall_cannot_be_deleted(self):
		hall = make_hall()
		with self.assertRaises(frappe.PermissionError):
			frappe.delete_doc("GH Service Hall", hall.name)
		self.assertTrue(frappe.db.exists("GH Service Hall", hall.name))

	def test_error_message_is_chinese_for_chinese_users(self):
		frappe.local.lang = "zh"
		try:
			with self.assertRaises(frappe.ValidationError):
				make_hall(hall_level="Branch Hall")
			message = frappe.local.message_log[-1]
			self.assertIn("分中心", str(message))
		finally:
			frappe.local.lang = "en"


class TestHallHoursDefaults(GovHallTestCase):
	def test_hall_without_hours_gets_the_default_hours_not_the_current_time(self):
		hall = make_hall()
		hall.reload()
		get_time = frappe.utils.get_time
		self.assertEqual(get_time(hall.opening_time), get_time("09:00:00"))
		self.assertEqual(get_time(hall.closing_time), get_time("17:30:00"))
		for field in ("extended_closing_time", "holiday_opening_time", "holiday_closing_time"):
			self.assertFalse(hall.get(field), field)
