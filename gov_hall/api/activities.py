"""Culture activities: create a programme's activities for a period, add the 五个一 programmes."""

import frappe

from gov_hall.activities import programmes
from gov_hall.activities.activity import ACTIVITY


@frappe.whitelist(methods=["POST"])
def create_activities(programme: str, from_date: str, to_date: str) -> int:
	"""Planned activities of a programme for the working days of [from_date, to_date]; activities
	that already exist are kept. Returns how many were created."""
	frappe.get_doc(programmes.PROGRAMME, programme).check_permission("read")
	frappe.has_permission(ACTIVITY, "create", throw=True)
	return programmes.create_activities(programme, from_date, to_date)


@frappe.whitelist(methods=["POST"])
def make_default_programmes(hall: str) -> list[str]:
	"""The five 五个一 programmes for a hall (those it already has are kept); returns the new names."""
	frappe.has_permission(programmes.PROGRAMME, "create", throw=True)
	return programmes.make_default_programmes(hall)
