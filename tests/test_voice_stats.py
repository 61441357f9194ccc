"""Citizen-voice report figures on hand-made frames; every expected number worked out by hand."""

import datetime
import json

import pandas as pd

from gov_hall.rules.case_stats import records
from gov_hall.rules.voice_stats import (
	LEVEL_FIELDS,
	SHARE_FIELDS,
	chart_labels,
	complaint_table,
	complaint_total,
	inspection_table,
	inspection_total,
	level_field,
	month_key,
	months_of,
	multi_chart,
	norm_table,
	overdue_rectifications,
	rectification_table,
	rectification_total,
	satisfaction_table,
	satisfaction_total,
	share,
)

D = datetime.date
VS, S, BS, DS, VD = "Very Satisfied", "Satisfied", "Basically Satisfied", "Dissatisfied", "Very Dissatisfied"


def test_share_and_keys():
	assert share(5, 6) == 83.33
	assert share(2, 3) == 66.67
	assert share(0, 0) is None
	assert share(0, 0, default=0.0) == 0.0
	assert share(1, float("nan")) is None
	assert level_field("Very Dissatisfied") == "very_dissatisfied"
	assert LEVEL_FIELDS[0] == "very_satisfied" and SHARE_FIELDS[-1] == "very_dissatisfied_share"
	assert month_key(2026, 3) == "2026-03"
	assert list(months_of([datetime.datetime(2026, 3, 31, 23, 59), D(2025, 12, 1), None])) == [
		"2026-03",
		"2025-12",
		"",
	]


# grouped counts as the SQL GROUP BY returns them: group, level, counts_in_scores, count
RATING_COUNTS = pd.DataFrame(
	[
		("A", VS, 1, 3),
		("A", S, 1, 1),
		("A", BS, 1, 1),
		("A", DS, 1, 1),
		("A", VD, 0, 1),  # taken out by an upheld appeal
		("B", VD, 1, 2),
		("B", S, 1, 2),
		(None, VS, 1, 1),
		("C", DS, 0, 1),  # nothing but an excluded rating
	],
	columns=["group", "level", "counts_in_scores", "count"],
)


def test_satisfaction_table_worst_first():
	table = satisfaction_table(RATING_COUNTS)
	assert list(table["group"]) == ["B", "A", "", "C"]
	b, a, blank, c = records(table)
	# A: 3+1+1+1 counted, one bad; (3*5 + 4 + 3 + 2) / 6 = 4.0
	assert [a[f] for f in LEVEL_FIELDS] == [3, 1, 1, 1, 0]
	assert (a["total"], a["excluded"], a["satisfaction_rate"], a["average_score"]) == (6, 1, 83.33, 4.0)
	assert [a[f] for f in SHARE_FIELDS] == [50.0, 16.67, 16.67, 16.67, 0.0]
	# B: 2 satisfied, 2 very dissatisfied: (8 + 2) / 4 = 2.5
	assert (b["total"], b["satisfaction_rate"], b["average_score"], b["excluded"]) == (4, 50.0, 2.5, 0)
	assert (blank["total"], blank["satisfaction_rate"], blank["average_score"]) == (1, 100.0, 5.0)
	assert (c["total"], c["satisfaction_rate"], c["average_score"], c["excluded"]) == (0, None, None, 1)
	assert [c[f] for f in SHARE_FIELDS] == [0.0] * 5
	json.dumps(records(table))


def test_satisfaction_total_recomputed_from_counts():
	total = satisfaction_total(satisfaction_table(RATING_COUNTS))
	assert [total[f] for f in LEVEL_FIELDS] == [4, 3, 1, 1, 2]
	# 8 good of 11; (20 + 12 + 3 + 2 + 2) / 11 = 3.545...
	assert (total["total"], total["excluded"], total["satisfaction_rate"], total["average_score"]) == (
		11,
		2,
		72.73,
		3.55,
	)
	empty = satisfaction_total(satisfaction_table(RATING_COUNTS.iloc[0:0]))
	assert (empty["total"], empty["satisfaction_rate"], empty["excluded"]) == (0, None, 0)


def test_satisfaction_one_row_per_rating_and_months_in_order():
	ratings = pd.DataFrame(
		{
			"group": ["2026-02", "2026-01", "2026-02", "2026-01"],
			"level": [VD, VS, S, BS],
			"counts_in_scores": [1, 1, 1, 0],
		}
	)
	table = records(satisfaction_table(ratings, chronological=True))
	assert [r["group"] for r in table] == ["2026-01", "2026-02"]
	assert (table[0]["total"], table[0]["excluded"], table[0]["satisfaction_rate"]) == (1, 1, 100.0)
	assert (table[1]["total"], table[1]["satisfaction_rate"], table[1]["average_score"]) == (2, 50.0, 2.5)
	assert satisfaction_table(ratings.iloc[0:0]).empty


