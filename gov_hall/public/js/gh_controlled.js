// Copyright (c) 2026, gov_hall developers
// For license information, please see license.txt

// "Change with Reason": a hall manager changes a controlled figure (a time limit, a due date, a
// verification result, deduction points) with the reason, which goes to the GH Override Log
// (gov_hall.access.controlled.change_with_reason). Everyone else sees no button.
(function () {
	const doctypes = ["GH Case", "GH Complaint", "GH Rectification"];
	doctypes.forEach((doctype) => {
		frappe.ui.form.on(doctype, {
			refresh(frm) {
				if (frm.is_new() || !frappe.user.has_role(["Hall Manager", "Hall Administrator", "System Manager"])) {
					return;
				}
				frappe.xcall("gov_hall.access.controlled.overridable_fields", { doctype }).then((fields) => {
					if (!fields || !fields.length) {
						return;
					}
					frm.add_custom_button(__("Change with Reason"), () => gh_change_with_reason(frm, fields));
				});
			},
		});
	});

	function gh_change_with_reason(frm, fields) {
		const dialog = new frappe.ui.Dialog({
			title: __("Change with Reason"),
			fields: [
				{
					fieldname: "fieldname",
					label: __("Field"),
					fieldtype: "Select",
					reqd: 1,
					options: fields.map((f) => ({ value: f.fieldname, label: f.label })),
				},
				{ fieldname: "value", label: __("New Value"), fieldtype: "Data", reqd: 1 },
				{ fieldname: "reason", label: __("Reason"), fieldtype: "Small Text", reqd: 1 },
			],
			primary_action_label: __("Change"),
			primary_action(values) {
				frappe
					.xcall("gov_hall.access.controlled.change_with_reason", {
						doctype: frm.doctype,
						name: frm.doc.name,
						fieldname: values.fieldname,
						value: values.value,
						reason: values.reason,
					})
					.then(() => {
						dialog.hide();
						frm.reload_doc();
					});
			},
		});
		dialog.show();
	}
})();
