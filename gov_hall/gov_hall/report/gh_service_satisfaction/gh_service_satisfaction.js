// Copyright (c) 2026, gov_hall developers
// For license information, please see license.txt

frappe.query_reports["GH Service Satisfaction"] = {
	filters: [
		gov_hall.report_filters.group_by([
			["Department", __("Department")],
			["Window", __("Service Window")],
			["Staff", __("Staff")],
			["Month", __("Month")],
		]),
		...gov_hall.report_filters.links("hall", "department", "window"),
		gov_hall.report_filters.choice("channel", __("Rating Channel"), [
			["Window Evaluator", __("Window Evaluator")],
			["Web", __("Web")],
			["SMS Link", __("SMS Link")],
			["Phone Follow-up", __("Phone Follow-up")],
		]),
		...gov_hall.report_filters.period(
			__("Rated From"),
			__("Rated To"),
			frappe.datetime.year_start().slice(0, 10)
		),
	],
};
