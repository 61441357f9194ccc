"""Figures of the hall floor's queue (排队叫号): waiting and service times, load per hour. Plain
Python and pandas, no Frappe.

The reports read one query's rows of queue tickets; the grouping, medians, 90th percentiles, totals
and charts happen here, so they can be checked on hand-made frames. The median and the 90th
percentile are gov_hall.rules.queue's: linear between the two nearest values (numpy's and pandas'
default), so the median of an even number of waits is the mean of the middle two. Times are shown in
minutes with two decimals.
"""

import math
from collections.abc import Iterable

import pandas as pd

from gov_hall.rules.queue import DONE, NO_SHOW, median, p90, wait_start

WAIT_FIELDS = [
	"tickets",
	"served",
	"no_shows",
	"no_show_rate",
	"transfers",
	"median_wait",
	"p90_wait",
	"median_service",
	"p90_service",
]
LOAD_FIELDS = [
	"tickets",
	"tickets_per_day",
	"window_hours",
	"windows_open",
	"tickets_per_window",
]


def numbers(values: Iterable) -> list[float]:
	"""The values that are numbers (None, NaN and text left out), as floats."""
	result = []
	for value in values:
		if isinstance(value, bool) or value is None:
			continue
		try:
			number = float(value)
		except (TypeError, ValueError):
			continue
		if not math.isnan(number):
			result.append(number)
	return result


def minutes(seconds: float | None) -> float | None:
	"""Seconds as minutes with two decimals."""
	return None if seconds is None or pd.isna(seconds) else round(float(seconds) / 60.0, 2)


def median_wait_minutes(wait_seconds: Iterable) -> float | None:
	"""A window's median wait in minutes (two decimals), as the quarterly assessment weighs it."""
	return minutes(median(numbers(wait_seconds)))


def hour_label(hour) -> str:
	"""'08:00' for hour 8."""
	return f"{int(hour):02d}:00"


def _keys(values: Iterable) -> list[str]:
	return ["" if v is None or (isinstance(v, float) and math.isnan(v)) else str(v) for v in values]


def _seconds(series: pd.Series) -> list[float]:
	return numbers(series.tolist())


def wait_figures(part: pd.DataFrame) -> dict:
	"""Tickets, served, no-shows (and their share of the tickets called), transfers, median and
	90th percentile of the wait (tickets called at least once) and of the service (tickets served)."""
	status = part["status"].astype(object)
	waits = _seconds(part["wait_seconds"])
	services = _seconds(part.loc[status == DONE, "service_seconds"])
	no_shows = int((status == NO_SHOW).sum())
	called = len(waits)
	return {
		"tickets": len(part),
		"served": int((status == DONE).sum()),
		"no_shows": no_shows,
		"no_show_rate": round(100.0 * no_shows / called, 2) if called else None,
		"transfers": int(sum(numbers(part["transfers"].tolist()))),
		"median_wait": minutes(median(waits)),
		"p90_wait": minutes(p90(waits)),
		"median_service": minutes(median(services)),
		"p90_service": minutes(p90(services)),
	}


def wait_table(tickets: pd.DataFrame, key: str = "group", chronological: bool = False) -> pd.DataFrame:
	"""Per group of ``key``: the figures of wait_figures. ``tickets`` has one row per ticket with
	``key``, ``status``, ``wait_seconds``, ``service_seconds`` and ``transfers``. Longest median wait
	first (groups nobody was called in last), then the busiest; ``chronological`` keeps the key order
	(hours)."""
	if tickets.empty:
		return pd.DataFrame(columns=[key, *WAIT_FIELDS])
	tickets = tickets.assign(**{key: _keys(tickets[key])})
	rows = [{key: group, **wait_figures(part)} for group, part in tickets.groupby(key, sort=True)]
	table = pd.DataFrame(rows, columns=[key, *WAIT_FIELDS], dtype=object)
	if chronological:
		return table.reset_index(drop=True)
	order = sorted(
		range(len(rows)),
		key=lambda i: (
			rows[i]["median_wait"] is None,
			-(rows[i]["median_wait"] or 0.0),
			-rows[i]["tickets"],
			rows[i][key],
		),
	)
	return table.iloc[order].reset_index(drop=True)


def wait_total(tickets: pd.DataFrame) -> dict:
	"""The figures over all tickets (the median of all waits, not a median of the groups' medians)."""
	if tickets.empty:
		return wait_figures(pd.DataFrame(columns=["status", "wait_seconds", "service_seconds", "transfers"]))
	return wait_figures(tickets)


def open_days(issued: pd.DataFrame) -> int:
	"""Days with at least one ticket issued (the hall was open)."""
	return len({str(day) for day in issued["day"]}) if len(issued) else 0


