"""Bad-review rectification (差评整改): the handling unit verifies and rectifies or explains within
the configured working days; every real-name bad review gets a follow-up call (回访)."""

import frappe
from frappe import _
from frappe.query_builder import DocType
from frappe.utils import getdate

from gov_hall.access import controlled
from gov_hall.utils.calendar import get_hall_calendar
from gov_hall.utils.clock import nowdate
from gov_hall.utils.validation import clean_text
from gov_hall.voice.settings import voice_setting

OPEN = "Open"
AWAITING_FOLLOW_UP = "Awaiting Follow-up"
CLOSED = "Closed"
APPEAL_UPHELD = "Appeal Upheld"
ACTIVE_STATES = (OPEN, AWAITING_FOLLOW_UP)
NOTES_LIMIT = 2000


def open_rectification(rating) -> str:
	"""Create the rectification of a bad review; returns its name."""
	opened = getdate(rating.rated_on)
	due = get_hall_calendar(rating.hall).add_working_days(opened, voice_setting("rectification_limit_days"))
	doc = frappe.get_doc(
		{
			"doctype": "GH Rectification",
			"rating": rating.name,
			"level": rating.level,
			"case": rating.case,
			"opened_on": opened,
			"due_date": due,
			"status": OPEN,
			"hall": rating.hall,
			"department": rating.department,
			"window": rating.window,
			"staff": rating.staff,
			"comment": rating.comment,
			"follow_up_required": 1 if rating.is_real_name else 0,
			"contact_name": rating.rater_name if rating.is_real_name else None,
			"contact_mobile": contact_mobile(rating),
		}
	)
	with controlled.action(doc, "Bad Review Received"):
		doc.insert(ignore_permissions=True)
	rating.db_set("rectification", doc.name, update_modified=False)
	return doc.name


def contact_mobile(rating) -> str | None:
	if not rating.is_real_name:
		return None
	if rating.rater_mobile:
		return rating.rater_mobile
	return frappe.db.get_value("GH Case", rating.case, "mobile") if rating.case else None


def validate_rectification(doc) -> None:
	if doc.status == APPEAL_UPHELD and not doc.is_new():
		before = doc.get_doc_before_save()
		if before and before.status == APPEAL_UPHELD:
			frappe.throw(_("The review was taken out by an upheld appeal; this rectification is closed."))
	doc.handling_notes = clean_text(doc.handling_notes, _("What Was Done"), NOTES_LIMIT)
	doc.follow_up_notes = clean_text(doc.follow_up_notes, _("Follow-up Notes"), NOTES_LIMIT)
	record_handling(doc)
	record_follow_up(doc)
	if doc.status != APPEAL_UPHELD:
		doc.status = current_status(doc)
	doc.is_overdue = int(doc.status == OPEN and getdate(nowdate()) > getdate(doc.due_date))


def record_handling(doc) -> None:
	if not doc.handling:
		doc.handled_on = doc.handled_by = None
		doc.handled_in_time = 0
		return
	if not doc.verification:
		frappe.throw(_("Record what the verification found before the handling."), title=_("Invalid Input"))
	if not doc.handling_notes:
		frappe.throw(_("Describe what was rectified or explained."), title=_("Invalid Input"))
	if not doc.handled_on:
		doc.handled_on = nowdate()
		doc.handled_by = frappe.session.user
	doc.handled_in_time = int(getdate(doc.handled_on) <= getdate(doc.due_date))


def record_follow_up(doc) -> None:
	if not doc.follow_up_result:
		doc.followed_up_on = doc.followed_up_by = None
		return
	if not doc.handling:
		frappe.throw(
			_("The follow-up call comes after the rectification or explanation."), title=_("Invalid Input")
		)
	if not doc.followed_up_on:
		doc.followed_up_on = nowdate()
		doc.followed_up_by = frappe.session.user


def current_status(doc) -> str:
	if not doc.handling:
		return OPEN
	if doc.follow_up_required and not doc.follow_up_result:
		return AWAITING_FOLLOW_UP
	return CLOSED


def close_for_upheld_appeal(rectification: str) -> None:
	if rectification:
		frappe.db.set_value("GH Rectification", rectification, {"status": APPEAL_UPHELD, "is_overdue": 0})


def mark_overdue(today=None) -> int:
	"""Daily: flag open rectifications past their due date; returns how many were newly flagged."""
	today = getdate(today or nowdate())
	Rect = DocType("GH Rectification")
	newly = (
		frappe.qb.from_(Rect)
		.select(Rect.name, Rect.department, Rect.due_date)
		.where(Rect.status == OPEN)
		.where(Rect.is_overdue == 0)
		.where(Rect.due_date < today)
		.run(as_dict=True)
	)
	if newly:
		frappe.qb.update(Rect).set(Rect.is_overdue, 1).where(
			Rect.name.isin([row.name for row in newly])
		).run()
		notify_managers(newly)
	return len(newly)


def notify_managers(rows) -> None:
	from frappe.desk.doctype.notification_log.notification_log import make_notification_logs
	from frappe.utils.user import get_users_with_role

	from gov_hall.setup.roles import HALL_MANAGER

	managers = [user for user in get_users_with_role(HALL_MANAGER) if user != "Administrator"]
	if not managers:
		return
	for row in rows:
		make_notification_logs(
			{
				"type": "Alert",
				"document_type": "GH Rectification",
				"document_name": row.name,
				"subject": _("Bad-review rectification {0} is overdue (due {1}).").format(
					row.name, row.due_date
				),
				"from_user": "Administrator",
			},
			managers,
		)


def run_daily() -> None:
	mark_overdue()
