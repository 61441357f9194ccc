"""Appointments as a guest and at the window, through Frappe's request handler on a real site:
the booking web form, free slots, cancelling with the booking code, receiving the citizen as a case."""

import json

import frappe
from frappe.handler import execute_cmd
from frappe.utils import set_request
from frappe.website.serve import get_response

from gov_hall.api import appointments as api
from gov_hall.gov_hall.doctype.gh_appointment.gh_appointment import address_booking_key
from gov_hall.gov_hall.doctype.gh_appointment.test_gh_appointment import (
	book,
	calendar_day,
	make_test_hall,
	set_settings,
)
from gov_hall.rules.guessing import client_address
from gov_hall.tests.factories import (
	VALID_RESIDENT_ID,
	GovHallTestCase,
	make_department,
	make_matter,
	make_staff,
	make_window,
)
from gov_hall.utils import guessing
from gov_hall.utils.calendar import get_hall_calendar

ACCEPT_CMD = "frappe.website.doctype.web_form.web_form.accept"
SLOTS_CMD = "gov_hall.api.appointments.get_slots"
MATTERS_CMD = "gov_hall.api.appointments.get_bookable_matters"
CANCEL_CMD = "gov_hall.api.appointments.cancel_appointment"
CASE_CMD = "gov_hall.api.appointments.make_case_from_appointment"
WEB_FORM = "book-appointment"
GUEST_IP = "203.0.113.17"  # TEST-NET-3: never a real visitor
MOBILE = "13812345678"


class AppointmentPortalTestCase(GovHallTestCase):
	"""Saves and restores the request state a web request would set, clears rate-limit counters."""

	def setUp(self):
		super().setUp()
		self.saved_request = getattr(frappe.local, "request", None)
		self.saved_ip = getattr(frappe.local, "request_ip", None)
		self.saved_form_dict = frappe.local.form_dict
		self.ips = {GUEST_IP}
		self.codes = set()
		guessing.clear(["198.51.100.*", "203.0.113.*"])
		self.clear_counters()

		set_settings(
			appointment_slot_minutes=30, appointment_capacity_per_window=2, appointment_days_ahead=14
		)
		self.hall = make_test_hall()
		self.department = make_department(self.hall).name
		self.window = make_window(self.hall, self.department).name
		self.matter = make_matter(self.department, matter_name="社会保障卡补办").name
		calendar = get_hall_calendar(self.hall)
		self.day = calendar.next_working_day(frappe.utils.getdate())
		self.later_day = calendar.next_working_day(self.day)

	def tearDown(self):
		self.clear_counters()
		frappe.flags.in_web_form = False
		frappe.set_user("Administrator")
		frappe.local.request = self.saved_request
		frappe.local.request_ip = self.saved_ip
		frappe.local.form_dict = self.saved_form_dict
		super().tearDown()

	def clear_counters(self):
		for ip in self.ips:
			for cmd in (SLOTS_CMD, MATTERS_CMD, CANCEL_CMD):
				frappe.cache.delete(frappe.cache.make_key(f"rl:{cmd}:{ip}"))
			frappe.cache.delete(frappe.cache.make_key(f"rl:{ACCEPT_CMD}:{ip}:{WEB_FORM}"))
			frappe.cache.delete(address_booking_key(client_address(ip)))
		guessing.clear(self.ips)

	def call(self, cmd: str, method: str = "GET", user: str = "Guest", ip: str = GUEST_IP, **args):
		"""Call a whitelisted method the way frappe.app does (whitelist, HTTP method, rate limit)."""
		self.ips.add(ip)
		frappe.set_user(user)
		set_request(method=method, path=f"/api/method/{cmd}")
		frappe.local.request_ip = ip
		frappe.local.form_dict = frappe._dict(cmd=cmd, **args)
		return execute_cmd(cmd)

	def submit(self, ip: str = GUEST_IP, **data):
		"""Post the booking web form as a guest."""
		values = {
			"doctype": "GH Appointment",
			"web_form_name": WEB_FORM,
			"hall": self.hall,
			"matter": self.matter,
			"appointment_date": str(self.day),
			"slot_start": "09:00:00",
			"applicant_name": "赵六",
			"mobile": MOBILE,
			**data,
		}
		return self.call(ACCEPT_CMD, method="POST", ip=ip, web_form=WEB_FORM, data=json.dumps(values))

	def slots(self, **args):
		values = {"hall": self.hall, "matter": self.matter, "date": str(self.day), **args}
		return self.call(SLOTS_CMD, **values)

	def cancel(self, code, digits, ip: str = GUEST_IP):
		if isinstance(code, str):
			self.codes.add(code.strip().upper())
		return self.call(CANCEL_CMD, method="POST", ip=ip, booking_code=code, mobile_last4=digits)

	def page(self, path: str):
		frappe.set_user("Guest")
		frappe.local.lang = "zh"
		set_request(method="GET", path=path)
		frappe.local.form_dict = frappe._dict()
		response = get_response()
		return response.status_code, response.get_data(as_text=True)

	def count(self) -> int:
		return frappe.db.count("GH Appointment", {"hall": self.hall})


