// Copyright (c) 2026, gov_hall developers
// For license information, please see license.txt

frappe.listview_settings["GH SMS Opt-Out"] = {
	onload(listview) {
		if (!frappe.user.has_role(["Hall Manager", "Hall Administrator", "System Manager"])) return;
		listview.page.add_inner_button(__("Opt Out a Mobile"), () => {
			frappe.prompt(
				[{ fieldname: "mobile", fieldtype: "Data", label: __("Mobile"), reqd: 1 }],
				(values) =>
					frappe
						.call({
							method: "gov_hall.sms.optout.record_opt_out",
							args: { mobile: values.mobile },
						})
						.then((r) => {
							frappe.show_alert({ message: r.message.message, indicator: "green" });
							listview.refresh();
						}),
				__("Opt Out a Mobile"),
				__("Opt Out")
			);
		});
	},
};
