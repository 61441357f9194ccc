# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from gov_hall.rules.workdays import WorkCalendar
from gov_hall.utils.calendar import get_calendar_exceptions, get_hall_calendar


class GHHallCalendarDay(Document):
	def validate(self):
		validate_unique_day(self)
		validate_changes_something(self)


def validate_unique_day(day) -> None:
	filters = {"date": day.date, "hall": day.hall or ("is", "not set")}
	if not day.is_new():
		filters["name"] = ["!=", day.name]
	duplicate = frappe.db.exists("GH Hall Calendar Day", filters)
	if duplicate:
		frappe.throw(
			_("{0} already has a calendar entry for this hall.").format(frappe.format(day.date, "Date")),
			frappe.UniqueValidationError,
			title=_("Invalid Input"),
		)


def validate_changes_something(day) -> None:
	"""An entry must change the day: judged against the statutory days and, for one hall, the all-hall days."""
	if day.hall:
		base = get_hall_calendar(None)
	else:
		base = WorkCalendar(statutory=bool(get_calendar_exceptions()["statutory"]))
	working = base.is_working_day(day.date)
	if day.day_type == "Closed" and not working:
		frappe.throw(
			_("{0} is already a rest day.").format(frappe.format(day.date, "Date")), title=_("Invalid Input")
		)
	if day.day_type == "Working Day" and working:
		frappe.throw(
			_("{0} is already a working day.").format(frappe.format(day.date, "Date")),
			title=_("Invalid Input"),
		)
