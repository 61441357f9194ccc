"""Monthly briefings to home agencies (派出单位月度通报, issue 15, 双向管理): the hall has only on-site
management authority over staff who belong to other agencies, so each agency receives, every month,
the duty, cards, complaints, ratings, assessment and inspection findings of each of its staff, from
every hall where it has staff.

A briefing is made from the published (frozen) monthly assessments of that month: one row per staff
member of the agency (GH Window Staff.home_agency) in a published month run, copied from the run's
row; the month's submitted inspections naming those staff add their findings. Integrity complaints
(廉洁) reach the hall's managers only: the rows' verified complaints leave them out, as the run's do.
Halls where the agency has staff but whose month run is not published yet are listed as pending; the
briefing is gathered again by *Make Agency Briefings* until it is emailed.

Set-based: one query for the rows of every published month run, one for the halls, one for the
inspections."""

import frappe
from frappe import _
from frappe.query_builder import DocType
from frappe.query_builder.functions import Count

from gov_hall.access import controlled
from gov_hall.rules.periods import MONTH, month_bounds
from gov_hall.setup.workflows import A_PUBLISHED
from gov_hall.utils.clock import now_datetime

AGENCY_BRIEFING = "GH Agency Briefing"
RUN = "GH Assessment Run"
MONTH_RUN = "Month"
MAKE = "Make Agency Briefings"
GATHERED = (
	"halls",
	"pending_halls",
	"generated_on",
	"staff_count",
	"emailed_on",
	"emailed_to",
	"staff_results",
	"findings",
)
# copied from the staff member's row of the hall's month run (GH Staff Assessment)
ROW_FIELDS = (
	"staff",
	"staff_name",
	"department",
	"window",
	"rank",
	"duty_sessions",
	"late_count",
	"early_leave_count",
	"absent_sessions",
	"leave_sessions",
	"empty_windows",
	"left_post_count",
	"attendance",
	"cases",
	"on_time_rate",
	"yellow_cards",
	"red_cards",
	"verified_complaints",  # the run's row counts integrity complaints apart (managers only)
	"ratings",
	"satisfaction_rate",
	"final_score",
)


def check_month(month) -> str:
	month = month.strip() if isinstance(month, str) else ""
	if not MONTH.match(month):
		frappe.throw(_("Give the month as YYYY-MM, for example 2026-11."), title=_("Invalid Input"))
	return month


def validate_agency_briefing(doc) -> None:
	doc.month = check_month(doc.month)
	duplicate = frappe.db.exists(
		AGENCY_BRIEFING,
		{"home_agency": doc.home_agency, "month": doc.month, "name": ["!=", doc.name or ""]},
	)
	if duplicate:
		frappe.throw(
			_("{0} already has a briefing for {1}: {2}.").format(doc.home_agency, doc.month, duplicate),
			title=_("Already Exists"),
		)
	if doc.is_new() or MAKE in {name for name, _reason in controlled.active_actions(doc)}:
		gather(doc)


# ---------------------------------------------------------------------------------------------
# The figures


def agency_rows(month: str, agency: str | None = None) -> list[dict]:
	"""Every staff row of the published month runs of ``month`` whose staff member belongs to a home
	agency (``agency`` alone when given), with the run's hall and the agency, by hall and rank."""
	Result, Run, Staff = DocType("GH Staff Assessment"), DocType(RUN), DocType("GH Window Staff")
	query = (
		frappe.qb.from_(Result)
		.join(Run)
		.on(Run.name == Result.parent)
		.join(Staff)
		.on((Staff.user == Result.staff) & (Staff.hall == Run.hall))
		.select(
			Staff.home_agency,
			Run.hall,
			Run.name.as_("run"),
			*(getattr(Result, field) for field in ROW_FIELDS),
		)
		.where(Result.parenttype == RUN)
		.where(Result.parentfield == "staff_results")
		.where(Run.period_type == MONTH_RUN)
		.where(Run.month == month)
		.where(Run.status == A_PUBLISHED)
		.where(Staff.home_agency.isnotnull())
		.where(Staff.home_agency != "")
	)
	if agency:
		query = query.where(Staff.home_agency == agency)
	rows, seen = [], set()
	for row in query.orderby(Run.hall).orderby(Result.rank).run(as_dict=True):
		if (row.run, row.staff) not in seen:  # a staff member with two records at one hall
			seen.add((row.run, row.staff))
			rows.append(row)
	return rows


