"""The demo's duty year on a small hall: three months of roster, punches, leave with cover and 空岗."""

import datetime
from collections import Counter
from unittest.mock import patch

import frappe
from frappe.utils import add_days, get_datetime, getdate

from gov_hall.demo.duty import make_demo_duty, make_month_runs, past_months
from gov_hall.demo.duty_year import first_gap
from gov_hall.duty.sessions import duty_setting, grace_minutes
from gov_hall.tests.factories import (
	GovHallTestCase,
	make_case_setup,
	make_department,
	make_staff,
	make_window,
)
from gov_hall.utils.clock import now_datetime, nowdate

FINAL = ("Present", "Late", "Early Leave", "Late and Early Leave", "Absent")


class TestDemoDuty(GovHallTestCase):
	def setUp(self):
		s = self.s = make_case_setup()
		third_window = make_window(s.hall, s.department).name
		make_staff(s.department, third_window)
		other = self.other_department = make_department(s.hall).name
		shared_window = make_window(s.hall, other).name
		make_staff(other, shared_window)
		make_staff(other, shared_window)
		self.first = add_days(getdate(nowdate()), -91)
		# a small hall's quarter: lateness and early leave more often than the demo's county hall,
		# so that its few single-staff windows are left empty now and then
		with (
			patch("gov_hall.demo.duty_year.LATE_SHARE", 0.1),
			patch("gov_hall.demo.duty_year.EARLY_SHARE", 0.08),
		):
			self.counts = make_demo_duty(halls=[s.hall], first_day=self.first, with_runs=False)
		self.slots = frappe.get_all(
			"GH Duty Slot",
			filters={"hall": s.hall},
			fields=["*"],
			order_by="duty_date asc, session asc",
		)

	def test_agencies_posts_and_the_roster(self):
		self.assertEqual(self.counts["home_agencies"], 2)
		staff = frappe.get_all(
			"GH Window Staff",
			filters={"hall": self.s.hall},
			fields=["user", "department", "window", "b_window", "home_agency"],
		)
		for record in staff:
			self.assertEqual(
				record.home_agency,
				frappe.db.get_value("GH Stationed Department", record.department, "department_name"),
			)
			if record.department == self.s.department:
				self.assertTrue(record.b_window and record.b_window != record.window, record.user)
			else:
				self.assertFalse(record.b_window)  # one window: nobody to cover it from
		self.assertEqual(len(self.slots), self.counts["duty_slots"])
		days = {getdate(slot.duty_date) for slot in self.slots}
		self.assertGreater(len(days), 55)
		self.assertGreater(max(days), getdate(nowdate()))  # two weeks ahead
		by_key = Counter((s.staff, s.duty_date, s.session, s.window) for s in self.slots)
		self.assertEqual(max(by_key.values()), 1)

	def test_punches_make_mostly_punctual_staff_and_some_late(self):
		ended = [s for s in self.slots if s.duty_status in FINAL]
		statuses = Counter(s.duty_status for s in ended)
		self.assertGreater(statuses["Present"], 0.75 * len(ended), statuses)
		self.assertGreater(statuses["Late"] + statuses["Late and Early Leave"], 0, statuses)
		self.assertGreater(statuses["Early Leave"] + statuses["Late and Early Leave"], 0, statuses)
		self.assertFalse(
			[s.name for s in self.slots if getdate(s.duty_date) > getdate(nowdate()) and s.clock_in]
		)
		punches = frappe.get_all(
			"GH Attendance Punch",
			filters={"hall": self.s.hall},
			fields=["staff", "punch_time", "direction", "source"],
		)
		self.assertEqual(len(punches), self.counts["punches"])
		self.assertEqual({p.source for p in punches}, {"Desk", "Attendance Machine"})
		for punch in punches:
			self.assertLess(get_datetime(punch.punch_time), now_datetime())
			self.assertEqual(bool(punch.direction), punch.source == "Desk")
		grace = grace_minutes()
		for slot in self.slots:
			if slot.duty_status == "Late":
				self.assertGreaterEqual(slot.late_minutes, grace, slot.name)
				self.assertGreater(get_datetime(slot.clock_in), get_datetime(slot.session_start))

	def test_leave_with_cover(self):
		leaves = frappe.get_all("GH Leave Request", filters={"hall": self.s.hall}, fields=["*"])
		self.assertEqual(len(leaves), self.counts["leave_requests"])
		approved = [lv for lv in leaves if lv.status in ("Approved", "Returned")]
		self.assertTrue(approved)
		self.assertIn("Rejected", {lv.status for lv in leaves})
		on_leave = [s for s in self.slots if s.duty_status == "On Leave"]
		self.assertTrue(on_leave)
		names = {lv.name: lv for lv in approved}
		for slot in on_leave:
			if slot.post_role != "Cover":
				self.assertIn(slot.leave_request, names, slot.name)
				self.assertEqual(names[slot.leave_request].staff, slot.staff)
		covers = [s for s in self.slots if s.post_role == "Cover"]
		self.assertEqual(len(covers), self.counts["cover_slots"])
		self.assertTrue(covers)
		for slot in covers:
			leave = names[slot.leave_request]
			self.assertEqual((slot.staff, slot.window), (leave.cover_staff, leave.window))
			self.assertTrue(leave.approved_by and leave.approved_on and leave.cover_proposed_by)
			self.assertNotEqual(slot.staff, leave.staff)
		# each cover reads the request they cover, as the workflow shares it
		shared = set(
			frappe.get_all(
				"DocShare",
				filters={"share_doctype": "GH Leave Request"},
				fields=["share_name", "user"],
				as_list=True,
			)
		)
		for leave in leaves:
			if leave.cover_staff:
				self.assertIn((leave.name, leave.cover_staff), shared)
		self.assertEqual(self.counts["cover_shares"], len([lv for lv in leaves if lv.cover_staff]))
		for leave in approved:
			self.assertEqual(leave.days, leave.sessions / 2)
			if leave.status == "Returned":
				self.assertTrue(leave.returned_on)

	def test_empty_windows_follow_the_punches(self):
		empty = frappe.get_all("GH Empty Window", filters={"hall": self.s.hall}, fields=["*"])
		self.assertEqual(len(empty), self.counts["empty_windows"])
		self.assertTrue(empty, self.counts)
		alert = duty_setting("empty_window_alert_minutes")
		status = {(s.staff, s.window, s.duty_date, s.session): s.duty_status for s in self.slots}
		for record in empty:
			self.assertGreaterEqual(record.empty_minutes, alert, record.name)
			self.assertEqual(record.detected_hour, get_datetime(record.detected_on).hour)
			self.assertNotEqual(
				status[(record.rostered_staff, record.window, record.duty_date, record.session)],
				"Present",
				record.name,
			)

	def test_the_attendance_report_shows_the_demo(self):
		execute = frappe.get_attr("gov_hall.gov_hall.report.gh_attendance.gh_attendance.execute")
		rows = execute({"hall": self.s.hall, "from_date": self.first, "to_date": nowdate()})[1]
		total = rows[-1]
		self.assertGreater(total["rostered"], 0)
		self.assertGreater(total["late"], 0)
		self.assertGreater(total["on_leave"], 0)
		self.assertGreater(total["cover_given"], 0)
		self.assertGreater(total["empty_windows"], 0)
		self.assertGreater(total["punctuality_rate"], 80)

	def test_month_runs_and_agency_briefings(self):
		counts = make_month_runs([self.s.hall])
		months = past_months(self.first, getdate(nowdate()))
		self.assertEqual(counts["month_runs"], len(months))
		runs = frappe.get_all(
			"GH Assessment Run",
			filters={"hall": self.s.hall, "period_type": "Month"},
			fields=["name", "month", "status"],
		)
		self.assertEqual(sorted(r.month for r in runs), months)
		self.assertEqual({r.status for r in runs}, {"Published"})
		last = max(runs, key=lambda r: r.month)
		rows = frappe.get_all(
			"GH Staff Assessment",
			filters={"parent": last.name, "parenttype": "GH Assessment Run"},
			fields=["staff", "has_duty_data", "duty_sessions"],
		)
		self.assertTrue(rows and all(r.has_duty_data and r.duty_sessions for r in rows), rows)
		self.assertEqual(counts["agency_briefings"], 2)
		briefings = frappe.get_all(
			"GH Agency Briefing", filters={"month": last.month}, fields=["home_agency", "staff_count"]
		)
		agencies = {b.home_agency: b.staff_count for b in briefings}
		self.assertEqual(sum(agencies[a] for a in agencies if a in self.agencies()), len(rows))
		# made once
		self.assertEqual(make_month_runs([self.s.hall])["month_runs"], 0)

	def agencies(self) -> set:
		return set(frappe.get_all("GH Window Staff", filters={"hall": self.s.hall}, pluck="home_agency"))

	def test_demo_is_idempotent(self):
		again = make_demo_duty(halls=[self.s.hall], first_day=self.first, with_runs=False)
		self.assertEqual((again.get("duty_slots", 0), again.get("punches", 0)), (0, 0))
		self.assertEqual(again["cover_shares"], 0)
		self.assertEqual(frappe.db.count("GH Duty Slot", {"hall": self.s.hall}), len(self.slots))


