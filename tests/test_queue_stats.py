"""Queue report figures on hand-made frames; every expected number worked out by hand."""

import datetime

import pandas as pd

from gov_hall.rules.queue_stats import (
	WAIT_FIELDS,
	hour_label,
	load_table,
	load_total,
	median_wait_minutes,
	minutes,
	now_rows,
	numbers,
	open_days,
	wait_figures,
	wait_table,
	wait_total,
	waited_minutes,
)

DT = datetime.datetime


def tickets(rows):
	return pd.DataFrame(rows, columns=["group", "status", "wait_seconds", "service_seconds", "transfers"])


def test_numbers_minutes_and_labels():
	assert numbers([1, None, float("nan"), "x", 2.5, True]) == [1.0, 2.5]
	assert minutes(90) == 1.5 and minutes(100) == 1.67 and minutes(None) is None
	assert minutes(float("nan")) is None
	assert hour_label(8) == "08:00" and hour_label(14.0) == "14:00"


def test_median_wait_minutes_of_a_window():
	# 5, 10, 20, 40 minutes: the median of an even count is the mean of the middle two
	assert median_wait_minutes([300, 600, 1200, 2400]) == 15.0
	assert median_wait_minutes([300, None, 1200, 600]) == 10.0
	assert median_wait_minutes([]) is None


def test_wait_figures_by_hand():
	part = tickets(
		[
			# waits 2, 4, 6, 8, 10 minutes (the waiting one has none yet); services 5, 15 minutes
			("A", "Done", 120, 300, 0),
			("A", "Done", 240, 900, 1),
			("A", "No Show", 360, None, 0),
			("A", "Serving", 480, None, 0),
			("A", "Called", 600, None, 2),
			("A", "Waiting", None, None, 0),
		]
	)
	figures = wait_figures(part)
	assert figures == {
		"tickets": 6,
		"served": 2,
		"no_shows": 1,
		"no_show_rate": 20.0,  # 1 of the 5 called
		"transfers": 3,
		"median_wait": 6.0,
		# p90 of 2, 4, 6, 8, 10: position 0.9 * 4 = 3.6 -> 8 + 0.6 * 2 = 9.2
		"p90_wait": 9.2,
		"median_service": 10.0,
		# p90 of 5, 15: 5 + 0.9 * 10 = 14
		"p90_service": 14.0,
	}
	# the same as numpy's / pandas' default quantile
	assert figures["p90_wait"] == round(pd.Series([120, 240, 360, 480, 600]).quantile(0.9) / 60, 2)


def test_wait_table_longest_median_first_and_total_over_all_tickets():
	frame = tickets(
		[
			("A", "Done", 600, 300, 0),
			("A", "Done", 1200, 300, 0),
			("B", "Done", 60, 120, 0),
			("B", "Done", 120, 120, 0),
			("B", "Done", 180, 120, 1),
			(None, "Waiting", None, None, 0),
		]
	)
	table = wait_table(frame)
	assert list(table.columns) == ["group", *WAIT_FIELDS]
	assert list(table["group"]) == ["A", "B", ""]  # the group never called comes last
	assert (table["median_wait"][0], table["median_wait"][1], table["median_wait"][2]) == (15.0, 2.0, None)
	assert list(table["tickets"]) == [2, 3, 1]
	total = wait_total(frame)
	# all waits: 1, 2, 3, 10, 20 minutes -> median 3 (not the mean of the groups' medians)
	assert (total["tickets"], total["median_wait"], total["transfers"]) == (6, 3.0, 1)
	assert total["median_service"] == 2.0
	assert wait_total(tickets([]))["tickets"] == 0
	assert wait_table(tickets([])).empty


def test_wait_table_by_hour_keeps_the_hours_in_order():
	frame = tickets([("09:00", "Done", 60, 60, 0), ("08:00", "Done", 600, 60, 0), ("10:00", "Done", 6, 6, 0)])
	assert list(wait_table(frame, chronological=True)["group"]) == ["08:00", "09:00", "10:00"]


