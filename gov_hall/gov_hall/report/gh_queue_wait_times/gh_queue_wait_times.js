// Copyright (c) 2026, gov_hall developers
// For license information, please see license.txt

frappe.query_reports["GH Queue Wait Times"] = {
	filters: [
		{
			fieldname: "group_by",
			label: __("Group By"),
			fieldtype: "Select",
			options: [
				{ value: "Department", label: __("Department") },
				{ value: "Window", label: __("Service Window") },
				{ value: "Staff", label: __("Staff") },
				{ value: "Hour", label: __("Hour of Arrival") },
			],
			default: "Department",
			reqd: 1,
		},
		{ fieldname: "hall", label: __("Service Hall"), fieldtype: "Link", options: "GH Service Hall" },
		{ fieldname: "department", label: __("Department"), fieldtype: "Link", options: "GH Stationed Department" },
		{ fieldname: "window", label: __("Service Window"), fieldtype: "Link", options: "GH Service Window" },
		{ fieldname: "staff", label: __("Staff"), fieldtype: "Link", options: "User" },
		{
			fieldname: "source",
			label: __("Ticket Source"),
			fieldtype: "Select",
			options: [
				{ value: "", label: __("All") },
				{ value: "Kiosk", label: __("Kiosk") },
				{ value: "Appointment", label: __("Appointment") },
				{ value: "Desk", label: __("Desk") },
			],
		},
		{ fieldname: "from_date", label: __("From Date"), fieldtype: "Date", default: frappe.datetime.add_days(frappe.datetime.get_today(), -29) },
		{ fieldname: "to_date", label: __("To Date"), fieldtype: "Date", default: frappe.datetime.get_today() },
	],
};
