"""Service ratings (好差评): one per case and channel, subject taken from the case, and a
rectification opened for every bad review."""

import frappe
from frappe import _

from gov_hall.rules import ratings as rules
from gov_hall.rules.identifiers import mask_mobile
from gov_hall.utils.clock import now_datetime
from gov_hall.utils.validation import clean_mobile, clean_text
from gov_hall.voice.subjects import case_subject, fill_from_staff, fill_from_window

COMMENT_LIMIT = 500
NAME_LIMIT = 60
# a rating is a citizen's verdict: once given, these never change
FIXED_FIELDS = ("rating_for", "case", "level", "channel", "window", "staff", "rated_on")
VALID = "Valid"
UNDER_APPEAL = "Under Appeal"
EXCLUDED = "Excluded"


def validate_rating(doc) -> None:
	if not doc.is_new():
		forbid_changes(doc)
		return
	if doc.level not in rules.LEVELS:
		frappe.throw(_("Choose one of the five rating levels."), title=_("Invalid Input"))
	if doc.channel not in rules.CHANNELS:
		frappe.throw(_("Choose how the rating was given."), title=_("Invalid Input"))
	doc.score = rules.score(doc.level)
	doc.is_bad_review = int(rules.is_bad(doc.level))
	doc.rated_on = doc.rated_on or now_datetime()
	doc.status = VALID
	doc.counts_in_scores = 1
	fill_subject(doc)
	if doc.staff and doc.staff == frappe.session.user:
		frappe.throw(_("Staff cannot record a rating of their own service."), frappe.PermissionError)
	clean_rater(doc)
	doc.comment = clean_text(doc.comment, _("Comment"), COMMENT_LIMIT)
	check_one_per_case_and_channel(doc)


def fill_subject(doc) -> None:
	if doc.rating_for == rules.CASE:
		if not doc.case:
			frappe.throw(_("A rating for a case needs the case."), title=_("Invalid Input"))
		case = case_subject(doc.case)
		doc.hall, doc.department, doc.window, doc.matter = (
			case.hall,
			case.department,
			case.window,
			case.matter,
		)
		doc.staff = case.staff
	elif doc.rating_for == rules.WINDOW_VISIT:
		doc.case = None
		if not doc.window:
			frappe.throw(_("A rating for a window visit needs the window."), title=_("Invalid Input"))
		fill_from_window(doc, doc.window)
		if doc.staff:
			fill_from_staff(doc, doc.staff)
	else:
		frappe.throw(_("A rating is for a case or for a window visit."), title=_("Invalid Input"))
	doc.staff_name = frappe.db.get_value("User", doc.staff, "full_name") if doc.staff else None


def clean_rater(doc) -> None:
	if not doc.is_real_name:
		doc.rater_name = doc.rater_mobile = doc.rater_mobile_masked = None
		return
	doc.rater_name = clean_text(doc.rater_name, _("Rater Name"), NAME_LIMIT, required=True)
	if doc.rater_mobile:
		doc.rater_mobile = clean_mobile(doc.rater_mobile, _("Rater Mobile"))
	doc.rater_mobile_masked = mask_mobile(doc.rater_mobile) if doc.rater_mobile else None


def check_one_per_case_and_channel(doc) -> None:
	if doc.rating_for != rules.CASE:
		return
	if frappe.db.exists(
		"GH Service Rating", {"case": doc.case, "channel": doc.channel, "name": ["!=", doc.name]}
	):
		frappe.throw(
			_("Case {0} has already been rated through this channel.").format(doc.case),
			frappe.DuplicateEntryError,
			title=_("Already Rated"),
		)


def forbid_changes(doc) -> None:
	before = doc.get_doc_before_save()
	if not before:
		return
	for fieldname in FIXED_FIELDS:
		if str(before.get(fieldname) or "") != str(doc.get(fieldname) or ""):
			frappe.throw(
				_("A citizen's rating cannot be changed once given. Appeal it instead."),
				title=_("Not Allowed"),
			)


def after_rating_insert(doc) -> None:
	if doc.is_bad_review:
		from gov_hall.voice.rectification import open_rectification

		open_rectification(doc)
