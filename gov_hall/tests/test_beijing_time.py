"""Beijing time whatever the site's time zone."""

import datetime

import frappe
from frappe.model.workflow import apply_workflow
from freezegun import freeze_time

from gov_hall.setup.site import ensure_time_zone, site_time_zone_warning
from gov_hall.tests.factories import GovHallTestCase, make_case, make_case_setup
from gov_hall.utils import clock
from gov_hall.utils.calendar import get_hall_calendar

# 2026-12-02 00:30 in Beijing is 2026-12-01 16:30 UTC and 22:00 in Kolkata, Frappe's fallback zone
HALF_PAST_MIDNIGHT_BEIJING_UTC = "2026-12-01 16:30:00"


def set_site_time_zone(zone: str | None) -> None:
	frappe.db.set_single_value("System Settings", "time_zone", zone)
	frappe.cache.delete_value("time_zone")
	frappe.local.system_settings = None
	frappe.clear_document_cache("System Settings", "System Settings")


class TestBeijingTime(GovHallTestCase):
	def tearDown(self):
		super().tearDown()  # rolls the time zone back
		frappe.cache.delete_value("time_zone")
		frappe.clear_document_cache("System Settings", "System Settings")

	def test_clock_is_beijing_time_whatever_the_site_says(self):
		for zone in ("Asia/Kolkata", "", "America/New_York"):
			set_site_time_zone(zone)
			with freeze_time(HALF_PAST_MIDNIGHT_BEIJING_UTC):
				self.assertEqual(clock.now_datetime(), datetime.datetime(2026, 12, 2, 0, 30))
				self.assertEqual(clock.nowdate(), "2026-12-02")
				# Frappe's own clock follows the site's zone, which is why the app does not use it
				self.assertNotEqual(frappe.utils.nowdate(), "2026-12-02")

	def test_case_received_at_half_past_midnight_beijing_is_dated_that_day(self):
		s = make_case_setup(limit=3)
		for zone in ("Asia/Kolkata", ""):
			set_site_time_zone(zone)
			with freeze_time(HALF_PAST_MIDNIGHT_BEIJING_UTC):
				case = make_case(s.hall, s.matter)
				received = frappe.db.get_value("GH Case", case.name, "received_on")
				self.assertEqual(received, datetime.datetime(2026, 12, 2, 0, 30))
				doc = frappe.get_doc("GH Case", case.name)
				doc = frappe.get_doc(apply_workflow(doc.as_dict(), "Accept"))
				self.assertEqual(doc.accepted_on.date(), datetime.date(2026, 12, 2))
				# day 1 is the first working day after acceptance, on the Beijing date
				expected = get_hall_calendar(s.hall).add_working_days(datetime.date(2026, 12, 2), 3)
				self.assertEqual(frappe.utils.getdate(doc.due_date), expected)

	def test_slots_of_this_morning_are_gone_by_beijing_time(self):
		from gov_hall.rules import appointments as rules

		set_site_time_zone("Asia/Kolkata")
		# 10:40 in Beijing, 08:10 in Kolkata: the 09:30 slot has begun
		with freeze_time("2026-12-02 02:40:00"):
			self.assertTrue(rules.slot_started(clock.today(), "09:30:00", clock.now_datetime()))
			self.assertFalse(rules.slot_started(clock.today(), "11:00:00", clock.now_datetime()))

	def test_install_fills_an_empty_time_zone_only(self):
		set_site_time_zone("")
		self.assertTrue(ensure_time_zone(verbose=False))
		self.assertEqual(frappe.db.get_single_value("System Settings", "time_zone"), "Asia/Shanghai")
		self.assertFalse(ensure_time_zone(verbose=False))
		self.assertIsNone(site_time_zone_warning())
		set_site_time_zone("Europe/Berlin")
		self.assertFalse(ensure_time_zone(verbose=False))
		self.assertEqual(frappe.db.get_single_value("System Settings", "time_zone"), "Europe/Berlin")
		self.assertIn("Europe/Berlin", site_time_zone_warning())

	def test_hall_settings_show_a_foreign_time_zone(self):
		set_site_time_zone("Europe/Berlin")
		settings = frappe.get_doc("GH Hall Settings")
		settings.run_method("onload")
		kinds = [w["kind"] for w in settings.get_onload().calendar_warnings]
		self.assertIn("time_zone", kinds)
