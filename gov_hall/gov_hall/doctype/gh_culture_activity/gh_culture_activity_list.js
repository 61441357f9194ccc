// Copyright (c) 2026, gov_hall developers
// For license information, please see license.txt

frappe.listview_settings["GH Culture Activity"] = {
	add_fields: ["status", "starts_on"],
	get_indicator(doc) {
		const colors = { Planned: "blue", Held: "green", Cancelled: "gray" };
		return [__(doc.status), colors[doc.status] || "gray", "status,=," + doc.status];
	},
};
