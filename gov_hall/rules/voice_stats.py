"""Figures the citizen-voice reports share (好差评, 差评整改, 投诉, 督查). Plain Python and pandas, no Frappe.

The reports read their rows with one set-based query each; the grouping, rates, totals and charts
happen here, so they can be checked on hand-made frames. Percentages have two decimals, as the
satisfaction figures of gov_hall.rules.ratings and the inspection score rate have.
"""

import datetime
from collections.abc import Iterable, Mapping

import pandas as pd

from gov_hall.rules import complaints as complaint_rules
from gov_hall.rules import ratings as rating_rules

Date = datetime.date


def level_field(level: str) -> str:
	"""Column name of a rating level or complaint result: 'Very Satisfied' -> 'very_satisfied'."""
	return level.lower().replace(" ", "_")


LEVEL_FIELDS = [level_field(level) for level in rating_rules.LEVELS]
SHARE_FIELDS = [f"{field}_share" for field in LEVEL_FIELDS]
PENDING = "Pending"  # a complaint without a verification result yet
RESULT_FIELDS = [level_field(result) for result in (*complaint_rules.RESULTS, PENDING)]
GOOD_FOLLOW_UP = frozenset({"Satisfied", "Basically Satisfied"})
APPEAL_UPHELD = "Appeal Upheld"
OPEN = "Open"
CORRECTION_PENDING = "Pending"


def share(part: float, whole: float, default: float | None = None) -> float | None:
	"""``part`` of ``whole`` in percent with two decimals; ``default`` when there is nothing to divide."""
	if not whole or pd.isna(whole):
		return default
	return round(100.0 * float(part) / float(whole), 2)


def month_key(year, month) -> str:
	"""'2026-03' from a year and a month (as SQL's EXTRACT returns them)."""
	return f"{int(year):04d}-{int(month):02d}"


def months_of(values: Iterable) -> pd.Series:
	"""'YYYY-MM' of each date or datetime; '' where there is none."""
	stamps = pd.to_datetime(pd.Series(list(values), dtype="object"), errors="coerce")
	return stamps.dt.strftime("%Y-%m").fillna("").astype(object)


def keys(values: Iterable) -> list[str]:
	"""Group keys as strings: None and NaN become ''."""
	return ["" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v) for v in values]


def _blank(frame: pd.DataFrame, key: str) -> pd.DataFrame:
	return frame.assign(**{key: keys(frame[key])})


def _flag(values) -> pd.Series:
	return pd.to_numeric(pd.Series(values), errors="coerce").fillna(0).astype(int)


def _text(values) -> pd.Series:
	return pd.Series(keys(values), index=getattr(values, "index", None), dtype=object)


def _sort(table: pd.DataFrame, key: str, by: list[str], ascending: list[bool]) -> pd.DataFrame:
	"""Sort on ``by`` and then the key, without the helper columns leaking out."""
	helper = table.assign(_key=table[key].astype(str))
	return (
		helper.sort_values([*by, "_key"], ascending=[*ascending, True])
		.drop(columns="_key")
		.reset_index(drop=True)
	)


def _plain_ints(table: pd.DataFrame, columns: Iterable[str]) -> pd.DataFrame:
	for column in columns:
		table[column] = [int(v) for v in table[column]]
	return table


def _objects(values: Iterable) -> pd.Series:
	return pd.Series(list(values), dtype="object")


# ---------------------------------------------------------------------------------------------
# 好差评: satisfaction


