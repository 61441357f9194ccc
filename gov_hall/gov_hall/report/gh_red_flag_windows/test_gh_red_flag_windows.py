"""红旗窗口 from a run computed from real cases: ranks, activity shares, top N, eligibility, ties, and
that only managers ever see an unpublished run."""

import frappe

from gov_hall.tests.assessment_data import RankingTestCase

REPORT = "GH Red-Flag Windows"


def by_window(rows: list[dict]) -> dict:
	return {row["window"]: row for row in rows}


class TestRedFlagWindows(RankingTestCase):
	report_name = REPORT

	def test_activity_points_win_the_top_place_and_show_how_much(self):
		# the second window earns 2 activity points: 28 beats the first window's 27
		self.edit_run(
			"window_results",
			"window",
			{self.s.other_window: {"activity_points_raw": 2, "activity_points": 2, "computed_score": 28}},
		)
		self.publish()
		report = self.report(self.chief)
		rows = report["result"]
		self.assertEqual([row["window"] for row in rows], [self.s.other_window, self.s.window])
		other, first = rows
		self.assertEqual(
			(other["rank"], other["final_score"], other["work_points"], other["activity_points"]),
			(1, 28.0, 26.0, 2.0),
		)
		self.assertEqual((other["activity_share"], other["rank_without_activities"]), (7.14, 2))
		self.assertEqual((other["tier"], other["on_time_rate"], other["satisfaction_rate"]), (5, 100.0, None))
		self.assertEqual((first["rank"], first["final_score"], first["activity_share"]), (2, 27.0, 0.0))
		self.assertEqual(first["rank_without_activities"], 1)
		self.assertEqual((other["is_red_flag"], first["is_red_flag"]), (1, 1))  # top 6 by default
		self.assertTrue(first["window_label"].endswith("测试窗口"))
		chart = report["chart"]
		self.assertEqual(chart["barOptions"], {"stacked": 1})
		self.assertEqual(
			[(d["name"], d["values"]) for d in chart["data"]["datasets"]],
			[("Work Points", [26.0, 27.0]), ("Activity Points", [2.0, 0.0])],
		)
		summary = {card["label"]: card["value"] for card in report["report_summary"]}
		self.assertEqual((summary["Quarter"], summary["Red-Flag Windows"]), (self.quarter, 2))
		self.assertEqual(summary["Honours Decided by Activity Points"], 0)

		# only the top one: the activity points decided it
		report = self.report(self.chief, top_n=1)
		self.assertEqual([row["is_red_flag"] for row in report["result"]], [1, 0])
		summary = {card["label"]: card["value"] for card in report["report_summary"]}
		self.assertEqual((summary["Red-Flag Windows"], summary["Honours Decided by Activity Points"]), (1, 1))
		self.assertEqual(summary["Average Share from Activities %"], 7.14)
		rows = self.report(self.chief, top_n=1, only_honoured=1)["result"]
		self.assertEqual([row["window"] for row in rows], [self.s.other_window])
		self.assertEqual(self.report(self.chief, quarter=self.quarter)["result"][0]["rank"], 1)
		self.assertEqual(self.report(self.chief, quarter="2001-Q1")["result"], [])
		with self.assertRaises(frappe.ValidationError):
			self.report(self.chief, quarter="2026-Q7")

	def test_an_ineligible_window_is_ranked_but_not_honoured(self):
		self.edit_run(
			"window_results",
			"window",
			{
				self.s.window: {
					"eligible": 0,
					"ineligible_reason": "本季度有属实投诉",
					"adjustment": -0.5,
					"adjustment_reason": "窗口纪律检查扣分",
				}
			},
		)
		self.publish()
		rows = self.report(self.manager, top_n=1)["result"]
		first, other = by_window(rows)[self.s.window], by_window(rows)[self.s.other_window]
		self.assertEqual((first["rank"], first["final_score"], first["adjustment"]), (1, 26.5, -0.5))
		self.assertEqual((first["eligible"], first["is_red_flag"]), (0, 0))
		self.assertEqual(first["ineligible_reason"], "本季度有属实投诉")
		self.assertEqual(first["adjustment_reason"], "窗口纪律检查扣分")
		self.assertEqual((other["rank"], other["is_red_flag"]), (2, 1))
		rows = self.report(self.manager, only_honoured=1)["result"]
		self.assertEqual([row["window"] for row in rows], [self.s.other_window])

	def test_equal_scores_are_ranked_by_work_then_by_name(self):
		# +1 with a reason brings the second window level with the first: 27 and 27, both all work,
		# no ratings, both on time: the window's name decides
		self.edit_run(
			"window_results",
			"window",
			{self.s.other_window: {"adjustment": 1, "adjustment_reason": "服务创新加分"}},
		)
		rows = self.report(self.manager, include_unpublished=1)["result"]
		self.assertEqual([row["final_score"] for row in rows], [27.0, 27.0])
		self.assertEqual([row["window"] for row in rows], sorted([self.s.window, self.s.other_window]))
		self.assertEqual([row["rank"] for row in rows], [1, 2])
		# work before activities: the second window's point comes from an activity instead
		self.edit_run(
			"window_results",
			"window",
			{
				self.s.other_window: {
					"adjustment": 0,
					"adjustment_reason": None,
					"activity_points_raw": 1,
					"activity_points": 1,
					"computed_score": 27,
				}
			},
		)
		rows = self.report(self.manager, include_unpublished=1)["result"]
		self.assertEqual([row["final_score"] for row in rows], [27.0, 27.0])
		self.assertEqual([row["window"] for row in rows], [self.s.window, self.s.other_window])

	def test_only_managers_see_unpublished_runs(self):
		draft = self.report(self.manager, include_unpublished=1)
		self.assertEqual(len(draft["result"]), 2)
		summary = {card["label"]: card["value"] for card in draft["report_summary"]}
		self.assertEqual(summary["Status"], "Draft")
		for user in (self.chief, self.manager):
			self.assertEqual(self.report(user)["result"], [])
		# asking for unpublished runs changes nothing for others
		self.assertEqual(self.report(self.chief, include_unpublished=1)["result"], [])
		self.assertEqual(self.report(self.chief, include_unpublished=1, quarter=self.quarter)["result"], [])
		window_staff = self.s.staff
		with self.assertRaises(frappe.PermissionError):
			self.report(window_staff)
		self.publish()
		self.assertEqual(len(self.report(self.chief)["result"]), 2)
