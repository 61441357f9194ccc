# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt

from frappe.model.document import Document

from gov_hall.access.controlled import Declaration
from gov_hall.utils.validation import forbid_delete
from gov_hall.voice.appeals import after_appeal_insert, validate_appeal

DECIDE = "Decide Appeal"

# The window appeals; only a manager's review decides (gov_hall.voice.appeals.decide), with notes
# that are the reason in GH Manager Overrides.
CONTROLLED_FIELDS = Declaration(
	actions={
		"status": DECIDE,
		"decided_by": DECIDE,
		"decided_on": DECIDE,
		"decision_notes": DECIDE,
		"hall": "Appeal",
		"department": "Appeal",
		"window": "Appeal",
		"staff": "Appeal",
	},
	logged=("status",),
	editable_in={"Pending": ("reason", "explanation", "evidence"), "Upheld": (), "Dismissed": ()},
)


class GHRatingAppeal(Document):
	def validate(self):
		validate_appeal(self)

	def after_insert(self):
		after_appeal_insert(self)

	def on_trash(self):
		forbid_delete(self)
