// Copyright (c) 2026, gov_hall developers
// For license information, please see license.txt

frappe.query_reports["GH Near-Home Share"] = {
	filters: [
		gov_hall.report_filters.group_by([
			["Matter", __("Matter")],
			["Receiving Hall", __("Receiving Hall")],
		]),
		{ fieldname: "county", label: __("County Hall"), fieldtype: "Link", options: "GH Service Hall" },
		{ fieldname: "hall", label: __("Receiving Hall"), fieldtype: "Link", options: "GH Service Hall" },
		...gov_hall.report_filters.links("department"),
		{ fieldname: "matter", label: __("Matter"), fieldtype: "Link", options: "GH Service Matter" },
		gov_hall.report_filters.choice("handling_level", __("Handling Level"), [
			["County Only", __("County Only")],
			["County–Township", __("County–Township")],
			["County-Wide", __("County-Wide")],
		]),
		...gov_hall.report_filters.period(
			__("Received From"),
			__("Received To"),
			frappe.datetime.year_start().slice(0, 10)
		),
	],
};
