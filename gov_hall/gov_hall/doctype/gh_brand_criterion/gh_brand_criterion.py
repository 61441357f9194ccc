# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt

from frappe.model.document import Document

from gov_hall.brands.reviews import validate_criterion
from gov_hall.utils.validation import forbid_delete


class GHBrandCriterion(Document):
	def validate(self):
		validate_criterion(self)

	def on_trash(self):
		# score sheets refer to the criterion; retire it by clearing Active instead
		forbid_delete(self)
