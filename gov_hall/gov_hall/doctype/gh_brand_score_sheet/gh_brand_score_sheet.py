# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt

from frappe.model.document import Document

from gov_hall.access.controlled import Declaration
from gov_hall.brands import reviews
from gov_hall.utils.validation import forbid_delete

# The reviewer is the person who opens the sheet; the total is the sum of the scores.
CONTROLLED_FIELDS = Declaration(
	derived=("brand", "brand_name", "total_score"),
	stamped=("reviewer",),
	rows={"scores": Declaration(derived=("max_score",), state_field=None)},
	state_field=None,
)


class GHBrandScoreSheet(Document):
	def validate(self):
		reviews.validate_sheet(self)

	def on_submit(self):
		reviews.sheet_changed(self)

	def before_cancel(self):
		reviews.before_cancel_sheet(self)

	def on_cancel(self):
		reviews.sheet_changed(self)

	def on_trash(self):
		forbid_delete(self)
