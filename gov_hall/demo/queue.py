"""A year of queue tickets (排队叫号) for the demo county hall, tied to its cases and ratings.

Every case received at one of the hall's windows (channel Window or Appointment) came through the
queue: its ticket was issued at the kiosk (an appointment holder checked in for a priority ticket at
the slot), called by the case's window and staff member, served, and the case registered a quarter
into the service. Besides the cases, citizens came who asked, picked up a certificate or gave up:
visits without a case (more of them on Mondays and on the working days before a statutory
holiday), the window-evaluator ratings of window visits (each gets its visit), and ~3% no-shows
called and recalled until the window gave up. ~2% of the tickets were first taken to a wrong
department's window and transferred, keeping their number and arrival time.

The hall's day has a shape: a morning peak and a smaller afternoon one, Monday mornings and the
days before a holiday busier, and the waiting time grows with the hour's load. The cases keep their
dates; their time of day becomes the queue's (``received_on`` = service start + a quarter of the
service), and they get ``queue_ticket``, ``wait_minutes`` and ``service_minutes``. Window-evaluator
ratings of a case on the day of its ticket are the ticket's rating.

Written with bulk inserts (gov_hall.demo.voice.bulk), a demo fill, not a workflow exercise.
Idempotent: a hall that already has tickets gets none.
"""

from __future__ import annotations

import datetime
import math
import random
from collections import Counter, defaultdict

import frappe

from gov_hall.demo.voice import bulk, move_series, name_rows
from gov_hall.queue.tickets import ensure_prefix, queue_settings
from gov_hall.rules import queue as queue_rules
from gov_hall.rules import ratings as rating_rules
from gov_hall.utils.calendar import get_hall_calendar
from gov_hall.utils.clock import now_datetime

SEED = 20261125
TICKET = "GH Queue Ticket"
EVENT = "GH Queue Ticket Event"
QUEUE_CHANNELS = ("Window", "Appointment")
NO_SHOW_SHARE = 0.03
TRANSFER_SHARE = 0.02
RECALLED_SHARE = 0.05  # came on the first recall
DESK_SHARE = 0.04  # issued by the staff at the desk (an elderly visitor, a phone-booked return)
VISIT_SHARE = 0.10  # visits without a case on an ordinary day, per case ticket
MONDAY_FACTOR = 1.7  # Monday mornings
PRE_HOLIDAY_FACTOR = 1.5  # the working day before a statutory holiday
# arrivals over the day by half hour from opening: a morning peak, the lunch dip, an afternoon bump
HALF_HOUR_WEIGHTS = (5, 9, 11, 11, 10, 8, 5, 3, 3, 5, 7, 7, 6, 5, 4, 3, 2)


def make_demo_queue(seed: int = SEED, halls: list[str] | None = None) -> dict:
	"""Tickets for the demo county hall (or ``halls``) where there are none yet; their counts."""
	counts = {"tickets": 0, "ticket_events": 0, "no_shows": 0, "transfers": 0}
	if not frappe.db.table_exists(TICKET):
		return counts
	names = halls or county_halls()
	rng = random.Random(seed)
	for hall in frappe.get_all(
		"GH Service Hall",
		filters={"name": ["in", names or [""]]},
		fields=["name", "hall_code", "opening_time", "closing_time"],
		order_by="name asc",
	):
		if frappe.db.exists(TICKET, {"hall": hall.name}):
			continue
		for key, value in QueueYear(hall, rng).write().items():
			counts[key] += value
	return counts


def county_halls() -> list[str]:
	from gov_hall.demo import load_catalog

	return [row["hall_name"] for row in load_catalog()["halls"] if not row.get("parent_key")]


def pre_holiday_days(calendar, first: datetime.date, last: datetime.date) -> set[datetime.date]:
	"""Working days followed (over rest days) by a statutory holiday."""
	from gov_hall.rules.workdays import statutory_rest_days

	holidays = {}
	for year in range(first.year, last.year + 2):
		holidays.update(statutory_rest_days(year))
	found = set()
	for day in calendar.working_days_in(first, last):
		after = day + datetime.timedelta(days=1)
		while not calendar.is_working_day(after):
			if after in holidays:
				found.add(day)
				break
			after += datetime.timedelta(days=1)
	return found


