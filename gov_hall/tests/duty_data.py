"""Duty records with known outcomes, for the assessment and briefing tests (issue 15).

The outcome of a slot (Present, Late, Absent ...) is computed from punches by
gov_hall.duty.attendance, tested on its own; here the computed records are written directly, as the
attendance refresh, the empty-window job and a submitted inspection leave them, so that a test of
the assessment states exactly what it scores."""

import datetime

import frappe
from frappe.utils import add_days, getdate

from gov_hall.rules.periods import month_bounds, month_of, quarter_of
from gov_hall.utils.clock import today


def last_month() -> str:
	"""The month before this one (Beijing time): all its sessions have ended."""
	return month_of(add_days(month_bounds(month_of(getdate(today())))[0], -1))


def month_day(month: str, number: int) -> datetime.date:
	return add_days(month_bounds(month)[0], number - 1)


def write(doctype: str, values: dict):
	doc = frappe.get_doc({"doctype": doctype, **values})
	doc.name = values.get("name") or f"{doctype[3:6].upper()}-{frappe.generate_hash(length=10)}"
	doc.db_insert()
	return doc


def slot(hall: str, window: str, staff: str, day, session: str, duty_status: str, **values):
	return write(
		"GH Duty Slot",
		{
			"hall": hall,
			"window": window,
			"department": frappe.db.get_value("GH Service Window", window, "department"),
			"staff": staff,
			"duty_date": day,
			"session": session,
			"post_role": values.pop("post_role", "A"),
			"status": values.pop("status", "Active"),
			"duty_status": duty_status,
			**values,
		},
	)


def empty_window(hall: str, window: str, staff: str | None, day, session: str, status: str = "Resolved"):
	return write(
		"GH Empty Window",
		{
			"hall": hall,
			"window": window,
			"department": frappe.db.get_value("GH Service Window", window, "department"),
			"duty_date": day,
			"session": session,
			"rostered_staff": staff,
			"status": status,
		},
	)


def inspection(hall: str, window: str, staff: str, day, **values):
	"""A submitted inspection naming ``staff``."""
	return write(
		"GH Inspection",
		{
			"inspection_type": "Unannounced Visit",
			"inspector_type": "Manager",
			"inspection_date": day,
			"hall": hall,
			"subject_type": "Staff",
			"window": window,
			"staff": staff,
			"staff_name": values.pop("staff_name", None),
			"department": frappe.db.get_value("GH Service Window", window, "department"),
			"score_rate": values.pop("score_rate", 80),
			"assessment_quarter": values.pop("assessment_quarter", quarter_of(getdate(day))),
			"docstatus": 1,
			**values,
		},
	)
