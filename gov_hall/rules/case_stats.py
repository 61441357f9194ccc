"""Figures the case reports share. Plain Python and pandas, no Frappe.

The reports read their rows with one or two set-based queries; everything after that (grouping,
rates, totals, working days used, the chart) happens here, so it can be tested on its own.
"""

import datetime
from collections.abc import Callable, Iterable, Mapping

import pandas as pd

Date = datetime.date


def rate(part: float, whole: float, default: float | None = 0.0) -> float | None:
	"""A percentage rounded to one decimal; ``default`` when there is nothing to divide."""
	if not whole or pd.isna(whole):
		return default
	return round(100.0 * float(part) / float(whole), 1)


def period_start(day: Date, period: str = "year") -> Date:
	"""First day of the year or quarter that ``day`` falls in (the reports' default range)."""
	if period == "quarter":
		return Date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
	if period == "year":
		return Date(day.year, 1, 1)
	raise ValueError(f"unknown period: {period}")


def working_days_used(cases: pd.DataFrame, is_working_day: Mapping[str, Callable[[Date], bool]]) -> pd.Series:
	"""Working days each completed case used: (clock start, completed] minus paused working days.

	``cases`` has ``hall``, ``clock_start``, ``completed_on`` and ``paused_working_days``;
	``is_working_day`` maps each hall to its calendar's test. One cumulative working-day index per
	hall over the span of its cases, so the cost does not grow with the length of each case.
	"""
	used = pd.Series(float("nan"), index=cases.index, dtype="float64")
	if cases.empty:
		return used
	start = pd.to_datetime(cases["clock_start"], errors="coerce").dt.normalize()
	end = pd.to_datetime(cases["completed_on"], errors="coerce").dt.normalize()
	paused = pd.to_numeric(cases["paused_working_days"], errors="coerce").fillna(0)
	known = start.notna() & end.notna()
	for hall, rows in cases[known].groupby("hall", dropna=False):
		first = min(start[rows.index].min(), end[rows.index].min())
		last = max(start[rows.index].max(), end[rows.index].max())
		days = pd.date_range(first, last, freq="D")
		test = is_working_day[hall]
		index = pd.Series([int(test(d.date())) for d in days], index=days).cumsum()
		counted = index[end[rows.index]].to_numpy() - index[start[rows.index]].to_numpy()
		used[rows.index] = (counted - paused[rows.index].to_numpy()).clip(min=0)
	return used


def on_time_table(
	cases: pd.DataFrame, group: str, open_overdue: Mapping[str, int] | None = None
) -> pd.DataFrame:
	"""Completed, on-time and late counts, on-time rate, average working days used and open overdue
	cases per group; worst rate first (groups without completions last), then the busiest.

	``cases`` holds one row per completed case with ``group`` and ``completed_on_time`` (and
	``days_used`` when known); ``open_overdue`` counts still-open overdue cases per group, so a group
	with overdue cases and no completions still appears.
	"""
	columns = [group, "completed", "on_time", "late", "on_time_rate", "avg_days_used", "open_overdue"]
	if "days_used" not in cases:
		cases = cases.assign(days_used=float("nan"))
	cases = cases.assign(completed_on_time=pd.to_numeric(cases["completed_on_time"]).fillna(0))
	table = (
		cases.groupby(group, dropna=False)
		.agg(
			completed=("completed_on_time", "size"),
			on_time=("completed_on_time", "sum"),
			avg_days_used=("days_used", "mean"),
		)
		.reset_index()
	)
	overdue = pd.DataFrame(
		list((open_overdue or {}).items()), columns=[group, "open_overdue"], dtype="object"
	)
	table = table.merge(overdue, on=group, how="outer") if len(overdue) else table.assign(open_overdue=0)
	if table.empty:
		return pd.DataFrame(columns=columns)
	for column in ("completed", "on_time", "open_overdue"):
		table[column] = pd.to_numeric(table[column]).fillna(0).astype(int)
	table["late"] = table["completed"] - table["on_time"]
	# object columns, so that "no completions" stays None rather than NaN
	table["on_time_rate"] = pd.Series(
		[rate(o, c, default=None) for o, c in zip(table["on_time"], table["completed"], strict=True)],
		index=table.index,
		dtype="object",
	)
	table["avg_days_used"] = pd.Series(
		[None if pd.isna(v) else round(float(v), 1) for v in table["avg_days_used"]],
		index=table.index,
		dtype="object",
	)
	table["_no_rate"] = table["completed"] == 0
	table["_rate"] = table["on_time_rate"].astype("float64").fillna(0)
	table["_key"] = table[group].fillna("").astype(str)
	table = table.sort_values(["_no_rate", "_rate", "completed", "_key"], ascending=[True, True, False, True])
	return table[columns].reset_index(drop=True)


