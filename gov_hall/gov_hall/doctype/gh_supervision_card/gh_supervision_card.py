# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt

from frappe.model.document import Document

from gov_hall.access.controlled import ALL_STATES, Declaration
from gov_hall.setup.indexes import add_indexes
from gov_hall.utils.validation import forbid_delete

# Issued by the e-supervision job only (nobody holds write or create on cards); nothing changes after.
# late_step (issue 16) is derived from the case's transfer_status when the card is raised.
CONTROLLED_FIELDS = Declaration(
	derived=("late_step",),
	stamped=(
		"case",
		"level",
		"card_date",
		"due_date",
		"remaining_days",
		"hall",
		"department",
		"window",
		"staff",
	),
	state_field=None,
	editable_in={ALL_STATES: ()},
)


class GHSupervisionCard(Document):
	"""Issued only by the e-supervision job (gov_hall.cases.supervision)."""

	def on_trash(self):
		forbid_delete(self)


def on_doctype_update():
	add_indexes("GH Supervision Card")
