# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt
"""打卡记录: one punch of one staff member, never edited or deleted (gov_hall.duty.attendance)."""

from frappe.model.document import Document

from gov_hall.access.controlled import Declaration
from gov_hall.duty import attendance
from gov_hall.utils.validation import forbid_delete

# everything is written when the punch is recorded (from the staff record, the server's clock and the
# client's IP for a desk punch) and never changes afterwards
CONTROLLED_FIELDS = Declaration(
	stamped=(
		"staff",
		"staff_name",
		"hall",
		"department",
		"window",
		"punch_time",
		"direction",
		"source",
		"ip_address",
		"device",
		"import_batch",
		"reason",
	),
)


class GHAttendancePunch(Document):
	def validate(self):
		attendance.validate_punch(self)

	def after_insert(self):
		attendance.after_punch(self)

	def on_trash(self):
		forbid_delete(self)


def on_doctype_update():
	from gov_hall.setup.indexes import add_indexes

	add_indexes("GH Attendance Punch")
