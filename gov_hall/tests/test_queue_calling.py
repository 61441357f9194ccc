"""Calling queue tickets (issue 17, gov_hall.queue.calling and gov_hall.api.queue).

call_next commits its own transaction, so every test builds its own committed hall (a fresh hall,
fresh departments and windows: tickets are per hall and day) and reads what was committed.
Access goes through HTTP as real users (gov_hall.tests.http); the concurrency test runs call_next
in threads, each with its own site connection, as web workers would.
"""

from __future__ import annotations

import datetime
import threading
from unittest.mock import patch

import frappe
from frappe.tests.utils import FrappeTestCase

from gov_hall.queue import calling, tickets
from gov_hall.rules import queue as rules
from gov_hall.setup.roles import HALL_MANAGER
from gov_hall.tests.factories import (
	VALID_RESIDENT_ID,
	make_case,
	make_department,
	make_hall,
	make_matter,
	make_staff,
	make_user,
	make_window,
)
from gov_hall.tests.http import HttpUser, commit_world, set_password
from gov_hall.utils.clock import now_datetime

TICKET = "GH Queue Ticket"
REFUSED = (403, 417)
API = "gov_hall.api.queue"


def world(offers_off_hours: int = 1) -> frappe._dict:
	"""A hall (off-hours service on, so the tests do not depend on the hour they run at), two
	departments, three windows (W3 of department 2 also serves department 1), staff, a manager."""
	hall = make_hall(
		opening_time="09:00:00", closing_time="17:00:00", offers_off_hours_service=offers_off_hours
	)
	d1 = make_department(hall.name)
	d2 = make_department(hall.name)
	w1 = make_window(hall.name, d1.name)
	w2 = make_window(hall.name, d1.name)
	w3 = make_window(
		hall.name, d2.name, window_type="Comprehensive", served_departments=[{"department": d1.name}]
	)
	s1 = make_staff(d1.name, w1.name).user
	s2 = make_staff(d2.name, w3.name).user
	matter = make_matter(d1.name).name
	commit_world()
	return frappe._dict(
		hall=hall.name,
		d1=d1.name,
		d2=d2.name,
		w1=w1.name,
		w2=w2.name,
		w3=w3.name,
		s1=s1,
		s2=s2,
		matter=matter,
	)


def issue(w, department=None, **kwargs):
	doc = tickets.issue_ticket(w.hall, department=department or w.d1, **kwargs)
	commit_world()
	return doc


def stored(name: str, *fields):
	frappe.db.rollback()  # read what other connections committed
	return frappe.db.get_value(TICKET, name, list(fields) or ["*"], as_dict=True)


def backdate(name: str, minutes: int, field: str = "issued_on") -> None:
	frappe.db.sql(
		f"update `tabGH Queue Ticket` set `{field}` = `{field}` - interval %s minute where name = %s",
		(minutes, name),
	)
	commit_world()


def finish_now(name: str) -> None:
	"""Free the window for its next call (what Finish does, without the case)."""
	frappe.db.sql("update `tabGH Queue Ticket` set status = 'Done' where name = %s", name)
	frappe.db.commit()  # nosemgrep: the next call reads through its own connection


