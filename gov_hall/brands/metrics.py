"""A service brand's measurable commitments, measured over a period (服务品牌承诺兑现情况).

``measure_brand(brand, period_from, period_to)`` reads, for each commitment that names a metric
(gov_hall.rules.brand_metrics.METRICS), the brand's figure in the period and whether the target
was met. The brand's scope is its department (brand_for Department) or its windows (brand_for
Window: the window and the windows table), always within its department. One set-based query per
metric; the verdicts come from the rules module. No permission checks: a brand's figures are the
same whoever looks (a review, a report, the public brand page).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

import frappe
from frappe import _
from frappe.query_builder import DocType
from frappe.query_builder.functions import Count, Date, Sum
from frappe.utils import add_days, getdate

from gov_hall.rules import brand_metrics as rules
from gov_hall.rules.complaints import PARTLY_SUBSTANTIATED, SUBSTANTIATED
from gov_hall.rules.ratings import BAD_LEVELS, LEVELS, satisfaction_rate
from gov_hall.utils.calendar import get_hall_calendar
from gov_hall.utils.clock import today

BRAND_DOCTYPE = "GH Service Brand"
COMPLETED = "Completed"
WINDOW_BRAND = "Window"


def year_period(year) -> tuple[datetime.date, datetime.date]:
	"""First and last day of a calendar year."""
	try:
		year = int(year)
	except (TypeError, ValueError):
		year = 0
	if not 2000 <= year <= 2100:
		frappe.throw(_("Enter a valid year."), title=_("Invalid Input"))
	return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


class Scope:
	"""Whose records count: the brand's department, and for a window brand only its windows."""

	def __init__(self, brand):
		self.hall = _get(brand, "hall")
		self.department = _get(brand, "department")
		self.windows: list[str] | None = None
		if _get(brand, "brand_for") == WINDOW_BRAND:
			windows = [_get(brand, "window")]
			for row in _get(brand, "windows") or []:
				windows.append(row if isinstance(row, str) else _get(row, "window"))
			self.windows = sorted({w for w in windows if w})

	def apply(self, query, table):
		# a brand without a department (not saved yet) measures nothing rather than everything
		query = query.where(table.department == (self.department or ""))
		if self.windows is not None:
			query = query.where(table.window.isin(self.windows or [""]))
		return query


class Period:
	def __init__(self, period_from, period_to):
		self.start, self.end = getdate(period_from), getdate(period_to)
		if not self.start or not self.end or self.start > self.end:
			frappe.throw(_("From Date must be before To Date."), title=_("Invalid Input"))
		self.after_end = add_days(self.end, 1)

	def on_datetime(self, query, column):
		"""Rows whose datetime ``column`` falls on a day of the period."""
		return query.where(column >= self.start).where(column < self.after_end)

	def on_date(self, query, column):
		return query.where(column >= self.start).where(column <= self.end)


def measure_brand(brand, period_from, period_to) -> list[dict]:
	"""Each commitment of ``brand`` (a GH Service Brand document, its name, or a dict with hall,
	department, brand_for, window, windows and commitments) measured from ``period_from`` to
	``period_to`` (dates, inclusive).

	One dict per commitment, in the brand's order: commitment (text), metric, target, param (the
	parameter used: the commitment's or the metric's default; None for a metric without one), actual
	(a percentage or a count; None when there was nothing to measure), measured (1/0), kept (True,
	False, or None when not measured) and detail (a translated sentence with the counts).
	"""
	if isinstance(brand, str):
		brand = frappe.get_doc(BRAND_DOCTYPE, brand)
	scope, period = Scope(brand), Period(period_from, period_to)
	figures: dict[tuple, tuple] = {}  # (metric, param) -> (actual, detail), so each is read once
	results = []
	for row in _get(brand, "commitments") or []:
		metric = _get(row, "metric") or None
		target = _get(row, "target")
		target = None if target in (None, "") else float(target)
		param = rules.effective_param(metric, _get(row, "param"))
		actual, detail = None, _("Not measurable")
		if metric in rules.METRICS:
			key = (metric, param)
			if key not in figures:
				figures[key] = MEASURES[metric](scope, period, param)
			actual, detail = figures[key]
		verdict = rules.kept(metric, target, actual)
		results.append(
			{
				"commitment": _get(row, "commitment"),
				"metric": metric,
				"target": target,
				"param": param,
				"actual": actual,
				"measured": int(verdict is not None),
				"kept": verdict,
				"detail": detail,
			}
		)
	return results


# ---------------------------------------------------------------------------------------------
# One query per metric; each returns (actual, detail)


def on_time_rate(scope: Scope, period: Period, param=None) -> tuple:
	case = DocType("GH Case")
	query = (
		frappe.qb.from_(case).select(Count("*"), Sum(case.completed_on_time)).where(case.status == COMPLETED)
	)
	query = scope.apply(period.on_datetime(query, case.completed_on), case)
	completed, on_time = query.run()[0]
	completed, on_time = int(completed or 0), int(on_time or 0)
	detail = _("{0} of {1} completed cases on time").format(on_time, completed)
	return rules.rate(on_time, completed), detail


