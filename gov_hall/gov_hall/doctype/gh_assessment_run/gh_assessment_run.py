# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from gov_hall.assessment.result_rows import RESULT_TABLES, insert_result_rows, replace_result_rows
from gov_hall.assessment.run import compute, validate_run
from gov_hall.utils.validation import forbid_delete


class GHAssessmentRun(Document):
	def validate(self):
		validate_run(self)

	def _validate_links(self):
		# The result rows' links (window, staff, department) are written by compute from the hall's
		# own records and are read-only; checking them cost a query per link per row (~2,400 for a
		# city hall's 300 windows and 900 staff, most of the save). The run's own links are checked.
		if self.flags.ignore_links or self._action == "cancel":
			return
		invalid, cancelled = self.get_invalid_links()
		if invalid or cancelled:
			missing = ", ".join(link[2] for link in invalid + cancelled)
			frappe.throw(_("Could not find {0}").format(missing), frappe.LinkValidationError)

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