class TestIssuing(FrappeTestCase):
	def test_prefixes_are_assigned_per_hall_and_unique(self):
		w = world()
		p1, p2 = (frappe.db.get_value("GH Stationed Department", d, "ticket_prefix") for d in (w.d1, w.d2))
		self.assertEqual((p1, p2), ("A", "B"))
		other_hall = make_hall()
		self.assertEqual(make_department(other_hall.name).ticket_prefix, "A")
		self.assertEqual(make_department(w.hall, ticket_prefix=" c").ticket_prefix, "C")
		with self.assertRaises(frappe.ValidationError):
			make_department(w.hall, ticket_prefix="A")
		with self.assertRaises(frappe.ValidationError):
			make_department(w.hall, ticket_prefix="A1")
		frappe.db.rollback()

	def test_numbers_follow_the_department_serial_and_people_ahead(self):
		w = world()
		first, second = issue(w), issue(w)
		other = issue(w, w.d2)
		self.assertEqual(
			[first.ticket_number, second.ticket_number, other.ticket_number], ["A001", "A002", "B001"]
		)
		self.assertEqual((first.status, first.source, first.priority), ("Waiting", "Kiosk", 0))
		self.assertEqual(str(first.ticket_date), str(now_datetime().date()))
		self.assertEqual([e.event for e in first.events], ["Issued"])
		self.assertEqual(tickets.waiting_ahead(first), 0)
		self.assertEqual(tickets.waiting_ahead(second), 1)
		self.assertEqual(tickets.waiting_ahead(other), 0)

	def test_matter_gives_the_department(self):
		w = world()
		doc = issue(w, department=None, matter=w.matter)
		self.assertEqual((doc.department, doc.matter), (w.d1, w.matter))

	def test_wrong_input_is_refused_and_nothing_is_issued(self):
		w = world()
		elsewhere = make_department(make_hall().name).name
		other_matter = make_matter(w.d2).name
		commit_world()
		frappe.local.lang = "zh"
		try:
			for kwargs in (
				{"department": elsewhere},
				{"department": w.d1, "matter": other_matter},
				{"department": w.d1, "source": "Phone"},
				{"department": "no such department"},
			):
				with self.assertRaises(frappe.ValidationError) as err:
					tickets.issue_ticket(w.hall, **kwargs)
				self.assertRegex(str(err.exception), r"[\u4e00-\u9fff]", kwargs)
		finally:
			frappe.local.lang = "en"
		frappe.db.rollback()
		self.assertEqual(frappe.db.count(TICKET, {"hall": w.hall}), 0)

	def test_off_hours_tickets_only_where_off_hours_service_runs(self):
		late = datetime.datetime.combine(now_datetime().date(), datetime.time(23, 30))
		closed = world(offers_off_hours=0)
		open_late = world(offers_off_hours=1)
		with patch("gov_hall.queue.tickets.now_datetime", return_value=late):
			with self.assertRaises(frappe.ValidationError) as err:
				tickets.issue_ticket(closed.hall, department=closed.d1)
			self.assertIn("off-hours", str(err.exception))
			doc = tickets.issue_ticket(open_late.hall, department=open_late.d1)
		self.assertEqual(doc.is_off_hours, 1)
		frappe.db.rollback()
		self.assertEqual(frappe.db.count(TICKET, {"hall": closed.hall}), 0)
		during = datetime.datetime.combine(now_datetime().date(), datetime.time(10, 0))
		with (
			patch("gov_hall.queue.tickets.now_datetime", return_value=during),
			patch("gov_hall.queue.tickets.is_off_hours_now", return_value=False),
		):
			self.assertEqual(tickets.issue_ticket(closed.hall, department=closed.d1).is_off_hours, 0)
		frappe.db.rollback()


