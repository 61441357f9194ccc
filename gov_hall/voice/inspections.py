"""Inspections (督查 / 明察暗访) of a window or staff member, scored against the conduct norms."""

import frappe
from frappe import _
from frappe.utils import flt, getdate

from gov_hall.rules import inspections as rules
from gov_hall.rules.periods import quarter_of
from gov_hall.utils.clock import nowdate
from gov_hall.utils.validation import clean_text
from gov_hall.voice.permissions import is_manager
from gov_hall.voice.subjects import fill_from_staff, fill_from_window
from gov_hall.voice.supervisors import supervisor_of

MANAGER = "Manager"
SUPERVISOR = "Supervisor"
TEXT_LIMIT = 4000


def validate_inspection(doc) -> None:
	doc.inspection_date = doc.inspection_date or nowdate()
	set_inspector(doc)
	fill_subject(doc)
	if not doc.items:
		add_norm_items(doc)
	score_items(doc)
	if getdate(doc.inspection_date) > getdate(nowdate()):
		frappe.throw(_("An inspection cannot be dated in the future."), title=_("Invalid Input"))
	doc.findings = clean_text(doc.findings, _("Findings"), TEXT_LIMIT)
	doc.required_corrections = clean_text(doc.required_corrections, _("Required Corrections"), TEXT_LIMIT)
	if doc.required_corrections and doc.correction_status == "Not Required":
		doc.correction_status = "Pending"
	doc.assessment_quarter = quarter_of(getdate(doc.inspection_date))


def set_inspector(doc) -> None:
	doc.inspector = doc.inspector or frappe.session.user
	if is_manager():
		if doc.inspector_type == MANAGER:
			doc.supervisor = None
		return
	# an external supervisor records only their own inspections
	own = supervisor_of()
	if not own:
		frappe.throw(
			_("Only managers and supervisors in their term record inspections."), frappe.PermissionError
		)
	doc.inspector_type = SUPERVISOR
	doc.supervisor = own


def fill_subject(doc) -> None:
	fill_from_window(doc, doc.window)
	if doc.subject_type == "Staff":
		if not doc.staff:
			frappe.throw(_("Name the staff member inspected."), title=_("Invalid Input"))
		window = doc.window
		fill_from_staff(doc, doc.staff)
		doc.window = window
	else:
		doc.staff = None
	doc.staff_name = frappe.db.get_value("User", doc.staff, "full_name") if doc.staff else None


def add_norm_items(doc) -> None:
	for norm in frappe.get_all(
		"GH Conduct Norm",
		filters={"is_active": 1},
		fields=["name", "norm_title", "max_points"],
		order_by="sequence asc, name asc",
	):
		doc.append(
			"items",
			{
				"norm": norm.name,
				"norm_title": norm.norm_title,
				"max_points": norm.max_points,
				"points": norm.max_points,
			},
		)
	if not doc.items:
		frappe.throw(_("There are no active conduct norms to inspect against."), title=_("Invalid Input"))


def score_items(doc) -> None:
	norms = {
		row.name: row
		for row in frappe.get_all("GH Conduct Norm", fields=["name", "norm_title", "max_points"])
	}
	seen = set()
	for item in doc.items:
		if item.norm not in norms:
			frappe.throw(_("Row {0}: unknown conduct norm.").format(item.idx), title=_("Invalid Input"))
		if item.norm in seen:
			frappe.throw(_("Row {0}: each norm is scored once.").format(item.idx), title=_("Invalid Input"))
		seen.add(item.norm)
		item.norm_title = norms[item.norm].norm_title
		item.max_points = flt(norms[item.norm].max_points)
		item.finding = clean_text(item.finding, _("Finding"), 500)
	checklist = [rules.ChecklistItem(item.norm, flt(item.max_points), flt(item.points)) for item in doc.items]
	try:
		result = rules.score(checklist)
	except rules.InvalidPoints as err:
		frappe.throw(
			_("{0}: points must be between 0 and {1}.").format(norms[err.norm].norm_title, err.max_points),
			title=_("Invalid Input"),
		)
	doc.total_points, doc.max_total_points, doc.score_rate = result.total, result.possible, result.rate
