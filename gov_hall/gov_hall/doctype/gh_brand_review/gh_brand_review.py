# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt

from frappe.model.document import Document

from gov_hall.access.controlled import Declaration
from gov_hall.brands import reviews
from gov_hall.utils.validation import forbid_delete

# The panel's figures and the measured commitments are the app's, refreshed on every save until the
# review is submitted; who decided and when are stamped at submit.
CONTROLLED_FIELDS = Declaration(
	derived=(
		"brand_name",
		"hall",
		"department",
		"period_from",
		"period_to",
		"sheets_count",
		"average_score",
		"commitment_results",
		"commitments_kept",
		"commitments_missed",
		"recommended_outcome",
	),
	stamped=("decided_by", "decided_on"),
	state_field=None,
)


class GHBrandReview(Document):
	def validate(self):
		reviews.validate_review(self)

	def on_update(self):
		reviews.share_with_panel(self)

	def before_submit(self):
		reviews.before_submit_review(self)

	def on_submit(self):
		reviews.on_submit_review(self)

	def before_cancel(self):
		reviews.before_cancel_review(self)

	def on_trash(self):
		forbid_delete(self)
