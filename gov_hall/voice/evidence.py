"""A complaint's evidence (投诉证据): the files attached to a GH Complaint stay as they were given.

Citizens upload evidence through /complaint (``gov_hall.api.complaints``); the complaint may be about
the very staff who handle it, so nobody but a manager can remove such a file or change what it is
(which complaint it belongs to, its URL and so its content, its name, whether it is private), and
nobody but a manager (or the citizen's own upload) can put a file in a complaint's evidence field.

Enforced on every path, in two places:

* ``file_permission`` (``has_permission`` hook of File) refuses write and delete before anything
  happens: Frappe's own ``File.on_trash`` removes the file from disk before any app's ``on_trash``
  doc event runs, so a refusal there would come too late for the bytes. Covers
  ``frappe.desk.form.utils.remove_attach``, ``DELETE /api/resource/File/<name>``,
  ``frappe.client.delete``, bulk delete, ``PUT``, ``frappe.client.set_value`` and ``save``.
* ``protect_evidence_edit`` (``before_validate``, before Frappe moves a file on disk in ``validate``)
  and ``protect_evidence_delete`` (``on_trash``) for code that runs with ``ignore_permissions``.
"""

from contextlib import contextmanager

import frappe
from frappe import _

COMPLAINT = "GH Complaint"
EVIDENCE_FIELD = "evidence"
MANAGER_ROLES = frozenset({"System Manager", "Hall Administrator", "Hall Manager"})
# what a file is: changing any of these removes or replaces the evidence
WATCHED_FIELDS = (
	"attached_to_doctype",
	"attached_to_name",
	"attached_to_field",
	"file_url",
	"file_name",
	"is_private",
	"content_hash",
)
CITIZEN_FLAG = "gov_hall_citizen_evidence"
GUARDED_PTYPES = frozenset({"write", "delete", "cancel", "submit", "amend"})


def may_manage(user: str | None = None) -> bool:
	user = user or frappe.session.user
	return user == "Administrator" or bool(MANAGER_ROLES & set(frappe.get_roles(user)))


@contextmanager
def citizen_evidence():
	"""The complaint endpoint's permission to attach the citizen's upload as the evidence."""
	frappe.flags[CITIZEN_FLAG] = True
	try:
		yield
	finally:
		frappe.flags.pop(CITIZEN_FLAG, None)


def stored_attachment(doc) -> str | None:
	"""The doctype the file is attached to in the database (the request may have changed it)."""
	if not doc.name or (hasattr(doc, "is_new") and doc.is_new()):
		return None
	return frappe.db.get_value("File", doc.name, "attached_to_doctype")


def refuse() -> None:
	frappe.throw(
		_("A complaint's evidence cannot be removed or changed. Only a hall manager can."),
		frappe.PermissionError,
		title=_("Not Allowed"),
	)


def file_permission(doc, ptype: str | None = None, user: str | None = None, debug: bool = False):
	"""Deny non-managers writing or deleting a complaint's file; otherwise leave it to Frappe (None)."""
	if ptype not in GUARDED_PTYPES or may_manage(user):
		return None
	if COMPLAINT in (doc.get("attached_to_doctype"), stored_attachment(doc)):
		return False
	return None


def protect_evidence_edit(doc, method=None) -> None:
	if may_manage() or frappe.flags.get(CITIZEN_FLAG) or doc.get("is_folder"):
		return
	if doc.is_new():
		if doc.attached_to_doctype == COMPLAINT and doc.attached_to_field == EVIDENCE_FIELD:
			refuse()
		return
	before = doc.get_doc_before_save()
	if not before or COMPLAINT not in (before.attached_to_doctype, doc.attached_to_doctype):
		return
	if any(str(before.get(field) or "") != str(doc.get(field) or "") for field in WATCHED_FIELDS):
		refuse()


def protect_evidence_delete(doc, method=None) -> None:
	if may_manage():
		return
	if COMPLAINT in (doc.get("attached_to_doctype"), stored_attachment(doc)):
		refuse()
