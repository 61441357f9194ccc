# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt
"""Service brands (issue 18): proposed by a department's chief, named by a panel's average, kept,
warned and withdrawn by the annual reviews; the status and the review figures are the app's, and a
chief proposes only for their own department (in process and over HTTP as real users)."""

from unittest.mock import patch

import frappe
from frappe.model.workflow import WorkflowPermissionError, WorkflowTransitionError

from gov_hall.setup.roles import CHIEF_REPRESENTATIVE, WINDOW_STAFF
from gov_hall.tests.brand_world import (
	BRAND,
	LAST_YEAR,
	REVIEW,
	THIS_YEAR,
	act,
	brand_values,
	decide,
	make_brand,
	make_brand_world,
	make_review,
	named_brand,
	score_sheet,
)
from gov_hall.tests.factories import GovHallTestCase, as_user, make_complaint, make_user, make_window
from gov_hall.tests.http import HttpUser, commit_world, set_password
from gov_hall.utils.clock import nowdate, today

REFUSED = (403, 417)


def measured(kept: int, missed: int) -> list[dict]:
	rows = [{"commitment": f"承诺{i}", "metric": "Red Cards", "kept": True} for i in range(kept)]
	rows += [{"commitment": f"未兑现{i}", "metric": "Red Cards", "kept": False} for i in range(missed)]
	return [
		{"target": 0, "param": None, "actual": 0 if row["kept"] else 2, "measured": 1, "detail": "", **row}
		for row in rows
	]


