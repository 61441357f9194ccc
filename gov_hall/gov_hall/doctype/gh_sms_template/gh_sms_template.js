// Copyright (c) 2026, gov_hall developers
// For license information, please see license.txt

frappe.ui.form.on("GH SMS Template", {
	refresh(frm) {
		if (frm.doc.sample_length > 70) {
			frm.dashboard.set_headline(
				__("The sample text has {0} characters: it goes out as a long SMS of several parts.", [
					frm.doc.sample_length,
				])
			);
		}
	},
});
