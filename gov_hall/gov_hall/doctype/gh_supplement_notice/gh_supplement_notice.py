# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt

from frappe.model.document import Document

from gov_hall.cases import supplement
from gov_hall.setup.indexes import add_indexes
from gov_hall.utils.validation import forbid_delete


class GHSupplementNotice(Document):
	def before_insert(self):
		supplement.stamp_issue(self)

	def validate(self):
		supplement.validate_notice(self)
		if self.is_new():
			supplement.check_one_time_rule(self)

	def after_insert(self):
		supplement.pause_case(self)

	def on_trash(self):
		forbid_delete(self)


def on_doctype_update():
	add_indexes("GH Supplement Notice")
