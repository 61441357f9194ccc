// Copyright (c) 2026, gov_hall developers
// For license information, please see license.txt

frappe.ui.form.on("GH Service Brand", {
	refresh(frm) {
		frm.set_query("window", () => ({ filters: { department: frm.doc.department } }));
		if (!frm.is_new()) {
			frm.add_custom_button(__("Reviews"), () =>
				frappe.set_route("List", "GH Brand Review", { brand: frm.doc.name })
			);
		}
	},
});
