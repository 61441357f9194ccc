import datetime

import frappe
from frappe.model.workflow import WorkflowPermissionError, apply_workflow
from frappe.utils import getdate, nowdate

from gov_hall.rules.workdays import WorkCalendar
from gov_hall.setup.roles import HALL_MANAGER
from gov_hall.tests.factories import (
	VALID_USCC,
	GovHallTestCase,
	make_case,
	make_case_setup,
	make_hall,
	make_user,
)
from gov_hall.utils.calendar import get_hall_calendar


def act(case, action: str, **values):
	"""Take a workflow action as the current user, as the desk's Actions menu does."""
	doc = frappe.get_doc("GH Case", case.name if hasattr(case, "name") else case)
	doc.update(values)
	if values:
		doc.save()
	return apply_workflow(doc.as_dict(), action)


def issue_notice(case_name: str, materials: list[str]):
	return frappe.get_doc(
		{
			"doctype": "GH Supplement Notice",
			"case": case_name,
			"items": [{"material_name": m, "problem": "Missing"} for m in materials],
		}
	).insert()


class TestCaseRecord(GovHallTestCase):
	def setUp(self):
		self.s = make_case_setup()

	def test_number_is_per_hall_and_year(self):
		code = frappe.db.get_value("GH Service Hall", self.s.hall, "hall_code")
		first = make_case(self.s.hall, self.s.matter)
		second = make_case(self.s.hall, self.s.matter)
		year = getdate(nowdate()).year
		self.assertTrue(first.name.startswith(f"{code}-{year}-"))
		self.assertEqual(int(second.name.rsplit("-", 1)[1]), int(first.name.rsplit("-", 1)[1]) + 1)
		other = make_hall()
		self.assertTrue(make_case(other.name, self.s.matter).name.endswith("-00001"))

	def test_bad_identifiers_are_refused_and_nothing_saved(self):
		before = frappe.db.count("GH Case")
		for values in (
			{"id_number": "110105194912310021"},  # wrong check digit
			{"applicant_type": "Company", "id_number": "91350100M000100Y44"},
			{"mobile": "1381234567"},
			{"applicant_name": "<script>alert(1)</script>"},
		):
			with self.assertRaises(frappe.ValidationError):
				make_case(self.s.hall, self.s.matter, **values)
		self.assertEqual(frappe.db.count("GH Case"), before)

	def test_company_applicant_with_credit_code(self):
		case = make_case(self.s.hall, self.s.matter, applicant_type="Company", id_number=VALID_USCC)
		self.assertEqual(case.id_number, VALID_USCC)
		self.assertNotIn("M000100", case.id_number_masked)
		self.assertEqual(case.mobile_last4, "5678")
		self.assertEqual(case.mobile_masked, "138****5678")

	def test_time_limit_is_frozen_from_the_matter(self):
		case = make_case(self.s.hall, self.s.matter)
		frappe.db.set_value("GH Service Matter", self.s.matter, "promised_time_limit", 30)
		case.reload()
		case.save()
		self.assertEqual(case.time_limit_days, 5)

	def test_cases_are_never_deleted(self):
		case = make_case(self.s.hall, self.s.matter)
		with self.assertRaises(frappe.PermissionError):
			frappe.delete_doc("GH Case", case.name)
		self.assertTrue(frappe.db.exists("GH Case", case.name))