TODAY = D(2026, 6, 10)
RECTS = pd.DataFrame(
	[
		# name, department, status, handling, handled_in_time, follow_up_required, follow_up_result, due_date
		("RC-1", "X", "Open", None, 0, 1, None, D(2026, 6, 1)),
		("RC-2", "X", "Open", "", 0, 0, "", D(2026, 6, 10)),  # due today: not overdue yet
		("RC-3", "X", "Closed", "Rectified", 1, 1, "Satisfied", D(2026, 6, 20)),
		("RC-4", "X", "Awaiting Follow-up", "Explained", 0, 1, None, D(2026, 5, 20)),
		("RC-5", "X", "Closed", "Rectified", 1, 1, "Unreachable", D(2026, 6, 20)),
		("RC-6", "X", "Appeal Upheld", None, 0, 1, None, D(2026, 5, 1)),
		("RC-7", "Y", "Closed", "Rectified", 1, 0, None, D(2026, 6, 20)),
		("RC-8", "Y", "Open", None, 0, 0, None, D(2026, 5, 27)),
	],
	columns=[
		"name",
		"department",
		"status",
		"handling",
		"handled_in_time",
		"follow_up_required",
		"follow_up_result",
		"due_date",
	],
)


def test_rectification_table():
	table = records(rectification_table(RECTS, "department", TODAY))
	x, y = table
	assert x["department"] == "X"
	# 6 bad reviews, one taken out by an appeal: 3 of the remaining 5 handled, 2 of them in time;
	# 4 follow-ups required (RC-1, 3, 4, 5), 2 made (the unreachable call counts), 1 satisfied
	assert (x["bad_reviews"], x["handled"], x["handled_in_time"]) == (6, 3, 2)
	assert (x["rectification_rate"], x["on_time_rate"]) == (60.0, 66.67)
	assert (x["follow_ups_required"], x["followed_up"], x["follow_up_rate"], x["satisfied_with_fix"]) == (
		4,
		2,
		50.0,
		1,
	)
	assert (x["open"], x["overdue"], x["appeal_upheld"]) == (2, 1, 1)
	assert (y["bad_reviews"], y["handled"], y["rectification_rate"], y["on_time_rate"]) == (2, 1, 50.0, 100.0)
	assert (y["follow_ups_required"], y["follow_up_rate"], y["open"], y["overdue"]) == (0, None, 1, 1)
	# equal overdue counts: more open first
	assert [r["department"] for r in table] == ["X", "Y"]
	total = rectification_total(rectification_table(RECTS, "department", TODAY))
	assert (total["bad_reviews"], total["handled"], total["handled_in_time"]) == (8, 4, 3)
	assert (total["rectification_rate"], total["on_time_rate"], total["follow_up_rate"]) == (
		57.14,
		75.0,
		50.0,
	)
	assert (total["open"], total["overdue"], total["appeal_upheld"], total["satisfied_with_fix"]) == (
		3,
		2,
		1,
		1,
	)
	assert rectification_table(RECTS.iloc[0:0], "department", TODAY).empty
	assert (
		rectification_total(rectification_table(RECTS.iloc[0:0], "department", TODAY))["on_time_rate"] is None
	)


def test_overdue_rectifications_longest_first():
	overdue = records(overdue_rectifications(RECTS, TODAY))
	# RC-1 due 1 June (9 days), RC-8 due 27 May (14 days); RC-4 is handled, RC-6 appeal upheld
	assert [(r["name"], r["days_overdue"]) for r in overdue] == [("RC-8", 14), ("RC-1", 9)]
	assert overdue_rectifications(RECTS, D(2026, 5, 1)).empty
	assert overdue_rectifications(RECTS.iloc[0:0], TODAY).empty


COMPLAINTS = pd.DataFrame(
	[
		# category, verification_result, replied_on, replied_in_time, deduction_points
		("Efficiency", "Substantiated", D(2026, 3, 2), 1, 2.0),
		("Efficiency", "Partly Substantiated", D(2026, 3, 5), 0, 1.0),
		("Efficiency", "Unsubstantiated", D(2026, 3, 3), 1, 0.0),
		("Efficiency", None, None, 0, 0.0),
		("Service Attitude", "Substantiated", None, 0, 2.5),
		("Integrity", "", None, 0, None),
	],
	columns=["category", "verification_result", "replied_on", "replied_in_time", "deduction_points"],
)
CATEGORY_ORDER = ["Service Attitude", "Efficiency", "Integrity", "Competence", "Facilities", "Other"]


def test_complaint_table_by_category():
	table = records(complaint_table(COMPLAINTS, "category", CATEGORY_ORDER))
	assert [r["category"] for r in table] == ["Service Attitude", "Efficiency", "Integrity"]
	attitude, efficiency, integrity = table
	assert (
		efficiency["substantiated"],
		efficiency["partly_substantiated"],
		efficiency["unsubstantiated"],
		efficiency["pending"],
		efficiency["total"],
	) == (1, 1, 1, 1, 4)
	# 2 of the 3 verified count against the window; 2 of 3 replies in time
	assert (efficiency["substantiated_rate"], efficiency["replied"], efficiency["replied_in_time"]) == (
		66.67,
		3,
		2,
	)
	assert (efficiency["reply_on_time_rate"], efficiency["deduction_points"]) == (66.67, 3.0)
	assert (attitude["total"], attitude["substantiated_rate"], attitude["reply_on_time_rate"]) == (
		1,
		100.0,
		None,
	)
	assert attitude["deduction_points"] == 2.5
	assert (integrity["pending"], integrity["substantiated_rate"], integrity["deduction_points"]) == (
		1,
		None,
		0.0,
	)
	json.dumps(table)


