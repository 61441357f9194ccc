# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt

from frappe.model.document import Document

from gov_hall.utils.validation import forbid_delete
from gov_hall.voice.inspections import validate_inspection


class GHInspection(Document):
	def validate(self):
		validate_inspection(self)

	def on_trash(self):
		forbid_delete(self)
