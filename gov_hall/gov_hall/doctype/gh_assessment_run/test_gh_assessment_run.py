from unittest.mock import patch

import frappe
from frappe.model.workflow import WorkflowTransitionError, apply_workflow
from frappe.utils import getdate, nowdate

from gov_hall.api.assessment import compute_run
from gov_hall.assessment import result_rows
from gov_hall.rules.periods import quarter_of
from gov_hall.setup.roles import HALL_ADMINISTRATOR, HALL_MANAGER
from gov_hall.tests.factories import (
	GovHallTestCase,
	make_case,
	make_case_setup,
	make_complaint,
	make_rating,
	make_user,
)


def complete(case_name: str, staff: str):
	frappe.set_user(staff)
	for action in ("Accept", "Complete"):
		apply_workflow(frappe.get_doc("GH Case", case_name).as_dict(), action)
	frappe.set_user("Administrator")


class TestAssessmentRun(GovHallTestCase):
	def setUp(self):
		self.s = make_case_setup()
		self.quarter = quarter_of(getdate(nowdate()))
		self.manager = make_user([HALL_MANAGER])
		self.admin = make_user([HALL_ADMINISTRATOR])
		# three completed cases at the first window, one at the other
		for staff, window, count in (
			(self.s.staff, self.s.window, 3),
			(self.s.other_staff, self.s.other_window, 1),
		):
			for _ in range(count):
				frappe.set_user(staff)
				case = make_case(self.s.hall, self.s.matter, window=window)
				frappe.db.set_value("GH Case", case.name, "handler", staff)
				complete(case.name, staff)
		frappe.set_user("Administrator")

	def tearDown(self):
		frappe.set_user("Administrator")
		super().tearDown()

	def new_run(self):
		frappe.set_user(self.manager)
		run = frappe.get_doc(
			{"doctype": "GH Assessment Run", "hall": self.s.hall, "quarter": self.quarter}
		).insert()
		compute_run(run.name)
		return frappe.get_doc("GH Assessment Run", run.name)

	def test_compute_scores_windows_and_staff_from_the_quarter(self):
		run = self.new_run()
		self.assertEqual(run.scheme, "Default Scheme")
		windows = {row.window: row for row in run.window_results}
		first, other = windows[self.s.window], windows[self.s.other_window]
		self.assertEqual((first.cases, first.staff_count, first.tier, first.tier_points), (3, 1, 3, 2.0))
		self.assertEqual((other.cases, other.tier, other.tier_points), (1, 5, 1.0))
		self.assertEqual(first.on_time_rate, 100)
		self.assertEqual(first.rank, 1)
		self.assertEqual(first.is_red_flag, 1)
		staff = {row.staff: row for row in run.staff_results}
		self.assertEqual(staff[self.s.staff].cases, 3)
		self.assertEqual(staff[self.s.staff].performance, 20.0)  # most volume, all on time, no ratings yet
		self.assertEqual(staff[self.s.staff].work_points, 100.0)
		self.assertEqual(staff[self.s.staff].is_service_star, 1)

	def test_verified_complaint_makes_a_window_and_staff_ineligible(self):
		complaint = make_complaint(
			self.s.hall, subject_type="Staff", staff=self.s.staff, occurred_on=nowdate()
		)
		frappe.db.set_value(
			"GH Complaint",
			complaint.name,
			{
				"verification_result": "Substantiated",
				"deduction_points": 2,
				"assessment_quarter": self.quarter,
			},
		)
		run = self.new_run()
		windows = {row.window: row for row in run.window_results}
		first = windows[self.s.window]
		self.assertEqual((first.verified_complaints, first.eligible, first.is_red_flag), (1, 0, 0))
		self.assertTrue(first.ineligible_reason)
		self.assertEqual(first.deductions, 2.0)
		self.assertEqual(windows[self.s.other_window].is_red_flag, 1)
		staff = {row.staff: row for row in run.staff_results}
		self.assertEqual((staff[self.s.staff].eligible, staff[self.s.staff].is_service_star), (0, 0))

	def test_integrity_complaints_are_counted_apart(self):
		# issue 13: integrity complaints (廉洁) reach managers only; the rows' Verified Complaints,
		# read by chief representatives and copied into briefings, leave them out
		complaint = make_complaint(
			self.s.hall, subject_type="Staff", staff=self.s.staff, category="Integrity", occurred_on=nowdate()
		)
		frappe.db.set_value(
			"GH Complaint",
			complaint.name,
			{"verification_result": "Substantiated", "assessment_quarter": self.quarter},
		)
		run = self.new_run()
		first = {row.window: row for row in run.window_results}[self.s.window]
		self.assertEqual((first.verified_complaints, first.integrity_complaints, first.eligible), (0, 1, 0))
		staff = {row.staff: row for row in run.staff_results}[self.s.staff]
		self.assertEqual(
			(staff.verified_complaints, staff.integrity_complaints, staff.eligible, staff.integrity),
			(0, 1, 0, 0.0),
		)

	def test_bad_ratings_lower_satisfaction_and_appeals_are_left_out(self):
		cases = frappe.get_all("GH Case", filters={"window": self.s.window}, pluck="name")
		for case in cases:
			make_rating("Very Dissatisfied", case, channel="Web")
			make_rating("Very Satisfied", case, channel="Window Evaluator")
		run = self.new_run()
		row = next(r for r in run.window_results if r.window == self.s.window)
		self.assertEqual((row.ratings, row.satisfaction_rate), (6, 50.0))
		self.assertEqual(row.satisfaction_points, 5.0)

	def test_manager_entries_and_adjustments_survive_recompute(self):
		run = self.new_run()
		row = next(r for r in run.staff_results if r.staff == self.s.staff)
		row.ideology = 15
		row.adjustment = -1
		with self.assertRaises(frappe.ValidationError):
			run.save()  # an adjustment needs its reason
		run.reload()
		row = next(r for r in run.staff_results if r.staff == self.s.staff)
		row.update({"ideology": 15, "adjustment": -1, "adjustment_reason": "窗口纪律检查扣分"})
		run.save()
		row = next(r for r in run.staff_results if r.staff == self.s.staff)
		self.assertEqual((row.work_points, row.final_score), (95.0, 94.0))
		compute_run(run.name)
		run.reload()
		row = next(r for r in run.staff_results if r.staff == self.s.staff)
		self.assertEqual((row.ideology, row.adjustment, row.final_score), (15.0, -1.0, 94.0))
		row.skills = 25
		with self.assertRaises(frappe.ValidationError):
			run.save()  # beyond the dimension's 20 points

	def test_workflow_and_freezing_after_publish(self):
		run = self.new_run()
		run = frappe.get_doc(apply_workflow(run.as_dict(), "Submit for Approval"))
		self.assertEqual(run.status, "Submitted")
		with self.assertRaises(WorkflowTransitionError):
			apply_workflow(run.as_dict(), "Approve")  # the hall manager cannot approve
		compute_run(run.name)  # recomputing before approval is allowed
		frappe.set_user(self.admin)
		run = frappe.get_doc(
			apply_workflow(frappe.get_doc("GH Assessment Run", run.name).as_dict(), "Approve")
		)
		with self.assertRaises(frappe.ValidationError):
			compute_run(run.name)
		run = frappe.get_doc(apply_workflow(run.as_dict(), "Publish"))
		self.assertEqual(run.status, "Published")
		self.assertEqual(getdate(run.published_on), getdate(nowdate()))
		self.assertEqual(frappe.db.get_value("GH Assessment Scheme", run.scheme, "in_use"), 1)
		run.window_results[0].adjustment = 5
		run.window_results[0].adjustment_reason = "事后加分"
		with self.assertRaises(frappe.ValidationError):
			run.save()
		with self.assertRaises(frappe.ValidationError):
			compute_run(run.name)
		scheme = frappe.get_doc("GH Assessment Scheme", run.scheme)
		scheme.red_flag_count = 10
		with self.assertRaises(frappe.ValidationError):
			scheme.save()
		with self.assertRaises(frappe.PermissionError):
			frappe.delete_doc("GH Assessment Run", run.name)

	def test_one_run_per_hall_and_quarter_and_a_valid_quarter(self):
		self.new_run()
		with self.assertRaises(frappe.ValidationError):
			frappe.get_doc(
				{"doctype": "GH Assessment Run", "hall": self.s.hall, "quarter": self.quarter}
			).insert()
		with self.assertRaises(frappe.ValidationError):
			frappe.get_doc(
				{"doctype": "GH Assessment Run", "hall": self.s.hall, "quarter": "2026-Q5"}
			).insert()

	def test_violations_on_the_quarters_last_afternoon_count(self):
		from gov_hall.rules.periods import quarter_bounds

		last_day = quarter_bounds(self.quarter)[1]
		notice = frappe.get_doc(
			{
				"doctype": "GH Supplement Notice",
				"name": "SN-TEST-LASTDAY",
				"hall": self.s.hall,
				"window": self.s.window,
				"issued_by": self.s.staff,
				"issued_on": f"{last_day} 16:30:00",
				"is_violation": 1,
			}
		)
		notice.db_insert()  # a violation found by the one-time rule; here written directly
		run = self.new_run()
		row = next(r for r in run.window_results if r.window == self.s.window)
		self.assertEqual(row.violations, 1)

	def test_records_count_in_the_quarter_their_dates_fall_in_even_when_corrected_later(self):
		from frappe.utils import add_days

		from gov_hall.assessment.facts import quarter_facts
		from gov_hall.rules.periods import quarter_bounds

		start, end = quarter_bounds(self.quarter)
		cases = frappe.get_all("GH Case", filters={"window": self.s.window}, pluck="name", order_by="name")
		# a data correction written straight to the table, as a console fix or an import would
		moved = {
			cases[0]: f"{end} 23:59:59",  # still this quarter
			cases[1]: f"{add_days(end, 1)} 00:00:00",  # the next quarter
			cases[2]: f"{add_days(start, -1)} 23:59:59",  # the previous quarter
		}
		for case, completed_on in moved.items():
			frappe.db.set_value("GH Case", case, "completed_on", completed_on, update_modified=False)
		ratings = [
			make_rating("Very Satisfied", cases[0], channel="Web"),
			make_rating("Satisfied", cases[1], channel="Web"),
		]
		# the rating time is the server's (gov_hall.access.controlled): corrected in the table too
		for rating, rated_on in zip(
			ratings, (f"{start} 00:00:00", f"{add_days(start, -1)} 23:59:59"), strict=True
		):
			frappe.db.set_value("GH Service Rating", rating.name, "rated_on", rated_on, update_modified=False)
		window_facts, staff_facts, _who = quarter_facts(self.s.hall, self.quarter)
		window = next(f for f in window_facts if f.window == self.s.window)
		staff = next(f for f in staff_facts if f.staff == self.s.staff)
		self.assertEqual((window.cases, staff.cases), (1, 1))
		self.assertEqual(window.ratings, 1)
		self.assertEqual(
			frappe.db.get_value("GH Case", cases[1], "completed_quarter"), quarter_of(add_days(end, 1))
		)
		self.assertEqual(
			frappe.db.get_value("GH Service Rating", ratings[1].name, "rated_quarter"),
			quarter_of(add_days(start, -1)),
		)

	def test_result_rows_are_stored_once_each_on_insert_save_and_recompute(self):
		from gov_hall.assessment.run import compute

		def stored(run_name: str, doctype: str) -> list[tuple]:
			return [
				tuple(row)
				for row in frappe.get_all(
					doctype,
					filters={"parent": run_name, "parenttype": "GH Assessment Run"},
					fields=["name", "idx", "parentfield", "cases", "final_score", "rank"],
					order_by="idx",
					as_list=True,
				)
			]

		def in_memory(run, fieldname: str) -> list[tuple]:
			return [
				(row.name, row.idx, fieldname, row.cases, row.final_score, row.rank)
				for row in run.get(fieldname)
			]

		# computed before its first insert: the rows go in with the run
		run = frappe.get_doc({"doctype": "GH Assessment Run", "hall": self.s.hall, "quarter": self.quarter})
		compute(run)
		run.insert()
		self.assertEqual(stored(run.name, "GH Window Assessment"), in_memory(run, "window_results"))
		self.assertEqual(stored(run.name, "GH Staff Assessment"), in_memory(run, "staff_results"))
		self.assertEqual(len(run.staff_results), 2)
		# a manager's entry, saved: the same rows, that one changed
		run.reload()
		entered = run.staff_results[0]
		entered.ideology = 12
		run.save()  # ranks again: the rows may change order
		self.assertEqual(stored(run.name, "GH Staff Assessment"), in_memory(run, "staff_results"))
		self.assertEqual(frappe.db.get_value("GH Staff Assessment", entered.name, "ideology"), 12)
		# recomputed twice, the second time a statement a row: still one row per window and staff
		# member, the entry kept
		compute_run(run.name)
		with patch.object(result_rows, "ROWS_PER_STATEMENT", 1):
			compute_run(run.name)
		run.reload()
		self.assertEqual(stored(run.name, "GH Window Assessment"), in_memory(run, "window_results"))
		self.assertEqual(stored(run.name, "GH Staff Assessment"), in_memory(run, "staff_results"))
		self.assertEqual(len(run.window_results), 2)
		self.assertIn(12, [row.ideology for row in run.staff_results])
