// Copyright (c) 2026, gov_hall developers
// For license information, please see license.txt

frappe.ui.form.on("GH Brand Score Sheet", {
	onload(frm) {
		// a new sheet starts with the active criteria (gov_hall.brands.reviews.criteria_rows)
		if (!frm.is_new() || (frm.doc.scores || []).length) return;
		frappe.call("gov_hall.brands.reviews.criteria_rows").then((r) => {
			(r.message || []).forEach((row) => frm.add_child("scores", row));
			frm.refresh_field("scores");
		});
	},
	refresh(frm) {
		frm.set_query("review", () => ({ filters: { docstatus: 0 } }));
	},
});
