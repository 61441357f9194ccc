// Copyright (c) 2026, gov_hall developers
// For license information, please see license.txt

// 请销假: the workflow's actions (Request, Propose Cover, Approve, Reject, Withdraw, Report Return,
// Cancel) come from "GH Leave Workflow"; the server checks who may take each one.
frappe.ui.form.on("GH Leave Request", {
	refresh(frm) {
		if (frm.doc.status === "Approved" && frm.doc.agency_informed_to) {
			frm.dashboard.set_headline(
				__("Home agency informed at {0} on {1}.", [
					frappe.utils.escape_html(frm.doc.agency_informed_to),
					frappe.datetime.str_to_user(frm.doc.agency_informed_on),
				])
			);
		}
	},
});
