"""Conflicts of interest on every save path (the rule: gov_hall.rules.conflicts).

Registered in hooks.py for ``before_validate`` (and ``before_update_after_submit`` of inspections), so
a desk save, a REST PUT, ``frappe.client.set_value`` and a workflow transition through
``frappe.model.workflow.apply_workflow`` are all judged the same way, before the controller runs.
"""

from __future__ import annotations

import frappe
from frappe import _

from gov_hall.access.controlled import changed_fields, exempt, is_manager
from gov_hall.rules import conflicts as rules


def department_chief(department: str | None) -> str | None:
	if not department:
		return None
	return frappe.get_cached_value("GH Stationed Department", department, "chief_representative")


def subject_of(doc) -> rules.Subject:
	return rules.Subject(
		staff=doc.get("staff") or None, department_chief=department_chief(doc.get("department"))
	)


def subjects(doc) -> list[rules.Subject]:
	"""Who the record is about as stored and as sent: moving the subject does not escape the rule."""
	before = doc.get_doc_before_save()
	return [subject_of(doc)] + ([subject_of(before)] if before is not None else [])


def refuse(message: str) -> None:
	frappe.throw(message, frappe.PermissionError, title=_("Conflict of Interest"))


def complaint(doc, method: str | None = None) -> None:
	if exempt():
		return
	before = doc.get_doc_before_save()
	changed = changed_fields(doc, before)
	if before is not None and rules.moves_subject(changed) and not is_manager():
		refuse(_("Only hall managers can move a complaint to another subject."))
	about = subjects(doc)
	if "assigned_to" in changed and rules.is_conflicted(doc.assigned_to, about):
		refuse(_("A complaint cannot be assigned to the person it is about."))
	old_state = before.status if before is not None else None
	if rules.is_conflicted(frappe.session.user, about) and rules.complaint_acts(
		changed, old_state, doc.status
	):
		refuse(_("You cannot verify, reply to, close or follow up a complaint about yourself."))


def rectification(doc, method: str | None = None) -> None:
	if exempt():
		return
	changed = changed_fields(doc, doc.get_doc_before_save())
	if rules.is_conflicted(frappe.session.user, subjects(doc)) and rules.rectification_acts(changed):
		refuse(_("You cannot verify, rectify or follow up a bad review of your own service."))


def appeal(doc, method: str | None = None) -> None:
	if exempt() or doc.is_new():
		return
	changed = changed_fields(doc, doc.get_doc_before_save())
	if rules.is_conflicted(frappe.session.user, subjects(doc)) and rules.appeal_acts(changed):
		refuse(_("You cannot decide an appeal of a rating of your own service."))


def inspection(doc, method: str | None = None) -> None:
	if exempt():
		return
	if rules.is_conflicted(frappe.session.user, subjects(doc)):
		refuse(_("You cannot record or follow up an inspection of yourself."))
