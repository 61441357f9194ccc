"""The quarterly assessment run (季度考核): computes every window's and staff member's score from the
quarter's records with the scheme in force, keeps each component, lets managers adjust with a reason
and enter the staff dimensions only they can judge, and ranks red-flag windows and service stars.
Before approval it can be recomputed; once published its figures are frozen.

Issue 15: a run may assess one month (月度考核, period_type Month): the same engine over the month's
records, the same workflow and freezing, ranked but honouring nobody (the quarterly ranking stays the
source of red flags and service stars); the agency briefings are made from it. A staff member on a
roster gets 出勤值勤 from the duty records (computed, plus a manager's adjustment with a reason);
without duty records the managers enter it as before."""

import json

import frappe
from frappe import _
from frappe.utils import flt

from gov_hall.assessment import facts as quarter_facts
from gov_hall.assessment.scheme import as_rules, from_snapshot, scheme_for, snapshot
from gov_hall.duty.facts import has_duty_data
from gov_hall.rules import assessment as rules
from gov_hall.rules.periods import MONTH, QUARTER, quarter_of_month
from gov_hall.setup.workflows import A_DRAFT, A_PUBLISHED, A_SUBMITTED
from gov_hall.utils.clock import now_datetime, nowdate

RECOMPUTABLE = (A_DRAFT, A_SUBMITTED)
MANAGER_DIMENSIONS = ("ideology", "skills", "attendance", "integrity")
KEPT_ON_RECOMPUTE = (
	"adjustment",
	"adjustment_reason",
	"attendance_adjustment",
	"attendance_adjustment_reason",
	*MANAGER_DIMENSIONS,
)
QUARTER_RUN = "Quarter"
MONTH_RUN = "Month"
# the duty components of a staff row (GH Staff Assessment) and the DutyCounts figure of each
DUTY_COMPONENTS = {
	"duty_sessions": "duty_sessions",
	"late_count": "late",
	"early_leave_count": "early_leave",
	"absent_sessions": "absent",
	"leave_sessions": "leave",
	"cover_sessions": "cover",
	"empty_windows": "empty_windows",
	"left_post_count": "left_post",
}


def is_month_run(doc) -> bool:
	return doc.get("period_type") == MONTH_RUN


def check_period(doc) -> None:
	"""A quarter run names its quarter; a month run its month, and its quarter is the one holding it."""
	doc.period_type = doc.get("period_type") or QUARTER_RUN
	if is_month_run(doc):
		if not isinstance(doc.month, str) or not MONTH.match(doc.month.strip()):
			frappe.throw(_("Give the month as YYYY-MM, for example 2026-11."), title=_("Invalid Input"))
		doc.month = doc.month.strip()
		doc.quarter = quarter_of_month(doc.month)
		duplicate = {"hall": doc.hall, "period_type": MONTH_RUN, "month": doc.month}
		period = doc.month
	else:
		doc.month = None
		if not QUARTER.match(doc.quarter or ""):
			frappe.throw(_("Give the quarter as YYYY-Qn, for example 2026-Q1."), title=_("Invalid Input"))
		duplicate = {"hall": doc.hall, "period_type": QUARTER_RUN, "quarter": doc.quarter}
		period = doc.quarter
	if frappe.db.exists("GH Assessment Run", {**duplicate, "name": ["!=", doc.name]}):
		frappe.throw(
			_("The hall already has an assessment for {0}.").format(period), title=_("Already Exists")
		)


def validate_run(doc) -> None:
	check_period(doc)
	if keep_frozen(doc):
		return
	if doc.scheme_snapshot:
		check_entries(doc, from_snapshot(doc.scheme_snapshot))
		finish(doc, from_snapshot(doc.scheme_snapshot))


def keep_frozen(doc) -> bool:
	"""A published run changes no more; returns True when the run was already published."""
	before = doc.get_doc_before_save()
	if not before or before.status != A_PUBLISHED:
		if doc.status == A_PUBLISHED and before and before.status != A_PUBLISHED:
			doc.published_on = nowdate()
			frappe.db.set_value("GH Assessment Scheme", doc.scheme, "in_use", 1)
		return False
	if results_of(before) != results_of(doc) or before.status != doc.status:
		frappe.throw(_("A published assessment is frozen and cannot change."), title=_("Not Allowed"))
	return True


def results_of(doc) -> str:
	rows = [row.as_dict(no_default_fields=True) for row in doc.window_results + doc.staff_results]
	return json.dumps(
		[doc.period_type, doc.month, doc.quarter, doc.hall, doc.scheme, doc.scheme_snapshot, rows],
		sort_keys=True,
		default=str,
	)


