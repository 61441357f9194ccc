"""空岗统计 on hand-made empty-window records of two departments: every figure counted by hand."""

import frappe
from frappe.desk.query_report import run
from frappe.utils import add_days, getdate

from gov_hall.setup.roles import CHIEF_REPRESENTATIVE, HALL_MANAGER, WINDOW_STAFF
from gov_hall.tests.duty_report_data import make_empty_window
from gov_hall.tests.factories import (
	GovHallTestCase,
	make_case_setup,
	make_department,
	make_staff,
	make_user,
	make_window,
)
from gov_hall.utils.clock import nowdate

REPORT = "GH Empty Windows"
execute = frappe.get_attr("gov_hall.gov_hall.report.gh_empty_windows.gh_empty_windows.execute")
FIELDS = ("counted", "empty_minutes", "average_minutes", "open", "resolved", "excused", "records")


def by_group(rows: list[dict]) -> dict:
	return {row["group"]: row for row in rows if not row.get("bold")}


def figures(row: dict) -> tuple:
	return tuple(row[field] for field in FIELDS)


class TestEmptyWindows(GovHallTestCase):
	def setUp(self):
		s = self.s = make_case_setup()
		self.other_department = make_department(s.hall).name
		self.other_window = make_window(s.hall, self.other_department).name
		d1 = self.d1 = add_days(getdate(nowdate()), -8)
		d2 = add_days(d1, 1)
		mine, other = s.department, self.other_department
		make_empty_window(s.hall, mine, s.window, d1, "Morning", 9, 20, rostered_staff=s.staff)
		make_empty_window(s.hall, mine, s.window, d1, "Afternoon", 14, 10, rostered_staff=s.staff)
		make_empty_window(s.hall, mine, s.other_window, d2, "Morning", 9, 0, "Open")
		make_empty_window(s.hall, other, self.other_window, d2, "Morning", 10, 30, "Excused")
		make_empty_window(s.hall, other, self.other_window, d2, "Afternoon", 14, 45)
		# the day after the range
		make_empty_window(s.hall, mine, s.window, add_days(d2, 1), "Morning", 9, 60)
		self.filters = {"hall": s.hall, "from_date": d1, "to_date": d2}

	def tearDown(self):
		frappe.set_user("Administrator")
		super().tearDown()

	def test_by_department_leaves_the_excused_out_of_the_count(self):
		frappe.set_user(make_user([HALL_MANAGER]))
		report = run(REPORT, filters=self.filters)
		rows = report["result"]
		self.assertEqual([r["group"] for r in rows], [self.s.department, self.other_department, "'Total'"])
		mine, other, total = rows
		self.assertEqual(figures(mine), (3, 30, 10.0, 1, 2, 0, 3))
		self.assertEqual(figures(other), (1, 45, 45.0, 0, 1, 1, 2))
		self.assertEqual(figures(total), (4, 75, 18.8, 1, 3, 1, 5))
		self.assertEqual(report["chart"]["data"]["labels"], [self.s.department, self.other_department])
		self.assertEqual(report["chart"]["data"]["datasets"][0]["values"], [3, 1])
		summary = {card["label"]: card["value"] for card in report["report_summary"]}
		self.assertEqual(
			(summary["Empty Windows"], summary["Minutes Without Staff"], summary["Still Open"]), (4, 75, 1)
		)
		self.assertEqual(summary["Excused"], 1)
		frappe.as_json(report)

	def test_by_window_and_by_hour(self):
		columns, rows, _message, chart, _summary = execute({**self.filters, "group_by": "Window"})
		self.assertEqual([c["fieldname"] for c in columns][:2], ["group", "window_label"])
		self.assertEqual(
			[(r["group"], r["counted"], r["empty_minutes"]) for r in rows[:3]],
			[(self.s.window, 2, 30), (self.other_window, 1, 45), (self.s.other_window, 1, 0)],
		)
		self.assertTrue(rows[0]["window_label"].endswith("测试窗口"))
		self.assertTrue(chart["data"]["labels"][0].endswith("测试窗口"))
		columns, rows, _message, chart, _summary = execute({**self.filters, "group_by": "Hour"})
		self.assertEqual(
			[(r["group"], r["counted"], r["empty_minutes"], r["excused"]) for r in rows],
			[("09:00", 2, 20, 0), ("10:00", 0, 0, 1), ("14:00", 2, 55, 0), ("Total", 4, 75, 1)],
		)
		self.assertEqual(chart["type"], "line")

	def test_session_and_date_filters(self):
		rows = by_group(execute({**self.filters, "session": "Afternoon"})[1])
		self.assertEqual(
			{k: r["counted"] for k, r in rows.items()}, {self.s.department: 1, self.other_department: 1}
		)
		rows = by_group(execute({**self.filters, "window": self.s.other_window})[1])
		self.assertEqual(figures(rows[self.s.department]), (1, 0, 0.0, 1, 0, 0, 1))
		rows = by_group(execute({**self.filters, "to_date": add_days(self.d1, 2)})[1])
		self.assertEqual(rows[self.s.department]["empty_minutes"], 90)
		self.assertEqual(execute({**self.filters, "hall": make_case_setup().hall})[1], [])

	def test_wrong_filters_are_refused_in_the_readers_language(self):
		frappe.local.lang = "zh"
		for filters, words in (
			({"group_by": "Staff"}, "未知的分组方式"),
			({"session": "Night"}, "未知的时段"),
			({"from_date": self.d1, "to_date": add_days(self.d1, -1)}, "开始日期"),
		):
			with self.subTest(filters=filters), self.assertRaises(frappe.ValidationError) as raised:
				execute({**self.filters, **filters})
			self.assertIn(words, str(raised.exception))

	def test_chief_representative_sees_only_their_department_and_staff_none(self):
		chief = make_user([CHIEF_REPRESENTATIVE])
		make_staff(self.other_department, self.other_window, user=chief)
		staff_only = make_user([WINDOW_STAFF])
		frappe.set_user(chief)
		rows = by_group(run(REPORT, filters=self.filters)["result"])
		self.assertEqual(list(rows), [self.other_department])
		self.assertEqual(execute({**self.filters, "window": self.s.window})[1], [])
		rows = by_group(execute({**self.filters, "group_by": "Window"})[1])
		self.assertEqual(list(rows), [self.other_window])
		frappe.set_user(staff_only)
		with self.assertRaises(frappe.PermissionError):
			run(REPORT, filters=self.filters)
