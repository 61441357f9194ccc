// Copyright (c) 2026, gov_hall developers
// For license information, please see license.txt

frappe.ui.form.on("GH Service Hall", {
	setup(frm) {
		// a village service point belongs to a township (branch) hall
		frm.set_query("parent_hall", () => ({
			filters: {
				name: ["!=", frm.doc.name || ""],
				status: "Active",
				...(frm.doc.hall_level === "Village Service Point" ? { hall_level: "Branch Hall" } : {}),
			},
		}));
	},
});
