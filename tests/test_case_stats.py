import datetime
import json

import pandas as pd
import pytest

from gov_hall.rules.case_stats import (
	bar_chart,
	count_by,
	on_time_table,
	period_start,
	plain,
	rate,
	records,
	table_chart,
	total_row,
	violation_table,
	working_days_used,
)
from gov_hall.rules.workdays import WorkCalendar

D = datetime.date


def test_rate_rounds_and_survives_zero():
	assert rate(3, 4) == 75.0
	assert rate(2, 3) == 66.7
	assert rate(1, 8) == 12.5
	assert rate(0, 0) == 0.0
	assert rate(0, 0, default=None) is None
	assert rate(5, float("nan")) == 0.0


def test_period_start():
	assert period_start(D(2026, 8, 19)) == D(2026, 1, 1)
	assert period_start(D(2026, 8, 19), "quarter") == D(2026, 7, 1)
	assert period_start(D(2026, 3, 31), "quarter") == D(2026, 1, 1)
	assert period_start(D(2026, 12, 31), "quarter") == D(2026, 10, 1)
	with pytest.raises(ValueError):
		period_start(D(2026, 1, 1), "month")


def test_on_time_table_worst_first_with_open_overdue():
	cases = pd.DataFrame(
		{
			"department": ["税务局", "税务局", "税务局", "公安局", "公安局", "人社局"],
			"completed_on_time": [1, 1, 0, 1, 1, 0],
			"days_used": [3, 4, 8, 2, 2, 6],
		}
	)
	table = on_time_table(cases, "department", {"税务局": 2, "市场监管局": 4})
	# the market regulator has overdue open cases and no completions: listed last, with no rate
	assert table["department"].tolist() == ["人社局", "税务局", "公安局", "市场监管局"]
	assert table["completed"].tolist() == [1, 3, 2, 0]
	assert table["on_time"].tolist() == [0, 2, 2, 0]
	assert table["late"].tolist() == [1, 1, 0, 0]
	assert table["on_time_rate"].tolist() == [0.0, 66.7, 100.0, None]
	assert table["avg_days_used"].tolist() == [6.0, 5.0, 2.0, None]
	assert table["open_overdue"].tolist() == [0, 2, 0, 4]
	assert total_row(table) == {
		"completed": 6,
		"on_time": 4,
		"late": 2,
		"on_time_rate": 66.7,
		"open_overdue": 6,
	}


def test_on_time_table_equal_rates_busiest_first_and_missing_group():
	cases = pd.DataFrame(
		{"window": ["A01", "B02", "B02", None], "completed_on_time": [1, 1, 1, 0]},
	)
	table = on_time_table(cases, "window")
	assert table["completed"].tolist() == [1, 2, 1]
	assert table["on_time_rate"].tolist() == [0.0, 100.0, 100.0]
	assert table["window"].iloc[1:].tolist() == ["B02", "A01"]
	assert pd.isna(table["window"].iloc[0])
	# cases without a window keep their open overdue count in the same row
	merged = records(on_time_table(cases, "window", {None: 2, "C03": 1}))
	assert [(r["window"], r["completed"], r["open_overdue"]) for r in merged] == [
		(None, 1, 2),
		("B02", 2, 0),
		("A01", 1, 0),
		("C03", 0, 1),
	]


def test_on_time_table_empty():
	empty = pd.DataFrame(columns=["window", "completed_on_time"])
	table = on_time_table(empty, "window")
	assert table.empty
	assert total_row(table) == {
		"completed": 0,
		"on_time": 0,
		"late": 0,
		"on_time_rate": 0.0,
		"open_overdue": 0,
	}
	only_overdue = on_time_table(empty, "window", {"A01": 3})
	assert only_overdue[["window", "completed", "open_overdue"]].values.tolist() == [["A01", 0, 3]]


def test_working_days_used_across_national_day_2025():
	calendar = WorkCalendar()
	cases = pd.DataFrame(
		{
			"hall": ["QS", "QS", "QS", "CG"],
			# 2025-09-30 → 2025-10-13: the holiday 10-01..10-08 is not counted, Saturday 10-11 (调休) is
			"clock_start": [D(2025, 9, 30), D(2025, 9, 30), D(2025, 10, 9), None],
			"completed_on": [
				datetime.datetime(2025, 10, 13, 16, 30),
				datetime.datetime(2025, 10, 13, 9, 0),
				datetime.datetime(2025, 10, 9, 11, 0),
				datetime.datetime(2025, 10, 9, 11, 0),
			],
			"paused_working_days": [0, 2, 0, 0],
		}
	)
	used = working_days_used(cases, {"QS": calendar.is_working_day, "CG": calendar.is_working_day})
	assert calendar.working_days_between(D(2025, 9, 30), D(2025, 10, 13)) == 4
	assert used.iloc[:3].tolist() == [4.0, 2.0, 0.0]
	assert pd.isna(used.iloc[3])


