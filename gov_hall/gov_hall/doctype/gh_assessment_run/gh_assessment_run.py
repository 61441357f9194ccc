# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt

from frappe.model.document import Document

from gov_hall.access.controlled import Declaration
from gov_hall.assessment.result_rows import RESULT_TABLES, insert_result_rows, replace_result_rows
from gov_hall.assessment.run import compute, validate_run
from gov_hall.utils.validation import forbid_delete

COMPUTE = "Compute"
WINDOW_COMPUTED = (
	"window",
	"department",
	"staff_count",
	"cases",
	"weighted_volume",
	"cross_hall_cases",
	"per_capita",
	"tier",
	"tier_points",
	"on_time_rate",
	"on_time_points",
	"ratings",
	"satisfaction_rate",
	"satisfaction_points",
	"inspection_rate",
	"inspection_points",
	"yellow_cards",
	"red_cards",
	"violations",
	"verified_complaints",
	"deductions",
	"queue_tickets",
	"median_wait_minutes",
	"wait_points",
	"work_points",
	"activity_points_raw",
	"activity_points",
	"computed_score",
	"final_score",
	"activity_share",
	"eligible",
	"ineligible_reason",
	"rank",
	"is_red_flag",
)
STAFF_COMPUTED = (
	"staff",
	"staff_name",
	"department",
	"window",
	"cases",
	"weighted_volume",
	"cross_hall_cases",
	"on_time_rate",
	"ratings",
	"satisfaction_rate",
	"yellow_cards",
	"red_cards",
	"violations",
	"verified_complaints",
	"performance",
	"work_points",
	"activity_points_raw",
	"activity_points",
	"computed_score",
	"final_score",
	"activity_share",
	"eligible",
	"ineligible_reason",
	"rank",
	"is_service_star",
	# 出勤值勤 from the duty records (issue 15), component by component
	"has_duty_data",
	"duty_sessions",
	"late_count",
	"early_leave_count",
	"absent_sessions",
	"leave_sessions",
	"cover_sessions",
	"empty_windows",
	"left_post_count",
	"attendance_computed",
)

# Every figure of a run comes from Compute; managers enter the four staff dimensions only they can
# judge and adjust a row with a reason (each adjustment listed in GH Manager Overrides); rows are
# added and removed by Compute alone; an approved run takes no more entries, a published one nothing.
# With duty records 出勤值勤 is computed too: a manager changes it only by an attendance adjustment with
# its reason (logged like the adjustment); typing it is refused (gov_hall.assessment.run).
CONTROLLED_FIELDS = Declaration(
	actions={
		"scheme": COMPUTE,
		"computed_on": COMPUTE,
		"scheme_snapshot": COMPUTE,
		"window_results": COMPUTE,
		"staff_results": COMPUTE,
		"published_on": "Publish",
	},
	rows={
		"window_results": Declaration(
			derived=WINDOW_COMPUTED,
			overrides=("adjustment",),
			reason_fields={"adjustment": "adjustment_reason"},
			fixed_rows=True,
			state_field=None,
		),
		"staff_results": Declaration(
			derived=STAFF_COMPUTED,
			overrides=("adjustment", "attendance_adjustment"),
			reason_fields={
				"adjustment": "adjustment_reason",
				"attendance_adjustment": "attendance_adjustment_reason",
			},
			fixed_rows=True,
			state_field=None,
		),
	},
	editable_in={
		"Draft": ("notes", "window_results", "staff_results"),
		"Submitted": ("notes", "window_results", "staff_results"),
		"Approved": ("notes",),
		"Published": (),
	},
)


class GHAssessmentRun(Document):
	def validate(self):
		validate_run(self)

	def db_insert(self, *args, **kwargs):
		super().db_insert(*args, **kwargs)
		insert_result_rows(self)

	def update_child_table(self, fieldname, df=None):
		if fieldname in RESULT_TABLES:
			replace_result_rows(self, fieldname)
		else:
			super().update_child_table(fieldname, df)

	def compute(self):
		compute(self)

	def on_trash(self):
		forbid_delete(self)
