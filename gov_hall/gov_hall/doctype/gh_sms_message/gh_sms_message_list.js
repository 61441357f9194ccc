// Copyright (c) 2026, gov_hall developers
// For license information, please see license.txt

frappe.listview_settings["GH SMS Message"] = {
	add_fields: ["status", "attempts"],
	get_indicator(doc) {
		const colours = {
			Queued: "blue",
			Sending: "orange",
			Sent: "green",
			Failed: "red",
			"Opted Out": "gray",
			Cancelled: "gray",
		};
		return [__(doc.status, null, "GH SMS Message"), colours[doc.status] || "gray", "status,=," + doc.status];
	},
};