def test_working_days_used_per_hall_calendar():
	closed = WorkCalendar(closures=[D(2026, 3, 4)])
	cases = pd.DataFrame(
		{
			"hall": ["A", "B"],
			"clock_start": [D(2026, 3, 2), D(2026, 3, 2)],
			"completed_on": [D(2026, 3, 6), D(2026, 3, 6)],
			"paused_working_days": [None, None],
		}
	)
	used = working_days_used(cases, {"A": WorkCalendar().is_working_day, "B": closed.is_working_day})
	assert used.tolist() == [4.0, 3.0]


def test_violation_table_per_window_and_staff():
	notices = pd.DataFrame(
		{
			"name": ["SN1", "SN2", "SN3", "SN4", "SN5"],
			"window": ["A01", "A01", "A01", "B02", "B02"],
			"issued_by": ["li@x", "li@x", "wang@x", "zhao@x", "zhao@x"],
			"is_violation": [0, 1, 0, 0, 0],
			"is_first_notice": [1, 0, 1, 1, 1],
			"issued_in_time": [1, 1, 0, 0, 1],
		}
	)
	table = violation_table(notices, ["window", "issued_by"])
	assert table[["window", "issued_by"]].values.tolist() == [
		["A01", "li@x"],
		["B02", "zhao@x"],
		["A01", "wang@x"],
	]
	assert table["notices"].tolist() == [2, 2, 1]
	assert table["violations"].tolist() == [1, 0, 0]
	assert table["violation_rate"].tolist() == [50.0, 0.0, 0.0]
	assert table["late_first_notices"].tolist() == [0, 1, 1]
	per_window = violation_table(notices, ["window"])
	assert per_window.to_dict("list") == {
		"window": ["A01", "B02"],
		"notices": [3, 2],
		"violations": [1, 0],
		"violation_rate": [33.3, 0.0],
		"late_first_notices": [1, 1],
	}
	assert violation_table(notices.iloc[0:0], ["window"]).empty


def test_count_by_card_level():
	assert count_by(["Red", None, "Yellow", "", "Red"], ["Red", "Yellow", ""]) == [2, 1, 2]
	assert count_by([], ["Red", "Yellow", ""]) == [0, 0, 0]


def test_bar_chart_keeps_the_first_twenty():
	chart = bar_chart([str(i) for i in range(30)], list(range(30)), "率")
	assert chart["type"] == "bar"
	assert len(chart["data"]["labels"]) == 20
	assert chart["data"]["datasets"][0]["values"][-1] == 19


def test_table_chart_keeps_rows_renames_labels_and_blanks():
	table = pd.DataFrame({"matter": ["TM-1", None, "TM-2", "TM-3"], "rate": [50.0, 75.0, 100.0, None]})
	chart = table_chart(
		table,
		"matter",
		"rate",
		"按时办结率 %",
		keep=table["rate"].notna(),
		labels={"TM-1": "个体工商户登记"},
		blank="未设置",
		fieldtype="Percent",
	)
	assert chart["data"]["labels"] == ["个体工商户登记", "未设置", "TM-2"]
	assert chart["data"]["datasets"] == [{"name": "按时办结率 %", "values": [50.0, 75.0, 100.0]}]
	assert chart["fieldtype"] == "Percent"
	empty = table_chart(table.iloc[0:0], "matter", "rate", "率")
	assert empty["data"]["labels"] == [] and empty["data"]["datasets"][0]["values"] == []


def test_records_are_plain_python():
	frame = pd.DataFrame(
		{
			"n": [1, 2],
			"window": ["A01", None],
			"issued_on": [datetime.datetime(2026, 3, 2, 9, 30), None],
			"rate": [12.5, float("nan")],
		}
	)
	rows = records(frame)
	assert rows == [
		{"n": 1, "window": "A01", "issued_on": datetime.datetime(2026, 3, 2, 9, 30), "rate": 12.5},
		{"n": 2, "window": None, "issued_on": None, "rate": None},
	]
	assert type(rows[0]["n"]) is int
	json.dumps(rows, default=str)
	assert plain(pd.NaT) is None and plain("文本") == "文本"