def test_complaint_table_busiest_first_and_total():
	table = complaint_table(COMPLAINTS, "category")
	assert list(table["category"]) == ["Efficiency", "Integrity", "Service Attitude"]
	total = complaint_total(COMPLAINTS)
	assert (
		total["substantiated"],
		total["partly_substantiated"],
		total["unsubstantiated"],
		total["pending"],
	) == (
		2,
		1,
		1,
		2,
	)
	assert (total["total"], total["substantiated_rate"], total["replied"], total["reply_on_time_rate"]) == (
		6,
		75.0,
		3,
		66.67,
	)
	assert total["deduction_points"] == 5.5
	empty = complaint_total(COMPLAINTS.iloc[0:0])
	assert (empty["total"], empty["substantiated_rate"], empty["deduction_points"]) == (0, None, 0.0)


INSPECTIONS = pd.DataFrame(
	[
		("W1", 90.0, "Corrected", D(2026, 3, 1)),
		("W1", 80.0, "Pending", D(2026, 4, 2)),
		("W2", 95.0, "Not Required", D(2026, 2, 1)),
	],
	columns=["window", "score_rate", "correction_status", "inspection_date"],
)


def test_inspection_table_and_total():
	table = records(inspection_table(INSPECTIONS, "window"))
	assert table == [
		{
			"window": "W1",
			"inspections": 2,
			"avg_score_rate": 85.0,
			"lowest_score_rate": 80.0,
			"open_corrections": 1,
			"last_inspection": D(2026, 4, 2),
		},
		{
			"window": "W2",
			"inspections": 1,
			"avg_score_rate": 95.0,
			"lowest_score_rate": 95.0,
			"open_corrections": 0,
			"last_inspection": D(2026, 2, 1),
		},
	]
	total = inspection_total(INSPECTIONS)
	# (90 + 80 + 95) / 3 = 88.33, the mean of the inspections, not of the windows' means
	assert total == {
		"inspections": 3,
		"avg_score_rate": 88.33,
		"lowest_score_rate": 80.0,
		"open_corrections": 1,
		"last_inspection": D(2026, 4, 2),
	}
	assert inspection_total(INSPECTIONS.iloc[0:0])["avg_score_rate"] is None
	assert inspection_table(INSPECTIONS.iloc[0:0], "window").empty


def test_norm_table():
	items = pd.DataFrame(
		[
			("N02", "热情周到", 5.0, 10.0),
			("N01", "仪态端庄", 10.0, 10.0),
			("N01", "仪态端庄", 8.0, 10.0),
			("N01", "仪态端庄", 10.0, 10.0),
			("N02", "热情周到", 10.0, 10.0),
			("N03", "文明用语", 4.0, 5.0),  # the maximum was 5 before it became 10
			("N03", "文明用语", 9.0, 10.0),
		],
		columns=["norm", "norm_title", "points", "max_points"],
	)
	table = records(norm_table(items))
	assert [r["norm"] for r in table] == ["N01", "N02", "N03"]
	n01, n02, n03 = table
	assert (
		n01["scored"],
		n01["avg_points"],
		n01["avg_max_points"],
		n01["points_share"],
		n01["marked_down"],
	) == (
		3,
		9.33,
		10.0,
		93.33,
		1,
	)
	assert (n02["norm_title"], n02["avg_points"], n02["points_share"], n02["marked_down"]) == (
		"热情周到",
		7.5,
		75.0,
		1,
	)
	# 13 of 15 possible points
	assert (n03["avg_points"], n03["avg_max_points"], n03["points_share"], n03["marked_down"]) == (
		6.5,
		7.5,
		86.67,
		2,
	)
	assert norm_table(items.iloc[0:0]).empty


def test_charts():
	chart = multi_chart(
		["A", "B"], [("Good", [1, 2]), ("Bad", [None, 3])], stacked=True, colors=["#0a0", "#a00"]
	)
	assert chart == {
		"data": {
			"labels": ["A", "B"],
			"datasets": [{"name": "Good", "values": [1, 2]}, {"name": "Bad", "values": [0, 3]}],
		},
		"type": "bar",
		"barOptions": {"stacked": 1},
		"colors": ["#0a0", "#a00"],
	}
	line = multi_chart(["2026-01"], [("Rate", [99.5])], kind="line", fieldtype="Percent")
	assert (line["type"], line["fieldtype"], "barOptions" in line) == ("line", "Percent", False)
	assert len(multi_chart([str(i) for i in range(30)], [("n", list(range(30)))])["data"]["labels"]) == 20
	assert chart_labels(["u@x", None, "w"], {"u@x": "张三"}, blank="Not Set") == ["张三", "Not Set", "w"]
