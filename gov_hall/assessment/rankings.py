"""Reading the rankings of assessment runs: red-flag windows (红旗窗口), service stars (服务标兵) and the
year's honours (十佳服务标兵 / 先进工作者), for the ranking reports, the honor roll and the briefings.

Only published runs are read, except for managers who ask for unpublished ones. Every read is one
set-based query over a run's child table (joined with the run, and with the window for its name).
Only quarter runs are read (issue 15): a month run honours nobody, the quarterly ranking stays the
source of the honours.
"""

import dataclasses

import frappe
from frappe import _
from frappe.query_builder import DocType, Order
from frappe.utils import cint, flt

from gov_hall.assessment.scheme import from_snapshot
from gov_hall.rules import assessment as rules
from gov_hall.rules.periods import QUARTER
from gov_hall.setup.workflows import A_PUBLISHED
from gov_hall.voice.permissions import is_manager

RUN = "GH Assessment Run"
WINDOW_RESULT = "GH Window Assessment"
STAFF_RESULT = "GH Staff Assessment"
YEAR_LENGTH = 4
QUARTER_RUN = "Quarter"  # GH Assessment Run.period_type of the runs that honour


def statuses_for(include_unpublished) -> tuple | None:
	"""The run statuses the current user may read; None means every status (managers only)."""
	if cint(include_unpublished) and is_manager():
		return None
	return (A_PUBLISHED,)


def check_quarter(quarter: str | None) -> str | None:
	if quarter and not isinstance(quarter, str):
		frappe.throw(_("Give the quarter as YYYY-Qn, for example 2026-Q1."), title=_("Invalid Input"))
	quarter = (quarter or "").strip().upper() or None
	if quarter and not QUARTER.match(quarter):
		frappe.throw(_("Give the quarter as YYYY-Qn, for example 2026-Q1."), title=_("Invalid Input"))
	return quarter


def check_year(year) -> int | None:
	text = str(year or "").strip()
	if not text:
		return None
	if not text.isdigit() or len(text) != YEAR_LENGTH:
		frappe.throw(_("Give the year as four digits, for example 2026."), title=_("Invalid Input"))
	return int(text)


def find_run(hall: str | None = None, quarter: str | None = None, include_unpublished=0):
	"""The run of ``hall`` (any hall when empty) for ``quarter``; without a quarter, the newest one
	the user may read (the latest published, or for managers asking for them, the latest of any status)."""
	quarter = check_quarter(quarter)
	if hall and not isinstance(hall, str):
		frappe.throw(_("Choose a service hall."), title=_("Invalid Input"))
	run = DocType(RUN)
	query = (
		frappe.qb.from_(run)
		.select(run.name, run.hall, run.quarter, run.status, run.scheme_snapshot, run.published_on)
		.where(run.period_type == QUARTER_RUN)
	)
	if hall:
		query = query.where(run.hall == hall)
	if quarter:
		query = query.where(run.quarter == quarter)
	statuses = statuses_for(include_unpublished)
	if statuses:
		query = query.where(run.status.isin(statuses))
	rows = (
		query.orderby(run.quarter, order=Order.desc)
		.orderby(run.published_on, order=Order.desc)
		.orderby(run.creation, order=Order.desc)
		.limit(1)
		.run(as_dict=True)
	)
	return rows[0] if rows else None


def scheme_of(run) -> rules.Scheme:
	return from_snapshot(run.scheme_snapshot) if run and run.scheme_snapshot else rules.Scheme()


def window_label(number: str | None, name: str | None, fallback: str | None = None) -> str:
	"""'A01 不动产登记窗口' from a window's number and name."""
	return " ".join(part for part in (number, name) if part) or (fallback or "")


# the figures both result tables hold; each table adds its own
RESULT_FIELDS = (
	"rank",
	"department",
	"cases",
	"on_time_rate",
	"ratings",
	"satisfaction_rate",
	"work_points",
	"activity_points_raw",
	"activity_points",
	"computed_score",
	"adjustment",
	"adjustment_reason",
	"final_score",
	"activity_share",
	"eligible",
	"ineligible_reason",
	"verified_complaints",
	"integrity_complaints",
)
WINDOW_FIELDS = (
	"window",
	"tier",
	"tier_points",
	"inspection_rate",
	"deductions",
	"queue_tickets",
	"median_wait_minutes",
	"wait_points",
	"is_red_flag",
)
STAFF_FIELDS = (
	"staff",
	"staff_name",
	"window",
	"ideology",
	"skills",
	"attendance",
	"performance",
	"integrity",
	"is_service_star",
)


