// Copyright (c) 2026, gov_hall developers
// For license information, please see license.txt

frappe.ui.form.on("GH Window Staff", {
	setup(frm) {
		frm.set_query("window", () => ({
			filters: { status: "Active" },
		}));
		frm.set_query("user", () => ({
			filters: { user_type: "System User", enabled: 1 },
		}));
	},
	department(frm) {
		if (frm.doc.window) {
			frm.set_value("window", null);
		}
	},
});
