# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from gov_hall.utils.validation import forbid_delete


class GHSMSOptOut(Document):
	"""Written only by gov_hall.sms.optout (the public page, or a manager's record_opt_out)."""

	def validate(self):
		if not self.flags.gh_opt_out:
			frappe.throw(
				_("Opt-outs are recorded at /sms-opt-out or with Opt Out a Mobile."),
				frappe.PermissionError,
				title=_("Not Allowed"),
			)

	def on_trash(self):
		forbid_delete(self)
