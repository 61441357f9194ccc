# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt
"""Home agencies (派出单位): managers keep them, staff read them, nobody deletes them, and a staff
record names its agency."""

import frappe
from frappe.tests.utils import FrappeTestCase

from gov_hall.setup.roles import HALL_MANAGER
from gov_hall.tests.factories import make_department, make_hall, make_staff, make_user, make_window, unique
from gov_hall.tests.http import HttpUser, commit_world, set_password

AGENCY = "GH Home Agency"
REFUSED = (403, 417)


class TestGHHomeAgency(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		hall = make_hall().name
		department = make_department(hall).name
		cls.manager = make_user([HALL_MANAGER])
		cls.staff_record = make_staff(department, make_window(hall, department).name)
		cls.staff = cls.staff_record.user
		for user in (cls.manager, cls.staff):
			set_password(user)
		commit_world()

	def test_managers_keep_agencies_staff_read_them(self):
		name = unique("县市场监督管理局")
		manager = HttpUser(self.manager)
		answer = manager.insert(AGENCY, {"agency_name": name, "contact_email": "not-an-email"})
		self.assertEqual(answer.status, 417, answer)
		answer = manager.insert(AGENCY, {"agency_name": name, "contact_email": "office@example.com"})
		self.assertEqual(answer.status, 200, answer)
		self.assertEqual(answer.data["status"], "Active")

		staff = HttpUser(self.staff)
		self.assertEqual(staff.get_doc(AGENCY, name).status, 200)
		self.assertIn(staff.update(AGENCY, name, {"notes": "x"}).status, REFUSED)
		self.assertIn(staff.insert(AGENCY, {"agency_name": unique("某局")}).status, REFUSED)
		self.assertIn(manager.delete(AGENCY, name).status, REFUSED)
		frappe.db.rollback()
		self.assertTrue(frappe.db.exists(AGENCY, name))

		record = frappe.get_doc("GH Window Staff", self.staff_record.name)
		record.home_agency = name
		record.save()
		self.assertEqual(frappe.db.get_value("GH Window Staff", record.name, "home_agency"), name)
