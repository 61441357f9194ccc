"""Personal data (个人信息, PIPL): full resident ID numbers and mobiles never leave in bulk.

The full values are fields at **permlevel 1** that only hall managers' roles read (doctype JSON:
GH Case and GH Appointment ``id_number`` and ``mobile``; GH Complaint ``complainant_name``,
``complainant_mobile``, ``tracking_code`` and ``supervisor``; GH Service Rating ``rater_mobile``;
GH Rectification ``contact_mobile``; GH Window Staff and GH External Supervisor ``mobile``). Frappe
then leaves them out of every bulk read (list and report view, export, ``get_list`` / ``get_value``,
group-by, link search, number cards, charts) and of single documents (form, REST, print); the
masked copies (``id_number_masked``, ``mobile_masked`` ...) stay at permlevel 0 for everyone.
``gov_hall.access.query_guard`` refuses filtering, sorting or grouping on them.

What Frappe does not know is the person handling one record. This module adds:
- ``allow_entry``: whoever may create a record may type the full values into it (a staff member
  receiving a case), and fill one in where it is still empty (the ID of a booking received at the
  window); changing or clearing a stored value stays with managers. Frappe resets any other
  change by a user without the permlevel.
- ``prepare_for_client`` and ``PersonalDataDocument.as_dict``: the document sent back after a save
  (desk form, ``/api/resource`` PUT and POST, ``frappe.client.*``, workflow actions) carries no
  value the user may not read (Frappe strips them when a form is loaded, not when it is saved),
  and the form learns whether the user may ask for the full values.
- ``reveal``: the people handling a record (a case's handler and first responder, the staff who
  make a bad review's follow-up call, a staff member for their own mobile) see its full values on
  request, one record at a time; each time is written to GH Personal Data Access (who, which
  record, which fields, when, from where), which managers read.
- ``redact_history``: a correction of these values appears in the record's history (which the form
  shows to every reader) as made, without the old and new values.
A complainant is never identifiable by the department complained about: a complaint's values are
revealed to nobody but managers.
"""

from __future__ import annotations

import frappe
from frappe import _

from gov_hall.access.scope import is_manager
from gov_hall.utils.clock import now_datetime

ACCESS_LOG = "GH Personal Data Access"

# Who handles a record, per doctype: (doc, user) -> bool. Doctypes not listed: managers only.


def _case_handlers(doc, user: str) -> bool:
	return user in {doc.get("handler"), doc.get("first_responder")}


def _appointment_handlers(doc, user: str) -> bool:
	"""A booking's values belong to the case it became: its handler and first responder."""
	if not doc.get("case"):
		return False
	case = frappe.db.get_value("GH Case", doc.case, ["handler", "first_responder"], as_dict=True)
	return bool(case) and user in {case.handler, case.first_responder}


def _follow_up_callers(doc, user: str) -> bool:
	"""A bad review's follow-up call (回访) is made by the department, never by the staff member the
	review is about."""
	return doc.get("staff") != user and bool(doc.get("follow_up_required"))


def _own_record(doc, user: str) -> bool:
	return doc.get("user") == user


HANDLERS = {
	"GH Case": _case_handlers,
	"GH Appointment": _appointment_handlers,
	"GH Rectification": _follow_up_callers,
	"GH Window Staff": _own_record,
	"GH External Supervisor": _own_record,
}


def protected_fields(doctype: str) -> list:
	"""The doctype's fields above permlevel 0 (docfields), the personal data of this module."""
	return [
		df
		for df in frappe.get_meta(doctype).get_high_permlevel_fields()
		if df.fieldtype not in ("Section Break", "Column Break", "Tab Break")
	]


def unreadable_fields(doctype: str, user: str | None = None, parenttype: str | None = None) -> list:
	"""The protected fields ``user`` may not read through their roles."""
	user = user or frappe.session.user
	if user == "Administrator":
		return []
	meta = frappe.get_meta(doctype)
	readable = meta.get_permlevel_access("read", parenttype=parenttype, user=user)
	return [df for df in protected_fields(doctype) if df.permlevel not in readable]


def may_reveal(doc, user: str | None = None) -> bool:
	user = user or frappe.session.user
	if is_manager(user):
		return True
	rule = HANDLERS.get(doc.doctype)
	return bool(rule and rule(doc, user))


# ---------------------------------------------------------------------------------------------
# Controller hooks