def result_rows_query(doctype: str, parentfield: str, run_name: str, fields: tuple[str, ...]):
	"""A run's rows of one result table in rank order."""
	result = DocType(doctype)
	return (
		frappe.qb.from_(result)
		.select(*(getattr(result, fieldname) for fieldname in (*RESULT_FIELDS, *fields)))
		.where(result.parenttype == RUN)
		.where(result.parentfield == parentfield)
		.where(result.parent == run_name)
		.orderby(result.rank)
	)


def window_rows(run_name: str) -> list[dict]:
	"""A run's window results in rank order, with each window's number and name."""
	result = DocType(WINDOW_RESULT)
	window = DocType("GH Service Window")
	rows = (
		result_rows_query(WINDOW_RESULT, "window_results", run_name, WINDOW_FIELDS)
		.left_join(window)
		.on(window.name == result.window)
		.select(window.window_number, window.window_name)
		.run(as_dict=True)
	)
	for row in rows:
		row.window_label = window_label(row.pop("window_number"), row.pop("window_name"), row.window)
		without_figures(row)
	return rows


def staff_rows(run_name: str) -> list[dict]:
	"""A run's staff results in rank order."""
	rows = result_rows_query(STAFF_RESULT, "staff_results", run_name, STAFF_FIELDS).run(as_dict=True)
	for row in rows:
		row.staff_name = row.staff_name or row.staff
		without_figures(row)
	return rows


def with_integrity_complaints(rows: list[dict], manager: bool) -> list[dict]:
	"""Integrity complaints (廉洁) reach managers only: a manager's row counts them among its
	verified complaints, anyone else's does not show them."""
	for row in rows:
		integrity = cint(row.pop("integrity_complaints", 0))
		if manager:
			row.verified_complaints = cint(row.verified_complaints) + integrity
	return rows


def without_figures(row) -> None:
	"""A rate with nothing behind it (no completed case, no rating) is blank, not 0%."""
	if not row.cases:
		row.on_time_rate = None
	if not row.ratings:
		row.satisfaction_rate = None
	if "median_wait_minutes" in row and not row.queue_tickets:
		row.median_wait_minutes = None  # a window that called no queue ticket has no median wait


def honour(rows: list[dict], key: str, count: int, flag: str) -> None:
	"""Mark the first ``count`` eligible rows (already in rank order) with ``flag``, and show where each
	would rank on its work alone (without activity points), so that the activities' weight is visible."""
	honoured = 0
	for row in rows:
		row[flag] = int(bool(row.eligible) and honoured < count)
		honoured += row[flag]
	by_key = {row[key]: row for row in rows}
	entries = [
		rules.Ranked(
			row[key],
			round(flt(row.final_score) - flt(row.activity_points), 4),
			flt(row.work_points) + flt(row.adjustment),
			row.satisfaction_rate,
			row.on_time_rate,
			bool(row.eligible),
		)
		for row in rows
	]
	for entry in rules.rank(entries, count):
		by_key[entry.key].rank_without_activities = entry.rank
		by_key[entry.key].honoured_without_activities = int(entry.honoured)


def ranking_summary(rows: list[dict], flag: str) -> dict:
	honoured = [row for row in rows if row[flag]]
	shares = [flt(row.activity_share) for row in honoured]
	return {
		"honoured": len(honoured),
		"average_share": round(sum(shares) / len(shares), 2) if shares else 0.0,
		"decided_by_activities": sum(1 for row in honoured if not row.honoured_without_activities),
	}


# ---------------------------------------------------------------------------------------------
# The year's honours


def year_runs(hall: str, year: int) -> list[dict]:
	"""The published runs of a hall's year, newest first."""
	run = DocType(RUN)
	return (
		frappe.qb.from_(run)
		.select(run.name, run.hall, run.quarter, run.scheme_snapshot)
		.where(run.hall == hall)
		.where(run.status == A_PUBLISHED)
		.where(run.period_type == QUARTER_RUN)
		.where(run.quarter.like(f"{year}-Q%"))
		.orderby(run.quarter, order=Order.desc)
		.run(as_dict=True)
	)


def quarter_results(hall: str | None, year: int | None = None) -> list[dict]:
	"""Every staff result of published runs (of a hall and year when given), newest quarter first."""
	result = DocType(STAFF_RESULT)
	run = DocType(RUN)
	query = (
		frappe.qb.from_(result)
		.join(run)
		.on(run.name == result.parent)
		.select(
			run.hall,
			run.quarter,
			result.staff,
			result.staff_name,
			result.department,
			result.window,
			result.final_score,
			result.work_points,
			result.adjustment,
			result.is_service_star,
			result.verified_complaints,
			result.integrity_complaints,
		)
		.where(result.parenttype == RUN)
		.where(result.parentfield == "staff_results")
		.where(run.status == A_PUBLISHED)
		.where(run.period_type == QUARTER_RUN)
	)
	if hall:
		query = query.where(run.hall == hall)
	if year:
		query = query.where(run.quarter.like(f"{year}-Q%"))
	return query.orderby(run.quarter, order=Order.desc).orderby(result.rank).run(as_dict=True)


