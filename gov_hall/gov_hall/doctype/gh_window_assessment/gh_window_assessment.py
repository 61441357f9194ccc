# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt

from frappe.model.document import Document


class GHWindowAssessment(Document):
	def db_insert(self, *args, **kwargs):
		# a run writes its result rows with one INSERT (gov_hall.assessment.result_rows)
		if not self.flags.written_with_run:
			super().db_insert(*args, **kwargs)