def load_table(issued: pd.DataFrame, calls: pd.DataFrame) -> pd.DataFrame:
	"""Per hour of the day over a date range: tickets issued against windows open.

	``issued`` has one row per (``day``, ``hour``) with the tickets issued then in ``tickets``;
	``calls`` one row per (``day``, ``hour``, ``window``) in which the window called at least one
	ticket: the window was open that hour. Days are those with tickets issued (open_days).
	Per hour: tickets, tickets per day, window-hours (open windows summed over the days), windows
	open on average, and tickets per open window (tickets / window-hours; None when no window called
	in that hour). Hours in order.
	"""
	if issued.empty and calls.empty:
		return pd.DataFrame(columns=["hour", *LOAD_FIELDS])
	days = open_days(issued)
	by_hour: dict[int, dict] = {}
	for hour, tickets in zip(issued["hour"], issued["tickets"], strict=True):
		entry = by_hour.setdefault(int(hour), {"tickets": 0, "window_hours": 0})
		entry["tickets"] += int(tickets)
	if not calls.empty:
		open_windows = pd.DataFrame(
			{
				"day": [str(day) for day in calls["day"]],
				"hour": [int(hour) for hour in calls["hour"]],
				"window": _keys(calls["window"]),
			}
		)
		open_windows = open_windows[open_windows["window"] != ""].drop_duplicates()
		for hour, count in open_windows.groupby("hour").size().items():
			by_hour.setdefault(int(hour), {"tickets": 0, "window_hours": 0})["window_hours"] = int(count)
	rows = []
	for hour in sorted(by_hour):
		tickets, window_hours = by_hour[hour]["tickets"], by_hour[hour]["window_hours"]
		rows.append(
			{
				"hour": hour_label(hour),
				"tickets": tickets,
				"tickets_per_day": round(tickets / days, 2) if days else None,
				"window_hours": window_hours,
				"windows_open": round(window_hours / days, 2) if days else None,
				"tickets_per_window": round(tickets / window_hours, 2) if window_hours else None,
			}
		)
	return pd.DataFrame(rows, columns=["hour", *LOAD_FIELDS], dtype=object)


def load_total(table: pd.DataFrame, days: int) -> dict:
	"""The day as a whole: tickets, tickets per day, window-hours, window-hours per day, tickets per
	window-hour, and the peak hour (most tickets; the earlier one on a tie)."""
	tickets = int(sum(table["tickets"])) if len(table) else 0
	window_hours = int(sum(table["window_hours"])) if len(table) else 0
	peak = None
	if tickets:
		best = max(range(len(table)), key=lambda i: (table["tickets"].iloc[i], -i))
		peak = table["hour"].iloc[best]
	return {
		"tickets": tickets,
		"tickets_per_day": round(tickets / days, 2) if days else None,
		"window_hours": window_hours,
		"windows_open": round(window_hours / days, 2) if days else None,
		"tickets_per_window": round(tickets / window_hours, 2) if window_hours else None,
		"peak_hour": peak,
	}


def waited_minutes(now, since) -> float:
	"""Minutes from ``since`` to ``now`` (two decimals), never negative."""
	if since is None or pd.isna(since):
		return 0.0
	return round(max((now - since).total_seconds(), 0.0) / 60.0, 2)


def now_rows(waiting: Iterable[dict], at_windows: Iterable[dict], now) -> list[dict]:
	"""The hall floor now: a row per department (tickets waiting, the longest wait so far, windows
	serving its tickets) followed by a row per window serving one of its tickets (indent 1).

	``waiting``: the waiting tickets (department, issued_on, slot_start); the wait of an appointment
	holder who checked in early starts at the slot (gov_hall.rules.queue.wait_start). ``at_windows``:
	the tickets called or being served (department, window, window_number, ticket_number, status,
	called_on, staff, staff_name). Departments with the longest wait first, then the most waiting.
	"""
	departments: dict[str, dict] = {}

	def department(name) -> dict:
		key = "" if name is None else str(name)
		return departments.setdefault(
			key,
			{"department": key, "waiting": 0, "longest_wait": None, "serving": 0, "windows": []},
		)

	for ticket in waiting:
		entry = department(ticket.get("department"))
		entry["waiting"] += 1
		since = wait_start(ticket["issued_on"], ticket.get("slot_start"))
		waited = waited_minutes(now, since)
		entry["longest_wait"] = max(entry["longest_wait"] or 0.0, waited)
	for ticket in at_windows:
		entry = department(ticket.get("department"))
		entry["serving"] += 1
		entry["windows"].append(
			{
				"indent": 1,
				"department": entry["department"],
				"window": ticket.get("window"),
				"window_number": ticket.get("window_number"),
				"ticket_number": ticket.get("ticket_number"),
				"ticket": ticket.get("name"),
				"status": ticket.get("status"),
				"staff": ticket.get("staff"),
				"staff_name": ticket.get("staff_name"),
				"called_on": ticket.get("called_on"),
				"at_window_minutes": waited_minutes(now, ticket.get("called_on")),
			}
		)
	ordered = sorted(
		departments.values(),
		key=lambda d: (-(d["longest_wait"] or 0.0), -d["waiting"], d["department"]),
	)
	rows = []
	for entry in ordered:
		windows = sorted(
			entry.pop("windows"), key=lambda w: (str(w["window_number"] or ""), str(w["window"]))
		)
		rows.append({"indent": 0, **entry})
		rows.extend(windows)
	return rows
