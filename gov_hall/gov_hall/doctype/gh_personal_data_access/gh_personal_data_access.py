# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt

from frappe.model.document import Document

from gov_hall.utils.validation import forbid_delete


class GHPersonalDataAccess(Document):
	"""Written only by gov_hall.access.pii.record_access; never edited, never deleted."""

	def on_trash(self):
		forbid_delete(self)