def staff_assessed(runs: set[str]) -> dict[str, int]:
	"""How many staff each run ranked (a row's rank is out of this)."""
	if not runs:
		return {}
	Result = DocType("GH Staff Assessment")
	return dict(
		frappe.qb.from_(Result)
		.select(Result.parent, Count("*"))
		.where(Result.parenttype == RUN)
		.where(Result.parentfield == "staff_results")
		.where(Result.parent.isin(sorted(runs)))
		.groupby(Result.parent)
		.run()
	)


def agency_halls(agency: str, month: str) -> list[str]:
	"""Halls where the agency had staff on site during the month."""
	start, end = month_bounds(month)
	Staff = DocType("GH Window Staff")
	return [
		hall
		for (hall,) in frappe.qb.from_(Staff)
		.select(Staff.hall)
		.distinct()
		.where(Staff.home_agency == agency)
		.where(Staff.hall.isnotnull())
		.where(Staff.on_site_from <= end)
		.where(Staff.on_site_to.isnull() | (Staff.on_site_to >= start))
		.orderby(Staff.hall)
		.run()
	]


def inspection_findings(halls: list[str], staff: list[str], month: str) -> list[dict]:
	"""The month's submitted inspections of those halls that name one of those staff members."""
	if not halls or not staff:
		return []
	start, end = month_bounds(month)
	Inspection = DocType("GH Inspection")
	fields = [
		Inspection.name.as_("inspection"),
		Inspection.inspection_date,
		Inspection.hall,
		Inspection.staff,
		Inspection.staff_name,
		Inspection.window,
		Inspection.score_rate,
		Inspection.findings,
	]
	if frappe.db.has_column("GH Inspection", "left_post"):
		fields.append(Inspection.left_post)
	return (
		frappe.qb.from_(Inspection)
		.select(*fields)
		.where(Inspection.docstatus == 1)
		.where(Inspection.hall.isin(halls))
		.where(Inspection.staff.isin(staff))
		.where(Inspection.inspection_date[start:end])
		.orderby(Inspection.inspection_date)
		.orderby(Inspection.name)
		.run(as_dict=True)
	)


def gather(doc) -> None:
	"""The agency's staff of the month from every hall whose month run is published."""
	rows = agency_rows(doc.month, doc.home_agency)
	counts = staff_assessed({row.run for row in rows})
	halls = sorted({row.hall for row in rows})
	doc.set(
		"staff_results",
		[
			{
				"hall": row.hall,
				"run": row.run,
				"staff_assessed": counts.get(row.run, 0),
				**{field: row[field] for field in ROW_FIELDS},
			}
			for row in rows
		],
	)
	names = {row.staff: row.staff_name for row in rows}
	doc.set(
		"findings",
		[
			{
				**row,
				"staff_name": row.staff_name or names.get(row.staff),
				"findings": (row.findings or "").strip()[:2000],
				"left_post": row.get("left_post") or 0,
			}
			for row in inspection_findings(halls, sorted(names), doc.month)
		],
	)
	doc.halls = "\n".join(halls)
	doc.pending_halls = "\n".join(
		hall for hall in agency_halls(doc.home_agency, doc.month) if hall not in halls
	)
	doc.staff_count = len({row.staff for row in rows})
	doc.generated_on = now_datetime()


# ---------------------------------------------------------------------------------------------
# Making them


def make_agency_briefings(month: str) -> dict:
	"""One briefing per home agency with staff in a published month run of ``month``. Briefings
	already made are gathered again (a hall may have published since) unless they were emailed."""
	month = check_month(month)
	agencies = sorted({row.home_agency for row in agency_rows(month)})
	existing = dict(
		frappe.get_all(
			AGENCY_BRIEFING, filters={"month": month}, fields=["home_agency", "name"], as_list=True
		)
	)
	created, refreshed, kept = [], [], []
	for agency in agencies:
		if agency not in existing:
			doc = frappe.get_doc({"doctype": AGENCY_BRIEFING, "home_agency": agency, "month": month})
			doc.insert()
			created.append(doc.name)
			continue
		doc = frappe.get_doc(AGENCY_BRIEFING, existing[agency])
		if doc.emailed_on:
			kept.append(doc.name)
			continue
		with controlled.action(doc, MAKE):
			doc.save()
		refreshed.append(doc.name)
	return {"created": created, "refreshed": refreshed, "emailed": kept}