def satisfaction_table(counts: pd.DataFrame, key: str = "group", chronological: bool = False) -> pd.DataFrame:
	"""Per group: the five level counts, total, share of each level, satisfaction rate, average score
	and the ratings taken out of scores by an upheld appeal.

	``counts`` has one row per (``key``, ``level``, ``counts_in_scores``) with the number of ratings
	in ``count`` (a SQL GROUP BY), or one row per rating without ``count``. Only ratings that count
	in scores enter the levels and the rates. Worst satisfaction first (groups with nothing counted
	last), then the busiest; ``chronological`` keeps the key order instead (months).
	"""
	columns = [key, *LEVEL_FIELDS, "total", *SHARE_FIELDS, "satisfaction_rate", "average_score", "excluded"]
	if counts.empty:
		return pd.DataFrame(columns=columns)
	counts = _blank(counts, key)
	if "count" not in counts:
		counts = counts.assign(count=1)
	counts = counts.assign(
		count=_flag(counts["count"].to_numpy()).to_numpy(),
		counts_in_scores=_flag(counts["counts_in_scores"].to_numpy()).to_numpy(),
	)
	rows = []
	for group, part in counts.groupby(key, sort=True):
		counted = part[part["counts_in_scores"] == 1]
		by_level = {
			level: int(counted.loc[counted["level"] == level, "count"].sum()) for level in rating_rules.LEVELS
		}
		row = {key: group, "excluded": int(part.loc[part["counts_in_scores"] != 1, "count"].sum())}
		row.update(satisfaction_figures(by_level))
		rows.append(row)
	table = pd.DataFrame(rows, columns=columns)
	if chronological:
		return _sort(table, key, [], [])
	table["_empty"] = table["total"] == 0
	table["_rate"] = [float(v) if v is not None else 0.0 for v in table["satisfaction_rate"]]
	table = _sort(table, key, ["_empty", "_rate", "total"], [True, True, False])
	return table[columns]


def satisfaction_figures(by_level: Mapping[str, int]) -> dict:
	"""Level counts, total, shares, satisfaction rate and average score of one group."""
	shares = rating_rules.level_shares(by_level)
	row = {
		field: int(by_level.get(level, 0))
		for level, field in zip(rating_rules.LEVELS, LEVEL_FIELDS, strict=True)
	}
	row["total"] = sum(row.values())
	row.update({f"{level_field(level)}_share": shares[level] for level in rating_rules.LEVELS})
	row["satisfaction_rate"] = rating_rules.satisfaction_rate(by_level)
	row["average_score"] = rating_rules.average_score(by_level)
	return row


def satisfaction_total(table: pd.DataFrame) -> dict:
	"""The figures of all groups together, recomputed from the summed counts."""
	by_level = {
		level: int(table[field].sum()) if len(table) else 0
		for level, field in zip(rating_rules.LEVELS, LEVEL_FIELDS, strict=True)
	}
	return {
		**satisfaction_figures(by_level),
		"excluded": int(table["excluded"].sum()) if len(table) else 0,
	}


# ---------------------------------------------------------------------------------------------
# 差评整改: rectification of bad reviews

RECTIFICATION_COUNTS = [
	"bad_reviews",
	"handled",
	"handled_in_time",
	"follow_ups_required",
	"followed_up",
	"satisfied_with_fix",
	"open",
	"overdue",
	"appeal_upheld",
]
RECTIFICATION_COLUMNS = [
	"bad_reviews",
	"handled",
	"handled_in_time",
	"rectification_rate",
	"on_time_rate",
	"follow_ups_required",
	"followed_up",
	"follow_up_rate",
	"satisfied_with_fix",
	"open",
	"overdue",
	"appeal_upheld",
]


def rectification_flags(rects: pd.DataFrame, today: Date) -> pd.DataFrame:
	"""One 0/1 column per count of :data:`RECTIFICATION_COUNTS` for each rectification.

	A rectification closed by an upheld appeal counts as a bad review and as appeal upheld only:
	the review no longer counts, so nothing is expected of the window for it. A follow-up counts when
	one was required (a real-name review); an "Unreachable" call is a follow-up made. Overdue: still
	open (nothing handled) and the due date before ``today``.
	"""
	status = _text(rects["status"])
	live = status != APPEAL_UPHELD
	handled = live & (_text(rects["handling"]) != "")
	required = live & (_flag(rects["follow_up_required"].to_numpy()).to_numpy() == 1)
	result = _text(rects["follow_up_result"])
	due = pd.to_datetime(
		pd.Series(list(rects["due_date"]), index=rects.index, dtype="object"), errors="coerce"
	)
	is_open = status == OPEN
	flags = {
		"bad_reviews": pd.Series(True, index=rects.index),
		"handled": handled,
		"handled_in_time": handled & (_flag(rects["handled_in_time"].to_numpy()).to_numpy() == 1),
		"follow_ups_required": required,
		"followed_up": required & (result != ""),
		"satisfied_with_fix": required & result.isin(GOOD_FOLLOW_UP),
		"open": is_open,
		"overdue": is_open & due.notna() & (due < pd.Timestamp(today)),
		"appeal_upheld": ~live,
	}
	return pd.DataFrame(
		{name: flag.astype(int).to_numpy() for name, flag in flags.items()}, index=rects.index
	)


