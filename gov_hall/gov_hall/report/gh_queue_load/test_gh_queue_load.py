"""排队负荷 on hand-made tickets over two days: tickets per hour against windows open."""

import frappe
from frappe.desk.query_report import run
from frappe.utils import add_days, getdate

from gov_hall.setup.roles import CHIEF_REPRESENTATIVE, HALL_MANAGER, WINDOW_STAFF
from gov_hall.tests.factories import (
	GovHallTestCase,
	make_case_setup,
	make_department,
	make_staff,
	make_user,
	make_window,
)
from gov_hall.tests.queue_report_data import make_ticket
from gov_hall.utils.clock import nowdate

REPORT = "GH Queue Load"
execute = frappe.get_attr("gov_hall.gov_hall.report.gh_queue_load.gh_queue_load.execute")
FIGURES = ("tickets", "tickets_per_day", "window_hours", "windows_open", "tickets_per_window")


def figures(row: dict) -> tuple:
	return tuple(row[field] for field in FIGURES)


class TestQueueLoad(GovHallTestCase):
	def setUp(self):
		s = self.s = make_case_setup()
		self.other_department = make_department(s.hall).name
		self.third_window = make_window(s.hall, self.other_department).name
		today = getdate(nowdate())
		self.first, self.second = add_days(today, -2), add_days(today, -1)
		first, second = self.first, self.second
		w1 = {"window": s.window, "staff": s.staff}
		w2 = {"window": s.other_window, "staff": s.other_staff}
		# the second day: 9 o'clock three tickets called by both windows, 10 o'clock two (one still
		# waiting at closing), a cancelled one left out
		make_ticket(s.hall, s.department, f"{second} 09:05", 5, service_minutes=3, **w1)
		make_ticket(s.hall, s.department, f"{second} 09:20", 20, service_minutes=3, **w1)
		make_ticket(s.hall, s.department, f"{second} 09:30", 10, service_minutes=3, **w2)
		make_ticket(s.hall, s.department, f"{second} 10:00", 50, service_minutes=3, **w1)
		make_ticket(s.hall, s.department, f"{second} 10:10", status="Waiting")
		make_ticket(s.hall, s.department, f"{second} 09:50", status="Cancelled")
		# 11 o'clock: one ticket called by the second window and transferred to the first, which
		# called it too: both windows were open then, though the ticket keeps the last call only
		make_ticket(
			s.hall,
			s.department,
			f"{second} 11:00",
			5,
			service_minutes=3,
			transfers=1,
			first_window=s.other_window,
			**w1,
		)
		# the first day: one at 9 called by the second window; one of the other department at 14
		make_ticket(s.hall, s.department, f"{first} 09:15", 30, service_minutes=3, **w2)
		make_ticket(s.hall, self.other_department, f"{first} 14:00", 5, window=self.third_window)
		self.filters = {"hall": s.hall, "from_date": first, "to_date": second}

	def tearDown(self):
		frappe.set_user("Administrator")
		super().tearDown()

	def test_tickets_per_hour_against_windows_open(self):
		frappe.set_user(make_user([HALL_MANAGER]))
		report = run(REPORT, filters=self.filters)
		rows = {row["hour"]: row for row in report["result"]}
		self.assertEqual(list(rows), ["09:00", "10:00", "11:00", "14:00", "Total"])
		# 9 o'clock: 4 tickets over 2 days; windows open: both on the second day, one on the first
		self.assertEqual(figures(rows["09:00"]), (4, 2.0, 3, 1.5, 1.33))
		self.assertEqual(figures(rows["10:00"]), (2, 1.0, 1, 0.5, 2.0))
		self.assertEqual(figures(rows["11:00"]), (1, 0.5, 2, 1.0, 0.5))
		self.assertEqual(figures(rows["14:00"]), (1, 0.5, 1, 0.5, 1.0))
		self.assertEqual(figures(rows["Total"]), (8, 4.0, 7, 3.5, 1.14))
		chart = report["chart"]
		self.assertEqual(chart["data"]["labels"], ["09:00", "10:00", "11:00", "14:00"])
		self.assertEqual(
			[d["values"] for d in chart["data"]["datasets"]], [[2.0, 1.0, 0.5, 0.5], [1.5, 0.5, 1.0, 0.5]]
		)
		summary = {card["label"]: card["value"] for card in report["report_summary"]}
		self.assertEqual((summary["Tickets"], summary["Window-Hours"], summary["Peak Hour"]), (8, 7, "09:00"))
		self.assertEqual(summary["Tickets per Open Window"], 1.14)
		frappe.as_json(report)

	def test_one_day_and_a_department(self):
		rows = execute({**self.filters, "from_date": self.second})[1]
		self.assertEqual(
			[(r["hour"], figures(r)) for r in rows],
			[
				("09:00", (3, 3.0, 2, 2.0, 1.5)),
				("10:00", (2, 2.0, 1, 1.0, 2.0)),
				("11:00", (1, 1.0, 2, 2.0, 0.5)),
				("Total", (6, 6.0, 5, 5.0, 1.2)),
			],
		)
		rows = execute({**self.filters, "department": self.other_department})[1]
		self.assertEqual([(r["hour"], figures(r)) for r in rows][0], ("14:00", (1, 1.0, 1, 1.0, 1.0)))
		today = nowdate()
		self.assertEqual(execute({"hall": self.s.hall, "from_date": today, "to_date": today})[1], [])

	def test_wrong_filters_are_refused_in_the_readers_language(self):
		frappe.local.lang = "zh"
		for filters, words in (
			({"to_date": "not a date"}, "有效的日期"),
			({"from_date": self.second, "to_date": self.first}, "开始日期"),
		):
			with self.subTest(filters=filters), self.assertRaises(frappe.ValidationError) as raised:
				execute({**self.filters, **filters})
			self.assertIn(words, str(raised.exception))
		with self.assertRaises(frappe.ValidationError):
			execute({**self.filters, "department": {"a": 1}})

	def test_chief_representative_sees_only_their_department_and_staff_none(self):
		chief = make_user([CHIEF_REPRESENTATIVE])
		make_staff(self.other_department, self.third_window, user=chief)
		staff_only = make_user([WINDOW_STAFF])
		frappe.set_user(chief)
		rows = run(REPORT, filters=self.filters)["result"]
		self.assertEqual([(r["hour"], figures(r)) for r in rows][0], ("14:00", (1, 1.0, 1, 1.0, 1.0)))
		self.assertEqual(len(rows), 2)
		frappe.set_user(staff_only)
		with self.assertRaises(frappe.PermissionError):
			run(REPORT, filters=self.filters)
