// Copyright (c) 2026, gov_hall developers
// For license information, please see license.txt

frappe.ui.form.on("GH Service Matter", {
	setup(frm) {
		frm.set_query("department", () => ({ filters: { status: "Stationed" } }));
	},
	promised_time_limit(frm) {
		frm.set_value("case_kind", frm.doc.promised_time_limit === 0 ? "Instant" : "Promised");
	},
});
