# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt
"""值班表 row: one staff member at one window for one session of one day (gov_hall.duty.roster)."""

from frappe.model.document import Document

from gov_hall.access.controlled import Declaration
from gov_hall.duty import roster
from gov_hall.utils.validation import forbid_delete

# the attendance figures are computed (gov_hall.duty.attendance.refresh_slots) from the session times,
# the punches and approved leave; where the slot is, whose department and agency, from the window and
# the staff record; the leave a Cover slot covers is written by the leave workflow only
CONTROLLED_FIELDS = Declaration(
	derived=(
		"hall",
		"department",
		"staff_name",
		"home_agency",
		"session_start",
		"session_end",
		"clock_in",
		"clock_out",
		"late_minutes",
		"early_minutes",
		"duty_status",
	),
	actions={"leave_request": roster.LEAVE_ACTION},
)


class GHDutySlot(Document):
	def validate(self):
		roster.validate_slot(self)

	def on_update(self):
		roster.after_slot_saved(self)

	def on_trash(self):
		forbid_delete(self)


def on_doctype_update():
	from gov_hall.setup.indexes import add_indexes

	add_indexes("GH Duty Slot")