def early_rate(scope: Scope, period: Period, param: float) -> tuple:
	"""Promised cases (a time limit of at least one working day) completed at least ``param``
	working days before their due date, on the hall's working-day calendar."""
	case = DocType("GH Case")
	completed_day = Date(case.completed_on)
	query = (
		frappe.qb.from_(case)
		.select(case.hall, completed_day, case.due_date, Count("*"))
		.where(case.status == COMPLETED)
		.where(case.time_limit_days > 0)
		.where(case.due_date.isnotnull())
		.groupby(case.hall, completed_day, case.due_date)
	)
	query = scope.apply(period.on_datetime(query, case.completed_on), case)
	promised = early = 0
	for hall, completed_on, due_date, count in query.run():
		calendar = get_hall_calendar(hall)
		before_due = calendar.working_days_between(getdate(completed_on), getdate(due_date))
		promised += int(count)
		if rules.completed_early(before_due, param):
			early += int(count)
	detail = _("{0} of {1} promised cases completed at least {2} working days early").format(
		early, promised, _days(param)
	)
	return rules.rate(early, promised), detail


def satisfaction(scope: Scope, period: Period, param=None) -> tuple:
	rating = DocType("GH Service Rating")
	query = (
		frappe.qb.from_(rating)
		.select(rating.level, Count("*"))
		.where(rating.counts_in_scores == 1)
		.groupby(rating.level)
	)
	query = scope.apply(period.on_datetime(query, rating.rated_on), rating)
	counts = {level: int(count) for level, count in query.run() if level in LEVELS}
	total = sum(counts.values())
	actual = satisfaction_rate(counts)
	good = sum(count for level, count in counts.items() if level not in BAD_LEVELS)
	detail = _("{0} of {1} ratings satisfied").format(good, total)
	return actual, detail


def bad_reviews_followed_up(scope: Scope, period: Period, param: float) -> tuple:
	"""Bad reviews (their rectifications, an upheld appeal's left out) opened in the period and
	handled within ``param`` working days. One not handled yet whose time is not up is left out."""
	rect = DocType("GH Rectification")
	query = (
		frappe.qb.from_(rect)
		.select(rect.hall, rect.opened_on, rect.handled_on, Count("*"))
		.where(rect.status != "Appeal Upheld")
		.where(rect.opened_on.isnotnull())
		.groupby(rect.hall, rect.opened_on, rect.handled_on)
	)
	query = scope.apply(period.on_date(query, rect.opened_on), rect)
	now = today()
	counted = in_time = 0
	for hall, opened_on, handled_on, count in query.run():
		calendar = get_hall_calendar(hall)
		opened_on = getdate(opened_on)
		if handled_on:
			used = calendar.working_days_between(opened_on, getdate(handled_on))
		else:
			used = None
			if calendar.working_days_between(opened_on, now) <= param:
				continue  # still within its time
		counted += int(count)
		if rules.followed_up_in_time(used, param):
			in_time += int(count)
	detail = _("{0} of {1} bad reviews handled within {2} working days").format(
		in_time, counted, _days(param)
	)
	return rules.rate(in_time, counted), detail


def verified_complaints(scope: Scope, period: Period, param=None) -> tuple:
	"""Complaints found substantiated or partly, by the day they were verified (or received)."""
	complaint = DocType("GH Complaint")
	verified_in = (complaint.verified_on >= period.start) & (complaint.verified_on <= period.end)
	received_in = (
		complaint.verified_on.isnull()
		& (complaint.received_on >= period.start)
		& (complaint.received_on < period.after_end)
	)
	query = (
		frappe.qb.from_(complaint)
		.select(Count("*"))
		.where(complaint.verification_result.isin((SUBSTANTIATED, PARTLY_SUBSTANTIATED)))
		.where(verified_in | received_in)
	)
	count = int(scope.apply(query, complaint).run()[0][0] or 0)
	return count, _("{0} verified complaints").format(count)


def red_cards(scope: Scope, period: Period, param=None) -> tuple:
	card = DocType("GH Supervision Card")
	query = frappe.qb.from_(card).select(Count("*")).where(card.level == "Red")
	count = int(scope.apply(period.on_date(query, card.card_date), card).run()[0][0] or 0)
	return count, _("{0} red cards").format(count)


def one_time_violations(scope: Scope, period: Period, param=None) -> tuple:
	"""一次性告知 violations as the GH One-Time Notification Violations report counts them."""
	from gov_hall.gov_hall.report.gh_one_time_notification_violations.gh_one_time_notification_violations import (
		load_notices,
	)
	from gov_hall.rules.case_stats import violation_table

	filters = frappe._dict(
		department=scope.department or "",
		from_date=period.start,
		to_date=period.end,
	)
	if scope.windows is not None and len(scope.windows) == 1:
		filters.window = scope.windows[0]
	notices = load_notices(filters, scoped=False)
	if scope.windows is not None:
		notices = notices[notices["window"].isin(scope.windows)]
	if notices.empty:
		violations = notices_count = 0
	else:
		totals = violation_table(notices.assign(all=1), ["all"]).iloc[0]
		violations, notices_count = int(totals["violations"]), int(totals["notices"])
	return violations, _("{0} violations in {1} supplement notices").format(violations, notices_count)


MEASURES = {
	rules.ON_TIME: on_time_rate,
	rules.EARLY: early_rate,
	rules.SATISFACTION: satisfaction,
	rules.BAD_REVIEWS_FOLLOWED_UP: bad_reviews_followed_up,
	rules.VERIFIED_COMPLAINTS: verified_complaints,
	rules.RED_CARDS: red_cards,
	rules.ONE_TIME_VIOLATIONS: one_time_violations,
}


def _days(value: float | None) -> str:
	return f"{float(value or 0):g}"


def _get(obj, field):
	if obj is None:
		return None
	if isinstance(obj, dict):
		return obj.get(field)
	return getattr(obj, field, None)


def summarise(results: Iterable[dict]) -> tuple[int, int]:
	"""Kept and missed commitments of measure_brand's results (unmeasured ones count as neither)."""
	kept, missed, _unmeasured = rules.tally(results)
	return kept, missed