class TestBrandLifecycle(GovHallTestCase):
	def setUp(self):
		self.s = make_brand_world()

	def brand(self, name):
		return frappe.get_doc(BRAND, name)

	def test_proposed_reviewed_named_warned_withdrawn_and_proposed_again(self):
		s = self.s
		brand = make_brand(s)
		self.assertEqual(
			(brand.status, brand.proposed_by, str(brand.proposed_on)), ("Proposed", s.chief, nowdate())
		)
		as_user(s.chief, act, BRAND, brand.name, "Submit for Review")
		review = make_review(s, brand.name)
		score_sheet(review.name, s.reviewer, [18, 18, 18, 18, 18])  # 90
		self.assertEqual(frappe.db.get_value(REVIEW, review.name, "sheets_count"), 1)
		score_sheet(review.name, s.other_reviewer, [17, 17, 17, 17, 16])  # 84
		review.reload()
		self.assertEqual((review.sheets_count, review.average_score), (2, 87.0))
		self.assertEqual(review.recommended_outcome, "Named")
		review = decide(s, review.name, "Named")
		self.assertEqual((review.decided_by, str(review.period_from)), (s.manager, f"{LAST_YEAR}-01-01"))
		named = self.brand(brand.name)
		self.assertEqual(named.status, "Named")
		self.assertEqual((named.review_score, str(named.named_on)), (87.0, nowdate()))
		self.assertEqual((named.naming_review, named.last_review_outcome), (review.name, "Named"))

		# last year's annual review: one commitment kept, one missed -> warned
		with patch("gov_hall.brands.metrics.measure_brand", return_value=measured(1, 1)):
			annual = make_review(s, brand.name, "Annual Review", LAST_YEAR, panel=[])
			self.assertEqual(annual.recommended_outcome, "Warned")
			decide(s, annual.name, "Warned")
		warned = self.brand(brand.name)
		self.assertEqual(warned.status, "Warned")
		self.assertEqual((warned.commitments_kept, warned.commitments_missed), (1, 1))
		self.assertEqual((warned.last_review_year, warned.review_score), (LAST_YEAR, 87.0))

		# this year, measured for real: a verified complaint about the department's window
		complaint = make_complaint(s.hall, window=s.window).name
		frappe.db.set_value(
			"GH Complaint", complaint, {"verification_result": "Substantiated", "verified_on": nowdate()}
		)
		annual = make_review(s, brand.name, "Annual Review", THIS_YEAR, panel=[])
		results = {row.metric or "": row for row in annual.commitment_results}
		self.assertEqual((results["Verified Complaints"].actual, results["Verified Complaints"].kept), (1, 0))
		self.assertEqual((results["Red Cards"].measured, results["Red Cards"].kept), (1, 1))
		self.assertEqual(results[""].measured, 0)
		self.assertEqual((annual.commitments_kept, annual.commitments_missed), (1, 1))
		self.assertEqual(annual.recommended_outcome, "Withdrawn")  # missed again after a warning
		decide(s, annual.name, "Withdrawn")
		withdrawn = self.brand(brand.name)
		self.assertEqual((withdrawn.status, withdrawn.last_review_outcome), ("Withdrawn", "Withdrawn"))
		self.assertEqual(withdrawn.last_review_year, THIS_YEAR)

		as_user(s.chief, act, BRAND, brand.name, "Propose Again")
		self.assertEqual(self.brand(brand.name).status, "Proposed")

	def test_a_brand_below_the_naming_score_is_not_named(self):
		s = self.s
		brand = make_brand(s).name
		as_user(s.chief, act, BRAND, brand, "Submit for Review")
		review = make_review(s, brand).name
		score_sheet(review, s.reviewer, [18, 18, 18, 18, 18])
		score_sheet(review, s.other_reviewer, [16, 16, 16, 16, 15])  # 79: average 84.5
		self.assertEqual(frappe.db.get_value(REVIEW, review, "recommended_outcome"), "Not Named")
		decide(s, review, "Not Named")
		self.assertEqual(frappe.db.get_value(BRAND, brand, ["status", "review_score"]), ("Not Named", 84.5))
		frappe.db.set_single_value("GH Hall Settings", "brand_naming_score", 80)
		second = make_brand(s).name
		as_user(s.chief, act, BRAND, second, "Submit for Review")
		review = make_review(s, second).name
		score_sheet(review, s.reviewer, [17, 17, 17, 17, 16])
		score_sheet(review, s.other_reviewer, [17, 17, 17, 17, 16])
		self.assertEqual(frappe.db.get_value(REVIEW, review, "recommended_outcome"), "Named")

	def test_a_kept_year_keeps_a_warned_brand_named(self):
		s = self.s
		brand, _review = named_brand(s)
		with patch("gov_hall.brands.metrics.measure_brand", return_value=measured(3, 1)):
			decide(s, make_review(s, brand, "Annual Review", LAST_YEAR, panel=[]).name, "Warned")
		with patch("gov_hall.brands.metrics.measure_brand", return_value=measured(3, 0)):
			annual = make_review(s, brand, "Annual Review", THIS_YEAR, panel=[])
			self.assertEqual(annual.recommended_outcome, "Kept")
			decide(s, annual.name, "Kept")
		self.assertEqual(frappe.db.get_value(BRAND, brand, "status"), "Named")

	def test_the_workflow_follows_only_a_decided_outcome(self):
		s = self.s
		brand = make_brand(s).name
		# a manager cannot name a brand by the workflow without a review that named it
		self.assertRaises(WorkflowTransitionError, as_user, s.manager, act, BRAND, brand, "Name Brand")
		as_user(s.chief, act, BRAND, brand, "Submit for Review")
		self.assertRaises(WorkflowTransitionError, as_user, s.manager, act, BRAND, brand, "Name Brand")
		# nor the chief, nor by saving the status
		self.assertRaises(WorkflowTransitionError, as_user, s.chief, act, BRAND, brand, "Name Brand")
		# a brand not named and proposed again waits for a new review: the old outcome opens nothing
		review = make_review(s, brand).name
		score_sheet(review, s.reviewer, [10, 10, 10, 10, 10])
		score_sheet(review, s.other_reviewer, [10, 10, 10, 10, 10])
		decide(s, review, "Not Named")
		self.assertEqual(frappe.db.get_value(BRAND, brand, "last_review_outcome"), "Not Named")
		as_user(s.chief, act, BRAND, brand, "Propose Again")
		as_user(s.chief, act, BRAND, brand, "Submit for Review")
		self.assertEqual(
			frappe.db.get_value(BRAND, brand, ["status", "last_review", "last_review_outcome"]),
			("Under Review", review, None),
		)
		self.assertRaises(WorkflowTransitionError, as_user, s.manager, act, BRAND, brand, "Do Not Name")

		def set_status():
			doc = frappe.get_doc(BRAND, brand)
			doc.status = "Named"
			doc.save()

		self.assertRaises(WorkflowPermissionError, as_user, s.manager, set_status)
		self.assertEqual(frappe.db.get_value(BRAND, brand, "status"), "Under Review")


