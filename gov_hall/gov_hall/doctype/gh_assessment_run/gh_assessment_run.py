# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt

from frappe.model.document import Document

from gov_hall.assessment.result_rows import RESULT_TABLES, insert_result_rows, replace_result_rows
from gov_hall.assessment.run import compute, validate_run
from gov_hall.utils.validation import forbid_delete


class GHAssessmentRun(Document):
	def validate(self):
		validate_run(self)

	def db_insert(self, *args, **kwargs):
		super().db_insert(*args, **kwargs)
		insert_result_rows(self)

	def update_child_table(self, fieldname, df=None):
		if fieldname in RESULT_TABLES:
			replace_result_rows(self, fieldname)
		else:
			super().update_child_table(fieldname, df)

	def compute(self):
		compute(self)

	def on_trash(self):
		forbid_delete(self)
