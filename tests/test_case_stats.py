import pandas as pd

from gov_hall.rules.case_stats import bar_chart, on_time_table, rate


def test_rate_rounds_and_survives_zero():
	assert rate(3, 4) == 75.0
	assert rate(2, 3) == 66.7
	assert rate(0, 0) == 0.0


def test_on_time_table_worst_first():
	cases = pd.DataFrame(
		{
			"department": ["税务局", "税务局", "税务局", "公安局", "公安局", "人社局"],
			"completed_on_time": [1, 1, 0, 1, 1, 0],
		}
	)
	table = on_time_table(cases, "department")
	assert table["department"].tolist() == ["人社局", "税务局", "公安局"]
	assert table["completed"].tolist() == [1, 3, 2]
	assert table["late"].tolist() == [1, 1, 0]
	assert table["on_time_rate"].tolist() == [0.0, 66.7, 100.0]


def test_on_time_table_empty():
	empty = pd.DataFrame(columns=["window", "completed_on_time"])
	assert on_time_table(empty, "window").empty


def test_bar_chart_keeps_the_first_twenty():
	chart = bar_chart([str(i) for i in range(30)], list(range(30)), "率")
	assert chart["type"] == "bar"
	assert len(chart["data"]["labels"]) == 20
	assert chart["data"]["datasets"][0]["values"][-1] == 19
