// Copyright (c) 2026, gov_hall developers
// For license information, please see license.txt

frappe.query_reports["GH Service Brands"] = {
	filters: [
		{ fieldname: "hall", label: __("Service Hall"), fieldtype: "Link", options: "GH Service Hall" },
		{ fieldname: "department", label: __("Department"), fieldtype: "Link", options: "GH Stationed Department" },
		{
			fieldname: "status",
			label: __("Status"),
			fieldtype: "Select",
			options: [
				{ value: "", label: __("All") },
				{ value: "Named", label: __("Named") },
				{ value: "Warned", label: __("Warned") },
				{ value: "Under Review", label: __("Under Review") },
				{ value: "Proposed", label: __("Proposed") },
				{ value: "Not Named", label: __("Not Named") },
				{ value: "Withdrawn", label: __("Withdrawn") },
			],
		},
		{
			fieldname: "brand_for",
			label: __("Brand For"),
			fieldtype: "Select",
			options: [
				{ value: "", label: __("All") },
				{ value: "Department", label: __("Department") },
				{ value: "Window", label: __("Window") },
			],
		},
	],
};
