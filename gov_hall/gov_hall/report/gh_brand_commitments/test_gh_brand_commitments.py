"""服务品牌承诺兑现 for a year: each brand's commitments measured on its own department's or
windows' records; a chief representative sees their own department's brands only."""

import frappe
from frappe.desk.query_report import run

from gov_hall.setup.roles import CHIEF_REPRESENTATIVE, WINDOW_STAFF
from gov_hall.tests.factories import (
	GovHallTestCase,
	make_case,
	make_case_setup,
	make_staff,
	make_user,
	unique,
)

REPORT = "GH Brand Commitments"
execute = frappe.get_attr("gov_hall.gov_hall.report.gh_brand_commitments.gh_brand_commitments.execute")


def make_brand(setup, brand_name: str, commitments: list[tuple], status="Named", window=None):
	doc = frappe.get_doc(
		{
			"doctype": "GH Service Brand",
			"brand_name": brand_name,
			"hall": setup.hall,
			"department": setup.department,
			"brand_for": "Window" if window else "Department",
			"window": window,
			"concept": "群众满意是我们的追求",
			"commitments": [
				{"commitment": text, "metric": metric, "target": target}
				for text, metric, target in commitments
			],
		}
	).insert()
	frappe.db.set_value("GH Service Brand", doc.name, "status", status)
	return doc.name


def completed_case(setup, window, day, on_time):
	doc = make_case(setup.hall, setup.matter, window=window)
	frappe.db.set_value(
		"GH Case",
		doc.name,
		{
			"status": "Completed",
			"completed_on": f"{day} 15:00:00",
			"due_date": day,
			"time_limit_days": 5,
			"completed_on_time": on_time,
		},
	)


def red_card(setup, window, day):
	doc = frappe.get_doc(
		{
			"doctype": "GH Supervision Card",
			"level": "Red",
			"card_date": day,
			"hall": setup.hall,
			"department": setup.department,
			"window": window,
		}
	)
	doc.name = unique("CARD-T-")
	doc.db_insert()


def shown(rows: list[dict]) -> list[tuple]:
	return [(r["brand_name"], r["metric"], r["target"], r["actual"], r["result"]) for r in rows]