class TestBookingWebForm(AppointmentPortalTestCase):
	def test_guest_books_through_the_web_form(self):
		doc = self.submit(slot_start="10:00:00", note="需要轮椅通道")
		self.assertEqual(doc.status, "Booked")
		self.assertEqual(len(doc.booking_code), 8)
		stored = frappe.db.get_value(
			"GH Appointment",
			{"booking_code": doc.booking_code},
			["owner", "hall", "matter", "slot_start", "slot_end", "mobile_masked", "is_off_hours"],
			as_dict=True,
		)
		self.assertEqual(stored.owner, "Guest")
		self.assertEqual((stored.hall, stored.matter), (self.hall, self.matter))
		self.assertEqual((str(stored.slot_start), str(stored.slot_end)), ("10:00:00", "10:30:00"))
		self.assertEqual(stored.mobile_masked, "138****5678")
		self.assertEqual(stored.is_off_hours, 0)

	def test_fields_outside_the_form_are_ignored(self):
		doc = self.submit(
			status="Arrived", booking_code="AAAAAAAA", window=self.window, case="X-1", is_off_hours=1
		)
		stored = frappe.db.get_value(
			"GH Appointment",
			doc.name,
			["status", "booking_code", "window", "case", "is_off_hours"],
			as_dict=True,
		)
		self.assertEqual(stored.status, "Booked")
		self.assertNotEqual(stored.booking_code, "AAAAAAAA")
		self.assertFalse(stored.window or stored.case or stored.is_off_hours)

	def test_hostile_input_is_refused_and_nothing_stored(self):
		for data in (
			{"applicant_name": "<script>alert(1)</script>"},
			{"applicant_name": "张" * 41},
			{"note": "<img src=x onerror=alert(1)>"},
			{"mobile": "not-a-phone"},
			{"id_number": "123456789012345678"},
			{"slot_start": "09:10:00"},
			{"slot_start": "<b>9</b>"},
			{"appointment_date": "2020-01-01"},
			{"matter": "<svg onload=alert(1)>"},
			{"hall": "' OR 1=1 --"},
		):
			with self.assertRaises(frappe.ValidationError, msg=data):
				self.submit(**data)
			self.clear_counters()
		self.assertEqual(self.count(), 0)

	def test_error_message_does_not_echo_markup(self):
		with self.assertRaises(frappe.ValidationError) as err:
			self.submit(matter="<svg onload=alert(1)>")
		self.assertNotIn("<svg", str(err.exception))

	def test_full_slot_is_refused_through_the_form(self):
		set_settings(appointment_capacity_per_window=1)
		self.submit(slot_start="11:00:00")
		with self.assertRaisesRegex(frappe.ValidationError, "fully booked"):
			self.submit(slot_start="11:00:00", mobile="13900001111")
		self.assertEqual(self.count(), 1)

	def test_web_form_is_rate_limited_per_ip(self):
		for hour in range(9, 19):
			try:
				self.submit(slot_start=f"{hour:02d}:00:00", mobile=f"139000000{hour:02d}")
			except frappe.ValidationError:
				pass  # 17:30 onwards is no slot; the attempt still counts
		with self.assertRaises(frappe.RateLimitExceededError):
			self.submit(slot_start="09:30:00", mobile="13900000999")

	def test_booking_page_renders_for_guests_in_chinese(self):
		status, html = self.page("/book-appointment/new")
		self.assertEqual(status, 200)
		self.assertIn("预约办事", html)
		self.assertIn("无需注册账号", html)
		self.assertIn(self.hall[-6:], html)  # the hall is offered
		self.assertIn("get_slots", html)
		self.assertIn("cancel-appointment", html)

	def test_booking_page_redirects_to_new_form(self):
		status, _html = self.page("/book-appointment")
		self.assertIn(status, (301, 302))


