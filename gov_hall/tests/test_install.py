"""What install creates: roles with desk access, settings defaults, translations that load."""

import frappe

from gov_hall.setup.install import ensure_roles
from gov_hall.setup.roles import ROLES
from gov_hall.tests.factories import GovHallTestCase


class TestInstall(GovHallTestCase):
	def test_roles_exist_with_desk_access(self):
		for role in ROLES:
			self.assertEqual(frappe.db.get_value("Role", role, "desk_access"), 1, role)

	def test_ensure_roles_is_idempotent(self):
		ensure_roles()
		ensure_roles()
		self.assertEqual(frappe.db.count("Role", {"name": ["in", list(ROLES)]}), len(ROLES))

	def test_settings_defaults(self):
		settings = frappe.get_single("GH Hall Settings")
		self.assertEqual(settings.supplement_notice_limit_days, 5)
		self.assertEqual(settings.yellow_card_threshold_days, 1)
		self.assertTrue(settings.use_statutory_calendar)

	def test_hall_managers_use_frappe_data_import(self):
		from gov_hall.setup.install import ensure_data_import_permission
		from gov_hall.tests.factories import make_user

		ensure_data_import_permission()
		ensure_data_import_permission()
		manager = make_user(["Hall Manager"])
		staff = make_user(["Window Staff"])
		self.assertTrue(frappe.has_permission("Data Import", "create", user=manager))
		self.assertFalse(frappe.has_permission("Data Import", "create", user=staff))
		# Frappe's own rule stays: copying the standard rules to custom ones kept System Manager's
		self.assertTrue(
			frappe.db.exists(
				"Custom DocPerm", {"parent": "Data Import", "role": "System Manager", "create": 1}
			)
		)
		self.assertEqual(
			frappe.db.count("Custom DocPerm", {"parent": "Data Import", "role": "Hall Manager"}), 1
		)

	def test_chinese_translations_load(self):
		from frappe.translate import get_all_translations

		zh = get_all_translations("zh")
		self.assertEqual(zh.get("GH Service Window"), "服务窗口")
		self.assertEqual(zh.get("Hall Manager"), "中心管理人员")

	def test_demo_refuses_a_site_with_other_halls(self):
		from gov_hall.demo import check_site_is_free, load_catalog
		from gov_hall.tests.factories import make_hall

		make_hall()
		with self.assertRaises(frappe.ValidationError):
			check_site_is_free(load_catalog(), force=False)
		check_site_is_free(load_catalog(), force=True)
