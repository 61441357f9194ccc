# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt

from frappe.model.document import Document

from gov_hall.access.overrides import guard_log_entry
from gov_hall.utils.validation import forbid_delete


class GHOverrideLog(Document):
	"""Written only by gov_hall.access.overrides.record_overrides; never edited, never deleted."""

	def validate(self):
		guard_log_entry(self)

	def on_trash(self):
		forbid_delete(self)
