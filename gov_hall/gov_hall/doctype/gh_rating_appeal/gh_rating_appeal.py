# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt

from frappe.model.document import Document

from gov_hall.utils.validation import forbid_delete
from gov_hall.voice.appeals import after_appeal_insert, validate_appeal


class GHRatingAppeal(Document):
	def validate(self):
		validate_appeal(self)

	def after_insert(self):
		after_appeal_insert(self)

	def on_trash(self):
		forbid_delete(self)
