// Copyright (c) 2026, gov_hall developers
// For license information, please see license.txt

// 派出单位月度通报: the month's duty and results of an agency's staff, sent to the agency.
frappe.ui.form.on("GH Agency Briefing", {
	refresh(frm) {
		if (frm.is_new()) return;
		frm.add_custom_button(__("Email to Agency"), () =>
			frappe
				.call({
					method: "gov_hall.api.briefings.email_agency_briefing",
					args: { briefing: frm.doc.name },
					freeze: true,
					freeze_message: __("Preparing the briefing..."),
				})
				.then((r) => {
					frappe.show_alert({ message: r.message, indicator: "green" });
					frm.reload_doc();
				})
		);
	},
});
