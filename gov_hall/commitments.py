"""Service commitments (服务承诺, issue 18): what the hall, a window or a staff member publicly
promises, signed (submitted) by the one who answers for it, in versions.

- **Who writes**: hall managers any commitment; a chief representative the window and staff
  commitments of the department they lead; a window staff member only their own staff commitment.
- **Who signs** (submit), checked here on every path (desk, REST, ``frappe.client.submit``): a staff
  commitment by that staff member only; a window commitment by the department's chief
  representative or a hall manager; a hall commitment by a hall manager or administrator.
- **Versions**: the subject of a commitment is (commitment for, hall, window, staff, title). A new
  version (``gov_hall.api.commitments.new_version``) is a draft pointing to the signed version it
  replaces; its version number is one more. Signing it makes it Active and the subject's previous
  Active version Superseded. Cancelling a signed commitment withdraws it (Withdrawn); nothing is
  deleted.
"""

from __future__ import annotations

import frappe
from frappe import _

from gov_hall.access.controlled import exempt
from gov_hall.access.controlled import is_manager as _is_manager
from gov_hall.utils.clock import now_datetime

DOCTYPE = "GH Commitment"
HALL, WINDOW, STAFF = "Hall", "Window", "Staff"
DRAFT, ACTIVE, SUPERSEDED, WITHDRAWN = "Draft", "Active", "Superseded", "Withdrawn"
SUBJECT_FIELDS = ("commitment_for", "hall", "window", "staff", "title")
TITLE_LIMIT = 140
CONTENT_LIMIT = 5000


def invalid(message: str) -> None:
	frappe.throw(message, title=_("Invalid Input"))


def refuse(message: str) -> None:
	"""A permission matter (HTTP 403), with the reason shown to the user."""
	frappe.throw(message, frappe.PermissionError, title=_("Not Allowed"))


def is_manager(user: str | None = None) -> bool:
	return _is_manager(user)


def chief_departments(user: str | None = None) -> list[str]:
	"""The stationed departments that name ``user`` their chief representative."""
	user = user or frappe.session.user
	return frappe.get_all("GH Stationed Department", filters={"chief_representative": user}, pluck="name")


# ---------------------------------------------------------------------------------------------
# Validation (every save)


def clean_text(doc) -> None:
	doc.title = (doc.title or "").strip()
	doc.content = (doc.content or "").strip()
	if not doc.title or not doc.content:
		invalid(_("A commitment needs a title and its content."))
	if len(doc.title) > TITLE_LIMIT or "<" in doc.title or ">" in doc.title:
		invalid(_("Keep the title to 140 characters of plain text."))
	if len(doc.content) > CONTENT_LIMIT or "<" in doc.content:
		invalid(_("Keep the content to 5000 characters of plain text."))


def set_subject(doc) -> None:
	"""The hall, window, staff and department consistent with what the commitment is for."""
	if doc.commitment_for not in (HALL, WINDOW, STAFF):
		invalid(_("Choose whether the commitment is the hall's, a window's or a staff member's."))
	if not doc.hall or not frappe.db.exists("GH Service Hall", doc.hall):
		invalid(_("Choose the service hall."))
	if doc.commitment_for == HALL:
		doc.window = doc.staff = doc.staff_name = doc.department = None
		return
	if doc.commitment_for == STAFF:
		if not doc.staff:
			invalid(_("Choose the staff member who makes this commitment."))
		staff = frappe.db.get_value(
			"GH Window Staff",
			{"user": doc.staff},
			["department", "window", "status", "full_name"],
			as_dict=True,
		)
		if not staff:
			invalid(_("{0} is not window staff of the hall.").format(doc.staff))
		if doc.is_new() and staff.status != "On Site":
			invalid(_("{0} is no longer on site.").format(staff.full_name or doc.staff))
		doc.window = doc.window or staff.window
		doc.department = staff.department
		doc.staff_name = staff.full_name
	else:
		doc.staff = doc.staff_name = None
		if not doc.window:
			invalid(_("Choose the window that makes this commitment."))
	if doc.window:
		window = frappe.db.get_value("GH Service Window", doc.window, ["hall", "department"], as_dict=True)
		if not window or window.hall != doc.hall:
			invalid(_("Window {0} is not a window of {1}.").format(doc.window, doc.hall))
		if doc.commitment_for == WINDOW:
			doc.department = window.department


def may_write(doc, user: str) -> bool:
	if doc.commitment_for == STAFF and doc.staff == user:
		return True
	return doc.commitment_for in (WINDOW, STAFF) and doc.department in chief_departments(user)


