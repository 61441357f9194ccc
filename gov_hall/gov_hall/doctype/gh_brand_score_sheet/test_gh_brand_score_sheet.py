# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt
"""A panel member's score sheet (品牌评分表): started with the active criteria, scored within each
criterion's maximum, totalled by the app; one per reviewer, only the reviewer's own, nothing after the
review is decided (in process and over HTTP as real users)."""

import frappe

from gov_hall.tests.brand_world import (
	BRAND,
	REVIEW,
	SHEET,
	act,
	decide,
	make_brand,
	make_brand_world,
	make_review,
	score_sheet,
)
from gov_hall.tests.factories import GovHallTestCase, as_user
from gov_hall.tests.http import HttpUser, commit_world, set_password

REFUSED = (403, 417)


def review_world():
	s = make_brand_world()
	s.brand = make_brand(s).name
	as_user(s.chief, act, BRAND, s.brand, "Submit for Review")
	s.review = make_review(s, s.brand).name
	return s


class TestScoreSheet(GovHallTestCase):
	def setUp(self):
		self.s = review_world()
		frappe.local.lang = "zh"

	def refused(self, user, fn, chinese: str, exc=frappe.ValidationError):
		frappe.clear_messages()
		with self.assertRaises(exc) as caught:
			as_user(user, fn)
		said = str(caught.exception) + " ".join(str(m) for m in frappe.get_message_log())
		self.assertIn(chinese, said)

	def test_a_sheet_starts_with_the_active_criteria_and_is_totalled(self):
		s = self.s
		sheet = score_sheet(s.review, s.reviewer, [18, 17.5, 16, 20, 0], submit=False)
		active = frappe.get_all("GH Brand Criterion", {"is_active": 1}, pluck="name")
		self.assertEqual(sorted(row.criterion for row in sheet.scores), sorted(active))
		self.assertTrue(all(row.max_score == 20 for row in sheet.scores))
		self.assertEqual((sheet.reviewer, sheet.brand, sheet.total_score), (s.reviewer, s.brand, 71.5))
		self.assertEqual(frappe.db.get_value(REVIEW, s.review, "sheets_count"), 0)
		as_user(s.reviewer, lambda: frappe.get_doc(SHEET, sheet.name).submit())
		self.assertEqual(frappe.db.get_value(REVIEW, s.review, ["sheets_count", "average_score"]), (1, 71.5))
		as_user(s.reviewer, lambda: frappe.get_doc(SHEET, sheet.name).cancel())
		self.assertEqual(frappe.db.get_value(REVIEW, s.review, ["sheets_count", "average_score"]), (0, 0))
		# cancelled, the reviewer may start again
		score_sheet(s.review, s.reviewer, [20, 20, 20, 20, 20])
		self.assertEqual(frappe.db.get_value(REVIEW, s.review, "average_score"), 100)

	def test_wrong_scores_are_refused(self):
		s = self.s
		sheet = score_sheet(s.review, s.reviewer, [18, 18, 18, 18, 18], submit=False)

		def rescore(change):
			def run():
				doc = frappe.get_doc(SHEET, sheet.name)
				change(doc)
				doc.save()

			return run

		self.refused(s.reviewer, rescore(lambda d: setattr(d.scores[0], "score", 21)), "评分应在0到")
		self.refused(s.reviewer, rescore(lambda d: setattr(d.scores[1], "score", -1)), "评分应在0到")
		self.refused(
			s.reviewer,
			rescore(lambda d: setattr(d.scores[1], "criterion", d.scores[0].criterion)),
			"只能评分一次",
		)
		self.refused(
			s.reviewer,
			rescore(lambda d: d.append("scores", {"criterion": "没有这项标准", "score": 1})),
			"",
		)
		self.assertEqual(frappe.db.get_value(SHEET, sheet.name, "total_score"), 90)

	def test_only_the_panel_scores_once_each_and_only_their_own_sheet(self):
		s = self.s
		new = lambda: frappe.get_doc({"doctype": SHEET, "review": s.review}).insert()  # noqa: E731
		self.refused(s.outsider, new, "只有评审组成员才能填写评分表", frappe.PermissionError)
		self.refused(s.manager, new, "只有评审组成员才能填写评分表", frappe.PermissionError)
		sheet = score_sheet(s.review, s.reviewer, [18, 18, 18, 18, 18], submit=False)
		self.refused(s.reviewer, new, "您已有该评审的评分表")
		self.refused(
			s.other_reviewer,
			lambda: frappe.get_doc({"doctype": SHEET, "review": s.review, "reviewer": s.reviewer}).insert(),
			"须由评审人本人填写",
			frappe.PermissionError,
		)

		def managers_rescore():
			doc = frappe.get_doc(SHEET, sheet.name)
			doc.scores[0].score = 0
			doc.save()

		# a manager reads every sheet but does not change a reviewer's scores
		self.refused(s.manager, managers_rescore, "评分表只能由评审人本人修改", frappe.PermissionError)
		self.assertEqual(frappe.db.count(SHEET, {"review": s.review}), 1)

	def test_nothing_changes_after_the_review_is_decided(self):
		s = self.s
		draft = score_sheet(s.review, s.reviewer, [18, 18, 18, 18, 18])
		score_sheet(s.review, s.other_reviewer, [18, 18, 18, 18, 18])
		decide(s, s.review, "Named")
		self.refused(s.reviewer, lambda: frappe.get_doc(SHEET, draft.name).cancel(), "不能再修改")
		self.refused(
			s.reviewer,
			lambda: frappe.get_doc({"doctype": SHEET, "review": s.review}).insert(),
			"不能再修改",
		)
		self.assertEqual(frappe.db.get_value(SHEET, draft.name, "docstatus"), 1)


