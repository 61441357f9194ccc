"""GH SMS Template: the app's messages are installed once and a manager's edits are checked and kept."""

import frappe

from gov_hall.gov_hall.doctype.gh_sms_template.gh_sms_template import ensure_sms_templates
from gov_hall.rules import sms as rules
from gov_hall.tests.factories import GovHallTestCase

TEMPLATE = "GH SMS Template"


class TestSmsTemplate(GovHallTestCase):
	def test_every_message_is_installed_with_its_statutory_flag(self):
		rows = {
			row.name: row for row in frappe.get_all(TEMPLATE, fields=["name", "statutory", "enabled", "body"])
		}
		self.assertEqual(set(rows), set(rules.TEMPLATES))
		for key, template in rules.TEMPLATES.items():
			self.assertEqual(bool(rows[key].statutory), template.statutory, key)
		self.assertEqual({k for k, r in rows.items() if r.statutory}, set(rules.STATUTORY))

	def test_installing_again_keeps_a_managers_edit(self):
		doc = frappe.get_doc(TEMPLATE, rules.CASE_ACCEPTED)
		doc.body = "您的办件{case}已受理，{due_date}前办结。"
		doc.provider_template_code = "SMS_42"
		doc.save()
		ensure_sms_templates()
		ensure_sms_templates()
		self.assertEqual(frappe.db.count(TEMPLATE), len(rules.TEMPLATES))
		doc.reload()
		self.assertEqual(doc.body, "您的办件{case}已受理，{due_date}前办结。")
		self.assertEqual(doc.provider_template_code, "SMS_42")
		self.assertEqual(doc.placeholders, "case, due_date")
		self.assertIn("2026年12月10日", doc.sample_text)
		self.assertEqual(doc.sample_length, len(doc.sample_text))

	def test_a_missing_template_comes_back(self):
		frappe.db.delete(TEMPLATE, {"name": rules.CASE_POSTED})
		ensure_sms_templates()
		self.assertEqual(
			frappe.db.get_value(TEMPLATE, rules.CASE_POSTED, "body"), rules.TEMPLATES[rules.CASE_POSTED].body
		)

	def test_unknown_placeholders_ids_and_keys_are_refused(self):
		doc = frappe.get_doc(TEMPLATE, rules.CASE_RECEIVED)
		for body in ("办件{case}，身份证{id_number}", "办件{case!r}", "办件{case}11010519491231002X"):
			doc.body = body
			with self.subTest(body=body), self.assertRaises(frappe.ValidationError):
				doc.save()
		with self.assertRaises(frappe.ValidationError):
			frappe.get_doc(
				{"doctype": TEMPLATE, "template_key": "marketing", "title": "广告", "body": "促销"}
			).insert()

	def test_the_statutory_flag_is_the_apps(self):
		doc = frappe.get_doc(TEMPLATE, rules.SUPPLEMENT_NEEDED)
		doc.statutory = 0
		doc.save()
		self.assertEqual(doc.statutory, 1)
		doc = frappe.get_doc(TEMPLATE, rules.RATING_INVITATION)
		doc.statutory = 1
		doc.save()
		self.assertEqual(doc.statutory, 0)

	def test_templates_are_never_deleted(self):
		with self.assertRaises(frappe.PermissionError):
			frappe.delete_doc(TEMPLATE, rules.CASE_POSTED)
