# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt

from frappe.model.document import Document

from gov_hall.access.rows import ParentScopedRow


class GHMatterHall(ParentScopedRow, Document):
	pass
