"""GH Appointment on a real site: the rules a guest booking must pass, capacity, off-hours, status."""

import datetime
import re

import frappe
from frappe.utils import getdate, nowdate

from gov_hall.gov_hall.doctype.gh_appointment.gh_appointment import mark_no_shows
from gov_hall.rules.appointments import BOOKING_CODE_ALPHABET
from gov_hall.tests.factories import (
	VALID_RESIDENT_ID,
	GovHallTestCase,
	make_department,
	make_hall,
	make_matter,
	make_window,
)
from gov_hall.utils.calendar import get_hall_calendar

MOBILE = "13812345678"


def calendar_day(date, day_type, hall=None):
	return frappe.get_doc(
		{
			"doctype": "GH Hall Calendar Day",
			"date": date,
			"day_type": day_type,
			"hall": hall,
			"reason": "测试",
		}
	).insert()


def book(hall: str, matter: str, day, start: str = "09:00:00", as_guest: bool = True, **values):
	"""Insert a booking the way the web form does: as Guest, ignoring permissions."""
	doc = frappe.get_doc(
		{
			"doctype": "GH Appointment",
			"hall": hall,
			"matter": matter,
			"appointment_date": str(day),
			"slot_start": start,
			"applicant_name": values.pop("applicant_name", "王小明"),
			"mobile": values.pop("mobile", MOBILE),
			**values,
		}
	)
	if as_guest:
		frappe.set_user("Guest")
	try:
		return doc.insert(ignore_permissions=True)
	finally:
		frappe.set_user("Administrator")


def make_test_hall(**values) -> str:
	"""A hall open 09:00–17:30 without off-hours times.

	Frappe sets every Time field left empty on insert to the current time; clear the optional ones.
	"""
	hall = make_hall(opening_time="09:00:00", closing_time="17:30:00", **values).name
	frappe.db.set_value(
		"GH Service Hall",
		hall,
		{"extended_closing_time": None, "holiday_opening_time": None, "holiday_closing_time": None},
	)
	return hall


def set_settings(**values):
	for field, value in values.items():
		frappe.db.set_single_value("GH Hall Settings", field, value)


class AppointmentTestCase(GovHallTestCase):
	def setUp(self):
		super().setUp()
		set_settings(
			appointment_slot_minutes=30, appointment_capacity_per_window=2, appointment_days_ahead=14
		)
		self.hall = make_test_hall()
		self.department = make_department(self.hall).name
		self.window = make_window(self.hall, self.department).name
		self.matter = make_matter(self.department, matter_name="不动产登记").name
		self.today = getdate(nowdate())
		calendar = get_hall_calendar(self.hall)
		self.day = calendar.next_working_day(self.today)  # a working day within the coming week
		self.later_day = calendar.next_working_day(self.day)

	def tearDown(self):
		frappe.set_user("Administrator")
		super().tearDown()

	def count(self, **filters) -> int:
		return frappe.db.count("GH Appointment", {"hall": self.hall, **filters})

	def assert_refused(self, *args, reason: str = "", **values):
		"""The booking is refused (for ``reason``, part of the English message) and nothing is stored."""
		before = self.count()
		with self.assertRaisesRegex(frappe.ValidationError, re.escape(reason)):
			book(*args, **values)
		self.assertEqual(self.count(), before, "a refused booking must store nothing")


