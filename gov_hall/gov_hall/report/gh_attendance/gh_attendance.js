// Copyright (c) 2026, gov_hall developers
// For license information, please see license.txt

frappe.query_reports["GH Attendance"] = {
	filters: [
		gov_hall.report_filters.group_by([
			["Department", __("Department")],
			["Staff", __("Staff")],
			["Home Agency", __("Home Agency")],
		]),
		...gov_hall.report_filters.links("hall", "department", "window", "staff", "home_agency"),
		...gov_hall.report_filters.period(__("From Date"), __("To Date"), frappe.datetime.month_start()),
	],
};
