import datetime

import frappe
from frappe.utils import add_days, getdate, nowdate

from gov_hall.setup.roles import HALL_MANAGER
from gov_hall.tests.factories import GovHallTestCase, make_case, make_case_setup, make_rating, make_user
from gov_hall.voice.rectification import mark_overdue


class TestRectification(GovHallTestCase):
	def setUp(self):
		self.s = make_case_setup()
		frappe.set_user(self.s.staff)
		self.case = make_case(self.s.hall, self.s.matter, window=self.s.window)
		frappe.set_user("Administrator")

	def tearDown(self):
		frappe.set_user("Administrator")
		super().tearDown()

	def bad_review(self, real_name: bool = True):
		values = {"is_real_name": 1, "rater_name": "赵六", "rater_mobile": "13700001111"} if real_name else {}
		rating = make_rating("Dissatisfied", self.case.name, **values)
		return frappe.get_doc("GH Rectification", rating.rectification)

	def test_handling_then_follow_up_closes_a_real_name_review(self):
		rect = self.bad_review()
		# a colleague of the department handles it: the person reviewed may not (issue 13, conflicts)
		frappe.set_user(self.s.other_staff)
		rect = frappe.get_doc("GH Rectification", rect.name)
		rect.update(
			{"verification": "Confirmed", "handling": "Rectified", "handling_notes": "已对窗口人员批评教育。"}
		)
		rect.save()
		self.assertEqual(rect.status, "Awaiting Follow-up")
		self.assertEqual(rect.handled_by, self.s.other_staff)
		self.assertEqual(rect.handled_in_time, 1)
		rect.update({"follow_up_result": "Satisfied", "follow_up_notes": "群众表示满意。"})
		rect.save()
		self.assertEqual(rect.status, "Closed")
		self.assertEqual(getdate(rect.followed_up_on), getdate(nowdate()))

	def test_anonymous_review_closes_on_handling(self):
		rect = self.bad_review(real_name=False)
		rect.update(
			{"verification": "Not Confirmed", "handling": "Explained", "handling_notes": "经核实系误评。"}
		)
		rect.save()
		self.assertEqual(rect.status, "Closed")

	def test_handling_needs_verification_and_notes(self):
		rect = self.bad_review()
		rect.handling = "Rectified"
		with self.assertRaises(frappe.ValidationError):
			rect.save()
		rect.verification = "Confirmed"
		rect.handling_notes = ""
		with self.assertRaises(frappe.ValidationError):
			rect.save()
		self.assertEqual(frappe.db.get_value("GH Rectification", rect.name, "status"), "Open")

	def test_no_follow_up_before_handling(self):
		rect = self.bad_review()
		rect.follow_up_result = "Satisfied"
		with self.assertRaises(frappe.ValidationError):
			rect.save()

	def test_late_handling_is_recorded(self):
		rect = self.bad_review()
		frappe.db.set_value("GH Rectification", rect.name, "due_date", add_days(nowdate(), -1))
		rect = frappe.get_doc("GH Rectification", rect.name)
		rect.update({"verification": "Confirmed", "handling": "Rectified", "handling_notes": "已整改。"})
		rect.save()
		self.assertEqual(rect.handled_in_time, 0)

	def test_overdue_rectifications_are_flagged_once_and_managers_told(self):
		manager = make_user([HALL_MANAGER])
		rect = self.bad_review()
		handled = self.bad_review_for_other_channel()
		today = getdate(rect.due_date) + datetime.timedelta(days=1)
		self.assertGreaterEqual(mark_overdue(today), 1)
		self.assertEqual(frappe.db.get_value("GH Rectification", rect.name, "is_overdue"), 1)
		self.assertEqual(frappe.db.get_value("GH Rectification", handled, "is_overdue"), 0)
		self.assertTrue(
			frappe.db.exists("Notification Log", {"for_user": manager, "document_name": rect.name})
		)
		self.assertEqual(mark_overdue(today), 0)

	def bad_review_for_other_channel(self) -> str:
		rating = make_rating("Very Dissatisfied", self.case.name, channel="Web")
		rect = frappe.get_doc("GH Rectification", rating.rectification)
		rect.update({"verification": "Confirmed", "handling": "Rectified", "handling_notes": "已整改。"})
		rect.save()
		return rect.name

	def test_other_departments_staff_cannot_see_it(self):
		rect = self.bad_review()
		other = make_case_setup()
		frappe.set_user(other.staff)
		self.assertNotIn(rect.name, frappe.get_list("GH Rectification", pluck="name"))
		self.assertFalse(frappe.has_permission("GH Rectification", "read", rect.name))

	def test_rectifications_are_never_deleted(self):
		rect = self.bad_review()
		with self.assertRaises(frappe.PermissionError):
			frappe.delete_doc("GH Rectification", rect.name)
