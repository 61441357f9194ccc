# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt
"""Empty windows (空岗): the five-minute job records a window with nobody present once per window and
session (however often it runs, even when two runs meet the same window), alerts the department's
chief representative and the hall managers, resolves the record when someone clocks in, closes it at
the session's end, and leaves alone a window whose approved cover is there. Only a hall manager
excuses one, with a reason; nobody rewrites a record over REST.

The clock is frozen (freezegun) on Wednesday 9 December 2026, Beijing time; every check reads only
this test's hall."""

import frappe
from frappe.model.workflow import apply_workflow
from frappe.tests.utils import FrappeTestCase
from freezegun import freeze_time

from gov_hall.duty import empty_windows, roster
from gov_hall.setup.roles import CHIEF_REPRESENTATIVE, HALL_MANAGER, WINDOW_STAFF
from gov_hall.tests.factories import make_department, make_hall, make_staff, make_user, make_window
from gov_hall.tests.http import HttpUser, commit_world, set_password

EMPTY = "GH Empty Window"
REFUSED = (403, 417)
DAY = "2026-12-09"


def beijing(hhmm: str) -> str:
	"""The UTC instant freezegun needs for ``hhmm`` on DAY in Beijing (UTC+8)."""
	hours, minutes = map(int, hhmm.split(":"))
	return (
		f"2026-12-09 {hours - 8:02d}:{minutes:02d}:00"
		if hours >= 8
		else f"2026-12-08 {hours + 16:02d}:{minutes:02d}:00"
	)


def punch(staff: str, hhmm: str, direction: str) -> None:
	frappe.get_doc(
		{
			"doctype": "GH Attendance Punch",
			"staff": staff,
			"punch_time": f"{DAY} {hhmm}:00",
			"direction": direction,
			"source": "Manager Entry",
			"reason": "补录考勤机记录",
		}
	).insert()


