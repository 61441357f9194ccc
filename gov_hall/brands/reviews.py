"""Service brands (服务品牌) on the desk: proposing a brand, the panel's score sheets, and the review
that names, keeps, warns or withdraws it.

The controllers of GH Service Brand, GH Brand Review, GH Brand Score Sheet and GH Brand Criterion
call the functions here; the plain rules (criteria, averages, outcomes) are gov_hall.rules.brands and
the commitments are measured by gov_hall.brands.metrics.measure_brand.

A brand's review figures (score, naming date, last review, commitments kept and missed) are derived
from its submitted reviews; submitting a review records them and then applies the workflow action
of its outcome as the deciding manager, so the brand follows its reviews.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import cint, flt, getdate

from gov_hall.access import controlled
from gov_hall.rules import brands as rules
from gov_hall.utils.clock import now_datetime, nowdate, today
from gov_hall.utils.validation import clean_text

BRAND = "GH Service Brand"
REVIEW = "GH Brand Review"
SHEET = "GH Brand Score Sheet"
CRITERION = "GH Brand Criterion"
DEPARTMENT = "GH Stationed Department"
WINDOW = "GH Service Window"
SETTINGS = "GH Hall Settings"
WINDOW_BRAND = "Window"
RECORD_REVIEW = "Record Brand Review"
TEXT_LIMIT = 2000


def invalid(message: str) -> None:
	frappe.throw(message, frappe.ValidationError, title=_("Invalid Input"))


def not_allowed(message: str) -> None:
	frappe.throw(message, frappe.PermissionError, title=_("Not Allowed"))


# ---------------------------------------------------------------------------------------------
# Criteria


def validate_criterion(doc) -> None:
	if flt(doc.max_score) <= 0 or flt(doc.max_score) > 100:
		invalid(_("A criterion is worth more than 0 and at most 100 points."))
	doc.description = clean_text(doc.description, _("Description"), TEXT_LIMIT)


def ensure_brand_criteria() -> None:
	"""The five criteria of seed 002 (三个体现, 两个创新), 20 points each, and the naming score of 85;
	never overwrites edits."""
	if not flt(frappe.db.get_single_value(SETTINGS, "brand_naming_score")):
		frappe.db.set_single_value(SETTINGS, "brand_naming_score", rules.DEFAULT_NAMING_SCORE)
	for sequence, (name, group, description, max_score) in enumerate(rules.DEFAULT_CRITERIA, start=1):
		if frappe.db.exists(CRITERION, name):
			continue
		frappe.get_doc(
			{
				"doctype": CRITERION,
				"criterion_name": name,
				"criterion_group": group,
				"description": description,
				"max_score": max_score,
				"sequence": sequence,
				"is_active": 1,
			}
		).insert(ignore_permissions=True)


def active_criteria() -> list:
	return frappe.get_all(
		CRITERION,
		filters={"is_active": 1},
		fields=["name", "max_score"],
		order_by="sequence asc, name asc",
	)


@frappe.whitelist()
def criteria_rows() -> list[dict]:
	"""The rows a new score sheet starts with (the desk form fills them in)."""
	return [{"criterion": row.name, "max_score": row.max_score, "score": 0} for row in active_criteria()]


# ---------------------------------------------------------------------------------------------
# Brands


def chief_departments(user: str | None = None) -> list[str]:
	"""The departments that name ``user`` their chief representative."""
	user = user or frappe.session.user
	return frappe.get_all(DEPARTMENT, filters={"chief_representative": user}, pluck="name")


def validate_brand(doc) -> None:
	if doc.is_new():
		doc.proposed_by = frappe.session.user
		doc.proposed_on = nowdate()
	check_proposer(doc)
	doc.brand_name = clean_text(doc.brand_name, _("Brand Name"), 140, required=True)
	doc.concept = clean_text(doc.concept, _("Concept"), TEXT_LIMIT, required=True)
	doc.description = clean_text(doc.description, _("Description"), TEXT_LIMIT)
	doc.measures = clean_text(doc.measures, _("Measures"), TEXT_LIMIT)
	check_department_and_windows(doc)
	check_commitments(doc)
	check_members(doc)
	fields = brand_review_fields(doc.name if not doc.is_new() else None)
	if doc.status in (rules.PROPOSED, rules.UNDER_REVIEW) and not recording_review(doc):
		# a brand proposed (again) awaits its naming review: an earlier review's outcome does not
		# open the workflow's Name Brand / Do Not Name to it (their conditions read this field)
		fields["last_review_outcome"] = None
	doc.update(fields)


def recording_review(doc) -> bool:
	return any(name == RECORD_REVIEW for name, _reason in controlled.active_actions(doc))


def check_proposer(doc) -> None:
	"""A chief representative proposes and edits the brands of their own department only."""
	if controlled.is_manager():
		return
	mine = set(chief_departments())
	before = doc.get_doc_before_save()
	departments = {doc.department} | ({before.department} if before else set())
	if not mine or not departments <= mine:
		not_allowed(_("You can propose and edit service brands only for the department you are chief of."))


def window_departments(window: str) -> set[str]:
	row = frappe.db.get_value(WINDOW, window, ["department", "hall"], as_dict=True)
	if not row:
		return set()
	served = frappe.get_all(
		"GH Window Department", filters={"parent": window, "parenttype": WINDOW}, pluck="department"
	)
	return {d for d in [row.department, *served] if d}


def check_department_and_windows(doc) -> None:
	hall = frappe.db.get_value(DEPARTMENT, doc.department, "hall")
	if not hall:
		invalid(_("Choose the department the brand belongs to."))
	if doc.hall and doc.hall != hall:
		invalid(_("The department is not stationed in this service hall."))
	doc.hall = hall
	if doc.brand_for == WINDOW_BRAND:
		if not doc.window:
			invalid(_("Choose the window of a window brand."))
	elif doc.brand_for != "Department":
		invalid(_("A brand is for a department or for a window."))
	table = [row.window for row in doc.windows or []]
	if len(table) != len(set(table)):
		invalid(_("Each window is listed once."))
	for window in sorted({doc.window, *table} - {None, ""}):
		if doc.department not in window_departments(window):
			invalid(_("Window {0} does not belong to the brand's department.").format(window))


def check_commitments(doc) -> None:
	from gov_hall.rules import brand_metrics

	for row in doc.commitments or []:
		row.commitment = clean_text(row.commitment, _("Commitment"), 500, required=True)
		if row.metric and row.metric not in brand_metrics.METRICS:
			invalid(_("Commitment row {0}: unknown metric.").format(row.idx))
		if flt(row.target) < 0 or flt(row.param) < 0:
			invalid(_("Commitment row {0}: the target and the parameter cannot be negative.").format(row.idx))
		metric = brand_metrics.METRICS.get(row.metric) if row.metric else None
		if metric and metric.unit == brand_metrics.PERCENT and flt(row.target) > 100:
			invalid(_("Commitment row {0}: a rate target is at most 100.").format(row.idx))


def check_members(doc) -> None:
	"""The people behind a brand are on-site staff of its department when they join it (a member who
	leaves the hall later stays on the brand's record)."""
	before = doc.get_doc_before_save()
	earlier = {row.staff for row in (before.members if before else [])}
	seen = set()
	for row in doc.members or []:
		if row.staff in seen:
			invalid(_("{0} is listed twice among the members.").format(row.staff))
		seen.add(row.staff)
		row.role_in_brand = clean_text(row.role_in_brand, _("Role in the Brand"), 140)
		if row.staff not in earlier and not frappe.db.exists(
			"GH Window Staff", {"user": row.staff, "department": doc.department, "status": "On Site"}
		):
			invalid(_("{0} is not on-site staff of the brand's department.").format(row.staff))


def brand_review_fields(brand: str | None) -> dict:
	"""The brand's figures derived from its submitted reviews (all empty before the first)."""
	fields = {
		"review_score": 0,
		"named_on": None,
		"naming_review": None,
		"last_review": None,
		"last_review_year": 0,
		"last_review_outcome": None,
		"commitments_kept": 0,
		"commitments_missed": 0,
	}
	if not brand:
		return fields
	reviews = frappe.get_all(
		REVIEW,
		filters={"brand": brand, "docstatus": 1},
		fields=[
			"name",
			"review_type",
			"year",
			"outcome",
			"average_score",
			"decided_on",
			"commitments_kept",
			"commitments_missed",
		],
		order_by="decided_on desc, creation desc",
	)
	if not reviews:
		return fields
	last = reviews[0]
	fields.update(
		last_review=last.name,
		last_review_year=cint(last.year),
		last_review_outcome=last.outcome,
	)
	naming = next((r for r in reviews if r.review_type == rules.NAMING_REVIEW), None)
	if naming:
		fields.update(naming_review=naming.name, review_score=flt(naming.average_score, 2))
		if naming.outcome == rules.NAMED and naming.decided_on:
			fields["named_on"] = getdate(naming.decided_on)
	annual = next((r for r in reviews if r.review_type == rules.ANNUAL_REVIEW), None)
	if annual:
		fields.update(
			commitments_kept=cint(annual.commitments_kept),
			commitments_missed=cint(annual.commitments_missed),
		)
	return fields


# ---------------------------------------------------------------------------------------------
# Reviews


def naming_threshold() -> float:
	return flt(frappe.db.get_single_value(SETTINGS, "brand_naming_score")) or rules.DEFAULT_NAMING_SCORE


def validate_review(doc) -> None:
	brand = frappe.get_doc(BRAND, doc.brand) if doc.brand else None
	if not brand:
		invalid(_("Choose the service brand reviewed."))
	if doc.review_type not in rules.REVIEW_TYPES:
		invalid(_("Choose the review type."))
	set_period(doc)
	before = doc.get_doc_before_save()
	if doc.docstatus == 0 or before is None or before.docstatus == 0:
		if brand.status not in rules.REVIEWABLE_IN[doc.review_type]:
			invalid(
				_("A {0} is held for a brand that is {1}; this brand is {2}.").format(
					_(doc.review_type),
					"、".join(_(state) for state in rules.REVIEWABLE_IN[doc.review_type]),
					_(brand.status),
				)
			)
		check_other_reviews(doc)
		check_panel(doc)
		refresh_figures(doc, brand)
		doc.decided_by = None
		doc.decided_on = None
	doc.decision_notes = clean_text(doc.decision_notes, _("Decision Notes"), TEXT_LIMIT)
	if doc.outcome and not rules.valid_outcome(doc.review_type, doc.outcome):
		invalid(
			_("{0} is not an outcome of a {1}.").format(_(doc.outcome), _(doc.review_type)),
		)


def set_period(doc) -> None:
	try:
		start, end = rules.review_period(cint(doc.year))
	except ValueError:
		invalid(_("Give the year reviewed, such as {0}.").format(today().year))
	if start > today():
		invalid(_("A review cannot be held for a year that has not begun."))
	doc.period_from, doc.period_to = start, end


def check_other_reviews(doc) -> None:
	others = {"brand": doc.brand, "name": ["!=", doc.name or ""]}
	if frappe.get_all(REVIEW, filters={**others, "docstatus": 0}, limit=1):
		invalid(_("This brand already has a review in progress; finish that one first."))
	if doc.review_type == rules.ANNUAL_REVIEW and frappe.get_all(
		REVIEW,
		filters={**others, "docstatus": 1, "review_type": rules.ANNUAL_REVIEW, "year": cint(doc.year)},
		limit=1,
	):
		invalid(_("The brand's annual review of {0} is already decided.").format(cint(doc.year)))


def check_panel(doc) -> None:
	seen = set()
	for row in doc.panel or []:
		if row.reviewer in seen:
			invalid(_("{0} is on the panel twice.").format(row.reviewer))
		if not frappe.db.get_value("User", row.reviewer, "enabled"):
			invalid(_("{0} is not an active user.").format(row.reviewer))
		seen.add(row.reviewer)
	if doc.is_new():
		return
	scored = frappe.get_all(
		SHEET, filters={"review": doc.name, "docstatus": ["<", 2]}, pluck="reviewer", distinct=True
	)
	gone = sorted(set(scored) - seen)
	if gone:
		invalid(
			_("{0} already has a score sheet for this review and stays on the panel.").format("、".join(gone))
		)


def share_with_panel(doc) -> None:
	"""The panel reads the review it scores and the brand it reviews (gov_hall.access.scope: both are
	shared with each reviewer); a reviewer taken off the panel loses them."""
	from frappe.share import add_docshare

	panel = {row.reviewer for row in doc.panel or []}
	shared = set(
		frappe.get_all("DocShare", filters={"share_doctype": REVIEW, "share_name": doc.name}, pluck="user")
	)
	flags = {"ignore_share_permission": True}
	for reviewer in sorted(panel - shared):
		add_docshare(REVIEW, doc.name, reviewer, read=1, flags=flags)
		# and the brand it reviews, which a supervisor on the panel reads only once it is named
		add_docshare(BRAND, doc.brand, reviewer, read=1, flags=flags)
	for user in sorted(shared - panel):
		for doctype, name in ((REVIEW, doc.name), (BRAND, doc.brand)):
			for share in frappe.get_all(
				"DocShare", filters={"share_doctype": doctype, "share_name": name, "user": user}, pluck="name"
			):
				frappe.delete_doc("DocShare", share, ignore_permissions=True, flags=flags)


def submitted_totals(review: str, panel: set[str]) -> list[float]:
	rows = frappe.get_all(
		SHEET, filters={"review": review, "docstatus": 1}, fields=["reviewer", "total_score"]
	)
	return [flt(row.total_score) for row in rows if row.reviewer in panel]


def refresh_figures(doc, brand) -> None:
	"""The panel's average, the commitments measured over the year, the recommended outcome."""
	panel = {row.reviewer for row in doc.panel or []}
	totals = submitted_totals(doc.name, panel) if not doc.is_new() else []
	doc.sheets_count = len(totals)
	doc.average_score = rules.average_score(totals)
	results = measured_commitments(brand, doc.period_from, doc.period_to)
	doc.set("commitment_results", [])
	for row in results:
		doc.append(
			"commitment_results",
			{
				"commitment": row.get("commitment"),
				"metric": row.get("metric"),
				"target": row.get("target"),
				"param": row.get("param"),
				"actual": row.get("actual"),
				"measured": cint(row.get("measured")),
				"kept": cint(bool(row.get("kept"))),
				"detail": (row.get("detail") or "")[:140],
			},
		)
	doc.commitments_kept, doc.commitments_missed = rules.commitment_counts(results)
	doc.recommended_outcome = rules.recommended_outcome(
		doc.review_type,
		average=doc.average_score,
		threshold=naming_threshold(),
		kept=doc.commitments_kept,
		missed=doc.commitments_missed,
		previously_warned=brand.status == rules.WARNED,
	)


def measured_commitments(brand, period_from, period_to) -> list[dict]:
	"""gov_hall.brands.metrics.measure_brand over the period, up to today."""
	if not brand.commitments:
		return []
	end = min(getdate(period_to), today())
	measure = frappe.get_attr("gov_hall.brands.metrics.measure_brand")
	return measure(brand, getdate(period_from), end)


def before_submit_review(doc) -> None:
	brand_status = frappe.db.get_value(BRAND, doc.brand, "status")
	if not doc.outcome:
		invalid(_("Record the outcome before submitting the review."))
	if not rules.transition_for(doc.outcome, brand_status):
		invalid(
			_("A brand that is {0} cannot be given the outcome {1}.").format(_(brand_status), _(doc.outcome))
		)
	if doc.review_type == rules.NAMING_REVIEW:
		panel = [row.reviewer for row in doc.panel or []]
		if not panel:
			invalid(_("A naming review needs a panel."))
		submitted = set(frappe.get_all(SHEET, filters={"review": doc.name, "docstatus": 1}, pluck="reviewer"))
		waiting = [reviewer for reviewer in panel if reviewer not in submitted]
		if waiting:
			invalid(_("Waiting for the score sheets of: {0}.").format("、".join(waiting)))
	if doc.outcome != doc.recommended_outcome and not doc.decision_notes:
		invalid(
			_(
				"The outcome differs from the recommended outcome ({0}): give the reasons in the decision notes."
			).format(_(doc.recommended_outcome))
		)
	doc.decided_by = frappe.session.user
	doc.decided_on = now_datetime()


def on_submit_review(doc) -> None:
	"""Record the review's figures on the brand, then take the outcome's workflow action."""
	from frappe.model.workflow import apply_workflow

	brand = frappe.get_doc(BRAND, doc.brand)
	action = rules.transition_for(doc.outcome, brand.status)
	with controlled.action(brand, RECORD_REVIEW):
		brand.flags.ignore_permissions = True
		brand.save()
	apply_workflow(brand.as_dict(), action)


def before_cancel_review(doc) -> None:
	not_allowed(_("A decided brand review stands; the brand's next review changes its standing."))


# ---------------------------------------------------------------------------------------------
# Score sheets


def validate_sheet(doc) -> None:
	user = frappe.session.user
	if doc.is_new():
		if doc.reviewer and doc.reviewer != user and user != "Administrator":
			not_allowed(_("A score sheet is filled in by the reviewer themself."))
		doc.reviewer = doc.reviewer or user
	elif user not in (doc.reviewer, "Administrator"):
		not_allowed(_("Only the reviewer can change their own score sheet."))
	review = frappe.db.get_value(REVIEW, doc.review, ["docstatus", "brand", "brand_name"], as_dict=True)
	if not review:
		invalid(_("Choose the brand review scored."))
	if review.docstatus != 0:
		invalid(_("The review is already decided; its score sheets cannot change."))
	doc.brand, doc.brand_name = review.brand, review.brand_name
	panel = frappe.get_all(
		"GH Brand Panel Member", filters={"parent": doc.review, "parenttype": REVIEW}, pluck="reviewer"
	)
	if doc.reviewer not in panel:
		not_allowed(_("Only members of the review's panel fill in score sheets."))
	other = frappe.get_all(
		SHEET,
		filters={
			"review": doc.review,
			"reviewer": doc.reviewer,
			"docstatus": ["<", 2],
			"name": ["!=", doc.name or ""],
		},
		limit=1,
	)
	if other:
		invalid(_("You already have a score sheet for this review."))
	score_rows(doc)


def score_rows(doc) -> None:
	criteria = {row.name: row for row in frappe.get_all(CRITERION, fields=["name", "max_score", "is_active"])}
	seen = set()
	for row in doc.scores or []:
		criterion = criteria.get(row.criterion)
		if not criterion:
			invalid(_("Row {0}: unknown criterion.").format(row.idx))
		if row.criterion in seen:
			invalid(_("Row {0}: each criterion is scored once.").format(row.idx))
		seen.add(row.criterion)
		row.max_score = flt(criterion.max_score)
		row.comment = clean_text(row.comment, _("Comment"), 500)
	for criterion in active_criteria():
		if criterion.name not in seen:
			doc.append("scores", {"criterion": criterion.name, "max_score": criterion.max_score, "score": 0})
	if not doc.scores:
		invalid(_("There are no active criteria to score against."))
	try:
		doc.total_score = rules.sheet_total(
			(row.criterion, flt(row.max_score), flt(row.score)) for row in doc.scores
		)
	except rules.InvalidScore as err:
		invalid(_("{0}: the score must be between 0 and {1}.").format(_(err.criterion), flt(err.max_score)))


def before_cancel_sheet(doc) -> None:
	if frappe.session.user not in (doc.reviewer, "Administrator"):
		not_allowed(_("Only the reviewer can change their own score sheet."))
	if frappe.db.get_value(REVIEW, doc.review, "docstatus") != 0:
		invalid(_("The review is already decided; its score sheets cannot change."))


def sheet_changed(doc) -> None:
	"""A sheet submitted or cancelled: the review's count and average follow at once."""
	review = frappe.get_doc(REVIEW, doc.review)
	if review.docstatus != 0:
		return
	panel = {row.reviewer for row in review.panel or []}
	totals = submitted_totals(review.name, panel)
	average = rules.average_score(totals)
	values = {"sheets_count": len(totals), "average_score": average}
	if review.review_type == rules.NAMING_REVIEW:
		values["recommended_outcome"] = rules.naming_outcome(average, naming_threshold())
	review.db_set(values, update_modified=False)
