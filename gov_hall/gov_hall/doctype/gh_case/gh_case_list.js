// Copyright (c) 2026, gov_hall developers
// For license information, please see license.txt

frappe.listview_settings["GH Case"] = {
	add_fields: ["status", "card_level", "is_paused"],
	has_indicator_for_draft: 1,
	get_indicator(doc) {
		if (doc.card_level === "Red" && !["Completed", "Rejected", "Withdrawn", "Cancelled"].includes(doc.status)) {
			return [__("Red"), "red", "card_level,=,Red"];
		}
		if (doc.card_level === "Yellow" && ["Received", "Accepted", "In Process"].includes(doc.status)) {
			return [__("Yellow"), "yellow", "card_level,=,Yellow"];
		}
		const colors = {
			Received: "blue",
			"Supplement Required": "orange",
			Accepted: "purple",
			"In Process": "purple",
			Completed: "green",
			Rejected: "red",
			Withdrawn: "gray",
			Cancelled: "gray",
		};
		return [__(doc.status), colors[doc.status] || "gray", "status,=," + doc.status];
	},
};
