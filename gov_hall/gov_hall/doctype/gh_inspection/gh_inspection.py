# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from gov_hall.access.controlled import Declaration
from gov_hall.utils.validation import forbid_delete
from gov_hall.voice.inspections import validate_inspection

# Scored by a manager or a supervisor; the totals and the quarter are computed; once submitted only
# the correction status changes (Frappe's allow_on_submit). What the inspector found (the checklist
# points, the findings, a staff member away from the post, left_post: 窜岗/离岗, issue 15) is theirs
# to record until the inspection is submitted, and fixed by the submission (no allow_on_submit):
# a submitted inspection with left_post counts once against the staff member's duty.
CONTROLLED_FIELDS = Declaration(
	derived=(
		"staff_name",
		"department",
		"total_points",
		"max_total_points",
		"score_rate",
		"assessment_quarter",
	),
	actions={"inspector": "Record Inspection"},
	rows={"items": Declaration(derived=("norm_title", "max_points"), state_field=None)},
	state_field=None,
)


class GHInspection(Document):
	def validate(self):
		validate_inspection(self)
		if self.left_post and not self.staff:
			frappe.throw(
				_("Away from the Post is recorded against a staff member: inspect the staff member."),
				title=_("Invalid Input"),
			)

	def on_trash(self):
		forbid_delete(self)
