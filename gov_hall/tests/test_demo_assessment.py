import frappe
from frappe.utils import add_days, getdate, nowdate

from gov_hall.demo.assessment import make_demo_assessments, past_quarters
from gov_hall.rules.periods import quarter_bounds, quarter_of
from gov_hall.tests.factories import GovHallTestCase, make_case, make_case_setup


class TestDemoAssessment(GovHallTestCase):
	def test_past_quarters(self):
		self.assertEqual(
			past_quarters("2025-11-24", getdate("2026-11-23")), ["2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3"]
		)
		self.assertEqual(past_quarters("2026-11-01", getdate("2026-11-23")), [])

	def test_every_past_quarter_is_computed_and_published_once(self):
		s = make_case_setup()
		last_quarter = quarter_of(add_days(quarter_bounds(quarter_of(getdate(nowdate())))[0], -1))
		start, end = quarter_bounds(last_quarter)
		case = make_case(s.hall, s.matter, window=s.window)
		frappe.db.set_value(
			"GH Case",
			case.name,
			{
				"received_on": f"{start} 10:00:00",
				"status": "Completed",
				"completed_on": f"{end} 10:00:00",
				"handler": s.staff,
				"completed_on_time": 1,
			},
		)
		self.assertEqual(make_demo_assessments([s.hall]), {"assessments": 1})
		run = frappe.get_doc("GH Assessment Run", {"hall": s.hall, "quarter": last_quarter})
		self.assertEqual(run.status, "Published")
		self.assertEqual(next(r for r in run.window_results if r.window == s.window).cases, 1)
		self.assertEqual(make_demo_assessments([s.hall]), {"assessments": 0})
