# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt

from frappe.model.document import Document

from gov_hall.access.controlled import Declaration
from gov_hall.access.pii import PersonalDataDocument
from gov_hall.utils.validation import forbid_delete
from gov_hall.voice.rectification import validate_rectification

OPENED = "Bad Review Received"
HANDLING = ("verification", "handling", "handling_notes")
FOLLOW_UP = ("follow_up_result", "follow_up_notes")

# Opened by a bad review with its due date; the handling unit records the verification, the handling
# and the follow-up call (never the dates: the app records them); a manager may move the due date,
# with a reason.
CONTROLLED_FIELDS = Declaration(
	derived=("status", "is_overdue", "handled_in_time", "staff_name"),
	actions={
		**dict.fromkeys(
			(
				"rating",
				"level",
				"case",
				"opened_on",
				"due_date",
				"hall",
				"department",
				"window",
				"staff",
				"comment",
				"follow_up_required",
				"contact_name",
				"contact_mobile",
			),
			OPENED,
		),
		"handled_on": "Record Handling",
		"handled_by": "Record Handling",
		"followed_up_on": "Record Follow-up",
		"followed_up_by": "Record Follow-up",
	},
	overrides=("due_date",),
	editable_in={
		"Open": (*HANDLING, *FOLLOW_UP),
		"Awaiting Follow-up": FOLLOW_UP,
		"Closed": (),
		"Appeal Upheld": (),
	},
)


class GHRectification(PersonalDataDocument, Document):
	"""Opened by a bad review (gov_hall.voice.rectification.open_rectification), never by hand."""

	def validate(self):
		validate_rectification(self)

	def on_trash(self):
		forbid_delete(self)
