// Copyright (c) 2026, gov_hall developers
// For license information, please see license.txt

// Make the month's briefings to every home agency, or email all of them at once (managers).
function gh_last_month() {
	const day = frappe.datetime.add_months(frappe.datetime.get_today(), -1);
	return day.slice(0, 7);
}

function gh_ask_month(title, action) {
	frappe.prompt(
		[
			{
				fieldname: "month",
				fieldtype: "Data",
				label: __("Month"),
				description: __("For example 2026-11"),
				default: gh_last_month(),
				reqd: 1,
			},
		],
		(values) => action(values.month),
		title,
		__("Go")
	);
}

frappe.listview_settings["GH Agency Briefing"] = {
	onload(listview) {
		if (!frappe.model.can_create("GH Agency Briefing")) return;
		listview.page.add_inner_button(__("Make Agency Briefings"), () =>
			gh_ask_month(__("Make Agency Briefings"), (month) =>
				frappe
					.call({
						method: "gov_hall.api.briefings.make_agency_briefings",
						args: { month },
						freeze: true,
						freeze_message: __("Preparing the briefings..."),
					})
					.then((r) => {
						frappe.show_alert({ message: r.message.message, indicator: "green" });
						listview.refresh();
					})
			)
		);
		listview.page.add_inner_button(__("Email All"), () =>
			gh_ask_month(__("Email All"), (month) =>
				frappe
					.call({
						method: "gov_hall.api.briefings.email_agency_briefings",
						args: { month },
						freeze: true,
						freeze_message: __("Preparing the briefings..."),
					})
					.then((r) => {
						frappe.msgprint(r.message.message);
						listview.refresh();
					})
			)
		);
	},
};
