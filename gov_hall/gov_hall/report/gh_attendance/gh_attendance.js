// Copyright (c) 2026, gov_hall developers
// For license information, please see license.txt

frappe.query_reports["GH Attendance"] = {
	filters: [
		{
			fieldname: "group_by",
			label: __("Group By"),
			fieldtype: "Select",
			options: [
				{ value: "Department", label: __("Department") },
				{ value: "Staff", label: __("Staff") },
				{ value: "Home Agency", label: __("Home Agency") },
			],
			default: "Department",
			reqd: 1,
		},
		{ fieldname: "hall", label: __("Service Hall"), fieldtype: "Link", options: "GH Service Hall" },
		{ fieldname: "department", label: __("Department"), fieldtype: "Link", options: "GH Stationed Department" },
		{ fieldname: "window", label: __("Service Window"), fieldtype: "Link", options: "GH Service Window" },
		{ fieldname: "staff", label: __("Staff"), fieldtype: "Link", options: "User" },
		{ fieldname: "home_agency", label: __("Home Agency"), fieldtype: "Link", options: "GH Home Agency" },
		{ fieldname: "from_date", label: __("From Date"), fieldtype: "Date", default: frappe.datetime.month_start() },
		{ fieldname: "to_date", label: __("To Date"), fieldtype: "Date", default: frappe.datetime.get_today() },
	],
};
