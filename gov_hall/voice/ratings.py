"""Service ratings (好差评): one per case and channel, subject taken from the case, and a
rectification opened for every bad review.

Ratings come from citizens. The citizen's own channels (Web, SMS Link) are created only by the guest
endpoint ``gov_hall.api.ratings.submit_rating``, inside ``citizen_rating``: on any other path (REST,
``frappe.client.insert``, Data Import, the desk, whoever the user) those channels are refused. Staff
record only what staff legitimately record, a phone follow-up (回访) and the reading of a window's
rating device (评价器, only where the window has one), and the server stores who recorded it
(``recorded_by``, from the session, never from the request).
"""

from contextlib import contextmanager

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
FIXED_FIELDS = ("rating_for", "case", "level", "channel", "window", "staff", "rated_on", "recorded_by")
CITIZEN_CHANNELS = (rules.WEB, rules.SMS_LINK)
CITIZEN_FLAG = "gov_hall_citizen_rating"
EVALUATOR_FLAG = "gov_hall_evaluator_rating"
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
	check_channel(doc)
	if doc.staff and doc.staff == frappe.session.user:
		frappe.throw(_("Staff cannot record a rating of their own service."), frappe.PermissionError)
	clean_rater(doc)
	doc.comment = clean_text(doc.comment, _("Comment"), COMMENT_LIMIT)
	check_one_per_case_and_channel(doc)


@contextmanager
def citizen_rating(case: str, channel: str):
	"""The guest endpoint's permission to create the citizen's own rating of ``case`` through
	``channel``. Held in ``frappe.flags``, which belong to the current request and cannot be set by
	any request parameter."""
	frappe.flags[CITIZEN_FLAG] = (case, channel)
	try:
		yield
	finally:
		frappe.flags.pop(CITIZEN_FLAG, None)


@contextmanager
def evaluator_rating(window: str):
	"""The permission of the evaluator endpoint (a registered Window Evaluator device of ``window``,
	checked by the caller) to create a Window Evaluator rating of that window as a guest. Held in
	``frappe.flags`` like ``citizen_rating``."""
	frappe.flags[EVALUATOR_FLAG] = window
	try:
		yield
	finally:
		frappe.flags.pop(EVALUATOR_FLAG, None)


def check_channel(doc) -> None:
	"""Web and SMS Link only from the citizen endpoint; phone follow-up and window device only by a
	logged-in user, who is stored as the recorder; the device only where the window has one."""
	if doc.channel in CITIZEN_CHANNELS:
		if frappe.flags.get(CITIZEN_FLAG) != (doc.case, doc.channel):
			frappe.throw(
				_(
					"Web and SMS-link ratings come only from citizens through the rating page. Staff can record a phone follow-up, or a window rating device's reading."
				),
				frappe.PermissionError,
				title=_("Not Allowed"),
			)
		if is_desk_user(frappe.session.user):
			# staff can read the case's digits and SMS link: logged in, they cannot pose as the citizen
			frappe.throw(
				_("Hall staff cannot rate a case as the citizen. Record a phone follow-up instead."),
				frappe.PermissionError,
				title=_("Not Allowed"),
			)
		doc.recorded_by = None
		return
	if frappe.session.user == "Guest":
		if doc.channel == rules.WINDOW_EVALUATOR and frappe.flags.get(EVALUATOR_FLAG) == doc.window:
			# the window's registered evaluator (gov_hall.api.queue_public.rate_visit): the citizen's
			# own press, recorded by nobody
			doc.recorded_by = None
			if not window_has_evaluator(doc.window):
				frappe.throw(
					_(
						"Window {0} has no rating device, so no window-device rating can be recorded for it."
					).format(doc.window or "-"),
					title=_("Invalid Input"),
				)
			return
		frappe.throw(_("Only hall staff can record this rating."), frappe.PermissionError)
	doc.recorded_by = frappe.session.user
	# staff record the ratings of their own department's cases and windows (the record's scope,
	# gov_hall.access.scope), never another department's figures
	for doctype, name in (("GH Case", doc.case), ("GH Service Window", doc.window)):
		if name and not frappe.has_permission(doctype, "read", doc=name):
			frappe.throw(
				_("You can record ratings only of your own department's cases and windows."),
				frappe.PermissionError,
				title=_("Not Allowed"),
			)
	if doc.channel == rules.WINDOW_EVALUATOR and not window_has_evaluator(doc.window):
		frappe.throw(
			_("Window {0} has no rating device, so no window-device rating can be recorded for it.").format(
				doc.window or "-"
			),
			title=_("Invalid Input"),
		)


def is_desk_user(user: str) -> bool:
	return user != "Guest" and frappe.db.get_value("User", user, "user_type") == "System User"


def window_has_evaluator(window: str | None) -> bool:
	return bool(window) and bool(frappe.db.get_value("GH Service Window", window, "has_evaluator"))


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
