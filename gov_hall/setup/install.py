"""Install, migrate and uninstall: everything the app creates outside its own doctypes."""

import frappe

from gov_hall.assessment.scheme import ensure_default_scheme
from gov_hall.setup.indexes import add_all_indexes
from gov_hall.setup.roles import ROLES
from gov_hall.setup.workflows import ensure_workflows, remove_workflows

APP_DOCTYPE_PREFIX = "GH "


def before_install() -> None:
	ensure_roles()


def after_install() -> None:
	from gov_hall.setup.site import ensure_time_zone

	ensure_time_zone()
	ensure_roles()
	ensure_settings()
	ensure_workflows()
	ensure_conduct_norms()
	ensure_brand_criteria()
	ensure_sms_templates()
	ensure_default_scheme()
	ensure_custom_blocks()
	ensure_data_import_permission()
	from gov_hall.setup.website import apply_portal_settings

	apply_portal_settings()  # the website is the hall's portal from the start


def after_migrate() -> None:
	add_all_indexes()  # brings back a quarter column or index dropped by hand or `bench trim-tables`
	ensure_roles()
	ensure_settings()
	ensure_workflows()
	ensure_conduct_norms()
	ensure_brand_criteria()
	ensure_sms_templates()
	ensure_default_scheme()
	ensure_custom_blocks()
	ensure_data_import_permission()


# Hall managers import the attendance machine's export (GH Attendance Punch) with Frappe's own Data
# Import, which ships for System Manager only; what they may import stays decided by each doctype's
# "import" permission (frappe.permissions.can_import) and the controlled-fields hook.
DATA_IMPORT = "Data Import"
DATA_IMPORT_ROLES = ("Hall Manager", "Hall Administrator")
DATA_IMPORT_RIGHTS = ("read", "write", "create")


def ensure_data_import_permission() -> None:
	from frappe.permissions import add_permission, update_permission_property

	for role in DATA_IMPORT_ROLES:
		if frappe.db.exists("Custom DocPerm", {"parent": DATA_IMPORT, "role": role, "permlevel": 0}):
			continue
		add_permission(DATA_IMPORT, role, 0)  # copies the standard rules to custom ones first
		for right in DATA_IMPORT_RIGHTS:
			update_permission_property(DATA_IMPORT, role, 0, right, 1, validate=False)


def remove_data_import_permission() -> None:
	"""Our roles' rules go; when what is left is Frappe's standard rules copied over, so do they."""
	frappe.db.delete("Custom DocPerm", {"parent": DATA_IMPORT, "role": ["in", DATA_IMPORT_ROLES]})
	rights = ("role", "permlevel", "if_owner", *frappe.permissions.rights)
	left = frappe.get_all("Custom DocPerm", filters={"parent": DATA_IMPORT}, fields=list(rights))
	standard = frappe.get_all("DocPerm", filters={"parent": DATA_IMPORT}, fields=list(rights))

	def key(row) -> tuple:
		return tuple(row.role if f == "role" else int(row.get(f) or 0) for f in rights)

	if sorted(map(key, left)) == sorted(map(key, standard)):
		frappe.db.delete("Custom DocPerm", {"parent": DATA_IMPORT})
	frappe.clear_cache(doctype=DATA_IMPORT)


def ensure_brand_criteria() -> None:
	"""The service brand naming criteria of seed 002 (gov_hall.brands.reviews)."""
	from gov_hall.brands.reviews import ensure_brand_criteria as ensure

	ensure()


def ensure_sms_templates() -> None:
	"""The SMS messages to citizens (gov_hall.rules.sms.TEMPLATES); a manager's edits stay."""
	from gov_hall.gov_hall.doctype.gh_sms_template.gh_sms_template import ensure_sms_templates as ensure

	ensure()


def ensure_conduct_norms() -> None:
	"""The ten conduct norms of window staff (seed 004), 10 points each; never overwrites edits."""
	from gov_hall.rules.inspections import CONDUCT_NORMS, DEFAULT_NORM_POINTS

	for sequence, (code, title, text) in enumerate(CONDUCT_NORMS, start=1):
		if frappe.db.exists("GH Conduct Norm", code):
			continue
		frappe.get_doc(
			{
				"doctype": "GH Conduct Norm",
				"norm_code": code,
				"norm_title": title,
				"norm_text": text,
				"sequence": sequence,
				"max_points": DEFAULT_NORM_POINTS,
				"is_active": 1,
			}
		).insert(ignore_permissions=True)


def ensure_roles() -> None:
	for role_name, properties in ROLES.items():
		if frappe.db.exists("Role", role_name):
			frappe.db.set_value("Role", role_name, properties)
			continue
		role = frappe.new_doc("Role")
		role.role_name = role_name
		role.update(properties)
		role.insert(ignore_permissions=True)


