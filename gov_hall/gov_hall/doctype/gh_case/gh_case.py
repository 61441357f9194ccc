# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt

from frappe.model.document import Document

from gov_hall.access.controlled import Declaration
from gov_hall.access.pii import PersonalDataDocument
from gov_hall.cases import lifecycle
from gov_hall.cross_hall import agents, handover
from gov_hall.rules import handover as handover_rules
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
RECEIVED_EDITS = (
	*OPEN_EDITS,
	"applicant_type",
	"matter",
	"hall",
	"window",
	"channel",
	"handler",
	# 代办: the agent and the applicant's written consent are recorded with the application
	"agent",
	"consent_attachment",
	"delivery_method",
)
CLOSED_EDITS = ("result_note",)
# how the citizen wants the result: chosen while the case is open or decided, fixed once delivered
DELIVERY_EDITS = ("delivery_method",)

HANDOVER_STEPS = handover_rules.STEP_ORDER
HANDOVER_ROW_FIELDS = (
	"step",
	"at",
	"by_user",
	"by_name",
	"from_hall",
	"to_hall",
	"paper_items",
	"paper_count",
	"electronic_count",
	"tracking_number",
	"notes",
)

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
		# one case across halls (gov_hall.cross_hall): from the matter and the receiving hall
		"route",
		"handling_hall",
		"receiving_department",
		# 代办: from the agent's staff record (gov_hall.cross_hall.agents)
		"agent_name",
		"agent_role",
	),
	# the matter's promised limit, frozen when the case is recorded; when the consent was recorded
	stamped=("time_limit_days", "consent_recorded_on"),
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
		# the hand-over steps of a cross-hall case (gov_hall.cross_hall.handover.take_step only)
		"transfer_status": HANDOVER_STEPS,
		"handovers": HANDOVER_STEPS,
		"handling_window": "Receive at County",
		"handling_staff": "Receive at County",
		"ems_tracking_number": "Post",
		"issued_on": ("Issue", "Post"),
		"delivery_method": ("Issue", "Post"),
	},
	# a manager may correct the frozen time limit, with a reason (GH Manager Overrides)
	overrides=("time_limit_days",),
	logged=("extension_days",),
	editable_in={
		RECEIVED: RECEIVED_EDITS,
		SUPPLEMENT_REQUIRED: (*OPEN_EDITS, *DELIVERY_EDITS),
		ACCEPTED: (*OPEN_EDITS, *DELIVERY_EDITS),
		IN_PROCESS: (*OPEN_EDITS, *DELIVERY_EDITS),
		COMPLETED: (*CLOSED_EDITS, *DELIVERY_EDITS),
		REJECTED: (*CLOSED_EDITS, *DELIVERY_EDITS),
		WITHDRAWN: CLOSED_EDITS,
		CANCELLED: CLOSED_EDITS,
	},
	# hand-over rows are added by the steps only, and never edited or removed
	rows={
		"handovers": Declaration(
			stamped=HANDOVER_ROW_FIELDS,
			state_field=None,
			fixed_rows=True,
		)
	},
)


class GHCase(PersonalDataDocument, Document):
	def has_permission(self, permtype="read", *, debug=False, user=None) -> bool:
		if not super().has_permission(permtype, debug=debug, user=user):
			return False
		if self.flags.ignore_permissions or permtype in handover.READ_TYPES:
			return True
		return handover.may_write(self, user)

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
		handover.derive_route(self)
		agents.validate_agent(self)
		handover.guard_status_change(self)
		handover.guard_delivery(self)
		lifecycle.guard_first_responder(self)
		lifecycle.apply_status_change(self)
		if not self.flags.skip_deadline:
			lifecycle.refresh_deadline(self)

	def on_update(self):
		lifecycle.after_status_change(self)
		handover.attach_consent(self)

	def after_insert(self):
		lifecycle.share_with_first_responder(self)

	def on_trash(self):
		forbid_delete(self)


def on_doctype_update():
	add_indexes("GH Case")
