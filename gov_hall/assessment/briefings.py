"""Briefings to stationed departments (双向管理): a staff member's pay, promotion and HR file stay with
their own agency, so each agency receives the quarter's results of its windows and staff, with the
e-supervision cards, complaints and service ratings behind them. The briefing goes to the agency
itself: integrity complaints (廉洁), which only hall managers read, are not in it, nor in its staff
and window rows' verified complaints (the assessment counts them apart).

The figures are gathered once, when the briefing is made from a published (frozen) assessment, with
one set-based query per kind of record."""

import frappe
from frappe import _
from frappe.query_builder import DocType
from frappe.query_builder.functions import Count
from frappe.utils import add_days

from gov_hall.assessment import rankings
from gov_hall.rules import ratings as rating_rules
from gov_hall.rules.complaints import INTEGRITY, PARTLY_SUBSTANTIATED, SUBSTANTIATED, UNSUBSTANTIATED
from gov_hall.rules.periods import quarter_bounds
from gov_hall.setup.workflows import A_PUBLISHED
from gov_hall.utils.clock import now_datetime

BRIEFING = "GH Department Briefing"
COMPLAINT_FIELDS = {
	SUBSTANTIATED: "substantiated",
	PARTLY_SUBSTANTIATED: "partly_substantiated",
	UNSUBSTANTIATED: "unsubstantiated",
}
RATING_FIELDS = {level: frappe.scrub(level) for level in rating_rules.LEVELS}
WINDOW_FIELDS = (
	"rank",
	"window",
	"work_points",
	"activity_points",
	"final_score",
	"verified_complaints",
	"eligible",
	"ineligible_reason",
	"is_red_flag",
)
STAFF_FIELDS = (
	"rank",
	"staff",
	"staff_name",
	"window",
	"ideology",
	"skills",
	"attendance",
	"performance",
	"integrity",
	"activity_points",
	"final_score",
	"verified_complaints",
	"eligible",
	"ineligible_reason",
	"is_service_star",
)


def check_quarter_run(period_type: str | None) -> None:
	"""Department briefings are quarterly (issue 15): a month run goes to the home agencies instead."""
	if period_type and period_type != rankings.QUARTER_RUN:
		frappe.throw(
			_(
				"Department briefings are made from quarterly assessments; a monthly assessment is briefed to the home agencies (GH Agency Briefing)."
			),
			title=_("Not Allowed"),
		)


def validate_briefing(doc) -> None:
	run = frappe.db.get_value(
		"GH Assessment Run", doc.run, ["hall", "quarter", "status", "period_type"], as_dict=True
	)
	if not run or run.status != A_PUBLISHED:
		frappe.throw(_("A briefing can only be made from a published assessment."), title=_("Not Allowed"))
	check_quarter_run(run.period_type)
	doc.hall, doc.quarter = run.hall, run.quarter
	if frappe.db.get_value("GH Stationed Department", doc.department, "hall") != run.hall:
		frappe.throw(
			_("Department {0} is not stationed in {1}.").format(doc.department, run.hall),
			title=_("Invalid Input"),
		)
	duplicate = frappe.db.exists(
		BRIEFING, {"run": doc.run, "department": doc.department, "name": ["!=", doc.name or ""]}
	)
	if duplicate:
		frappe.throw(
			_("{0} already has a briefing from this assessment: {1}.").format(doc.department, duplicate),
			title=_("Already Exists"),
		)
	if doc.is_new() or doc.has_value_changed("run") or doc.has_value_changed("department"):
		gather(doc)


def gather(doc) -> None:
	"""The department's figures for the run's quarter."""
	start, end = quarter_bounds(doc.quarter)
	after_end = add_days(end, 1)
	windows = rankings.window_rows(doc.run)
	staff = rankings.staff_rows(doc.run)
	doc.windows_assessed, doc.staff_assessed = len(windows), len(staff)
	doc.set(
		"window_results",
		[
			{**{field: row[field] for field in WINDOW_FIELDS}, "window_name": row.window_label}
			for row in windows
			if row.department == doc.department
		],
	)
	doc.set(
		"staff_results",
		[{field: row[field] for field in STAFF_FIELDS} for row in staff if row.department == doc.department],
	)
	add_cards(doc, start, end)
	add_complaints(doc, start, after_end)
	add_ratings(doc, start, after_end)
	doc.generated_on = now_datetime()


def add_cards(doc, start, end) -> None:
	Card = DocType("GH Supervision Card")
	counts = dict(
		frappe.qb.from_(Card)
		.select(Card.level, Count(Card.name))
		.where(Card.department == doc.department)
		.where(Card.card_date[start:end])
		.groupby(Card.level)
		.run()
	)
	doc.yellow_cards, doc.red_cards = counts.get("Yellow", 0), counts.get("Red", 0)


def add_complaints(doc, start, after_end) -> None:
	"""Complaints received in the quarter or counted in its assessment, by verification result."""
	Complaint = DocType("GH Complaint")
	counts = dict(
		frappe.qb.from_(Complaint)
		.select(Complaint.verification_result, Count(Complaint.name))
		.where(Complaint.department == doc.department)
		# integrity complaints (廉洁) reach managers only, never the department's briefing
		.where(Complaint.category != INTEGRITY)
		.where(
			((Complaint.received_on >= start) & (Complaint.received_on < after_end))
			| (Complaint.assessment_quarter == doc.quarter)
		)
		.groupby(Complaint.verification_result)
		.run()
	)
	doc.complaints = sum(counts.values())
	for result, field in COMPLAINT_FIELDS.items():
		doc.set(field, counts.get(result, 0))
	doc.pending_verification = doc.complaints - sum(counts.get(result, 0) for result in COMPLAINT_FIELDS)


def add_ratings(doc, start, after_end) -> None:
	"""Ratings of the quarter that count in scores (an upheld appeal takes one out), by level."""
	Rating = DocType("GH Service Rating")
	counts = dict(
		frappe.qb.from_(Rating)
		.select(Rating.level, Count(Rating.name))
		.where(Rating.department == doc.department)
		.where(Rating.counts_in_scores == 1)
		.where(Rating.rated_on >= start)
		.where(Rating.rated_on < after_end)
		.groupby(Rating.level)
		.run()
	)
	for level, field in RATING_FIELDS.items():
		doc.set(field, counts.get(level, 0))
	doc.ratings = sum(counts.get(level, 0) for level in RATING_FIELDS)
	rate = rating_rules.satisfaction_rate({level: counts.get(level, 0) for level in RATING_FIELDS})
	doc.satisfaction_rate = None if rate is None else round(rate, 2)


def departments_of(run: str) -> list[str]:
	"""Every department with a window or staff member in the run."""
	rows = {row.department for row in rankings.window_rows(run)}
	rows |= {row.department for row in rankings.staff_rows(run)}
	return sorted(department for department in rows if department)


def make_briefings(run: str) -> dict:
	"""One briefing per department of a published run; departments already briefed are skipped."""
	found = frappe.db.get_value("GH Assessment Run", run, ["status", "period_type"], as_dict=True)
	status, period_type = (found.status, found.period_type) if found else (None, None)
	if status != A_PUBLISHED:
		frappe.throw(_("A briefing can only be made from a published assessment."), title=_("Not Allowed"))
	check_quarter_run(period_type)
	existing = set(frappe.get_all(BRIEFING, filters={"run": run}, pluck="department"))
	created = []
	for department in departments_of(run):
		if department in existing:
			continue
		doc = frappe.get_doc({"doctype": BRIEFING, "run": run, "department": department}).insert()
		created.append(doc.name)
	return {"created": created, "existing": len(existing)}
