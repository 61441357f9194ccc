"""Duty records for the on-site duty reports' tests (考勤统计, 空岗统计, 请休假余额), written as they
stand once their day is over: every status, time and figure given by the test, so that the expected
numbers can be counted by hand.

The rows are written straight to the tables (as the demo's bulk rows are) rather than through the
clock, the roster and the leave workflow, which stamp the current time and derive the figures: a
report's test needs sessions of past days with chosen outcomes.
"""

import frappe
from frappe.utils import getdate


def insert_row(doctype: str, values: dict, docstatus: int = 0) -> str:
	doc = frappe.get_doc({"doctype": doctype, **values})
	doc.name = values.get("name") or frappe.generate_hash(length=12)
	doc.docstatus = docstatus
	doc.db_insert()
	return doc.name


def make_agency(name: str) -> str:
	if not frappe.db.exists("GH Home Agency", name):
		frappe.get_doc({"doctype": "GH Home Agency", "agency_name": name, "status": "Active"}).insert()
	return name


def set_agency(staff: str, agency: str | None) -> None:
	frappe.db.set_value("GH Window Staff", {"user": staff}, "home_agency", agency)


def make_slot(
	hall: str,
	department: str,
	window: str,
	staff: str,
	day,
	session: str,
	duty_status: str = "Present",
	post_role: str = "A",
	home_agency: str | None = None,
	status: str = "Active",
	staff_name: str | None = None,
	leave_request: str | None = None,
) -> str:
	return insert_row(
		"GH Duty Slot",
		{
			"hall": hall,
			"department": department,
			"window": window,
			"staff": staff,
			"staff_name": staff_name or frappe.db.get_value("User", staff, "full_name"),
			"home_agency": home_agency,
			"duty_date": getdate(day),
			"session": session,
			"post_role": post_role,
			"status": status,
			"duty_status": duty_status,
			"leave_request": leave_request,
		},
	)


def make_empty_window(
	hall: str,
	department: str,
	window: str,
	day,
	session: str = "Morning",
	hour: int = 9,
	minutes: int = 0,
	status: str = "Resolved",
	rostered_staff: str | None = None,
) -> str:
	day = getdate(day)
	return insert_row(
		"GH Empty Window",
		{
			"name": frappe.generate_hash(length=12),
			"hall": hall,
			"department": department,
			"window": window,
			"duty_date": day,
			"session": session,
			"detected_on": f"{day} {hour:02d}:10:00",
			"detected_hour": hour,
			"rostered_staff": rostered_staff,
			"empty_minutes": minutes,
			"status": status,
			"excuse_reason": "系统故障，经核实免责。" if status == "Excused" else None,
		},
	)


def make_left_post(hall: str, department: str, window: str, staff: str, day, submitted: bool = True) -> str:
	"""An inspection that found ``staff`` away from the post (窜岗/离岗)."""
	return insert_row(
		"GH Inspection",
		{
			"inspection_type": "Unannounced Visit",
			"inspection_date": getdate(day),
			"inspector_type": "Manager",
			"inspector": "Administrator",
			"hall": hall,
			"subject_type": "Staff",
			"window": window,
			"staff": staff,
			"department": department,
			"left_post": 1,
			"findings": "巡查时该工作人员不在岗。",
		},
		docstatus=1 if submitted else 0,
	)


def make_leave(
	hall: str,
	department: str,
	staff: str,
	leave_type: str,
	from_date,
	to_date,
	days: float,
	status: str = "Approved",
	from_session: str = "Morning",
	to_session: str = "Afternoon",
	returned_on=None,
) -> str:
	return insert_row(
		"GH Leave Request",
		{
			"name": frappe.generate_hash(length=12),
			"hall": hall,
			"department": department,
			"staff": staff,
			"leave_type": leave_type,
			"from_date": getdate(from_date),
			"from_session": from_session,
			"to_date": getdate(to_date),
			"to_session": to_session,
			"sessions": int(days * 2),
			"days": days,
			"status": status,
			"reason": "测试",
			"returned_on": returned_on,
		},
	)
