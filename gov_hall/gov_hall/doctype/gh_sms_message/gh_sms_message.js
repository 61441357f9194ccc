// Copyright (c) 2026, gov_hall developers
// For license information, please see license.txt

frappe.ui.form.on("GH SMS Message", {
	refresh(frm) {
		const manager = frappe.user.has_role(["Hall Manager", "Hall Administrator", "System Manager"]);
		if (!manager) return;
		const act = (method, label) =>
			frm.add_custom_button(label, () =>
				frappe
					.call({ method, args: { name: frm.doc.name }, freeze: true })
					.then(() => frm.reload_doc())
			);
		if (frm.doc.status === "Failed") {
			act("gov_hall.sms.messages.retry_message", __("Send Again Now"));
		}
		if (["Queued", "Failed"].includes(frm.doc.status)) {
			act("gov_hall.sms.messages.cancel_message", __("Cancel Message"));
		}
	},
});