def check_entries(doc, scheme: rules.Scheme) -> None:
	full = scheme.dimension_max_points
	for row in doc.staff_results:
		for fieldname in MANAGER_DIMENSIONS:
			value = row.get(fieldname)
			if value is not None and not 0 <= flt(value) <= full:
				frappe.throw(
					_("Row {0}: {1} must be between 0 and {2}.").format(
						row.idx, _(row.meta.get_label(fieldname)), full
					),
					title=_("Invalid Input"),
				)
	for row in doc.window_results + doc.staff_results:
		if flt(row.adjustment) and not (row.adjustment_reason or "").strip():
			frappe.throw(
				_("Row {0}: give the reason for the adjustment.").format(row.idx), title=_("Invalid Input")
			)
	before = doc.get_doc_before_save()
	stored = {row.name: row for row in before.staff_results} if before else {}
	for row in doc.staff_results:
		if not row.has_duty_data:
			if flt(row.attendance_adjustment):
				frappe.throw(
					_(
						"Row {0}: {1} has no duty records in this period: enter Attendance and Duty itself instead of an attendance adjustment."
					).format(row.idx, row.staff_name or row.staff),
					title=_("Invalid Input"),
				)
			continue
		if flt(row.attendance_adjustment) and not (row.attendance_adjustment_reason or "").strip():
			frappe.throw(
				_("Row {0}: give the reason for the attendance adjustment.").format(row.idx),
				title=_("Invalid Input"),
			)
		expected = rules.duty_attendance(
			flt(row.attendance_computed), flt(row.attendance_adjustment), scheme.dimension_max_points
		)
		old = stored.get(row.name)
		typed = old is not None and round(flt(row.attendance), 4) != round(flt(old.attendance), 4)
		if typed and round(flt(row.attendance), 4) != expected:
			frappe.throw(
				_(
					"Row {0}: Attendance and Duty of {1} is computed from the duty records and cannot be typed in. Change it with an attendance adjustment and its reason."
				).format(row.idx, row.staff_name or row.staff),
				title=_("Invalid Input"),
			)


def compute(doc) -> None:
	"""(Re)compute the run from the quarter's records; manager entries and adjustments are kept."""
	if (doc.status or A_DRAFT) not in RECOMPUTABLE:
		frappe.throw(_("Only a draft or submitted assessment can be recomputed."), title=_("Not Allowed"))
	check_period(doc)
	doc.scheme = scheme_for(doc.quarter)
	scheme_doc = frappe.get_doc("GH Assessment Scheme", doc.scheme)
	scheme = as_rules(scheme_doc)
	period = quarter_facts.Period(doc.hall, quarter=doc.quarter, month=doc.month)
	window_facts, staff_facts, who = quarter_facts.period_facts(period, scheme.receiving_share)
	kept = kept_entries(doc)
	for facts in staff_facts:
		entries = kept.get(("staff", facts.staff), {})
		for fieldname in ("ideology", "skills", "attendance", "integrity"):
			if entries.get(fieldname) is not None:
				setattr(facts, fieldname, flt(entries[fieldname]))
		facts.attendance_adjustment = flt(entries.get("attendance_adjustment"))
	window_scores = rules.score_windows(window_facts, scheme)
	staff_scores = rules.score_staff(staff_facts, scheme)
	reason = ineligible_reason(doc)
	doc.set(
		"window_results", [window_row(f, window_scores[f.window], who, kept, reason) for f in window_facts]
	)
	doc.set("staff_results", [staff_row(f, staff_scores[f.staff], who, kept, reason) for f in staff_facts])
	doc.scheme_snapshot = snapshot(scheme_doc)
	doc.computed_on = now_datetime()
	finish(doc, scheme)


def kept_entries(doc) -> dict:
	kept = {}
	for row in doc.window_results:
		kept[("window", row.window)] = {field: row.get(field) for field in KEPT_ON_RECOMPUTE}
	for row in doc.staff_results:
		kept[("staff", row.staff)] = {field: row.get(field) for field in KEPT_ON_RECOMPUTE}
	return kept


def ineligible_reason(doc) -> str:
	if is_month_run(doc):
		return _("Verified complaint this month")
	return _("Verified complaint this quarter")


def percent(value: float | None) -> float | None:
	return None if value is None else round(value, 2)


def window_row(
	facts: rules.WindowFacts, score: rules.WindowScore, who: dict, kept: dict, reason: str
) -> dict:
	entries = kept.get(("window", facts.window), {})
	return {
		"window": facts.window,
		"department": who["windows"].get(facts.window),
		"staff_count": facts.staff_count,
		"cases": facts.cases,
		"weighted_volume": facts.weighted_volume,
		"cross_hall_cases": facts.cross_hall_cases,
		"per_capita": score.per_capita,
		"tier": score.tier,
		"tier_points": score.tier_points,
		"on_time_rate": percent(score.on_time_rate),
		"on_time_points": score.on_time_points,
		"ratings": facts.ratings,
		"satisfaction_rate": percent(score.satisfaction_rate),
		"satisfaction_points": score.satisfaction_points,
		"inspection_rate": percent(score.inspection_rate),
		"inspection_points": score.inspection_points,
		"yellow_cards": facts.yellow_cards,
		"red_cards": facts.red_cards,
		"violations": facts.violations,
		# integrity complaints (廉洁) reach managers only: counted apart, at permlevel 1
		"verified_complaints": facts.verified_complaints - facts.integrity_complaints,
		"integrity_complaints": facts.integrity_complaints,
		"deductions": score.deductions,
		"queue_tickets": facts.queue_tickets,
		"median_wait_minutes": score.median_wait_minutes,
		"wait_points": score.wait_points,
		"work_points": score.work_points,
		"activity_points_raw": facts.activity_points_raw,
		"activity_points": score.activity_points,
		"computed_score": score.computed_score,
		"adjustment": entries.get("adjustment") or 0,
		"adjustment_reason": entries.get("adjustment_reason"),
		"eligible": int(score.eligible),
		"ineligible_reason": None if score.eligible else reason,
	}


