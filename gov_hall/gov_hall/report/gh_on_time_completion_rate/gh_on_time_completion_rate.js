// Copyright (c) 2026, gov_hall developers
// For license information, please see license.txt

frappe.query_reports["GH On-Time Completion Rate"] = {
	filters: [
		gov_hall.report_filters.group_by([
			["Department", __("Department")],
			["Window", __("Window")],
			["Matter", __("Matter")],
		]),
		...gov_hall.report_filters.links("hall", "department", "window"),
		...gov_hall.report_filters.period(
			__("Completed From"),
			__("Completed To"),
			frappe.datetime.year_start().slice(0, 10)
		),
	],
};
