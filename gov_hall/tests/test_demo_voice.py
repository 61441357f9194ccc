from collections import Counter

import frappe
from frappe.utils import getdate, now_datetime

from gov_hall.demo.cases import current_series, make_demo_cases
from gov_hall.demo.voice import make_demo_voice
from gov_hall.rules import complaints as complaint_rules
from gov_hall.rules import ratings as rating_rules
from gov_hall.rules.periods import quarter_of
from gov_hall.tests.factories import GovHallTestCase, make_case_setup, make_matter
from gov_hall.utils.calendar import get_hall_calendar
from gov_hall.voice.rectification import current_status

VOICE_DOCTYPES = {
	"ratings": "GH Service Rating",
	"rectifications": "GH Rectification",
	"appeals": "GH Rating Appeal",
	"supervisors": "GH External Supervisor",
	"complaints": "GH Complaint",
	"inspections": "GH Inspection",
}


class TestDemoVoice(GovHallTestCase):
	def setUp(self):
		self.s = make_case_setup(limit=3)
		make_matter(self.s.department, promised_time_limit=0, matter_name="即办事项")
		frappe.db.set_value("GH Service Hall", self.s.hall, "hall_level", "County Hall")
		make_demo_cases(days=45, halls=[self.s.hall])

	def rows(self, doctype: str, fields: list[str]) -> list:
		return frappe.get_all(doctype, filters={"hall": self.s.hall}, fields=fields)

	def test_counts_match_rows_and_records_follow_the_rules(self):
		counts = make_demo_voice(halls=[self.s.hall], supervisors=4)
		for key, doctype in VOICE_DOCTYPES.items():
			self.assertEqual(frappe.db.count(doctype, {"hall": self.s.hall}), counts[key], key)
		for key in ("ratings", "rectifications", "supervisors", "complaints", "inspections"):
			self.assertGreater(counts[key], 0, key)

		ratings = self.rows(
			"GH Service Rating",
			["name", "rating_for", "case", "channel", "level", "score", "is_bad_review", "rated_on"]
			+ ["status", "counts_in_scores", "rectification", "is_real_name", "rater_name"],
		)
		per_channel = Counter((r.case, r.channel) for r in ratings if r.rating_for == rating_rules.CASE)
		self.assertEqual(max(per_channel.values()), 1)
		completed = frappe.db.count("GH Case", {"hall": self.s.hall, "status": "Completed"})
		self.assertLessEqual(len({case for case, _channel in per_channel}), completed)
		now = now_datetime()
		for rating in ratings:
			self.assertEqual(rating.score, rating_rules.score(rating.level))
			self.assertEqual(rating.is_bad_review, int(rating_rules.is_bad(rating.level)))
			self.assertLessEqual(rating.rated_on, now)
			self.assertEqual(bool(rating.is_real_name), bool(rating.rater_name))
			self.assertEqual(bool(rating.rectification), bool(rating.is_bad_review), rating.name)

		bad = {r.name: r for r in ratings if r.is_bad_review}
		rectifications = self.rows(
			"GH Rectification",
			["name", "rating", "opened_on", "due_date", "status", "is_overdue", "handling"]
			+ ["follow_up_required", "follow_up_result"],
		)
		self.assertEqual(sorted(r.rating for r in rectifications), sorted(bad))
		calendar = get_hall_calendar(self.s.hall)
		today = getdate()
		for row in rectifications:
			self.assertEqual(bad[row.rating].rectification, row.name)
			self.assertEqual(getdate(row.due_date), calendar.add_working_days(getdate(row.opened_on), 15))
			if row.status != "Appeal Upheld":
				self.assertEqual(row.status, current_status(row), row.name)
			self.assertEqual(row.is_overdue, int(row.status == "Open" and today > getdate(row.due_date)))

		for appeal in self.rows("GH Rating Appeal", ["rating", "status"]):
			rating = bad[appeal.rating]
			expected = {"Pending": "Under Appeal", "Upheld": "Excluded", "Dismissed": "Valid"}[appeal.status]
			self.assertEqual(rating.status, expected)
			self.assertEqual(rating.counts_in_scores, int(appeal.status != "Upheld"))

		for complaint in self.rows(
			"GH Complaint",
			["name", "received_on", "reply_due_date", "status", "verification_result", "deduction_points"]
			+ ["assessment_quarter", "occurred_on", "tracking_code", "replied_on", "replied_in_time"],
		):
			received = getdate(complaint.received_on)
			self.assertEqual(getdate(complaint.reply_due_date), calendar.add_working_days(received, 5))
			self.assertEqual(
				complaint_rules.normalise_tracking_code(complaint.tracking_code), complaint.tracking_code
			)
			points = {"Substantiated": 2, "Partly Substantiated": 1}.get(complaint.verification_result, 0)
			self.assertEqual(complaint.deduction_points, points, complaint.name)
			quarter = quarter_of(getdate(complaint.occurred_on or received)) if points else None
			self.assertEqual(complaint.assessment_quarter, quarter)
			if complaint.status in ("Replied", "Closed"):
				self.assertEqual(
					complaint.replied_in_time, int(complaint.replied_on <= complaint.reply_due_date)
				)

		norms = frappe.db.count("GH Conduct Norm", {"is_active": 1})
		for inspection in self.rows(
			"GH Inspection",
			[
				"name",
				"docstatus",
				"total_points",
				"max_total_points",
				"inspection_date",
				"assessment_quarter",
			],
		):
			items = frappe.get_all(
				"GH Inspection Item",
				filters={"parent": inspection.name, "parenttype": "GH Inspection", "parentfield": "items"},
				fields=["points", "max_points", "idx", "docstatus"],
			)
			self.assertEqual(inspection.docstatus, 1)
			self.assertEqual(len(items), norms)
			self.assertEqual(sorted(i.idx for i in items), list(range(1, norms + 1)))
			self.assertEqual(inspection.total_points, sum(i.points for i in items))
			self.assertEqual(inspection.max_total_points, sum(i.max_points for i in items))
			self.assertEqual(inspection.assessment_quarter, quarter_of(getdate(inspection.inspection_date)))

		# the naming series moved past the demo's numbers: the next rating continues them
		latest = max(ratings, key=lambda r: r.name)
		prefix, serial = latest.name.rsplit("-", 1)
		self.assertEqual(current_series(prefix + "-"), int(serial))

	def test_second_run_adds_nothing(self):
		first = make_demo_voice(halls=[self.s.hall], supervisors=2)
		before = {
			key: frappe.db.count(doctype, {"hall": self.s.hall}) for key, doctype in VOICE_DOCTYPES.items()
		}
		self.assertEqual(before, first)
		second = make_demo_voice(halls=[self.s.hall], supervisors=2)
		self.assertEqual(set(second.values()), {0})
		after = {
			key: frappe.db.count(doctype, {"hall": self.s.hall}) for key, doctype in VOICE_DOCTYPES.items()
		}
		self.assertEqual(after, before)
