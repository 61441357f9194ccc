"""The HTTP test client itself: a real login, a real session, Frappe's own permission answers."""

import frappe
from frappe.tests.utils import FrappeTestCase

from gov_hall.setup.roles import WINDOW_STAFF
from gov_hall.tests.factories import make_case, make_case_setup, make_user
from gov_hall.tests.http import HttpUser, commit_world, set_password


class TestHttpClient(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.s = make_case_setup()
		cls.other = make_case_setup()
		cls.case = make_case(cls.s.hall, cls.s.matter).name
		cls.other_case = make_case(cls.other.hall, cls.other.matter).name
		cls.outsider = make_user([WINDOW_STAFF])
		for user in (cls.s.staff, cls.outsider):
			set_password(user)
		commit_world()

	def test_guest_is_refused_and_staff_see_their_department(self):
		self.assertEqual(HttpUser(None).get_doc("GH Case", self.case).status, 403)
		staff = HttpUser(self.s.staff)
		self.assertEqual(staff.get_doc("GH Case", self.case).status, 200)
		self.assertEqual(staff.get_doc("GH Case", self.other_case).status, 403)
		names = [row["name"] for row in staff.get_list("GH Case", limit_page_length=0).data]
		self.assertIn(self.case, names)
		self.assertNotIn(self.other_case, names)

	def test_a_wrong_password_is_refused(self):
		with self.assertRaises(AssertionError):
			HttpUser(self.s.staff, password="wrong")
		self.assertEqual(frappe.session.user, "Administrator")
