"""Appeals against a rating (申诉复核): the window asks, managers decide. An upheld appeal takes
the rating out of scores but keeps it on record."""

import frappe
from frappe import _

from gov_hall.access import controlled
from gov_hall.setup.roles import HALL_ADMINISTRATOR, HALL_MANAGER
from gov_hall.utils.clock import nowdate
from gov_hall.utils.validation import clean_text
from gov_hall.voice import ratings
from gov_hall.voice.rectification import close_for_upheld_appeal

PENDING = "Pending"
UPHELD = "Upheld"
DISMISSED = "Dismissed"
DECISIONS = (UPHELD, DISMISSED)
EXPLANATION_LIMIT = 2000
DECISION_FIELDS = ("status", "decided_by", "decided_on", "decision_notes")


def validate_appeal(doc) -> None:
	if doc.is_new():
		prepare_new_appeal(doc)
	elif not doc.flags.deciding:
		keep_decision_fields(doc)
	doc.explanation = clean_text(doc.explanation, _("Explanation"), EXPLANATION_LIMIT, required=True)


def prepare_new_appeal(doc) -> None:
	rating = frappe.get_doc("GH Service Rating", doc.rating)
	rating.check_permission("read")
	if rating.status == ratings.EXCLUDED:
		frappe.throw(_("This rating has already been taken out of scores."), title=_("Invalid Input"))
	if frappe.db.exists("GH Rating Appeal", {"rating": doc.rating, "status": PENDING}):
		frappe.throw(_("This rating already has an appeal under review."), title=_("Invalid Input"))
	doc.status = PENDING
	doc.decided_by = doc.decided_on = doc.decision_notes = None
	doc.hall, doc.department, doc.window, doc.staff = (
		rating.hall,
		rating.department,
		rating.window,
		rating.staff,
	)


def keep_decision_fields(doc) -> None:
	before = doc.get_doc_before_save()
	for fieldname in DECISION_FIELDS:
		if before and str(before.get(fieldname) or "") != str(doc.get(fieldname) or ""):
			frappe.throw(_("Only a manager's review decides an appeal."), frappe.PermissionError)
	if before and before.status != PENDING:
		frappe.throw(_("A decided appeal cannot be changed."), title=_("Not Allowed"))


def after_appeal_insert(doc) -> None:
	frappe.db.set_value(
		"GH Service Rating", doc.rating, "status", ratings.UNDER_APPEAL, update_modified=False
	)


def decide(appeal_name: str, decision: str, notes: str) -> None:
	if not set(frappe.get_roles()) & {HALL_MANAGER, HALL_ADMINISTRATOR, "System Manager"}:
		frappe.throw(_("Only hall managers review appeals."), frappe.PermissionError)
	if decision not in DECISIONS:
		frappe.throw(_("Decide Upheld or Dismissed."), title=_("Invalid Input"))
	appeal = frappe.get_doc("GH Rating Appeal", appeal_name)
	if appeal.status != PENDING:
		frappe.throw(_("This appeal has already been decided."), title=_("Not Allowed"))
	appeal.decision_notes = clean_text(notes, _("Decision Notes"), EXPLANATION_LIMIT, required=True)
	appeal.status = decision
	appeal.decided_by = frappe.session.user
	appeal.decided_on = nowdate()
	appeal.flags.deciding = True
	with controlled.action(appeal, "Decide Appeal", reason=appeal.decision_notes):
		appeal.save(ignore_permissions=True)
	apply_decision(appeal)


def apply_decision(appeal) -> None:
	if appeal.status == UPHELD:
		frappe.db.set_value(
			"GH Service Rating", appeal.rating, {"status": ratings.EXCLUDED, "counts_in_scores": 0}
		)
		close_for_upheld_appeal(frappe.db.get_value("GH Service Rating", appeal.rating, "rectification"))
	else:
		frappe.db.set_value("GH Service Rating", appeal.rating, "status", ratings.VALID)
