import datetime

import frappe
from frappe.model.workflow import WorkflowTransitionError, apply_workflow
from frappe.utils import getdate, nowdate

from gov_hall.rules.complaints import TRACKING_CODE
from gov_hall.rules.periods import quarter_of
from gov_hall.setup.roles import CHIEF_REPRESENTATIVE, HALL_MANAGER
from gov_hall.tests.factories import (
	GovHallTestCase,
	make_case_setup,
	make_complaint,
	make_staff,
	make_user,
)
from gov_hall.utils.calendar import get_hall_calendar
from gov_hall.voice.complaints import send_reminders


def act(complaint, action: str, **values):
	doc = frappe.get_doc("GH Complaint", complaint.name if hasattr(complaint, "name") else complaint)
	if values:
		doc.update(values)
		doc.save()
	return apply_workflow(doc.as_dict(), action)


class TestComplaint(GovHallTestCase):
	def setUp(self):
		self.s = make_case_setup()
		self.manager = make_user([HALL_MANAGER])
		chief = make_staff(self.s.department, self.s.window)
		self.chief = chief.user
		frappe.get_doc("User", self.chief).add_roles(CHIEF_REPRESENTATIVE)

	def tearDown(self):
		frappe.set_user("Administrator")
		super().tearDown()

	def test_new_complaint_gets_code_deadline_and_subject(self):
		complaint = make_complaint(self.s.hall, window=self.s.window, occurred_on=nowdate())
		self.assertEqual(complaint.status, "Received")
		self.assertRegex(complaint.tracking_code, TRACKING_CODE)
		self.assertEqual(complaint.department, self.s.department)
		expected = get_hall_calendar(self.s.hall).add_working_days(getdate(complaint.received_on), 5)
		self.assertEqual(getdate(complaint.reply_due_date), expected)

	def test_complaint_about_staff_takes_their_window_and_department(self):
		complaint = make_complaint(self.s.hall, subject_type="Staff", staff=self.s.other_staff)
		self.assertEqual((complaint.window, complaint.department), (self.s.other_window, self.s.department))
		self.assertTrue(complaint.staff_name)

	def test_full_lifecycle_records_deduction_for_the_quarter(self):
		frappe.set_user(self.manager)
		occurred = getdate(nowdate()) - datetime.timedelta(days=3)
		complaint = make_complaint(self.s.hall, window=self.s.window, occurred_on=occurred)
		complaint = act(complaint, "Assign", assigned_to=self.chief)
		self.assertEqual(complaint.status, "Assigned")
		frappe.set_user(self.chief)
		complaint = act(complaint, "Start Investigation")
		with self.assertRaises(WorkflowTransitionError):  # no verification result yet
			act(complaint, "Verify")
		complaint = act(
			complaint, "Verify", verification_result="Substantiated", investigation_notes="调看监控属实。"
		)
		self.assertEqual(complaint.status, "Verified")
		self.assertEqual(complaint.deduction_points, 2)
		self.assertEqual(complaint.assessment_quarter, quarter_of(occurred))
		complaint = act(complaint, "Reply", reply="经核实，已对相关人员批评教育，感谢监督。")
		self.assertEqual(complaint.status, "Replied")
		self.assertEqual(complaint.replied_in_time, 1)
		with self.assertRaises(WorkflowTransitionError):  # closing is the managers'
			act(complaint, "Close")
		frappe.set_user(self.manager)
		complaint = act(complaint, "Close")
		self.assertEqual(complaint.status, "Closed")
		self.assertEqual(getdate(complaint.closed_on), getdate(nowdate()))

	def test_partly_and_unsubstantiated_deductions(self):
		partly = self.verified("Partly Substantiated")
		self.assertEqual((partly.deduction_points, bool(partly.assessment_quarter)), (1, True))
		unfounded = self.verified("Unsubstantiated")
		self.assertEqual((unfounded.deduction_points, unfounded.assessment_quarter), (0, None))

	def verified(self, result: str):
		complaint = make_complaint(self.s.hall, window=self.s.window)
		complaint = act(complaint, "Assign", assigned_to=self.chief)
		complaint = act(complaint, "Start Investigation")
		return act(complaint, "Verify", verification_result=result)

	def test_assign_needs_an_assignee_and_reply_needs_text(self):
		complaint = make_complaint(self.s.hall, window=self.s.window)
		with self.assertRaises(WorkflowTransitionError):
			act(complaint, "Assign")
		complaint = self.verified("Substantiated")
		with self.assertRaises(WorkflowTransitionError):
			act(complaint, "Reply")
		self.assertEqual(frappe.db.get_value("GH Complaint", complaint.name, "status"), "Verified")

	def test_integrity_complaints_are_for_managers_only(self):
		integrity = make_complaint(
			self.s.hall, window=self.s.window, category="Integrity", description="收受礼品。"
		)
		attitude = make_complaint(self.s.hall, window=self.s.window)
		hall_wide = make_complaint(
			self.s.hall, subject_type="Hall", category="Facilities", description="空调坏了。"
		)
		frappe.set_user(self.chief)
		visible = frappe.get_list("GH Complaint", pluck="name")
		self.assertIn(attitude.name, visible)
		self.assertNotIn(integrity.name, visible)
		self.assertNotIn(hall_wide.name, visible)
		self.assertFalse(frappe.has_permission("GH Complaint", "read", integrity.name))
		with self.assertRaises(frappe.PermissionError):
			frappe.get_doc("GH Complaint", integrity.name).check_permission("read")
		frappe.set_user(self.manager)
		visible = frappe.get_list("GH Complaint", pluck="name")
		self.assertTrue({integrity.name, attitude.name, hall_wide.name} <= set(visible))

	def test_window_staff_do_not_see_complaints(self):
		make_complaint(self.s.hall, window=self.s.window)
		frappe.set_user(self.s.staff)
		self.assertFalse(frappe.has_permission("GH Complaint", "read"))

	def test_named_complainant_is_masked_and_anonymous_keeps_nothing(self):
		named = make_complaint(
			self.s.hall,
			window=self.s.window,
			is_anonymous=0,
			complainant_name="钱七",
			complainant_mobile="13600002222",
		)
		self.assertEqual(named.complainant_mobile_masked, "136****2222")
		anonymous = make_complaint(
			self.s.hall,
			window=self.s.window,
			is_anonymous=1,
			complainant_name="钱七",
			complainant_mobile="13600002222",
		)
		self.assertIsNone(anonymous.complainant_name)
		self.assertIsNone(anonymous.complainant_mobile)

	def test_hostile_text_and_future_dates_are_refused(self):
		before = frappe.db.count("GH Complaint")
		for values in (
			{"description": "<script>document.cookie</script>"},
			{"description": "x" * 2001},
			{"description": "   "},
			{"category": "Bribery"},
			{"occurred_on": "2999-01-01"},
			{"window": None},
			{"subject_type": "Staff", "window": None},
			{"is_anonymous": 0, "complainant_name": "<b>钱</b>"},
			{"is_anonymous": 0, "complainant_name": "钱七", "complainant_mobile": "12345"},
		):
			with self.subTest(values=values), self.assertRaises(frappe.ValidationError):
				make_complaint(self.s.hall, **{"window": self.s.window, **values})
		self.assertEqual(frappe.db.count("GH Complaint"), before)

	def test_reminders_once_per_level(self):
		complaint = make_complaint(self.s.hall, window=self.s.window)
		complaint = act(complaint, "Assign", assigned_to=self.chief)
		due = getdate(complaint.reply_due_date)
		day_before = due  # within the 1-working-day reminder window
		sent = send_reminders(day_before)
		self.assertGreaterEqual(sent["Due Soon"], 1)
		self.assertEqual(frappe.db.get_value("GH Complaint", complaint.name, "reminder_level"), "Due Soon")
		self.assertTrue(
			frappe.db.exists("Notification Log", {"for_user": self.chief, "document_name": complaint.name})
		)
		self.assertEqual(send_reminders(day_before)["Due Soon"], 0)
		late = due + datetime.timedelta(days=1)
		send_reminders(late)
		self.assertEqual(frappe.db.get_value("GH Complaint", complaint.name, "reminder_level"), "Overdue")
		self.assertTrue(
			frappe.db.exists("Notification Log", {"for_user": self.manager, "document_name": complaint.name})
		)

	def test_complaints_are_never_deleted(self):
		complaint = make_complaint(self.s.hall, window=self.s.window)
		with self.assertRaises(frappe.PermissionError):
			frappe.delete_doc("GH Complaint", complaint.name)
