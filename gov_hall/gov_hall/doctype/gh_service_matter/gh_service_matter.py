# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from gov_hall.cross_hall import catalogue
from gov_hall.utils.validation import forbid_delete


class GHServiceMatter(Document):
	def before_insert(self):
		self.matter_code = (self.matter_code or "").strip().upper()

	def validate(self):
		validate_time_limits(self)
		if not 1 <= int(self.complexity or 0) <= 5:
			frappe.throw(_("Complexity must be between 1 and 5."), title=_("Invalid Input"))
		if (self.fee or 0) < 0:
			frappe.throw(_("Fee cannot be negative."), title=_("Invalid Input"))
		validate_materials(self)
		catalogue.validate_matter(self)
		self.case_kind = "Instant" if self.promised_time_limit == 0 else "Promised"

	def on_trash(self):
		forbid_delete(self)


def validate_time_limits(matter) -> None:
	if matter.legal_time_limit < 0 or matter.promised_time_limit < 0:
		frappe.throw(_("Time limits cannot be negative."), title=_("Invalid Input"))
	if matter.promised_time_limit > matter.legal_time_limit:
		frappe.throw(
			_(
				"The promised time limit ({0} working days) cannot exceed the legal time limit ({1} working days)."
			).format(matter.promised_time_limit, matter.legal_time_limit),
			title=_("Invalid Input"),
		)


def validate_materials(matter) -> None:
	names = set()
	for row in matter.materials:
		row.material_name = (row.material_name or "").strip()
		if row.material_name in names:
			frappe.throw(
				_("Material {0} is listed twice.").format(row.material_name), title=_("Invalid Input")
			)
		names.add(row.material_name)
		if (row.originals or 0) < 0 or (row.copies or 0) < 0:
			frappe.throw(_("Numbers of originals and copies cannot be negative."), title=_("Invalid Input"))
		if not (row.originals or row.copies):
			frappe.throw(
				_("Material {0} needs at least one original or copy.").format(row.material_name),
				title=_("Invalid Input"),
			)
