# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from gov_hall.utils.validation import forbid_delete


class GHConductNorm(Document):
	def validate(self):
		if self.max_points is None or self.max_points <= 0 or self.max_points > 100:
			frappe.throw(_("A norm is worth between 0 and 100 points."), title=_("Invalid Input"))

	def on_trash(self):
		# inspections refer to the norm; retire it by clearing Active instead
		forbid_delete(self)
