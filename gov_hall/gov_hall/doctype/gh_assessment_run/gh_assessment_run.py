# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt

from frappe.model.document import Document

from gov_hall.assessment.run import compute, validate_run
from gov_hall.utils.validation import forbid_delete


class GHAssessmentRun(Document):
	def validate(self):
		validate_run(self)

	def compute(self):
		compute(self)

	def on_trash(self):
		forbid_delete(self)
