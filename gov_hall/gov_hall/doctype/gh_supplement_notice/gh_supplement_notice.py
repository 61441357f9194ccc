# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt

from frappe.model.document import Document

from gov_hall.access.controlled import ALL_STATES, Declaration
from gov_hall.cases import supplement
from gov_hall.setup.indexes import add_indexes
from gov_hall.utils.validation import forbid_delete

# A notice is a written document handed to the applicant: once issued, nothing on it changes.
CONTROLLED_FIELDS = Declaration(
	derived=(
		"applicant_name",
		"matter",
		"matter_name",
		"hall",
		"department",
		"receiving_department",
		"window",
	),
	stamped=("issued_by", "issued_on", "status"),
	actions={
		"is_first_notice": "Issue Supplement Notice",
		"issued_in_time": "Issue Supplement Notice",
		"is_violation": "Issue Supplement Notice",
		"violation_items": "Issue Supplement Notice",
		"returned_on": "Applicant Returned",
	},
	rows={"items": Declaration(derived=("from_matter",), state_field=None)},
	state_field=None,
	editable_in={ALL_STATES: ()},
)


class GHSupplementNotice(Document):
	def before_insert(self):
		supplement.stamp_issue(self)

	def validate(self):
		supplement.validate_notice(self)
		if self.is_new():
			supplement.check_one_time_rule(self)

	def after_insert(self):
		supplement.pause_case(self)

	def on_trash(self):
		forbid_delete(self)


def on_doctype_update():
	add_indexes("GH Supplement Notice")
