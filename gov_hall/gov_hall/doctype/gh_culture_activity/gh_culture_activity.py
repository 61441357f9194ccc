# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt

from frappe.model.document import Document

from gov_hall.activities.activity import sync_event, validate_activity
from gov_hall.utils.validation import forbid_delete


class GHCultureActivity(Document):
	def validate(self):
		validate_activity(self)

	def on_update(self):
		sync_event(self)

	def on_trash(self):
		forbid_delete(self)
