"""光荣榜: the published red-flag windows and service stars of each hall and quarter, newest first,
and the year's top service stars and advanced workers. Public, no login. Quarter runs only: a month
run (issue 15) honours nobody.

Only published assessments ever appear, and only names, windows, departments and ranks: no scores,
no user ids, emails or phone numbers."""

import frappe
from frappe import _
from frappe.query_builder import DocType, Order

from gov_hall.assessment import rankings
from gov_hall.setup.workflows import A_PUBLISHED

no_cache = 1
sitemap = 1
QUARTERS_SHOWN = 8


def get_context(context):
	context.title = _("Honor Roll")
	context.no_breadcrumbs = 1
	hall = frappe.form_dict.get("hall")
	hall = hall.strip()[:140] or None if isinstance(hall, str) else None
	context.halls = honor_roll(hall)
	return context


def honor_roll(hall: str | None = None) -> list[dict]:
	"""Per hall (by name): its published quarters newest first, each with its red-flag windows and
	service stars, and its years with the year's honours."""
	runs = published_runs(hall)
	windows = group_by_run(red_flag_windows(hall))
	stars = group_by_run(service_stars(hall))
	results = yearly_results(hall)
	halls = {}
	for run in runs:
		entry = halls.setdefault(run.hall, {"hall": run.hall, "years": {}})
		year = run.quarter[: rankings.YEAR_LENGTH]
		year_entry = entry["years"].setdefault(year, {"year": year, "quarters": [], "runs": []})
		year_entry["runs"].append(run)
		if sum(len(y["quarters"]) for y in entry["years"].values()) < QUARTERS_SHOWN:
			year_entry["quarters"].append(
				{
					"quarter": run.quarter,
					"windows": windows.get(run.name, []),
					"stars": stars.get(run.name, []),
				}
			)
	for entry in halls.values():
		for year in entry["years"].values():
			year.update(annual(results.get((entry["hall"], year["year"]), []), year["runs"]))
			del year["runs"]
		entry["years"] = list(entry["years"].values())
	return sorted(halls.values(), key=lambda entry: entry["hall"])


def published_runs(hall: str | None) -> list:
	Run = DocType(rankings.RUN)
	query = (
		frappe.qb.from_(Run)
		.select(Run.name, Run.hall, Run.quarter, Run.scheme_snapshot)
		.where(Run.status == A_PUBLISHED)
		.where(Run.period_type == rankings.QUARTER_RUN)
	)
	if hall:
		query = query.where(Run.hall == hall)
	return query.orderby(Run.hall).orderby(Run.quarter, order=Order.desc).run(as_dict=True)


def red_flag_windows(hall: str | None) -> list:
	Result, Run, Window = DocType(rankings.WINDOW_RESULT), DocType(rankings.RUN), DocType("GH Service Window")
	query = (
		frappe.qb.from_(Result)
		.join(Run)
		.on(Run.name == Result.parent)
		.left_join(Window)
		.on(Window.name == Result.window)
		.select(Result.parent, Result.rank, Window.window_number, Window.window_name, Result.department)
		.where(Result.parenttype == rankings.RUN)
		.where(Result.parentfield == "window_results")
		.where(Run.status == A_PUBLISHED)
		.where(Run.period_type == rankings.QUARTER_RUN)
		.where(Result.is_red_flag == 1)
	)
	if hall:
		query = query.where(Run.hall == hall)
	rows = query.orderby(Result.parent).orderby(Result.rank).run(as_dict=True)
	for row in rows:
		row.window = rankings.window_label(row.pop("window_number"), row.pop("window_name"))
	return rows


def service_stars(hall: str | None) -> list:
	Result, Run, Window = DocType(rankings.STAFF_RESULT), DocType(rankings.RUN), DocType("GH Service Window")
	query = (
		frappe.qb.from_(Result)
		.join(Run)
		.on(Run.name == Result.parent)
		.left_join(Window)
		.on(Window.name == Result.window)
		.select(
			Result.parent,
			Result.rank,
			Result.staff_name,
			Window.window_number,
			Window.window_name,
			Result.department,
		)
		.where(Result.parenttype == rankings.RUN)
		.where(Result.parentfield == "staff_results")
		.where(Run.status == A_PUBLISHED)
		.where(Run.period_type == rankings.QUARTER_RUN)
		.where(Result.is_service_star == 1)
	)
	if hall:
		query = query.where(Run.hall == hall)
	rows = query.orderby(Result.parent).orderby(Result.rank).run(as_dict=True)
	for row in rows:
		row.window = rankings.window_label(row.pop("window_number"), row.pop("window_name"))
	return rows


def group_by_run(rows: list) -> dict:
	grouped = {}
	for row in rows:
		grouped.setdefault(row.pop("parent"), []).append(row)
	return grouped


def yearly_results(hall: str | None) -> dict:
	"""Every published staff result, by hall and year."""
	grouped = {}
	for row in rankings.quarter_results(hall):
		grouped.setdefault((row.hall, row.quarter[: rankings.YEAR_LENGTH]), []).append(row)
	return grouped


def annual(results: list, runs: list) -> dict:
	"""The year's honours: names and departments only."""
	rows = rankings.annual_rows(results, rankings.scheme_of(runs[0])) if results else []

	def public(row) -> dict:
		return {"rank": row.rank, "staff_name": row.staff_name, "department": row.department}

	return {
		"top_stars": [public(row) for row in rows if row.is_top_star],
		"advanced_workers": [public(row) for row in rows if row.is_advanced_worker],
		"published_quarters": len(runs),
	}
