# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt

import re

import frappe
from frappe import _
from frappe.model.document import Document

from gov_hall.duty.sessions import validate_hall_sessions
from gov_hall.utils.validation import forbid_delete

HALL_CODE = re.compile(r"^[A-Z0-9]{2,10}$")
VILLAGE_POINT = "Village Service Point"


class GHServiceHall(Document):
	def _set_defaults(self):
		# Frappe's new-document defaults put the current time into every empty Time field,
		# over the field's own default: a hall saved without hours would open and close "now".
		empty = [df for df in self.meta.get("fields", {"fieldtype": "Time"}) if not self.get(df.fieldname)]
		super()._set_defaults()
		for df in empty:
			self.set(df.fieldname, df.default or None)

	def before_insert(self):
		self.hall_name = (self.hall_name or "").strip()

	def validate(self):
		self.hall_code = (self.hall_code or "").strip().upper()
		validate_hall_code(self.hall_code)
		validate_parent_hall(self)
		validate_opening_hours(self)
		validate_hall_sessions(self)

	def on_trash(self):
		forbid_delete(self)


def validate_hall_code(code: str) -> None:
	if not HALL_CODE.match(code):
		frappe.throw(_("Hall Code must be 2 to 10 capital letters or digits."), title=_("Invalid Input"))


def validate_parent_hall(hall) -> None:
	if hall.hall_level == "Branch Hall" and not hall.parent_hall:
		frappe.throw(_("A branch hall must name its parent hall."), title=_("Invalid Input"))
	if hall.hall_level == VILLAGE_POINT and (
		not hall.parent_hall
		or frappe.db.get_value("GH Service Hall", hall.parent_hall, "hall_level") != "Branch Hall"
	):
		frappe.throw(
			_("A village service point must name its township (branch) hall as its parent hall."),
			title=_("Invalid Input"),
		)
	if not hall.parent_hall:
		return
	seen = {hall.name}
	parent = hall.parent_hall
	while parent:
		if parent in seen:
			frappe.throw(
				_("A hall cannot be its own parent, directly or through other halls."),
				title=_("Invalid Input"),
			)
		seen.add(parent)
		parent = frappe.db.get_value("GH Service Hall", parent, "parent_hall")


def validate_opening_hours(hall) -> None:
	if not (hall.opening_time and hall.closing_time):
		return
	if frappe.utils.get_time(hall.closing_time) <= frappe.utils.get_time(hall.opening_time):
		frappe.throw(_("Closing Time must be later than Opening Time."), title=_("Invalid Input"))