class TestCalling(FrappeTestCase):
	def test_priority_and_appointment_slot_first_then_arrival(self):
		w = world()
		walk_in_1, walk_in_2, appointment_late, appointment_early = (issue(w) for _ in range(4))
		backdate(walk_in_1.name, 30)
		backdate(walk_in_2.name, 20)
		# two appointment holders (priority 1), the later-issued one booked the earlier slot
		now = now_datetime()
		for name, slot in (
			(appointment_late.name, now + datetime.timedelta(minutes=30)),
			(appointment_early.name, now),
		):
			frappe.db.set_value(TICKET, name, {"priority": 1, "slot_start": slot}, update_modified=False)
		commit_world()
		called = []
		for _ in range(4):
			called.append(calling.call_next(w.w1))
			finish_now(called[-1])
		self.assertEqual(
			called, [appointment_early.name, appointment_late.name, walk_in_1.name, walk_in_2.name]
		)
		self.assertIsNone(calling.call_next(w.w1))

	def test_call_marks_the_window_staff_and_wait(self):
		w = world()
		doc = issue(w)
		backdate(doc.name, 7)
		name = calling.call_next(w.w1, w.s1)
		row = stored(name)
		self.assertEqual((row.status, row.window, row.staff), ("Called", w.w1, w.s1))
		self.assertEqual(row.window_number, frappe.db.get_value("GH Service Window", w.w1, "window_number"))
		self.assertAlmostEqual(row.wait_seconds, 7 * 60, delta=5)
		events = frappe.get_all(
			"GH Queue Ticket Event", filters={"parent": name}, fields=["event", "window"], order_by="idx asc"
		)
		self.assertEqual([(e.event, e.window) for e in events], [("Issued", None), ("Called", w.w1)])

	def test_window_serves_its_departments_only_and_holds_one_ticket(self):
		w = world()
		d2_ticket = issue(w, w.d2)
		self.assertIsNone(calling.call_next(w.w1))  # W1 serves department 1 only
		d1_ticket = issue(w)
		self.assertEqual(calling.call_next(w.w1), d1_ticket.name)
		with self.assertRaises(frappe.ValidationError):
			calling.call_next(w.w1)  # still holding its ticket
		self.assertEqual(calling.call_next(w.w3), d2_ticket.name)

	def test_recall_then_no_show_after_n_recalls(self):
		w = world()
		frappe.db.set_single_value("GH Hall Settings", "queue_max_recalls", 2)
		commit_world()
		try:
			doc = issue(w)
			calling.call_next(w.w1)
			with self.assertRaises(frappe.ValidationError):
				calling.mark_no_show(doc.name)  # not recalled yet
			calling.recall(doc.name)
			calling.recall(doc.name)
			commit_world()
			with self.assertRaises(frappe.ValidationError):
				calling.recall(doc.name)  # a third recall: no
			frappe.db.rollback()
			self.assertEqual(stored(doc.name, "recalls").recalls, 2)
			self.assertEqual(calling.mark_no_show(doc.name)["status"], "No Show")
			commit_world()
			events = [e.event for e in frappe.get_doc(TICKET, doc.name).events]
			self.assertEqual(events, ["Issued", "Called", "Recalled", "Recalled", "No Show"])
		finally:
			frappe.db.set_single_value("GH Hall Settings", "queue_max_recalls", 3)
			commit_world()

	def test_transfer_keeps_the_arrival_time(self):
		w = world()
		first = issue(w)
		backdate(first.name, 15)
		issued_on = stored(first.name, "issued_on").issued_on
		calling.call_next(w.w1)
		d2_ticket = issue(w, w.d2)  # came after the first ticket
		calling.transfer(first.name, department=w.d2)
		commit_world()
		row = stored(first.name)
		self.assertEqual((row.status, row.department, row.window, row.transfers), ("Waiting", w.d2, None, 1))
		self.assertEqual(row.issued_on, issued_on)
		self.assertEqual(calling.call_next(w.w3), first.name)  # before the later D2 ticket
		finish_now(first.name)
		# and to a window: only that window calls it
		self.assertEqual(calling.call_next(w.w3), d2_ticket.name)
		calling.transfer(d2_ticket.name, window=w.w2)
		commit_world()
		self.assertIsNone(calling.call_next(w.w1))
		self.assertEqual(calling.call_next(w.w2), d2_ticket.name)

	def test_finish_opens_a_case_with_wait_and_service_minutes(self):
		w = world()
		doc = issue(w, matter=w.matter)
		backdate(doc.name, 12)
		calling.call_next(w.w1, w.s1)
		calling.start_service(doc.name)
		commit_world()
		backdate(doc.name, 5, "service_started_on")
		result = calling.finish_service(
			doc.name,
			new_case={"applicant_name": "王五", "id_number": VALID_RESIDENT_ID, "mobile": "13812345678"},
		)
		commit_world()
		case = frappe.get_doc("GH Case", result["case"])
		self.assertEqual(
			(case.queue_ticket, case.matter, case.window, case.hall), (doc.name, w.matter, w.w1, w.hall)
		)
		self.assertAlmostEqual(case.wait_minutes, 12, delta=0.2)
		self.assertAlmostEqual(case.service_minutes, 5, delta=0.2)
		row = stored(doc.name)
		self.assertEqual((row.status, row.case), ("Done", case.name))
		self.assertAlmostEqual(row.service_seconds, 300, delta=10)

	def test_finish_links_an_existing_case(self):
		w = world()
		doc = issue(w)
		case = make_case(w.hall, w.matter, window=w.w1).name
		commit_world()
		calling.call_next(w.w1)
		result = calling.finish_service(doc.name, case=case)
		commit_world()
		self.assertEqual(result["case"], case)
		self.assertEqual(frappe.db.get_value("GH Case", case, "queue_ticket"), doc.name)

	def test_wrong_moves_are_refused_and_nothing_changes(self):
		w = world()
		doc = issue(w)
		for move in (
			lambda: calling.recall(doc.name),
			lambda: calling.start_service(doc.name),
			lambda: calling.finish_service(doc.name),
			lambda: calling.transfer(doc.name),
			lambda: calling.transfer(doc.name, window=w.w2, department=w.d2),
			lambda: calling.recall("QT-no-such"),
		):
			with self.assertRaises(frappe.ValidationError):
				move()
			frappe.db.rollback()
		row = stored(doc.name)
		self.assertEqual((row.status, row.recalls, row.transfers), ("Waiting", 0, 0))
		calling.call_next(w.w1)
		with self.assertRaises(frappe.ValidationError):
			calling.finish_service(
				doc.name, new_case={"applicant_name": "王五", "id_number": "123", "mobile": "1"}
			)
		frappe.db.rollback()
		self.assertEqual(stored(doc.name, "status").status, "Called")
		self.assertEqual(frappe.db.count("GH Case", {"queue_ticket": doc.name}), 0)


