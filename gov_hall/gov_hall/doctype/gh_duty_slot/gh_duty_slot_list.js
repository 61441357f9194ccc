// Copyright (c) 2026, gov_hall developers
// For license information, please see license.txt
// 值班表: "Generate Roster" for a chief representative (their department) or a hall manager
// (gov_hall.api.duty.generate_roster), today and later only.
frappe.listview_settings["GH Duty Slot"] = {
	add_fields: ["duty_status", "status", "session"],
	get_indicator(doc) {
		if (doc.status === "Cancelled") return [__("Cancelled"), "gray", "status,=,Cancelled"];
		const colours = {
			Scheduled: "blue",
			Present: "green",
			Late: "orange",
			"Early Leave": "orange",
			"Late and Early Leave": "red",
			Absent: "red",
			"On Leave": "purple",
		};
		return [
			__(doc.duty_status || "Scheduled"),
			colours[doc.duty_status] || "blue",
			`duty_status,=,${doc.duty_status || "Scheduled"}`,
		];
	},
	onload(listview) {
		const managers = ["System Manager", "Hall Administrator", "Hall Manager"];
		const allowed =
			managers.some((role) => frappe.user.has_role(role)) ||
			frappe.user.has_role("Chief Representative");
		if (!allowed) return;
		listview.page.add_inner_button(__("Generate Roster"), () => {
			const dialog = new frappe.ui.Dialog({
				title: __("Generate Roster"),
				fields: [
					{
						fieldname: "hall",
						fieldtype: "Link",
						options: "GH Service Hall",
						label: __("Service Hall"),
						reqd: 1,
					},
					{
						fieldname: "department",
						fieldtype: "Link",
						options: "GH Stationed Department",
						label: __("Department"),
						description: __("Chief representatives generate their own department's roster"),
						get_query: () => ({ filters: { hall: dialog.get_value("hall") || "" } }),
					},
					{ fieldtype: "Column Break" },
					{
						fieldname: "from_date",
						fieldtype: "Date",
						label: __("From Date"),
						reqd: 1,
						default: frappe.datetime.get_today(),
					},
					{
						fieldname: "to_date",
						fieldtype: "Date",
						label: __("To Date"),
						reqd: 1,
						default: frappe.datetime.add_days(frappe.datetime.get_today(), 6),
					},
				],
				primary_action_label: __("Generate"),
				primary_action(values) {
					frappe
						.call({
							method: "gov_hall.api.duty.generate_roster",
							args: values,
							freeze: true,
						})
						.then((r) => {
							if (!r.message) return;
							dialog.hide();
							let message = __("{0} slots added, {1} already on the roster.", [
								r.message.created,
								r.message.existing,
							]);
							if (r.message.unstaffed.length) {
								message +=
									"<br>" +
									__("Windows with nobody to roster: {0}", [
										r.message.unstaffed.map(frappe.utils.escape_html).join("、"),
									]);
							}
							frappe.msgprint({ title: __("Generate Roster"), message, indicator: "green" });
							listview.refresh();
						});
				},
			});
			dialog.show();
		});
	},
};
