# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt
"""Attendance punches (打卡记录) over HTTP as real users: a staff member clocks in from the desk and
the server stamps its own Beijing time and the client's IP; nobody punches through /api/resource but
managers, who must give a reason and cannot pick the source or the IP; a punch is never changed, never
in the future, and one a minute at most from the desk."""

import datetime

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, get_datetime

from gov_hall.duty import roster
from gov_hall.setup.roles import HALL_MANAGER
from gov_hall.tests.factories import make_department, make_hall, make_staff, make_user, make_window
from gov_hall.tests.http import HttpUser, commit_world, set_password
from gov_hall.utils.calendar import get_hall_calendar
from gov_hall.utils.clock import now_datetime, today

PUNCH = "GH Attendance Punch"
REFUSED = (403, 417)
CLIENT_IP = "203.0.113.7"


def latest_punch(staff: str) -> dict | None:
	frappe.db.rollback()  # read what the requests committed
	rows = frappe.get_all(
		PUNCH,
		filters={"staff": staff},
		fields=["name", "punch_time", "direction", "source", "ip_address", "hall", "window", "reason"],
		order_by="punch_time desc",
		limit=1,
	)
	return rows[0] if rows else None


class TestAttendancePunch(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		hall = cls.hall = make_hall(opening_time="09:00:00", closing_time="17:30:00").name
		department = make_department(hall).name
		cls.window = make_window(hall, department).name
		cls.staff = make_staff(department, cls.window).user
		cls.other = make_staff(department, make_window(hall, department).name).user
		cls.left = make_staff(
			department, make_window(hall, department).name, on_site_from="2025-01-02", on_site_to="2025-03-01"
		).user
		cls.manager = make_user([HALL_MANAGER])
		for user in (cls.staff, cls.other, cls.left, cls.manager):
			set_password(user)
		frappe.db.set_value("User", cls.staff, "language", "zh")
		cls.past = get_hall_calendar(hall).next_working_day(add_days(today(), -10))
		roster.generate_roster(hall, cls.past, cls.past)
		commit_world()

	def clock(self, user: str, direction: str):
		return HttpUser(user).request(
			"POST",
			"/api/method/gov_hall.api.duty.clock",
			json={"direction": direction},
			headers={"X-Forwarded-For": CLIENT_IP},
		)

	def test_clock_in_is_stamped_by_the_server(self):
		before = now_datetime()
		answer = self.clock(self.other, "In")
		after = now_datetime()
		self.assertEqual(answer.status, 200, answer)
		punch = latest_punch(self.other)
		self.assertTrue(before <= get_datetime(punch.punch_time) <= after, (before, punch.punch_time, after))
		self.assertEqual(
			(punch.direction, punch.source, punch.ip_address, punch.hall, punch.window),
			(
				"In",
				"Desk",
				CLIENT_IP,
				self.hall,
				frappe.db.get_value("GH Window Staff", {"user": self.other}, "window"),
			),
		)
		self.assertEqual(answer.message["punch"]["name"], punch.name)
		self.assertIn("slots", answer.message)

		# a second click within a minute is refused, in the staff member's language
		again = self.clock(self.staff, "Out")
		self.assertEqual(again.status, 200, again)
		refused = self.clock(self.staff, "Out")
		self.assertEqual(refused.status, 417, refused)
		self.assertIn("一分钟", refused.server_messages)

	def test_only_on_site_staff_clock(self):
		self.assertIn(self.clock(self.left, "In").status, REFUSED)
		self.assertIn(self.clock(self.manager, "In").status, REFUSED)
		self.assertIn(self.clock(self.other, "Sideways").status, REFUSED)

	def test_staff_cannot_create_or_change_punches_through_rest(self):
		staff = HttpUser(self.staff)
		answer = staff.insert(
			PUNCH,
			{"staff": self.staff, "punch_time": f"{self.past} 08:55:00", "direction": "In", "source": "Desk"},
		)
		self.assertIn(answer.status, REFUSED, answer)
		self.assertFalse(
			frappe.db.exists(PUNCH, {"staff": self.staff, "punch_time": f"{self.past} 08:55:00"})
		)
		answer = staff.call(
			"frappe.client.insert",
			doc={
				"doctype": PUNCH,
				"staff": self.staff,
				"punch_time": f"{self.past} 08:56:00",
				"direction": "In",
			},
		)
		self.assertIn(answer.status, REFUSED, answer)

	def test_manager_entry_needs_a_reason_and_is_stamped(self):
		manager = HttpUser(self.manager)
		values = {
			"staff": self.other,
			"punch_time": f"{self.past} 08:59:00",
			"direction": "In",
			"source": "Desk",
			"ip_address": "198.51.100.1",
			"window": self.window,  # not theirs: the staff record's window is stamped
		}
		self.assertEqual(manager.insert(PUNCH, values).status, 417)
		answer = manager.insert(PUNCH, {**values, "reason": "考勤机故障，现场核实"})
		self.assertEqual(answer.status, 200, answer)
		data = answer.data
		self.assertEqual((data["source"], data["hall"]), ("Manager Entry", self.hall))
		self.assertEqual(
			data["window"], frappe.db.get_value("GH Window Staff", {"user": self.other}, "window")
		)
		self.assertNotEqual(data["ip_address"], "198.51.100.1")
		# the punch refreshed the day: the morning slot is now clocked in
		frappe.db.rollback()
		slot = frappe.db.get_value(
			"GH Duty Slot",
			{"staff": self.other, "duty_date": self.past, "session": "Morning", "status": "Active"},
			["clock_in", "duty_status"],
			as_dict=True,
		)
		self.assertEqual(str(slot.clock_in), f"{self.past} 08:59:00")
		self.assertEqual(slot.duty_status, "Early Leave")  # no clock-out that morning

		# never changed, never twice the same second, never in the future
		self.assertIn(
			manager.update(PUNCH, data["name"], {"punch_time": f"{self.past} 08:30:00"}).status, REFUSED
		)
		self.assertIn(
			manager.call(
				"frappe.client.set_value",
				doctype=PUNCH,
				name=data["name"],
				fieldname="direction",
				value="Out",
			).status,
			REFUSED,
		)
		self.assertEqual(str(frappe.db.get_value(PUNCH, data["name"], "punch_time")), f"{self.past} 08:59:00")
		self.assertIn(manager.insert(PUNCH, {**values, "reason": "重复"}).status, (409, 417))
		future = now_datetime() + datetime.timedelta(hours=1)
		answer = manager.insert(PUNCH, {**values, "punch_time": str(future), "reason": "提前打卡"})
		self.assertEqual(answer.status, 417, answer)
		self.assertIn(manager.delete(PUNCH, data["name"]).status, REFUSED)
		self.assertTrue(frappe.db.exists(PUNCH, data["name"]))

	def test_my_duty_lists_own_day(self):
		answer = HttpUser(self.other).call("gov_hall.api.duty.my_duty", "GET", date=str(self.past))
		self.assertEqual(answer.status, 200, answer)
		self.assertEqual({s["session"] for s in answer.message["slots"]}, {"Morning", "Afternoon"})
		self.assertTrue(all(s["window"] for s in answer.message["slots"]))
