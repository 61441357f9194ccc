"""gov-hall-setup-site: the setup wizard completed for a Chinese hall, idempotently."""

import frappe
from frappe.tests.utils import FrappeTestCase

from gov_hall.setup.site import setup_site

SETTINGS = ("setup_complete", "language", "time_zone", "country", "date_format", "number_format")


class TestSiteSetup(FrappeTestCase):
	def setUp(self):
		self.before = {field: frappe.db.get_single_value("System Settings", field) for field in SETTINGS}
		self.home_page = frappe.db.get_default("desktop:home_page")
		self.currency = frappe.db.get_default("currency")

	def tearDown(self):
		# setup_site commits, as the bench command does: put the test site back as it was
		for field, value in self.before.items():
			frappe.db.set_single_value("System Settings", field, value)
		frappe.db.set_default("desktop:home_page", self.home_page)
		frappe.db.set_default("currency", self.currency)
		frappe.db.commit()  # nosemgrep: undo a committed bench command
		frappe.clear_cache()
		frappe.local.lang = "en"

	def test_a_fresh_site_becomes_a_chinese_hall_and_a_second_run_changes_nothing(self):
		frappe.db.set_single_value("System Settings", "setup_complete", 0)
		frappe.db.set_single_value("System Settings", "time_zone", "")
		frappe.db.commit()  # nosemgrep: the command reads committed settings
		result = setup_site()
		self.assertIn("setup wizard", result["done"])
		settings = frappe.get_doc("System Settings")
		self.assertEqual(settings.setup_complete, 1)
		self.assertEqual(settings.language, "zh")
		self.assertEqual(settings.time_zone, "Asia/Shanghai")
		self.assertEqual(settings.country, "China")
		self.assertEqual(frappe.db.get_default("currency"), "CNY")
		# staff land in the desk, not in the setup wizard
		self.assertEqual(frappe.db.get_default("desktop:home_page"), "workspace")
		self.assertEqual(setup_site()["done"], [])
