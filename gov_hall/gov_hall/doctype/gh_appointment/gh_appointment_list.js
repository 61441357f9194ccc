// Copyright (c) 2026, gov_hall developers
// For license information, please see license.txt

frappe.listview_settings["GH Appointment"] = {
	add_fields: ["status", "is_off_hours"],
	get_indicator(doc) {
		const colors = { Booked: "blue", Arrived: "green", Cancelled: "gray", "No Show": "red" };
		return [__(doc.status), colors[doc.status] || "gray", "status,=," + doc.status];
	},
};
