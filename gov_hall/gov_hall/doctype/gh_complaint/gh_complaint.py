# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt

from frappe.model.document import Document

from gov_hall.access.controlled import Declaration
from gov_hall.access.pii import PersonalDataDocument
from gov_hall.utils.validation import forbid_delete
from gov_hall.voice.complaints import validate_complaint

# what the complainant said, correctable while the complaint is only received
CITIZEN = (
	"description",
	"staff_description",
	"occurred_on",
	"case",
	"evidence",
	"is_anonymous",
	"complainant_name",
	"complainant_mobile",
)
# who and what the complaint is about: only managers move it (gov_hall.access.conflicts)
SUBJECT = ("subject_type", "window", "staff", "hall", "category")

CONTROLLED_FIELDS = Declaration(
	derived=(
		"staff_name",
		"complainant_mobile_masked",
		"department",
		"replied_in_time",
		"reminder_level",
		"assessment_quarter",
	),
	actions={
		# the staff card (挂牌上岗) the citizen came from: stamped by the public endpoint only, never
		# given over REST, not even when the record is created (a plain stamped field would be)
		"via_card": "Complain from Staff Card",
		"tracking_code": "Receive Complaint",
		"received_on": "Receive Complaint",
		"reply_due_date": "Receive Complaint",
		"verified_on": "Verify",
		"replied_on": "Reply",
		"closed_on": "Close",
	},
	# a manager may move the reply deadline, or revise the verification and the deduction, with a reason
	overrides=("reply_due_date", "verification_result", "deduction_points"),
	managers_only=(*SUBJECT, "assigned_to"),
	editable_in={
		"Received": (*CITIZEN, *SUBJECT, "assigned_to"),
		"Assigned": (*SUBJECT, "assigned_to", "investigation_notes"),
		"Investigating": (*SUBJECT, "investigation_notes", "verification_result"),
		"Verified": (*SUBJECT, "investigation_notes", "reply"),
		"Replied": (),
		"Closed": (),
	},
)


class GHComplaint(PersonalDataDocument, Document):
	def validate(self):
		validate_complaint(self)

	def on_trash(self):
		forbid_delete(self)
