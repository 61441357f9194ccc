import frappe
from frappe.model.workflow import apply_workflow
from frappe.utils import getdate

from gov_hall.setup.roles import HALL_MANAGER
from gov_hall.tests.factories import GovHallTestCase, make_case, make_case_setup, make_user
from gov_hall.utils.calendar import get_hall_calendar


def act(case, action: str):
	return apply_workflow(frappe.get_doc("GH Case", case.name).as_dict(), action)


class TestExtension(GovHallTestCase):
	def setUp(self):
		self.s = make_case_setup()

	def tearDown(self):
		frappe.set_user("Administrator")
		super().tearDown()

	def request(self, case, days=3, reason="需现场勘验"):
		return frappe.get_doc(
			{"doctype": "GH Case Extension", "case": case, "extension_days": days, "reason": reason}
		).insert()

	def test_manager_approval_extends_the_due_date(self):
		frappe.set_user(self.s.staff)
		case = act(make_case(self.s.hall, self.s.matter, window=self.s.window), "Accept")
		due = getdate(case.due_date)
		extension = self.request(case.name)
		extension.status = "Approved"
		with self.assertRaises(frappe.PermissionError):
			extension.save()
		frappe.set_user("Administrator")
		manager = make_user([HALL_MANAGER])
		frappe.set_user(manager)
		extension = frappe.get_doc("GH Case Extension", extension.name)
		extension.status = "Approved"
		extension.save()
		self.assertEqual(extension.decided_by, manager)
		case.reload()
		self.assertEqual(case.extension_days, 3)
		self.assertEqual(getdate(case.due_date), get_hall_calendar(self.s.hall).add_working_days(due, 3))

	def test_extension_needs_a_reason_and_sane_days(self):
		case = act(make_case(self.s.hall, self.s.matter), "Accept")
		for days, reason in ((0, "原因"), (61, "原因"), (3, "  ")):
			with self.assertRaises(frappe.ValidationError):
				self.request(case.name, days, reason)
		self.assertEqual(frappe.db.count("GH Case Extension", {"case": case.name}), 0)

	def test_rejected_extension_changes_nothing(self):
		case = act(make_case(self.s.hall, self.s.matter), "Accept")
		extension = self.request(case.name)
		extension.status = "Rejected"
		extension.save()
		case.reload()
		self.assertEqual(case.extension_days, 0)
		extension.status = "Approved"
		with self.assertRaises(frappe.ValidationError):
			extension.save()
