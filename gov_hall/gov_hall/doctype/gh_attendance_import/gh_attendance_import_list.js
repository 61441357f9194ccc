// Copyright (c) 2026, gov_hall developers
// For license information, please see license.txt

frappe.listview_settings["GH Attendance Import"] = {
	get_indicator(doc) {
		const colours = { Draft: "gray", Previewed: "blue", Imported: "green", Failed: "red" };
		return [__(doc.status), colours[doc.status] || "gray", `status,=,${doc.status}`];
	},
};