class TestBrandWrongInput(GovHallTestCase):
	"""Refused with a translated message, and nothing changed."""

	def setUp(self):
		self.s = make_brand_world()
		frappe.local.lang = "zh"

	def refused(self, user, fn, chinese: str, exc=frappe.ValidationError):
		frappe.clear_messages()
		with self.assertRaises(exc) as caught:
			as_user(user, fn)
		said = str(caught.exception) + " ".join(str(m) for m in frappe.get_message_log())
		self.assertIn(chinese, said)

	def test_brand_input(self):
		s = self.s
		count = frappe.db.count(BRAND)
		foreign = make_window(s.hall, s.other_department).name
		cases = [
			({"brand_for": "Window"}, "窗口品牌请选择所属窗口"),
			({"brand_for": "Window", "window": foreign}, "不属于该品牌所属部门"),
			({"windows": [{"window": foreign}]}, "不属于该品牌所属部门"),
			(
				{
					"commitments": [
						{"commitment": "按时办结率", "metric": "On-Time Completion Rate", "target": 120}
					]
				},
				"不能超过100",
			),
			(
				{"commitments": [{"commitment": "零投诉", "metric": "Verified Complaints", "target": -1}]},
				"不能为负数",
			),
			({"concept": "<script>alert(1)</script>"}, "纯文本"),
			({"members": [{"staff": s.staff}, {"staff": s.staff}]}, "重复列出"),
			({"members": [{"staff": s.other_chief}]}, "不是该品牌所属单位的在岗工作人员"),
		]
		for values, chinese in cases:
			self.refused(
				s.chief, lambda values=values: frappe.get_doc(brand_values(s, **values)).insert(), chinese
			)
		self.assertEqual(frappe.db.count(BRAND), count)

	def test_review_input(self):
		s = self.s
		proposed = make_brand(s).name
		self.refused(s.manager, lambda: make_review(s, proposed), "只针对状态为")
		as_user(s.chief, act, BRAND, proposed, "Submit for Review")
		self.refused(s.manager, lambda: make_review(s, proposed, year=THIS_YEAR + 1), "尚未开始的年度")
		self.refused(s.manager, lambda: make_review(s, proposed, "Annual Review"), "只针对状态为")
		self.refused(s.manager, lambda: make_review(s, proposed, panel=[s.reviewer, s.reviewer]), "重复列出")
		self.assertFalse(frappe.db.exists(REVIEW, {"brand": proposed}))
		review = make_review(s, proposed).name
		self.refused(s.manager, lambda: make_review(s, proposed), "进行中的评审")
		score_sheet(review, s.reviewer, [18, 18, 18, 18, 18])
		# the other reviewer's sheet is still missing
		self.refused(s.manager, lambda: decide(s, review, "Not Named", "不足"), "尚待以下评审人提交评分表")
		score_sheet(review, s.other_reviewer, [18, 18, 18, 18, 18])
		self.refused(s.manager, lambda: decide(s, review, "Kept"), "不是命名评审的结论")
		self.refused(s.manager, lambda: decide(s, review, "Not Named"), "请在结论说明中写明理由")
		self.assertEqual(frappe.db.get_value(REVIEW, review, "docstatus"), 0)
		self.assertEqual(frappe.db.get_value(BRAND, proposed, "status"), "Under Review")
		# a reviewer leaves the panel only without a sheet
		doc = frappe.get_doc(REVIEW, review)
		doc.set("panel", [row for row in doc.panel if row.reviewer != s.reviewer])
		self.refused(s.manager, doc.save, "不能移出评审组")

	def test_a_decided_review_stands(self):
		s = self.s
		brand, review = named_brand(s)
		self.refused(
			s.manager, lambda: frappe.get_doc(REVIEW, review).cancel(), "不能撤销", frappe.PermissionError
		)
		self.refused(
			s.reviewer,
			lambda: frappe.get_doc(
				"GH Brand Score Sheet", {"review": review, "reviewer": s.reviewer}
			).cancel(),
			"不能再修改",
		)
		self.assertEqual(frappe.db.get_value(BRAND, brand, "status"), "Named")
		self.assertEqual(frappe.db.get_value(REVIEW, review, "docstatus"), 1)

	def test_a_chief_proposes_only_for_their_department(self):
		s = self.s
		# named chief of the other department, without a staff record's user permissions: the
		# server's own check refuses
		bare_chief = make_user([CHIEF_REPRESENTATIVE])
		frappe.db.set_value("GH Stationed Department", s.other_department, "chief_representative", bare_chief)
		self.refused(
			bare_chief,
			lambda: frappe.get_doc(brand_values(s)).insert(),
			"本人担任首席代表的部门",
			frappe.PermissionError,
		)
		as_user(bare_chief, lambda: frappe.get_doc(brand_values(s, department=s.other_department)).insert())
		# a chief with their staff record's user permission is refused by Frappe first
		self.refused(
			s.other_chief, lambda: frappe.get_doc(brand_values(s)).insert(), "", frappe.PermissionError
		)
		brand = make_brand(s).name

		def move():
			doc = frappe.get_doc(BRAND, brand)
			doc.department = s.other_department
			doc.save()

		self.refused(s.chief, move, "", frappe.PermissionError)

		def move_own():
			doc = frappe.get_doc(BRAND, {"department": s.other_department, "proposed_by": bare_chief})
			doc.department = s.department
			doc.save()

		self.refused(bare_chief, move_own, "", frappe.PermissionError)
		self.assertEqual(frappe.db.get_value(BRAND, brand, "department"), s.department)


