"""Issue 13, personal data: bookings get the masked copy of their resident ID that the forms and
lists now show (the full number is read by managers only), and cases leave Frappe's global search,
which checks no record's permission."""

import frappe
from frappe.query_builder import DocType

from gov_hall.rules.identifiers import mask_resident_id


def execute():
	Appointment = DocType("GH Appointment")
	rows = (
		frappe.qb.from_(Appointment)
		.select(Appointment.name, Appointment.id_number)
		.where(Appointment.id_number.isnotnull() & (Appointment.id_number != ""))
		.where(Appointment.id_number_masked.isnull() | (Appointment.id_number_masked == ""))
		.run(as_dict=True)
	)
	for row in rows:
		frappe.db.set_value(
			"GH Appointment",
			row.name,
			"id_number_masked",
			mask_resident_id(row.id_number),
			update_modified=False,
		)
	frappe.db.delete("__global_search", {"doctype": "GH Case"})
