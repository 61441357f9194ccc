# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt
"""The duty roster (值班表): generating A and B slots (idempotent), the attendance figures the app
derives (Late, Early Leave, Absent, On Leave), and over HTTP as real users: a chief representative
edits their own department's roster, not another's, not a past day, and cannot leave a window with
nobody on duty; nobody sets the derived figures through REST or frappe.client.set_value.

Every test reads only its own hall; dates are either in the past (final figures) or weeks ahead
(editable), so nothing depends on the time of day."""

import datetime

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, getdate

from gov_hall.duty import attendance, roster
from gov_hall.setup.roles import CHIEF_REPRESENTATIVE, HALL_MANAGER, WINDOW_STAFF
from gov_hall.tests.factories import make_department, make_hall, make_staff, make_user, make_window
from gov_hall.tests.http import HttpUser, commit_world, set_password
from gov_hall.utils.calendar import get_hall_calendar
from gov_hall.utils.clock import today

SLOT = "GH Duty Slot"
REFUSED = (403, 417)


def stored(name: str, fields: list[str]) -> dict:
	frappe.db.rollback()  # read what the requests committed
	return frappe.db.get_value(SLOT, name, fields, as_dict=True)


def slot_of(hall: str, staff: str, day, session: str, window: str) -> str:
	return frappe.db.get_value(
		SLOT,
		{
			"hall": hall,
			"staff": staff,
			"duty_date": day,
			"session": session,
			"window": window,
			"status": "Active",
		},
	)


def punch(staff: str, moment: str, direction: str | None = None) -> None:
	frappe.get_doc(
		{
			"doctype": "GH Attendance Punch",
			"staff": staff,
			"punch_time": moment,
			"direction": direction,
			"source": "Manager Entry",
			"reason": "补录考勤机记录",
		}
	).insert()


