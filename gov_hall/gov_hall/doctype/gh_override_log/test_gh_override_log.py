import frappe

from gov_hall.access.overrides import record_overrides
from gov_hall.setup.roles import HALL_MANAGER
from gov_hall.tests.factories import GovHallTestCase, make_case, make_case_setup, make_user


class TestOverrideLog(GovHallTestCase):
	def setUp(self):
		self.s = make_case_setup()
		self.case = make_case(self.s.hall, self.s.matter, window=self.s.window)

	def tearDown(self):
		frappe.set_user("Administrator")
		super().tearDown()

	def test_entries_are_written_by_the_app_and_never_changed_or_deleted(self):
		manager = make_user([HALL_MANAGER])
		frappe.set_user(manager)
		entry = {
			"fieldname": "time_limit_days",
			"field_label": "Time Limit",
			"from_value": "5",
			"to_value": "8",
			"reason": "按法定时限",
		}
		record_overrides(self.case, [entry])
		name = frappe.db.get_value("GH Override Log", {"reference_name": self.case.name}, "name")
		log = frappe.get_doc("GH Override Log", name)
		self.assertEqual(
			(log.manager, log.window, log.department), (manager, self.s.window, self.s.department)
		)
		log.reason = "无"
		with self.assertRaises(frappe.PermissionError):
			log.save(ignore_permissions=True)
		with self.assertRaises(frappe.PermissionError):
			frappe.delete_doc("GH Override Log", name, ignore_permissions=True)
		with self.assertRaises(frappe.PermissionError):
			frappe.get_doc({"doctype": "GH Override Log", **entry, "manager": manager}).insert(
				ignore_permissions=True
			)
		self.assertEqual(frappe.db.get_value("GH Override Log", name, "reason"), "按法定时限")
