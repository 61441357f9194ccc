"""Who a rating, complaint or inspection is about: hall, department, window and staff, filled from
the case, the staff record or the window so that reports group them the same way."""

import frappe
from frappe import _


def case_subject(case_name: str) -> frappe._dict:
	case = frappe.db.get_value(
		"GH Case",
		case_name,
		[
			"name",
			"hall",
			"department",
			"window",
			"handler",
			"first_responder",
			"matter",
			"status",
			"mobile",
			"applicant_name",
		],
		as_dict=True,
	)
	if not case:
		frappe.throw(_("Case {0} does not exist.").format(case_name), frappe.DoesNotExistError)
	# the person who handled the case answers for it; before a handler, whoever received it
	case.staff = case.handler or case.first_responder
	return case


def window_subject(window: str) -> frappe._dict:
	row = frappe.db.get_value(
		"GH Service Window", window, ["name", "hall", "department", "status"], as_dict=True
	)
	if not row:
		frappe.throw(_("Service window {0} does not exist.").format(window), frappe.DoesNotExistError)
	return row


def staff_subject(user: str) -> frappe._dict | None:
	"""The staff record of a window staff member (named by user), or None for someone who is not one."""
	return frappe.db.get_value(
		"GH Window Staff", user, ["name", "full_name", "hall", "department", "window", "status"], as_dict=True
	)


def fill_from_window(doc, window: str) -> None:
	row = window_subject(window)
	doc.hall = row.hall
	doc.department = row.department


def fill_from_staff(doc, user: str) -> None:
	"""Department, window and hall of a staff member; keeps a window already chosen."""
	staff = staff_subject(user)
	if not staff:
		frappe.throw(
			_("{0} is not a window staff member of the hall.").format(user), title=_("Invalid Input")
		)
	doc.department = staff.department
	doc.window = doc.window or staff.window
	doc.hall = staff.hall or doc.hall
