"""Issue 17, the hall floor's guest endpoints (gov_hall.api.queue_public) over HTTP as a guest: the
ticket kiosk, the hall and window displays and the window evaluator answer only a device the hall
registered, from its allowed addresses; a refusal is in Chinese and makes nothing; a check-in gets a
priority ticket; the evaluator records one Window Evaluator rating per visit; what the screens get
carries no personal data; a call is published on the hall's own realtime room.

Addresses are from TEST-NET-2 (198.51.100.0/24) and TEST-NET-3 (203.0.113.0/24).
"""

import datetime
import random
from unittest.mock import patch

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import getdate

from gov_hall.gov_hall.doctype.gh_appointment.test_gh_appointment import book
from gov_hall.queue import calling, display
from gov_hall.setup.roles import WINDOW_STAFF
from gov_hall.tests.factories import (
	make_department,
	make_hall,
	make_matter,
	make_staff,
	make_user,
	make_window,
)
from gov_hall.tests.http import HttpUser, commit_world
from gov_hall.utils.calendar import get_hall_calendar
from gov_hall.utils.clock import now_datetime, nowdate

API = "gov_hall.api.queue_public."
KIOSK_IP = "198.51.100.70"
OTHER_IP = "203.0.113.99"
ALLOWED = "198.51.100.64/26"
METHODS = (
	"kiosk_options",
	"take_ticket",
	"check_in",
	"hall_display_state",
	"window_display_state",
	"evaluator_state",
	"rate_visit",
)
STAFF_MOBILE = "13700001717"
APPLICANT = "欧阳排队"
NOT_REGISTERED = "此设备未在大厅登记"


def guest(method: str, ip: str = KIOSK_IP, **kwargs):
	"""A guest's POST from ``ip`` (the proxy's X-Forwarded-For), in Chinese."""
	return HttpUser(None).request(
		"POST",
		f"/api/method/{API}{method}",
		json=kwargs,
		headers={"X-Forwarded-For": ip, "Accept-Language": "zh-CN,zh;q=0.9"},
	)


def clear_throttle() -> None:
	keys = [
		frappe.cache.make_key(f"rl:{API}{method}:{ip}") for method in METHODS for ip in (KIOSK_IP, OTHER_IP)
	]
	frappe.cache.delete(*keys)


def make_device(hall: str, device_type: str, window: str | None = None, allowed_ips: str = ALLOWED):
	doc = frappe.get_doc(
		{
			"doctype": "GH Queue Device",
			"device_name": f"{device_type} {frappe.generate_hash(length=4)}",
			"hall": hall,
			"device_type": device_type,
			"window": window,
			"enabled": 1,
			"allowed_ips": allowed_ips,
		}
	).insert()
	frappe.clear_messages()  # the pairing link shown to the manager
	return doc


def tickets_of(hall: str) -> list[dict]:
	frappe.db.rollback()  # see what the requests committed
	return frappe.get_all(
		"GH Queue Ticket",
		filters={"hall": hall},
		fields=["name", "ticket_number", "status", "priority", "source", "device", "appointment", "rating"],
	)


def booking_checked_in_today(hall: str, matter: str):
	"""A booking made the way the web form makes it, for the next working day, then moved to today
	(a booking cannot be made for a slot of today that has begun)."""
	for field, value in (
		("appointment_slot_minutes", 30),
		("appointment_capacity_per_window", 2),
		("appointment_days_ahead", 14),
	):
		frappe.db.set_single_value("GH Hall Settings", field, value)
	day = get_hall_calendar(hall).next_working_day(getdate(nowdate()))
	# a mobile of its own: a number books at most 3 a day, and the site keeps what earlier runs made
	mobile = "139" + str(random.randint(10_000_000, 99_999_999))
	appointment = book(hall, matter, day, "09:00:00", applicant_name=APPLICANT, mobile=mobile)
	appointment.test_mobile = mobile
	frappe.db.set_value("GH Appointment", appointment.name, "appointment_date", nowdate())
	commit_world()
	return appointment


