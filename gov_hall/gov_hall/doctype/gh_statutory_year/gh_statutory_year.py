# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from gov_hall.cases import calendar_years


class GHStatutoryYear(Document):
	def validate(self):
		calendar_years.validate_statutory_year(self)

	def on_update(self):
		calendar_years.calendar_changed()

	def on_trash(self):
		frappe.throw(
			_("An official holiday schedule cannot be deleted; correct its days instead."),
			title=_("Not Allowed"),
		)

	def onload(self):
		self.set_onload("calendar_status", calendar_years.year_status(self.year))
