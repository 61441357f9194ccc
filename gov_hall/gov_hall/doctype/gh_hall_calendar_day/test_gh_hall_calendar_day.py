import datetime

import frappe

from gov_hall.tests.factories import GovHallTestCase, make_hall
from gov_hall.utils.calendar import get_hall_calendar


def add_day(date, day_type, hall=None):
	return frappe.get_doc(
		{
			"doctype": "GH Hall Calendar Day",
			"date": date,
			"day_type": day_type,
			"hall": hall,
			"reason": "测试",
		}
	).insert()


class TestGHHallCalendarDay(GovHallTestCase):
	def setUp(self):
		self.hall = make_hall().name

	def test_closure_changes_deadline_for_that_hall_only(self):
		add_day("2025-10-09", "Closed", self.hall)
		accepted = datetime.date(2025, 9, 30)
		self.assertEqual(
			get_hall_calendar(self.hall).add_working_days(accepted, 1), datetime.date(2025, 10, 10)
		)
		self.assertEqual(
			get_hall_calendar(make_hall().name).add_working_days(accepted, 1), datetime.date(2025, 10, 9)
		)

	def test_all_hall_extra_working_day(self):
		add_day("2025-10-04", "Working Day")
		self.assertTrue(get_hall_calendar(self.hall).is_working_day("2025-10-04"))

	def test_hall_day_overrides_all_hall_day(self):
		add_day("2025-10-04", "Working Day")
		add_day("2025-10-04", "Closed", self.hall)
		self.assertFalse(get_hall_calendar(self.hall).is_working_day("2025-10-04"))
		self.assertTrue(get_hall_calendar(make_hall().name).is_working_day("2025-10-04"))

	def test_pointless_entries_rejected(self):
		with self.assertRaises(frappe.ValidationError):
			add_day("2025-10-01", "Closed")  # National Day is already a rest day
		with self.assertRaises(frappe.ValidationError):
			add_day("2025-09-28", "Working Day")  # already a make-up working day

	def test_duplicate_rejected(self):
		add_day("2025-10-09", "Closed", self.hall)
		with self.assertRaises(frappe.ValidationError):
			add_day("2025-10-09", "Closed", self.hall)
