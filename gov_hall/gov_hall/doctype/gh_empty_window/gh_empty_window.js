// Copyright (c) 2026, gov_hall developers
// For license information, please see license.txt

// 空岗记录: written by the empty-window job; a hall manager may excuse one with a reason.
frappe.ui.form.on("GH Empty Window", {
	refresh(frm) {
		const managers = ["Hall Manager", "Hall Administrator", "System Manager"];
		const is_manager = managers.some((role) => frappe.user.has_role(role));
		if (!is_manager || frm.doc.status === "Excused") return;
		frm.add_custom_button(__("Excuse"), () => {
			frappe.prompt(
				{
					fieldname: "reason",
					fieldtype: "Small Text",
					label: __("Excuse Reason"),
					reqd: 1,
				},
				(values) =>
					frappe
						.call({
							method: "gov_hall.api.duty_alerts.excuse_empty_window",
							args: { name: frm.doc.name, reason: values.reason },
							freeze: true,
						})
						.then(() => frm.reload_doc()),
				__("Excuse Empty Window"),
				__("Excuse")
			);
		});
	},
});
