"""大厅实时排队 at 10:00 today on hand-made tickets: waiting per department, the longest wait so far,
the windows serving and their tickets."""

import datetime
from unittest.mock import patch

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

REPORT = "GH Queue Now"
MODULE = "gov_hall.gov_hall.report.gh_queue_now.gh_queue_now"
execute = frappe.get_attr(f"{MODULE}.execute")


class TestQueueNow(GovHallTestCase):
	def setUp(self):
		s = self.s = make_case_setup()
		self.other_department = make_department(s.hall).name
		self.third_window = make_window(s.hall, self.other_department, window_number="C01").name
		today = self.today = getdate(nowdate())
		self.now = datetime.datetime.combine(today, datetime.time(10, 0))
		hall, mine, other = s.hall, s.department, self.other_department
		# the first department: two waiting since 9:20 and 9:50, one served at the first window
		# since 9:52, one done and one no-show earlier, and one left waiting yesterday
		make_ticket(hall, mine, f"{today} 09:20", status="Waiting")
		make_ticket(hall, mine, f"{today} 09:50", status="Waiting")
		self.serving = make_ticket(
			hall,
			mine,
			f"{today} 09:00",
			52,
			status="Serving",
			window=s.window,
			staff=s.staff,
			staff_name="甲",
		)
		make_ticket(hall, mine, f"{today} 08:30", 5, service_minutes=10, window=s.window, staff=s.staff)
		make_ticket(hall, mine, f"{today} 08:40", 5, status="No Show", window=s.window, staff=s.staff)
		make_ticket(hall, mine, f"{add_days(today, -1)} 16:00", status="Waiting")
		# the other department: an appointment holder in at 9:00 for the 9:45 slot, and a ticket
		# just called at the third window
		make_ticket(
			hall, other, f"{today} 09:00", status="Waiting", source="Appointment", slot_start=f"{today} 09:45"
		)
		make_ticket(hall, other, f"{today} 09:30", 29.5, status="Called", window=self.third_window)

	def tearDown(self):
		frappe.set_user("Administrator")
		super().tearDown()

	def report(self, filters: dict | None = None, via_run: bool = False):
		with patch(f"{MODULE}.now_datetime", return_value=self.now):
			if via_run:
				return run(REPORT, filters=filters or {"hall": self.s.hall})
			columns, rows, _message, chart, summary = execute(filters or {"hall": self.s.hall})
			return {"columns": columns, "result": rows, "chart": chart, "report_summary": summary}

	def test_waiting_per_department_and_windows_serving(self):
		frappe.set_user(make_user([HALL_MANAGER]))
		report = self.report(via_run=True)
		rows = report["result"]
		self.assertEqual(
			[(r["indent"], r["group"]) for r in rows],
			[
				(0, self.s.department),
				(1, frappe.db.get_value("GH Service Window", self.s.window, "window_number") + " 测试窗口"),
				(0, self.other_department),
				(1, "C01 测试窗口"),
			],
		)
		mine, window, other, third = rows
		# the longest wait: since 9:20, 40 minutes
		self.assertEqual((mine["waiting"], mine["longest_wait"], mine["serving"]), (2, 40.0, 1))
		self.assertEqual(
			(window["window"], window["ticket"], window["status"], window["staff_name"]),
			(self.s.window, self.serving, "Serving", "甲"),
		)
		self.assertEqual((window["at_window_minutes"], window["parent_group"]), (8.0, self.s.department))
		# the appointment holder waits from the slot: 15 minutes
		self.assertEqual((other["waiting"], other["longest_wait"], other["serving"]), (1, 15.0, 1))
		self.assertEqual((third["status"], third["at_window_minutes"]), ("Called", 0.5))
		summary = {card["label"]: card["value"] for card in report["report_summary"]}
		self.assertEqual(
			(summary["As Of"], summary["Waiting"], summary["Longest Wait (min)"], summary["Windows Serving"]),
			("10:00", 3, 40.0, 2),
		)
		self.assertEqual((summary["Served Today"], summary["No-Shows Today"]), (1, 1))
		chart = report["chart"]
		self.assertEqual(chart["data"]["labels"], [self.s.department, self.other_department])
		self.assertEqual([d["values"] for d in chart["data"]["datasets"]], [[2, 1], [1, 1]])
		frappe.as_json(report)

	def test_department_filter_and_other_halls(self):
		rows = self.report({"department": self.other_department})["result"]
		self.assertEqual([r["group"] for r in rows if not r["indent"]], [self.other_department])
		self.assertEqual(self.report({"hall": make_case_setup().hall})["result"], [])
		with self.assertRaises(frappe.ValidationError):
			self.report({"hall": ["like", "%"]})

	def test_chief_representative_sees_only_their_department_and_staff_none(self):
		chief = make_user([CHIEF_REPRESENTATIVE])
		make_staff(self.other_department, self.third_window, user=chief)
		staff_only = make_user([WINDOW_STAFF])
		frappe.set_user(chief)
		rows = self.report(via_run=True)["result"]
		self.assertEqual(
			[(r["indent"], r["group"]) for r in rows], [(0, self.other_department), (1, "C01 测试窗口")]
		)
		frappe.set_user(staff_only)
		with self.assertRaises(frappe.PermissionError):
			self.report(via_run=True)