class DutyWorld(FrappeTestCase):
	"""One committed hall (09:00–12:00, 13:30–17:30): department A with windows A1 (staff a1, who
	is also the B post of A2), A2 (its A post has left) and A3 (nobody); department B with window B1
	(staff b1). A chief representative of department A (in Chinese), a hall manager."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		hall = cls.hall = make_hall(opening_time="09:00:00", closing_time="17:30:00").name
		cls.dept_a = make_department(hall).name
		cls.dept_b = make_department(hall).name
		cls.win_a1 = make_window(hall, cls.dept_a).name
		cls.win_a2 = make_window(hall, cls.dept_a).name
		cls.win_a3 = make_window(hall, cls.dept_a).name
		cls.win_b1 = make_window(hall, cls.dept_b).name
		cls.a1 = make_staff(cls.dept_a, cls.win_a1, b_window=cls.win_a2).user
		make_staff(cls.dept_a, cls.win_a2, on_site_from="2025-01-02", on_site_to="2025-06-30")
		cls.b1 = make_staff(cls.dept_b, cls.win_b1).user
		cls.chief = make_user([WINDOW_STAFF, CHIEF_REPRESENTATIVE])
		make_staff(cls.dept_a, user=cls.chief)
		frappe.db.set_value("GH Stationed Department", cls.dept_a, "chief_representative", cls.chief)
		frappe.db.set_value("User", cls.chief, "language", "zh")
		cls.manager = make_user([HALL_MANAGER])
		for user in (cls.a1, cls.b1, cls.chief, cls.manager):
			set_password(user)
		calendar = get_hall_calendar(hall)
		# a past working day (final figures) and two working days weeks ahead (editable)
		cls.past = calendar.next_working_day(add_days(today(), -20))
		cls.future = calendar.next_working_day(add_days(today(), 21))
		cls.later = calendar.next_working_day(cls.future)  # the next one after it
		commit_world()

	def slots(self, day) -> list[dict]:
		return frappe.get_all(
			SLOT,
			filters={"hall": self.hall, "duty_date": day, "status": "Active"},
			fields=["name", "staff", "window", "session", "post_role", "duty_status", "department", "hall"],
		)


class TestRosterGeneration(DutyWorld):
	def test_generate_roster_is_idempotent_with_a_and_b_posts(self):
		first = roster.generate_roster(self.hall, self.future, self.later)
		self.assertEqual(first["created"], 12)  # 2 days x 2 sessions x (a1 A, a1 B, b1 A)
		self.assertEqual(first["existing"], 0)
		self.assertEqual(first["unstaffed"], [self.win_a3])
		slots = self.slots(self.future)
		self.assertEqual(
			sorted((s.staff, s.window, s.session, s.post_role) for s in slots),
			sorted(
				[
					(self.a1, self.win_a1, "Afternoon", "A"),
					(self.a1, self.win_a1, "Morning", "A"),
					(self.a1, self.win_a2, "Afternoon", "B"),
					(self.a1, self.win_a2, "Morning", "B"),
					(self.b1, self.win_b1, "Afternoon", "A"),
					(self.b1, self.win_b1, "Morning", "A"),
				]
			),
		)
		self.assertEqual({s.duty_status for s in slots}, {"Scheduled"})
		self.assertEqual({s.hall for s in slots}, {self.hall})
		self.assertEqual(
			{s.window: s.department for s in slots},
			{self.win_a1: self.dept_a, self.win_a2: self.dept_a, self.win_b1: self.dept_b},
		)

		again = roster.generate_roster(self.hall, self.future, self.later)
		self.assertEqual((again["created"], again["existing"]), (0, 12))
		self.assertEqual(len(self.slots(self.future)), 6)

	def test_one_department_and_no_slots_on_rest_days(self):
		calendar = get_hall_calendar(self.hall)
		day = getdate(add_days(today(), 40))
		while calendar.is_working_day(day):
			day += datetime.timedelta(days=1)
		self.assertEqual(roster.generate_roster(self.hall, day, day)["created"], 0)
		working = calendar.next_working_day(day)
		result = roster.generate_roster(self.hall, working, working, department=self.dept_b)
		self.assertEqual(result["created"], 2)
		self.assertEqual({s.staff for s in self.slots(working)}, {self.b1})


class TestAttendanceFigures(DutyWorld):
	def test_refresh_gives_late_early_absent_and_leave(self):
		day = self.past
		roster.generate_roster(self.hall, day, day)
		# a1: on time in the morning; back late after lunch and never clocked out
		punch(self.a1, f"{day} 08:58:00", "In")
		punch(self.a1, f"{day} 12:01:00", "Out")
		punch(self.a1, f"{day} 13:40:00", "In")
		# b1: nothing in the morning; an attendance-machine punch without direction after lunch,
		# and gone at 17:10
		punch(self.b1, f"{day} 13:31:00")
		punch(self.b1, f"{day} 17:10:00", "Out")
		attendance.refresh_slots(self.hall, day, day)

		def figures(staff, session, window):
			return frappe.db.get_value(
				SLOT,
				slot_of(self.hall, staff, day, session, window),
				["duty_status", "late_minutes", "early_minutes", "clock_in", "clock_out"],
				as_dict=True,
			)

		morning = figures(self.a1, "Morning", self.win_a1)
		self.assertEqual(morning.duty_status, "Present")
		self.assertEqual(str(morning.clock_in), f"{day} 08:58:00")
		self.assertEqual(str(morning.clock_out), f"{day} 12:01:00")
		# the B slot of the same person and session shares the punches
		self.assertEqual(figures(self.a1, "Morning", self.win_a2).duty_status, "Present")
		afternoon = figures(self.a1, "Afternoon", self.win_a1)
		self.assertEqual(
			(afternoon.duty_status, afternoon.late_minutes, afternoon.early_minutes),
			("Late and Early Leave", 10, 0),
		)
		self.assertEqual(figures(self.b1, "Morning", self.win_b1).duty_status, "Absent")
		b_afternoon = figures(self.b1, "Afternoon", self.win_b1)
		self.assertEqual((b_afternoon.duty_status, b_afternoon.early_minutes), ("Early Leave", 20))
		self.assertEqual(str(b_afternoon.clock_in), f"{day} 13:31:00")

		# approved leave for b1's morning: On Leave, with the leave named on the slot
		if not frappe.db.table_exists("GH Leave Request"):
			self.skipTest("GH Leave Request is not installed on this site")
		leave = frappe.get_doc(
			{
				"doctype": "GH Leave Request",
				"staff": self.b1,
				"leave_type": "Personal Leave",
				"status": "Approved",
				"from_date": day,
				"from_session": "Morning",
				"to_date": day,
				"to_session": "Morning",
				"reason": "家中有事",
			}
		)
		leave.set_new_name()
		leave.db_insert()
		self.assertGreaterEqual(attendance.refresh_slots(self.hall, day, day), 1)
		b_morning = figures(self.b1, "Morning", self.win_b1)
		self.assertEqual(b_morning.duty_status, "On Leave")
		self.assertEqual(
			frappe.db.get_value(
				SLOT, slot_of(self.hall, self.b1, day, "Morning", self.win_b1), "leave_request"
			),
			leave.name,
		)
		self.assertEqual(figures(self.b1, "Afternoon", self.win_b1).duty_status, "Early Leave")
		# nothing changed, nothing written
		self.assertEqual(attendance.refresh_slots(self.hall, day, day), 0)

	def test_a_new_punch_refreshes_the_day(self):
		day = getdate(add_days(self.past, -7))
		day = get_hall_calendar(self.hall).next_working_day(day)
		roster.generate_roster(self.hall, day, day, department=self.dept_b)
		name = slot_of(self.hall, self.b1, day, "Morning", self.win_b1)
		self.assertEqual(frappe.db.get_value(SLOT, name, "duty_status"), "Absent")
		punch(self.b1, f"{day} 09:20:00", "In")
		punch(self.b1, f"{day} 12:00:00", "Out")
		self.assertEqual(frappe.db.get_value(SLOT, name, ["duty_status", "late_minutes"]), ("Late", 20))


class TestRosterOverHttp(DutyWorld):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		roster.generate_roster(cls.hall, cls.future, cls.future)
		roster.generate_roster(cls.hall, cls.past, cls.past)
		commit_world()

	def test_chief_edits_own_department_not_another(self):
		chief = HttpUser(self.chief)
		own = slot_of(self.hall, self.a1, self.future, "Morning", self.win_a1)
		answer = chief.update(SLOT, own, {"post_role": "Extra"})
		self.assertEqual(answer.status, 200, answer)
		self.assertEqual(stored(own, ["post_role"]).post_role, "Extra")

		other = slot_of(self.hall, self.b1, self.future, "Morning", self.win_b1)
		self.assertIn(chief.update(SLOT, other, {"post_role": "Extra"}).status, REFUSED)
		self.assertEqual(stored(other, ["post_role"]).post_role, "A")
		# nor add a slot at another department's window
		answer = chief.insert(
			SLOT,
			{
				"window": self.win_b1,
				"duty_date": str(self.future),
				"session": "Afternoon",
				"staff": self.chief,
				"post_role": "Extra",
			},
		)
		self.assertIn(answer.status, REFUSED, answer)

	def test_chief_cannot_change_a_past_day(self):
		past = slot_of(self.hall, self.a1, self.past, "Afternoon", self.win_a1)
		answer = HttpUser(self.chief).update(SLOT, past, {"post_role": "Extra"})
		self.assertIn(answer.status, REFUSED, answer)
		self.assertEqual(stored(past, ["post_role"]).post_role, "A")

	def test_window_staff_reads_but_cannot_edit(self):
		staff = HttpUser(self.a1)
		name = slot_of(self.hall, self.a1, self.future, "Afternoon", self.win_a1)
		self.assertEqual(staff.get_doc(SLOT, name).status, 200)
		self.assertIn(staff.update(SLOT, name, {"post_role": "Extra"}).status, REFUSED)

	def test_empty_window_refused_then_allowed_with_someone_added(self):
		chief = HttpUser(self.chief)
		only = slot_of(self.hall, self.a1, self.future, "Afternoon", self.win_a2)
		answer = chief.update(SLOT, only, {"status": "Cancelled"})
		self.assertEqual(answer.status, 417, answer)
		self.assertIn("无人值守", answer.server_messages)
		self.assertEqual(stored(only, ["status"]).status, "Active")
		# moving the slot to another window leaves A2 empty too
		self.assertEqual(chief.update(SLOT, only, {"window": self.win_a3}).status, 417)

		added = chief.insert(
			SLOT,
			{
				"window": self.win_a2,
				"duty_date": str(self.future),
				"session": "Afternoon",
				"staff": self.chief,
				"post_role": "Extra",
			},
		)
		self.assertEqual(added.status, 200, added)
		self.assertEqual(added.data["department"], self.dept_a)
		self.assertEqual(added.data["hall"], self.hall)
		self.assertEqual(chief.update(SLOT, only, {"status": "Cancelled"}).status, 200)
		self.assertEqual(stored(only, ["status"]).status, "Cancelled")

	def test_derived_figures_cannot_be_set_by_hand(self):
		chief = HttpUser(self.chief)
		name = slot_of(self.hall, self.a1, self.past, "Morning", self.win_a1)
		before = stored(name, ["duty_status", "clock_in", "late_minutes"])
		chief.update(SLOT, name, {"duty_status": "Present", "clock_in": f"{self.past} 08:50:00"})
		chief.call(
			"frappe.client.set_value", doctype=SLOT, name=name, fieldname="duty_status", value="Present"
		)
		chief.call("frappe.client.set_value", doctype=SLOT, name=name, fieldname="late_minutes", value=0)
		manager = HttpUser(self.manager)
		manager.call(
			"frappe.client.set_value",
			doctype=SLOT,
			name=name,
			fieldname={"duty_status": "Present", "clock_in": f"{self.past} 08:50:00"},
		)
		self.assertEqual(stored(name, ["duty_status", "clock_in", "late_minutes"]), before)
		self.assertEqual(before.duty_status, "Absent")

		# on a future slot a manager's save goes through, but the figures stay the app's
		future = slot_of(self.hall, self.b1, self.future, "Morning", self.win_b1)
		answer = manager.update(
			SLOT, future, {"duty_status": "Absent", "late_minutes": 30, "post_role": "Extra"}
		)
		self.assertEqual(answer.status, 200, answer)
		self.assertEqual(
			stored(future, ["duty_status", "late_minutes", "post_role"]),
			{"duty_status": "Scheduled", "late_minutes": 0, "post_role": "Extra"},
		)

	def test_generate_roster_api_for_chief_and_manager(self):
		chief = HttpUser(self.chief)
		day = str(self.later)
		refused = chief.call(
			"gov_hall.api.duty.generate_roster",
			hall=self.hall,
			from_date=day,
			to_date=day,
			department=self.dept_b,
		)
		self.assertIn(refused.status, REFUSED, refused)
		whole = chief.call("gov_hall.api.duty.generate_roster", hall=self.hall, from_date=day, to_date=day)
		self.assertIn(whole.status, REFUSED, whole)
		past = HttpUser(self.manager).call(
			"gov_hall.api.duty.generate_roster", hall=self.hall, from_date=str(self.past), to_date=day
		)
		self.assertIn(past.status, REFUSED, past)
		own = chief.call(
			"gov_hall.api.duty.generate_roster",
			hall=self.hall,
			from_date=day,
			to_date=day,
			department=self.dept_a,
		)
		self.assertEqual(own.status, 200, own)
		self.assertEqual(own.message["created"], 4)
		self.assertEqual(own.message["unstaffed"], [self.win_a3])
		staff = HttpUser(self.a1).call(
			"gov_hall.api.duty.generate_roster",
			hall=self.hall,
			from_date=day,
			to_date=day,
			department=self.dept_a,
		)
		self.assertIn(staff.status, REFUSED, staff)

	def test_run_doc_method_cannot_save_figures(self):
		name = slot_of(self.hall, self.a1, self.past, "Afternoon", self.win_a1)
		before = stored(name, ["duty_status", "clock_out"])
		doc = frappe.get_doc(SLOT, name).as_dict()
		doc.update({"duty_status": "Present", "clock_out": f"{self.past} 17:30:00"})
		answer = HttpUser(self.chief).request(
			"POST", "/api/method/run_doc_method", json={"docs": frappe.as_json(doc), "method": "save"}
		)
		self.assertIn(answer.status, REFUSED, answer)
		self.assertEqual(stored(name, ["duty_status", "clock_out"]), before)


class TestPostsAndSessions(FrappeTestCase):
	def test_b_post_window_rules(self):
		hall = make_hall().name
		department = make_department(hall).name
		own, other = make_window(hall, department).name, make_window(hall, department).name
		elsewhere_hall = make_hall().name
		elsewhere = make_window(elsewhere_hall, make_department(elsewhere_hall).name).name
		closed = make_window(hall, department, status="Closed").name
		staff = make_staff(department, own)
		for bad in (own, elsewhere, closed):
			staff.b_window = bad
			self.assertRaises(frappe.ValidationError, staff.save)
		staff.reload()
		staff.b_window = other
		staff.save()
		self.assertEqual(frappe.db.get_value("GH Window Staff", staff.name, "b_window"), other)

	def test_hall_session_times_in_order(self):
		hall = make_hall(opening_time="09:00:00", closing_time="17:00:00")
		self.assertEqual((str(hall.morning_end), str(hall.afternoon_start)), ("12:00:00", "13:30:00"))
		for morning_end, afternoon_start in (
			("08:30:00", "13:30:00"),
			("14:00:00", "13:30:00"),
			("12:00:00", "17:30:00"),
		):
			hall.morning_end, hall.afternoon_start = morning_end, afternoon_start
			self.assertRaises(frappe.ValidationError, hall.save)
		hall.reload()
		hall.morning_end, hall.afternoon_start = "11:30:00", "11:30:00"
		hall.save()
		self.assertEqual(
			roster.duty_sessions.session_bounds(hall.name, "2026-12-01", "Afternoon"),
			(datetime.datetime(2026, 12, 1, 11, 30), datetime.datetime(2026, 12, 1, 17, 0)),
		)
		self.assertIsNone(roster.duty_sessions.session_bounds(hall.name, "2026-12-01", "Off-Hours"))
