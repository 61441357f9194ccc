# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt

from frappe.model.document import Document

from gov_hall.utils.validation import forbid_delete
from gov_hall.voice.rectification import validate_rectification


class GHRectification(Document):
	"""Opened by a bad review (gov_hall.voice.rectification.open_rectification), never by hand."""

	def validate(self):
		validate_rectification(self)

	def on_trash(self):
		forbid_delete(self)
