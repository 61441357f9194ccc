# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt

from frappe.model.document import Document

from gov_hall.access.pii import PersonalDataDocument
from gov_hall.utils.validation import forbid_delete
from gov_hall.voice.supervisors import sync_supervisor_user, validate_supervisor


class GHExternalSupervisor(PersonalDataDocument, Document):
	def validate(self):
		validate_supervisor(self)

	def on_update(self):
		sync_supervisor_user(self)

	def on_trash(self):
		forbid_delete(self)
