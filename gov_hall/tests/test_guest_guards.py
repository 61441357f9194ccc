"""Issue 13, parts 3 and 6, over HTTP as real users and guests (Frappe's own request handling):

* ratings come from citizens: staff cannot create Web or SMS Link ratings by any generic endpoint,
  record phone follow-ups and window-device readings under their own identity, and a window
  without a rating device takes no device ratings;
* guessing the four digits is limited per client address (``X-Forwarded-For``, which Frappe reads
  into ``frappe.local.request_ip``), never by locking the case: the citizen with the right digits or
  a valid SMS link gets through whatever others guessed, and the guesser is held back and told for
  how long;
* booking caps per mobile number and per address;
* the Chief Representative role follows the department's chief and the person's moves;
* a complaint's evidence files stay.
"""

import io
import random

import frappe
from frappe.tests.utils import FrappeTestCase

from gov_hall.api.ratings import RATE_LIMIT, rating_token
from gov_hall.gov_hall.doctype.gh_appointment.gh_appointment import address_booking_key
from gov_hall.gov_hall.doctype.gh_appointment.test_gh_appointment import make_test_hall
from gov_hall.rules import guessing as rules
from gov_hall.setup.roles import CHIEF_REPRESENTATIVE, HALL_ADMINISTRATOR, HALL_MANAGER
from gov_hall.tests.factories import (
	make_case,
	make_case_setup,
	make_department,
	make_matter,
	make_staff,
	make_user,
	make_window,
)
from gov_hall.tests.http import HttpUser, commit_world, set_password
from gov_hall.utils import guessing
from gov_hall.utils.calendar import get_hall_calendar

TRACK = "gov_hall.api.portal.track_case"
RATE = "gov_hall.api.ratings.submit_rating"
COMPLAIN = "gov_hall.api.complaints.submit_complaint"
FOLLOW = "gov_hall.api.complaints.track_complaint"
ACCEPT = "frappe.website.doctype.web_form.web_form.accept"
WEB_FORM = "book-appointment"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
RATING = "GH Service Rating"


def guest(method: str, ip: str, **kwargs):
	"""A guest's POST from ``ip`` (the proxy's X-Forwarded-For, as nginx sets it)."""
	return HttpUser(None).request(
		"POST", f"/api/method/{method}", json=kwargs, headers={"X-Forwarded-For": ip}
	)


def new_mobile() -> str:
	"""A mobile number no earlier run has booked with (the tier-2 site keeps what requests commit)."""
	return "13" + str(random.randint(100_000_000, 999_999_999))


def clear_throttle(method: str, ip: str, key: str = "") -> None:
	"""Reset Frappe's per-minute rate limit of ``method`` for ``ip`` (the tests make many calls)."""
	suffix = f":{key}" if key else ""
	frappe.cache.delete(frappe.cache.make_key(f"rl:{method}:{ip}{suffix}"))


def clear_addresses() -> None:
	guessing.clear(["192.0.2.*"])
	keys = []
	for n in range(256):
		ip = f"192.0.2.{n}"
		keys += [frappe.cache.make_key(f"rl:{method}:{ip}") for method in (TRACK, RATE, FOLLOW, COMPLAIN)]
		keys.append(frappe.cache.make_key(f"rl:{ACCEPT}:{ip}:{WEB_FORM}"))
		keys.append(address_booking_key(ip))
	frappe.cache.delete(*keys)


def roles_of(user: str) -> set[str]:
	frappe.db.rollback()  # see what the requests committed
	return set(frappe.get_all("Has Role", filters={"parent": user, "parenttype": "User"}, pluck="role"))


class GuardTestCase(FrappeTestCase):
	"""Every address here is from TEST-NET-1 (192.0.2.0/24), used by no other test module."""

	def setUp(self):
		clear_addresses()

	def tearDown(self):
		clear_addresses()
		frappe.set_user("Administrator")


# ---------------------------------------------------------------------------------------------
# Ratings come from citizens


