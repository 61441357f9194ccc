# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt

from frappe.model.document import Document

from gov_hall.assessment.scheme import validate_scheme
from gov_hall.utils.validation import forbid_delete


class GHAssessmentScheme(Document):
	def validate(self):
		validate_scheme(self)

	def on_trash(self):
		# assessments refer to it: retire it by clearing Active instead
		forbid_delete(self)