class TestCaseWorkflow(GovHallTestCase):
	def setUp(self):
		self.s = make_case_setup()

	def tearDown(self):
		frappe.set_user("Administrator")
		super().tearDown()

	def test_staff_take_a_case_from_receipt_to_completion(self):
		frappe.set_user(self.s.staff)
		case = make_case(self.s.hall, self.s.matter, window=self.s.window)
		self.assertEqual(case.status, "Received")
		self.assertEqual(case.first_responder, self.s.staff)
		self.assertIsNone(case.due_date)
		case = act(case, "Accept")
		self.assertEqual(case.status, "Accepted")
		self.assertTrue(case.accepted_on)
		calendar = get_hall_calendar(self.s.hall)
		self.assertEqual(getdate(case.due_date), calendar.add_working_days(getdate(case.accepted_on), 5))
		case = act(case, "Start Processing")
		case = act(case, "Complete")
		self.assertEqual(case.status, "Completed")
		self.assertTrue(case.completed_on)
		self.assertEqual(case.completed_on_time, 1)

	def test_rejection_needs_a_reason(self):
		frappe.set_user(self.s.staff)
		case = make_case(self.s.hall, self.s.matter)
		with self.assertRaises(frappe.ValidationError):
			act(case, "Reject")
		self.assertEqual(frappe.db.get_value("GH Case", case.name, "status"), "Received")
		case = act(case, "Reject", rejection_reason="不属于本部门受理范围")
		self.assertEqual(case.status, "Rejected")

	def test_withdrawal_needs_a_reason(self):
		frappe.set_user(self.s.staff)
		case = make_case(self.s.hall, self.s.matter)
		with self.assertRaises(frappe.ValidationError):
			act(case, "Withdraw")
		self.assertEqual(act(case, "Withdraw", close_reason="申请人撤回").status, "Withdrawn")

	def test_only_managers_cancel_a_case(self):
		frappe.set_user(self.s.staff)
		case = make_case(self.s.hall, self.s.matter)
		case.close_reason = "录入错误"
		case.save()
		with self.assertRaises(frappe.ValidationError):
			apply_workflow(case.as_dict(), "Cancel Case")
		frappe.set_user("Administrator")
		manager = make_user([HALL_MANAGER])
		frappe.set_user(manager)
		self.assertEqual(apply_workflow(case.as_dict(), "Cancel Case").status, "Cancelled")

	def test_status_cannot_jump_past_the_workflow(self):
		frappe.set_user(self.s.staff)
		case = make_case(self.s.hall, self.s.matter)
		case.status = "Completed"
		with self.assertRaises(WorkflowPermissionError):
			case.save()

	def test_new_case_must_start_received(self):
		with self.assertRaises(frappe.ValidationError):
			make_case(self.s.hall, self.s.matter, status="Completed")

	def test_closed_case_stays_closed(self):
		case = make_case(self.s.hall, self.s.matter)
		case = act(case, "Accept")
		case = act(case, "Complete")
		case.reload()
		case.status = "In Process"
		with self.assertRaises(frappe.ValidationError):
			case.save()


