"""The quarterly assessment run (季度考核): computes every window's and staff member's score from the
quarter's records with the scheme in force, keeps each component, lets managers adjust with a reason
and enter the staff dimensions only they can judge, and ranks red-flag windows and service stars.
Before approval it can be recomputed; once published its figures are frozen."""

import json

import frappe
from frappe import _
from frappe.utils import flt

from gov_hall.assessment import facts as quarter_facts
from gov_hall.assessment.scheme import as_rules, from_snapshot, scheme_for, snapshot
from gov_hall.rules import assessment as rules
from gov_hall.rules.periods import QUARTER
from gov_hall.setup.workflows import A_DRAFT, A_PUBLISHED, A_SUBMITTED
from gov_hall.utils.clock import now_datetime, nowdate

RECOMPUTABLE = (A_DRAFT, A_SUBMITTED)
MANAGER_DIMENSIONS = ("ideology", "skills", "attendance", "integrity")
KEPT_ON_RECOMPUTE = ("adjustment", "adjustment_reason", *MANAGER_DIMENSIONS)


def validate_run(doc) -> None:
	if not QUARTER.match(doc.quarter or ""):
		frappe.throw(_("Give the quarter as YYYY-Qn, for example 2026-Q1."), title=_("Invalid Input"))
	if frappe.db.exists(
		"GH Assessment Run", {"hall": doc.hall, "quarter": doc.quarter, "name": ["!=", doc.name]}
	):
		frappe.throw(
			_("The hall already has an assessment for {0}.").format(doc.quarter), title=_("Already Exists")
		)
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
		[doc.quarter, doc.hall, doc.scheme, doc.scheme_snapshot, rows], sort_keys=True, default=str
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


def compute(doc) -> None:
	"""(Re)compute the run from the quarter's records; manager entries and adjustments are kept."""
	if (doc.status or A_DRAFT) not in RECOMPUTABLE:
		frappe.throw(_("Only a draft or submitted assessment can be recomputed."), title=_("Not Allowed"))
	doc.scheme = scheme_for(doc.quarter)
	scheme_doc = frappe.get_doc("GH Assessment Scheme", doc.scheme)
	scheme = as_rules(scheme_doc)
	window_facts, staff_facts, who = quarter_facts.quarter_facts(doc.hall, doc.quarter)
	kept = kept_entries(doc)
	for facts in staff_facts:
		entries = kept.get(("staff", facts.staff), {})
		for fieldname in ("ideology", "skills", "attendance", "integrity"):
			if entries.get(fieldname) is not None:
				setattr(facts, fieldname, flt(entries[fieldname]))
	window_scores = rules.score_windows(window_facts, scheme)
	staff_scores = rules.score_staff(staff_facts, scheme)
	doc.set("window_results", [window_row(f, window_scores[f.window], who, kept) for f in window_facts])
	doc.set("staff_results", [staff_row(f, staff_scores[f.staff], who, kept) for f in staff_facts])
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


def percent(value: float | None) -> float | None:
	return None if value is None else round(value, 2)


def window_row(facts: rules.WindowFacts, score: rules.WindowScore, who: dict, kept: dict) -> dict:
	entries = kept.get(("window", facts.window), {})
	return {
		"window": facts.window,
		"department": who["windows"].get(facts.window),
		"staff_count": facts.staff_count,
		"cases": facts.cases,
		"weighted_volume": facts.weighted_volume,
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
		"ineligible_reason": None if score.eligible else _("Verified complaint this quarter"),
	}


def staff_row(facts: rules.StaffFacts, score: rules.StaffScore, who: dict, kept: dict) -> dict:
	person = who["staff"][facts.staff]
	entries = kept.get(("staff", facts.staff), {})
	return {
		"staff": facts.staff,
		"staff_name": person.full_name,
		"department": person.department,
		"window": person.window,
		"cases": facts.cases,
		"weighted_volume": facts.weighted_volume,
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
		"ineligible_reason": None if score.eligible else _("Verified complaint this quarter"),
	}


def finish(doc, scheme: rules.Scheme) -> None:
	"""Final scores, activity shares and ranks from the current rows (after managers' entries)."""
	for row in doc.staff_results:
		row.work_points = round(sum(flt(row.get(field)) for field in (*MANAGER_DIMENSIONS, "performance")), 4)
		row.computed_score = round(row.work_points + flt(row.activity_points), 4)
	for row in doc.window_results + doc.staff_results:
		row.final_score = rules.final_score(flt(row.computed_score), flt(row.adjustment))
		row.activity_share = rules.activity_share(flt(row.activity_points), row.final_score)
	rank_rows(doc.window_results, "window", "is_red_flag", scheme.red_flag_count)
	rank_rows(doc.staff_results, "staff", "is_service_star", scheme.service_star_count)


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
