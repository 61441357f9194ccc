# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt

from frappe.model.document import Document

from gov_hall.access.controlled import Declaration
from gov_hall.utils.validation import forbid_delete
from gov_hall.voice.inspections import validate_inspection

# Scored by a manager or a supervisor; the totals and the quarter are computed; once submitted only
# the correction status changes (Frappe's allow_on_submit).
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

	def on_trash(self):
		forbid_delete(self)
