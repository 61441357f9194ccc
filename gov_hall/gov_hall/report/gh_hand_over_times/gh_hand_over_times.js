// Copyright (c) 2026, gov_hall developers
// For license information, please see license.txt

frappe.query_reports["GH Hand-over Times"] = {
	filters: [
		gov_hall.report_filters.group_by([
			["Step", __("Step")],
			["Receiving Hall", __("Receiving Hall")],
			["Department", __("Department")],
			["Handling Hall", __("Handling Hall")],
		]),
		{ fieldname: "hall", label: __("Receiving Hall"), fieldtype: "Link", options: "GH Service Hall" },
		{ fieldname: "handling_hall", label: __("Handling Hall"), fieldtype: "Link", options: "GH Service Hall" },
		...gov_hall.report_filters.links("department"),
		{ fieldname: "matter", label: __("Matter"), fieldtype: "Link", options: "GH Service Matter" },
		...gov_hall.report_filters.period(
			__("Step Ended From"),
			__("Step Ended To"),
			frappe.datetime.month_start()
		),
	],
};