class TestSlotsApi(AppointmentPortalTestCase):
	def test_slots_with_remaining_places(self):
		book(self.hall, self.matter, self.day, "09:30", mobile="13800000001")
		book(self.hall, self.matter, self.day, "09:30", mobile="13800000002")
		book(self.hall, self.matter, self.day, "10:00", mobile="13800000003")
		answer = self.slots()
		by_start = {slot["start"]: slot for slot in answer["slots"]}
		self.assertEqual(len(by_start), 17)
		self.assertEqual(by_start["09:00"]["remaining"], 2)
		self.assertEqual(by_start["09:30"]["remaining"], 0)
		self.assertEqual(by_start["10:00"]["remaining"], 1)
		self.assertEqual(by_start["17:00"]["end"], "17:30")
		self.assertEqual(by_start["10:00"]["value"], "10:00:00")
		self.assertTrue(answer["working_day"])
		self.assertFalse(any(slot["is_off_hours"] for slot in answer["slots"]))
		# the slots say nothing about who booked
		text = json.dumps(answer, ensure_ascii=False)
		self.assertNotIn("1380000000", text)
		self.assertNotIn("王小明", text)

	def test_capacity_counts_windows_of_the_hall(self):
		make_window(self.hall, self.department)
		self.assertEqual(self.slots()["slots"][0]["capacity"], 4)

	def test_rest_day_at_regular_hall_has_no_slots_and_says_why(self):
		calendar_day(self.later_day, "Closed", self.hall)
		frappe.local.lang = "zh"
		answer = self.slots(date=str(self.later_day))
		self.assertEqual(answer["slots"], [])
		self.assertFalse(answer["working_day"])
		self.assertIn("不提供节假日预约", answer["message"])

	def test_rest_day_at_off_hours_hall_has_flagged_slots(self):
		calendar_day(self.later_day, "Closed", self.hall)
		frappe.db.set_value(
			"GH Service Hall",
			self.hall,
			{
				"offers_off_hours_service": 1,
				"holiday_opening_time": "09:00:00",
				"holiday_closing_time": "11:00:00",
			},
		)
		answer = self.slots(date=str(self.later_day))
		self.assertEqual([s["start"] for s in answer["slots"]], ["09:00", "09:30", "10:00", "10:30"])
		self.assertTrue(all(s["is_off_hours"] for s in answer["slots"]))
		self.assertTrue(answer["off_hours_service"])

	def test_bad_input_gets_empty_slots_not_errors(self):
		for args in (
			{"hall": "NO SUCH HALL"},
			{"matter": "NO-SUCH"},
			{"date": "2020-01-01"},
			{"date": "not a date"},
			{"date": "2026-02-30"},
			{"hall": ["x"]},
			{"matter": {"a": 1}},
			{"hall": "<script>alert(1)</script>"},
			{"date": str(frappe.utils.add_days(frappe.utils.getdate(), 60))},
		):
			answer = self.slots(**args)
			self.assertEqual(answer["slots"], [], args)
			self.assertTrue(answer["message"], args)
			self.assertNotIn("<script", answer["message"])

	def test_matters_of_a_hall(self):
		other_department = make_department(self.hall).name
		not_bookable = make_matter(self.department, bookable=0).name
		no_window = make_matter(other_department).name
		matters = {m["value"] for m in self.call(MATTERS_CMD, hall=self.hall)}
		self.assertIn(self.matter, matters)
		self.assertNotIn(not_bookable, matters)
		self.assertNotIn(no_window, matters)
		self.assertEqual(self.call(MATTERS_CMD, hall="<b>"), [])
		self.assertEqual(self.call(MATTERS_CMD, hall=["x"]), [])

	def test_slots_only_by_get(self):
		with self.assertRaises(frappe.PermissionError):
			self.call(SLOTS_CMD, method="POST", hall=self.hall, matter=self.matter, date=str(self.day))


