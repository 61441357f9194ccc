// Copyright (c) 2026, gov_hall developers
// For license information, please see license.txt

frappe.ui.form.on("GH Statutory Year", {
	refresh(frm) {
		const status = frm.doc.__onload && frm.doc.__onload.calendar_status;
		if (!status || !frm.doc.year) {
			frm.get_field("status_html").$wrapper.empty();
			return;
		}
		const known = status.package_knows
			? __("The holidays package already has the make-up working days of {0}.", [frm.doc.year])
			: __(
					"The holidays package does not have the make-up working days (调休) of {0} yet: enter them here from the State Council's notice.",
					[frm.doc.year]
			  );
		frm.get_field("status_html").$wrapper.html(
			`<div class="alert ${status.package_knows ? "alert-info" : "alert-warning"}">${frappe.utils.escape_html(
				known
			)}</div>`
		);
	},
	year(frm) {
		if (frm.doc.year && !frm.doc.notice_title) {
			frm.set_value("notice_title", __("State Council notice on the {0} holiday schedule", [frm.doc.year]));
		}
	},
});