class TestQueueOverHttp(FrappeTestCase):
	"""Each test has its own committed hall (the tickets of one must not queue before another's)."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.manager = make_user([HALL_MANAGER])
		set_password(cls.manager)
		commit_world()

	def setUp(self):
		self.w = world()
		for user in (self.w.s1, self.w.s2):
			set_password(user)
		frappe.db.set_value("User", self.w.s2, "language", "zh")
		commit_world()

	def test_staff_of_another_department_cannot_call_for_the_window(self):
		w = self.w
		doc = issue(w)
		outsider = HttpUser(w.s2)
		answer = outsider.call(f"{API}.call_next", window=w.w1)
		self.assertEqual(answer.status, 403, answer)
		self.assertRegex(answer.server_messages, r"[\u4e00-\u9fff]")
		self.assertEqual(outsider.call(f"{API}.window_state", window=w.w1).status, 403)
		self.assertEqual(stored(doc.name, "status").status, "Waiting")
		staff = HttpUser(w.s1)
		answer = staff.call(f"{API}.call_next", window=w.w1)
		self.assertEqual(answer.status, 200, answer)
		self.assertEqual(answer.message["called"], doc.name)
		self.assertEqual(answer.message["ticket"]["ticket_number"], doc.ticket_number)
		# moves on the ticket at W1: the other department's staff cannot
		self.assertEqual(outsider.call(f"{API}.recall", ticket=doc.name).status, 403)
		self.assertEqual(staff.call(f"{API}.recall", ticket=doc.name).status, 200)
		self.assertEqual(staff.call(f"{API}.start_service", ticket=doc.name).status, 200)
		self.assertEqual(outsider.call(f"{API}.finish_service", ticket=doc.name).status, 403)
		answer = staff.call(f"{API}.finish_service", ticket=doc.name)
		self.assertEqual((answer.status, answer.message["status"]), (200, "Done"), answer)

	def test_nobody_puts_status_window_or_called_on(self):
		w = self.w
		doc = issue(w)
		values = {"status": "Done", "window": w.w2, "called_on": "2026-01-01 10:00:00"}
		for user in (w.s1, self.manager):
			for field, value in values.items():
				answer = HttpUser(user).update(TICKET, doc.name, {field: value})
				self.assertIn(answer.status, REFUSED, (user, field, answer))
		answer = HttpUser(self.manager).insert(
			TICKET, {"hall": w.hall, "department": w.d1, "status": "Called", "window": w.w1}
		)
		self.assertIn(answer.status, REFUSED, answer)
		row = stored(doc.name)
		self.assertEqual((row.status, row.window, row.called_on), ("Waiting", None, None))

	def test_guests_cannot_reach_the_desk_endpoints(self):
		w = self.w
		guest = HttpUser(None)
		for method, kwargs in (
			("call_next", {"window": w.w1}),
			("window_state", {"window": w.w1}),
			("issue_desk_ticket", {"hall": w.hall, "department": w.d1}),
			("my_windows", {}),
		):
			answer = guest.call(f"{API}.{method}", **kwargs)
			self.assertEqual(answer.status, 403, (method, answer))
		frappe.db.rollback()
		self.assertEqual(frappe.db.count(TICKET, {"hall": w.hall, "source": "Desk"}), 0)

	def test_staff_issue_desk_tickets_and_pick_their_windows(self):
		w = self.w
		staff = HttpUser(w.s1)
		answer = staff.call(f"{API}.issue_desk_ticket", hall=w.hall, department=w.d2)
		self.assertEqual(answer.status, 200, answer)
		row = stored(answer.message["name"], "source", "issued_by", "department")
		self.assertEqual((row.source, row.issued_by, row.department), ("Desk", w.s1, w.d2))
		windows = staff.call(f"{API}.my_windows", http_method="GET").message
		self.assertEqual({r["name"] for r in windows}, {w.w1, w.w2})
		self.assertEqual(windows[0]["name"], w.w1)
		answer = HttpUser(w.s2).call(f"{API}.issue_desk_ticket", hall=make_hall_committed(), department=w.d1)
		self.assertEqual(answer.status, 403, answer)

	def test_the_console_page_opens_for_staff_not_for_guests(self):
		answer = HttpUser(self.w.s1).call("frappe.desk.desk_page.getpage", name="gh-queue-console")
		self.assertEqual(answer.status, 200, answer)
		self.assertIn("GHQueueConsole", str(answer.json.get("docs")))
		answer = HttpUser(None).call("frappe.desk.desk_page.getpage", name="gh-queue-console")
		self.assertNotEqual(answer.status, 200, answer)


def make_hall_committed() -> str:
	name = make_hall().name
	commit_world()
	return name


# ---------------------------------------------------------------------------------------------
# Concurrency


def call_in_threads(site: str, windows: list[str], calls_each: int, pause: float) -> tuple[list, list]:
	"""Each window calls ``calls_each`` times in its own thread and connection, all starting at once."""
	sites_path = frappe.local.sites_path
	barrier = threading.Barrier(len(windows))
	called, errors = [], []
	lock = threading.Lock()

	def work(window: str):
		frappe.init(site=site, sites_path=sites_path)
		frappe.connect()
		try:
			frappe.set_user("Administrator")
			barrier.wait()
			for _ in range(calls_each):
				name = calling.call_next(window)
				if not name:
					break
				with lock:
					called.append(name)
				frappe.db.sql("update `tabGH Queue Ticket` set status = 'Done' where name = %s", name)
				frappe.db.commit()  # nosemgrep: frees the window for its next call
		except Exception as err:  # recorded, the test fails on it
			with lock:
				errors.append(repr(err))
		finally:
			frappe.destroy()

	threads = [threading.Thread(target=work, args=(window,)) for window in windows]
	with patch.object(calling, "_pause_after_lock", pause):
		for thread in threads:
			thread.start()
		for thread in threads:
			thread.join()
	return called, errors


class TestConcurrentCalls(FrappeTestCase):
	WINDOWS = 6
	TICKETS = 40
	CALLS_EACH = 4

	def queue(self) -> tuple[frappe._dict, list[str], list[str]]:
		w = world()
		windows = [w.w1, w.w2] + [make_window(w.hall, w.d1).name for _ in range(self.WINDOWS - 2)]
		names = [tickets.issue_ticket(w.hall, department=w.d1).name for _ in range(self.TICKETS)]
		# a few appointments jump ahead
		for name in names[10:13]:
			frappe.db.set_value(
				TICKET, name, {"priority": 1, "slot_start": now_datetime()}, update_modified=False
			)
		commit_world()
		rows = frappe.get_all(
			TICKET, filters={"hall": w.hall}, fields=["name", "priority", "slot_start", "issued_on"]
		)
		order = [row["name"] for row in rules.call_order(rows)]
		return w, windows, order

	def test_every_ticket_called_once_and_none_skipped(self):
		w, windows, order = self.queue()
		called, errors = call_in_threads(frappe.local.site, windows, self.CALLS_EACH, pause=0.05)
		self.assertEqual(errors, [])
		calls = self.WINDOWS * self.CALLS_EACH
		self.assertEqual(len(called), calls)
		self.assertEqual(len(set(called)), len(called), "a ticket was called twice")
		self.assertEqual(set(called), set(order[:calls]), "a ticket was skipped")
		frappe.db.rollback()
		events = frappe.db.sql(
			"""select e.parent, count(*) from `tabGH Queue Ticket Event` e join `tabGH Queue Ticket` t
			on t.name = e.parent where t.hall = %s and e.event = 'Called' group by e.parent""",
			w.hall,
		)
		self.assertEqual(sorted(n for _, n in events), [1] * calls)
		# the rest wait, untouched
		waiting = frappe.get_all(TICKET, filters={"hall": w.hall, "status": "Waiting"}, pluck="name")
		self.assertEqual(set(waiting), set(order[calls:]))

	def test_the_test_fails_without_the_row_lock(self):
		"""Without FOR UPDATE SKIP LOCKED the windows calling at once get the same ticket."""
		_w, windows, _order = self.queue()
		with patch.object(calling, "_LOCK_CLAUSE", ""):
			called, errors = call_in_threads(frappe.local.site, windows, 1, pause=0.2)
		self.assertEqual(errors, [])
		self.assertLess(len(set(called)), len(called), "the race was not reproduced")


class TestAppointmentCheckIn(FrappeTestCase):
	def booking(self, w) -> frappe._dict:
		"""A booking made for a coming day, moved to today 30 minutes from now (a booking for today
		is refused once its slot has begun, and the tests run at any hour)."""
		from gov_hall.gov_hall.doctype.gh_appointment.test_gh_appointment import book
		from gov_hall.utils.calendar import get_hall_calendar

		frappe.db.set_value("GH Service Matter", w.matter, "bookable", 1)
		day = get_hall_calendar(w.hall).next_working_day(now_datetime().date() + datetime.timedelta(days=1))
		doc = book(w.hall, w.matter, day, "10:00:00", applicant_name="赵六")
		now = now_datetime()
		slot = min(
			now + datetime.timedelta(minutes=30), datetime.datetime.combine(now.date(), datetime.time(23, 59))
		)
		frappe.db.set_value(
			"GH Appointment",
			doc.name,
			{"appointment_date": slot.date(), "slot_start": slot.strftime("%H:%M:%S")},
		)
		commit_world()
		return frappe._dict(name=doc.name, code=doc.booking_code, slot=slot)

	def test_check_in_gives_a_priority_ticket_for_the_slot_once(self):
		w = world()
		walk_in = issue(w)
		backdate(walk_in.name, 20)
		booking = self.booking(w)
		typed = " " + booking.code.lower()[:4] + " " + booking.code.lower()[4:]
		doc = tickets.check_in(typed, w.hall)
		commit_world()
		self.assertEqual((doc.source, doc.priority, doc.appointment), ("Appointment", 1, booking.name))
		self.assertEqual((doc.department, doc.matter), (w.d1, w.matter))
		self.assertEqual(str(doc.slot_start)[:16], booking.slot.strftime("%Y-%m-%d %H:%M"))
		self.assertEqual(tickets.check_in(booking.code, w.hall).name, doc.name)  # twice: the same
		with self.assertRaises(frappe.ValidationError):
			tickets.check_in("ABCD2345", w.hall)
		with self.assertRaises(frappe.ValidationError):
			tickets.check_in(booking.code, make_hall().name)  # another hall's kiosk
		frappe.db.rollback()
		# the appointment goes first, and checked in early it waits from its slot
		self.assertEqual(calling.call_next(w.w1), doc.name)
		self.assertLessEqual(stored(doc.name, "wait_seconds").wait_seconds, 60)
		result = calling.finish_service(doc.name, new_case={"id_number": VALID_RESIDENT_ID})
		commit_world()
		case = frappe.get_doc("GH Case", result["case"])
		self.assertEqual(
			(case.applicant_name, case.appointment, case.channel, case.matter),
			("赵六", booking.name, "Appointment", w.matter),
		)
		appointment = frappe.db.get_value("GH Appointment", booking.name, ["status", "case"], as_dict=True)
		self.assertEqual((appointment.status, appointment.case), ("Arrived", case.name))
		self.assertEqual(calling.call_next(w.w1), walk_in.name)
