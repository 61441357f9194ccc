# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt

from frappe.model.document import Document

from gov_hall.cases import lifecycle
from gov_hall.setup.indexes import add_indexes
from gov_hall.utils.validation import forbid_delete


class GHCase(Document):
	def autoname(self):
		self.name = lifecycle.case_number(self)

	def before_insert(self):
		lifecycle.stamp_received(self)
		lifecycle.set_first_responder(self)
		lifecycle.copy_time_limit(self)

	def validate(self):
		lifecycle.stamp_received(self)
		lifecycle.validate_applicant(self)
		lifecycle.validate_links(self)
		lifecycle.guard_first_responder(self)
		lifecycle.apply_status_change(self)
		if not self.flags.skip_deadline:
			lifecycle.refresh_deadline(self)

	def on_update(self):
		lifecycle.after_status_change(self)

	def after_insert(self):
		lifecycle.share_with_first_responder(self)

	def on_trash(self):
		forbid_delete(self)


def on_doctype_update():
	add_indexes("GH Case")
