// Copyright (c) 2026, gov_hall developers
// For license information, please see license.txt

frappe.query_reports["GH Empty Windows"] = {
	filters: [
		{
			fieldname: "group_by",
			label: __("Group By"),
			fieldtype: "Select",
			options: [
				{ value: "Department", label: __("Department") },
				{ value: "Window", label: __("Service Window") },
				{ value: "Hour", label: __("Hour Detected") },
			],
			default: "Department",
			reqd: 1,
		},
		{ fieldname: "hall", label: __("Service Hall"), fieldtype: "Link", options: "GH Service Hall" },
		{ fieldname: "department", label: __("Department"), fieldtype: "Link", options: "GH Stationed Department" },
		{ fieldname: "window", label: __("Service Window"), fieldtype: "Link", options: "GH Service Window" },
		{
			fieldname: "session",
			label: __("Session"),
			fieldtype: "Select",
			options: [
				{ value: "", label: __("All") },
				{ value: "Morning", label: __("Morning") },
				{ value: "Afternoon", label: __("Afternoon") },
				{ value: "Off-Hours", label: __("Off-Hours") },
			],
		},
		{ fieldname: "from_date", label: __("From Date"), fieldtype: "Date", default: frappe.datetime.month_start() },
		{ fieldname: "to_date", label: __("To Date"), fieldtype: "Date", default: frappe.datetime.get_today() },
	],
};
