"""The log of who was shown full personal data (PIPL): written by the look-up itself, over HTTP;
read by managers only; never changed or deleted, not even by them."""

import frappe
from frappe.tests.utils import FrappeTestCase

from gov_hall.setup.roles import HALL_MANAGER
from gov_hall.tests.factories import make_case, make_case_setup, make_user
from gov_hall.tests.http import HttpUser, commit_world, set_password

LOG = "GH Personal Data Access"


class TestPersonalDataAccess(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.s = make_case_setup()
		frappe.set_user(cls.s.staff)
		try:
			cls.case = make_case(cls.s.hall, cls.s.matter, window=cls.s.window, mobile="13812340000").name
		finally:
			frappe.set_user("Administrator")
		cls.manager = make_user([HALL_MANAGER])
		for user in (cls.s.staff, cls.s.other_staff, cls.manager):
			set_password(user)
		commit_world()

	def test_a_look_up_is_logged_with_who_what_and_when(self):
		answer = HttpUser(self.s.staff).call("gov_hall.access.pii.reveal", doctype="GH Case", name=self.case)
		self.assertEqual(answer.status, 200, answer)
		self.assertEqual(answer.message["mobile"], "13812340000")
		frappe.db.rollback()
		log = frappe.get_all(
			LOG,
			filters={"reference_doctype": "GH Case", "reference_name": self.case, "user": self.s.staff},
			fields=["accessed_on", "fields_shown", "user_name"],
		)
		self.assertEqual(len(log), 1)
		self.assertEqual(log[0].fields_shown, "id_number, mobile")
		self.assertTrue(log[0].accessed_on)

	def test_a_refused_look_up_shows_and_logs_nothing(self):
		answer = HttpUser(self.s.other_staff).call(
			"gov_hall.access.pii.reveal", doctype="GH Case", name=self.case
		)
		self.assertEqual(answer.status, 403, answer)
		self.assertNotIn("13812340000", answer.text)
		frappe.db.rollback()
		self.assertFalse(frappe.db.exists(LOG, {"reference_name": self.case, "user": self.s.other_staff}))

	def test_the_log_is_read_by_managers_and_changed_by_nobody(self):
		HttpUser(self.s.staff).call("gov_hall.access.pii.reveal", doctype="GH Case", name=self.case)
		frappe.db.rollback()
		name = frappe.get_all(LOG, filters={"reference_name": self.case}, pluck="name")[0]
		staff = HttpUser(self.s.staff)
		self.assertEqual(staff.get_doc(LOG, name).status, 403)
		manager = HttpUser(self.manager)
		self.assertEqual(manager.get_doc(LOG, name).status, 200)
		for answer in (
			manager.update(LOG, name, {"fields_shown": "nothing"}),
			manager.delete(LOG, name),
			manager.insert(LOG, {"reference_doctype": "GH Case", "reference_name": self.case}),
		):
			self.assertEqual(answer.status, 403, answer)
		frappe.db.rollback()
		self.assertEqual(frappe.db.get_value(LOG, name, "fields_shown"), "id_number, mobile")
