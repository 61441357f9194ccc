// Copyright (c) 2026, gov_hall developers
// For license information, please see license.txt

frappe.ui.form.on("GH Hall Settings", {
	refresh(frm) {
		const warnings = (frm.doc.__onload && frm.doc.__onload.calendar_warnings) || [];
		frm.dashboard.clear_headline();
		if (warnings.length) {
			frm.dashboard.set_headline_alert(
				warnings
					.map((w) => `<div class="gh-calendar-warning">${frappe.utils.escape_html(w.message)}</div>`)
					.join(""),
				"orange"
			);
		}
		if (warnings.some((w) => w.kind === "statutory_year")) {
			frm.add_custom_button(__("Enter the Official Holiday Schedule"), () => {
				const year = warnings.find((w) => w.kind === "statutory_year").year;
				frappe.new_doc("GH Statutory Year", { year });
			});
		}
		frm.add_custom_button(__("Official Holiday Schedules"), () => frappe.set_route("List", "GH Statutory Year"));
	},
});