def rectification_rates(row: Mapping) -> dict:
	"""Rectification rate (handled of the reviews that still count), on-time rate (of the handled)
	and follow-up rate (of the follow-ups required); None when there is nothing to divide."""
	return {
		"rectification_rate": share(row["handled"], row["bad_reviews"] - row["appeal_upheld"]),
		"on_time_rate": share(row["handled_in_time"], row["handled"]),
		"follow_up_rate": share(row["followed_up"], row["follow_ups_required"]),
	}


def rectification_table(rects: pd.DataFrame, key: str, today: Date) -> pd.DataFrame:
	"""Counts and rates per ``key``; most overdue first, then most open, then the busiest."""
	columns = [key, *RECTIFICATION_COLUMNS]
	if rects.empty:
		return pd.DataFrame(columns=columns)
	flags = rectification_flags(rects, today)
	flags[key] = keys(rects[key])
	table = flags.groupby(key, sort=True)[RECTIFICATION_COUNTS].sum().reset_index()
	table = _plain_ints(table, RECTIFICATION_COUNTS)
	rates = [rectification_rates(row) for row in table.to_dict("records")]
	for name in ("rectification_rate", "on_time_rate", "follow_up_rate"):
		table[name] = _objects(rate[name] for rate in rates)
	table = _sort(table, key, ["overdue", "open", "bad_reviews"], [False, False, False])
	return table[columns]


def rectification_total(table: pd.DataFrame) -> dict:
	row = {name: int(table[name].sum()) if len(table) else 0 for name in RECTIFICATION_COUNTS}
	return {**row, **rectification_rates(row)}


def overdue_rectifications(rects: pd.DataFrame, today: Date) -> pd.DataFrame:
	"""The open rectifications past their due date with the calendar days overdue; longest first."""
	if rects.empty:
		return rects.assign(days_overdue=pd.Series(dtype="object"))
	overdue = rects[rectification_flags(rects, today)["overdue"] == 1]
	due = pd.to_datetime(pd.Series(list(overdue["due_date"]), index=overdue.index, dtype="object"))
	overdue = overdue.assign(days_overdue=[int(d) for d in (pd.Timestamp(today) - due).dt.days])
	overdue = overdue.assign(_name=overdue["name"].astype(str))
	return (
		overdue.sort_values(["days_overdue", "_name"], ascending=[False, True])
		.drop(columns="_name")
		.reset_index(drop=True)
	)


# ---------------------------------------------------------------------------------------------
# 投诉: complaints

COMPLAINT_COUNTS = [*RESULT_FIELDS, "total", "verified", "against", "replied", "replied_in_time"]
COMPLAINT_COLUMNS = [
	*RESULT_FIELDS,
	"total",
	"substantiated_rate",
	"replied",
	"replied_in_time",
	"reply_on_time_rate",
	"deduction_points",
]


def complaint_rates(row: Mapping) -> dict:
	"""Substantiated rate: (partly) substantiated of the verified complaints; reply on-time rate: of
	the replied ones. None when there is nothing to divide."""
	return {
		"substantiated_rate": share(row["against"], row["verified"]),
		"reply_on_time_rate": share(row["replied_in_time"], row["replied"]),
	}


