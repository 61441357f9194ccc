"""Monthly assessments and 出勤值勤 from duty records (issue 15), over HTTP as real users.

A month run of a hall with a roster computes each rostered staff member's Attendance and Duty from
the month's duty records (late, early leave, absent sessions, empty windows, time away from the
post; never below zero) and shows the components; a manager changes it only by an adjustment with a
reason, which is logged; typing it is refused. A hall without duty records keeps the managers'
entries. A month run goes through the same workflow, is frozen once published, honours nobody, and
the quarterly honours reports do not read it."""

import json

import frappe
from frappe.tests.utils import FrappeTestCase

from gov_hall.rules.periods import quarter_of_month
from gov_hall.setup.roles import HALL_ADMINISTRATOR, HALL_MANAGER
from gov_hall.tests.duty_data import empty_window, inspection, last_month, month_day, slot
from gov_hall.tests.factories import make_case_setup, make_staff, make_user
from gov_hall.tests.http import HttpUser, commit_world, set_password
from gov_hall.www.honor_roll import honor_roll

RUN = "GH Assessment Run"
APPLY = "frappe.model.workflow.apply_workflow"
REFUSED = (403, 417)


def rows_by_staff(answer) -> dict:
	return {row["staff"]: row for row in answer.data["staff_results"]}


