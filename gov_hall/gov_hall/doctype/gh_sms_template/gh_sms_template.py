# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from gov_hall.rules import sms as rules
from gov_hall.utils.validation import forbid_delete


class GHSMSTemplate(Document):
	"""One message the app sends (gov_hall.rules.sms.TEMPLATES): managers edit its text, its
	provider's template code and whether it is sent; the key and the statutory flag are the app's."""

	def validate(self):
		default = rules.TEMPLATES.get(self.template_key)
		if not default:
			frappe.throw(
				_("The hall sends only these messages: {0}.").format(", ".join(rules.TEMPLATES)),
				title=_("Invalid Input"),
			)
		self.statutory = int(default.statutory)
		self.body = (self.body or "").strip()
		self.provider_template_code = (self.provider_template_code or "").strip() or None
		try:
			names = rules.placeholders(self.body)
		except rules.SmsRuleError:
			frappe.throw(
				_("Write placeholders as a name in braces, such as {case}."), title=_("Invalid Input")
			)
		unknown = [name for name in names if name not in default.params]
		if unknown:
			frappe.throw(
				_("This message can only use these placeholders: {0}. Not known: {1}.").format(
					", ".join("{" + name + "}" for name in default.params),
					", ".join("{" + name + "}" for name in unknown),
				),
				title=_("Invalid Input"),
			)
		if rules.has_resident_id(self.body):
			frappe.throw(_("A message may never carry a resident ID number."), title=_("Invalid Input"))
		self.placeholders = ", ".join(names)
		sample = rules.render_template(
			self.template_key, rules.sample_params(self.template_key), body=self.body
		)
		self.sample_text = sample.text
		self.sample_length = sample.length

	def on_trash(self):
		forbid_delete(self)


def ensure_sms_templates() -> None:
	"""The app's messages, created on install and migrate; a manager's edits are never overwritten."""
	for key, template in rules.TEMPLATES.items():
		if frappe.db.exists("GH SMS Template", key):
			continue
		frappe.get_doc(
			{
				"doctype": "GH SMS Template",
				"template_key": key,
				"title": template.title,
				"body": template.body,
				"statutory": int(template.statutory),
				"enabled": 1,
			}
		).insert(ignore_permissions=True)