def annual_rows(results: list[dict], scheme: rules.Scheme) -> list[dict]:
	"""十佳服务标兵 and 先进工作者 from one hall's quarter results of one year (newest quarter first)."""
	latest = {}
	for row in results:
		latest.setdefault(row.staff, row)
	annual = rules.annual_honours(
		(
			rules.QuarterResult(
				row.staff,
				row.quarter,
				flt(row.final_score),
				flt(row.work_points) + flt(row.adjustment),
				bool(row.is_service_star),
				cint(row.verified_complaints) + cint(row.integrity_complaints),
			)
			for row in results
		),
		scheme,
	)
	rows = []
	for entry in annual:
		person = latest[entry.staff]
		rows.append(
			frappe._dict(
				rank=entry.rank,
				staff=entry.staff,
				staff_name=person.staff_name,
				department=person.department,
				window=person.window,
				total=entry.total,
				work=entry.work,
				quarters=entry.quarters,
				star_quarters=entry.star_quarters,
				eligible=int(entry.eligible),
				is_top_star=int(entry.is_top_star),
				is_advanced_worker=int(entry.is_advanced_worker),
			)
		)
	return rows


def with_annual_star_count(scheme: rules.Scheme, count) -> rules.Scheme:
	count = cint(count)
	return dataclasses.replace(scheme, annual_star_count=count) if count > 0 else scheme


@dataclasses.dataclass(frozen=True)
class Honours:
	"""One quarterly honour: which rows it ranks and how its report shows them."""

	key: str
	flag: str
	label_field: str
	indicator: str
	read_rows: object  # run name -> rows in rank order
	scheme_count: str  # the scheme's number of honours


RED_FLAG_WINDOWS = Honours("window", "is_red_flag", "window_label", "red", window_rows, "red_flag_count")
SERVICE_STARS = Honours("staff", "is_service_star", "staff_name", "blue", staff_rows, "service_star_count")


def honours_report(filters: dict | None, honours: Honours, columns: list[dict], title: str) -> tuple:
	"""A ranking report's answer: the run's rows with the top N eligible ones honoured (N from the
	filters or the run's scheme), a chart of the honoured and a summary; a message when no run."""
	filters = frappe._dict(filters or {})
	run = find_run(filters.get("hall"), filters.get("quarter"), filters.get("include_unpublished"))
	if not run:
		return columns, [], no_run_message(filters), None, []
	count = cint(filters.get("top_n")) or getattr(scheme_of(run), honours.scheme_count)
	rows = with_integrity_complaints(honours.read_rows(run.name), is_manager())
	honour(rows, honours.key, count, honours.flag)
	summary = ranking_summary(rows, honours.flag)
	if cint(filters.get("only_honoured")):
		rows = [row for row in rows if row[honours.flag]]
	return (
		columns,
		rows,
		None,
		honours_chart(rows, honours.flag, honours.label_field),
		honours_summary(run, summary, title, honours.indicator),
	)


def no_run_message(filters) -> str:
	if filters.get("quarter"):
		return _("No published assessment for {0}.").format(filters.quarter)
	return _("No published assessment yet.")


def honours_chart(rows: list[dict], flag: str, label_field: str) -> dict:
	"""Work points and activity points of the honoured rows, stacked to their final score."""
	honoured = [row for row in rows if row[flag]]
	return {
		"data": {
			"labels": [row[label_field] for row in honoured],
			"datasets": [
				{
					"name": _("Work Points"),
					"values": [round(flt(row.final_score) - flt(row.activity_points), 2) for row in honoured],
				},
				{"name": _("Activity Points"), "values": [flt(row.activity_points) for row in honoured]},
			],
		},
		"type": "bar",
		"barOptions": {"stacked": 1},
		"colors": ["#2490ef", "#fd7e14"],
	}


def honours_summary(run, summary: dict, honours_label: str, indicator: str) -> list[dict]:
	"""The run, how many were honoured, and how much the activities weighed in."""
	return [
		{"label": _("Service Hall"), "value": run.hall, "datatype": "Data"},
		{"label": _("Quarter"), "value": run.quarter, "datatype": "Data"},
		{
			"label": _("Status"),
			"value": _(run.status),
			"datatype": "Data",
			"indicator": "green" if run.status == "Published" else "orange",
		},
		{"label": honours_label, "value": summary["honoured"], "datatype": "Int", "indicator": indicator},
		{
			"label": _("Average Share from Activities %"),
			"value": summary["average_share"],
			"datatype": "Percent",
		},
		{
			"label": _("Honours Decided by Activity Points"),
			"value": summary["decided_by_activities"],
			"datatype": "Int",
			"indicator": "orange" if summary["decided_by_activities"] else "green",
		},
	]
