// Copyright (c) 2026, gov_hall developers
// For license information, please see license.txt

frappe.listview_settings["GH Activity Programme"] = {
	onload(listview) {
		if (!frappe.model.can_create("GH Activity Programme")) return;
		listview.page.add_inner_button(__("Add the Five Default Programmes"), () =>
			frappe.prompt(
				[
					{
						fieldname: "hall",
						label: __("Service Hall"),
						fieldtype: "Link",
						options: "GH Service Hall",
						reqd: 1,
					},
				],
				(values) =>
					frappe
						.call({ method: "gov_hall.api.activities.make_default_programmes", args: values })
						.then((r) => {
							frappe.show_alert({
								message: __("{0} programmes added.", [(r.message || []).length]),
								indicator: "green",
							});
							listview.refresh();
						}),
				__("Add the Five Default Programmes"),
				__("Add")
			)
		);
	},
};