class PersonalDataDocument:
	"""Mixin for the controllers of doctypes with personal data: ``class GHCase(PersonalDataDocument,
	Document)``."""

	def onload(self):
		prepare_for_client(self)

	def validate_higher_perm_levels(self):
		self.flags.hide_personal_data = None
		allow_entry(self)
		super().validate_higher_perm_levels()

	def run_post_save_methods(self):
		super().run_post_save_methods()
		# the record a save sends back (REST, frappe.client, a workflow action) carries no value the
		# user may not read; the document itself keeps them for the code still running
		self.flags.hide_personal_data = [df.fieldname for df in unreadable_fields(self.doctype)]

	def save_version(self):
		super().save_version()
		redact_history(self)

	def as_dict(self, no_nulls=False, *args, **kwargs):
		values = super().as_dict(no_nulls, *args, **kwargs)
		hidden = self.flags.get("hide_personal_data")
		if hidden is None and no_nulls:
			# Frappe's response serialiser (frappe.utils.response.json_handler) writes a document with
			# as_dict(no_nulls=True): what goes to the browser (run_doc_method, workflow actions, REST)
			hidden = [df.fieldname for df in unreadable_fields(self.doctype)]
		for fieldname in hidden or ():
			values.pop(fieldname, None)
		return values


def allow_entry(doc) -> None:
	"""Called just before Frappe's ``validate_higher_perm_levels``: full values a user may not read
	can still be entered on a new record, or filled in where the stored record has none."""
	if doc.flags.ignore_permissions or frappe.session.user == "Administrator":
		return
	hidden = [df for df in unreadable_fields(doc.doctype) if not df.read_only]
	if not hidden:
		return
	before = None if doc.is_new() else doc.get_doc_before_save()
	allowed = [
		df.fieldname
		for df in hidden
		if doc.get(df.fieldname) and (before is None or not before.get(df.fieldname))
	]
	if allowed:
		doc.flags.ignore_permlevel_for_fields = [
			*(doc.flags.get("ignore_permlevel_for_fields") or []),
			*allowed,
		]


def prepare_for_client(doc) -> None:
	"""``onload``: take out the values the user may not read (the document a save sends back to
	the form), and tell the form whether the user may ask for them."""
	hidden = unreadable_fields(doc.doctype)
	if not hidden:
		return
	for df in hidden:
		if doc.get(df.fieldname) is not None:
			doc.set(df.fieldname, None)
	if not doc.is_new() and may_reveal(doc):
		doc.set_onload("gh_personal_data", [df.fieldname for df in hidden])


def redact_history(doc) -> None:
	"""The document's history (its Versions) is shown on the form to everyone who reads it: a
	correction of personal data is recorded as made, without the values."""
	before = doc.get_doc_before_save()
	fields = [df.fieldname for df in protected_fields(doc.doctype)]
	if not before or not doc.meta.track_changes or all(before.get(f) == doc.get(f) for f in fields):
		return
	version = frappe.db.get_value(
		"Version",
		{"ref_doctype": doc.doctype, "docname": doc.name},
		["name", "data"],
		order_by="creation desc",
		as_dict=True,
	)
	if not version:
		return
	data = frappe.parse_json(version.data or "{}")
	changed = data.get("changed") or []
	for row in changed:
		if row and row[0] in fields:
			row[1:] = [REDACTED if value else value for value in row[1:]]
	frappe.db.set_value("Version", version.name, "data", frappe.as_json(data), update_modified=False)


REDACTED = "******"


# ---------------------------------------------------------------------------------------------
# Showing the full values to the person handling a record


@frappe.whitelist(methods=["POST"])
def reveal(doctype: str, name: str) -> dict:
	"""The full personal data of one record, for a person handling it; logged."""
	if not isinstance(doctype, str) or not isinstance(name, str) or not doctype or not name:
		frappe.throw(_("Choose a record."), title=_("Invalid Input"))
	if doctype not in HANDLERS and doctype not in ("GH Complaint", "GH Service Rating"):
		frappe.throw(_("{0} holds no personal data to show.").format(_(doctype)), title=_("Invalid Input"))
	if not frappe.db.exists(doctype, name):
		raise frappe.DoesNotExistError(_("{0} {1} not found").format(_(doctype), name))
	doc = frappe.get_doc(doctype, name)
	doc.check_permission("read")
	if not may_reveal(doc):
		frappe.throw(
			_("Only the people handling this record may see its full personal data."),
			frappe.PermissionError,
			title=_("Not Allowed"),
		)
	fields = [df for df in protected_fields(doctype) if doc.get(df.fieldname)]
	values = {df.fieldname: doc.get(df.fieldname) for df in fields}
	if values:
		record_access(doctype, name, [df.fieldname for df in fields])
	return values


def record_access(doctype: str, name: str, fieldnames: list[str]) -> None:
	user = frappe.session.user
	frappe.get_doc(
		{
			"doctype": ACCESS_LOG,
			"accessed_on": now_datetime(),
			"user": user,
			"user_name": frappe.db.get_value("User", user, "full_name"),
			"reference_doctype": doctype,
			"reference_name": name,
			"fields_shown": ", ".join(fieldnames),
			"ip_address": getattr(frappe.local, "request_ip", None),
		}
	).insert(ignore_permissions=True)
