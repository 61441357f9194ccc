"""Record scope (谁能看哪些记录): one table says, for every doctype that holds a department's, a
window's or a person's records, which rows a non-manager may read, on every read path.

Frappe applies a doctype's ``permission_query_conditions`` hook to every list query made for a
user (list and report view, ``frappe.client.get_list / get_value``, group-by and sidebar counts,
export, link search, number cards, dashboard charts, linked documents), and its ``has_permission``
hook to every single document (form, ``/api/resource``, ``frappe.client.get``, print and PDF,
``run_doc_method``, workflow actions). The app's department User Permissions are not enough alone:
a caller may skip them (``search_link(..., ignore_user_permissions=1)``), they let through rows with
an empty department, and a user without one would see every department. So the scope is written
here once, as one SQL condition per doctype, and used for lists and single documents alike: a
stored document is readable when its row meets the condition (``has_permission``), so a list never
shows what the form refuses, nor the reverse. Child tables read on their own (report view of the
child doctype with a parent, ``frappe.client.get_list(..., parent=...)``) follow their parent.

Who sees what:
- hall managers (System Manager, Hall Administrator, Hall Manager) and Administrator: everything;
- window staff and chief representatives: the rows of their own department(s): the department of
  their User Permission (given with their GH Window Staff record) or the department that names
  them its chief. Rows of no department are the hall's (managers') except where the table says so;
- hall supervisors: their own supervisor record, and the complaints and inspections they recorded
  (and all windows, which they inspect);
- culture activities are the whole hall's (every staff member reads them, whoever organised them),
  as are the hall's structure and catalogue (halls, departments, service matters);
- attendance punches and leave requests (issue 15) are their staff member's own and their chief
  representative's, not the whole department's; a leave request is shared with its cover;
- integrity complaints (廉洁) are read by managers only (and by the supervisor who recorded one);
- assessment runs before Published, and their rows, by managers only;
- a document shared with a user (a case's first responder keeps read access until it ends) is
  readable by them (Frappe adds shared documents to lists, and to single documents after a refusal).
"""

from __future__ import annotations

from dataclasses import dataclass

import frappe
from frappe.permissions import get_user_permissions

from gov_hall.setup.roles import (
	CHIEF_REPRESENTATIVE,
	HALL_ADMINISTRATOR,
	HALL_MANAGER,
	HALL_SUPERVISOR,
	WINDOW_STAFF,
)

MANAGER_ROLES = frozenset({"System Manager", HALL_ADMINISTRATOR, HALL_MANAGER})
DEPARTMENT_ROLES = frozenset({WINDOW_STAFF, CHIEF_REPRESENTATIVE})
DEPARTMENT_DOCTYPE = "GH Stationed Department"
INTEGRITY = "Integrity"
PUBLISHED = "Published"
NOTHING = "1=0"
PUBLIC_BRANDS = "'Named', 'Warned'"


@dataclass(frozen=True)
class Scope:
	"""Which rows of one doctype a non-manager reads; every grant is ORed, ``only`` is ANDed."""

	# staff and chief representatives: rows whose ``department`` field (or any of these fields) is
	# one of their departments
	department: str | tuple | None = None
	# ... held to this extra condition ({t} is the table), e.g. no integrity complaints
	department_only: str | None = None
	# supervisors: rows whose ``supervisor`` field is their own GH External Supervisor record
	supervisor: str | None = None
	# supervisors read every row (windows, which they inspect)
	supervisors_all: bool = False
	# chief representatives only: rows whose ``chief`` field is a department naming them its chief
	chief: str | None = None
	# anyone with the doctype's role permission: rows whose ``own`` field is their user
	own: str | None = None
	# anyone with the doctype's role permission: every row meeting ``only`` (published runs)
	everyone: bool = False
	# anyone with the doctype's role permission: every row meeting this condition ({t} is the table):
	# what the hall publishes on its website anyway (named brands, signed commitments)
	published: str | None = None
	# rows shared with the user (the first responder's share of a case)
	shared: bool = False
	# what every non-manager is held to, whatever the grant ({t} is the table)
	only: str | None = None
	# a child table: the rows of parents the user may read
	parent: str | None = None