class QueueFloorTestCase(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		# open round the clock, off-hours service too: tickets can be taken whenever the test runs
		cls.hall = make_hall(
			opening_time="00:00:00", closing_time="23:59:00", offers_off_hours_service=1
		).name
		cls.department = make_department(cls.hall).name
		cls.matter = make_matter(cls.department, matter_name="排队测试事项").name
		cls.window = make_window(cls.hall, cls.department, has_evaluator=1).name
		cls.bare_window = make_window(cls.hall, cls.department, has_evaluator=0).name
		cls.staff_user = make_user([WINDOW_STAFF], first_name="柳叫号")
		cls.staff = make_staff(cls.department, cls.window, user=cls.staff_user, mobile=STAFF_MOBILE)
		cls.window_card = frappe.db.get_value("GH Service Window", cls.window, "card_code")
		cls.kiosk = make_device(cls.hall, "Kiosk")
		cls.display = make_device(cls.hall, "Hall Display")
		cls.window_display = make_device(cls.hall, "Window Display", cls.window)
		cls.evaluator = make_device(cls.hall, "Window Evaluator", cls.window)
		cls.bare_evaluator = make_device(cls.hall, "Window Evaluator", cls.bare_window)
		commit_world()

	def setUp(self):
		clear_throttle()

	def tearDown(self):
		clear_throttle()
		frappe.set_user("Administrator")

	def take(self, **kwargs):
		answer = guest("take_ticket", token=self.kiosk.token, department=self.department, **kwargs)
		self.assertEqual(answer.status, 200, answer)
		return answer.message

	def call(self, window: str | None = None) -> str:
		"""The window staff member calls the next ticket (the desk's call, in process), the window's
		earlier visit put out of the way first (done an hour ago: no longer rateable)."""
		window = window or self.window
		for name in frappe.get_all(
			"GH Queue Ticket",
			filters={"window": window, "status": ["in", ["Called", "Serving"]]},
			pluck="name",
		):
			frappe.db.set_value(
				"GH Queue Ticket",
				name,
				{"status": "Done", "service_finished_on": now_datetime() - datetime.timedelta(hours=1)},
			)
		commit_world()
		name = calling.call_next(window, staff=self.staff_user)
		self.assertTrue(name, "nobody was waiting")
		return name


class TestDevices(QueueFloorTestCase):
	def test_an_unregistered_device_is_refused_in_chinese_and_nothing_is_made(self):
		before = len(tickets_of(self.hall))
		for token in ("", "x" * 32, self.display.token):  # none, unknown, another type's
			with self.subTest(token=token[:4]):
				answer = guest("take_ticket", token=token, department=self.department)
				self.assertEqual(answer.status, 403, answer)
				self.assertIn(NOT_REGISTERED, answer.server_messages)
		for method, args in (
			("hall_display_state", {"token": self.kiosk.token}),
			("evaluator_state", {"token": self.window_display.token}),
			("rate_visit", {"token": self.kiosk.token, "visit": "QT-x", "level": "Satisfied"}),
		):
			with self.subTest(method=method):
				answer = guest(method, **args)
				self.assertEqual(answer.status, 403, answer)
				self.assertIn(NOT_REGISTERED, answer.server_messages)
		self.assertEqual(len(tickets_of(self.hall)), before)
		# the page says so too, in Chinese, and shows no kiosk
		page = HttpUser(None).request(
			"GET", "/queue-kiosk", headers={"Accept": "text/html", "X-Forwarded-For": KIOSK_IP}
		)
		self.assertEqual(page.status, 200)
		self.assertIn(NOT_REGISTERED, page.text)
		self.assertNotIn('id="kiosk-departments"', page.text)

	def test_a_registered_device_from_another_address_is_refused(self):
		before = len(tickets_of(self.hall))
		answer = guest("take_ticket", ip=OTHER_IP, token=self.kiosk.token, department=self.department)
		self.assertEqual(answer.status, 403, answer)
		self.assertIn(NOT_REGISTERED, answer.server_messages)
		self.assertEqual(len(tickets_of(self.hall)), before)
		# a disabled device is refused from its own address
		frappe.db.set_value("GH Queue Device", self.kiosk.name, "enabled", 0)
		commit_world()
		try:
			refused = guest("take_ticket", token=self.kiosk.token, department=self.department)
			self.assertEqual(refused.status, 403, refused)
		finally:
			frappe.db.set_value("GH Queue Device", self.kiosk.name, "enabled", 1)
			commit_world()

	def test_pairing_keeps_the_token_in_the_device_cookie(self):
		browser = HttpUser(None)
		paired = browser.request(
			"GET",
			f"/queue-kiosk?pair={self.kiosk.token}",
			headers={"Accept": "text/html", "X-Forwarded-For": KIOSK_IP},
		)
		self.assertEqual(paired.status, 200)
		self.assertIn('id="kiosk-departments"', paired.text)
		self.assertIn("gh_device=", " ".join(paired.headers.getlist("Set-Cookie")))
		# later requests of that browser need no token
		answer = browser.request(
			"POST",
			f"/api/method/{API}kiosk_options",
			json={},
			headers={"X-Forwarded-For": KIOSK_IP},
		)
		self.assertEqual(answer.status, 200, answer)
		self.assertIn(self.department, [row["department"] for row in answer.message["departments"]])


class TestKiosk(QueueFloorTestCase):
	def test_the_kiosk_issues_a_ticket_with_the_number_waiting_ahead(self):
		options = guest("kiosk_options", token=self.kiosk.token)
		self.assertEqual(options.status, 200, options)
		[row] = [d for d in options.message["departments"] if d["department"] == self.department]
		self.assertIn(self.matter, [m["matter"] for m in row["matters"]])
		first = self.take(matter=self.matter)
		second = self.take()
		self.assertRegex(first["ticket_number"], r"^[A-Z]{1,2}\d{3}$")
		self.assertEqual(first["matter_name"], "排队测试事项")
		self.assertEqual(second["waiting_ahead"], first["waiting_ahead"] + 1)
		issued = {row.ticket_number: row for row in tickets_of(self.hall)}
		ticket = issued[first["ticket_number"]]
		self.assertEqual((ticket.status, ticket.source, ticket.device), ("Waiting", "Kiosk", self.kiosk.name))

	def test_checking_in_with_a_booking_code_gives_a_priority_ticket(self):
		appointment = booking_checked_in_today(self.hall, self.matter)
		walk_in = self.take()
		answer = guest("check_in", token=self.kiosk.token, booking_code=appointment.booking_code.lower())
		self.assertEqual(answer.status, 200, answer)
		slip = answer.message
		self.assertTrue(slip["is_appointment"])
		self.assertEqual(slip["priority"], 1)
		self.assertEqual(slip["waiting_ahead"], 0, "a priority ticket waits behind no walk-in")
		self.assertNotIn(APPLICANT, answer.text)
		tickets = {row.ticket_number: row for row in tickets_of(self.hall)}
		self.assertEqual(tickets[slip["ticket_number"]].appointment, appointment.name)
		self.assertEqual(tickets[slip["ticket_number"]].source, "Appointment")
		self.assertGreater(
			tickets[slip["ticket_number"]].priority, tickets[walk_in["ticket_number"]].priority
		)
		# a wrong code is refused in Chinese
		wrong = guest("check_in", token=self.kiosk.token, booking_code="NOSUCHCODE1")
		self.assertEqual(wrong.status, 417, wrong)
		self.assertRegex(wrong.server_messages, r"[\u4e00-\u9fff]")


class TestScreens(QueueFloorTestCase):
	def test_a_call_is_published_on_the_halls_room_and_shown_without_personal_data(self):
		appointment = booking_checked_in_today(self.hall, self.matter)
		slip = guest("check_in", token=self.kiosk.token, booking_code=appointment.booking_code).message
		with patch("frappe.publish_realtime") as publish:
			name = self.call()
		self.assertEqual(frappe.db.get_value("GH Queue Ticket", name, "ticket_number"), slip["ticket_number"])
		[(args, kwargs)] = [(c.args, c.kwargs) for c in publish.call_args_list]
		self.assertEqual(args[0], display.EVENT)
		self.assertEqual(kwargs["room"], display.hall_room(self.hall))
		message = args[1]
		self.assertEqual((message["ticket"], message["status"]), (slip["ticket_number"], "Called"))
		window_number = frappe.db.get_value("GH Service Window", self.window, "window_number")
		self.assertIn(slip["ticket_number"], message["announce"])
		self.assertIn(window_number, message["announce"])

		state = guest("hall_display_state", token=self.display.token)
		self.assertEqual(state.status, 200, state)
		self.assertEqual(display.hall_room(self.hall), "task_progress:" + state.message["channel"])
		[row] = [w for w in state.message["windows"] if w["window"] == self.window]
		self.assertEqual((row["ticket"], row["status"]), (slip["ticket_number"], "Called"))
		screen = guest("window_display_state", token=self.window_display.token, card_code=self.window_card)
		self.assertEqual(screen.status, 200, screen)
		self.assertEqual(screen.message["ticket"], slip["ticket_number"])
		self.assertEqual(screen.message["staff"]["full_name"], "柳叫号")
		pad = guest("evaluator_state", token=self.evaluator.token)
		self.assertEqual(pad.status, 200, pad)
		for answer in (state, screen, pad):
			for secret in (
				APPLICANT,
				appointment.test_mobile,
				STAFF_MOBILE,
				self.staff_user,
				appointment.booking_code,
			):
				self.assertNotIn(secret, answer.text)
		# a window screen shows only its own window
		other = guest("window_display_state", token=self.window_display.token, card_code="nosuchcode1")
		self.assertEqual(other.status, 403, other)


class TestEvaluator(QueueFloorTestCase):
	def ratings(self, window: str) -> list[dict]:
		frappe.db.rollback()
		return frappe.get_all(
			"GH Service Rating",
			filters={"window": window},
			fields=["name", "rating_for", "channel", "level", "staff", "recorded_by", "window"],
		)

	def test_the_evaluator_records_one_rating_per_visit(self):
		earlier = {row.name for row in self.ratings(self.window)}
		self.take()
		name = self.call()
		pad = guest("evaluator_state", token=self.evaluator.token)
		self.assertEqual(pad.status, 200, pad)
		visit = pad.message["visit"]
		self.assertEqual(visit["visit"], name)
		self.assertFalse(visit["rated"])
		answer = guest("rate_visit", token=self.evaluator.token, visit=name, level="Very Satisfied")
		self.assertEqual(answer.status, 200, answer)
		self.assertTrue(answer.message["ok"], answer)
		[rating] = [row for row in self.ratings(self.window) if row.name not in earlier]
		self.assertEqual(
			(rating.rating_for, rating.channel, rating.level, rating.staff, rating.recorded_by),
			("Window Visit", "Window Evaluator", "Very Satisfied", self.staff_user, None),
		)
		self.assertEqual(frappe.db.get_value("GH Queue Ticket", name, "rating"), rating.name)
		again = guest("rate_visit", token=self.evaluator.token, visit=name, level="Very Dissatisfied")
		self.assertEqual(again.status, 200, again)
		self.assertFalse(again.message["ok"], again)
		self.assertRegex(again.message["message"], r"[\u4e00-\u9fff]")
		self.assertEqual(len(self.ratings(self.window)), len(earlier) + 1)

	def test_an_evaluator_rates_only_its_own_windows_visit(self):
		self.take()
		name = self.call()
		answer = guest("rate_visit", token=self.bare_evaluator.token, visit=name, level="Satisfied")
		self.assertEqual(answer.status, 200, answer)
		self.assertFalse(answer.message["ok"], answer)
		self.assertEqual(frappe.db.get_value("GH Queue Ticket", name, "rating"), None)
		# its own window's evaluator rates it; a bad review opens a rectification as any other
		bad = guest("rate_visit", token=self.evaluator.token, visit=name, level="Very Dissatisfied")
		self.assertTrue(bad.message["ok"], bad)
		frappe.db.rollback()
		rating = frappe.db.get_value("GH Queue Ticket", name, "rating")
		self.assertTrue(frappe.db.get_value("GH Service Rating", rating, "rectification"))

	def test_a_window_without_an_evaluator_takes_no_device_rating(self):
		self.take()
		name = self.call(self.bare_window)
		answer = guest("rate_visit", token=self.bare_evaluator.token, visit=name, level="Satisfied")
		self.assertEqual(answer.status, 417, answer)
		self.assertEqual(self.ratings(self.bare_window), [])
		self.assertEqual(frappe.db.get_value("GH Queue Ticket", name, "rating"), None)
