"""考勤统计 on hand-made slots of two departments and two home agencies: every figure counted by hand."""

import frappe
from frappe.desk.query_report import run
from frappe.utils import add_days, getdate

from gov_hall.setup.roles import CHIEF_REPRESENTATIVE, HALL_MANAGER, WINDOW_STAFF
from gov_hall.tests.duty_report_data import (
	make_agency,
	make_empty_window,
	make_left_post,
	make_slot,
	set_agency,
)
from gov_hall.tests.factories import (
	GovHallTestCase,
	make_case_setup,
	make_department,
	make_staff,
	make_user,
	make_window,
)
from gov_hall.utils.clock import nowdate

REPORT = "GH Attendance"
execute = frappe.get_attr("gov_hall.gov_hall.report.gh_attendance.gh_attendance.execute")
FIELDS = (
	"rostered",
	"present",
	"late",
	"early_leave",
	"absent",
	"on_leave",
	"cover_given",
	"empty_windows",
	"left_post",
	"punctuality_rate",
)


def by_group(rows: list[dict]) -> dict:
	return {row["group"]: row for row in rows if not row.get("bold")}


def figures(row: dict) -> tuple:
	return tuple(row[field] for field in FIELDS)


class TestAttendance(GovHallTestCase):
	def setUp(self):
		s = self.s = make_case_setup()
		self.other_department = make_department(s.hall).name
		self.other_window = make_window(s.hall, self.other_department).name
		self.third = make_staff(self.other_department, self.other_window).user
		self.agency_a = make_agency("测试派出单位甲" + s.hall[-6:])
		self.agency_b = make_agency("测试派出单位乙" + s.hall[-6:])
		# agency A has staff in both departments
		for staff, agency in (
			(s.staff, self.agency_a),
			(s.other_staff, self.agency_b),
			(self.third, self.agency_a),
		):
			set_agency(staff, agency)
		d1 = self.d1 = add_days(getdate(nowdate()), -8)
		d2 = add_days(d1, 1)

		def slot(department, window, staff, agency, day, session, outcome, **extra):
			make_slot(s.hall, department, window, staff, day, session, outcome, home_agency=agency, **extra)

		mine, a = s.department, self.agency_a
		# the first staff member: present, late, late and early, on leave
		slot(mine, s.window, s.staff, a, d1, "Morning", "Present")
		slot(mine, s.window, s.staff, a, d1, "Afternoon", "Late")
		slot(mine, s.window, s.staff, a, d2, "Morning", "Late and Early Leave")
		slot(mine, s.window, s.staff, a, d2, "Afternoon", "On Leave")
		# the second: present, absent, then present twice at their own post while covering the first
		b = self.agency_b
		slot(mine, s.other_window, s.other_staff, b, d1, "Morning", "Present")
		slot(mine, s.other_window, s.other_staff, b, d1, "Afternoon", "Absent")
		slot(mine, s.other_window, s.other_staff, b, d2, "Morning", "Present")
		slot(mine, s.window, s.other_staff, b, d2, "Morning", "Present", post_role="Cover")
		slot(mine, s.other_window, s.other_staff, b, d2, "Afternoon", "Present")
		slot(mine, s.window, s.other_staff, b, d2, "Afternoon", "Present", post_role="Cover")
		# the other department's staff member: left early once; a cancelled slot counts for nothing
		other = self.other_department
		slot(other, self.other_window, self.third, a, d1, "Morning", "Early Leave")
		slot(other, self.other_window, self.third, a, d1, "Afternoon", "Present")
		slot(other, self.other_window, self.third, a, d2, "Morning", "Absent", status="Cancelled")
		# empty windows: one charged to the first staff member, one with nobody rostered, one excused
		make_empty_window(s.hall, mine, s.window, d2, "Afternoon", 14, 20, rostered_staff=s.staff)
		make_empty_window(s.hall, mine, s.other_window, d1, "Morning", 9, 15, status="Open")
		make_empty_window(s.hall, other, self.other_window, d1, "Morning", 10, 30, "Excused", self.third)
		# away from the post: a submitted inspection counts, a draft one does not
		make_left_post(s.hall, other, self.other_window, self.third, d2)
		make_left_post(s.hall, mine, s.window, s.staff, d2, submitted=False)
		# a slot of the day after the range
		slot(mine, s.window, s.staff, a, add_days(d2, 1), "Morning", "Absent")
		self.filters = {"hall": s.hall, "from_date": d1, "to_date": d2}

	def tearDown(self):
		frappe.set_user("Administrator")
		super().tearDown()

	def test_by_department_with_total_chart_and_summary(self):
		frappe.set_user(make_user([HALL_MANAGER]))
		report = run(REPORT, filters=self.filters)
		rows = report["result"]
		# the least punctual first
		self.assertEqual([r["group"] for r in rows], [self.other_department, self.s.department, "'Total'"])
		other, mine, total = rows
		# 8 sessions: 4 present of 7 due (one on leave); the two cover slots beside an own post
		self.assertEqual(figures(mine), (8, 4, 2, 1, 1, 1, 2, 2, 0, 57.14))
		self.assertEqual(figures(other), (2, 1, 0, 1, 0, 0, 0, 0, 1, 50.0))
		self.assertEqual(figures(total), (10, 5, 2, 2, 1, 1, 2, 2, 1, 55.56))
		chart = report["chart"]
		self.assertEqual(chart["data"]["labels"], [self.other_department, self.s.department])
		self.assertEqual(
			[d["values"] for d in chart["data"]["datasets"]], [[1, 4], [0, 2], [1, 1], [0, 1], [0, 1]]
		)
		summary = {card["label"]: card["value"] for card in report["report_summary"]}
		self.assertEqual(
			(summary["Rostered Sessions"], summary["Punctuality Rate %"], summary["Late"]), (10, 55.56, 2)
		)
		self.assertEqual((summary["Empty Windows"], summary["Away from the Post"]), (2, 1))
		frappe.as_json(report)

	def test_by_staff_and_by_home_agency(self):
		columns, rows, _message, chart, _summary = execute({**self.filters, "group_by": "Staff"})
		self.assertEqual([c["fieldname"] for c in columns][:2], ["group", "staff_name"])
		self.assertEqual(
			[r["group"] for r in rows], [self.s.staff, self.third, self.s.other_staff, "'Total'"]
		)
		rows = by_group(rows)
		self.assertEqual(figures(rows[self.s.staff]), (4, 1, 2, 1, 0, 1, 0, 1, 0, 33.33))
		self.assertEqual(figures(rows[self.s.other_staff]), (4, 3, 0, 0, 1, 0, 2, 0, 0, 75.0))
		self.assertEqual(figures(rows[self.third]), (2, 1, 0, 1, 0, 0, 0, 0, 1, 50.0))
		self.assertEqual(rows[self.s.staff]["staff_name"], "测试用户")
		self.assertEqual(len(chart["data"]["labels"]), 3)
		rows = by_group(execute({**self.filters, "group_by": "Home Agency"})[1])
		# agency A: the first staff member and the other department's (an agency in two departments)
		self.assertEqual(figures(rows[self.agency_a]), (6, 2, 2, 2, 0, 1, 0, 1, 1, 40.0))
		self.assertEqual(figures(rows[self.agency_b]), (4, 3, 0, 0, 1, 0, 2, 0, 0, 75.0))

	def test_filters_narrow_the_figures(self):
		rows = by_group(execute({**self.filters, "staff": self.s.other_staff})[1])
		self.assertEqual(list(rows), [self.s.department])
		self.assertEqual(figures(rows[self.s.department])[:2], (4, 3))
		rows = by_group(execute({**self.filters, "home_agency": self.agency_a, "group_by": "Staff"})[1])
		self.assertEqual(set(rows), {self.s.staff, self.third})
		rows = by_group(execute({**self.filters, "from_date": self.d1, "to_date": self.d1})[1])
		self.assertEqual(rows[self.s.department]["rostered"], 4)
		self.assertEqual(rows[self.s.department]["empty_windows"], 1)
		other_hall = make_case_setup()
		self.assertEqual(execute({**self.filters, "hall": other_hall.hall})[1], [])

	def test_wrong_filters_are_refused_in_the_readers_language(self):
		frappe.local.lang = "zh"
		for filters, words in (
			({"group_by": "Month"}, "未知的分组方式"),
			({"from_date": "2026-13-45"}, "有效的日期"),
			({"from_date": self.d1, "to_date": add_days(self.d1, -1)}, "开始日期"),
		):
			with self.subTest(filters=filters), self.assertRaises(frappe.ValidationError) as raised:
				execute({**self.filters, **filters})
			self.assertIn(words, str(raised.exception))
		with self.assertRaises(frappe.ValidationError):
			execute({**self.filters, "hall": ["in", [self.s.hall]]})

	def test_chief_representative_sees_only_their_department_and_staff_none(self):
		chief = make_user([CHIEF_REPRESENTATIVE])
		make_staff(self.other_department, self.other_window, user=chief)
		staff_only = make_user([WINDOW_STAFF])
		frappe.set_user(chief)
		rows = by_group(run(REPORT, filters=self.filters)["result"])
		self.assertEqual(list(rows), [self.other_department])
		self.assertEqual(rows[self.other_department]["left_post"], 1)
		self.assertEqual(execute({**self.filters, "department": self.s.department})[1], [])
		rows = by_group(execute({**self.filters, "group_by": "Home Agency"})[1])
		# agency A's staff in the chief's department only
		self.assertEqual(figures(rows[self.agency_a]), (2, 1, 0, 1, 0, 0, 0, 0, 1, 50.0))
		frappe.set_user(staff_only)
		with self.assertRaises(frappe.PermissionError):
			run(REPORT, filters=self.filters)
