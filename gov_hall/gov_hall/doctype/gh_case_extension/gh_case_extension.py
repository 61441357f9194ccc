# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt

from frappe.model.document import Document

from gov_hall.cases import extension
from gov_hall.utils.validation import forbid_delete


class GHCaseExtension(Document):
	def before_insert(self):
		extension.stamp_request(self)

	def validate(self):
		extension.validate_extension(self)

	def on_update(self):
		extension.apply_decision(self)

	def on_trash(self):
		forbid_delete(self)
