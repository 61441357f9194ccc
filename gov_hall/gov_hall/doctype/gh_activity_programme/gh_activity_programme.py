# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt

from frappe.model.document import Document

from gov_hall.activities.programmes import validate_programme
from gov_hall.utils.validation import forbid_delete


class GHActivityProgramme(Document):
	def validate(self):
		validate_programme(self)

	def on_trash(self):
		forbid_delete(self)
