// Copyright (c) 2026, gov_hall developers
// For license information, please see license.txt

frappe.query_reports["GH Inspection Scores"] = {
	filters: [
		{
			fieldname: "group_by",
			label: __("Group By"),
			fieldtype: "Select",
			options: [
				{ value: "Window", label: __("Service Window") },
				{ value: "Staff", label: __("Staff") },
			],
			default: "Window",
			reqd: 1,
		},
		{ fieldname: "hall", label: __("Service Hall"), fieldtype: "Link", options: "GH Service Hall" },
		{ fieldname: "department", label: __("Department"), fieldtype: "Link", options: "GH Stationed Department" },
		{ fieldname: "window", label: __("Service Window"), fieldtype: "Link", options: "GH Service Window" },
		{
			fieldname: "inspection_type",
			label: __("Inspection Type"),
			fieldtype: "Select",
			options: [
				{ value: "", label: __("All") },
				{ value: "Open Inspection", label: __("Open Inspection") },
				{ value: "Unannounced Visit", label: __("Unannounced Visit") },
			],
		},
		{ fieldname: "from_date", label: __("Inspected From"), fieldtype: "Date", default: frappe.datetime.year_start().slice(0, 10) },
		{ fieldname: "to_date", label: __("Inspected To"), fieldtype: "Date", default: frappe.datetime.get_today() },
		{ fieldname: "by_norm", label: __("By Norm"), fieldtype: "Check", default: 0 },
	],
};