def test_load_per_hour_against_windows_open():
	issued = pd.DataFrame(
		[
			# two days; 9 o'clock is busy
			("2026-03-02", 9, 30),
			("2026-03-02", 10, 10),
			("2026-03-03", 9, 50),
			("2026-03-03", 14, 4),
		],
		columns=["day", "hour", "tickets"],
	)
	calls = pd.DataFrame(
		[
			("2026-03-02", 9, "W1"),
			("2026-03-02", 9, "W2"),
			("2026-03-02", 9, "W2"),  # the same window twice in an hour counts once
			("2026-03-03", 9, "W1"),
			("2026-03-03", 9, "W2"),
			("2026-03-03", 9, "W3"),
			("2026-03-02", 10, "W1"),
			("2026-03-02", 11, "W1"),  # still working off the queue: called, none issued
			("2026-03-02", 11, None),
		],
		columns=["day", "hour", "window"],
	)
	assert open_days(issued) == 2
	table = load_table(issued, calls)
	rows = {row["hour"]: row for row in table.to_dict("records")}
	assert list(rows) == ["09:00", "10:00", "11:00", "14:00"]
	# 9 o'clock: 80 tickets over 2 days, 2 + 3 window-hours
	assert rows["09:00"] == {
		"hour": "09:00",
		"tickets": 80,
		"tickets_per_day": 40.0,
		"window_hours": 5,
		"windows_open": 2.5,
		"tickets_per_window": 16.0,
	}
	assert (rows["10:00"]["tickets"], rows["10:00"]["window_hours"], rows["10:00"]["tickets_per_window"]) == (
		10,
		1,
		10.0,
	)
	assert (rows["11:00"]["tickets"], rows["11:00"]["tickets_per_window"]) == (0, 0.0)
	assert (rows["14:00"]["window_hours"], rows["14:00"]["tickets_per_window"]) == (0, None)
	total = load_total(table, open_days(issued))
	assert total == {
		"tickets": 94,
		"tickets_per_day": 47.0,
		"window_hours": 7,
		"windows_open": 3.5,
		"tickets_per_window": 13.43,
		"peak_hour": "09:00",
	}
	empty = load_table(issued.iloc[0:0], calls.iloc[0:0])
	assert empty.empty and load_total(empty, 0)["peak_hour"] is None


def test_waited_minutes_never_negative():
	now = DT(2026, 3, 2, 10, 0)
	assert waited_minutes(now, DT(2026, 3, 2, 9, 30)) == 30.0
	assert waited_minutes(now, DT(2026, 3, 2, 10, 30)) == 0.0
	assert waited_minutes(now, None) == 0.0


def test_now_rows_by_hand():
	now = DT(2026, 3, 2, 10, 0)
	waiting = [
		{"department": "D1", "issued_on": DT(2026, 3, 2, 9, 20)},
		{"department": "D1", "issued_on": DT(2026, 3, 2, 9, 50)},
		# checked in at 9:00 for a 9:45 slot: waits from 9:45
		{"department": "D2", "issued_on": DT(2026, 3, 2, 9, 0), "slot_start": DT(2026, 3, 2, 9, 45)},
		# checked in early for an 11:00 slot: nothing waited yet
		{"department": "D2", "issued_on": DT(2026, 3, 2, 9, 55), "slot_start": DT(2026, 3, 2, 11, 0)},
	]
	at_windows = [
		{
			"department": "D1",
			"window": "W-5",
			"window_number": "5",
			"ticket_number": "A023",
			"name": "QT-1",
			"status": "Serving",
			"staff_name": "张三",
			"called_on": DT(2026, 3, 2, 9, 52),
		},
		{
			"department": "D3",
			"window": "W-1",
			"window_number": "1",
			"ticket_number": "C001",
			"status": "Called",
			"called_on": DT(2026, 3, 2, 9, 59, 30),
		},
	]
	rows = now_rows(waiting, at_windows, now)
	assert [(row["indent"], row.get("window") or row["department"]) for row in rows] == [
		(0, "D1"),
		(1, "W-5"),
		(0, "D2"),
		(0, "D3"),
		(1, "W-1"),
	]
	d1, w5, d2, d3, w1 = rows
	assert (d1["waiting"], d1["longest_wait"], d1["serving"]) == (2, 40.0, 1)
	assert (d2["waiting"], d2["longest_wait"], d2["serving"]) == (2, 15.0, 0)
	assert (d3["waiting"], d3["longest_wait"], d3["serving"]) == (0, None, 1)
	assert (w5["ticket_number"], w5["status"], w5["at_window_minutes"], w5["ticket"]) == (
		"A023",
		"Serving",
		8.0,
		"QT-1",
	)
	assert (w1["at_window_minutes"], w1["department"]) == (0.5, "D3")
	assert now_rows([], [], now) == []
