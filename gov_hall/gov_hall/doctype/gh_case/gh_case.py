# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt

from frappe.model.document import Document

from gov_hall.access.controlled import Declaration
from gov_hall.access.pii import PersonalDataDocument
from gov_hall.cases import lifecycle
from gov_hall.setup.indexes import add_indexes
from gov_hall.setup.workflows import (
	ACCEPTED,
	CANCELLED,
	COMPLETED,
	IN_PROCESS,
	RECEIVED,
	REJECTED,
	SUPPLEMENT_REQUIRED,
	WITHDRAWN,
)
from gov_hall.utils.validation import forbid_delete

# What a person may edit in each state; everything the deadline and the cards are made of is the app's.
CORRECTIONS = ("applicant_name", "id_number", "mobile", "contact_person")
OPEN_EDITS = (*CORRECTIONS, "rejection_reason", "close_reason", "result_note")
RECEIVED_EDITS = (*OPEN_EDITS, "applicant_type", "matter", "hall", "window", "channel", "handler")
CLOSED_EDITS = ("result_note",)

CONTROLLED_FIELDS = Declaration(
	# recomputed on every save (gov_hall.cases.lifecycle / deadline) or kept by the daily jobs
	derived=(
		"case_title",
		"id_number_masked",
		"mobile_masked",
		"mobile_last4",
		"matter_name",
		"department",
		"card_level",
		"is_paused",
		"paused_since",
		"resume_status",
		"deemed_accepted",
		"clock_start",
		"paused_working_days",
		"due_date",
		"completed_on_time",
	),
	# the matter's promised limit, frozen when the case is recorded
	stamped=("time_limit_days",),
	actions={
		"received_on": "Receive",
		"first_responder": "Receive",
		"accepted_on": "Accept",
		"completed_on": "Complete",
		"first_notice_on": "Issue Supplement Notice",
		"pauses": ("Request Supplement", "Applicant Returned"),
		"extension_days": "Extension Approved",
		"referrals": "Refer to Window",
		"window": "Refer to Window",
		"handler": "Refer to Window",
		# the queue ticket served for the case, and its wait and service minutes (gov_hall.queue.calling)
		"queue_ticket": "Finish Service",
		"wait_minutes": "Finish Service",
		"service_minutes": "Finish Service",
	},
	# a manager may correct the frozen time limit, with a reason (GH Manager Overrides)
	overrides=("time_limit_days",),
	logged=("extension_days",),
	editable_in={
		RECEIVED: RECEIVED_EDITS,
		SUPPLEMENT_REQUIRED: OPEN_EDITS,
		ACCEPTED: OPEN_EDITS,
		IN_PROCESS: OPEN_EDITS,
		COMPLETED: CLOSED_EDITS,
		REJECTED: CLOSED_EDITS,
		WITHDRAWN: CLOSED_EDITS,
		CANCELLED: CLOSED_EDITS,
	},
)


class GHCase(PersonalDataDocument, Document):
	def autoname(self):
		self.name = lifecycle.case_number(self)

	def before_insert(self):
		lifecycle.copy_time_limit(self)

	def validate(self):
		# stamped here, after gov_hall.access.controlled has seen what the request sent
		if self.is_new():
			lifecycle.set_first_responder(self)
		lifecycle.stamp_received(self)
		lifecycle.validate_applicant(self)
		lifecycle.validate_links(self)
		lifecycle.guard_first_responder(self)
		lifecycle.apply_status_change(self)
		if not self.flags.skip_deadline:
			lifecycle.refresh_deadline(self)

	def on_update(self):
		lifecycle.after_status_change(self)

	def after_insert(self):
		lifecycle.share_with_first_responder(self)

	def on_trash(self):
		forbid_delete(self)


def on_doctype_update():
	add_indexes("GH Case")
