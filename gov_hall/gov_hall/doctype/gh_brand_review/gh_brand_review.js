// Copyright (c) 2026, gov_hall developers
// For license information, please see license.txt

frappe.ui.form.on("GH Brand Review", {
	setup(frm) {
		// a naming review is held for a brand under review, an annual review for a named or warned one
		frm.set_query("brand", () => ({
			filters: {
				status: ["in", frm.doc.review_type === "Annual Review" ? ["Named", "Warned"] : ["Under Review"]],
			},
		}));
	},
	refresh(frm) {
		if (frm.doc.docstatus === 0 && !frm.is_new()) {
			frm.add_custom_button(__("Score Sheets"), () =>
				frappe.set_route("List", "GH Brand Score Sheet", { review: frm.doc.name })
			);
		}
	},
});
