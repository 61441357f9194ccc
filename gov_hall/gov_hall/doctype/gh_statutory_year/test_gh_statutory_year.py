"""GH Statutory Year: the State Council's schedule of a year the holidays package does not know yet."""

import frappe
from frappe.model.workflow import apply_workflow
from freezegun import freeze_time

from gov_hall.cases import calendar_years
from gov_hall.rules.workdays import WorkCalendar
from gov_hall.tests.factories import GovHallTestCase, make_case, make_case_setup
from gov_hall.utils.calendar import get_hall_calendar


class TestStatutoryYear(GovHallTestCase):
	"""At 2026-11-30 the holidays package has no make-up working days for 2027."""

	NOW_UTC = "2026-11-30 02:00:00"  # 10:00 in Beijing

	def setUp(self):
		frappe.db.delete("GH Statutory Year", {"year": 2027})
		frappe.db.delete("GH Statutory Day", {"parent": "2027"})

	def enter_2027(self, days):
		return frappe.get_doc(
			{
				"doctype": "GH Statutory Year",
				"year": 2027,
				"notice_title": "国务院办公厅关于2027年部分节假日安排的通知",
				"days": days,
			}
		).insert()

	def test_managers_are_warned_when_work_reaches_an_unknown_year(self):
		with freeze_time(self.NOW_UTC):
			years = [w.get("year") for w in calendar_years.calendar_warnings()]
			self.assertIn(2027, years)
			self.enter_2027([{"date": "2027-02-20", "day_type": "Working Day", "holiday_name": "春节"}])
			years = [w.get("year") for w in calendar_years.calendar_warnings()]
			self.assertNotIn(2027, years)

	def test_warning_reaches_the_workspace_endpoint_for_managers_only(self):
		from gov_hall.tests.factories import make_user

		manager = make_user(["Hall Manager"])
		staff = make_user(["Window Staff"])
		with freeze_time(self.NOW_UTC):
			frappe.set_user(manager)
			try:
				answer = frappe.call("gov_hall.api.calendar.warnings")
				self.assertIn(2027, [w.get("year") for w in answer])
				frappe.set_user(staff)
				self.assertEqual(frappe.call("gov_hall.api.calendar.warnings"), [])
			finally:
				frappe.set_user("Administrator")

	def test_entering_the_schedule_recomputes_open_deadlines(self):
		with freeze_time(self.NOW_UTC):
			s = make_case_setup(limit=30, legal_time_limit=60)
			case = make_case(s.hall, s.matter)
			doc = frappe.get_doc(apply_workflow(frappe.get_doc("GH Case", case.name).as_dict(), "Accept"))
			start = frappe.utils.getdate(doc.clock_start)
			before = frappe.utils.getdate(doc.due_date)
			self.assertEqual(before, get_hall_calendar(s.hall).add_working_days(start, 30))
			self.assertEqual(before.year, 2027)
			# a make-up Saturday before the due date brings it one working day earlier
			self.enter_2027([{"date": "2027-01-09", "day_type": "Working Day", "holiday_name": "元旦"}])
			after = frappe.utils.getdate(frappe.db.get_value("GH Case", case.name, "due_date"))
			self.assertEqual(
				after, WorkCalendar(extra_working_days=["2027-01-09"]).add_working_days(start, 30)
			)
			self.assertLess(after, before)
			# a hall closure on a weekday before it moves it a day later again
			frappe.get_doc(
				{
					"doctype": "GH Hall Calendar Day",
					"date": "2027-01-06",
					"day_type": "Closed",
					"reason": "设备检修",
				}
			).insert()
			again = frappe.utils.getdate(frappe.db.get_value("GH Case", case.name, "due_date"))
			self.assertEqual(
				again,
				WorkCalendar(extra_working_days=["2027-01-09"], closures=["2027-01-06"]).add_working_days(
					start, 30
				),
			)
			self.assertGreater(again, after)

	def test_wrong_days_are_refused_and_nothing_saved(self):
		for days in (
			[{"date": "2028-01-08", "day_type": "Working Day"}],  # another year
			[{"date": "2027-01-11", "day_type": "Working Day"}],  # a Monday is no make-up day
			[
				{"date": "2027-02-20", "day_type": "Working Day"},
				{"date": "2027-02-20", "day_type": "Holiday"},
			],
		):
			with self.assertRaises(frappe.ValidationError):
				self.enter_2027(days)
			self.assertFalse(frappe.db.exists("GH Statutory Year", {"year": 2027}))

	def test_a_schedule_cannot_be_deleted(self):
		doc = self.enter_2027([{"date": "2027-02-20", "day_type": "Working Day"}])
		with self.assertRaises(frappe.ValidationError):
			frappe.delete_doc("GH Statutory Year", doc.name)