class TestBooking(AppointmentTestCase):
	def test_guest_booking_gets_code_slot_and_masked_mobile(self):
		doc = book(self.hall, self.matter, self.day, "10:30", mobile="+86 139-0000-1234")
		self.assertEqual(doc.status, "Booked")
		self.assertEqual(len(doc.booking_code), 8)
		self.assertTrue(set(doc.booking_code) <= set(BOOKING_CODE_ALPHABET))
		self.assertEqual(str(doc.slot_start), "10:30:00")
		self.assertEqual(str(doc.slot_end), "11:00:00")
		self.assertEqual(doc.mobile, "13900001234")
		self.assertEqual(doc.mobile_masked, "139****1234")
		self.assertEqual(doc.mobile_last4, "1234")
		self.assertEqual(doc.department, self.department)
		self.assertEqual(doc.matter_name, "不动产登记")
		self.assertEqual(doc.is_off_hours, 0)
		self.assertEqual(frappe.db.get_value("GH Appointment", doc.name, "owner"), "Guest")

	def test_booking_codes_unique(self):
		codes = {
			book(self.hall, self.matter, self.day, f"{h:02d}:00", mobile=f"138000000{h:02d}").booking_code
			for h in range(9, 17)
		}
		self.assertEqual(len(codes), 8)

	def test_guest_cannot_set_status_code_case_or_window(self):
		doc = book(
			self.hall,
			self.matter,
			self.day,
			status="Arrived",
			booking_code="AAAAAAAA",
			window=self.window,
			is_off_hours=1,
			slot_end="23:00:00",
		)
		self.assertEqual(doc.status, "Booked")
		self.assertNotEqual(doc.booking_code, "AAAAAAAA")
		self.assertFalse(doc.window)
		self.assertEqual(doc.is_off_hours, 0)
		self.assertEqual(str(doc.slot_end), "09:30:00")

	def test_valid_resident_id_kept(self):
		doc = book(self.hall, self.matter, self.day, id_number=VALID_RESIDENT_ID.lower())
		self.assertEqual(doc.id_number, VALID_RESIDENT_ID)


class TestHostileInput(AppointmentTestCase):
	def test_html_in_name_refused(self):
		self.assert_refused(
			self.hall, self.matter, self.day, applicant_name="<script>alert(1)</script>", reason="plain text"
		)
		self.assert_refused(
			self.hall, self.matter, self.day, applicant_name="张三<img src=x onerror=alert(1)>"
		)
		self.assert_refused(self.hall, self.matter, self.day, applicant_name="张三＜b＞")

	def test_long_or_empty_name_refused(self):
		self.assert_refused(self.hall, self.matter, self.day, applicant_name="李" * 41, reason="at most 40")
		self.assert_refused(self.hall, self.matter, self.day, applicant_name="   ")

	def test_html_or_long_note_refused(self):
		self.assert_refused(
			self.hall, self.matter, self.day, note='<a href="http://evil.example">x</a>', reason="plain text"
		)
		self.assert_refused(self.hall, self.matter, self.day, note="很" * 501, reason="at most 500")

	def test_bad_mobile_refused(self):
		for mobile in ("12345", "02112345678", "1381234567a", ""):
			self.assert_refused(self.hall, self.matter, self.day, mobile=mobile)

	def test_bad_resident_id_refused(self):
		# wrong check digit
		self.assert_refused(
			self.hall, self.matter, self.day, id_number="110105194912310021", reason="check digit"
		)
		self.assert_refused(self.hall, self.matter, self.day, id_number="<b>")

	def test_unknown_or_unbookable_matter_refused(self):
		self.assert_refused(self.hall, "NO-SUCH-MATTER", self.day)
		frappe.db.set_value("GH Service Matter", self.matter, "bookable", 0)
		self.assert_refused(self.hall, self.matter, self.day, reason="cannot be booked")
		frappe.db.set_value("GH Service Matter", self.matter, {"bookable": 1, "status": "Suspended"})
		self.assert_refused(self.hall, self.matter, self.day, reason="cannot be booked")

	def test_closed_hall_refused(self):
		frappe.db.set_value("GH Service Hall", self.hall, "status", "Closed")
		self.assert_refused(self.hall, self.matter, self.day, reason="does not take appointments")

	def test_hall_without_window_for_matter_refused(self):
		other_hall = make_test_hall()
		self.assert_refused(other_hall, self.matter, self.day, reason="No window")
		frappe.db.set_value("GH Service Window", self.window, "status", "Closed")
		self.assert_refused(self.hall, self.matter, self.day, reason="No window")