class EmptyWindowWorld(FrappeTestCase):
	"""A committed hall (09:00–12:00, 13:30–17:30). Department D: windows W1 (staff ``present``, who
	clocks in on time), W2 (staff ``away``, on approved leave with ``cover`` covering), W3 (``cover``'s
	own window), W4 (staff ``late``, who clocks in at 09:30), W5 (staff ``newcomer``, on site but
	added after the roster was made: rostered for nobody). Department E (window E1, staff present).
	D's chief representative and a hall manager read Chinese; E's chief representative."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		with freeze_time(beijing("08:00")):
			cls.build()
		with freeze_time(beijing("09:00")):
			punch(cls.present, "08:55", "In")
			punch(cls.cover, "08:58", "In")
			punch(cls.other, "08:50", "In")
		commit_world()

	@classmethod
	def build(cls):
		hall = cls.hall = make_hall(opening_time="09:00:00", closing_time="17:30:00").name
		cls.dept = make_department(hall).name
		cls.other_dept = make_department(hall).name
		w = cls.windows = {key: make_window(hall, cls.dept).name for key in ("w1", "w2", "w3", "w4", "w5")}
		cls.e1 = make_window(hall, cls.other_dept).name
		cls.present = make_staff(cls.dept, w["w1"]).user
		cls.away = make_staff(cls.dept, w["w2"]).user
		cls.cover = make_staff(cls.dept, w["w3"], b_window=w["w2"]).user
		cls.late = make_staff(cls.dept, w["w4"]).user
		cls.other = make_staff(cls.other_dept, cls.e1).user
		cls.chief = make_user([WINDOW_STAFF, CHIEF_REPRESENTATIVE])
		make_staff(cls.dept, user=cls.chief)
		frappe.db.set_value("GH Stationed Department", cls.dept, "chief_representative", cls.chief)
		cls.other_chief = make_user([WINDOW_STAFF, CHIEF_REPRESENTATIVE])
		make_staff(cls.other_dept, user=cls.other_chief)
		frappe.db.set_value(
			"GH Stationed Department", cls.other_dept, "chief_representative", cls.other_chief
		)
		cls.manager = make_user([HALL_MANAGER])
		for user in (cls.chief, cls.manager):
			frappe.db.set_value("User", user, "language", "zh")
		for user in (cls.present, cls.late, cls.chief, cls.other_chief, cls.manager):
			set_password(user)
		roster.generate_roster(hall, DAY, DAY)
		# on site since the roster was made: W5 is on duty all the same, rostered for nobody
		cls.newcomer = make_staff(cls.dept, w["w5"]).user
		# W2's staff member is on approved leave all day; the B post covers
		leave = frappe.get_doc(
			{
				"doctype": "GH Leave Request",
				"staff": cls.away,
				"leave_type": "Annual Leave",
				"from_date": DAY,
				"from_session": "Morning",
				"to_date": DAY,
				"to_session": "Afternoon",
				"reason": "年休假",
			}
		).insert()
		for action in ("Request", "Propose Cover", "Approve"):
			leave = apply_workflow(leave.as_dict(), action)
		cls.leave = leave.name

	def records(self, session: str = "Morning") -> dict:
		frappe.db.rollback()
		return {
			row.window: row
			for row in frappe.get_all(
				EMPTY,
				filters={"hall": self.hall, "duty_date": DAY, "session": session},
				fields=["*"],
			)
		}

	def run_job(self, hhmm: str) -> dict:
		commit_world()  # and see what the requests committed
		with freeze_time(beijing(hhmm)):
			result = empty_windows.check_empty_windows()
		commit_world()
		return result


class TestEmptyWindows(EmptyWindowWorld):
	def test_found_once_alerted_resolved_closed_and_excused(self):
		w = self.windows
		cover_slots = frappe.get_all(
			"GH Duty Slot",
			filters={"staff": self.cover, "post_role": "Cover", "window": w["w2"], "status": "Active"},
			pluck="session",
		)
		self.assertEqual(sorted(cover_slots), ["Afternoon", "Morning"])

		# five minutes into the session nothing is empty yet (the alert comes after ten)
		self.run_job("09:05")
		self.assertEqual(self.records(), {})

		self.run_job("09:15")
		self.run_job("09:15")  # a second run (or two runs at once) records nothing more
		records = self.records()
		# W1: its staff member is in; W2: the cover is there; W3: the cover's own window
		self.assertEqual(set(records), {w["w4"], w["w5"]})
		late = records[w["w4"]]
		self.assertEqual(
			(late.status, late.department, late.rostered_staff, late.detected_hour, str(late.empty_since)),
			("Open", self.dept, self.late, 9, f"{DAY} 09:00:00"),
		)
		# rostered for nobody: the department's, nobody's in particular
		self.assertIsNone(records[w["w5"]].rostered_staff)

		# two runs meeting the same window: the second one's insert finds the record there
		frappe.db.delete(EMPTY, {"name": late.name})
		frappe.db.delete("Notification Log", {"document_name": late.name})
		info = {"department": self.dept, "present": False, "responsible": None, "empty_since": None}
		start = frappe.utils.get_datetime(f"{DAY} 09:00:00")
		with freeze_time(beijing("09:20")):
			first = empty_windows.record_empty_window(self.hall, DAY, "Morning", w["w4"], info, start, start)
			second = empty_windows.record_empty_window(self.hall, DAY, "Morning", w["w4"], info, start, start)
		self.assertTrue(first)
		self.assertIsNone(second)
		commit_world()
		late = self.records()[w["w4"]]

		# the department's chief representative and the hall manager are alerted, once, in Chinese
		for user in (self.chief, self.manager):
			alerts = frappe.get_all(
				"Notification Log",
				filters={"for_user": user, "document_type": EMPTY, "document_name": late.name},
				fields=["type", "subject"],
			)
			self.assertEqual(len(alerts), 1, user)
			self.assertEqual(alerts[0].type, "Alert")
			self.assertIn("空岗提醒", alerts[0].subject)
			self.assertIn("上午", alerts[0].subject)
		self.assertFalse(
			frappe.db.exists("Notification Log", {"for_user": self.other_chief, "document_name": late.name})
		)
		self.assertIn(self.chief, late.notified_users.split("\n"))

		# the late-comer clocks in at 09:30 from the desk: the next run resolves the record
		with freeze_time(beijing("09:30")):
			answer = HttpUser(self.late).call("gov_hall.api.duty.clock", direction="In")
		self.assertEqual(answer.status, 200, answer)
		self.run_job("09:35")
		resolved = self.records()[w["w4"]]
		self.assertEqual(
			(resolved.status, str(resolved.resolved_on), resolved.empty_minutes),
			("Resolved", f"{DAY} 09:35:00", 35),
		)
		# W5 stays empty until the session ends, then it is closed at 12:00
		self.assertEqual(self.records()[w["w5"]].status, "Open")
		self.run_job("12:05")
		closed = self.records()[w["w5"]]
		self.assertEqual(
			(closed.status, str(closed.resolved_on), closed.empty_minutes),
			("Resolved", f"{DAY} 12:00:00", 180),
		)

		# only a hall manager excuses, and only with a reason
		method = "gov_hall.api.duty_alerts.excuse_empty_window"
		chief, manager = HttpUser(self.chief), HttpUser(self.manager)
		self.assertIn(chief.call(method, name=closed.name, reason="新到岗人员未排班").status, REFUSED)
		self.assertIn(manager.call(method, name=closed.name, reason=" ").status, REFUSED)
		answer = manager.call(method, name=closed.name, reason="新到岗人员未排班")
		self.assertEqual(answer.status, 200, answer)
		excused = self.records()[w["w5"]]
		self.assertEqual((excused.status, excused.excused_by), ("Excused", self.manager))
		self.assertEqual(excused.excuse_reason, "新到岗人员未排班")

	def test_nobody_rewrites_a_record_over_rest(self):
		# in the afternoon nobody has clocked in yet at W1 (its staff member's punch was the morning's)
		self.run_job("13:45")
		record = self.records("Afternoon")[self.windows["w1"]]
		self.assertEqual(record.rostered_staff, self.present)
		for user in (HttpUser(self.chief), HttpUser(self.manager)):
			for values in (
				{"status": "Excused", "excuse_reason": "x"},
				{"empty_minutes": 99},
				{"rostered_staff": None},
			):
				answer = user.update(EMPTY, record.name, values)
				self.assertIn(answer.status, REFUSED, (user.user, values, answer))
		stored = self.records("Afternoon")[self.windows["w1"]]
		self.assertEqual((stored.status, stored.rostered_staff), ("Open", self.present))
		answer = HttpUser(self.manager).insert(
			EMPTY, {"window": self.windows["w2"], "duty_date": "2026-12-10", "session": "Morning"}
		)
		self.assertIn(answer.status, REFUSED, answer)
		# the department reads its records; another department's chief does not
		self.assertEqual(HttpUser(self.chief).get_doc(EMPTY, record.name).status, 200)
		self.assertIn(HttpUser(self.other_chief).get_doc(EMPTY, record.name).status, REFUSED)
