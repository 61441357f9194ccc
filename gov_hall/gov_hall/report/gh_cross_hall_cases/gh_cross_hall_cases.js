// Copyright (c) 2026, gov_hall developers
// For license information, please see license.txt

frappe.query_reports["GH Cross-Hall Cases"] = {
	filters: [
		gov_hall.report_filters.group_by([
			["Receiving Hall and Matter", __("Receiving Hall and Matter")],
			["Receiving Hall", __("Receiving Hall")],
			["Matter", __("Matter")],
			["Handling Hall", __("Handling Hall")],
		]),
		{ fieldname: "hall", label: __("Receiving Hall"), fieldtype: "Link", options: "GH Service Hall" },
		{ fieldname: "handling_hall", label: __("Handling Hall"), fieldtype: "Link", options: "GH Service Hall" },
		...gov_hall.report_filters.links("department"),
		{ fieldname: "matter", label: __("Matter"), fieldtype: "Link", options: "GH Service Matter" },
		...gov_hall.report_filters.period(
			__("Received From"),
			__("Received To"),
			frappe.datetime.year_start().slice(0, 10)
		),
	],
};