class TestCancelByCode(AppointmentPortalTestCase):
	def setUp(self):
		super().setUp()
		self.booking = book(self.hall, self.matter, self.day, "15:00")
		self.other = book(self.hall, self.matter, self.day, "15:00", mobile="13900009999")

	def status(self, doc) -> str:
		return frappe.db.get_value("GH Appointment", doc.name, "status")

	def test_right_code_and_digits_cancel(self):
		frappe.local.lang = "zh"
		answer = self.cancel(self.booking.booking_code.lower(), "5678")
		self.assertTrue(answer["cancelled"])
		self.assertIn("已取消", answer["message"])
		self.assertEqual(self.status(self.booking), "Cancelled")
		self.assertTrue(frappe.db.get_value("GH Appointment", self.booking.name, "cancelled_on"))
		self.assertEqual(self.status(self.other), "Booked")
		# a second time says why, and changes nothing
		again = self.cancel(self.booking.booking_code, "5678")
		self.assertFalse(again["cancelled"])
		self.assertEqual(again["message"], "此预约已经取消。")

	def test_wrong_code_and_wrong_digits_look_the_same(self):
		unknown = "ZZZZ2222" if self.booking.booking_code != "ZZZZ2222" else "YYYY3333"
		wrong_digits = self.cancel(self.booking.booking_code, "9999")  # another booking's digits
		wrong_code = self.cancel(unknown, "5678")
		self.assertFalse(wrong_digits["cancelled"])
		self.assertEqual(wrong_digits, wrong_code)
		self.assertEqual(set(wrong_digits), {"cancelled", "message"})
		text = json.dumps(wrong_digits, ensure_ascii=False)
		for secret in (self.booking.booking_code, self.booking.name, "社会保障卡补办", self.hall):
			self.assertNotIn(secret, text)
		self.assertEqual(self.status(self.booking), "Booked")
		self.assertEqual(self.status(self.other), "Booked")

	def test_malformed_input_gets_the_same_answer(self):
		expected = self.cancel("ZZZZ2222", "0000")
		for code, digits in (
			(self.booking.booking_code + "' OR '1'='1", "5678"),
			("<script>alert(1)</script>", "5678"),
			(self.booking.booking_code, "<b>1</b>"),
			(self.booking.booking_code, "567"),
			(self.booking.booking_code, ""),
			("", "5678"),
			(["x"], {"a": 1}),
			(self.booking.booking_code, 5678),
			(None, None),
			("A" * 5000, "5678"),
		):
			self.assertEqual(self.cancel(code, digits), expected, (str(code)[:30], str(digits)[:30]))
			self.clear_counters()
		self.assertEqual(self.status(self.booking), "Booked")

	def test_begun_appointment_cannot_be_cancelled(self):
		frappe.db.set_value("GH Appointment", self.booking.name, "appointment_date", frappe.utils.getdate())
		frappe.db.set_value("GH Appointment", self.booking.name, "slot_start", "00:00:00")
		answer = self.cancel(self.booking.booking_code, "5678")
		self.assertFalse(answer["cancelled"])
		self.assertIn("begun", answer["message"])
		self.assertEqual(self.status(self.booking), "Booked")

	def test_rate_limit_per_ip(self):
		for _attempt in range(api.CANCEL_LIMIT):
			self.assertFalse(self.cancel("ZZZZ2222", "0000")["cancelled"])
		with self.assertRaises(frappe.RateLimitExceededError):
			self.cancel(self.booking.booking_code, "5678")
		self.assertEqual(self.status(self.booking), "Booked")
		# another address is not held back
		self.assertTrue(self.cancel(self.booking.booking_code, "5678", ip="203.0.113.18")["cancelled"])

	def test_guessing_from_many_addresses_never_locks_the_booking(self):
		# issue 13 changed this: 10 wrong answers used to lock the booking code for everyone
		for attempt in range(10):
			ip = f"198.51.100.{attempt + 1}"
			self.assertFalse(self.cancel(self.booking.booking_code, f"{attempt:04d}", ip=ip)["cancelled"])
		# an address that already guessed wrongly is held back for the code, and told how long
		held = self.cancel(self.booking.booking_code, "5678", ip="198.51.100.1")
		self.assertFalse(held["cancelled"])
		self.assertIn("try again in", held["message"])
		self.assertEqual(self.status(self.booking), "Booked")
		# the citizen's right digits from an address with a clean record still work
		self.assertTrue(self.cancel(self.booking.booking_code, "5678", ip="198.51.100.200")["cancelled"])
		# other bookings are unaffected
		self.assertTrue(self.cancel(self.other.booking_code, "9999", ip="198.51.100.1")["cancelled"])

	def test_only_post_is_allowed(self):
		with self.assertRaises(frappe.PermissionError):
			self.call(CANCEL_CMD, method="GET", booking_code=self.booking.booking_code, mobile_last4="5678")
		self.assertEqual(self.status(self.booking), "Booked")

	def test_cancel_page_renders_form(self):
		status, html = self.page("/cancel-appointment")
		self.assertEqual(status, 200)
		self.assertIn("取消预约", html)
		self.assertIn('id="cancel-appointment-form"', html)
		self.assertIn(CANCEL_CMD, html)


