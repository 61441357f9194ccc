// Copyright (c) 2026, gov_hall developers
// For license information, please see license.txt

// 双向管理: the quarter's results sent back to the staff's own agency.
frappe.ui.form.on("GH Department Briefing", {
	setup(frm) {
		frm.set_query("run", () => ({ filters: { status: "Published", period_type: "Quarter" } }));
		frm.set_query("department", () => (frm.doc.hall ? { filters: { hall: frm.doc.hall } } : {}));
	},
	refresh(frm) {
		if (frm.is_new()) return;
		frm.add_custom_button(__("Email to Department"), () =>
			frappe
				.call({
					method: "gov_hall.api.briefings.email_briefing",
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
