"""好差评满意度 on ratings given through the document API, one taken out by an upheld appeal."""

import frappe
from frappe.desk.query_report import run
from frappe.utils import add_days, add_to_date, getdate, now_datetime, nowdate

from gov_hall.api.ratings import decide_appeal
from gov_hall.setup.roles import CHIEF_REPRESENTATIVE, WINDOW_STAFF
from gov_hall.tests.factories import GovHallTestCase, make_case_setup, make_rating, make_staff, make_user

REPORT = "GH Service Satisfaction"
execute = frappe.get_attr("gov_hall.gov_hall.report.gh_service_satisfaction.gh_service_satisfaction.execute")
LEVELS = ["very_satisfied", "satisfied", "basically_satisfied", "dissatisfied", "very_dissatisfied"]


def by_group(rows: list[dict]) -> dict:
	return {row["group"]: row for row in rows if not row.get("bold")}


def levels(row: dict) -> list[int]:
	return [row[field] for field in LEVELS]


class TestServiceSatisfaction(GovHallTestCase):
	def setUp(self):
		self.s = make_case_setup()
		self.other = make_case_setup()
		self.today = getdate(nowdate())
		at_window = {"window": self.s.window, "staff": self.s.staff}
		at_other = {"window": self.s.other_window, "staff": self.s.other_staff}
		make_rating("Very Satisfied", **at_window)
		make_rating("Very Satisfied", **at_window)
		make_rating("Satisfied", channel="Web", **at_window)
		make_rating("Dissatisfied", **at_window)
		appealed = make_rating("Very Dissatisfied", **at_window)
		make_rating("Basically Satisfied", **at_other)
		make_rating("Very Dissatisfied", channel="Web", **at_other)
		make_rating("Very Satisfied", window=self.other.window, staff=self.other.staff)
		appeal = frappe.get_doc(
			{
				"doctype": "GH Rating Appeal",
				"rating": appealed.name,
				"reason": "Malicious Review",
				"explanation": "该群众未在本窗口办理业务，监控可证。",
			}
		).insert()
		decide_appeal(appeal.name, "Upheld", "监控核实属实。")
		self.assertEqual(frappe.db.get_value("GH Service Rating", appealed.name, "counts_in_scores"), 0)

	def tearDown(self):
		frappe.set_user("Administrator")
		super().tearDown()

	def test_by_department_leaves_out_the_appeal_upheld_rating(self):
		report = run(REPORT, filters={"hall": self.s.hall})
		rows = by_group(report["result"])
		self.assertEqual(list(rows), [self.s.department])
		mine = rows[self.s.department]
		self.assertEqual(levels(mine), [2, 1, 1, 1, 1])
		self.assertEqual((mine["total"], mine["excluded"]), (6, 1))
		# 4 good of 6; (2*5 + 4 + 3 + 2 + 1) / 6
		self.assertEqual((mine["satisfaction_rate"], mine["average_score"]), (66.67, 3.33))
		self.assertEqual([mine[f"{field}_share"] for field in LEVELS], [33.33, 16.67, 16.67, 16.67, 16.67])
		total = report["result"][-1]
		self.assertEqual((total["group"], total["total"], total["excluded"]), ("'Total'", 6, 1))
		self.assertEqual(total["satisfaction_rate"], 66.67)
		chart = report["chart"]
		self.assertEqual(chart["barOptions"], {"stacked": 1})
		self.assertEqual(chart["data"]["labels"], [self.s.department])
		self.assertEqual([d["values"] for d in chart["data"]["datasets"]], [[2], [1], [1], [1], [1]])
		self.assertEqual(chart["data"]["datasets"][0]["name"], "Very Satisfied")
		summary = {card["label"]: card["value"] for card in report["report_summary"]}
		self.assertEqual(
			(summary["Ratings Counted"], summary["Bad Reviews"], summary["Excluded by Appeal"]), (6, 2, 1)
		)
		self.assertEqual((summary["Satisfaction Rate %"], summary["Average Score"]), (66.67, 3.33))
		frappe.as_json(report)

	def test_by_window_worst_first_and_by_staff_with_names(self):
		rows = execute({"hall": self.s.hall, "group_by": "Window"})[1]
		self.assertEqual([r["group"] for r in rows], [self.s.other_window, self.s.window, "'Total'"])
		other, window = rows[0], rows[1]
		self.assertEqual(
			(levels(other), other["satisfaction_rate"], other["average_score"]), ([0, 0, 1, 0, 1], 50.0, 2.0)
		)
		self.assertEqual((levels(window), window["total"], window["excluded"]), ([2, 1, 0, 1, 0], 4, 1))
		self.assertEqual((window["satisfaction_rate"], window["average_score"]), (75.0, 4.0))
		columns, rows, _message, chart, _summary = execute({"hall": self.s.hall, "group_by": "Staff"})
		self.assertEqual([c["fieldname"] for c in columns][:2], ["group", "staff_name"])
		self.assertEqual([r["group"] for r in rows[:2]], [self.s.other_staff, self.s.staff])
		self.assertEqual(rows[1]["staff_name"], frappe.db.get_value("User", self.s.staff, "full_name"))
		self.assertEqual(rows[1]["satisfaction_rate"], 75.0)
		self.assertEqual(chart["data"]["labels"], [rows[0]["staff_name"], rows[1]["staff_name"]])

	def test_channel_window_and_date_filters(self):
		rows = by_group(execute({"hall": self.s.hall, "channel": "Web"})[1])
		web = rows[self.s.department]
		self.assertEqual(
			(levels(web), web["satisfaction_rate"], web["average_score"]), ([0, 1, 0, 0, 1], 50.0, 2.5)
		)
		rows = by_group(execute({"window": self.s.other_window})[1])
		self.assertEqual(rows[self.s.department]["total"], 2)
		tomorrow = add_days(self.today, 1)
		self.assertEqual(execute({"hall": self.s.hall, "from_date": tomorrow, "to_date": tomorrow})[1], [])
		with self.assertRaises(frappe.ValidationError):
			execute({"channel": "Carrier Pigeon"})

	def test_by_month_in_order_with_a_line_of_the_rate(self):
		# 40 days back is always another month
		make_rating(
			"Satisfied",
			window=self.s.window,
			staff=self.s.staff,
			rated_on=add_to_date(now_datetime(), days=-40),
		)
		earlier = add_days(self.today, -40)
		filters = {"hall": self.s.hall, "group_by": "Month", "from_date": add_days(self.today, -60)}
		columns, rows, _message, chart, _summary = execute(filters)
		this_month, last = self.today.strftime("%Y-%m"), earlier.strftime("%Y-%m")
		self.assertEqual([r["group"] for r in rows], [last, this_month, "Total"])
		self.assertEqual(
			(rows[0]["total"], rows[0]["satisfaction_rate"], rows[0]["average_score"]), (1, 100.0, 4.0)
		)
		self.assertEqual((rows[1]["total"], rows[1]["excluded"], rows[1]["satisfaction_rate"]), (6, 1, 66.67))
		self.assertEqual((rows[2]["total"], rows[2]["satisfaction_rate"]), (7, 71.43))
		self.assertEqual(columns[0]["fieldtype"], "Data")
		self.assertEqual(chart["type"], "line")
		self.assertEqual(chart["data"]["labels"], [last, this_month])
		self.assertEqual(chart["data"]["datasets"][0]["values"], [100.0, 66.67])

	def test_other_halls_without_the_hall_filter(self):
		rows = by_group(execute({})[1])
		self.assertEqual(
			(rows[self.other.department]["total"], rows[self.other.department]["satisfaction_rate"]),
			(1, 100.0),
		)
		self.assertNotIn(self.other.department, by_group(execute({"hall": self.s.hall})[1]))

	def test_chief_representative_sees_only_their_department_and_staff_none(self):
		chief = make_user([CHIEF_REPRESENTATIVE])
		make_staff(self.other.department, self.other.window, user=chief)
		staff_only = make_user([WINDOW_STAFF])
		frappe.set_user(chief)
		rows = by_group(run(REPORT, filters={})["result"])
		self.assertEqual(list(rows), [self.other.department])
		self.assertEqual(execute({"department": self.s.department})[1], [])
		frappe.set_user(staff_only)
		with self.assertRaises(frappe.PermissionError):
			run(REPORT, filters={})
