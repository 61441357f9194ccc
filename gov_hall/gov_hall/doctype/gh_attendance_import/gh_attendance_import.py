# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt

"""考勤导入: the attendance machine's export for one hall, previewed row by row and imported all or
nothing (gov_hall.duty.imports; buttons call gov_hall.api.attendance_import). Managers only."""

from frappe.model.document import Document

from gov_hall.access.controlled import Declaration
from gov_hall.duty import imports
from gov_hall.utils.validation import forbid_delete

# every figure, the status and the errors are written by Preview and Import (db_set), never by a person
CONTROLLED_FIELDS = Declaration(
	derived=imports.DERIVED_FIELDS,
	editable_in={
		"Draft": ("hall", "import_file"),
		"Previewed": ("hall", "import_file"),
		"Failed": ("hall", "import_file"),
		"Imported": (),
	},
)


class GHAttendanceImport(Document):
	def validate(self):
		imports.validate_import(self)

	def on_trash(self):
		forbid_delete(self)
