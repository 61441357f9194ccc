// Copyright (c) 2026, gov_hall developers
// For license information, please see license.txt

frappe.ui.form.on("GH Commitment", {
	refresh(frm) {
		if (frm.doc.docstatus === 1 && frm.doc.status === "Active") {
			frm.add_custom_button(__("New Version"), () => {
				frappe
					.call({
						method: "gov_hall.api.commitments.new_version",
						args: { name: frm.doc.name },
						freeze: true,
					})
					.then((r) => r.message && frappe.set_route("Form", "GH Commitment", r.message));
			});
		}
	},
});
