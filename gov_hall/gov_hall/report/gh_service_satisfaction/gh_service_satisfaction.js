// Copyright (c) 2026, gov_hall developers
// For license information, please see license.txt

frappe.query_reports["GH Service Satisfaction"] = {
	filters: [
		{
			fieldname: "group_by",
			label: __("Group By"),
			fieldtype: "Select",
			options: [
				{ value: "Department", label: __("Department") },
				{ value: "Window", label: __("Service Window") },
				{ value: "Staff", label: __("Staff") },
				{ value: "Month", label: __("Month") },
			],
			default: "Department",
			reqd: 1,
		},
		{ fieldname: "hall", label: __("Service Hall"), fieldtype: "Link", options: "GH Service Hall" },
		{ fieldname: "department", label: __("Department"), fieldtype: "Link", options: "GH Stationed Department" },
		{ fieldname: "window", label: __("Service Window"), fieldtype: "Link", options: "GH Service Window" },
		{
			fieldname: "channel",
			label: __("Rating Channel"),
			fieldtype: "Select",
			options: [
				{ value: "", label: __("All") },
				{ value: "Window Evaluator", label: __("Window Evaluator") },
				{ value: "Web", label: __("Web") },
				{ value: "SMS Link", label: __("SMS Link") },
				{ value: "Phone Follow-up", label: __("Phone Follow-up") },
			],
		},
		{ fieldname: "from_date", label: __("Rated From"), fieldtype: "Date", default: frappe.datetime.year_start().slice(0, 10) },
		{ fieldname: "to_date", label: __("Rated To"), fieldtype: "Date", default: frappe.datetime.get_today() },
	],
};
