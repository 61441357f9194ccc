"""年度十佳服务标兵 / 先进工作者 over a year's published runs; drafts and other years never count."""

import frappe
from frappe.desk.query_report import run as run_report

from gov_hall.setup.roles import CHIEF_REPRESENTATIVE
from gov_hall.tests.assessment_data import make_run, staff_row
from gov_hall.tests.factories import GovHallTestCase, make_case_setup, make_user

REPORT = "GH Annual Honours"


class TestAnnualHonours(GovHallTestCase):
	def setUp(self):
		self.s = make_case_setup()
		self.third = make_user()
		self.chief = make_user([CHIEF_REPRESENTATIVE])
		s = self.s

		def quarter(first: float, second: float, third: float, first_ok: int = 1):
			return [
				staff_row(
					s.staff,
					"王一",
					s.department,
					s.window,
					first,
					eligible=first_ok,
					verified_complaints=0 if first_ok else 1,
				),
				staff_row(s.other_staff, "李二", s.department, s.other_window, second),
				staff_row(self.third, "赵三", s.department, s.other_window, third),
			]

		# 2025-Q1: 100, 90, 85, all stars; 2025-Q2: 95 (verified complaint), 98, 85
		make_run(s.hall, "2025-Q1", staff=quarter(20, 10, 5))
		make_run(s.hall, "2025-Q2", staff=quarter(15, 18, 5, first_ok=0), annual_star_count=1)
		# never counted: a draft of the same year, and another year
		make_run(s.hall, "2025-Q3", staff=quarter(20, 0, 20), status="Draft")
		make_run(s.hall, "2024-Q4", staff=quarter(0, 0, 20))

	def tearDown(self):
		frappe.set_user("Administrator")
		super().tearDown()

	def report(self, **filters):
		frappe.set_user(self.chief)
		try:
			return run_report(REPORT, filters={"hall": self.s.hall, **filters})
		finally:
			frappe.set_user("Administrator")

	def test_top_stars_and_advanced_workers_of_the_year(self):
		report = self.report()  # the year of the latest published run: 2025
		rows = [
			(
				r["rank"],
				r["staff_name"],
				r["total"],
				r["quarters"],
				r["star_quarters"],
				r["eligible"],
				r["is_top_star"],
				r["is_advanced_worker"],
			)
			for r in report["result"]
		]
		self.assertEqual(
			rows,
			[
				(1, "王一", 195.0, 2, 1, 0, 0, 0),  # a verified complaint this year
				(2, "李二", 188.0, 2, 2, 1, 1, 1),  # the one top star of the newest scheme
				(3, "赵三", 170.0, 2, 2, 1, 0, 1),
			],
		)
		self.assertEqual(report["result"][1]["staff"], self.s.other_staff)
		self.assertEqual(report["chart"]["data"]["labels"], ["李二"])
		self.assertEqual(report["chart"]["data"]["datasets"][0]["values"], [188.0])
		summary = {card["label"]: card["value"] for card in report["report_summary"]}
		self.assertEqual(summary["Published Quarters"], "2025-Q1, 2025-Q2")
		self.assertEqual((summary["Top Ten Service Stars"], summary["Advanced Workers"]), (1, 2))

		rows = self.report(year="2025", top_n=2)["result"]
		self.assertEqual([r["is_top_star"] for r in rows], [0, 1, 1])
		rows = self.report(year=2025, only_honoured=1)["result"]
		self.assertEqual([r["staff_name"] for r in rows], ["李二", "赵三"])
		rows = self.report(year=2024)["result"]
		self.assertEqual([(r["staff_name"], r["total"]) for r in rows][0], ("赵三", 100.0))
		self.assertEqual(self.report(year=2023)["result"], [])
		with self.assertRaises(frappe.ValidationError):
			self.report(year="25")
