"""Builders for the service brand tests (issue 18): a department with its chief representative, a
hall manager, two supervisors on a review panel, brands, reviews and score sheets."""

import frappe
from frappe.model.workflow import apply_workflow

from gov_hall.brands.reviews import ensure_brand_criteria
from gov_hall.setup.roles import CHIEF_REPRESENTATIVE, HALL_MANAGER, HALL_SUPERVISOR
from gov_hall.tests.factories import as_user, make_case_setup, make_department, make_staff, make_user
from gov_hall.utils.clock import today

BRAND = "GH Service Brand"
REVIEW = "GH Brand Review"
SHEET = "GH Brand Score Sheet"
THIS_YEAR = today().year
LAST_YEAR = THIS_YEAR - 1


def make_chief(department: str, window: str | None = None) -> str:
	chief = make_staff(department, window).user
	frappe.get_doc("User", chief).add_roles(CHIEF_REPRESENTATIVE)
	frappe.db.set_value("GH Stationed Department", department, "chief_representative", chief)
	return chief


def make_brand_world() -> frappe._dict:
	"""A hall with a department (chief, two windows), another department with its own chief, a manager
	and two supervisors."""
	ensure_brand_criteria()
	s = make_case_setup()
	s.chief = make_chief(s.department, s.other_window)
	other = make_department(s.hall)
	s.other_department = other.name
	s.other_chief = make_chief(other.name)
	s.manager = make_user([HALL_MANAGER])
	s.reviewer = make_user([HALL_SUPERVISOR])
	s.other_reviewer = make_user([HALL_SUPERVISOR])
	s.outsider = make_user([HALL_SUPERVISOR])
	# the hall's people read the app in Chinese, whatever the site's own language
	for user in (s.staff, s.chief, s.other_chief, s.manager, s.reviewer, s.other_reviewer, s.outsider):
		frappe.db.set_value("User", user, "language", "zh")
	return s


def brand_values(s, **values) -> dict:
	return {
		"doctype": BRAND,
		"brand_name": values.pop("brand_name", "“心连心”服务品牌"),
		"brand_for": values.pop("brand_for", "Department"),
		"hall": s.hall,
		"department": values.pop("department", s.department),
		"concept": values.pop("concept", "用心服务，群众满意"),
		"measures": values.pop("measures", "提前办结，差评当日回访"),
		"commitments": values.pop(
			"commitments",
			[
				{"commitment": "全年无有效投诉", "metric": "Verified Complaints", "target": 0},
				{"commitment": "全年无红牌", "metric": "Red Cards", "target": 0},
				{"commitment": "微笑服务"},
			],
		),
		**values,
	}


def make_brand(s, user: str | None = None, **values):
	return as_user(user or s.chief, lambda: frappe.get_doc(brand_values(s, **values)).insert())


def act(doctype: str, name: str, action: str):
	return apply_workflow(frappe.get_doc(doctype, name).as_dict(), action)


def make_review(s, brand: str, review_type: str = "Naming Review", year: int = LAST_YEAR, panel=None):
	panel = [s.reviewer, s.other_reviewer] if panel is None else panel
	return as_user(
		s.manager,
		lambda: frappe.get_doc(
			{
				"doctype": REVIEW,
				"brand": brand,
				"review_type": review_type,
				"year": year,
				"panel": [{"reviewer": reviewer} for reviewer in panel],
			}
		).insert(),
	)


def score_sheet(review: str, reviewer: str, scores: list[float], submit: bool = True):
	"""The reviewer's sheet with ``scores`` for the active criteria in order."""

	def fill():
		sheet = frappe.get_doc({"doctype": SHEET, "review": review}).insert()
		for row, score in zip(sheet.scores, scores, strict=False):
			row.score = score
		sheet.save()
		if submit:
			sheet.submit()
		return sheet

	return as_user(reviewer, fill)


def decide(s, review: str, outcome: str, notes: str | None = None):
	def submit():
		doc = frappe.get_doc(REVIEW, review)
		doc.outcome = outcome
		doc.decision_notes = notes
		doc.save()
		doc.submit()
		return doc

	return as_user(s.manager, submit)


def named_brand(s, **values):
	"""A brand proposed, reviewed by two reviewers (90 and 84) and named."""
	brand = make_brand(s, **values).name
	as_user(s.chief, act, BRAND, brand, "Submit for Review")
	review = make_review(s, brand).name
	score_sheet(review, s.reviewer, [18, 18, 18, 18, 18])
	score_sheet(review, s.other_reviewer, [17, 17, 17, 17, 16])
	decide(s, review, "Named")
	return brand, review