class TestReceiveAsCase(AppointmentPortalTestCase):
	def setUp(self):
		super().setUp()
		self.staff = make_staff(self.department, self.window).user
		self.booking = book(self.hall, self.matter, self.day, "09:00", id_number=VALID_RESIDENT_ID)

	def receive(self, appointment=None, window=None, user=None, **args):
		return self.call(
			CASE_CMD,
			method="POST",
			user=user or self.staff,
			appointment=appointment or self.booking.name,
			window=window or self.window,
			**args,
		)

	def test_staff_receive_booking_as_case(self):
		case_name = self.receive()
		case = frappe.get_doc("GH Case", case_name)
		self.assertEqual(case.channel, "Appointment")
		self.assertEqual(case.appointment, self.booking.name)
		self.assertEqual((case.hall, case.matter, case.window), (self.hall, self.matter, self.window))
		self.assertEqual(case.applicant_type, "Person")
		self.assertEqual(case.applicant_name, "王小明")
		self.assertEqual(case.id_number, VALID_RESIDENT_ID)
		self.assertEqual(case.mobile, MOBILE)
		self.assertEqual(case.first_responder, self.staff)
		booking = frappe.db.get_value(
			"GH Appointment", self.booking.name, ["status", "case", "window"], as_dict=True
		)
		self.assertEqual((booking.status, booking.case, booking.window), ("Arrived", case_name, self.window))
		# an arrived booking still holds its place
		self.assertEqual(self.slots()["slots"][0]["remaining"], 1)
		# and cannot be received twice
		with self.assertRaisesRegex(frappe.ValidationError, "already been received"):
			self.receive()
		self.assertEqual(frappe.db.count("GH Case", {"appointment": self.booking.name}), 1)

	def test_booking_without_id_needs_one(self):
		booking = book(self.hall, self.matter, self.day, "09:30", mobile="13900001234")
		before = frappe.db.count("GH Case")
		with self.assertRaisesRegex(frappe.ValidationError, "no resident ID number"):
			self.receive(appointment=booking.name)
		with self.assertRaisesRegex(frappe.ValidationError, "check digit"):
			self.receive(appointment=booking.name, id_number="110105194912310021")
		self.assertEqual(frappe.db.count("GH Case"), before)
		self.assertEqual(frappe.db.get_value("GH Appointment", booking.name, "status"), "Booked")
		case_name = self.receive(appointment=booking.name, id_number=VALID_RESIDENT_ID.lower())
		self.assertEqual(frappe.db.get_value("GH Case", case_name, "id_number"), VALID_RESIDENT_ID)
		self.assertEqual(frappe.db.get_value("GH Appointment", booking.name, "id_number"), VALID_RESIDENT_ID)

	def test_window_must_be_active_in_the_hall_and_serve_the_matter(self):
		other_hall = make_test_hall()
		foreign = make_window(other_hall, make_department(other_hall).name).name
		unrelated = make_window(self.hall, make_department(self.hall).name).name
		closed = make_window(self.hall, self.department, status="Closed").name
		with self.assertRaisesRegex(frappe.ValidationError, "is not in hall"):
			self.receive(window=foreign)
		with self.assertRaisesRegex(frappe.ValidationError, "does not serve"):
			self.receive(window=unrelated)
		with self.assertRaisesRegex(frappe.ValidationError, "is closed"):
			self.receive(window=closed)
		self.assertEqual(frappe.db.count("GH Case", {"appointment": self.booking.name}), 0)

	def test_cancelled_booking_cannot_be_received(self):
		self.booking.cancel_booking()
		with self.assertRaisesRegex(frappe.ValidationError, "Only a booked appointment"):
			self.receive()
		self.assertEqual(frappe.db.count("GH Case", {"appointment": self.booking.name}), 0)

	def test_guests_and_other_departments_cannot_receive(self):
		with self.assertRaises(frappe.PermissionError):
			self.receive(user="Guest")
		frappe.set_user("Administrator")
		other_department = make_department(self.hall).name
		outsider = make_staff(other_department, make_window(self.hall, other_department).name).user
		with self.assertRaises(frappe.PermissionError):
			self.receive(user=outsider)
		self.assertEqual(frappe.db.get_value("GH Appointment", self.booking.name, "status"), "Booked")
		self.assertEqual(frappe.db.count("GH Case", {"appointment": self.booking.name}), 0)

	def test_staff_cancel_at_the_citizens_request(self):
		other_department = make_department(self.hall).name
		outsider = make_staff(other_department, make_window(self.hall, other_department).name).user
		frappe.set_user(outsider)
		with self.assertRaises(frappe.PermissionError):
			frappe.get_doc("GH Appointment", self.booking.name).cancel_at_request()
		frappe.set_user(self.staff)
		frappe.get_doc("GH Appointment", self.booking.name).cancel_at_request()
		frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value("GH Appointment", self.booking.name, "status"), "Cancelled")
