# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt

from frappe.model.document import Document

from gov_hall.assessment.briefings import validate_briefing
from gov_hall.utils.validation import forbid_delete


class GHDepartmentBriefing(Document):
	def validate(self):
		validate_briefing(self)

	def on_trash(self):
		forbid_delete(self)
