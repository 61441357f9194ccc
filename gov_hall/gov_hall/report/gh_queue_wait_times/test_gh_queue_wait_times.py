"""排队等候时长 on hand-made tickets of two departments: every figure counted by hand."""

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

REPORT = "GH Queue Wait Times"
execute = frappe.get_attr("gov_hall.gov_hall.report.gh_queue_wait_times.gh_queue_wait_times.execute")


def by_group(rows: list[dict]) -> dict:
	return {row["group"]: row for row in rows if not row.get("bold")}


def waits(row: dict) -> tuple:
	return (row["median_wait"], row["p90_wait"], row["median_service"], row["p90_service"])


class TestQueueWaitTimes(GovHallTestCase):
	def setUp(self):
		self.s = make_case_setup()
		self.other_department = make_department(self.s.hall).name
		self.other_window = make_window(self.s.hall, self.other_department).name
		self.other_staff = make_staff(self.other_department, self.other_window).user
		self.day = add_days(getdate(nowdate()), -1)
		s, day = self.s, self.day
		at = {"window": s.window, "staff": s.staff, "staff_name": "甲"}
		# the first department: waits 5, 20, 30 minutes at the first window (one a no-show), 2 at
		# the second (transferred there from the first); services 10, 5, 15 minutes
		make_ticket(s.hall, s.department, f"{day} 09:00", 5, service_minutes=10, **at)
		make_ticket(s.hall, s.department, f"{day} 09:10", 20, service_minutes=5, **at)
		make_ticket(s.hall, s.department, f"{day} 09:20", 30, status="No Show", **at)
		make_ticket(
			s.hall,
			s.department,
			f"{day} 10:00",
			2,
			window=s.other_window,
			staff=s.other_staff,
			staff_name="乙",
			service_minutes=15,
			transfers=1,
			first_window=s.window,
		)
		make_ticket(s.hall, s.department, f"{day} 10:30", status="Cancelled")  # left out
		# the other department: one appointment, waited 40 minutes, served 20
		make_ticket(
			s.hall,
			self.other_department,
			f"{day} 14:00",
			40,
			window=self.other_window,
			staff=self.other_staff,
			staff_name="丙",
			service_minutes=20,
			source="Appointment",
		)
		self.filters = {"hall": s.hall, "from_date": day, "to_date": day}

	def tearDown(self):
		frappe.set_user("Administrator")
		super().tearDown()

	def test_by_department_with_medians_percentiles_and_total(self):
		frappe.set_user(make_user([HALL_MANAGER]))
		report = run(REPORT, filters=self.filters)
		rows = report["result"]
		# the longest median wait first
		self.assertEqual([r["group"] for r in rows], [self.other_department, self.s.department, "'Total'"])
		other, mine, total = rows
		self.assertEqual(
			(mine["tickets"], mine["served"], mine["no_shows"], mine["no_show_rate"], mine["transfers"]),
			(4, 3, 1, 25.0, 1),
		)
		# waits 2, 5, 20, 30: median 12.5; p90 at 2.7 -> 20 + 0.7 * 10 = 27
		# services 5, 10, 15: median 10; p90 at 1.8 -> 10 + 0.8 * 5 = 14
		self.assertEqual(waits(mine), (12.5, 27.0, 10.0, 14.0))
		self.assertEqual((other["tickets"], waits(other)), (1, (40.0, 40.0, 20.0, 20.0)))
		# all waits 2, 5, 20, 30, 40: median 20, p90 at 3.6 -> 30 + 0.6 * 10 = 36
		# all services 5, 10, 15, 20: median 12.5, p90 at 2.7 -> 15 + 0.7 * 5 = 18.5
		self.assertEqual((total["tickets"], total["no_shows"], total["transfers"]), (5, 1, 1))
		self.assertEqual(waits(total), (20.0, 36.0, 12.5, 18.5))
		chart = report["chart"]
		self.assertEqual(chart["data"]["labels"], [self.other_department, self.s.department])
		self.assertEqual([d["values"] for d in chart["data"]["datasets"]], [[40.0, 12.5], [40.0, 27.0]])
		summary = {card["label"]: card["value"] for card in report["report_summary"]}
		self.assertEqual(
			(summary["Tickets"], summary["Median Wait (min)"], summary["90th Percentile Wait (min)"]),
			(5, 20.0, 36.0),
		)
		self.assertEqual((summary["No-Shows"], summary["Transfers"]), (1, 1))
		frappe.as_json(report)

	def test_by_window_staff_and_hour(self):
		rows = by_group(execute({**self.filters, "group_by": "Window"})[1])
		first, second = rows[self.s.window], rows[self.s.other_window]
		# the first window: waits 5, 20, 30 -> median 20, p90 at 1.8 -> 20 + 0.8 * 10 = 28
		self.assertEqual((first["tickets"], first["median_wait"], first["p90_wait"]), (3, 20.0, 28.0))
		self.assertEqual((second["tickets"], second["median_wait"], second["transfers"]), (1, 2.0, 1))
		self.assertTrue(first["window_label"].endswith("测试窗口"))
		columns, rows, _message, chart, _summary = execute({**self.filters, "group_by": "Staff"})
		self.assertEqual([c["fieldname"] for c in columns][:2], ["group", "staff_name"])
		self.assertEqual(
			[(r["group"], r.get("staff_name"), r["median_wait"]) for r in rows[:3]],
			[(self.other_staff, "丙", 40.0), (self.s.staff, "甲", 20.0), (self.s.other_staff, "乙", 2.0)],
		)
		self.assertEqual(chart["data"]["labels"], ["丙", "甲", "乙"])
		rows = execute({**self.filters, "group_by": "Hour"})[1]
		self.assertEqual(
			[(r["group"], r["tickets"], r["median_wait"]) for r in rows],
			[("09:00", 3, 20.0), ("10:00", 1, 2.0), ("14:00", 1, 40.0), ("Total", 5, 20.0)],
		)

	def test_source_window_and_date_filters(self):
		rows = by_group(execute({**self.filters, "source": "Appointment"})[1])
		self.assertEqual(list(rows), [self.other_department])
		rows = by_group(execute({**self.filters, "window": self.s.window})[1])
		self.assertEqual(rows[self.s.department]["tickets"], 3)
		rows = by_group(execute({**self.filters, "staff": self.s.other_staff})[1])
		self.assertEqual(rows[self.s.department]["tickets"], 1)
		today = nowdate()
		self.assertEqual(execute({"hall": self.s.hall, "from_date": today, "to_date": today})[1], [])

	def test_wrong_filters_are_refused_in_the_readers_language(self):
		frappe.local.lang = "zh"
		for filters, words in (
			({"group_by": "Month"}, "未知的分组方式"),
			({"source": "Carrier Pigeon"}, "未知的取号方式"),
			({"from_date": "2026-13-45"}, "有效的日期"),
			({"from_date": self.day, "to_date": add_days(self.day, -1)}, "开始日期"),
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
		self.assertEqual(execute({**self.filters, "department": self.s.department})[1], [])
		rows = by_group(execute({**self.filters, "group_by": "Window"})[1])
		self.assertEqual(list(rows), [self.other_window])
		frappe.set_user(staff_only)
		with self.assertRaises(frappe.PermissionError):
			run(REPORT, filters=self.filters)
