# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt

from frappe.model.document import Document

from gov_hall import commitments
from gov_hall.access.controlled import Declaration
from gov_hall.utils.validation import forbid_delete

# version and status follow from the record's history and its signature; who signed and when, and
# the version it replaces, are written by the app (gov_hall.commitments)
CONTROLLED_FIELDS = Declaration(
	derived=("version", "status", "department", "staff_name"),
	stamped=("previous_version", "signed_by", "signed_by_name", "signed_on"),
)


class GHCommitment(Document):
	def validate(self):
		commitments.validate(self)

	def before_submit(self):
		commitments.sign(self)

	def on_submit(self):
		commitments.supersede_previous(self)

	def before_cancel(self):
		commitments.withdraw(self)

	def on_trash(self):
		forbid_delete(self)
