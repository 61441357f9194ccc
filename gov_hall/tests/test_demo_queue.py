import datetime
from collections import Counter, defaultdict

import frappe
from frappe.utils import get_datetime, getdate

from gov_hall.demo.cases import make_demo_cases
from gov_hall.demo.queue import make_demo_queue, pre_holiday_days
from gov_hall.demo.voice import make_demo_voice
from gov_hall.queue.tickets import queue_settings
from gov_hall.rules import queue as queue_rules
from gov_hall.rules.workdays import WorkCalendar
from gov_hall.tests.factories import (
	GovHallTestCase,
	make_case_setup,
	make_department,
	make_matter,
	make_staff,
	make_window,
)
from gov_hall.utils.calendar import get_hall_calendar


class TestDemoQueue(GovHallTestCase):
	"""The demo's year of tickets on a small hall: two months of cases, their ratings, their queue."""

	def setUp(self):
		self.s = make_case_setup(limit=3)
		make_matter(self.s.department, promised_time_limit=0, matter_name="即办事项")
		other = make_department(self.s.hall)
		other_window = make_window(self.s.hall, other.name)
		make_staff(other.name, other_window.name)
		make_matter(other.name, promised_time_limit=0, matter_name="另一部门即办事项")
		frappe.db.set_value("GH Service Hall", self.s.hall, "hall_level", "County Hall")
		make_demo_cases(days=91, halls=[self.s.hall])
		make_demo_voice(halls=[self.s.hall], supervisors=0)
		self.counts = make_demo_queue(halls=[self.s.hall])
		self.tickets = frappe.get_all(
			"GH Queue Ticket",
			filters={"hall": self.s.hall},
			fields=["*"],
			order_by="issued_on asc",
		)

	def test_tickets_are_tied_to_their_cases(self):
		self.assertGreater(self.counts["tickets"], 500)
		self.assertEqual(len(self.tickets), self.counts["tickets"])
		cases = {
			c.name: c
			for c in frappe.get_all(
				"GH Case",
				filters={"hall": self.s.hall},
				fields=[
					"name",
					"channel",
					"window",
					"handler",
					"queue_ticket",
					"wait_minutes",
					"service_minutes",
					"received_on",
					"department",
				],
			)
		}
		with_case = [t for t in self.tickets if t.case]
		self.assertEqual(len({t.case for t in with_case}), len(with_case), "one ticket per case")
		for ticket in with_case:
			case = cases.get(ticket.case)
			self.assertIsNotNone(case, ticket.name)
			self.assertEqual(case.queue_ticket, ticket.name)
			self.assertEqual(case.window, ticket.window)
			if case.handler:
				self.assertEqual(case.handler, ticket.staff)
			self.assertEqual(case.department, ticket.department)
			self.assertEqual(ticket.status, "Done")
			self.assertEqual(case.wait_minutes, queue_rules.minutes(ticket.wait_seconds))
			self.assertEqual(case.service_minutes, queue_rules.minutes(ticket.service_seconds))
			self.assertEqual(getdate(case.received_on), getdate(ticket.ticket_date))
			self.assertTrue(ticket.issued_on < case.received_on <= ticket.service_finished_on, ticket.name)
		queued = [c for c in cases.values() if c.channel in ("Window", "Appointment") and c.window]
		self.assertEqual({c.name for c in queued}, {t.case for t in with_case})
		self.assertFalse([c.name for c in cases.values() if c.queue_ticket and c.channel == "Online"])

	def test_times_numbers_and_events_are_consistent(self):
		by_number = Counter((t.ticket_date, t.ticket_number) for t in self.tickets)
		self.assertEqual(max(by_number.values()), 1, "ticket numbers are unique per hall and day")
		events = defaultdict(list)
		for row in frappe.get_all(
			"GH Queue Ticket Event",
			filters={"parent": ["in", [t.name for t in self.tickets]]},
			fields=["parent", "event", "at", "idx"],
			order_by="parent asc, idx asc",
		):
			events[row.parent].append(row)
		for ticket in self.tickets:
			self.assertTrue(ticket.ticket_number.startswith(ticket.prefix), ticket.name)
			self.assertEqual(
				ticket.ticket_number,
				queue_rules.ticket_number(ticket.prefix, ticket.serial, queue_settings().digits),
			)
			self.assertGreaterEqual(ticket.wait_seconds, 0, ticket.name)
			self.assertEqual(
				ticket.wait_seconds,
				queue_rules.wait_seconds(
					ticket.issued_on, first_call(events[ticket.name]), ticket.slot_start
				),
			)
			self.assertEqual(getdate(ticket.issued_on), getdate(ticket.ticket_date))
			self.assertGreaterEqual(ticket.called_on, ticket.issued_on)
			kinds = [e.event for e in events[ticket.name]]
			self.assertEqual(kinds[0], "Issued")
			times = [get_datetime(e.at) for e in events[ticket.name]]
			self.assertEqual(times, sorted(times), ticket.name)
			self.assertEqual(ticket.recalls, kinds.count("Recalled"))
			self.assertEqual(ticket.transfers, kinds.count("Transferred"))
			if ticket.status == "Done":
				self.assertEqual(kinds[-2:], ["Service Started", "Service Finished"])
				self.assertGreaterEqual(ticket.service_started_on, ticket.called_on)
				self.assertEqual(
					ticket.service_seconds,
					queue_rules.service_seconds(ticket.service_started_on, ticket.service_finished_on),
				)
			if ticket.priority:
				self.assertEqual(ticket.source, "Appointment")
				self.assertTrue(ticket.appointment and ticket.slot_start, ticket.name)

	def test_no_shows_transfers_and_appointments(self):
		no_shows = [t for t in self.tickets if t.status == "No Show"]
		transfers = [t for t in self.tickets if t.transfers]
		appointments = [t for t in self.tickets if t.priority]
		total = len(self.tickets)
		self.assertTrue(0.01 * total < len(no_shows) < 0.06 * total, (len(no_shows), total))
		self.assertTrue(0 < len(transfers) < 0.05 * total, (len(transfers), total))
		self.assertTrue(appointments)
		for ticket in no_shows:
			self.assertFalse(ticket.case, ticket.name)
			self.assertEqual(ticket.recalls, queue_settings().max_recalls)
			self.assertFalse(ticket.service_started_on)
		booked = dict(
			frappe.get_all(
				"GH Appointment",
				filters={"name": ["in", [t.appointment for t in appointments]]},
				fields=["name", "case"],
				as_list=True,
			)
		)
		for ticket in appointments:
			self.assertEqual(booked[ticket.appointment], ticket.case)

	def test_ratings_of_the_visit_are_linked(self):
		rated = [t for t in self.tickets if t.rating]
		self.assertTrue(rated)
		ratings = {
			r.name: r
			for r in frappe.get_all(
				"GH Service Rating",
				filters={"name": ["in", [t.rating for t in rated]]},
				fields=["name", "case", "channel", "window", "rated_on"],
			)
		}
		self.assertEqual(len({t.rating for t in rated}), len(rated), "a rating belongs to one visit")
		for ticket in rated:
			rating = ratings[ticket.rating]
			self.assertEqual(rating.channel, "Window Evaluator")
			self.assertEqual(rating.case, ticket.case)
			self.assertEqual(getdate(rating.rated_on), getdate(ticket.ticket_date))
			if not ticket.case:
				self.assertEqual(rating.window, ticket.window)
				self.assertGreaterEqual(rating.rated_on, ticket.service_finished_on)

	def test_monday_mornings_peak(self):
		calendar = get_hall_calendar(self.s.hall)
		days = {getdate(t.ticket_date) for t in self.tickets}
		open_hours = 8.5 * len(days)
		per_hour = len(self.tickets) / open_hours
		mondays = [d for d in days if d.weekday() == 0]
		monday_morning = [
			t
			for t in self.tickets
			if t.ticket_date.weekday() == 0 and 9 <= get_datetime(t.issued_on).hour < 12
		]
		other_mornings = [
			t
			for t in self.tickets
			if t.ticket_date.weekday() != 0 and 9 <= get_datetime(t.issued_on).hour < 12
		]
		monday_rate = len(monday_morning) / (3 * len(mondays))
		other_rate = len(other_mornings) / (3 * (len(days) - len(mondays)))
		self.assertGreater(monday_rate, per_hour)
		self.assertGreater(monday_rate, other_rate)
		waits = [t.wait_seconds for t in monday_morning if not t.priority]
		others = [t.wait_seconds for t in other_mornings if not t.priority]
		self.assertGreater(queue_rules.median(waits), queue_rules.median(others))
		self.assertTrue(all(calendar.is_working_day(d) for d in days))

	def test_demo_is_idempotent(self):
		self.assertEqual(make_demo_queue(halls=[self.s.hall])["tickets"], 0)
		self.assertEqual(frappe.db.count("GH Queue Ticket", {"hall": self.s.hall}), len(self.tickets))


class TestPreHolidayDays(GovHallTestCase):
	def test_the_working_day_before_a_statutory_holiday(self):
		calendar = WorkCalendar()
		found = pre_holiday_days(calendar, datetime.date(2025, 9, 22), datetime.date(2025, 10, 20))
		# National Day 2025: Oct 1–8 off, Sep 28 (Sunday) and Oct 11 (Saturday) make-up working days
		self.assertIn(datetime.date(2025, 9, 30), found)
		self.assertNotIn(datetime.date(2025, 9, 26), found)  # an ordinary Friday
		self.assertNotIn(datetime.date(2025, 10, 10), found)


def first_call(events: list) -> datetime.datetime | None:
	for event in events:
		if event.event == "Called":
			return get_datetime(event.at)
	return None
