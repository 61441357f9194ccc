"""Department scoping: staff see their own agency's records through User Permissions.

Roles follow facts: Window Staff comes with being on site and goes when the person leaves; Chief
Representative belongs to the person a stationed department names as its chief (who must be its
on-site staff), and is taken away when the department names another chief, or the person moves to
another department or leaves (which also clears the department's chief, so the record says the
truth).
"""

import frappe
from frappe import _

from gov_hall.setup.roles import CHIEF_REPRESENTATIVE, STAFF_ROLES
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


# ---------------------------------------------------------------------------------------------
# Chief representative


def is_chief_in_fact(user: str) -> bool:
	"""Whether a stationed department names ``user`` as its chief and ``user`` is its on-site staff."""
	named = frappe.get_all(DEPARTMENT_DOCTYPE, filters={"chief_representative": user}, pluck="name")
	if not named:
		return False
	on_site_in = frappe.db.get_value("GH Window Staff", {"user": user, "status": "On Site"}, "department")
	return on_site_in in named


def sync_chief_role(user: str | None) -> None:
	"""Give or take away the Chief Representative role as the facts say."""
	if not user or user in ("Administrator", "Guest"):
		return
	if is_chief_in_fact(user):
		add_roles(user, [CHIEF_REPRESENTATIVE])
	else:
		remove_roles(user, [CHIEF_REPRESENTATIVE])


def chief_changed(department, previous_chief: str | None) -> None:
	"""A department named a new chief (or none): the new one gets the role, the previous one loses it."""
	if department.chief_representative:
		sync_chief_role(department.chief_representative)
	if previous_chief and previous_chief != department.chief_representative:
		sync_chief_role(previous_chief)


def chief_moved_or_left(staff) -> None:
	"""A staff member moved to another department or left: a department they were chief of has no
	chief until it names one, and the role goes unless they are still a chief in fact."""
	for department in frappe.get_all(
		DEPARTMENT_DOCTYPE, filters={"chief_representative": staff.user}, pluck="name"
	):
		if staff.status == "On Site" and staff.department == department:
			continue
		frappe.db.set_value(
			DEPARTMENT_DOCTYPE,
			department,
			{"chief_representative": None, "chief_representative_name": None},
		)
		frappe.get_doc(DEPARTMENT_DOCTYPE, department).add_comment(
			"Info",
			_("{0} is no longer chief representative: they moved to another department or left.").format(
				staff.user
			),
		)
	sync_chief_role(staff.user)


def reconcile_chief_roles() -> None:
	"""The Chief Representative role exactly for the chiefs in fact: a role given by hand, or left over
	from a change made around the app (a direct database edit, an import), is put right."""
	holders = frappe.get_all(
		"Has Role", filters={"role": CHIEF_REPRESENTATIVE, "parenttype": "User"}, pluck="parent"
	)
	named = frappe.get_all(
		DEPARTMENT_DOCTYPE, filters={"chief_representative": ["is", "set"]}, pluck="chief_representative"
	)
	for user in sorted(set(holders) | set(named)):
		sync_chief_role(user)


def expire_departed_staff() -> None:
	"""Daily: staff whose on-site period ended are marked Left, which removes their access; then the
	Chief Representative role is checked against the facts."""
	today = clock.nowdate()
	# "is set" matters: Frappe compares an empty date as 0001-01-01, which is always past
	filters = [["status", "=", "On Site"], ["on_site_to", "is", "set"], ["on_site_to", "<", today]]
	for name in frappe.get_all("GH Window Staff", filters=filters, pluck="name"):
		staff = frappe.get_doc("GH Window Staff", name)
		staff.status = "Left"
		staff.save(ignore_permissions=True)
	reconcile_chief_roles()
