# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt
"""The naming criteria of seed 002 (三个体现, 两个创新): installed once, 100 points in all, kept by
managers, never deleted."""

import frappe

from gov_hall.brands.reviews import ensure_brand_criteria
from gov_hall.rules.brands import DEFAULT_CRITERIA
from gov_hall.setup.roles import HALL_MANAGER, HALL_SUPERVISOR
from gov_hall.tests.factories import GovHallTestCase, make_user
from gov_hall.tests.http import HttpUser, commit_world, set_password

CRITERION = "GH Brand Criterion"


class TestBrandCriterion(GovHallTestCase):
	def test_defaults_are_installed_once_and_edits_kept(self):
		ensure_brand_criteria()
		names = [name for name, *_rest in DEFAULT_CRITERIA]
		self.assertEqual(
			sorted(frappe.get_all(CRITERION, {"name": ["in", names]}, pluck="name")), sorted(names)
		)
		self.assertEqual(sum(frappe.get_all(CRITERION, {"name": ["in", names]}, pluck="max_score")), 100)
		frappe.db.set_value(CRITERION, names[0], "max_score", 30)
		ensure_brand_criteria()
		self.assertEqual(frappe.db.get_value(CRITERION, names[0], "max_score"), 30)
		self.assertEqual(frappe.db.count(CRITERION, {"name": ["in", names]}), 5)
		self.assertTrue(frappe.db.get_single_value("GH Hall Settings", "brand_naming_score"))

	def test_the_chinese_names(self):
		frappe.local.lang = "zh"
		self.assertEqual(frappe._("Institutional Innovation"), "体制创新")
		self.assertEqual(frappe._("Three Embodiments"), "三个体现")

	def test_points_and_deletion(self):
		frappe.local.lang = "zh"
		for points in (0, -5, 150):
			doc = frappe.get_doc(
				{"doctype": CRITERION, "criterion_name": f"测试标准{points}", "max_score": points}
			)
			with self.assertRaises(frappe.ValidationError) as caught:
				doc.insert()
			self.assertIn("分值应大于0且不超过100分", str(caught.exception))
		self.assertFalse(frappe.db.exists(CRITERION, "测试标准150"))
		doc = frappe.get_doc({"doctype": CRITERION, "criterion_name": "测试标准", "max_score": 10}).insert()
		self.assertRaises(frappe.PermissionError, doc.delete)
		self.assertTrue(frappe.db.exists(CRITERION, "测试标准"))

	def test_supervisors_read_but_managers_keep_the_criteria(self):
		supervisor, manager = make_user([HALL_SUPERVISOR]), make_user([HALL_MANAGER])
		for user in (supervisor, manager):
			set_password(user)
		ensure_brand_criteria()
		commit_world()
		name = DEFAULT_CRITERIA[1][0]
		self.assertEqual(HttpUser(supervisor).get_doc(CRITERION, name).status, 200)
		self.assertEqual(HttpUser(supervisor).update(CRITERION, name, {"max_score": 50}).status, 403)
		self.assertEqual(HttpUser(manager).update(CRITERION, name, {"is_active": 1}).status, 200)
		self.assertEqual(HttpUser(manager).delete(CRITERION, name).status, 403)
		frappe.db.rollback()
		self.assertEqual(frappe.db.get_value(CRITERION, name, "max_score"), 20)
