// Copyright (c) 2026, gov_hall developers
// For license information, please see license.txt

frappe.query_reports["GH Queue Wait Times"] = {
	filters: [
		gov_hall.report_filters.group_by([
			["Department", __("Department")],
			["Window", __("Service Window")],
			["Staff", __("Staff")],
			["Hour", __("Hour of Arrival")],
		]),
		...gov_hall.report_filters.links("hall", "department", "window", "staff"),
		gov_hall.report_filters.choice("source", __("Ticket Source"), [
			["Kiosk", __("Kiosk")],
			["Appointment", __("Appointment")],
			["Desk", __("Desk")],
		]),
		...gov_hall.report_filters.period(
			__("From Date"),
			__("To Date"),
			frappe.datetime.add_days(frappe.datetime.get_today(), -29)
		),
	],
};
