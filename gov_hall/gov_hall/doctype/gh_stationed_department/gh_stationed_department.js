// Copyright (c) 2026, gov_hall developers
// For license information, please see license.txt

frappe.ui.form.on("GH Stationed Department", {
	setup(frm) {
		frm.set_query("chief_representative", () => ({
			query: "frappe.core.doctype.user.user.user_query",
			filters: { ignore_user_type: 0 },
		}));
	},
});