class TestDemoDutyHelpers(GovHallTestCase):
	def test_first_gap(self):
		start = datetime.datetime(2026, 3, 2, 9, 0)
		end = datetime.datetime(2026, 3, 2, 12, 0)
		ten = datetime.timedelta(minutes=10)

		def t(hour, minute):
			return datetime.datetime(2026, 3, 2, hour, minute)

		self.assertIsNone(first_gap(start, end, [(t(8, 50), t(12, 5))], ten))
		self.assertEqual(first_gap(start, end, [(t(9, 25), t(12, 5))], ten), (start, t(9, 25)))
		self.assertIsNone(first_gap(start, end, [(t(9, 8), t(12, 5))], ten))  # within the alert
		self.assertEqual(first_gap(start, end, [(t(8, 50), t(11, 0))], ten), (t(11, 0), end))
		# a colleague there meanwhile
		self.assertIsNone(first_gap(start, end, [(t(8, 50), t(11, 0)), (t(8, 55), t(12, 1))], ten))
		self.assertEqual(first_gap(start, end, [], ten), (start, end))

	def test_past_months(self):
		self.assertEqual(
			past_months(datetime.date(2025, 12, 1), datetime.date(2026, 3, 1)),
			["2025-12", "2026-01", "2026-02"],
		)
		self.assertEqual(past_months(datetime.date(2026, 3, 5), datetime.date(2026, 3, 31)), [])