class TestBrandOverHttp(GovHallTestCase):
	"""Real users through Frappe's request handling."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		s = cls.s = make_brand_world()
		cls.proposed = make_brand(s).name
		cls.under_review = make_brand(s).name
		as_user(s.chief, act, BRAND, cls.under_review, "Submit for Review")
		cls.named, cls.review = named_brand(s)
		cls.staff = s.staff
		cls.bare_chief = make_user([CHIEF_REPRESENTATIVE])
		frappe.db.set_value(
			"GH Stationed Department", s.other_department, "chief_representative", cls.bare_chief
		)
		for user in (s.chief, s.other_chief, s.manager, s.staff, s.reviewer, cls.bare_chief):
			set_password(user)
		for user in (s.chief, cls.bare_chief):
			frappe.db.set_value("User", user, "language", "zh")
		commit_world()

	def stored(self, name, fields):
		frappe.db.rollback()
		return frappe.db.get_value(BRAND, name, fields, as_dict=True)

	def test_nobody_sets_the_status_or_the_review_figures(self):
		fields = ["status", "review_score", "named_on", "last_review_outcome", "commitments_missed"]
		for name in (self.proposed, self.under_review, self.named):
			before = self.stored(name, fields)
			for user in (self.s.manager, self.s.chief):
				http = HttpUser(user)
				for status in ("Named", "Withdrawn", "Warned"):
					if status == before.status:
						continue
					answer = http.update(BRAND, name, {"status": status})
					self.assertIn(answer.status, REFUSED, (user, status, answer))
				answer = http.update(
					BRAND,
					name,
					{
						"review_score": 99,
						"named_on": "2020-01-01",
						"last_review_outcome": "Kept",
						"commitments_missed": 0,
					},
				)
				self.assertIn(answer.status, (200, *REFUSED), answer)
			self.assertEqual(self.stored(name, fields), before, name)

	def test_a_new_brand_starts_proposed_by_whoever_sends_it(self):
		chief = HttpUser(self.s.chief)
		values = {k: v for k, v in brand_values(self.s).items() if k != "doctype"}
		count = frappe.db.count(BRAND)
		answer = chief.insert(BRAND, {**values, "status": "Named"})
		self.assertIn(answer.status, REFUSED, answer)
		answer = chief.insert(BRAND, {**values, "review_score": 99})
		self.assertEqual(answer.status, 200, answer)
		self.assertEqual(answer.data["review_score"], 0)
		answer = chief.insert(BRAND, {**values, "proposed_by": self.s.manager, "proposed_on": "2020-01-01"})
		self.assertEqual(answer.status, 200, answer)
		self.assertEqual((answer.data["proposed_by"], answer.data["proposed_on"]), (self.s.chief, nowdate()))
		frappe.db.rollback()
		self.assertEqual(frappe.db.count(BRAND), count + 2)

	def test_a_chief_cannot_propose_for_another_department(self):
		count = frappe.db.count(BRAND)
		values = {k: v for k, v in brand_values(self.s).items() if k != "doctype"}
		answer = HttpUser(self.s.other_chief).insert(BRAND, values)
		self.assertEqual(answer.status, 403, answer)
		answer = HttpUser(self.s.chief).insert(BRAND, {**values, "department": self.s.other_department})
		self.assertEqual(answer.status, 403, answer)
		# a chief without a staff record's user permissions meets the server's own check
		answer = HttpUser(self.bare_chief).insert(BRAND, values)
		self.assertEqual(answer.status, 403, answer)
		self.assertIn("本人担任首席代表的部门", answer.server_messages)
		answer = HttpUser(self.bare_chief).update(BRAND, self.proposed, {"concept": "改写别人的品牌"})
		self.assertEqual(answer.status, 403, answer)
		answer = HttpUser(self.s.other_chief).update(BRAND, self.proposed, {"concept": "改写别人的品牌"})
		self.assertIn(answer.status, REFUSED, answer)
		frappe.db.rollback()
		self.assertEqual(frappe.db.count(BRAND), count)
		self.assertEqual(frappe.db.get_value(BRAND, self.proposed, "concept"), "用心服务，群众满意")

	def test_window_staff_read_brands_but_do_not_write_them(self):
		self.assertIn(WINDOW_STAFF, frappe.get_roles(self.staff))
		staff = HttpUser(self.staff)
		self.assertEqual(staff.get_doc(BRAND, self.named).status, 200)
		answer = staff.update(BRAND, self.named, {"concept": "改写"})
		self.assertEqual(answer.status, 403, answer)
		answer = staff.insert(BRAND, {k: v for k, v in brand_values(self.s).items() if k != "doctype"})
		self.assertEqual(answer.status, 403, answer)

	def test_the_chief_submits_their_brand_for_review(self):
		chief = HttpUser(self.s.chief)
		brand = make_brand(self.s).name
		commit_world()
		answer = chief.call(
			"frappe.model.workflow.apply_workflow",
			doc=frappe.as_json(frappe.get_doc(BRAND, brand).as_dict()),
			action="Submit for Review",
		)
		self.assertEqual(answer.status, 200, answer)
		self.assertEqual(self.stored(brand, ["status"]).status, "Under Review")
		# while under review the chief no longer edits it
		answer = chief.update(BRAND, brand, {"concept": "评审中改写"})
		self.assertIn(answer.status, REFUSED, answer)
		self.assertEqual(today().year, THIS_YEAR)
