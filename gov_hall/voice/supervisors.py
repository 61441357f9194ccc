"""External supervisors (监督员): appointed for a term; with a user they record inspections and
complaints in the desk and see only their own."""

import frappe
from frappe import _
from frappe.utils import getdate

from gov_hall.rules.identifiers import mask_mobile
from gov_hall.setup.roles import HALL_SUPERVISOR
from gov_hall.utils.clock import nowdate
from gov_hall.utils.permissions import add_roles, remove_roles
from gov_hall.utils.validation import check_date_order, clean_mobile, clean_text

ACTIVE = "Active"
TERM_ENDED = "Term Ended"


def validate_supervisor(doc) -> None:
	doc.full_name = clean_text(doc.full_name, _("Full Name"), 60, required=True)
	doc.organisation = clean_text(doc.organisation, _("Organisation"), 140)
	check_date_order(doc.appointed_from, doc.appointed_to, _("Appointed From"), _("Appointed To"))
	if doc.mobile:
		doc.mobile = clean_mobile(doc.mobile, _("Mobile"))
	doc.mobile_masked = mask_mobile(doc.mobile) if doc.mobile else None
	doc.status = term_status(doc.appointed_from, doc.appointed_to)
	if doc.user in ("Administrator", "Guest"):
		frappe.throw(_("Link the supervisor's own user account."), title=_("Invalid Input"))


def term_status(appointed_from, appointed_to, today=None) -> str:
	today = getdate(today or nowdate())
	return ACTIVE if getdate(appointed_from) <= today <= getdate(appointed_to) else TERM_ENDED


def sync_supervisor_user(doc) -> None:
	"""The Hall Supervisor role goes with an active term; a user unlinked or out of term loses it."""
	before = doc.get_doc_before_save()
	if before and before.user and before.user != doc.user and not other_active_term(before.user, doc.name):
		remove_roles(before.user, [HALL_SUPERVISOR])
	if not doc.user:
		return
	if doc.status == ACTIVE:
		add_roles(doc.user, [HALL_SUPERVISOR])
	elif not other_active_term(doc.user, doc.name):
		remove_roles(doc.user, [HALL_SUPERVISOR])


def other_active_term(user: str, exclude: str) -> bool:
	return bool(
		frappe.db.exists("GH External Supervisor", {"user": user, "status": ACTIVE, "name": ["!=", exclude]})
	)


def supervisor_of(user: str | None = None) -> str | None:
	"""The supervisor record of a user with an active term, or None."""
	user = user or frappe.session.user
	return frappe.db.get_value("GH External Supervisor", {"user": user, "status": ACTIVE}, "name")


def end_expired_terms(today=None) -> int:
	"""Daily: supervisors whose term is over (or not begun) get status and role updated."""
	today = getdate(today or nowdate())
	changed = 0
	for row in frappe.get_all(
		"GH External Supervisor", fields=["name", "status", "appointed_from", "appointed_to"]
	):
		if term_status(row.appointed_from, row.appointed_to, today) != row.status:
			doc = frappe.get_doc("GH External Supervisor", row.name)
			doc.save(ignore_permissions=True)
			changed += 1
	return changed


def run_daily() -> None:
	end_expired_terms()