class TestMonthRuns(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.month = last_month()
		s = cls.s = make_case_setup()
		cls.manager = make_user([HALL_MANAGER])
		cls.admin = make_user([HALL_ADMINISTRATOR])
		frappe.db.set_value("User", cls.manager, "language", "zh")
		# a third staff member, often absent: the dimension floors at zero
		cls.absentee = make_staff(s.department, s.other_window).user
		day = lambda number: month_day(cls.month, number)  # noqa: E731
		# s.staff: 2 late (one also early), 1 absent, 1 on leave, 2 present; covering a colleague's
		# window beside an own slot counts only as cover given
		for number, session, status in (
			(2, "Morning", "Present"),
			(2, "Afternoon", "Late"),
			(3, "Morning", "Late and Early Leave"),
			(3, "Afternoon", "Absent"),
			(4, "Morning", "On Leave"),
			(4, "Afternoon", "Present"),
		):
			slot(s.hall, s.window, s.staff, day(number), session, status)
		slot(s.hall, s.other_window, s.staff, day(4), "Afternoon", "Present", post_role="Cover")
		slot(s.hall, s.window, s.staff, day(5), "Morning", "Absent", status="Cancelled")  # not a slot
		# an empty window at their post (counted), one excused (not), one of the month before (not)
		empty_window(s.hall, s.window, s.staff, day(2), "Morning")
		empty_window(s.hall, s.window, s.staff, day(6), "Morning", status="Excused")
		empty_window(s.hall, s.window, s.staff, month_day(cls.month, 0), "Morning")
		# found away from the post by an inspection (counted); a draft one does not count
		cls.has_left_post = frappe.db.has_column("GH Inspection", "left_post")
		if cls.has_left_post:
			inspection(s.hall, s.window, s.staff, day(9), left_post=1)
			inspection(s.hall, s.window, s.staff, day(10), left_post=1, docstatus=0)
		for number in range(1, 12):
			slot(s.hall, s.other_window, cls.absentee, day(number), "Morning", "Absent")
		# s.other_staff is on no roster: the managers enter their Attendance and Duty

		# a hall without any duty records
		cls.plain = make_case_setup()
		for user in (cls.manager, cls.admin):
			set_password(user)
		commit_world()

	def new_month_run(self, manager: HttpUser, hall: str) -> str:
		answer = manager.insert(RUN, {"hall": hall, "period_type": "Month", "month": self.month})
		self.assertEqual(answer.status, 200, answer)
		self.assertEqual(answer.data["quarter"], quarter_of_month(self.month))
		run = answer.data["name"]
		answer = manager.call("gov_hall.api.assessment.compute_run", run=run)
		self.assertEqual(answer.status, 200, answer)
		return run

	def test_month_run_computes_attendance_from_duty_records(self):
		s = self.s
		manager = HttpUser(self.manager)
		run = self.new_month_run(manager, s.hall)
		answer = manager.get_doc(RUN, run)
		rows = rows_by_staff(answer)
		row = rows[s.staff]
		left_post = 1 if self.has_left_post else 0
		self.assertEqual(
			(
				row["has_duty_data"],
				row["duty_sessions"],
				row["late_count"],
				row["early_leave_count"],
				row["absent_sessions"],
				row["leave_sessions"],
				row["cover_sessions"],
				row["empty_windows"],
				row["left_post_count"],
			),
			(1, 5, 2, 1, 1, 1, 1, 1, left_post),
		)
		# 20 − 2×1 (late) − 1×1 (early) − 1×2 (absent) − 1×2 (empty window) − left post × 2
		expected = 20 - 2 - 1 - 2 - 2 - 2 * left_post
		self.assertEqual((row["attendance_computed"], row["attendance"]), (expected, expected))
		self.assertEqual(row["work_points"], round(80 + expected + row["performance"] - 20, 4))
		absentee = rows[self.absentee]
		self.assertEqual((absentee["absent_sessions"], absentee["attendance"]), (11, 0.0))
		# no roster: the managers' dimension, full marks until entered
		other = rows[s.other_staff]
		self.assertEqual((other["has_duty_data"], other["attendance"]), (0, 20.0))

		# typing a computed Attendance and Duty is refused, in the manager's language
		staff_rows = answer.data["staff_results"]
		typed = next(r for r in staff_rows if r["staff"] == s.staff)
		typed["attendance"] = 18
		refused = manager.update(RUN, run, {"staff_results": staff_rows})
		self.assertIn(refused.status, REFUSED, refused)
		self.assertIn("不能直接填写", refused.server_messages)
		# an adjustment without a reason is refused; with one it counts and is logged
		staff_rows = manager.get_doc(RUN, run).data["staff_results"]
		adjusted = next(r for r in staff_rows if r["staff"] == s.staff)
		adjusted["attendance_adjustment"] = 2.5
		refused = manager.update(RUN, run, {"staff_results": staff_rows})
		self.assertIn(refused.status, REFUSED, refused)
		adjusted["attendance_adjustment_reason"] = "空岗系临时抽调，酌情加回"
		answer = manager.update(RUN, run, {"staff_results": staff_rows})
		self.assertEqual(answer.status, 200, answer)
		row = rows_by_staff(answer)[s.staff]
		self.assertEqual(row["attendance"], expected + 2.5)
		frappe.db.rollback()
		logged = frappe.get_all(
			"GH Override Log",
			filters={"reference_name": run, "fieldname": "attendance_adjustment"},
			fields=["manager", "to_value", "reason", "window"],
		)
		self.assertEqual(
			[(r.manager, r.to_value, r.reason, r.window) for r in logged],
			[(self.manager, "2.5", "空岗系临时抽调，酌情加回", s.window)],
		)
		# the components are figures: a manager sending other values changes nothing
		staff_rows = manager.get_doc(RUN, run).data["staff_results"]
		next(r for r in staff_rows if r["staff"] == s.staff)["late_count"] = 0
		answer = manager.update(RUN, run, {"staff_results": staff_rows})
		self.assertEqual(answer.status, 200, answer)
		self.assertEqual(rows_by_staff(answer)[s.staff]["late_count"], 2)
		# the adjustment survives a recompute
		self.assertEqual(manager.call("gov_hall.api.assessment.compute_run", run=run).status, 200)
		self.assertEqual(rows_by_staff(manager.get_doc(RUN, run))[s.staff]["attendance"], expected + 2.5)

	def test_a_hall_without_duty_records_keeps_the_managers_entries(self):
		plain = self.plain
		manager = HttpUser(self.manager)
		run = self.new_month_run(manager, plain.hall)
		staff_rows = manager.get_doc(RUN, run).data["staff_results"]
		self.assertEqual({r["has_duty_data"] for r in staff_rows}, {0})
		row = next(r for r in staff_rows if r["staff"] == plain.staff)
		row["attendance"] = 15
		answer = manager.update(RUN, run, {"staff_results": staff_rows})
		self.assertEqual(answer.status, 200, answer)
		self.assertEqual(rows_by_staff(answer)[plain.staff]["attendance"], 15.0)
		# an attendance adjustment means nothing without duty records: refused
		staff_rows = answer.data["staff_results"]
		row = next(r for r in staff_rows if r["staff"] == plain.staff)
		row.update({"attendance_adjustment": 1, "attendance_adjustment_reason": "加分"})
		self.assertIn(manager.update(RUN, run, {"staff_results": staff_rows}).status, REFUSED)
		self.assertEqual(manager.call("gov_hall.api.assessment.compute_run", run=run).status, 200)
		self.assertEqual(rows_by_staff(manager.get_doc(RUN, run))[plain.staff]["attendance"], 15.0)

	def test_month_run_publishes_freezes_and_honours_nobody(self):
		s = self.s
		manager, admin = HttpUser(self.manager), HttpUser(self.admin)
		hall = make_case_setup_committed()
		run = self.new_month_run(manager, hall.hall)
		# one month run per hall and month; a wrong month is refused
		again = manager.insert(RUN, {"hall": hall.hall, "period_type": "Month", "month": self.month})
		self.assertIn(again.status, REFUSED, again)
		wrong = manager.insert(RUN, {"hall": hall.hall, "period_type": "Month", "month": "2026-13"})
		self.assertIn(wrong.status, REFUSED, wrong)
		for user, action in ((manager, "Submit for Approval"), (admin, "Approve"), (admin, "Publish")):
			answer = user.call(APPLY, doc=user.get_doc(RUN, run).data, action=action)
			self.assertEqual(answer.status, 200, (action, answer))
		doc = manager.get_doc(RUN, run).data
		self.assertEqual((doc["status"], doc["period_type"]), ("Published", "Month"))
		self.assertTrue(doc["window_results"] and doc["staff_results"])
		self.assertEqual({r["is_red_flag"] for r in doc["window_results"]}, {0})
		self.assertEqual({r["is_service_star"] for r in doc["staff_results"]}, {0})
		self.assertEqual(sorted(r["rank"] for r in doc["staff_results"]), [1, 2])
		# frozen
		rows = doc["window_results"]
		rows[0].update({"adjustment": 3, "adjustment_reason": "事后加分"})
		self.assertIn(manager.update(RUN, run, {"window_results": rows}).status, REFUSED)
		self.assertIn(manager.call("gov_hall.api.assessment.compute_run", run=run).status, REFUSED)
		# the quarterly honours do not read it
		for report in ("GH Service Stars", "GH Red-Flag Windows", "GH Annual Honours"):
			answer = manager.call(
				"frappe.desk.query_report.run", report_name=report, filters=json.dumps({"hall": hall.hall})
			)
			self.assertEqual(answer.status, 200, (report, answer))
			self.assertEqual(answer.message["result"], [], report)
		frappe.db.rollback()
		self.assertEqual(honor_roll(hall.hall), [])
		# nor do the department briefings
		answer = manager.call("gov_hall.api.briefings.make_briefings", run=run)
		self.assertIn(answer.status, REFUSED, answer)
		self.assertNotEqual(hall.hall, s.hall)


def make_case_setup_committed():
	hall = make_case_setup()
	commit_world()
	return hall
