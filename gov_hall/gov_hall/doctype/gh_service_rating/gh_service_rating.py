# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt

import frappe
from frappe.model.document import Document

from gov_hall.access.controlled import ALL_STATES, Declaration
from gov_hall.access.pii import PersonalDataDocument
from gov_hall.setup.indexes import add_indexes
from gov_hall.utils.validation import forbid_delete
from gov_hall.voice.ratings import after_rating_insert, validate_rating

# A citizen's verdict: given once, never changed by anybody; an appeal takes it out of scores.
CONTROLLED_FIELDS = Declaration(
	derived=("score", "is_bad_review", "staff_name", "matter", "rater_mobile_masked"),
	actions={
		# the staff card (挂牌上岗) the citizen came from: stamped by the public endpoint only, never
		# given over REST, not even when the record is created (a plain stamped field would be)
		"via_card": "Rate from Staff Card",
		"rated_on": "Rate",
		"recorded_by": "Rate",
		"status": ("Appeal", "Decide Appeal"),
		"counts_in_scores": "Decide Appeal",
		"rectification": "Bad Review Received",
	},
	state_field=None,
	editable_in={ALL_STATES: ()},
)


class GHServiceRating(PersonalDataDocument, Document):
	def validate(self):
		validate_rating(self)

	def after_insert(self):
		after_rating_insert(self)

	def on_trash(self):
		forbid_delete(self)


def on_doctype_update():
	# one rating per case and channel, also under concurrent submissions (`case` is a reserved word)
	frappe.db.add_unique("GH Service Rating", ["`case`", "`channel`"], constraint_name="unique_case_channel")
	add_indexes("GH Service Rating")
