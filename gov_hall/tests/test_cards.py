"""Staff and window cards (挂牌上岗, issue 18): badge numbers and card codes are given by the system,
unique, kept by the backfill patch, never written by hand over HTTP, and renewed by hall managers only."""

import re

import frappe
from frappe.tests.utils import FrappeTestCase

from gov_hall.patches.v0_18 import card_codes
from gov_hall.setup.roles import CHIEF_REPRESENTATIVE, HALL_ADMINISTRATOR, HALL_MANAGER
from gov_hall.tests.factories import (
	GovHallTestCase,
	make_case_setup,
	make_staff,
	make_user,
	make_window,
)
from gov_hall.tests.http import HttpUser, commit_world, set_password
from gov_hall.utils import cards

STAFF, WINDOW = "GH Window Staff", "GH Service Window"
CODE = re.compile(r"^[0-9a-z]{10}$")
REFUSED = (403, 417)


def stored(doctype: str, name: str, fields: list[str]) -> dict:
	frappe.db.rollback()  # read what the requests committed, not this connection's snapshot
	return frappe.db.get_value(doctype, name, fields, as_dict=True)


class TestCardsAssigned(GovHallTestCase):
	def setUp(self):
		self.s = make_case_setup()
		self.hall_code = frappe.db.get_value("GH Service Hall", self.s.hall, "hall_code")

	def test_staff_get_badge_number_and_card_code_at_insert(self):
		staff = frappe.get_doc(STAFF, self.s.staff)
		other = frappe.get_doc(STAFF, self.s.other_staff)
		for person in (staff, other):
			self.assertRegex(person.badge_number, rf"^{self.hall_code}-\d{{4}}$")
			self.assertRegex(person.card_code, CODE)
			self.assertEqual(person.public_card, 1)
		self.assertNotEqual(staff.badge_number, other.badge_number)
		self.assertNotEqual(staff.card_code, other.card_code)
		# one series per hall: the second staff member is the next number
		serial = int(staff.badge_number.rsplit("-", 1)[1])
		self.assertEqual(other.badge_number, f"{self.hall_code}-{serial + 1:04d}")

	def test_windows_get_a_card_code(self):
		codes = {
			frappe.db.get_value(WINDOW, name, "card_code") for name in (self.s.window, self.s.other_window)
		}
		self.assertEqual(len(codes), 2)
		for code in codes:
			self.assertRegex(code, CODE)

	def test_a_code_sent_at_insert_is_replaced_and_a_given_badge_number_kept(self):
		staff = make_staff(self.s.department, self.s.window, card_code="aaaaaaaaaa", badge_number="qs-7")
		self.assertNotEqual(staff.card_code, "aaaaaaaaaa")
		self.assertRegex(staff.card_code, CODE)
		self.assertEqual(staff.badge_number, "QS-7")
		window = make_window(self.s.hall, self.s.department, card_code="bbbbbbbbbb")
		self.assertNotEqual(window.card_code, "bbbbbbbbbb")

	def test_duplicate_or_malformed_badge_number_refused_and_nothing_saved(self):
		taken = frappe.db.get_value(STAFF, self.s.staff, "badge_number")
		before = frappe.db.count(STAFF)
		for number in (taken, taken.lower(), "<b>1</b>", "X" * 21):
			with self.assertRaises(frappe.ValidationError, msg=number):
				make_staff(self.s.department, self.s.window, badge_number=number)
		self.assertEqual(frappe.db.count(STAFF), before)

	def test_badge_photo_defaults_to_the_users_picture(self):
		user = make_user(["Window Staff"], user_image="/files/staff-photo.jpg")
		staff = make_staff(self.s.department, self.s.window, user=user)
		self.assertEqual(staff.photo, "/files/staff-photo.jpg")

	def test_staff_without_hall_get_the_default_prefix(self):
		staff = frappe.get_doc(STAFF, self.s.staff)
		staff.hall = staff.window = staff.department = None
		self.assertEqual(cards.badge_prefix(staff), cards.DEFAULT_PREFIX)

	def test_a_record_from_before_the_cards_gets_them_on_its_next_save(self):
		frappe.db.set_value(STAFF, self.s.staff, {"badge_number": None, "card_code": None})
		frappe.db.set_value(WINDOW, self.s.window, "card_code", None)
		admin = make_user([HALL_ADMINISTRATOR])
		frappe.set_user(admin)
		try:
			staff = frappe.get_doc(STAFF, self.s.staff)
			staff.position = "科员"
			staff.save()
			window = frappe.get_doc(WINDOW, self.s.window)
			window.zone = "A区"
			window.save()
		finally:
			frappe.set_user("Administrator")
		self.assertRegex(staff.badge_number, rf"^{self.hall_code}-\d{{4}}$")
		self.assertRegex(staff.card_code, CODE)
		self.assertRegex(window.card_code, CODE)

	def test_backfill_patch_gives_missing_values_and_is_idempotent(self):
		frappe.db.set_value(STAFF, self.s.staff, {"badge_number": None, "card_code": None})
		frappe.db.set_value(WINDOW, self.s.window, "card_code", None)
		kept = frappe.db.get_value(STAFF, self.s.other_staff, ["badge_number", "card_code"], as_dict=True)

		card_codes.execute()
		first = {
			"staff": frappe.db.get_value(STAFF, self.s.staff, ["badge_number", "card_code"], as_dict=True),
			"window": frappe.db.get_value(WINDOW, self.s.window, "card_code"),
		}
		self.assertRegex(first["staff"].badge_number, rf"^{self.hall_code}-\d{{4}}$")
		self.assertNotEqual(first["staff"].badge_number, kept.badge_number)
		self.assertRegex(first["staff"].card_code, CODE)
		self.assertRegex(first["window"], CODE)
		self.assertEqual(
			frappe.db.get_value(STAFF, self.s.other_staff, ["badge_number", "card_code"], as_dict=True), kept
		)
		every = frappe.get_all(STAFF, fields=["badge_number", "card_code"])
		self.assertFalse([row for row in every if not row.badge_number or not row.card_code])
		self.assertEqual(len({row.card_code for row in every}), len(every))
		self.assertEqual(len({row.badge_number for row in every}), len(every))

		snapshot = (
			frappe.get_all(STAFF, fields=["name", "badge_number", "card_code", "modified"], order_by="name"),
			frappe.get_all(WINDOW, fields=["name", "card_code", "modified"], order_by="name"),
		)
		self.assertEqual(cards.backfill(), {"badge_number": 0, "staff_card_code": 0, "window_card_code": 0})
		card_codes.execute()
		self.assertEqual(
			(
				frappe.get_all(
					STAFF, fields=["name", "badge_number", "card_code", "modified"], order_by="name"
				),
				frappe.get_all(WINDOW, fields=["name", "card_code", "modified"], order_by="name"),
			),
			snapshot,
		)


