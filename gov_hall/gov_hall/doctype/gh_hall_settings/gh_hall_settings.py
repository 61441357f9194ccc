# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

LEGAL_NOTICE_LIMIT = 5  # 行政许可法 art. 32


class GHHallSettings(Document):
	def validate(self):
		if not 0 <= (self.yellow_card_threshold_days or 0) <= 30:
			frappe.throw(
				_("Yellow Card Threshold must be between 0 and 30 working days."), title=_("Invalid Input")
			)
		if not 1 <= (self.supplement_notice_limit_days or 0) <= LEGAL_NOTICE_LIMIT:
			frappe.throw(
				_(
					"Supplement Notice Limit must be between 1 and 5 working days (Administrative Licensing Law art. 32)."
				),
				title=_("Invalid Input"),
			)

	def onload(self):
		from gov_hall.cases.calendar_years import calendar_warnings

		self.set_onload("calendar_warnings", calendar_warnings())
