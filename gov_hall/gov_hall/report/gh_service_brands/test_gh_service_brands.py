"""服务品牌 by status and score; a chief representative sees their own department's brands only."""

import frappe
from frappe.desk.query_report import run

from gov_hall.setup.roles import CHIEF_REPRESENTATIVE, WINDOW_STAFF
from gov_hall.tests.factories import GovHallTestCase, make_case_setup, make_staff, make_user

REPORT = "GH Service Brands"
execute = frappe.get_attr("gov_hall.gov_hall.report.gh_service_brands.gh_service_brands.execute")


def make_brand(setup, brand_name: str, status: str = "Proposed", window: str | None = None, **figures):
	"""A brand proposed by Administrator, then its review figures and status set directly (a review
	sets them through the workflow; here only the report is under test)."""
	doc = frappe.get_doc(
		{
			"doctype": "GH Service Brand",
			"brand_name": brand_name,
			"hall": setup.hall,
			"department": setup.department,
			"brand_for": "Window" if window else "Department",
			"window": window,
			"concept": "群众满意是我们的追求",
			"commitments": [{"commitment": "承诺件提前1个工作日办结", "metric": "Early Completion Rate"}],
		}
	).insert()
	frappe.db.set_value("GH Service Brand", doc.name, {"status": status, **figures})
	return doc.name


class TestServiceBrands(GovHallTestCase):
	def setUp(self):
		self.s = make_case_setup()
		self.other = make_case_setup()
		s = self.s
		self.named = make_brand(
			s,
			"暖心窗口",
			"Named",
			review_score=90,
			named_on="2025-12-20",
			last_review_year=2025,
			last_review_outcome="Named",
		)
		self.best = make_brand(s, "一次办好", "Named", review_score=92, last_review_outcome="Kept")
		self.warned = make_brand(
			s,
			"马上办",
			"Warned",
			window=s.window,
			review_score=86,
			last_review_year=2025,
			last_review_outcome="Warned",
			commitments_kept=2,
			commitments_missed=1,
		)
		self.proposed = make_brand(s, "帮您办")
		self.withdrawn = make_brand(s, "老字号", "Withdrawn", review_score=88, commitments_missed=2)
		self.foreign = make_brand(self.other, "别家品牌", "Named", review_score=95)

	def tearDown(self):
		frappe.set_user("Administrator")
		super().tearDown()

	def test_brands_by_status_then_score(self):
		report = run(REPORT, filters={"hall": self.s.hall})
		rows = report["result"]
		self.assertEqual(
			[r["name"] for r in rows], [self.best, self.named, self.warned, self.proposed, self.withdrawn]
		)
		warned = rows[2]
		self.assertEqual(
			(
				warned["brand_name"],
				warned["department"],
				warned["brand_for"],
				warned["window"],
				warned["review_score"],
				warned["last_review_year"],
				warned["last_review_outcome"],
				warned["commitments_kept"],
				warned["commitments_missed"],
			),
			("马上办", self.s.department, "Window", self.s.window, 86.0, 2025, "Warned", 2, 1),
		)
		self.assertEqual(str(rows[1]["named_on"]), "2025-12-20")
		chart = report["chart"]
		self.assertEqual(chart["data"]["labels"], ["Named", "Warned", "Proposed", "Withdrawn"])
		self.assertEqual(chart["data"]["datasets"][0]["values"], [2, 1, 1, 1])
		summary = {card["label"]: card["value"] for card in report["report_summary"]}
		self.assertEqual(
			(
				summary["Brands"],
				summary["Named Brands"],
				summary["Warned Brands"],
				summary["Brands in Progress"],
				summary["Commitments Missed"],
			),
			(5, 2, 1, 1, 1),
		)
		# (92 + 90 + 86) / 3: named and warned brands; the withdrawn brand's score does not count
		self.assertEqual(summary["Average Score of Named Brands"], 89.33)
		frappe.as_json(report)

	def test_filters(self):
		self.assertEqual(
			[r["name"] for r in execute({"hall": self.s.hall, "status": "Warned"})[1]], [self.warned]
		)
		self.assertEqual(
			[r["name"] for r in execute({"hall": self.s.hall, "brand_for": "Window"})[1]], [self.warned]
		)
		self.assertEqual(
			[r["name"] for r in execute({"department": self.other.department})[1]], [self.foreign]
		)
		everywhere = {r["name"] for r in execute({})[1]}
		self.assertTrue({self.foreign, self.named} <= everywhere)
		self.assertEqual(execute({"window": self.s.other_window})[1], [])
		chart = execute({"window": self.s.other_window})[3]
		self.assertEqual(chart["data"]["labels"], [])

	def test_wrong_filters_refused_in_chinese(self):
		frappe.local.lang = "zh"
		with self.assertRaises(frappe.ValidationError) as caught:
			execute({"status": "Famous"})
		self.assertIn("未知的品牌状态", str(caught.exception))
		with self.assertRaises(frappe.ValidationError) as caught:
			execute({"brand_for": "Hall"})
		self.assertIn("未知的品牌类型", str(caught.exception))
		with self.assertRaises(frappe.ValidationError):
			execute({"status": ["Named"]})

	def test_chief_representative_sees_only_their_department(self):
		chief = make_user([CHIEF_REPRESENTATIVE])
		make_staff(self.other.department, self.other.window, user=chief)
		staff_only = make_user([WINDOW_STAFF])
		frappe.set_user(chief)
		self.assertEqual([r["name"] for r in execute({})[1]], [self.foreign])
		self.assertEqual(execute({"department": self.s.department})[1], [])
		self.assertEqual(execute({"hall": self.s.hall})[1], [])
		frappe.set_user(staff_only)
		self.assertEqual(execute({})[1], [])
		with self.assertRaises(frappe.PermissionError):
			run(REPORT, filters={})

	def test_chief_representative_opens_the_report(self):
		"""The report's roles include Chief Representative; Frappe also asks for the report
		permission on GH Service Brand."""
		chief = make_user([CHIEF_REPRESENTATIVE])
		make_staff(self.other.department, self.other.window, user=chief)
		frappe.set_user(chief)
		rows = run(REPORT, filters={})["result"]
		self.assertEqual([r["name"] for r in rows], [self.foreign])