def complaint_table(complaints: pd.DataFrame, key: str, order: Iterable[str] | None = None) -> pd.DataFrame:
	"""Counts per verification result (Pending: none yet), total, substantiated rate, replies, reply
	on-time rate and deduction points per ``key``.

	``complaints`` has ``key``, ``verification_result``, ``replied_on``, ``replied_in_time`` and
	``deduction_points``. Rows follow ``order`` when given (the categories, months), otherwise the
	most complaints first.
	"""
	columns = [key, *COMPLAINT_COLUMNS]
	if complaints.empty:
		return pd.DataFrame(columns=columns)
	result = _text(complaints["verification_result"])
	replied = pd.Series(keys(complaints["replied_on"]), index=complaints.index) != ""
	frame = pd.DataFrame(
		{
			key: keys(complaints[key]),
			**{
				level_field(name): (result == name).astype(int).to_numpy() for name in complaint_rules.RESULTS
			},
			"pending": (~result.isin(complaint_rules.RESULTS)).astype(int).to_numpy(),
			"total": 1,
			"verified": result.isin(complaint_rules.RESULTS).astype(int).to_numpy(),
			"against": result.map(complaint_rules.counts_against).astype(int).to_numpy(),
			"replied": replied.astype(int).to_numpy(),
			"replied_in_time": (replied & (_flag(complaints["replied_in_time"].to_numpy()).to_numpy() == 1))
			.astype(int)
			.to_numpy(),
			"deduction_points": pd.to_numeric(complaints["deduction_points"], errors="coerce")
			.fillna(0.0)
			.to_numpy(),
		}
	)
	table = frame.groupby(key, sort=True)[[*COMPLAINT_COUNTS, "deduction_points"]].sum().reset_index()
	table = _plain_ints(table, COMPLAINT_COUNTS)
	table["deduction_points"] = [round(float(v), 2) for v in table["deduction_points"]]
	rates = [complaint_rates(row) for row in table.to_dict("records")]
	for name in ("substantiated_rate", "reply_on_time_rate"):
		table[name] = _objects(rate[name] for rate in rates)
	if order is not None:
		rank = {value: index for index, value in enumerate(order)}
		table = table.assign(_rank=[rank.get(value, len(rank)) for value in table[key]])
		table = _sort(table, key, ["_rank"], [True])
	else:
		table = _sort(table, key, ["total"], [False])
	return table[columns]


def complaint_total(complaints: pd.DataFrame) -> dict:
	"""The figures of all the complaints as one group."""
	if complaints.empty:
		empty = {name: 0 for name in COMPLAINT_COUNTS}
		return {
			**{c: empty.get(c, 0) for c in COMPLAINT_COLUMNS},
			"deduction_points": 0.0,
			**complaint_rates(empty),
		}
	row = complaint_table(complaints.assign(_all=""), "_all").iloc[0].to_dict()
	row.pop("_all")
	return row


# ---------------------------------------------------------------------------------------------
# 督查: inspection scores

INSPECTION_COLUMNS = [
	"inspections",
	"avg_score_rate",
	"lowest_score_rate",
	"open_corrections",
	"last_inspection",
]
NORM_COLUMNS = ["norm", "norm_title", "scored", "avg_points", "avg_max_points", "points_share", "marked_down"]


def inspection_table(inspections: pd.DataFrame, key: str) -> pd.DataFrame:
	"""Inspections, average and lowest score rate, open corrections and the last inspection date per
	``key``; worst average first, then the most inspected.

	``inspections`` has ``key``, ``score_rate``, ``correction_status`` and ``inspection_date``.
	"""
	columns = [key, *INSPECTION_COLUMNS]
	if inspections.empty:
		return pd.DataFrame(columns=columns)
	frame = pd.DataFrame(
		{
			key: keys(inspections[key]),
			"score_rate": pd.to_numeric(inspections["score_rate"], errors="coerce").fillna(0.0).to_numpy(),
			"open_corrections": (_text(inspections["correction_status"]) == CORRECTION_PENDING)
			.astype(int)
			.to_numpy(),
			"inspection_date": pd.to_datetime(
				pd.Series(list(inspections["inspection_date"]), dtype="object"), errors="coerce"
			).to_numpy(),
		}
	)
	table = (
		frame.groupby(key, sort=True)
		.agg(
			inspections=("score_rate", "size"),
			avg_score_rate=("score_rate", "mean"),
			lowest_score_rate=("score_rate", "min"),
			open_corrections=("open_corrections", "sum"),
			last_inspection=("inspection_date", "max"),
		)
		.reset_index()
	)
	table = _plain_ints(table, ["inspections", "open_corrections"])
	table["avg_score_rate"] = [round(float(v), 2) for v in table["avg_score_rate"]]
	table["lowest_score_rate"] = [round(float(v), 2) for v in table["lowest_score_rate"]]
	table["last_inspection"] = _objects(None if pd.isna(v) else v.date() for v in table["last_inspection"])
	table = _sort(table, key, ["avg_score_rate", "inspections"], [True, False])
	return table[columns]