SCOPES: dict[str, Scope] = {
	# cases and what hangs on them
	# a case received at a township hall or village point for a county matter (issue 16) is read by
	# the receiving department (the township's window) and the handling department (the county's)
	"GH Case": Scope(department=("department", "receiving_department"), shared=True),
	"GH Supplement Notice": Scope(department=("department", "receiving_department")),
	"GH Case Extension": Scope(department="department"),
	"GH Supervision Card": Scope(department="department"),
	"GH Appointment": Scope(department="department"),
	# citizens' voice
	"GH Service Rating": Scope(department="department"),
	"GH Rectification": Scope(department="department"),
	"GH Rating Appeal": Scope(department="department"),
	"GH Complaint": Scope(
		department="department",
		department_only=f"{{t}}.`category` != '{INTEGRITY}'",
		supervisor="supervisor",
	),
	"GH Inspection": Scope(department="department", supervisor="supervisor"),
	"GH External Supervisor": Scope(own="user"),
	# assessment: published runs are the hall's ranking; briefings go to their department
	"GH Assessment Run": Scope(everyone=True, only=f"{{t}}.`status` = '{PUBLISHED}'"),
	"GH Department Briefing": Scope(department="department"),
	# people and windows
	"GH Window Staff": Scope(department="department"),
	"GH Service Window": Scope(department="department", supervisors_all=True),
	# child tables read on their own
	"GH Case Referral": Scope(parent="GH Case"),
	"GH Case Pause": Scope(parent="GH Case"),
	"GH Case Handover": Scope(parent="GH Case"),
	"GH Supplement Item": Scope(parent="GH Supplement Notice"),
	"GH Inspection Item": Scope(parent="GH Inspection"),
	"GH Window Assessment": Scope(parent="GH Assessment Run"),
	"GH Staff Assessment": Scope(parent="GH Assessment Run"),
	"GH Briefing Window": Scope(parent="GH Department Briefing"),
	"GH Briefing Staff": Scope(parent="GH Department Briefing"),
	"GH Window Department": Scope(parent="GH Service Window"),
	# service brands and commitments (issue 18): a department's own, and what the hall publishes; a
	# brand review is the managers', its department's and its panel's (shared with each reviewer);
	# a score sheet is its reviewer's; a brand under review is shared with its panel too
	"GH Service Brand": Scope(
		department="department", shared=True, published=f"{{t}}.`status` in ({PUBLIC_BRANDS})"
	),
	"GH Brand Review": Scope(department="department", shared=True),
	"GH Brand Score Sheet": Scope(own="reviewer"),
	"GH Commitment": Scope(department="department", own="staff", published="{t}.`status` = 'Active'"),
	"GH Brand Commitment": Scope(parent="GH Service Brand"),
	"GH Brand Member": Scope(parent="GH Service Brand"),
	"GH Brand Window": Scope(parent="GH Service Brand"),
	"GH Brand Panel Member": Scope(parent="GH Brand Review"),
	"GH Brand Commitment Result": Scope(parent="GH Brand Review"),
	"GH Brand Score": Scope(parent="GH Brand Score Sheet"),
	# the hall floor (issue 17): a queue ticket is its department's (the one it waits for now)
	"GH Queue Ticket": Scope(department="department"),
	"GH Queue Ticket Event": Scope(parent="GH Queue Ticket"),
	# on-site duty (issue 15): the roster and the empty-window records are the department's board; a
	# punch (with its IP) and a leave request (with its reason) are the staff member's own and their
	# chief representative's; a leave request is shared with its cover
	"GH Duty Slot": Scope(department="department"),
	"GH Empty Window": Scope(department="department"),
	"GH Attendance Punch": Scope(own="staff", chief="department"),
	"GH Leave Request": Scope(own="staff", chief="department", shared=True),
	# citizens' text messages (issue 16): the department of the case or appointment they are about
	"GH SMS Message": Scope(department=("department", "receiving_department")),
}


@dataclass(frozen=True)
class Viewer:
	user: str
	manager: bool
	roles: frozenset
	departments: tuple
	supervisor: str | None
	chief_of: tuple = ()


def is_manager(user: str | None = None) -> bool:
	user = user or frappe.session.user
	return user == "Administrator" or bool(MANAGER_ROLES & set(frappe.get_roles(user)))


def viewer(user: str | None = None) -> Viewer:
	user = user or frappe.session.user
	roles = frozenset(frappe.get_roles(user))
	manager = user == "Administrator" or bool(MANAGER_ROLES & roles)
	if manager:
		return Viewer(user, True, roles, (), None)
	return Viewer(
		user,
		False,
		roles,
		departments_of(user) if roles & DEPARTMENT_ROLES else (),
		supervisor_of(user) if HALL_SUPERVISOR in roles else None,
		chief_of(user) if CHIEF_REPRESENTATIVE in roles else (),
	)


