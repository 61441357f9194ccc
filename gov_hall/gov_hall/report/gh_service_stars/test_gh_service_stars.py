"""服务标兵 from a run computed from real cases: the five dimensions, activity shares, top N and
eligibility, and that only managers ever see an unpublished run."""

from gov_hall.tests.assessment_data import RankingTestCase


class TestServiceStars(RankingTestCase):
	report_name = "GH Service Stars"

	def test_dimensions_activity_share_and_top_n(self):
		# the first staff member loses 3 points of moral character (97); the other's 3 counted
		# activity points (5 earned, capped) lift them from 94.6667 to 97.6667, first place
		self.edit_run(
			"staff_results",
			"staff",
			{
				self.s.staff: {"ideology": 17},
				self.s.other_staff: {"activity_points_raw": 5, "activity_points": 3},
			},
		)
		self.publish()
		report = self.report(self.chief)
		rows = report["result"]
		self.assertEqual([row["staff"] for row in rows], [self.s.other_staff, self.s.staff])
		other, first = rows
		self.assertEqual(
			[other[f] for f in ("ideology", "skills", "attendance", "performance", "integrity")],
			[20.0, 20.0, 20.0, 14.6667, 20.0],
		)
		self.assertEqual((other["rank"], other["work_points"], other["final_score"]), (1, 94.6667, 97.6667))
		self.assertEqual(
			(other["activity_points"], other["activity_points_raw"], other["activity_share"]),
			(3.0, 5.0, 3.07),
		)
		self.assertEqual(other["rank_without_activities"], 2)
		self.assertEqual(
			[first[f] for f in ("ideology", "skills", "attendance", "performance", "integrity")],
			[17.0, 20.0, 20.0, 20.0, 20.0],
		)
		self.assertEqual((first["rank"], first["final_score"], first["activity_share"]), (2, 97.0, 0.0))
		self.assertEqual((other["is_service_star"], first["is_service_star"]), (1, 1))  # top 27
		self.assertTrue(other["staff_name"])
		chart = report["chart"]
		self.assertEqual(
			[(d["name"], d["values"]) for d in chart["data"]["datasets"]],
			[("Work Points", [94.67, 97.0]), ("Activity Points", [3.0, 0.0])],
		)
		report = self.report(self.chief, top_n=1, only_honoured=1)
		self.assertEqual([row["staff"] for row in report["result"]], [self.s.other_staff])
		summary = {card["label"]: card["value"] for card in report["report_summary"]}
		self.assertEqual((summary["Service Stars"], summary["Honours Decided by Activity Points"]), (1, 1))

	def test_an_ineligible_member_is_not_a_star(self):
		self.edit_run(
			"staff_results",
			"staff",
			{self.s.staff: {"eligible": 0, "ineligible_reason": "本季度有属实投诉"}},
		)
		self.publish()
		rows = self.report(self.manager, top_n=1)["result"]
		self.assertEqual([(row["rank"], row["is_service_star"]) for row in rows], [(1, 0), (2, 1)])
		self.assertEqual((rows[0]["final_score"], rows[1]["final_score"]), (100.0, 94.6667))
		self.assertEqual(rows[0]["ineligible_reason"], "本季度有属实投诉")

	def test_only_managers_see_unpublished_runs(self):
		self.assertEqual(len(self.report(self.manager, include_unpublished=1)["result"]), 2)
		self.assertEqual(self.report(self.chief, include_unpublished=1)["result"], [])
		self.publish()
		self.assertEqual(len(self.report(self.chief)["result"]), 2)
