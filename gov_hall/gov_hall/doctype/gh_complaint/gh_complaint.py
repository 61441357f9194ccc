# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt

from frappe.model.document import Document

from gov_hall.utils.validation import forbid_delete
from gov_hall.voice.complaints import validate_complaint


class GHComplaint(Document):
	def validate(self):
		validate_complaint(self)

	def on_trash(self):
		forbid_delete(self)
