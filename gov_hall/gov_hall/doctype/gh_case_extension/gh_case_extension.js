// Copyright (c) 2026, gov_hall developers
// For license information, please see license.txt

frappe.ui.form.on("GH Case Extension", {
	refresh(frm) {
		const deciding = frappe.user.has_role(["Hall Manager", "Hall Administrator"]);
		frm.set_df_property("status", "read_only", !deciding || frm.doc.status !== "Pending");
	},
});
