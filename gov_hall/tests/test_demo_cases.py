import frappe
from frappe.utils import getdate

from gov_hall.demo.cases import make_demo_cases
from gov_hall.rules import deadlines
from gov_hall.tests.factories import GovHallTestCase, make_case, make_case_setup, make_matter, make_staff
from gov_hall.utils.calendar import get_hall_calendar


class TestDemoYear(GovHallTestCase):
	def setUp(self):
		self.s = make_case_setup(limit=3)
		make_matter(self.s.department, promised_time_limit=0, matter_name="即办事项")
		make_matter(self.s.department, promised_time_limit=15, matter_name="复杂事项", complexity=5)
		make_staff(self.s.department, self.s.window)
		frappe.db.set_value("GH Service Hall", self.s.hall, "hall_level", "County Hall")

	def test_simulated_weeks_follow_the_rules(self):
		counts = make_demo_cases(days=60, halls=[self.s.hall])
		self.assertGreater(counts["cases"], 500)
		cases = frappe.get_all(
			"GH Case",
			filters={"hall": self.s.hall},
			fields=[
				"name",
				"status",
				"clock_start",
				"due_date",
				"time_limit_days",
				"extension_days",
				"completed_on",
				"completed_on_time",
				"mobile_last4",
				"mobile",
			],
		)
		self.assertEqual(len(cases), counts["cases"])
		calendar = get_hall_calendar(self.s.hall)
		statuses = {case.status for case in cases}
		self.assertTrue({"Completed", "Rejected"} <= statuses, statuses)
		for case in cases:
			self.assertEqual(case.mobile_last4, case.mobile[-4:])
			if case.clock_start and case.due_date:
				expected = deadlines.due_date(
					calendar, getdate(case.clock_start), case.time_limit_days, case.extension_days
				)
				self.assertEqual(getdate(case.due_date), expected, case.name)
			if case.status == "Completed":
				self.assertEqual(
					case.completed_on_time, int(getdate(case.completed_on) <= getdate(case.due_date))
				)
		late = [c for c in cases if c.status == "Completed" and not c.completed_on_time]
		red_cards = frappe.get_all(
			"GH Supervision Card", filters={"hall": self.s.hall, "level": "Red"}, pluck="case"
		)
		self.assertTrue(late)
		self.assertTrue({c.name for c in late} <= set(red_cards))

	def test_new_cases_continue_the_numbering_and_demo_is_idempotent(self):
		make_demo_cases(days=20, halls=[self.s.hall])
		before = frappe.db.count("GH Case", {"hall": self.s.hall})
		self.assertEqual(make_demo_cases(days=20, halls=[self.s.hall])["cases"], 0)
		self.assertEqual(frappe.db.count("GH Case", {"hall": self.s.hall}), before)
		case = make_case(self.s.hall, self.s.matter)
		self.assertEqual(int(case.name.rsplit("-", 1)[1]), before + 1)
