# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt

from frappe.model.document import Document

from gov_hall.access.controlled import Declaration
from gov_hall.duty.leave import validate_leave
from gov_hall.duty.leave_effects import after_save
from gov_hall.utils.validation import forbid_delete

# what the requester writes while the request is a draft
REQUEST = (
	"staff",
	"leave_type",
	"from_date",
	"from_session",
	"to_date",
	"to_session",
	"reason",
	"attachment",
)

# The status moves only by the workflow "GH Leave Workflow" (gov_hall.duty.leave checks who takes each
# step); who the staff member is, where they work and how long the leave is come from the records;
# each step stamps who took it and when. The cover is chosen by the chief representative (or a
# manager) while the leave is requested; the approver's notes are a manager's.
CONTROLLED_FIELDS = Declaration(
	derived=(
		"staff_name",
		"hall",
		"department",
		"window",
		"home_agency",
		"sessions",
		"days",
		"cover_staff_name",
	),
	actions={
		"requested_on": "Request",
		"cover_proposed_by": "Propose Cover",
		"approved_by": "Approve",
		"approved_on": "Approve",
		"agency_informed_on": "Approve",
		"agency_informed_to": "Approve",
		"returned_on": "Report Return",
	},
	managers_only=("decision_notes",),
	editable_in={
		"Draft": REQUEST,
		"Requested": ("cover_staff", "decision_notes"),
		"Cover Proposed": ("decision_notes",),
		"Approved": (),
		"Rejected": (),
		"Withdrawn": (),
		"Returned": (),
		"Cancelled": (),
	},
)


class GHLeaveRequest(Document):
	def validate(self):
		validate_leave(self)

	def on_update(self):
		after_save(self)

	def on_trash(self):
		forbid_delete(self)
