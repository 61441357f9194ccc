// Copyright (c) 2026, gov_hall developers
// For license information, please see license.txt

frappe.ui.form.on("GH Queue Device", {
	refresh(frm) {
		if (frm.is_new()) {
			return;
		}
		frm.add_custom_button(__("Renew Token"), () => {
			frappe.confirm(
				__("The device's current pairing stops working. Renew the token?"),
				() => {
					frm.call("renew_token").then((r) => {
						frm.reload_doc();
						frappe.msgprint({
							title: __("Pairing Link"),
							message: __("Open this link once on the device to pair it:") +
								`<br><code>${frappe.utils.escape_html(r.message)}</code>`,
						});
					});
				}
			);
		});
	},
});