def staff_row(facts: rules.StaffFacts, score: rules.StaffScore, who: dict, kept: dict, reason: str) -> dict:
	person = who["staff"][facts.staff]
	entries = kept.get(("staff", facts.staff), {})
	return {
		**duty_components(facts, score, entries),
		"staff": facts.staff,
		"staff_name": person.full_name,
		"department": person.department,
		"window": person.window,
		"cases": facts.cases,
		"weighted_volume": facts.weighted_volume,
		"cross_hall_cases": facts.cross_hall_cases,
		"on_time_rate": percent(score.on_time_rate),
		"ratings": facts.ratings,
		"satisfaction_rate": percent(score.satisfaction_rate),
		"yellow_cards": facts.yellow_cards,
		"red_cards": facts.red_cards,
		"violations": facts.violations,
		# integrity complaints (廉洁) reach managers only: counted apart, at permlevel 1
		"verified_complaints": facts.verified_complaints - facts.integrity_complaints,
		"integrity_complaints": facts.integrity_complaints,
		"ideology": score.ideology,
		"skills": score.skills,
		"attendance": score.attendance,
		"performance": score.performance,
		"integrity": score.integrity,
		"work_points": score.work_points,
		"activity_points_raw": facts.activity_points_raw,
		"activity_points": score.activity_points,
		"computed_score": score.computed_score,
		"adjustment": entries.get("adjustment") or 0,
		"adjustment_reason": entries.get("adjustment_reason"),
		"eligible": int(score.eligible),
		"ineligible_reason": None if score.eligible else reason,
	}


def duty_components(facts: rules.StaffFacts, score: rules.StaffScore, entries: dict) -> dict:
	"""出勤值勤's components (issue 15), shown like 工作实绩's; all zero without duty records."""
	duty = facts.duty if has_duty_data(facts.duty) else None
	values = {field: int(getattr(duty, figure, 0) or 0) for field, figure in DUTY_COMPONENTS.items()}
	return {
		"has_duty_data": int(duty is not None),
		**values,
		"attendance_computed": score.attendance_computed if duty is not None else 0,
		"attendance_adjustment": flt(entries.get("attendance_adjustment")) if duty is not None else 0,
		"attendance_adjustment_reason": entries.get("attendance_adjustment_reason")
		if duty is not None
		else None,
	}


def finish(doc, scheme: rules.Scheme) -> None:
	"""Final scores, activity shares and ranks from the current rows (after managers' entries)."""
	for row in doc.staff_results:
		if row.get("has_duty_data"):
			row.attendance = rules.duty_attendance(
				flt(row.attendance_computed), flt(row.attendance_adjustment), scheme.dimension_max_points
			)
		row.work_points = round(sum(flt(row.get(field)) for field in (*MANAGER_DIMENSIONS, "performance")), 4)
		row.computed_score = round(row.work_points + flt(row.activity_points), 4)
	for row in doc.window_results + doc.staff_results:
		row.final_score = rules.final_score(flt(row.computed_score), flt(row.adjustment))
		row.activity_share = rules.activity_share(flt(row.activity_points), row.final_score)
	# a month run ranks but honours nobody: red flags and service stars are the quarter's
	month = is_month_run(doc)
	rank_rows(doc.window_results, "window", "is_red_flag", 0 if month else scheme.red_flag_count)
	rank_rows(doc.staff_results, "staff", "is_service_star", 0 if month else scheme.service_star_count)


def rank_rows(rows, key_field: str, flag_field: str, honours: int) -> None:
	by_key = {row.get(key_field): row for row in rows}
	entries = [
		rules.Ranked(
			row.get(key_field),
			flt(row.final_score),
			flt(row.work_points) + flt(row.adjustment),
			row.satisfaction_rate,
			row.on_time_rate,
			bool(row.eligible),
		)
		for row in rows
	]
	for entry in rules.rank(entries, honours):
		row = by_key[entry.key]
		row.rank = entry.rank
		row.set(flag_field, int(entry.honoured))
	rows.sort(key=lambda row: row.rank)
	for idx, row in enumerate(rows, start=1):
		row.idx = idx
