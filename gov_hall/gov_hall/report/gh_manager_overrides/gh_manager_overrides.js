// Copyright (c) 2026, gov_hall developers
// For license information, please see license.txt

frappe.query_reports["GH Manager Overrides"] = {
	filters: [
		{
			fieldname: "quarter",
			label: __("Quarter"),
			fieldtype: "Data",
			description: __("For example 2026-Q3; empty: the current quarter"),
		},
		{ fieldname: "manager", label: __("Manager"), fieldtype: "Link", options: "User" },
		{ fieldname: "hall", label: __("Service Hall"), fieldtype: "Link", options: "GH Service Hall" },
		{ fieldname: "department", label: __("Department"), fieldtype: "Link", options: "GH Stationed Department" },
		{ fieldname: "window", label: __("Service Window"), fieldtype: "Link", options: "GH Service Window" },
		{ fieldname: "reference_doctype", label: __("Document Type"), fieldtype: "Link", options: "DocType" },
	],
};