def departments_of(user: str) -> tuple:
	"""The departments of a staff member (their User Permission) and those naming them chief."""
	granted = {
		row.doc
		for row in get_user_permissions(user).get(DEPARTMENT_DOCTYPE) or []
		if not row.get("applicable_for")
	}
	granted.update(frappe.get_all(DEPARTMENT_DOCTYPE, filters={"chief_representative": user}, pluck="name"))
	return tuple(sorted(granted))


def chief_of(user: str) -> tuple:
	"""The departments naming ``user`` their chief representative."""
	return tuple(
		sorted(frappe.get_all(DEPARTMENT_DOCTYPE, filters={"chief_representative": user}, pluck="name"))
	)


def supervisor_of(user: str) -> str | None:
	from gov_hall.voice.supervisors import supervisor_of as find

	return find(user) or None


def permitted_departments(user: str | None = None) -> list[str] | None:
	"""For reports that read with frappe.qb: None for managers (every department), else the user's
	departments (possibly none)."""
	who = viewer(user)
	return None if who.manager else list(who.departments)


# ---------------------------------------------------------------------------------------------
# The condition


def condition(doctype: str, who: Viewer, table: str | None = None) -> str | None:
	"""The SQL condition on ``doctype``'s rows for ``who``; None means every row."""
	scope = SCOPES.get(doctype)
	if who.manager or not scope:
		return None
	t = table or f"`tab{doctype}`"
	if scope.parent:
		return child_condition(doctype, scope.parent, who, t)
	grants = []
	if scope.department and who.departments and who.roles & DEPARTMENT_ROLES:
		fields = (scope.department,) if isinstance(scope.department, str) else scope.department
		grant = " or ".join(f"{t}.`{name}` in ({quoted(who.departments)})" for name in fields)
		grant = f"({grant})" if len(fields) > 1 else grant
		if scope.department_only:
			grant = f"({grant} and {scope.department_only.format(t=t)})"
		grants.append(grant)
	if scope.chief and who.chief_of:
		grants.append(f"{t}.`{scope.chief}` in ({quoted(who.chief_of)})")
	if HALL_SUPERVISOR in who.roles:
		if scope.supervisors_all:
			grants.append("1=1")
		elif scope.supervisor and who.supervisor:
			grants.append(f"{t}.`{scope.supervisor}` = {esc(who.supervisor)}")
	if scope.own:
		grants.append(f"{t}.`{scope.own}` = {esc(who.user)}")
	if scope.everyone:
		grants.append("1=1")
	if scope.published:
		grants.append(scope.published.format(t=t))
	if scope.shared:
		grants.append(
			f"{t}.`name` in (select `share_name` from `tabDocShare` where `share_doctype` = "
			f"{esc(doctype)} and `user` = {esc(who.user)} and `read` = 1)"
		)
	where = "(" + " or ".join(grants) + ")" if grants else NOTHING
	if scope.only:
		where = f"({where} and {scope.only.format(t=t)})"
	return where


def child_condition(doctype: str, parent: str, who: Viewer, t: str) -> str:
	parent_table = f"`tab{parent}`"
	inner = condition(parent, who, parent_table) or "1=1"
	return (
		f"({t}.`parenttype` = {esc(parent)} and {t}.`parent` in "
		f"(select {parent_table}.`name` from {parent_table} where {inner}))"
	)


def esc(value: str) -> str:
	# no %-doubling: these conditions are run as they are, without query parameters
	return frappe.db.escape(value, percent=False)


def quoted(values) -> str:
	return ", ".join(esc(value) for value in values)


# ---------------------------------------------------------------------------------------------
# Frappe's hooks (hooks.py: permission_query_conditions and has_permission)


def query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	"""``permission_query_conditions``: the rows of ``doctype`` a user's list queries return."""
	if not doctype:
		return ""
	return condition(doctype, viewer(user)) or ""


def has_permission(doc, ptype: str | None = None, user: str | None = None, debug: bool = False):
	"""``has_permission``: refuses a stored document outside the user's scope; otherwise the
	role permissions decide (None). New documents are checked by their own validation."""
	if doc.is_new() or doc.doctype not in SCOPES:
		return None
	where = condition(doc.doctype, viewer(user))
	if where is None:
		return None
	table = f"`tab{doc.doctype}`"
	found = frappe.db.sql(f"select 1 from {table} where {table}.`name` = {esc(doc.name)} and {where} limit 1")
	return None if found else False


def is_readable(doctype: str, name: str, user: str | None = None) -> bool:
	"""Whether ``user`` may read the stored record (scope and role permissions)."""
	return bool(frappe.has_permission(doctype, "read", doc=name, user=user or frappe.session.user))
