# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt

from frappe.model.document import Document

from gov_hall.access.controlled import Declaration
from gov_hall.cases import extension
from gov_hall.utils.validation import forbid_delete

# Requested by staff; only a hall manager decides (gov_hall.cases.extension), and a decision is final.
CONTROLLED_FIELDS = Declaration(
	derived=("hall", "department"),
	stamped=("requested_by",),
	actions={"decided_by": "Decide Extension", "decided_on": "Decide Extension"},
	managers_only=("status", "decision_note"),
	editable_in={
		"Pending": ("extension_days", "reason", "status", "decision_note"),
		"Approved": (),
		"Rejected": (),
	},
)


class GHCaseExtension(Document):
	def before_insert(self):
		extension.stamp_request(self)

	def validate(self):
		extension.validate_extension(self)

	def on_update(self):
		extension.apply_decision(self)

	def on_trash(self):
		forbid_delete(self)