def total_row(table: pd.DataFrame) -> dict:
	"""Sums of an on-time table; the rate is recomputed from the sums, not averaged."""
	completed = int(table["completed"].sum()) if len(table) else 0
	on_time = int(table["on_time"].sum()) if len(table) else 0
	return {
		"completed": completed,
		"on_time": on_time,
		"late": completed - on_time,
		"on_time_rate": rate(on_time, completed),
		"open_overdue": int(table["open_overdue"].sum()) if len(table) else 0,
	}


def violation_table(notices: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
	"""Notices, violations, violation rate and late first notices per ``keys``; most violations first.

	``notices`` has ``name``, ``is_violation``, ``is_first_notice`` and ``issued_in_time`` and the keys.
	A late first notice is a first notice not issued within the statutory days after receipt.
	"""
	columns = [*keys, "notices", "violations", "violation_rate", "late_first_notices"]
	if notices.empty:
		return pd.DataFrame(columns=columns)
	flags = notices[["is_violation", "is_first_notice", "issued_in_time"]].apply(pd.to_numeric).fillna(0)
	notices = notices.assign(
		is_violation=flags["is_violation"].astype(int),
		late_first=((flags["is_first_notice"] == 1) & (flags["issued_in_time"] == 0)).astype(int),
	)
	table = (
		notices.groupby(keys, dropna=False)
		.agg(
			notices=("name", "size"),
			violations=("is_violation", "sum"),
			late_first_notices=("late_first", "sum"),
		)
		.reset_index()
	)
	for column in ("notices", "violations", "late_first_notices"):
		table[column] = table[column].astype(int)
	table["violation_rate"] = [rate(v, n) for v, n in zip(table["violations"], table["notices"], strict=True)]
	sort_keys = [table[k].fillna("").astype(str).rename(f"_{k}") for k in keys]
	table = pd.concat([table, *sort_keys], axis=1).sort_values(
		["violations", "notices", *(s.name for s in sort_keys)],
		ascending=[False, False] + [True] * len(keys),
	)
	return table[columns].reset_index(drop=True)


def plain(value):
	"""A pandas or numpy scalar as the plain Python value JSON and Frappe expect; None for NaN/NaT."""
	if value is None:
		return None
	if isinstance(value, pd.Timestamp):
		return None if pd.isna(value) else value.to_pydatetime()
	if hasattr(value, "item") and not isinstance(value, str | bytes):
		value = value.item()
	if isinstance(value, float) and value != value:
		return None
	if value is pd.NaT or value is pd.NA:
		return None
	return value


def records(frame: pd.DataFrame) -> list[dict]:
	"""The rows of a frame as dicts of plain Python values."""
	return [{key: plain(value) for key, value in row.items()} for row in frame.to_dict("records")]


def count_by(values: Iterable, order: list) -> list[int]:
	"""How many of ``values`` equal each entry of ``order`` (None and "" count as "")."""
	counts = pd.Series([v or "" for v in values], dtype="object").value_counts()
	return [int(counts.get(key or "", 0)) for key in order]


def bar_chart(
	labels: list[str], values: list[float], name: str, limit: int = 20, fieldtype: str | None = None
) -> dict:
	"""A Frappe chart of the first ``limit`` bars."""
	chart = {
		"data": {
			"labels": list(labels)[:limit],
			"datasets": [{"name": name, "values": list(values)[:limit]}],
		},
		"type": "bar",
	}
	if fieldtype:
		chart["fieldtype"] = fieldtype
	return chart


def table_chart(
	table: pd.DataFrame,
	label: str,
	value: str,
	name: str,
	keep: pd.Series | None = None,
	labels: Mapping[str, str] | None = None,
	blank: str = "",
	limit: int = 20,
	fieldtype: str | None = None,
) -> dict:
	"""A bar chart of ``value`` per ``label`` in the table's own order, rows where ``keep`` holds,
	labels renamed through ``labels`` and empty ones shown as ``blank``."""
	rows = table[keep] if keep is not None and len(table) else table
	names = []
	for key in rows[label] if len(rows) else []:
		key = "" if key is None or (isinstance(key, float) and pd.isna(key)) else str(key)
		names.append((labels or {}).get(key) or key or blank)
	values = [v if isinstance(v, float) else int(v) for v in rows[value]] if len(rows) else []
	return bar_chart(names, values, name, limit=limit, fieldtype=fieldtype)
