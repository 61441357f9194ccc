"""Demo logins, so a newcomer can sign in as each kind of hall user straight after dev-up."""

import frappe
from frappe.utils.password import update_password

from gov_hall.demo import DEMO_EMAIL_DOMAIN
from gov_hall.setup.roles import HALL_ADMINISTRATOR, HALL_MANAGER

DEMO_PASSWORD = "Qingshan-2026"
SYSTEM_MANAGER = "System Manager"
DEMO_MANAGERS = (
	(f"director@{DEMO_EMAIL_DOMAIN}", "王主任", [HALL_MANAGER]),
	(f"office@{DEMO_EMAIL_DOMAIN}", "李科长", [HALL_MANAGER]),
	(f"admin@{DEMO_EMAIL_DOMAIN}", "赵管理员", [HALL_ADMINISTRATOR, HALL_MANAGER, SYSTEM_MANAGER]),
)


def make_demo_accounts() -> int:
	"""The hall office's managers and a password for every demo user who has none. Idempotent."""
	created = 0
	for email, name, roles in DEMO_MANAGERS:
		if frappe.db.exists("User", email):
			continue
		user = frappe.get_doc(
			{
				"doctype": "User",
				"email": email,
				"first_name": name,
				"language": "zh",
				"time_zone": "Asia/Shanghai",
				"send_welcome_email": 0,
				"user_type": "System User",
				"roles": [{"role": role} for role in roles],
			}
		)
		user.flags.no_welcome_mail = True
		user.insert(ignore_permissions=True)
		created += 1
	keep_system_manager_with_the_administrator()
	auth = frappe.qb.DocType("__Auth")
	with_password = set(
		frappe.qb.from_(auth)
		.select(auth.name)
		.where(auth.doctype == "User")
		.where(auth.fieldname == "password")
		.run(pluck=True)
	)
	for email in frappe.get_all("User", filters={"name": ["like", f"%@{DEMO_EMAIL_DOMAIN}"]}, pluck="name"):
		if email not in with_password:
			update_password(email, DEMO_PASSWORD, logout_all_sessions=False)
	return created


def demo_logins() -> list[tuple[str, str]]:
	"""(who, email) for the command's closing lines."""
	department = frappe.db.get_value(
		"GH Stationed Department",
		{"chief_representative": ["is", "set"]},
		["name", "chief_representative"],
		order_by="creation asc",
		as_dict=True,
	)
	chief = department.chief_representative if department else None
	staff = frappe.db.get_value(
		"GH Window Staff",
		{
			"status": "On Site",
			"department": department.name if department else "",
			"user": ["!=", chief or ""],
		},
		"user",
		order_by="user asc",
	)
	return [
		("中心领导 Hall Manager", DEMO_MANAGERS[0][0]),
		("中心系统管理员 Hall Administrator", DEMO_MANAGERS[2][0]),
		("首席代表 Chief Representative", chief or ""),
		("窗口工作人员 Window Staff", staff or ""),
	]


def keep_system_manager_with_the_administrator() -> None:
	"""Frappe gives System Manager to a system user saved while nobody but Administrator holds it
	(User.add_system_manager_role): the demo's first staff member, made before the hall office's
	accounts, got it, and with it every record of the hall. The hall's system administrator holds
	it; no other demo user does."""
	admin = DEMO_MANAGERS[2][0]
	if SYSTEM_MANAGER not in frappe.get_roles(admin):
		frappe.get_doc("User", admin).add_roles(SYSTEM_MANAGER)
	holders = frappe.get_all(
		"Has Role",
		filters={
			"role": SYSTEM_MANAGER,
			"parenttype": "User",
			"parent": ["like", f"%@{DEMO_EMAIL_DOMAIN}"],
		},
		pluck="parent",
	)
	for email in sorted(set(holders) - {admin}):
		frappe.get_doc("User", email).remove_roles(SYSTEM_MANAGER)
