"""GH Manager Overrides over HTTP: a manager's change of a controlled figure needs a reason, and every
such change is listed per quarter, manager and window, for managers and Hall Supervisors only."""

import json

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import getdate

from gov_hall.rules.periods import quarter_of
from gov_hall.setup.roles import CHIEF_REPRESENTATIVE, HALL_MANAGER
from gov_hall.tests.factories import (
	as_user,
	complaint_act,
	make_case,
	make_case_setup,
	make_complaint,
	make_staff,
	make_supervisor,
	make_user,
)
from gov_hall.tests.http import HttpUser, commit_world, set_password
from gov_hall.utils.clock import nowdate

REPORT = "GH Manager Overrides"


def report_rows(user: HttpUser, **filters):
	answer = user.call("frappe.desk.query_report.run", report_name=REPORT, filters=json.dumps(filters))
	return answer, (answer.message or {}).get("result") if isinstance(answer.message, dict) else None


class TestManagerOverrides(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		s = cls.s = make_case_setup()
		cls.manager = make_user([HALL_MANAGER])
		cls.other_manager = make_user([HALL_MANAGER])
		chief = make_staff(s.department, s.other_window)
		cls.chief = chief.user
		frappe.get_doc("User", cls.chief).add_roles(CHIEF_REPRESENTATIVE)
		cls.supervisor = make_user([])
		make_supervisor(s.hall, user=cls.supervisor)
		for user in (s.staff, cls.manager, cls.other_manager, cls.chief, cls.supervisor):
			set_password(user)
		cls.case = as_user(s.staff, lambda: make_case(s.hall, s.matter, window=s.window).name)
		complaint = make_complaint(s.hall, window=s.other_window).name
		as_user(cls.manager, complaint_act, complaint, "Assign", assigned_to=cls.chief)
		as_user(cls.chief, complaint_act, complaint, "Start Investigation")
		as_user(cls.chief, complaint_act, complaint, "Verify", verification_result="Substantiated")
		cls.complaint = complaint
		cls.quarter = quarter_of(getdate(nowdate()))
		commit_world()

	def test_overrides_need_a_reason_and_are_listed_per_manager_and_window(self):
		manager, other = HttpUser(self.manager), HttpUser(self.other_manager)
		# without a reason: refused, nothing changes
		self.assertEqual(manager.update("GH Case", self.case, {"time_limit_days": 8}).status, 417)
		self.assertEqual(other.update("GH Complaint", self.complaint, {"deduction_points": 0.5}).status, 417)
		frappe.db.rollback()
		self.assertEqual(frappe.db.get_value("GH Case", self.case, "time_limit_days"), 5)
		self.assertEqual(frappe.db.get_value("GH Complaint", self.complaint, "deduction_points"), 2)
		# with one: changed and logged
		answer = manager.update(
			"GH Case", self.case, {"time_limit_days": 8, "override_reason": "需联合审查，按法定时限"}
		)
		self.assertEqual(answer.status, 200, answer)
		answer = other.update(
			"GH Complaint", self.complaint, {"deduction_points": 0.5, "override_reason": "情节轻微，酌减"}
		)
		self.assertEqual(answer.status, 200, answer)
		# an assessment adjustment: with its reason only
		run = manager.insert("GH Assessment Run", {"hall": self.s.hall, "quarter": self.quarter})
		self.assertEqual(run.status, 200, run)
		run_name = run.data["name"]
		self.assertEqual(manager.call("gov_hall.api.assessment.compute_run", run=run_name).status, 200)
		rows = manager.get_doc("GH Assessment Run", run_name).data["window_results"]
		row = next(r for r in rows if r["window"] == self.s.window)
		row["adjustment"] = 1.5
		answer = manager.update("GH Assessment Run", run_name, {"window_results": rows})
		self.assertEqual(answer.status, 417, answer)
		row["adjustment_reason"] = "承办全县重点项目"
		answer = manager.update("GH Assessment Run", run_name, {"window_results": rows})
		self.assertEqual(answer.status, 200, answer)

		supervisor = HttpUser(self.supervisor)
		answer, result = report_rows(supervisor, quarter=self.quarter, hall=self.s.hall)
		self.assertEqual(answer.status, 200, answer)
		seen = {(r["manager"], r["reference_doctype"], r["to_value"], r["reason"]) for r in result}
		self.assertEqual(
			seen,
			{
				(self.manager, "GH Case", "8", "需联合审查，按法定时限"),
				(self.other_manager, "GH Complaint", "0.5", "情节轻微，酌减"),
				(self.manager, "GH Assessment Run", "1.5", "承办全县重点项目"),
			},
		)
		_answer, mine = report_rows(supervisor, quarter=self.quarter, manager=self.other_manager)
		self.assertEqual([r["reference_name"] for r in mine], [self.complaint])
		_answer, at_window = report_rows(manager, quarter=self.quarter, window=self.s.window)
		self.assertEqual({r["reference_doctype"] for r in at_window}, {"GH Case", "GH Assessment Run"})
		_answer, elsewhere = report_rows(manager, quarter="2020-Q1", hall=self.s.hall)
		self.assertEqual(elsewhere, [])

	def test_window_staff_and_chiefs_cannot_read_it(self):
		for user in (self.s.staff, self.chief):
			answer, _rows = report_rows(HttpUser(user), quarter=self.quarter)
			self.assertEqual(answer.status, 403, (user, answer))
			self.assertEqual(HttpUser(user).get_list("GH Override Log").status, 403)
