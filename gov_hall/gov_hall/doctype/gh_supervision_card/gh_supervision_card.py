# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt

from frappe.model.document import Document

from gov_hall.setup.indexes import add_indexes
from gov_hall.utils.validation import forbid_delete


class GHSupervisionCard(Document):
	"""Issued only by the e-supervision job (gov_hall.cases.supervision)."""

	def on_trash(self):
		forbid_delete(self)


def on_doctype_update():
	add_indexes("GH Supervision Card")
