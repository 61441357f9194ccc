// Copyright (c) 2026, gov_hall developers
// For license information, please see license.txt

frappe.ui.form.on("GH Service Hall", {
	setup(frm) {
		frm.set_query("parent_hall", () => ({
			filters: { name: ["!=", frm.doc.name || ""], status: "Active" },
		}));
	},
});
