"""督查得分 on inspections recorded and submitted through the document API."""

import frappe
from frappe.desk.query_report import run
from frappe.utils import add_days, getdate, nowdate

from gov_hall.setup.roles import CHIEF_REPRESENTATIVE
from gov_hall.tests.factories import GovHallTestCase, make_case_setup, make_staff, make_user

REPORT = "GH Inspection Scores"
execute = frappe.get_attr("gov_hall.gov_hall.report.gh_inspection_scores.gh_inspection_scores.execute")
NORMS = ("N01", "N02", "N03")  # seeded at install, 10 points each


def inspect(hall: str, window: str, points: tuple, submit: bool = True, **values):
	doc = frappe.get_doc(
		{
			"doctype": "GH Inspection",
			"inspection_type": values.pop("inspection_type", "Open Inspection"),
			"inspection_date": values.pop("inspection_date", nowdate()),
			"inspector_type": "Manager",
			"hall": hall,
			"subject_type": "Staff" if values.get("staff") else "Window",
			"window": window,
			"items": [{"norm": norm, "points": p} for norm, p in zip(NORMS, points, strict=True)],
			**values,
		}
	).insert()
	if submit:
		doc.submit()
	return doc


class TestInspectionScores(GovHallTestCase):
	def setUp(self):
		self.s = make_case_setup()
		self.other = make_case_setup()
		self.today = getdate(nowdate())
		self.assertEqual(
			frappe.get_all("GH Conduct Norm", filters={"name": ["in", NORMS]}, pluck="max_points"), [10.0] * 3
		)
		hall = self.s.hall
		self.window_check = inspect(hall, self.s.window, (10, 8, 9))  # 27 of 30
		self.visit = inspect(
			hall,
			self.s.window,
			(6, 10, 8),  # 24 of 30
			staff=self.s.staff,
			inspection_type="Unannounced Visit",
			inspection_date=add_days(self.today, -10),
			required_corrections="仪容仪表不规范，限期整改。",
		)
		inspect(hall, self.s.other_window, (10, 10, 10), staff=self.s.other_staff)
		inspect(hall, self.s.window, (0, 0, 0), submit=False)  # a draft does not count
		inspect(self.other.hall, self.other.window, (10, 10, 5))
		self.filters = {"hall": hall, "from_date": add_days(self.today, -30)}

	def tearDown(self):
		frappe.set_user("Administrator")
		super().tearDown()

	def test_by_window(self):
		self.assertEqual((self.window_check.score_rate, self.visit.score_rate), (90.0, 80.0))
		self.assertEqual(self.visit.correction_status, "Pending")
		report = run(REPORT, filters=self.filters)
		rows = report["result"]
		self.assertEqual([r["group"] for r in rows], [self.s.window, self.s.other_window, "'Total'"])
		window, other, total = rows
		self.assertEqual(
			(
				window["inspections"],
				window["avg_score_rate"],
				window["lowest_score_rate"],
				window["open_corrections"],
			),
			(2, 85.0, 80.0, 1),
		)
		self.assertEqual(getdate(window["last_inspection"]), self.today)
		self.assertEqual(
			(other["inspections"], other["avg_score_rate"], other["open_corrections"]), (1, 100.0, 0)
		)
		# the mean of the three inspections, not of the two windows
		self.assertEqual(
			(
				total["inspections"],
				total["avg_score_rate"],
				total["lowest_score_rate"],
				total["open_corrections"],
			),
			(3, 90.0, 80.0, 1),
		)
		self.assertEqual(report["chart"]["data"]["labels"], [self.s.window, self.s.other_window])
		self.assertEqual(report["chart"]["data"]["datasets"][0]["values"], [85.0, 100.0])
		summary = {card["label"]: card["value"] for card in report["report_summary"]}
		self.assertEqual(
			(summary["Inspections"], summary["Average Score Rate %"], summary["Open Corrections"]),
			(3, 90.0, 1),
		)
		frappe.as_json(report)

	def test_by_staff_with_the_window_inspection_unnamed(self):
		columns, rows, _message, chart, _summary = execute({**self.filters, "group_by": "Staff"})
		self.assertEqual([c["fieldname"] for c in columns][:2], ["group", "staff_name"])
		self.assertEqual(
			[(r["group"], r["avg_score_rate"]) for r in rows[:3]],
			[(self.s.staff, 80.0), ("", 90.0), (self.s.other_staff, 100.0)],
		)
		self.assertEqual(rows[0]["staff_name"], frappe.db.get_value("User", self.s.staff, "full_name"))
		self.assertEqual(chart["data"]["labels"][1], "Not Set")

	def test_by_norm(self):
		columns, rows, _message, chart, _summary = execute({**self.filters, "by_norm": 1})
		self.assertEqual([c["fieldname"] for c in columns][:2], ["norm", "norm_title"])
		self.assertEqual([r["norm"] for r in rows], list(NORMS))
		n01, n02, n03 = rows
		# N01: 10 + 6 + 10 of 30; N02: 8 + 10 + 10; N03: 9 + 8 + 10
		self.assertEqual(
			(n01["scored"], n01["avg_points"], n01["points_share"], n01["marked_down"]), (3, 8.67, 86.67, 1)
		)
		self.assertEqual(
			(n02["avg_points"], n02["avg_max_points"], n02["points_share"], n02["marked_down"]),
			(9.33, 10.0, 93.33, 1),
		)
		self.assertEqual((n03["avg_points"], n03["points_share"], n03["marked_down"]), (9.0, 90.0, 2))
		self.assertEqual(n01["norm_title"], frappe.db.get_value("GH Conduct Norm", "N01", "norm_title"))
		self.assertEqual(chart["data"]["datasets"][0]["values"], [86.67, 93.33, 90.0])
		rows = execute({**self.filters, "by_norm": 1, "inspection_type": "Unannounced Visit"})[1]
		self.assertEqual(
			[(r["norm"], r["avg_points"]) for r in rows], [("N01", 6.0), ("N02", 10.0), ("N03", 8.0)]
		)

	def test_type_window_and_date_filters(self):
		rows = execute({**self.filters, "inspection_type": "Unannounced Visit"})[1]
		self.assertEqual(
			[(r["group"], r["inspections"], r["avg_score_rate"]) for r in rows[:1]],
			[(self.s.window, 1, 80.0)],
		)
		rows = execute({**self.filters, "window": self.s.other_window})[1]
		self.assertEqual([r["group"] for r in rows], [self.s.other_window, "'Total'"])
		rows = execute({"hall": self.s.hall, "from_date": self.today})[1]
		self.assertEqual(
			[(r["group"], r["inspections"]) for r in rows[:2]], [(self.s.window, 1), (self.s.other_window, 1)]
		)
		tomorrow = add_days(self.today, 1)
		self.assertEqual(execute({"from_date": tomorrow, "to_date": tomorrow, "by_norm": 1})[1], [])
		with self.assertRaises(frappe.ValidationError):
			execute({"inspection_type": "Telepathy"})

	def test_chief_representative_sees_only_their_department(self):
		chief = make_user([CHIEF_REPRESENTATIVE])
		make_staff(self.other.department, self.other.window, user=chief)
		frappe.set_user(chief)
		rows = run(REPORT, filters={"from_date": add_days(self.today, -30)})["result"]
		self.assertEqual(
			[(r["group"], r["avg_score_rate"]) for r in rows],
			[(self.other.window, 83.33), ("'Total'", 83.33)],
		)
		rows = execute({"by_norm": 1, "from_date": add_days(self.today, -30)})[1]
		self.assertEqual(
			[(r["norm"], r["points_share"]) for r in rows], [("N01", 100.0), ("N02", 100.0), ("N03", 50.0)]
		)
		self.assertEqual(execute({"hall": self.s.hall})[1], [])
