"""Who sees which citizen-voice records, on top of the doctypes' role permissions and the staff's
department User Permissions:
- integrity complaints (廉洁) are seen by managers only;
- complaints about the hall itself (no department) are handled by managers, not chief representatives;
- an external supervisor sees only their own record, complaints and inspections.
"""

import frappe

from gov_hall.setup.roles import CHIEF_REPRESENTATIVE, HALL_ADMINISTRATOR, HALL_MANAGER, HALL_SUPERVISOR

MANAGER_ROLES = frozenset({"System Manager", HALL_ADMINISTRATOR, HALL_MANAGER})
INTEGRITY = "Integrity"


def is_manager(user: str | None = None) -> bool:
	user = user or frappe.session.user
	return user == "Administrator" or bool(MANAGER_ROLES & set(frappe.get_roles(user)))


def only_supervisor(user: str) -> bool:
	roles = set(frappe.get_roles(user))
	return HALL_SUPERVISOR in roles and CHIEF_REPRESENTATIVE not in roles


def own_supervisor(user: str) -> str:
	from gov_hall.voice.supervisors import supervisor_of

	return supervisor_of(user) or ""


def complaint_query(user: str | None = None, doctype: str | None = None) -> str:
	user = user or frappe.session.user
	if is_manager(user):
		return ""
	table = "`tabGH Complaint`"
	if only_supervisor(user):
		return f"{table}.`supervisor` = {frappe.db.escape(own_supervisor(user))}"
	return f"{table}.`category` != {frappe.db.escape(INTEGRITY)} and ifnull({table}.`department`, '') != ''"


def complaint_permission(
	doc, ptype: str | None = None, user: str | None = None, debug: bool = False
) -> bool | None:
	user = user or frappe.session.user
	if is_manager(user):
		return None
	if only_supervisor(user):
		return doc.is_new() or doc.supervisor == own_supervisor(user)
	if doc.category == INTEGRITY or not doc.department:
		return False
	return None


def inspection_query(user: str | None = None, doctype: str | None = None) -> str:
	user = user or frappe.session.user
	if is_manager(user) or not only_supervisor(user):
		return ""
	return f"`tabGH Inspection`.`supervisor` = {frappe.db.escape(own_supervisor(user))}"


def inspection_permission(
	doc, ptype: str | None = None, user: str | None = None, debug: bool = False
) -> bool | None:
	user = user or frappe.session.user
	if is_manager(user) or not only_supervisor(user):
		return None
	if doc.is_new():
		return True
	return doc.supervisor == own_supervisor(user)


def supervisor_query(user: str | None = None, doctype: str | None = None) -> str:
	user = user or frappe.session.user
	if is_manager(user):
		return ""
	return f"`tabGH External Supervisor`.`user` = {frappe.db.escape(user)}"


def supervisor_permission(
	doc, ptype: str | None = None, user: str | None = None, debug: bool = False
) -> bool | None:
	user = user or frappe.session.user
	if is_manager(user):
		return None
	return doc.user == user
