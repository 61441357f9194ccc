import frappe

from gov_hall.tests.factories import GovHallTestCase


class TestGHHallSettings(GovHallTestCase):
	def test_notice_limit_capped_by_law(self):
		settings = frappe.get_single("GH Hall Settings")
		settings.supplement_notice_limit_days = 6
		with self.assertRaises(frappe.ValidationError):
			settings.save()
		self.assertLessEqual(
			frappe.db.get_single_value("GH Hall Settings", "supplement_notice_limit_days"), 5
		)

	def test_threshold_range(self):
		settings = frappe.get_single("GH Hall Settings")
		settings.yellow_card_threshold_days = -1
		with self.assertRaises(frappe.ValidationError):
			settings.save()
