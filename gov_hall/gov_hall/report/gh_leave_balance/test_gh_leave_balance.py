"""请休假余额 on hand-made leave requests of one year: every figure counted by hand."""

import datetime

import frappe
from frappe.desk.query_report import run
from frappe.utils import getdate

from gov_hall.setup.roles import CHIEF_REPRESENTATIVE, HALL_MANAGER, WINDOW_STAFF
from gov_hall.tests.duty_report_data import make_leave
from gov_hall.tests.factories import (
	GovHallTestCase,
	make_case_setup,
	make_department,
	make_staff,
	make_user,
	make_window,
)
from gov_hall.utils.calendar import get_hall_calendar
from gov_hall.utils.clock import nowdate

REPORT = "GH Leave Balance"
execute = frappe.get_attr("gov_hall.gov_hall.report.gh_leave_balance.gh_leave_balance.execute")
FIELDS = ("allowance", "annual_taken", "balance", "sick", "personal", "other", "pending")


def by_staff(rows: list[dict]) -> dict:
	return {row["staff"]: row for row in rows if not row.get("bold")}


def figures(row: dict) -> tuple:
	return tuple(row[field] for field in FIELDS)


class TestLeaveBalance(GovHallTestCase):
	def setUp(self):
		s = self.s = make_case_setup()
		frappe.db.set_single_value("GH Hall Settings", "annual_leave_days", 10)
		self.other_department = make_department(s.hall).name
		self.other_window = make_window(s.hall, self.other_department).name
		self.third = make_staff(self.other_department, self.other_window).user
		self.former = make_staff(s.department, s.window).user
		frappe.db.set_value("GH Window Staff", {"user": self.former}, "status", "Left")
		year = self.year = getdate(nowdate()).year

		def day(month, number, in_year=year):
			return datetime.date(in_year, month, number)

		def leave(staff, kind, start, end, days, status="Approved", department=s.department):
			make_leave(s.hall, department, staff, kind, start, end, days, status)

		# the first staff member: 2 + 1.5 days of annual leave (the second came back early), a day
		# sick, half a day on official business; a day waiting; what was withdrawn, rejected or taken
		# last year does not count
		leave(s.staff, "Annual Leave", day(3, 2), day(3, 3), 2.0)
		leave(s.staff, "Annual Leave", day(5, 11), day(5, 13), 1.5, "Returned")
		leave(s.staff, "Sick Leave", day(6, 1), day(6, 1), 1.0)
		leave(s.staff, "Official Business", day(6, 8), day(6, 8), 0.5)
		leave(s.staff, "Annual Leave", day(7, 6), day(7, 6), 1.0, "Requested")
		leave(s.staff, "Personal Leave", day(7, 7), day(7, 7), 1.0, "Withdrawn")
		leave(s.staff, "Annual Leave", day(7, 8), day(7, 10), 3.0, "Rejected")
		leave(s.staff, "Annual Leave", day(3, 2, year - 1), day(3, 3, year - 1), 2.0)
		# the second: a leave over the new year counts its working days of this year only
		leave(s.other_staff, "Annual Leave", day(12, 29, year - 1), day(1, 6), 6.0)
		self.new_year_days = len(get_hall_calendar(s.hall).working_days_in(day(1, 1), day(1, 6)))
		# the other department's staff member used up the year's annual leave
		leave(self.third, "Annual Leave", day(4, 1), day(4, 14), 10.0, department=self.other_department)
		# someone who has left took a personal day this year
		leave(self.former, "Personal Leave", day(2, 2), day(2, 2), 1.0)
		self.filters = {"hall": s.hall, "year": year}

	def tearDown(self):
		frappe.set_user("Administrator")
		super().tearDown()

	def test_balances_per_staff_member_with_total_chart_and_summary(self):
		frappe.set_user(make_user([HALL_MANAGER]))
		report = run(REPORT, filters=self.filters)
		rows = by_staff(report["result"])
		self.assertEqual(set(rows), {self.s.staff, self.s.other_staff, self.third, self.former})
		self.assertEqual(figures(rows[self.s.staff]), (10.0, 3.5, 6.5, 1.0, 0.0, 0.5, 1.0))
		n = self.new_year_days
		self.assertGreater(n, 0)
		self.assertEqual(figures(rows[self.s.other_staff]), (10.0, n, 10.0 - n, 0.0, 0.0, 0.0, 0.0))
		self.assertEqual(figures(rows[self.third]), (10.0, 10.0, 0.0, 0.0, 0.0, 0.0, 0.0))
		self.assertEqual(figures(rows[self.former])[3:5], (0.0, 1.0))
		self.assertEqual(rows[self.third]["department"], self.other_department)
		total = report["result"][-1]
		self.assertEqual((total["staff"], total["annual_taken"]), ("'Total'", 13.5 + n))
		self.assertEqual(report["chart"]["data"]["datasets"][0]["values"], [13.5 + n, 1.0, 1.0, 0.5])
		summary = {card["label"]: card["value"] for card in report["report_summary"]}
		self.assertEqual((summary["Staff"], summary["No Annual Leave Left"]), (4, 1))
		self.assertEqual(summary["Pending (days)"], 1.0)
		frappe.as_json(report)

	def test_filters_and_other_years(self):
		rows = by_staff(execute({**self.filters, "staff": self.s.staff})[1])
		self.assertEqual(list(rows), [self.s.staff])
		rows = by_staff(execute({**self.filters, "department": self.other_department})[1])
		self.assertEqual(list(rows), [self.third])
		rows = by_staff(execute({**self.filters, "year": self.year - 1})[1])
		self.assertEqual(rows[self.s.staff]["annual_taken"], 2.0)
		self.assertEqual(rows[self.third]["annual_taken"], 0.0)
		last_year = get_hall_calendar(self.s.hall).working_days_in(
			datetime.date(self.year - 1, 12, 29), datetime.date(self.year - 1, 12, 31)
		)
		self.assertEqual(rows[self.s.other_staff]["annual_taken"], float(len(last_year)))

	def test_wrong_year_is_refused_in_the_readers_language(self):
		frappe.local.lang = "zh"
		for year in ("abc", 1900):
			with self.subTest(year=year), self.assertRaises(frappe.ValidationError) as raised:
				execute({**self.filters, "year": year})
			self.assertIn("请输入年份", str(raised.exception))

	def test_chief_representative_sees_only_their_department_and_staff_none(self):
		chief = make_user([CHIEF_REPRESENTATIVE])
		make_staff(self.other_department, self.other_window, user=chief)
		staff_only = make_user([WINDOW_STAFF])
		frappe.set_user(chief)
		rows = by_staff(run(REPORT, filters=self.filters)["result"])
		self.assertEqual(set(rows), {self.third, chief})
		self.assertEqual(rows[self.third]["balance"], 0.0)
		self.assertEqual(execute({**self.filters, "staff": self.s.staff})[1], [])
		frappe.set_user(staff_only)
		with self.assertRaises(frappe.PermissionError):
			run(REPORT, filters=self.filters)