class TestFirstResponder(GovHallTestCase):
	def setUp(self):
		self.s = make_case_setup()

	def tearDown(self):
		frappe.set_user("Administrator")
		super().tearDown()

	def test_first_responder_never_changes(self):
		frappe.set_user(self.s.staff)
		case = make_case(self.s.hall, self.s.matter, window=self.s.window)
		frappe.set_user("Administrator")
		case.reload()
		case.first_responder = self.s.other_staff
		with self.assertRaises(frappe.ValidationError):
			case.save()
		self.assertEqual(frappe.db.get_value("GH Case", case.name, "first_responder"), self.s.staff)

	def test_referral_is_logged_and_first_responder_keeps_the_case(self):
		from gov_hall.api.cases import refer_case

		frappe.set_user(self.s.staff)
		case = make_case(self.s.hall, self.s.matter, window=self.s.window)
		result = refer_case(case.name, self.s.other_window, note="转综合窗口", to_handler=self.s.other_staff)
		self.assertEqual(result["referrals"], 1)
		case.reload()
		row = case.referrals[0]
		self.assertEqual(
			(row.referred_by, row.from_window, row.to_window),
			(self.s.staff, self.s.window, self.s.other_window),
		)
		self.assertTrue(row.referred_on)
		self.assertEqual(case.first_responder, self.s.staff)
		self.assertEqual(case.handler, self.s.other_staff)
		# a first responder without department access still reads it, through a share
		frappe.set_user("Administrator")
		elsewhere = make_case_setup().department
		frappe.db.set_value("User Permission", {"user": self.s.staff}, "for_value", elsewhere)
		frappe.clear_cache(user=self.s.staff)
		frappe.set_user(self.s.staff)
		self.assertTrue(frappe.has_permission("GH Case", "read", case.name))
		self.assertIn(case.name, frappe.get_list("GH Case", pluck="name"))
		# until the case ends
		frappe.set_user(self.s.other_staff)
		act(case, "Accept")
		act(case, "Complete")
		frappe.set_user(self.s.staff)
		self.assertFalse(frappe.has_permission("GH Case", "read", case.name))
		self.assertNotIn(case.name, frappe.get_list("GH Case", pluck="name"))

	def test_cannot_refer_to_a_window_of_another_hall(self):
		from gov_hall.api.cases import refer_case

		case = make_case(self.s.hall, self.s.matter, window=self.s.window)
		other = make_case_setup()
		with self.assertRaises(frappe.ValidationError):
			refer_case(case.name, other.window)
		self.assertEqual(len(frappe.get_doc("GH Case", case.name).referrals), 0)

	def test_other_department_staff_cannot_read_the_case(self):
		case = make_case(self.s.hall, self.s.matter, window=self.s.window)
		other = make_case_setup()
		frappe.set_user(other.staff)
		self.assertFalse(frappe.has_permission("GH Case", "read", case.name))
		self.assertNotIn(case.name, frappe.get_list("GH Case", pluck="name"))