class TestScoreSheetOverHttp(GovHallTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		s = cls.s = review_world()
		cls.sheet = score_sheet(s.review, s.reviewer, [18, 18, 18, 18, 18], submit=False).name
		for user in (s.reviewer, s.other_reviewer, s.outsider, s.manager):
			set_password(user)
		commit_world()

	def stored(self, name=None):
		frappe.db.rollback()
		doc = frappe.get_doc(SHEET, name or self.sheet)
		return (doc.reviewer, doc.total_score, doc.docstatus, [(r.criterion, r.score) for r in doc.scores])

	def test_a_reviewer_cannot_read_or_write_another_reviewers_sheet(self):
		before = self.stored()
		other = HttpUser(self.s.other_reviewer)
		self.assertEqual(other.get_doc(SHEET, self.sheet).status, 403)
		listed = other.get_list(SHEET, fields=["name"], limit_page_length=100)
		self.assertNotIn(self.sheet, [row["name"] for row in listed.data or []])
		answer = other.update(
			SHEET, self.sheet, {"scores": [{"criterion": c, "score": 0} for c, _ in before[3]]}
		)
		self.assertEqual(answer.status, 403, answer)
		answer = other.update(SHEET, self.sheet, {"docstatus": 2})
		self.assertEqual(answer.status, 403, answer)
		self.assertEqual(self.stored(), before)

	def test_the_reviewer_and_the_total_are_the_apps(self):
		before = self.stored()
		mine = HttpUser(self.s.reviewer)
		answer = mine.update(SHEET, self.sheet, {"reviewer": self.s.other_reviewer})
		self.assertEqual(answer.status, 417, answer)
		self.assertEqual(answer.exc_type, "ControlledFieldError")
		answer = mine.update(SHEET, self.sheet, {"total_score": 100})
		self.assertIn(answer.status, (200, *REFUSED), answer)
		self.assertEqual(self.stored(), before)
		rows = mine.get_doc(SHEET, self.sheet).data["scores"]
		rows[0]["score"] = 25
		answer = mine.update(SHEET, self.sheet, {"scores": rows})
		self.assertEqual(answer.status, 417, answer)
		self.assertIn("评分应在0到", answer.server_messages)
		rows[0]["score"], rows[0]["max_score"] = 20, 100
		answer = mine.update(SHEET, self.sheet, {"scores": rows})
		self.assertEqual(answer.status, 200, answer)
		self.assertEqual((answer.data["total_score"], answer.data["scores"][0]["max_score"]), (92, 20))

	def test_nobody_scores_in_anothers_name_or_off_the_panel(self):
		count = frappe.db.count(SHEET)
		answer = HttpUser(self.s.other_reviewer).insert(
			SHEET, {"review": self.s.review, "reviewer": self.s.reviewer}
		)
		self.assertIn(answer.status, REFUSED, answer)
		answer = HttpUser(self.s.outsider).insert(SHEET, {"review": self.s.review})
		self.assertEqual(answer.status, 403, answer)
		self.assertIn("只有评审组成员才能填写评分表", answer.server_messages)
		answer = HttpUser(self.s.reviewer).insert(SHEET, {"review": self.s.review})
		self.assertEqual(answer.status, 417, answer)
		frappe.db.rollback()
		self.assertEqual(frappe.db.count(SHEET), count)

	def test_the_panel_reads_the_review_it_scores(self):
		self.assertEqual(HttpUser(self.s.reviewer).get_doc(REVIEW, self.s.review).status, 200)
		self.assertEqual(HttpUser(self.s.outsider).get_doc(REVIEW, self.s.review).status, 403)
		# and submits its own sheet
		answer = HttpUser(self.s.other_reviewer).insert(SHEET, {"review": self.s.review})
		self.assertEqual(answer.status, 200, answer)
		answer = HttpUser(self.s.other_reviewer).update(SHEET, answer.data["name"], {"docstatus": 1})
		self.assertEqual(answer.status, 200, answer)
		frappe.db.rollback()
		self.assertEqual(frappe.db.get_value(REVIEW, self.s.review, "sheets_count"), 1)
