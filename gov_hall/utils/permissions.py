"""Department scoping: staff see their own agency's records through User Permissions."""

import frappe

from gov_hall.setup.roles import STAFF_ROLES
from gov_hall.utils import clock

DEPARTMENT_DOCTYPE = "GH Stationed Department"


def sync_staff_access(staff) -> None:
	"""Give an on-site staff member their department's scope; take it away when they leave."""
	if staff.status == "On Site":
		grant_department_access(staff.user, staff.department)
	else:
		revoke_department_access(staff.user)


def grant_department_access(user: str, department: str) -> None:
	existing = frappe.get_all(
		"User Permission",
		filters={"user": user, "allow": DEPARTMENT_DOCTYPE},
		fields=["name", "for_value"],
	)
	for row in existing:
		if row.for_value != department:
			frappe.delete_doc("User Permission", row.name, ignore_permissions=True, force=True)
	if not any(row.for_value == department for row in existing):
		frappe.get_doc(
			{
				"doctype": "User Permission",
				"user": user,
				"allow": DEPARTMENT_DOCTYPE,
				"for_value": department,
				"apply_to_all_doctypes": 1,
				"is_default": 1,
			}
		).insert(ignore_permissions=True)
	add_roles(user, ["Window Staff"])


def revoke_department_access(user: str) -> None:
	for name in frappe.get_all(
		"User Permission", filters={"user": user, "allow": DEPARTMENT_DOCTYPE}, pluck="name"
	):
		frappe.delete_doc("User Permission", name, ignore_permissions=True, force=True)
	remove_roles(user, STAFF_ROLES)


def add_roles(user: str, roles: list[str]) -> None:
	user_doc = frappe.get_doc("User", user)
	missing = [role for role in roles if role not in {r.role for r in user_doc.roles}]
	if missing:
		user_doc.flags.ignore_permissions = True
		user_doc.add_roles(*missing)


def remove_roles(user: str, roles: list[str]) -> None:
	user_doc = frappe.get_doc("User", user)
	if any(r.role in roles for r in user_doc.roles):
		user_doc.flags.ignore_permissions = True
		user_doc.remove_roles(*roles)


def expire_departed_staff() -> None:
	"""Daily: staff whose on-site period ended are marked Left, which removes their access."""
	today = clock.nowdate()
	# "is set" matters: Frappe compares an empty date as 0001-01-01, which is always past
	filters = [["status", "=", "On Site"], ["on_site_to", "is", "set"], ["on_site_to", "<", today]]
	for name in frappe.get_all("GH Window Staff", filters=filters, pluck="name"):
		staff = frappe.get_doc("GH Window Staff", name)
		staff.status = "Left"
		staff.save(ignore_permissions=True)