class TestSupplementAndDeadline(GovHallTestCase):
	def setUp(self):
		self.s = make_case_setup()

	def tearDown(self):
		frappe.set_user("Administrator")
		super().tearDown()

	def test_notice_pauses_the_clock_until_the_applicant_returns(self):
		frappe.set_user(self.s.staff)
		case = act(make_case(self.s.hall, self.s.matter, window=self.s.window), "Accept")
		due_before = getdate(case.due_date)
		notice = issue_notice(case.name, ["申请书", "营业执照副本"])
		case.reload()
		self.assertEqual(case.status, "Supplement Required")
		self.assertEqual(case.is_paused, 1)
		self.assertEqual(case.resume_status, "Accepted")
		self.assertEqual(notice.is_first_notice, 1)
		self.assertEqual([i.from_matter for i in notice.items], [1, 0])
		self.assertEqual(getdate(case.first_notice_on), getdate(nowdate()))
		case = act(case, "Applicant Returned")
		self.assertEqual(case.status, "Accepted")
		self.assertEqual(case.is_paused, 0)
		self.assertEqual(frappe.db.get_value("GH Supplement Notice", notice.name, "status"), "Returned")
		self.assertTrue(case.pauses[0].resumed_on)
		# paused and resumed the same day: no working day lost, the due date is unchanged
		self.assertEqual(getdate(case.due_date), due_before)

	def test_paused_working_days_move_the_due_date(self):
		from gov_hall.cases.deadline import refresh_deadline

		case = act(make_case(self.s.hall, self.s.matter), "Accept")
		accepted = getdate(case.accepted_on)
		case.append("pauses", {"paused_on": accepted, "resumed_on": accepted + datetime.timedelta(days=14)})
		refresh_deadline(case, today=accepted + datetime.timedelta(days=20))
		calendar = get_hall_calendar(self.s.hall)
		lost = calendar.working_days_between(accepted, accepted + datetime.timedelta(days=14))
		self.assertGreaterEqual(lost, 9)
		self.assertEqual(case.paused_working_days, lost)
		self.assertEqual(getdate(case.due_date), calendar.add_working_days(accepted, 5 + lost))

	def test_no_notice_without_materials_or_on_a_paused_case(self):
		case = make_case(self.s.hall, self.s.matter)
		with self.assertRaises(frappe.ValidationError):
			issue_notice(case.name, [])
		issue_notice(case.name, ["申请书"])
		with self.assertRaises(frappe.ValidationError):
			issue_notice(case.name, ["身份证"])
		self.assertEqual(frappe.db.count("GH Supplement Notice", {"case": case.name}), 1)

	def test_request_supplement_without_a_notice_is_refused(self):
		case = make_case(self.s.hall, self.s.matter)
		with self.assertRaises(frappe.ValidationError):
			act(case, "Request Supplement")
		self.assertEqual(frappe.db.get_value("GH Case", case.name, "status"), "Received")

	def test_second_notice_asking_for_more_is_a_violation(self):
		frappe.set_user(self.s.staff)
		case = make_case(self.s.hall, self.s.matter, window=self.s.window)
		first = issue_notice(case.name, ["申请书"])
		act(case, "Applicant Returned")
		same = issue_notice(case.name, ["申请书"])
		self.assertEqual((first.is_violation, same.is_violation), (0, 0))
		act(case, "Applicant Returned")
		more = issue_notice(case.name, ["申请书", "房产证"])
		self.assertEqual(more.is_violation, 1)
		self.assertEqual(more.violation_items, "房产证")
		self.assertEqual(more.window, self.s.window)
		self.assertEqual(more.issued_by, self.s.staff)

	def test_late_first_notice_means_deemed_accepted_on_receipt(self):
		received = frappe.utils.add_days(nowdate(), -20)
		case = make_case(self.s.hall, self.s.matter, received_on=f"{received} 09:00:00")
		notice = issue_notice(case.name, ["申请书"])
		self.assertEqual(notice.issued_in_time, 0)
		case.reload()
		self.assertEqual(case.deemed_accepted, 1)
		self.assertEqual(getdate(case.clock_start), getdate(received))

	def test_no_decision_within_five_days_is_deemed_accepted(self):
		received = frappe.utils.add_days(nowdate(), -12)
		case = make_case(self.s.hall, self.s.matter, received_on=f"{received} 09:00:00")
		self.assertEqual(case.deemed_accepted, 1)
		calendar = get_hall_calendar(self.s.hall)
		self.assertEqual(getdate(case.due_date), calendar.add_working_days(getdate(received), 5))

	def test_timely_acceptance_starts_the_clock_on_acceptance(self):
		received = frappe.utils.add_days(nowdate(), -1)
		case = make_case(self.s.hall, self.s.matter, received_on=f"{received} 09:00:00")
		self.assertEqual(case.deemed_accepted, 0)
		self.assertIsNone(case.due_date)
		case = act(case, "Accept")
		self.assertEqual(getdate(case.clock_start), getdate(nowdate()))

	def test_same_day_matter_is_due_today(self):
		s = make_case_setup(limit=0)
		case = act(make_case(s.hall, s.matter), "Accept")
		self.assertEqual(getdate(case.due_date), getdate(nowdate()))

	def test_hall_calendar_closure_moves_the_due_date(self):
		case = act(make_case(self.s.hall, self.s.matter), "Accept")
		due = getdate(case.due_date)
		calendar = get_hall_calendar(self.s.hall)
		first_day = calendar.next_working_day(getdate(case.accepted_on))
		frappe.get_doc(
			{
				"doctype": "GH Hall Calendar Day",
				"date": first_day,
				"day_type": "Closed",
				"hall": self.s.hall,
				"reason": "停电",
			}
		).insert()
		case.reload()
		case.save()
		self.assertEqual(getdate(case.due_date), get_hall_calendar(self.s.hall).next_working_day(due))


class TestCalendarArithmeticOnSite(GovHallTestCase):
	def test_site_calendar_knows_national_day_2025(self):
		hall = make_hall()
		calendar = get_hall_calendar(hall.name)
		self.assertIsInstance(calendar, WorkCalendar)
		self.assertEqual(calendar.add_working_days(datetime.date(2025, 9, 30), 1), datetime.date(2025, 10, 9))
