// Copyright (c) 2026, gov_hall developers
// For license information, please see license.txt

frappe.ui.form.on("GH Service Window", {
	setup(frm) {
		frm.set_query("department", () => ({ filters: { status: "Stationed" } }));
	},
	refresh(frm) {
		frm.toggle_display("served_departments", frm.doc.window_type === "Comprehensive");
	},
	window_type(frm) {
		frm.toggle_display("served_departments", frm.doc.window_type === "Comprehensive");
	},
});