class TestCardsOverHttp(FrappeTestCase):
	"""A committed hall: a staff member, a chief representative, a hall administrator and a manager."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		# on a fresh site Frappe makes the first desk user a System Manager: let it be someone else
		make_user(["System Manager"])
		s = cls.s = make_case_setup()
		cls.manager = make_user([HALL_MANAGER])
		cls.admin = make_user([HALL_ADMINISTRATOR])
		chief = make_staff(s.department, s.other_window)
		cls.chief = chief.user
		frappe.get_doc("User", cls.chief).add_roles(CHIEF_REPRESENTATIVE)
		frappe.db.set_value("GH Stationed Department", s.department, "chief_representative", cls.chief)
		for user in (s.staff, cls.manager, cls.admin, cls.chief):
			set_password(user)
		commit_world()

	def staff_values(self) -> dict:
		return stored(STAFF, self.s.staff, ["badge_number", "card_code"])

	def test_card_code_and_badge_number_cannot_be_written_over_http(self):
		before = self.staff_values()
		for user in (self.s.staff, self.chief, self.admin, self.manager):
			for values in ({"card_code": "cccccccccc"}, {"badge_number": "QS-9999"}):
				answer = HttpUser(user).update(STAFF, self.s.staff, values)
				self.assertIn(answer.status, REFUSED, (user, values, answer))
		answer = HttpUser(self.s.staff).call(
			"frappe.client.set_value", doctype=STAFF, name=self.s.staff, fieldname="card_code", value="c" * 10
		)
		self.assertIn(answer.status, REFUSED, answer)
		answer = HttpUser(self.admin).update(WINDOW, self.s.window, {"card_code": "dddddddddd"})
		self.assertIn(answer.status, REFUSED, answer)
		self.assertEqual(self.staff_values(), before)
		self.assertNotEqual(stored(WINDOW, self.s.window, ["card_code"]).card_code, "dddddddddd")

	def test_an_administrator_still_edits_the_rest_of_the_record(self):
		answer = HttpUser(self.admin).update(STAFF, self.s.staff, {"public_card": 0})
		self.assertEqual(answer.status, 200, answer)
		self.assertEqual(stored(STAFF, self.s.staff, ["public_card"]).public_card, 0)
		HttpUser(self.admin).update(STAFF, self.s.staff, {"public_card": 1})

	def test_only_managers_renew_a_card_code(self):
		method = "gov_hall.api.cards.renew_card_code"
		before = self.staff_values()
		for user in (self.s.staff, self.chief):
			answer = HttpUser(user).call(method, doctype=STAFF, name=self.s.staff)
			self.assertEqual(answer.status, 403, (user, answer))
		self.assertEqual(self.staff_values(), before)

		answer = HttpUser(self.manager).call(method, doctype=STAFF, name=self.s.staff)
		self.assertEqual(answer.status, 200, answer)
		after = self.staff_values()
		self.assertRegex(after.card_code, CODE)
		self.assertNotEqual(after.card_code, before.card_code)
		self.assertEqual(answer.message["card_code"], after.card_code)
		self.assertEqual(after.badge_number, before.badge_number)
		self.assertFalse(frappe.db.exists(STAFF, {"card_code": before.card_code}))

		window_code = stored(WINDOW, self.s.window, ["card_code"]).card_code
		answer = HttpUser(self.admin).call(method, doctype=WINDOW, name=self.s.window)
		self.assertEqual(answer.status, 200, answer)
		self.assertNotEqual(stored(WINDOW, self.s.window, ["card_code"]).card_code, window_code)

		for doctype, name in (("GH Case", "x"), (STAFF, "nobody@example.com"), (STAFF, ["x"])):
			answer = HttpUser(self.manager).call(method, doctype=doctype, name=name)
			self.assertEqual(answer.status, 417, (doctype, name, answer))
