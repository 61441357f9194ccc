"""投诉分析 on complaints moved through the real complaint workflow."""

import frappe
from frappe.desk.query_report import run
from frappe.model.workflow import apply_workflow
from frappe.utils import add_days, add_to_date, getdate, now_datetime, nowdate

from gov_hall.setup.roles import CHIEF_REPRESENTATIVE, HALL_MANAGER
from gov_hall.tests.factories import GovHallTestCase, make_case_setup, make_complaint, make_staff, make_user

REPORT = "GH Complaint Analysis"
execute = frappe.get_attr("gov_hall.gov_hall.report.gh_complaint_analysis.gh_complaint_analysis.execute")
RESULTS = ["substantiated", "partly_substantiated", "unsubstantiated", "pending"]


def act(name: str, action: str, **values):
	doc = frappe.get_doc("GH Complaint", name)
	if values:
		doc.update(values)
		doc.save()
	return apply_workflow(doc.as_dict(), action)


def by_group(rows: list[dict]) -> dict:
	return {row["group"]: row for row in rows if not row.get("bold")}


def results(row: dict) -> list[int]:
	return [row[field] for field in RESULTS]


class TestComplaintAnalysis(GovHallTestCase):
	def setUp(self):
		self.s = make_case_setup()
		self.other = make_case_setup()
		self.today = getdate(nowdate())
		self.manager = make_user([HALL_MANAGER])
		hall = self.s.hall
		# efficiency: substantiated and replied in time; partly substantiated and replied late
		self.verify(
			make_complaint(hall, category="Efficiency", window=self.s.window).name,
			"Substantiated",
			reply=True,
		)
		late = make_complaint(hall, category="Efficiency", window=self.s.other_window).name
		frappe.db.set_value("GH Complaint", late, "reply_due_date", add_days(self.today, -1))
		self.verify(late, "Partly Substantiated", reply=True)
		# service attitude: unsubstantiated (by hotline), and one still being received
		self.verify(
			make_complaint(hall, category="Service Attitude", window=self.s.window, source="Hotline").name,
			"Unsubstantiated",
		)
		self.received = make_complaint(hall, category="Service Attitude", window=self.s.window).name
		# integrity: managers only; and a complaint about the hall itself (no department)
		self.verify(make_complaint(hall, category="Integrity", window=self.s.window).name, "Substantiated")
		make_complaint(hall, category="Facilities", subject_type="Hall")
		make_complaint(self.other.hall, category="Efficiency", window=self.other.window)

	def verify(self, name: str, result: str, reply: bool = False):
		act(name, "Assign", assigned_to=self.manager)
		act(name, "Start Investigation")
		doc = act(name, "Verify", verification_result=result, investigation_notes="经调查核实。")
		if reply:
			doc = act(name, "Reply", reply="感谢您的监督，已处理。")
		return doc

	def tearDown(self):
		frappe.set_user("Administrator")
		super().tearDown()

	def test_by_category_for_a_manager(self):
		frappe.set_user(self.manager)
		report = run(REPORT, filters={"hall": self.s.hall})
		rows = report["result"]
		self.assertEqual(
			[r["group"] for r in rows], ["Service Attitude", "Efficiency", "Integrity", "Facilities", "Total"]
		)
		attitude, efficiency, integrity, facilities, total = rows
		self.assertEqual(
			(results(attitude), attitude["total"], attitude["substantiated_rate"]), ([0, 0, 1, 1], 2, 0.0)
		)
		self.assertEqual(
			(attitude["replied"], attitude["reply_on_time_rate"], attitude["deduction_points"]),
			(0, None, 0.0),
		)
		self.assertEqual((results(efficiency), efficiency["substantiated_rate"]), ([1, 1, 0, 0], 100.0))
		self.assertEqual(
			(efficiency["replied"], efficiency["replied_in_time"], efficiency["reply_on_time_rate"]),
			(2, 1, 50.0),
		)
		# default deductions: 2 for substantiated, 1 for partly substantiated
		self.assertEqual(efficiency["deduction_points"], 3.0)
		self.assertEqual((results(integrity), integrity["deduction_points"]), ([1, 0, 0, 0], 2.0))
		self.assertEqual((results(facilities), facilities["substantiated_rate"]), ([0, 0, 0, 1], None))
		self.assertEqual(
			(results(total), total["total"], total["substantiated_rate"]), ([2, 1, 1, 2], 6, 75.0)
		)
		self.assertEqual(
			(total["reply_on_time_rate"], total["deduction_points"], total["bold"]), (50.0, 5.0, 1)
		)
		chart = report["chart"]
		self.assertEqual(chart["barOptions"], {"stacked": 1})
		self.assertEqual(
			chart["data"]["labels"], ["Service Attitude", "Efficiency", "Integrity", "Facilities"]
		)
		self.assertEqual(
			[(d["name"], d["values"]) for d in chart["data"]["datasets"]],
			[
				("Substantiated", [0, 1, 1, 0]),
				("Partly Substantiated", [0, 1, 0, 0]),
				("Unsubstantiated", [1, 0, 0, 0]),
				("Pending Verification", [1, 0, 0, 1]),
			],
		)
		summary = {card["label"]: card["value"] for card in report["report_summary"]}
		self.assertEqual(
			(summary["Complaints"], summary["Pending Verification"], summary["Deduction Points"]), (6, 2, 5.0)
		)
		frappe.as_json(report)

	def test_chief_representative_sees_no_integrity_and_no_hall_complaints(self):
		chief = make_user([CHIEF_REPRESENTATIVE])
		make_staff(self.s.department, self.s.window, user=chief)
		frappe.set_user(chief)
		report = run(REPORT, filters={})
		rows = report["result"]
		self.assertEqual([r["group"] for r in rows], ["Service Attitude", "Efficiency", "Total"])
		self.assertEqual(
			(rows[-1]["total"], rows[-1]["substantiated"], rows[-1]["deduction_points"]), (4, 1, 3.0)
		)
		self.assertNotIn("Integrity", report["chart"]["data"]["labels"])
		rows = by_group(execute({"group_by": "Department"})[1])
		self.assertEqual(list(rows), [self.s.department])
		self.assertEqual(rows[self.s.department]["total"], 4)
		self.assertEqual(execute({"department": self.other.department})[1], [])

	def test_by_window_busiest_first_and_by_department(self):
		rows = execute({"hall": self.s.hall, "group_by": "Window"})[1]
		# the hall complaint has no window: it is the unnamed group
		self.assertEqual([r["group"] for r in rows], [self.s.window, "", self.s.other_window, "'Total'"])
		window = rows[0]
		self.assertEqual(
			(results(window), window["total"], window["substantiated_rate"]), ([2, 0, 1, 1], 4, 66.67)
		)
		self.assertEqual((rows[2]["partly_substantiated"], rows[2]["reply_on_time_rate"]), (1, 0.0))
		# per hall: other tests commit hall-wide complaints of their own halls on the same site
		rows = by_group(execute({"hall": self.s.hall, "group_by": "Department"})[1])
		other = by_group(execute({"hall": self.other.hall, "group_by": "Department"})[1])
		self.assertEqual(
			(rows[self.s.department]["total"], rows[""]["total"], other[self.other.department]["total"]),
			(5, 1, 1),
		)

	def test_source_and_date_filters(self):
		rows = execute({"hall": self.s.hall, "source": "Hotline"})[1]
		self.assertEqual(
			[(r["group"], r["unsubstantiated"], r["total"]) for r in rows],
			[("Service Attitude", 1, 1), ("Total", 1, 1)],
		)
		tomorrow = add_days(self.today, 1)
		self.assertEqual(execute({"from_date": tomorrow, "to_date": tomorrow})[1], [])
		with self.assertRaises(frappe.ValidationError):
			execute({"source": "Carrier Pigeon"})

	def test_by_month(self):
		frappe.db.set_value(
			"GH Complaint", self.received, "received_on", add_to_date(now_datetime(), days=-40)
		)
		filters = {"hall": self.s.hall, "group_by": "Month", "from_date": add_days(self.today, -60)}
		columns, rows, _message, chart, _summary = execute(filters)
		earlier = add_days(self.today, -40).strftime("%Y-%m")
		this_month = self.today.strftime("%Y-%m")
		self.assertEqual(
			[(r["group"], r["total"], r["pending"]) for r in rows],
			[(earlier, 1, 1), (this_month, 5, 1), ("Total", 6, 2)],
		)
		self.assertEqual(columns[0]["fieldtype"], "Data")
		self.assertEqual(chart["data"]["labels"], [earlier, this_month])
