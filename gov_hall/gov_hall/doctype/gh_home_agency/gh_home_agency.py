# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt
"""派出单位: the agency a staff member is sent from; leave notices and monthly briefings go to it."""

import frappe
from frappe.model.document import Document

from gov_hall.utils.validation import forbid_delete


class GHHomeAgency(Document):
	def validate(self):
		self.agency_name = (self.agency_name or "").strip()
		self.contact_email = (self.contact_email or "").strip() or None
		if self.contact_email:
			frappe.utils.validate_email_address(self.contact_email, throw=True)
		self.status = self.status or "Active"

	def on_trash(self):
		forbid_delete(self)