class TestBrandCommitments(GovHallTestCase):
	def setUp(self):
		s, o = self.s, self.other = make_case_setup(), make_case_setup()
		completed_case(s, s.window, "2025-03-05", 1)
		completed_case(s, s.window, "2025-03-06", 0)
		completed_case(o, o.window, "2025-03-06", 1)
		red_card(s, s.window, "2025-04-01")
		red_card(o, o.window, "2025-04-01")
		self.department_brand = make_brand(
			s,
			"A 一次办好",
			[
				("按时办结率不低于50%", "On-Time Completion Rate", 50),
				("全年无红牌", "Red Cards", 0),
				("满意率不低于90%", "Satisfaction Rate", 90),  # nothing rated: not measured
				("微笑服务", None, 0),
			],
		)
		# the second window has neither cases nor cards
		self.window_brand = make_brand(
			s,
			"B 暖心窗口",
			[("按时办结率100%", "On-Time Completion Rate", 100), ("全年无红牌", "Red Cards", 0)],
			status="Warned",
			window=s.other_window,
		)
		self.foreign = make_brand(o, "C 别家", [("全年无红牌", "Red Cards", 0)])

	def tearDown(self):
		frappe.set_user("Administrator")
		super().tearDown()

	def test_each_commitment_measured_for_the_year(self):
		report = run(REPORT, filters={"hall": self.s.hall, "year": 2025})
		rows = report["result"]
		self.assertEqual(
			shown(rows),
			[
				("A 一次办好", "On-Time Completion Rate", 50.0, 50.0, "Fulfilled"),
				("A 一次办好", "Red Cards", 0.0, 1, "Missed"),
				("A 一次办好", "Satisfaction Rate", 90.0, None, "Not Measured"),
				("A 一次办好", None, None, None, "Not Measured"),
				("B 暖心窗口", "On-Time Completion Rate", 100.0, None, "Not Measured"),
				("B 暖心窗口", "Red Cards", 0.0, 0, "Fulfilled"),
			],
		)
		first = rows[0]
		self.assertEqual(
			(first["brand"], first["department"], first["status"], first["commitment"], first["unit"]),
			(self.department_brand, self.s.department, "Named", "按时办结率不低于50%", "%"),
		)
		self.assertEqual(first["detail"], "1 of 2 completed cases on time")
		self.assertEqual((rows[1]["unit"], rows[1]["kept"], rows[2]["kept"]), ("count", 0, None))
		self.assertEqual(rows[5]["brand"], self.window_brand)
		summary = {card["label"]: card["value"] for card in report["report_summary"]}
		self.assertEqual(
			(
				summary["Brands"],
				summary["Commitments"],
				summary["Fulfilled"],
				summary["Missed"],
				summary["Not Measured"],
				summary["Fulfilment Rate %"],
			),
			(2, 6, 2, 1, 3, 66.67),
		)
		chart = report["chart"]
		self.assertEqual(chart["data"]["labels"], ["A 一次办好", "B 暖心窗口"])
		self.assertEqual([d["values"] for d in chart["data"]["datasets"]], [[1, 1], [1, 0]])
		self.assertEqual([d["name"] for d in chart["data"]["datasets"]], ["Fulfilled", "Missed"])
		frappe.as_json(report)

	def test_another_year_and_filters(self):
		rows = execute({"hall": self.s.hall, "year": 2024})[1]
		self.assertEqual(
			[(r["metric"], r["actual"], r["result"]) for r in rows if r["metric"] == "Red Cards"],
			[("Red Cards", 0, "Fulfilled"), ("Red Cards", 0, "Fulfilled")],
		)
		rows = execute({"hall": self.s.hall, "year": 2025, "status": "Warned"})[1]
		self.assertEqual({r["brand"] for r in rows}, {self.window_brand})
		rows = execute({"year": 2025, "department": self.other.department})[1]
		self.assertEqual(shown(rows), [("C 别家", "Red Cards", 0.0, 1, "Missed")])
		rows = execute({"year": "2025", "brand": self.department_brand})[1]
		self.assertEqual(len(rows), 4)
		self.assertEqual(execute({"hall": self.s.hall, "year": 2025, "status": "Withdrawn"})[1], [])

	def test_wrong_filters_refused_in_chinese(self):
		frappe.local.lang = "zh"
		with self.assertRaises(frappe.ValidationError) as caught:
			execute({"year": "last year"})
		self.assertIn("请输入有效的年份", str(caught.exception))
		with self.assertRaises(frappe.ValidationError) as caught:
			execute({"year": 2025, "status": "Famous"})
		self.assertIn("未知的品牌状态", str(caught.exception))
		# the measured detail follows the user's language
		rows = execute({"year": 2025, "brand": self.department_brand})[1]
		self.assertEqual(rows[1]["detail"], "红牌1张")
		self.assertEqual(rows[1]["result"], "未兑现")

	def test_chief_representative_sees_only_their_department(self):
		chief = make_user([CHIEF_REPRESENTATIVE])
		make_staff(self.other.department, self.other.window, user=chief)
		staff_only = make_user([WINDOW_STAFF])
		frappe.set_user(chief)
		self.assertEqual(shown(execute({"year": 2025})[1]), [("C 别家", "Red Cards", 0.0, 1, "Missed")])
		self.assertEqual(execute({"year": 2025, "department": self.s.department})[1], [])
		self.assertEqual(execute({"year": 2025, "brand": self.department_brand})[1], [])
		frappe.set_user(staff_only)
		self.assertEqual(execute({"year": 2025})[1], [])
		with self.assertRaises(frappe.PermissionError):
			run(REPORT, filters={"year": 2025})

	def test_chief_representative_opens_the_report(self):
		"""The report's roles include Chief Representative; Frappe also asks for the report
		permission on GH Service Brand."""
		chief = make_user([CHIEF_REPRESENTATIVE])
		make_staff(self.other.department, self.other.window, user=chief)
		frappe.set_user(chief)
		rows = run(REPORT, filters={"year": 2025})["result"]
		self.assertEqual({r["brand"] for r in rows}, {self.foreign})
