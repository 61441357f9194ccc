# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt

from frappe.model.document import Document

from gov_hall.access.controlled import Declaration
from gov_hall.brands.reviews import validate_brand
from gov_hall.utils.validation import forbid_delete

# The status moves by the GH Service Brand Workflow only (a review's outcome applies it); the
# review figures are derived from the brand's submitted reviews (gov_hall.brands.reviews).
CONTROLLED_FIELDS = Declaration(
	derived=(
		"review_score",
		"named_on",
		"naming_review",
		"last_review",
		"last_review_year",
		"last_review_outcome",
		"commitments_kept",
		"commitments_missed",
	),
	stamped=("proposed_by", "proposed_on"),
	actions={
		"status": (
			"Submit for Review",
			"Name Brand",
			"Do Not Name",
			"Keep",
			"Warn",
			"Withdraw Name",
			"Propose Again",
		)
	},
)


class GHServiceBrand(Document):
	def validate(self):
		validate_brand(self)

	def on_trash(self):
		forbid_delete(self)