def seconds_of(value) -> int:
	if isinstance(value, datetime.timedelta):
		return int(value.total_seconds())
	if isinstance(value, datetime.time):
		return value.hour * 3600 + value.minute * 60 + value.second
	hours, minutes, *rest = str(value or "09:00:00").split(":")
	return int(hours) * 3600 + int(minutes) * 60 + int(float(rest[0]) if rest else 0)


def lognormal(rng: random.Random, median: float, sigma: float) -> float:
	return median * math.exp(rng.gauss(0, sigma))


class QueueYear:
	"""One hall's year of visits, simulated in memory."""

	def __init__(self, hall, rng: random.Random):
		self.hall = hall
		self.rng = rng
		self.now = now_datetime()
		self.calendar = get_hall_calendar(hall.name)
		self.opens = seconds_of(hall.opening_time)
		self.closes = max(seconds_of(hall.closing_time), self.opens + 3600)
		self.cases = frappe.get_all(
			"GH Case",
			filters={
				"hall": hall.name,
				"channel": ["in", QUEUE_CHANNELS],
				"window": ["is", "set"],
				"received_on": ["is", "set"],
			},
			fields=["name", "department", "matter", "window", "handler", "first_responder", "received_on"],
			order_by="received_on asc, name asc",
		)
		self.complexity = dict(
			frappe.get_all("GH Service Matter", fields=["name", "complexity"], as_list=True)
		)
		self.appointments = {
			row.case: row
			for row in frappe.get_all(
				"GH Appointment",
				filters={"hall": hall.name, "case": ["is", "set"]},
				fields=["name", "case", "appointment_date", "slot_start"],
			)
		}
		self.load_windows()
		self.prefixes = self.load_prefixes()
		self.ratings = self.load_ratings()
		days = sorted({case.received_on.date() for case in self.cases})
		self.peak_days = pre_holiday_days(self.calendar, days[0], days[-1]) if days else set()
		# the year's mean visits an opening hour: the hour's load is measured against it
		hours = max(1, len(days)) * (self.closes - self.opens) / 3600
		self.mean_per_hour = max(1.0, len(self.cases) * (1 + VISIT_SHARE + NO_SHOW_SHARE) / hours)
		self.serials = defaultdict(int)
		self.settings = queue_settings()
		self.max_recalls = self.settings.max_recalls
		self.tickets, self.events = [], []

	def load_windows(self) -> None:
		windows = frappe.get_all(
			"GH Service Window",
			filters={"hall": self.hall.name, "status": "Active"},
			fields=["name", "window_number", "department"],
			order_by="name asc",
		)
		self.window_number = {w.name: w.window_number for w in windows}
		self.windows_by_department = defaultdict(list)
		for window in windows:
			self.windows_by_department[window.department].append(window.name)
		for row in frappe.get_all(
			"GH Window Department",
			filters={"parenttype": "GH Service Window", "parent": ["in", list(self.window_number) or [""]]},
			fields=["parent", "department"],
			order_by="parent asc, idx asc",
		):
			if row.parent not in self.windows_by_department[row.department]:
				self.windows_by_department[row.department].append(row.parent)
		self.staff_by_window = defaultdict(list)
		for row in frappe.get_all(
			"GH Window Staff",
			filters={"hall": self.hall.name, "status": "On Site"},
			fields=["user", "window"],
			order_by="user asc",
		):
			self.staff_by_window[row.window].append(row.user)
		users = {u for staff in self.staff_by_window.values() for u in staff}
		users |= {case.handler or case.first_responder for case in self.cases}
		users.discard(None)
		self.full_names = dict(
			frappe.get_all(
				"User",
				filters={"name": ["in", sorted(users) or [""]]},
				fields=["name", "full_name"],
				as_list=True,
			)
		)

	def load_prefixes(self) -> dict[str, str]:
		"""Each department's ticket prefix (GH Stationed Department.ticket_prefix), assigned by the app
		now to a department that has none."""
		departments = sorted(set(self.windows_by_department) | {case.department for case in self.cases})
		return {department: ensure_prefix(department) for department in departments if department}

	def load_ratings(self) -> dict:
		"""Window-evaluator ratings: of a case by case, of a window visit by window and day."""
		by_case, visits = defaultdict(list), defaultdict(list)
		for row in frappe.get_all(
			"GH Service Rating",
			filters={"hall": self.hall.name, "channel": rating_rules.WINDOW_EVALUATOR, "status": "Valid"},
			fields=["name", "case", "rating_for", "rated_on", "window", "staff"],
			order_by="rated_on asc, name asc",
		):
			if row.case:
				by_case[row.case].append(row)
			elif row.rating_for == rating_rules.WINDOW_VISIT and row.window:
				visits[(row.window, row.rated_on.date())].append(row)
		return {"case": by_case, "visit": visits}

	# -- the shape of a day -------------------------------------------------------------------

	def half_hour_weights(self, day: datetime.date) -> list[float]:
		slots = max(1, (self.closes - self.opens) // 1800)
		weights = [HALF_HOUR_WEIGHTS[min(i, len(HALF_HOUR_WEIGHTS) - 1)] for i in range(slots)]
		morning = max(1, (12 * 3600 - self.opens) // 1800)
		factor = MONDAY_FACTOR if day.weekday() == 0 else 1.0
		if day in self.peak_days:
			factor *= PRE_HOLIDAY_FACTOR
		return [w * factor if i < morning else w for i, w in enumerate(weights)]

	def time_in_day(self, day: datetime.date, weights: list[float]) -> datetime.datetime:
		slot = self.rng.choices(range(len(weights)), weights=weights)[0]
		second = self.opens + slot * 1800 + self.rng.randrange(1800)
		return datetime.datetime.combine(day, datetime.time()) + datetime.timedelta(seconds=second)

	def extra_visits(self, day: datetime.date, case_count: int) -> int:
		share = VISIT_SHARE
		if day.weekday() == 0:
			share *= 2.5
		if day in self.peak_days:
			share *= 3.0
		return int(round(case_count * share * self.rng.uniform(0.7, 1.3)))

	# -- the year -----------------------------------------------------------------------------

	def write(self) -> dict:
		if not self.cases:
			return {"tickets": 0, "ticket_events": 0, "no_shows": 0, "transfers": 0}
		by_day = defaultdict(list)
		for case in self.cases:
			by_day[case.received_on.date()].append(case)
		for day in sorted(by_day):
			self.simulate_day(day, by_day[day])
		self.tickets.sort(key=lambda t: (t["issued_on"], t["_order"]))
		self.number_tickets()
		name_rows(self.tickets, "QT", lambda t: t["issued_on"], 8)
		for ticket in self.tickets:
			for idx, event in enumerate(ticket.pop("_events"), start=1):
				self.events.append(
					{
						**event,
						"name": frappe.generate_hash(length=10),
						"parent": ticket["name"],
						"parenttype": TICKET,
						"parentfield": "events",
						"idx": idx,
						"creation": event["at"],
					}
				)
		bulk(TICKET, self.tickets)
		bulk(EVENT, self.events)
		move_series("QT", self.tickets)
		self.update_cases()
		return {
			"tickets": len(self.tickets),
			"ticket_events": len(self.events),
			"no_shows": sum(t["status"] == "No Show" for t in self.tickets),
			"transfers": sum(bool(t["transfers"]) for t in self.tickets),
		}

	def simulate_day(self, day: datetime.date, cases: list) -> None:
		rng = self.rng
		weights = self.half_hour_weights(day)
		visits = []  # (service start, kind, payload)
		for case in cases:
			appointment = self.appointments.get(case.name)
			if appointment:
				slot = datetime.datetime.combine(day, datetime.time()) + datetime.timedelta(
					seconds=seconds_of(appointment.slot_start)
				)
				visits.append((slot, "appointment", case, appointment))
			else:
				visits.append((self.time_in_day(day, weights), "case", case, None))
		for window_day, ratings in self.ratings["visit"].items():
			if window_day[1] == day:
				for rating in ratings:
					visits.append((rating.rated_on, "rated visit", rating, None))
		departments = sorted(d for d, w in self.windows_by_department.items() if w)
		for _ in range(self.extra_visits(day, len(cases)) if departments else 0):
			visits.append((self.time_in_day(day, weights), "visit", rng.choice(departments), None))
		for _ in range(sum(rng.random() < NO_SHOW_SHARE for _ in visits) if departments else 0):
			visits.append((self.time_in_day(day, weights), "no show", rng.choice(departments), None))
		load = Counter(when.hour for when, *_rest in visits)
		peak = 1.3 if day in self.peak_days else 1.0
		for order, (when, kind, payload, appointment) in enumerate(visits):
			pressure = peak * load[when.hour] / self.mean_per_hour
			if kind in ("case", "appointment"):
				self.case_ticket(payload, when, pressure, appointment, order)
			elif kind == "rated visit":
				self.rated_visit_ticket(payload, pressure, order)
			else:
				self.visit_ticket(payload, when, pressure, order, no_show=kind == "no show")

	def wait_seconds(self, pressure: float) -> int:
		return int(min(lognormal(self.rng, 240 * pressure**1.6, 0.6), 90 * 60))

	def service_seconds(self, matter: str | None) -> int:
		complexity = int(self.complexity.get(matter) or 2)
		return int(min(max(lognormal(self.rng, 240 + 120 * complexity, 0.45), 60), 75 * 60))

	def staff_of(self, window: str, preferred: str | None = None) -> str | None:
		if preferred:
			return preferred
		staff = self.staff_by_window.get(window)
		return self.rng.choice(staff) if staff else None

	def case_ticket(self, case, when, pressure: float, appointment, order: int) -> None:
		rng = self.rng
		window = case.window
		staff = self.staff_of(window, case.handler or case.first_responder)
		source = "Appointment" if appointment else ("Desk" if rng.random() < DESK_SHARE else "Kiosk")
		if appointment:  # checked in a little before the slot (sometimes late), called soon after it
			slot, day = when, when.date()
			issued = max(
				slot - datetime.timedelta(seconds=rng.randint(-300, 1200)),
				datetime.datetime.combine(day, datetime.time())
				+ datetime.timedelta(seconds=self.opens + rng.randint(0, 120)),
			)
			called = max(slot, issued) + datetime.timedelta(seconds=int(lognormal(rng, 100, 0.7)))
		else:
			slot = None
			issued, called = self.arrival(when, pressure)
		ticket = self.new_ticket(case.department, issued, source, order, staff if source == "Desk" else None)
		ticket.update(
			case=case.name,
			matter=case.matter,
			priority=1 if appointment else 0,
			appointment=appointment.name if appointment else None,
			slot_start=slot,
		)
		moved = rng.random() < TRANSFER_SHARE and self.transfer_first(ticket, case.department, called)
		if moved:
			called = moved
		self.call(ticket, window, staff, called, first=not moved)
		started = self.recalls(ticket, window, staff, called, came=True)
		started += datetime.timedelta(seconds=rng.randint(15, 90))
		self.serve(ticket, window, staff, started, case.matter)
		ticket["_received_on"] = started + datetime.timedelta(seconds=ticket["service_seconds"] // 4)
		for rating in self.ratings["case"].get(case.name, []):
			# the evaluator asks once the service is finished
			if rating.rated_on.date() == issued.date() and rating.rated_on >= ticket["service_finished_on"]:
				ticket["rating"] = rating.name
				break

	def rated_visit_ticket(self, rating, pressure: float, order: int) -> None:
		"""The window visit a window-evaluator rating was given for: served just before it."""
		rng = self.rng
		window = rating.window
		department = self.department_of(window)
		if not department:
			return
		staff = self.staff_of(window, rating.staff)
		service = int(min(max(lognormal(rng, 300, 0.5), 60), 3600))
		finished = rating.rated_on - datetime.timedelta(seconds=rng.randint(20, 180))
		started = finished - datetime.timedelta(seconds=service)
		called = started - datetime.timedelta(seconds=rng.randint(15, 90))
		issued, called = self.arrival(called, pressure)
		if called >= started:  # a rating early in the day: its visit was a short one
			started = called + datetime.timedelta(seconds=rng.randint(15, 90))
			service = int((finished - started).total_seconds())
			if service < 30:  # given minutes after opening: no visit of that day fits before it
				return
		ticket = self.new_ticket(department, issued, "Kiosk", order)
		self.call(ticket, window, staff, called, first=True)
		self.serve(ticket, window, staff, started, None, service)
		ticket["rating"] = rating.name

	def department_of(self, window: str) -> str | None:
		for department, windows in sorted(self.windows_by_department.items()):
			if window in windows:
				return department
		return None

	def visit_ticket(self, department: str, when, pressure: float, order: int, no_show: bool) -> None:
		rng = self.rng
		window = rng.choice(self.windows_by_department[department])
		staff = self.staff_of(window)
		issued, when = self.arrival(when, pressure)
		ticket = self.new_ticket(department, issued, "Kiosk", order)
		self.call(ticket, window, staff, when, first=True)
		if no_show:
			self.recalls(ticket, window, staff, when, came=False)
			return
		started = when + datetime.timedelta(seconds=rng.randint(15, 90))
		self.serve(ticket, window, staff, started, None, int(min(max(lognormal(rng, 180, 0.6), 30), 1800)))

	# -- a ticket's life --------------------------------------------------------------------------

	def new_ticket(self, department: str, issued, source: str, order: int, issued_by=None) -> dict:
		ticket = {
			"hall": self.hall.name,
			"ticket_date": issued.date(),
			"department": department,
			"prefix": self.prefixes.get(department) or "Z",
			"source": source,
			"priority": 0,
			"is_off_hours": 0,
			"issued_on": issued,
			"issued_by": issued_by,
			"status": "Waiting",
			"recalls": 0,
			"transfers": 0,
			"creation": issued,
			"owner": issued_by or "Guest",
			"_order": order,
			"_events": [{"event": "Issued", "at": issued, "note": source}],
		}
		self.tickets.append(ticket)
		return ticket

	def call(self, ticket: dict, window: str, staff: str | None, at, first: bool) -> None:
		ticket.update(
			status="Called",
			window=window,
			window_number=self.window_number.get(window),
			staff=staff,
			staff_name=self.full_names.get(staff),
			called_on=at,
			modified=at,
		)
		if first:
			ticket["wait_seconds"] = self.waited(ticket, at)
		ticket["_events"].append({"event": "Called", "at": at, "window": window, "staff": staff})

	def waited(self, ticket: dict, called) -> int:
		"""First call − arrival; an appointment checked in early waits from its slot."""
		return queue_rules.wait_seconds(ticket["issued_on"], called, ticket.get("slot_start"))

	def arrival(self, called, pressure: float):
		"""When a walk-in called at ``called`` took the ticket: the kiosk opens with the hall."""
		issued = called - datetime.timedelta(seconds=self.wait_seconds(pressure))
		opening = datetime.datetime.combine(called.date(), datetime.time()) + datetime.timedelta(
			seconds=self.opens
		)
		if issued < opening:
			issued = opening + datetime.timedelta(seconds=self.rng.randint(0, 120))
			called = max(called, issued + datetime.timedelta(seconds=self.rng.randint(30, 240)))
		return issued, called

	def transfer_first(self, ticket: dict, department: str, called):
		"""The citizen picked a wrong department: called there first, then sent on with their number."""
		rng = self.rng
		others = sorted(d for d, w in self.windows_by_department.items() if w and d != department)
		if not others:
			return None
		wrong = rng.choice(others)
		window = rng.choice(self.windows_by_department[wrong])
		staff = self.staff_of(window)
		first_call = called - datetime.timedelta(seconds=rng.randint(240, 900))
		if first_call <= ticket["issued_on"]:
			first_call = ticket["issued_on"] + datetime.timedelta(seconds=rng.randint(30, 120))
			called = first_call + datetime.timedelta(seconds=rng.randint(240, 900))
		ticket["department"] = wrong
		ticket["prefix"] = self.prefixes.get(wrong) or "Z"
		self.call(ticket, window, staff, first_call, first=True)
		moved = first_call + datetime.timedelta(seconds=rng.randint(60, 180))
		ticket.update(department=department, status="Waiting", transfers=1)
		ticket["_events"].append(
			{"event": "Transferred", "at": moved, "window": window, "staff": staff, "note": department}
		)
		return max(called, moved + datetime.timedelta(seconds=rng.randint(60, 300)))

	def recalls(self, ticket: dict, window: str, staff, called, came: bool):
		"""Recalled once before coming (a few), or up to the maximum and then a no-show."""
		rng = self.rng
		times = (1 if rng.random() < RECALLED_SHARE else 0) if came else self.max_recalls
		at = called
		for _ in range(times):
			at += datetime.timedelta(seconds=rng.randint(45, 120))
			ticket["recalls"] += 1
			ticket["_events"].append({"event": "Recalled", "at": at, "window": window, "staff": staff})
		if not came:
			at += datetime.timedelta(seconds=rng.randint(30, 90))
			ticket.update(status="No Show", modified=at)
			ticket["_events"].append({"event": "No Show", "at": at, "window": window, "staff": staff})
		return at

	def serve(self, ticket: dict, window, staff, started, matter, seconds: int | None = None):
		seconds = seconds or self.service_seconds(matter)
		finished = started + datetime.timedelta(seconds=seconds)
		ticket.update(
			status="Done",
			service_started_on=started,
			service_finished_on=finished,
			service_seconds=seconds,
			modified=finished,
		)
		ticket["_events"] += [
			{"event": "Service Started", "at": started, "window": window, "staff": staff},
			{"event": "Service Finished", "at": finished, "window": window, "staff": staff},
		]
		return finished

	def number_tickets(self) -> None:
		"""Prefix + serial per hall, day and prefix, in the order of issue (a transfer keeps its number)."""
		digits = self.settings.digits
		for ticket in self.tickets:
			key = (ticket["ticket_date"], ticket["prefix"])
			self.serials[key] += 1
			ticket["serial"] = self.serials[key]
			ticket["ticket_number"] = queue_rules.ticket_number(ticket["prefix"], ticket["serial"], digits)

	def update_cases(self) -> None:
		"""The case's time of day, its ticket and its waiting and service minutes (as the app rounds
		them), a thousand cases a statement."""
		rows = [t for t in self.tickets if t.get("case")]
		esc = frappe.db.escape
		for start in range(0, len(rows), 1000):
			chunk = rows[start : start + 1000]
			columns = {
				"received_on": [str(t["_received_on"]) for t in chunk],
				"queue_ticket": [t["name"] for t in chunk],
				"wait_minutes": [queue_rules.minutes(t["wait_seconds"]) for t in chunk],
				"service_minutes": [queue_rules.minutes(t["service_seconds"]) for t in chunk],
			}
			sets = ", ".join(
				f"`{column}` = case name "
				+ " ".join(
					f"when {esc(t['case'])} then {esc(v) if isinstance(v, str) else v}"
					for t, v in zip(chunk, values, strict=True)
				)
				+ " end"
				for column, values in columns.items()
			)
			names = ", ".join(esc(t["case"]) for t in chunk)
			frappe.db.sql(f"update `tabGH Case` set {sets} where name in ({names})")