class TestRatingsComeFromCitizens(GuardTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.s = make_case_setup()
		cls.manager = make_user([HALL_MANAGER])
		cls.cases = [
			make_case(cls.s.hall, cls.s.matter, window=cls.s.window, mobile="13912345678").name
			for _ in range(4)
		]
		cls.deviceless_case = make_case(
			cls.s.hall, cls.s.matter, window=cls.s.other_window, mobile="13912345678"
		).name
		frappe.db.set_value("GH Service Window", cls.s.other_window, "has_evaluator", 0)
		for user in (cls.s.staff, cls.s.other_staff, cls.manager):
			set_password(user)
		commit_world()

	def ratings(self, case: str) -> list[dict]:
		frappe.db.rollback()
		return frappe.get_all(
			RATING, filters={"case": case}, fields=["name", "channel", "owner", "recorded_by", "level"]
		)

	def test_staff_cannot_create_web_or_sms_ratings_by_any_generic_endpoint(self):
		case = self.cases[0]
		for user in (self.s.other_staff, self.manager):
			session = HttpUser(user)
			for channel in ("Web", "SMS Link"):
				values = {
					"doctype": RATING,
					"rating_for": "Case",
					"case": case,
					"level": "Very Satisfied",
					"channel": channel,
				}
				with self.subTest(user=user, channel=channel):
					rest = session.insert(RATING, values)
					self.assertEqual(rest.status, 403, rest)
					client = session.call("frappe.client.insert", doc=values)
					self.assertEqual(client.status, 403, client)
					saved = session.call("frappe.client.save", doc=values)
					self.assertEqual(saved.status, 403, saved)
		self.assertEqual(self.ratings(case), [])
		# so the citizen's own web rating still goes through
		answer = guest(RATE, "192.0.2.170", case_number=case, phone_last4="5678", level="Dissatisfied")
		self.assertEqual(answer.status, 200, answer)
		self.assertTrue(answer.message["ok"], answer)
		[rating] = self.ratings(case)
		self.assertEqual((rating.channel, rating.owner, rating.recorded_by), ("Web", "Guest", None))

	def test_logged_in_staff_cannot_pose_as_the_citizen_on_the_rating_endpoint(self):
		case = self.cases[1]
		session = HttpUser(self.s.other_staff)
		link = session.call("gov_hall.api.ratings.rating_link", case=case)
		self.assertEqual(link.status, 200, link)
		token = link.message.split("token=")[1]
		for args in ({"token": token}, {"phone_last4": "5678"}):
			answer = session.call(RATE, case_number=case, level="Very Satisfied", **args)
			self.assertEqual(answer.status, 403, answer)
		self.assertEqual(self.ratings(case), [])

	def test_staff_record_a_phone_follow_up_under_their_own_identity(self):
		case = self.cases[2]
		session = HttpUser(self.s.other_staff)
		values = {"rating_for": "Case", "case": case, "level": "Satisfied", "channel": "Phone Follow-up"}
		# a forged recorder is refused, or replaced by the session's user: never stored
		forged = session.insert(RATING, {**values, "recorded_by": self.manager})
		self.assertIn(forged.status, (200, 417), forged)
		self.assertNotIn(self.manager, [row.recorded_by for row in self.ratings(case)])
		if forged.status == 417:
			answer = session.insert(RATING, values)
			self.assertEqual(answer.status, 200, answer)
		[rating] = self.ratings(case)
		self.assertEqual(rating.recorded_by, self.s.other_staff)
		# and it cannot be rewritten afterwards, by them or by a manager
		for user in (self.s.other_staff, self.manager):
			changed = HttpUser(user).update(RATING, rating.name, {"recorded_by": self.manager})
			self.assertNotEqual(changed.status, 200, changed)
		self.assertEqual(self.ratings(case)[0].recorded_by, self.s.other_staff)

	def test_window_device_ratings_only_where_the_window_has_a_device(self):
		session = HttpUser(self.s.staff)
		values = {"rating_for": "Case", "level": "Very Satisfied", "channel": "Window Evaluator"}
		refused = session.insert(RATING, {**values, "case": self.deviceless_case})
		self.assertEqual(refused.status, 417, refused)
		self.assertIn(self.s.other_window, refused.server_messages)
		self.assertEqual(self.ratings(self.deviceless_case), [])
		accepted = session.insert(RATING, {**values, "case": self.cases[3]})
		self.assertEqual(accepted.status, 200, accepted)
		self.assertEqual(self.ratings(self.cases[3])[0].recorded_by, self.s.staff)


# ---------------------------------------------------------------------------------------------
# Guessing the digits: the guesser is held back, never the citizen


class TestGuessingNeverLocksTheCitizenOut(GuardTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.s = make_case_setup()
		commit_world()

	def setUp(self):
		super().setUp()
		# each test its own cases: one test's guessing must not make another's case "widely guessed"
		self.case = make_case(self.s.hall, self.s.matter, window=self.s.window, mobile="13912345678").name
		self.other_case = make_case(
			self.s.hall, self.s.matter, window=self.s.window, mobile="13900001111"
		).name
		commit_world()

	def many_addresses_guess(self, method: str, case: str, addresses: int = 15, each: int = 2, **args):
		for n in range(addresses):
			ip = f"192.0.2.{n + 1}"
			for attempt in range(each):
				answer = guest(method, ip, case_number=case, phone_last4=f"{n * each + attempt:04d}", **args)
				self.assertEqual(answer.status, 200, answer)

	def test_the_citizens_right_digits_open_the_case_whatever_others_guessed(self):
		# 30 wrong answers from 15 addresses: the old design locked the case for everyone after 20
		self.many_addresses_guess(TRACK, self.case)
		answer = guest(TRACK, "192.0.2.150", case_number=self.case, phone_last4="5678")
		self.assertTrue(answer.message["found"], answer)
		self.assertEqual(answer.message["case"]["case_number"], self.case)
		# and the citizen can still rate it on the web
		self.many_addresses_guess(RATE, self.case, level="Satisfied")
		rated = guest(RATE, "192.0.2.150", case_number=self.case, phone_last4="5678", level="Satisfied")
		self.assertTrue(rated.message["ok"], rated)

	def test_the_guesser_is_held_back_for_that_number_and_told_how_long(self):
		ip = "192.0.2.160"
		not_found = None
		for attempt in range(rules.LIMITS.pair_per_day):
			answer = guest(TRACK, ip, case_number=self.case, phone_last4=f"{attempt:04d}")
			self.assertFalse(answer.message["found"])
			not_found = answer.message["message"]
		held = guest(TRACK, ip, case_number=self.case, phone_last4="5678")  # even the right digits
		self.assertEqual(held.status, 200, held)
		self.assertEqual(set(held.message), {"found", "message"})
		self.assertFalse(held.message["found"])
		self.assertNotEqual(held.message["message"], not_found)
		self.assertIn("24", held.message["message"])  # the hold lasts the day: 24 hours, not "a minute"
		# held for that number only: the same address still opens another case
		other = guest(TRACK, ip, case_number=self.other_case, phone_last4="1111")
		self.assertTrue(other.message["found"], other)

	def test_the_address_budget_holds_a_guesser_spreading_over_many_numbers(self):
		ip = "192.0.2.161"
		hall_code = self.case.split("-")[0]
		for n in range(rules.LIMITS.address_per_hour):
			if n % 9 == 0:
				clear_throttle(TRACK, ip)
			answer = guest(TRACK, ip, case_number=f"{hall_code}-2026-9{n:04d}", phone_last4="0000")
			self.assertFalse(answer.message["found"], answer)
		clear_throttle(TRACK, ip)
		held = guest(TRACK, ip, case_number=self.case, phone_last4="5678")
		self.assertFalse(held.message["found"], held)
		self.assertIn("60", held.message["message"])  # the hourly budget: 60 minutes
		# the same budget holds the address on the other public lookups
		clear_throttle(FOLLOW, ip)
		followed = guest(FOLLOW, ip, tracking_code="AAAA-BBBB-CCCC")
		self.assertIn("60", followed.message["message"], followed)
		# another address is not affected
		self.assertTrue(
			guest(TRACK, "192.0.2.162", case_number=self.case, phone_last4="5678").message["found"]
		)

	def test_a_valid_sms_link_works_from_a_held_and_throttled_address(self):
		ip = "192.0.2.163"
		self.many_addresses_guess(RATE, self.case, level="Very Satisfied")
		for attempt in range(rules.LIMITS.pair_per_day):
			guest(RATE, ip, case_number=self.case, phone_last4=f"{attempt:04d}", level="Satisfied")
		clear_throttle(RATE, ip)
		held = guest(RATE, ip, case_number=self.case, phone_last4="5678", level="Satisfied")
		self.assertFalse(held.message["ok"], held)
		# spend the per-minute throttle too; the signature is checked before either
		for _attempt in range(RATE_LIMIT):
			throttled = guest(RATE, ip, case_number=self.case, phone_last4="5678", level="Satisfied")
		self.assertEqual(throttled.status, 429, throttled)
		linked = guest(RATE, ip, case_number=self.case, token=rating_token(self.case), level="Satisfied")
		self.assertEqual(linked.status, 200, linked)
		self.assertTrue(linked.message["ok"], linked)
		frappe.db.rollback()
		self.assertEqual(frappe.get_all(RATING, filters={"case": self.case}, pluck="channel"), ["SMS Link"])

	def test_wrong_tracking_codes_hold_the_address_not_the_complaint(self):
		ip = "192.0.2.164"
		for n in range(rules.LIMITS.address_per_hour):
			if n % 9 == 0:
				clear_throttle(FOLLOW, ip)
			answer = guest(FOLLOW, ip, tracking_code="AAAA-BBBB-CCCC")
			self.assertFalse(answer.message["found"], answer)
		clear_throttle(FOLLOW, ip)
		held = guest(FOLLOW, ip, tracking_code="AAAA-BBBB-CCCC")
		self.assertEqual(set(held.message), {"found", "message"})
		self.assertIn("60", held.message["message"])
		fresh = guest(FOLLOW, "192.0.2.165", tracking_code="AAAA-BBBB-CCCC")
		self.assertNotIn("60", fresh.message["message"])


# ---------------------------------------------------------------------------------------------
# Booking caps


class TestBookingCaps(GuardTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.hall = make_test_hall()
		department = make_department(cls.hall).name
		for _ in range(3):
			make_window(cls.hall, department)
		cls.matter = make_matter(department, matter_name="社会保障卡补办").name
		calendar = get_hall_calendar(cls.hall)
		day = frappe.utils.getdate()
		cls.days = []
		for _ in range(4):
			day = calendar.next_working_day(day)
			cls.days.append(day)
		for field, value in (
			("appointment_slot_minutes", 30),
			("appointment_capacity_per_window", 2),
			("appointment_days_ahead", 14),
			("bookings_per_mobile_per_day", 3),
			("bookings_per_address_per_day", 10),
		):
			frappe.db.set_single_value("GH Hall Settings", field, value)
		commit_world()

	def book(self, ip: str, mobile: str, day, slot: str = "09:00:00"):
		clear_throttle(ACCEPT, ip, WEB_FORM)
		values = {
			"doctype": "GH Appointment",
			"web_form_name": WEB_FORM,
			"hall": self.hall,
			"matter": self.matter,
			"appointment_date": str(day),
			"slot_start": slot,
			"applicant_name": "赵六",
			"mobile": mobile,
		}
		return guest(ACCEPT, ip, web_form=WEB_FORM, data=frappe.as_json(values))

	def booked(self, **filters) -> int:
		frappe.db.rollback()
		return frappe.db.count("GH Appointment", {"hall": self.hall, **filters})

	def test_one_mobile_books_at_most_three_a_day(self):
		mobile = new_mobile()
		for index in range(3):
			answer = self.book("192.0.2.101", mobile, self.days[index])
			self.assertEqual(answer.status, 200, answer)
		refused = self.book("192.0.2.102", mobile, self.days[3])  # another address: the mobile counts
		self.assertEqual(refused.status, 417, refused)
		self.assertIn("3", refused.server_messages)
		self.assertEqual(self.booked(mobile=mobile), 3)
		# another mobile is not affected
		self.assertEqual(self.book("192.0.2.102", new_mobile(), self.days[3]).status, 200)

	def test_one_address_books_at_most_ten_a_day(self):
		ip = "192.0.2.103"
		# a booking that fails does not use up the address's day
		failed = self.book(ip, new_mobile(), self.days[0], slot="09:10:00")
		self.assertEqual(failed.status, 417, failed)
		for n in range(10):
			answer = self.book(ip, new_mobile(), self.days[0], slot=f"{9 + n // 2:02d}:{30 * (n % 2):02d}:00")
			self.assertEqual(answer.status, 200, (n, answer))
		last = new_mobile()
		refused = self.book(ip, last, self.days[1])
		self.assertEqual(refused.status, 417, refused)
		self.assertIn("10", refused.server_messages)
		self.assertEqual(self.booked(mobile=last), 0)
		# another address is not affected
		self.assertEqual(self.book("192.0.2.104", last, self.days[1]).status, 200)


# ---------------------------------------------------------------------------------------------
# The Chief Representative role follows the facts


class TestChiefRoleFollowsFacts(GuardTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.s = make_case_setup()
		cls.admin = make_user([HALL_ADMINISTRATOR])
		cls.other_department = make_department(
			frappe.db.get_value("GH Stationed Department", cls.s.department, "hall")
		).name
		set_password(cls.admin)
		commit_world()

	def department(self) -> dict:
		frappe.db.rollback()
		return frappe.db.get_value(
			"GH Stationed Department", self.s.department, ["chief_representative"], as_dict=True
		)

	def name_chief(self, user: str | None):
		answer = HttpUser(self.admin).update(
			"GH Stationed Department", self.s.department, {"chief_representative": user}
		)
		self.assertEqual(answer.status, 200, answer)

	def new_staff(self) -> str:
		staff = make_staff(self.s.department, self.s.window).name
		commit_world()
		return staff

	def test_naming_a_new_chief_moves_the_role(self):
		first, second = self.new_staff(), self.new_staff()
		self.name_chief(first)
		self.assertIn(CHIEF_REPRESENTATIVE, roles_of(first))
		self.name_chief(second)
		self.assertNotIn(CHIEF_REPRESENTATIVE, roles_of(first))
		self.assertIn(CHIEF_REPRESENTATIVE, roles_of(second))
		self.name_chief(None)
		self.assertNotIn(CHIEF_REPRESENTATIVE, roles_of(second))

	def test_a_chief_who_moves_to_another_department_loses_the_role(self):
		chief = self.new_staff()
		self.name_chief(chief)
		moved = HttpUser(self.admin).update(
			"GH Window Staff", chief, {"department": self.other_department, "window": None}
		)
		self.assertEqual(moved.status, 200, moved)
		self.assertNotIn(CHIEF_REPRESENTATIVE, roles_of(chief))
		self.assertIsNone(self.department().chief_representative)

	def test_a_chief_who_leaves_loses_the_role(self):
		chief = self.new_staff()
		self.name_chief(chief)
		left = HttpUser(self.admin).update("GH Window Staff", chief, {"status": "Left"})
		self.assertEqual(left.status, 200, left)
		self.assertNotIn(CHIEF_REPRESENTATIVE, roles_of(chief))
		self.assertIsNone(self.department().chief_representative)


# ---------------------------------------------------------------------------------------------
# A complaint's evidence stays


class TestEvidenceStays(GuardTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.s = make_case_setup()
		cls.manager = make_user([HALL_MANAGER])
		cls.chief = make_staff(cls.s.department, cls.s.window).name
		department = frappe.get_doc("GH Stationed Department", cls.s.department)
		department.chief_representative = cls.chief
		department.save()
		for user in (cls.chief, cls.manager):
			set_password(user)
		commit_world()

	def complain(self) -> tuple[str, dict]:
		answer = HttpUser(None).request(
			"POST",
			f"/api/method/{COMPLAIN}",
			data={
				"hall": self.s.hall,
				"category": "Service Attitude",
				"subject_type": "Window",
				"window": self.s.window,
				"description": "工作人员态度生硬。",
				"is_anonymous": "1",
				"evidence": (
					io.BytesIO(PNG + frappe.generate_hash().encode()),
					"photo.png",
				),  # its own bytes on disk,
			},
			headers={"X-Forwarded-For": "192.0.2.190"},
		)
		self.assertEqual(answer.status, 200, answer)
		complaint = answer.message["name"]
		frappe.db.rollback()
		evidence = frappe.get_all(
			"File",
			filters={"attached_to_doctype": "GH Complaint", "attached_to_name": complaint},
			fields=["name", "file_url", "is_private", "attached_to_name", "file_name", "content_hash"],
		)
		self.assertEqual(len(evidence), 1)
		return complaint, evidence[0]

	def assert_unchanged(self, file: dict) -> None:
		frappe.db.rollback()
		now = frappe.db.get_value(
			"File",
			file.name,
			["name", "file_url", "is_private", "attached_to_name", "file_name", "content_hash"],
			as_dict=True,
		)
		self.assertEqual(now, file)
		self.assertTrue(frappe.get_doc("File", file.name).exists_on_disk())

	def test_the_chief_can_handle_the_complaint_but_not_touch_its_evidence(self):
		complaint, file = self.complain()
		chief = HttpUser(self.chief)
		self.assertEqual(chief.get_doc("GH Complaint", complaint).status, 200)  # theirs to handle
		attempts = {
			"remove_attach": lambda: chief.call(
				"frappe.desk.form.utils.remove_attach", fid=file.name, dt="GH Complaint", dn=complaint
			),
			"DELETE": lambda: chief.delete("File", file.name),
			"frappe.client.delete": lambda: chief.call(
				"frappe.client.delete", doctype="File", name=file.name
			),
			"re-attach": lambda: chief.update("File", file.name, {"attached_to_name": "GH-CMP-NOWHERE"}),
			"replace": lambda: chief.update("File", file.name, {"file_url": "/files/other.png"}),
			"publish": lambda: chief.update("File", file.name, {"is_private": 0}),
			"rename": lambda: chief.call(
				"frappe.client.set_value",
				doctype="File",
				name=file.name,
				fieldname="file_name",
				value="x.png",
			),
		}
		for label, attempt in attempts.items():
			with self.subTest(label):
				answer = attempt()
				self.assertIn(answer.status, (403, 417), (label, answer))
				self.assert_unchanged(file)

	def test_the_chief_cannot_plant_a_file_as_evidence(self):
		complaint, file = self.complain()
		chief = HttpUser(self.chief)
		answer = chief.insert(
			"File",
			{
				"file_name": "planted.txt",
				"content": "planted",
				"attached_to_doctype": "GH Complaint",
				"attached_to_name": complaint,
				"attached_to_field": "evidence",
			},
		)
		self.assertIn(answer.status, (403, 417), answer)
		frappe.db.rollback()
		self.assertEqual(
			frappe.db.count("File", {"attached_to_doctype": "GH Complaint", "attached_to_name": complaint}), 1
		)

	def test_a_manager_can(self):
		complaint, file = self.complain()
		answer = HttpUser(self.manager).update("File", file.name, {"file_name": "evidence-1.png"})
		self.assertEqual(answer.status, 200, answer)

	def test_server_code_running_for_a_non_manager_cannot_change_it_either(self):
		# paths that skip permission checks (ignore_permissions) still meet the File doc event
		complaint, file = self.complain()
		frappe.set_user(self.chief)
		doc = frappe.get_doc("File", file.name)
		doc.is_private = 0
		with self.assertRaises(frappe.PermissionError):
			doc.save(ignore_permissions=True)
		frappe.db.rollback()
		frappe.set_user("Administrator")
		self.assert_unchanged(file)
