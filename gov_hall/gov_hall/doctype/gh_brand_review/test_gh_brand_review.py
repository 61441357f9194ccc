# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt
"""A brand review (品牌评审): only hall managers hold and decide one; its figures (the panel's
average, the measured commitments, the recommended outcome) and who decided are the app's; the panel
and the brand's department read it (in process and over HTTP as real users)."""

import frappe

from gov_hall.tests.brand_world import (
	BRAND,
	LAST_YEAR,
	REVIEW,
	act,
	make_brand,
	make_brand_world,
	make_review,
	score_sheet,
)
from gov_hall.tests.factories import GovHallTestCase, as_user
from gov_hall.tests.http import HttpUser, commit_world, set_password

REFUSED = (403, 417)


class TestBrandReview(GovHallTestCase):
	def setUp(self):
		self.s = make_brand_world()
		self.brand = make_brand(self.s).name
		as_user(self.s.chief, act, BRAND, self.brand, "Submit for Review")

	def test_the_review_measures_the_commitments_of_its_year(self):
		review = make_review(self.s, self.brand)
		self.assertEqual(
			(str(review.period_from), str(review.period_to)), (f"{LAST_YEAR}-01-01", f"{LAST_YEAR}-12-31")
		)
		rows = {row.commitment: row for row in review.commitment_results}
		self.assertEqual(set(rows), {"全年无有效投诉", "全年无红牌", "微笑服务"})
		self.assertEqual((rows["全年无有效投诉"].measured, rows["全年无有效投诉"].kept), (1, 1))
		self.assertEqual(rows["微笑服务"].measured, 0)
		self.assertEqual((review.commitments_kept, review.commitments_missed), (2, 0))
		self.assertEqual(
			(review.sheets_count, review.average_score, review.recommended_outcome), (0, 0, "Not Named")
		)

	def test_the_panel_is_shared_the_review(self):
		s = self.s
		review = make_review(s, self.brand)
		shared = set(
			frappe.get_all("DocShare", {"share_doctype": REVIEW, "share_name": review.name}, pluck="user")
		)
		self.assertEqual(shared, {s.reviewer, s.other_reviewer})

		def drop_other():
			doc = frappe.get_doc(REVIEW, review.name)
			doc.set("panel", [row for row in doc.panel if row.reviewer == s.reviewer])
			doc.save()

		as_user(s.manager, drop_other)
		shared = set(
			frappe.get_all("DocShare", {"share_doctype": REVIEW, "share_name": review.name}, pluck="user")
		)
		self.assertEqual(shared, {s.reviewer})

	def test_the_decision_is_stamped(self):
		s = self.s
		review = make_review(s, self.brand).name
		score_sheet(review, s.reviewer, [19, 19, 19, 19, 19])
		score_sheet(review, s.other_reviewer, [19, 19, 19, 19, 18])

		def decide():
			doc = frappe.get_doc(REVIEW, review)
			doc.outcome = "Not Named"
			doc.decision_notes = "品牌理念与实际工作结合不够"
			doc.save()
			doc.submit()

		as_user(s.manager, decide)
		doc = frappe.get_doc(REVIEW, review)
		self.assertEqual(
			(doc.recommended_outcome, doc.outcome, doc.decided_by), ("Named", "Not Named", s.manager)
		)
		self.assertTrue(doc.decided_on)
		self.assertEqual(frappe.db.get_value(BRAND, self.brand, "status"), "Not Named")


class TestBrandReviewOverHttp(GovHallTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		s = cls.s = make_brand_world()
		cls.brand = make_brand(s).name
		as_user(s.chief, act, BRAND, cls.brand, "Submit for Review")
		cls.review = make_review(s, cls.brand).name
		cls.other_brand = make_brand(s).name
		as_user(s.chief, act, BRAND, cls.other_brand, "Submit for Review")
		for user in (s.chief, s.other_chief, s.manager, s.reviewer, s.outsider, s.staff):
			set_password(user)
		commit_world()

	def stored(self, fields):
		frappe.db.rollback()
		return frappe.db.get_value(REVIEW, self.review, fields, as_dict=True)

	def test_only_managers_hold_a_review(self):
		count = frappe.db.count(REVIEW)
		values = {"brand": self.other_brand, "review_type": "Naming Review", "year": LAST_YEAR}
		for user in (self.s.chief, self.s.reviewer, self.s.staff):
			answer = HttpUser(user).insert(REVIEW, values)
			self.assertEqual(answer.status, 403, (user, answer))
		answer = HttpUser(self.s.chief).update(REVIEW, self.review, {"outcome": "Named"})
		self.assertEqual(answer.status, 403, answer)
		frappe.db.rollback()
		self.assertEqual(frappe.db.count(REVIEW), count)

	def test_the_figures_and_the_decider_are_the_apps(self):
		manager = HttpUser(self.s.manager)
		fields = ["average_score", "sheets_count", "recommended_outcome", "commitments_kept", "decided_by"]
		before = self.stored(fields)
		answer = manager.update(
			REVIEW,
			self.review,
			{"average_score": 99, "sheets_count": 5, "recommended_outcome": "Named", "commitments_kept": 9},
		)
		self.assertIn(answer.status, (200, *REFUSED), answer)
		self.assertEqual(self.stored(fields), before)
		answer = manager.update(REVIEW, self.review, {"decided_by": self.s.manager})
		self.assertEqual(answer.status, 417, answer)
		answer = manager.update(
			REVIEW, self.review, {"commitment_results": [{"commitment": "伪造", "kept": 1}]}
		)
		self.assertIn(answer.status, (200, *REFUSED), answer)
		self.assertEqual(self.stored(fields), before)
		self.assertEqual(frappe.db.count("GH Brand Commitment Result", {"parent": self.review}), 3)

	def test_a_new_review_cannot_bring_its_own_figures(self):
		manager = HttpUser(self.s.manager)
		values = {"brand": self.other_brand, "review_type": "Naming Review", "year": LAST_YEAR}
		answer = manager.insert(REVIEW, {**values, "commitment_results": [{"commitment": "伪造", "kept": 1}]})
		self.assertEqual(answer.status, 417, answer)
		answer = manager.insert(
			REVIEW,
			{**values, "average_score": 99, "recommended_outcome": "Named", "decided_by": self.s.manager},
		)
		self.assertEqual(answer.status, 200, answer)
		self.assertEqual(
			(answer.data["average_score"], answer.data["recommended_outcome"], answer.data.get("decided_by")),
			(0, "Not Named", None),
		)

	def test_the_department_and_the_panel_read_the_review(self):
		self.assertEqual(HttpUser(self.s.chief).get_doc(REVIEW, self.review).status, 200)
		self.assertEqual(HttpUser(self.s.reviewer).get_doc(REVIEW, self.review).status, 200)
		self.assertEqual(HttpUser(self.s.other_chief).get_doc(REVIEW, self.review).status, 403)
		self.assertEqual(HttpUser(self.s.outsider).get_doc(REVIEW, self.review).status, 403)
