"""The benchmarks' scratch halls: a hall, its departments and its windows, made once through the
app's own inserts (so their numbering, ticket prefixes and card codes are the app's) and looked up
on later runs."""

from __future__ import annotations

import frappe


def ensure_hall(name: str, code: str, **hours) -> None:
	"""A city hall ``name`` with code ``code``, opening 09:00 to 17:30 unless ``hours`` say otherwise."""
	if frappe.db.exists("GH Service Hall", name):
		return
	frappe.get_doc(
		{
			"doctype": "GH Service Hall",
			"hall_name": name,
			"hall_code": code,
			"hall_level": "City Hall",
			"opening_time": "09:00:00",
			"closing_time": "17:30:00",
			**hours,
		}
	).insert(ignore_permissions=True)


def ensure_department(hall: str, name: str, short_name: str, stationed_from: str) -> str:
	if not frappe.db.exists("GH Stationed Department", name):
		frappe.get_doc(
			{
				"doctype": "GH Stationed Department",
				"department_name": name,
				"short_name": short_name,
				"department_type": "Approval Body",
				"hall": hall,
				"stationed_from": stationed_from,
			}
		).insert(ignore_permissions=True)
	return name


def ensure_window(hall: str, number: int, department: str) -> None:
	"""Window ``number`` (三位, e.g. 007) of the hall, a professional window of ``department``."""
	if frappe.db.exists("GH Service Window", {"hall": hall, "window_number": f"{number:03d}"}):
		return
	frappe.get_doc(
		{
			"doctype": "GH Service Window",
			"window_number": f"{number:03d}",
			"window_name": f"{number}号窗口",
			"window_type": "Professional",
			"hall": hall,
			"department": department,
		}
	).insert(ignore_permissions=True)
