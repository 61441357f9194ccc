"""一次性告知违规 on supplement notices issued through the real case workflow."""

import frappe
from frappe.desk.query_report import run
from frappe.model.workflow import apply_workflow
from frappe.utils import add_days, getdate, nowdate

from gov_hall.tests.factories import GovHallTestCase, make_case, make_case_setup

REPORT = "GH One-Time Notification Violations"
execute = frappe.get_attr(
	"gov_hall.gov_hall.report.gh_one_time_notification_violations.gh_one_time_notification_violations.execute"
)


def act(name: str, action: str):
	return apply_workflow(frappe.get_doc("GH Case", name).as_dict(), action)


def issue_notice(case_name: str, materials: list[str]):
	return frappe.get_doc(
		{
			"doctype": "GH Supplement Notice",
			"case": case_name,
			"items": [{"material_name": m, "problem": "Missing"} for m in materials],
		}
	).insert()


class TestOneTimeNotificationViolations(GovHallTestCase):
	def setUp(self):
		self.s = make_case_setup()
		self.other = make_case_setup()
		self.today = getdate(nowdate())
		frappe.set_user(self.s.staff)
		# a second notice asking for a material the first did not: a violation
		self.case = make_case(self.s.hall, self.s.matter, window=self.s.window)
		issue_notice(self.case.name, ["申请书"])
		act(self.case.name, "Applicant Returned")
		self.violation = issue_notice(self.case.name, ["申请书", "房产证"])
		act(self.case.name, "Applicant Returned")
		# a complete first notice, in time
		issue_notice(make_case(self.s.hall, self.s.matter, window=self.s.window).name, ["身份证"])
		# a first notice issued after the statutory days: the receipt is moved back directly,
		# since a case can only be received "now"
		frappe.set_user(self.s.other_staff)
		late = make_case(self.s.hall, self.s.matter, window=self.s.other_window)
		frappe.db.set_value("GH Case", late.name, "received_on", add_days(self.today, -30))
		self.late = issue_notice(late.name, ["申请书"])
		frappe.set_user(self.other.staff)
		issue_notice(make_case(self.other.hall, self.other.matter, window=self.other.window).name, ["申请书"])
		frappe.set_user("Administrator")

	def tearDown(self):
		frappe.set_user("Administrator")
		super().tearDown()

	def test_per_window_and_staff(self):
		self.assertEqual((self.violation.is_violation, self.late.issued_in_time), (1, 0))
		report = run(REPORT, filters={"hall": self.s.hall})
		rows = report["result"]
		self.assertEqual(
			[(r["window"], r["issued_by"]) for r in rows],
			[(self.s.window, self.s.staff), (self.s.other_window, self.s.other_staff)],
		)
		mine, late = rows
		self.assertEqual(
			(mine["notices"], mine["violations"], mine["violation_rate"], mine["late_first_notices"]),
			(3, 1, 33.3, 0),
		)
		self.assertEqual(
			(late["notices"], late["violations"], late["violation_rate"], late["late_first_notices"]),
			(1, 0, 0.0, 1),
		)
		self.assertEqual(report["chart"]["data"]["labels"], [self.s.window])
		self.assertEqual(report["chart"]["data"]["datasets"][0]["values"], [1])
		summary = {card["label"]: card["value"] for card in report["report_summary"]}
		self.assertEqual(
			(summary["Notices"], summary["Violations"], summary["Violation Rate %"]), (4, 1, 25.0)
		)
		frappe.as_json(report)

	def test_detail_lists_the_violating_notices(self):
		columns, rows, _message, chart, _summary = execute({"hall": self.s.hall, "detail": 1})
		self.assertEqual([c["fieldname"] for c in columns][:2], ["name", "case"])
		self.assertEqual(len(rows), 1)
		row = rows[0]
		self.assertEqual(
			(row["name"], row["case"], row["window"], row["issued_by"], row["violation_items"]),
			(self.violation.name, self.case.name, self.s.window, self.s.staff, "房产证"),
		)
		self.assertEqual(getdate(row["issued_on"]), self.today)
		self.assertEqual(chart["data"]["labels"], [self.s.window])

	def test_filters_narrow(self):
		rows = execute({"window": self.s.other_window})[1]
		self.assertEqual([r["issued_by"] for r in rows], [self.s.other_staff])
		self.assertEqual(execute({"window": self.s.other_window})[3]["data"]["labels"], [])
		rows = execute({"department": self.other.department})[1]
		self.assertEqual([(r["window"], r["notices"]) for r in rows], [(self.other.window, 1)])
		everywhere = execute({})[1]
		self.assertIn(self.other.window, {r["window"] for r in everywhere})
		tomorrow = add_days(self.today, 1)
		self.assertEqual(execute({"from_date": tomorrow, "to_date": tomorrow})[1], [])
		self.assertEqual(
			execute({"hall": self.s.hall, "from_date": tomorrow, "to_date": tomorrow, "detail": 1})[1], []
		)

	def test_staff_of_another_department_see_none_of_it(self):
		frappe.set_user(self.other.staff)
		rows = execute({})[1]
		self.assertEqual([r["window"] for r in rows], [self.other.window])
		self.assertEqual(execute({"hall": self.s.hall})[1], [])