class TestSlotsAndDates(AppointmentTestCase):
	def test_time_that_is_no_slot_refused(self):
		for start in ("09:15", "08:30", "17:30", "17:15", "25:00", "nonsense"):
			self.assert_refused(self.hall, self.matter, self.day, start)

	def test_slot_length_follows_settings(self):
		set_settings(appointment_slot_minutes=60)
		self.assert_refused(
			self.hall, self.matter, self.day, "09:30", reason="not one of the hall's appointment slots"
		)
		doc = book(self.hall, self.matter, self.day, "16:00")
		self.assertEqual(str(doc.slot_end), "17:00:00")

	def test_past_and_too_far_dates_refused(self):
		self.assert_refused(
			self.hall, self.matter, self.today - datetime.timedelta(days=1), reason="already passed"
		)
		set_settings(appointment_days_ahead=3)
		too_far = get_hall_calendar(self.hall).next_working_day(self.today + datetime.timedelta(days=3))
		self.assert_refused(self.hall, self.matter, too_far, reason="at most 3 days ahead")
		self.assertTrue(book(self.hall, self.matter, self.day).name)

	def test_slot_already_begun_refused(self):
		# today at 00:00 has always begun; at a hall open around the clock it is a real slot
		frappe.db.set_value(
			"GH Service Hall",
			self.hall,
			{"opening_time": "00:00:00", "closing_time": "23:30:00", "offers_off_hours_service": 1},
		)
		self.assert_refused(self.hall, self.matter, self.today, "00:00", reason="already begun")

	def test_capacity_is_windows_times_places(self):
		book(self.hall, self.matter, self.day, "10:00", mobile="13800000001")
		book(self.hall, self.matter, self.day, "10:00", mobile="13800000002")
		self.assert_refused(
			self.hall, self.matter, self.day, "10:00", mobile="13800000003", reason="fully booked"
		)
		# the next slot, another day, and another department's matter are not affected
		book(self.hall, self.matter, self.day, "10:30", mobile="13800000003")
		book(self.hall, self.matter, self.later_day, "10:00", mobile="13800000003")
		other_department = make_department(self.hall).name
		make_window(self.hall, other_department)
		other_matter = make_matter(other_department).name
		book(self.hall, other_matter, self.day, "10:00", mobile="13800000004")
		# a second window for the department adds two places
		make_window(self.hall, self.department)
		book(self.hall, self.matter, self.day, "10:00", mobile="13800000005")
		book(self.hall, self.matter, self.day, "10:00", mobile="13800000006")
		self.assert_refused(
			self.hall, self.matter, self.day, "10:00", mobile="13800000007", reason="fully booked"
		)
		self.assertEqual(
			self.count(appointment_date=self.day, slot_start="10:00:00", department=self.department), 4
		)

	def test_comprehensive_window_serving_department_counts(self):
		other_department = make_department(self.hall).name
		make_window(
			self.hall,
			other_department,
			window_type="Comprehensive",
			served_departments=[{"department": self.department}],
		)
		set_settings(appointment_capacity_per_window=1)
		book(self.hall, self.matter, self.day, "11:00", mobile="13800000001")
		book(self.hall, self.matter, self.day, "11:00", mobile="13800000002")
		self.assert_refused(
			self.hall, self.matter, self.day, "11:00", mobile="13800000003", reason="fully booked"
		)

	def test_cancelled_booking_frees_its_place(self):
		set_settings(appointment_capacity_per_window=1)
		first = book(self.hall, self.matter, self.day, "14:00", mobile="13800000001")
		self.assert_refused(
			self.hall, self.matter, self.day, "14:00", mobile="13800000002", reason="fully booked"
		)
		first.cancel_booking()
		self.assertTrue(book(self.hall, self.matter, self.day, "14:00", mobile="13800000002").name)

	def test_same_mobile_cannot_book_same_matter_twice_a_day(self):
		book(self.hall, self.matter, self.day, "09:00")
		self.assert_refused(self.hall, self.matter, self.day, "15:00", reason="already has an appointment")
		self.assertTrue(book(self.hall, self.matter, self.later_day, "15:00").name)