def ensure_settings() -> None:
	settings = frappe.get_single("GH Hall Settings")
	if not settings.yellow_card_threshold_days and not settings.supplement_notice_limit_days:
		settings.yellow_card_threshold_days = 1
		settings.supplement_notice_limit_days = 5
		settings.use_statutory_calendar = 1
		settings.save(ignore_permissions=True)
	ensure_voice_settings(settings)


def ensure_voice_settings(settings) -> None:
	"""Ratings and complaints settings added after a site was installed get their defaults."""
	from gov_hall.voice.settings import DEFAULTS

	missing = {field: value for field, value in DEFAULTS.items() if not settings.get(field)}
	if missing:
		settings.update(missing)
		settings.save(ignore_permissions=True)


def before_uninstall() -> None:
	"""Remove what install created outside the app's module: user permissions, roles."""
	app_doctypes = frappe.get_all("DocType", filters={"module": "Gov Hall"}, pluck="name")
	for name in frappe.get_all("User Permission", filters={"allow": ["in", app_doctypes]}, pluck="name"):
		frappe.delete_doc("User Permission", name, ignore_permissions=True, force=True)
	for doctype in ("Custom Field", "Property Setter"):
		for name in frappe.get_all(doctype, filters={"module": "Gov Hall"}, pluck="name"):
			frappe.delete_doc(doctype, name, ignore_permissions=True, force=True)
	# shares, notifications and workflow actions that point at the app's records
	frappe.db.delete("DocShare", {"share_doctype": ["in", app_doctypes]})
	frappe.db.delete("Notification Log", {"document_type": ["in", app_doctypes]})
	frappe.db.delete("Workflow Action", {"reference_doctype": ["in", app_doctypes]})
	# evidence and attachments of the app's records (complaint evidence is private)
	for name in frappe.get_all("File", filters={"attached_to_doctype": ["in", app_doctypes]}, pluck="name"):
		frappe.delete_doc("File", name, ignore_permissions=True, force=True)
	remove_workflows()
	remove_custom_blocks()
	remove_data_import_permission()
	remove_roles()


def remove_roles() -> None:
	for role_name in ROLES:
		if not frappe.db.exists("Role", role_name):
			continue
		frappe.db.delete("Has Role", {"role": role_name})
		frappe.db.delete("Custom DocPerm", {"role": role_name})
		frappe.delete_doc("Role", role_name, ignore_permissions=True, force=True)


# Workspace blocks the app owns (Custom HTML Block records, shown on the Gov Hall workspace)
CALENDAR_ALERTS_BLOCK = "GH Calendar Alerts"
CUSTOM_BLOCKS = {
	CALENDAR_ALERTS_BLOCK: {
		"html": '<div class="gh-calendar-alerts"></div>',
		"style": ".gh-calendar-alerts .alert { margin-bottom: var(--margin-sm); }",
		"script": """frappe.call("gov_hall.api.calendar.warnings").then((r) => {
	const box = root_element.querySelector(".gh-calendar-alerts");
	(r.message || []).forEach((warning) => {
		const alert = document.createElement("div");
		alert.className = "alert alert-warning";
		alert.textContent = warning.message;
		if (warning.kind === "statutory_year") {
			const button = document.createElement("button");
			button.className = "btn btn-xs btn-default ml-2";
			button.textContent = __("Enter the Official Holiday Schedule");
			button.addEventListener("click", () => frappe.new_doc("GH Statutory Year", { year: warning.year }));
			alert.appendChild(button);
		}
		box.appendChild(alert);
	});
});""",
		"roles": ["Hall Manager", "Hall Administrator", "System Manager"],
	},
}


def ensure_custom_blocks() -> None:
	for name, spec in CUSTOM_BLOCKS.items():
		doc = (
			frappe.get_doc("Custom HTML Block", name)
			if frappe.db.exists("Custom HTML Block", name)
			else frappe.new_doc("Custom HTML Block")
		)
		doc.update({"html": spec["html"], "style": spec["style"], "script": spec["script"], "private": 0})
		doc.set("roles", [{"role": role} for role in spec["roles"] if frappe.db.exists("Role", role)])
		if doc.is_new():
			doc.name = name
			doc.insert(ignore_permissions=True, set_name=name)
		else:
			doc.save(ignore_permissions=True)


def remove_custom_blocks() -> None:
	for name in CUSTOM_BLOCKS:
		if frappe.db.exists("Custom HTML Block", name):
			frappe.delete_doc("Custom HTML Block", name, ignore_permissions=True, force=True)