def inspection_total(inspections: pd.DataFrame) -> dict:
	if inspections.empty:
		return {
			"inspections": 0,
			"avg_score_rate": None,
			"lowest_score_rate": None,
			"open_corrections": 0,
			"last_inspection": None,
		}
	row = inspection_table(inspections.assign(_all=""), "_all").iloc[0].to_dict()
	row.pop("_all")
	return row


def norm_table(items: pd.DataFrame) -> pd.DataFrame:
	"""Per conduct norm: items scored, average points and maximum, the share of the possible points
	obtained, and how often points were lost; in norm order.

	``items`` has ``norm``, ``norm_title``, ``points`` and ``max_points`` (one row per scored item).
	The share is the points obtained over the points possible, so a norm whose maximum changed weighs
	each inspection by its maximum.
	"""
	if items.empty:
		return pd.DataFrame(columns=NORM_COLUMNS)
	frame = pd.DataFrame(
		{
			"norm": keys(items["norm"]),
			"norm_title": keys(items["norm_title"]),
			"points": pd.to_numeric(items["points"], errors="coerce").fillna(0.0).to_numpy(),
			"max_points": pd.to_numeric(items["max_points"], errors="coerce").fillna(0.0).to_numpy(),
		}
	)
	frame["marked_down"] = (frame["points"] < frame["max_points"]).astype(int)
	table = (
		frame.groupby("norm", sort=True)
		.agg(
			norm_title=("norm_title", "last"),
			scored=("points", "size"),
			avg_points=("points", "mean"),
			avg_max_points=("max_points", "mean"),
			sum_points=("points", "sum"),
			sum_max=("max_points", "sum"),
			marked_down=("marked_down", "sum"),
		)
		.reset_index()
	)
	table = _plain_ints(table, ["scored", "marked_down"])
	table["points_share"] = _objects(
		share(p, m) for p, m in zip(table["sum_points"], table["sum_max"], strict=True)
	)
	for column in ("avg_points", "avg_max_points"):
		table[column] = [round(float(v), 2) for v in table[column]]
	return table[NORM_COLUMNS]


# ---------------------------------------------------------------------------------------------
# Charts


def chart_labels(values: Iterable, names: Mapping[str, str] | None = None, blank: str = "") -> list[str]:
	"""Chart labels: keys renamed through ``names``, empty ones shown as ``blank``."""
	return [(names or {}).get(key) or key or blank for key in keys(values)]


def multi_chart(
	labels: list[str],
	datasets: list[tuple[str, list]],
	kind: str = "bar",
	stacked: bool = False,
	limit: int = 20,
	colors: list[str] | None = None,
	fieldtype: str | None = None,
) -> dict:
	"""A Frappe chart of several datasets over the first ``limit`` labels."""
	chart = {
		"data": {
			"labels": list(labels)[:limit],
			"datasets": [
				{"name": name, "values": [0 if v is None else v for v in list(values)[:limit]]}
				for name, values in datasets
			],
		},
		"type": kind,
	}
	if stacked:
		chart["barOptions"] = {"stacked": 1}
	if colors:
		chart["colors"] = list(colors)
	if fieldtype:
		chart["fieldtype"] = fieldtype
	return chart