class TestOffHours(AppointmentTestCase):
	def setUp(self):
		super().setUp()
		# the hall closes on an otherwise ordinary working day: a rest day for this hall only
		self.closed_day = self.later_day
		calendar_day(self.closed_day, "Closed", self.hall)

	def test_rest_day_refused_at_hall_without_off_hours_service(self):
		self.assert_refused(
			self.hall, self.matter, self.closed_day, "10:00", reason="does not offer appointments outside"
		)
		self.assertFalse(get_hall_calendar(self.hall).is_working_day(self.closed_day))

	def test_rest_day_booked_and_flagged_at_off_hours_hall(self):
		frappe.db.set_value(
			"GH Service Hall",
			self.hall,
			{
				"offers_off_hours_service": 1,
				"holiday_opening_time": "09:00:00",
				"holiday_closing_time": "12:00:00",
			},
		)
		doc = book(self.hall, self.matter, self.closed_day, "10:00")
		self.assertEqual(doc.is_off_hours, 1)
		# holiday hours end at noon
		self.assert_refused(
			self.hall, self.matter, self.closed_day, "14:00", mobile="13900000001", reason="not one of"
		)
		# the ordinary day before is regular service
		self.assertEqual(book(self.hall, self.matter, self.day, "14:00").is_off_hours, 0)

	def test_evening_slots_flagged_and_refused_without_service(self):
		frappe.db.set_value("GH Service Hall", self.hall, "extended_closing_time", "19:00:00")
		self.assert_refused(
			self.hall, self.matter, self.day, "18:00", reason="does not offer appointments outside"
		)
		frappe.db.set_value("GH Service Hall", self.hall, "offers_off_hours_service", 1)
		doc = book(self.hall, self.matter, self.day, "18:00")
		self.assertEqual(doc.is_off_hours, 1)
		self.assertEqual(str(doc.slot_end), "18:30:00")
		self.assert_refused(
			self.hall, self.matter, self.day, "19:00", mobile="13900000001", reason="not one of"
		)

	def test_extra_working_day_is_regular_service(self):
		rest = next(
			self.today + datetime.timedelta(days=n)
			for n in range(1, 15)
			if not get_hall_calendar(self.hall).is_working_day(self.today + datetime.timedelta(days=n))
			and self.today + datetime.timedelta(days=n) != self.closed_day
		)
		self.assert_refused(
			self.hall, self.matter, rest, "10:00", reason="does not offer appointments outside"
		)
		calendar_day(rest, "Working Day", self.hall)
		self.assertEqual(book(self.hall, self.matter, rest, "10:00").is_off_hours, 0)


class TestStatus(AppointmentTestCase):
	def test_cancel_sets_status_and_time_once(self):
		doc = book(self.hall, self.matter, self.day)
		doc.cancel_booking()
		doc.reload()
		self.assertEqual(doc.status, "Cancelled")
		self.assertTrue(doc.cancelled_on)
		with self.assertRaises(frappe.ValidationError):
			doc.cancel_booking()

	def test_closed_statuses_do_not_reopen(self):
		doc = book(self.hall, self.matter, self.day)
		doc.cancel_booking()
		doc.reload()
		doc.status = "Booked"
		with self.assertRaises(frappe.ValidationError):
			doc.save()
		self.assertEqual(frappe.db.get_value("GH Appointment", doc.name, "status"), "Cancelled")

	def test_moving_a_booking_rechecks_the_slot(self):
		set_settings(appointment_capacity_per_window=1)
		book(self.hall, self.matter, self.day, "15:00", mobile="13800000001")
		doc = book(self.hall, self.matter, self.day, "15:30", mobile="13800000002")
		doc.slot_start = "15:00:00"
		with self.assertRaises(frappe.ValidationError):
			doc.save()
		doc.reload()
		doc.slot_start = "16:00"
		doc.save()
		self.assertEqual(str(frappe.db.get_value("GH Appointment", doc.name, "slot_end")), "16:30:00")

	def test_no_show_after_the_day(self):
		doc = book(self.hall, self.matter, self.day)
		kept = book(self.hall, self.matter, self.day, mobile="13800000009")
		frappe.db.set_value(
			"GH Appointment", doc.name, "appointment_date", self.today - datetime.timedelta(days=1)
		)
		mark_no_shows()
		self.assertEqual(frappe.db.get_value("GH Appointment", doc.name, "status"), "No Show")
		self.assertEqual(frappe.db.get_value("GH Appointment", kept.name, "status"), "Booked")

	def test_cannot_be_deleted(self):
		doc = book(self.hall, self.matter, self.day)
		with self.assertRaises(frappe.PermissionError):
			doc.delete()
		self.assertTrue(frappe.db.exists("GH Appointment", doc.name))
