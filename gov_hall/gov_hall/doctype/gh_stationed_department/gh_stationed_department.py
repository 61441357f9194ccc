# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from gov_hall.queue.tickets import set_department_prefix
from gov_hall.utils.permissions import chief_changed
from gov_hall.utils.validation import check_date_order, forbid_delete


class GHStationedDepartment(Document):
	def validate(self):
		check_date_order(self.stationed_from, self.stationed_to, _("Stationed From"), _("Stationed To"))
		validate_chief_representative(self)
		set_department_prefix(self)
		if self.contact_phone and not any(ch.isdigit() for ch in self.contact_phone):
			frappe.throw(_("Contact Phone must contain digits."), title=_("Invalid Input"))

	def on_update(self):
		if self.has_value_changed("chief_representative"):
			before = self.get_doc_before_save()
			chief_changed(self, before.chief_representative if before else None)

	def on_trash(self):
		forbid_delete(self)


def validate_chief_representative(department) -> None:
	user = department.chief_representative
	if not user:
		return
	staff_department = frappe.db.get_value(
		"GH Window Staff", {"user": user, "status": "On Site"}, "department"
	)
	if staff_department != department.name:
		frappe.throw(
			_("The chief representative must be on-site staff of this department."),
			title=_("Invalid Input"),
		)
