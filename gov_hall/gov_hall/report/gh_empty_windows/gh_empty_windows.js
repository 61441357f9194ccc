// Copyright (c) 2026, gov_hall developers
// For license information, please see license.txt

frappe.query_reports["GH Empty Windows"] = {
	filters: [
		gov_hall.report_filters.group_by([
			["Department", __("Department")],
			["Window", __("Service Window")],
			["Hour", __("Hour Detected")],
		]),
		...gov_hall.report_filters.links("hall", "department", "window"),
		gov_hall.report_filters.choice("session", __("Session"), [
			["Morning", __("Morning")],
			["Afternoon", __("Afternoon")],
			["Off-Hours", __("Off-Hours")],
		]),
		...gov_hall.report_filters.period(__("From Date"), __("To Date"), frappe.datetime.month_start()),
	],
};
