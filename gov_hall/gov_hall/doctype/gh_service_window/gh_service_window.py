# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from gov_hall.access.controlled import Declaration
from gov_hall.utils import cards
from gov_hall.utils.validation import forbid_delete

# the window card's public code: given by the system, renewed by a hall manager only
CONTROLLED_FIELDS = Declaration(stamped=("card_code",), actions={"card_code": cards.RENEW_ACTION})


class GHServiceWindow(Document):
	def before_insert(self):
		cards.window_before_insert(self)

	def autoname(self):
		hall_code = frappe.db.get_value("GH Service Hall", self.hall, "hall_code")
		self.name = f"{hall_code}-{self.window_number.strip().upper()}"

	def validate(self):
		self.window_number = (self.window_number or "").strip().upper()
		validate_unique_number(self)
		validate_served_departments(self)
		cards.window_validate(self)

	def on_trash(self):
		forbid_delete(self)


def validate_unique_number(window) -> None:
	filters = {"hall": window.hall, "window_number": window.window_number}
	if not window.is_new():
		filters["name"] = ["!=", window.name]
	duplicate = frappe.db.exists("GH Service Window", filters)
	if duplicate:
		frappe.throw(
			_("Window number {0} is already used in {1}.").format(window.window_number, window.hall),
			frappe.UniqueValidationError,
			title=_("Invalid Input"),
		)


def validate_served_departments(window) -> None:
	served = [row.department for row in window.served_departments]
	if len(served) != len(set(served)):
		frappe.throw(_("A department is listed twice under Departments Served."), title=_("Invalid Input"))
	if window.window_type == "Professional":
		if any(dept != window.department for dept in served):
			frappe.throw(
				_(
					"A professional window serves only its lead department; make it a comprehensive window to serve several."
				),
				title=_("Invalid Input"),
			)
		return
	if window.department not in served:
		window.append("served_departments", {"department": window.department})
