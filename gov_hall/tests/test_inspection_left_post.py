"""An inspection that finds a staff member away from their window (窜岗/离岗, GH Inspection.left_post)
over HTTP as a hall manager: recorded against a named staff member only, and fixed once the
inspection is submitted (it then counts once against that person's duty)."""

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import nowdate

from gov_hall.setup.roles import HALL_MANAGER
from gov_hall.tests.factories import make_case_setup, make_user
from gov_hall.tests.http import HttpUser, commit_world, set_password

INSPECTION = "GH Inspection"
REFUSED = (403, 417)


class TestLeftPost(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.s = make_case_setup()
		cls.manager = make_user([HALL_MANAGER])
		set_password(cls.manager)
		frappe.db.set_value("User", cls.manager, "language", "zh")
		commit_world()

	def inspection(self, **values) -> dict:
		return {
			"inspection_type": "Unannounced Visit",
			"inspection_date": nowdate(),
			"hall": self.s.hall,
			"window": self.s.window,
			**values,
		}

	def test_left_post_needs_the_staff_member_and_is_fixed_by_submission(self):
		manager = HttpUser(self.manager)
		answer = manager.insert(INSPECTION, self.inspection(subject_type="Window", left_post=1))
		self.assertEqual(answer.status, 417, answer)
		self.assertIn("窜岗/离岗须记在具体工作人员名下", answer.server_messages)

		answer = manager.insert(
			INSPECTION,
			self.inspection(subject_type="Staff", staff=self.s.staff, left_post=1, findings="离岗"),
		)
		self.assertEqual(answer.status, 200, answer)
		name = answer.data["name"]
		# before submission the inspector may still correct it
		self.assertEqual(manager.update(INSPECTION, name, {"left_post": 0}).status, 200)
		self.assertEqual(manager.update(INSPECTION, name, {"left_post": 1}).status, 200)
		doc = manager.get_doc(INSPECTION, name).data
		answer = manager.call("frappe.client.submit", doc=doc)
		self.assertEqual(answer.status, 200, answer)
		answer = manager.update(INSPECTION, name, {"left_post": 0})
		self.assertIn(answer.status, REFUSED, answer)
		frappe.db.rollback()
		self.assertEqual(
			frappe.db.get_value(INSPECTION, name, ["left_post", "docstatus", "staff"], as_dict=True),
			{"left_post": 1, "docstatus": 1, "staff": self.s.staff},
		)
		# the staff member inspected reads it but changes nothing
		set_password(self.s.staff)
		commit_world()
		answer = HttpUser(self.s.staff).update(INSPECTION, name, {"left_post": 0})
		self.assertIn(answer.status, REFUSED, answer)