def check_writer(doc) -> None:
	"""Who may write this commitment (the role permissions let them write commitments at all): the
	record as it is saved and, for a stored one, as it was (nobody takes over a colleague's draft)."""
	if exempt() or is_manager():
		return
	user = frappe.session.user
	before = None if doc.is_new() else doc.get_doc_before_save()
	if may_write(doc, user) and (before is None or may_write(before, user)):
		return
	if HALL in (doc.commitment_for, before and before.commitment_for):
		refuse(_("Only hall managers write the hall's commitments."))
	refuse(_("You may write your own commitments, and a chief representative those of their department."))


def subject_filters(doc) -> dict:
	return {field: doc.get(field) or ("is", "not set") for field in SUBJECT_FIELDS}


def set_version(doc) -> None:
	"""One more than the version it replaces (or than the subject's last signed version)."""
	if doc.previous_version:
		previous = frappe.db.get_value(
			DOCTYPE,
			doc.previous_version,
			[*SUBJECT_FIELDS, "version", "docstatus"],
			as_dict=True,
		)
		if not previous or previous.docstatus != 1 or doc.previous_version == doc.name:
			invalid(_("The previous version must be a signed commitment."))
		if any((previous.get(field) or "") != (doc.get(field) or "") for field in SUBJECT_FIELDS):
			invalid(
				_("A new version keeps what the commitment is for, its hall, window, staff member and title.")
			)
		doc.version = (previous.version or 1) + 1
		return
	versions = frappe.get_all(
		DOCTYPE,
		filters={**subject_filters(doc), "docstatus": 1, "name": ["!=", doc.name or ""]},
		pluck="version",
	)
	doc.version = max([v or 1 for v in versions], default=0) + 1


def validate(doc) -> None:
	clean_text(doc)
	set_subject(doc)
	check_writer(doc)
	set_version(doc)
	if doc.docstatus == 0:
		doc.status = DRAFT
		doc.signed_by = doc.signed_by_name = doc.signed_on = None


# ---------------------------------------------------------------------------------------------
# Signing, superseding, withdrawing


def may_sign(doc, user: str | None = None) -> bool:
	user = user or frappe.session.user
	if doc.commitment_for == STAFF:
		return bool(doc.staff) and doc.staff == user
	if doc.commitment_for == WINDOW:
		if is_manager(user):
			return True
		chief = frappe.db.get_value("GH Stationed Department", doc.department, "chief_representative")
		return bool(chief) and chief == user
	return is_manager(user)


def sign(doc) -> None:
	"""``before_submit``: only the one who answers for the commitment signs it."""
	if not (frappe.flags.in_install or frappe.flags.in_migrate or frappe.flags.in_patch) and not may_sign(
		doc
	):
		messages = {
			STAFF: _("Only {0} can sign their own commitment.").format(doc.staff_name or doc.staff),
			WINDOW: _(
				"A window's commitment is signed by its department's chief representative or a hall manager."
			),
			HALL: _("The hall's commitments are signed by a hall manager."),
		}
		refuse(messages.get(doc.commitment_for))
	user = frappe.session.user
	doc.status = ACTIVE
	doc.signed_by = user
	doc.signed_by_name = frappe.utils.get_fullname(user)
	doc.signed_on = now_datetime()


def supersede_previous(doc) -> None:
	"""``on_submit``: the subject's other Active versions become Superseded."""
	table = frappe.qb.DocType(DOCTYPE)
	query = (
		frappe.qb.from_(table)
		.select(table.name)
		.where(table.status == ACTIVE)
		.where(table.docstatus == 1)
		.where(table.name != doc.name)
		.for_update()
	)
	for field in SUBJECT_FIELDS:
		value = doc.get(field)
		column = table[field]
		query = query.where(column == value) if value else query.where(column.isnull() | (column == ""))
	for name in query.run(pluck=True):
		frappe.db.set_value(DOCTYPE, name, "status", SUPERSEDED)
		frappe.get_doc(DOCTYPE, name).add_comment(
			"Info", _("Superseded by {0} (version {1}).").format(doc.name, doc.version)
		)


def withdraw(doc) -> None:
	"""``before_cancel``: a cancelled commitment is withdrawn (and stays on record)."""
	doc.status = WITHDRAWN


# ---------------------------------------------------------------------------------------------
# A new version


def new_version(name: str) -> str:
	"""The draft of the next version of a signed commitment (the existing draft if there is one)."""
	doc = frappe.get_doc(DOCTYPE, name)
	doc.check_permission("read")
	if doc.docstatus != 1:
		invalid(_("Only a signed commitment gets a new version."))
	existing = frappe.db.get_value(DOCTYPE, {"previous_version": doc.name, "docstatus": 0}, "name")
	if existing:
		return existing
	draft = frappe.get_doc(
		{
			"doctype": DOCTYPE,
			"commitment_for": doc.commitment_for,
			"hall": doc.hall,
			"window": doc.window,
			"staff": doc.staff,
			"category": doc.category,
			"title": doc.title,
			"content": doc.content,
			"previous_version": doc.name,
		}
	)
	draft.insert()
	return draft.name
