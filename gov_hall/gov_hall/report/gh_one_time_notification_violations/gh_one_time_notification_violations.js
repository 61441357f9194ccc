// Copyright (c) 2026, gov_hall developers
// For license information, please see license.txt

frappe.query_reports["GH One-Time Notification Violations"] = {
	filters: [
		{ fieldname: "hall", label: __("Service Hall"), fieldtype: "Link", options: "GH Service Hall" },
		{ fieldname: "department", label: __("Department"), fieldtype: "Link", options: "GH Stationed Department" },
		{ fieldname: "window", label: __("Service Window"), fieldtype: "Link", options: "GH Service Window" },
		{ fieldname: "from_date", label: __("Issued From"), fieldtype: "Date", default: frappe.datetime.year_start().slice(0, 10) },
		{ fieldname: "to_date", label: __("Issued To"), fieldtype: "Date", default: frappe.datetime.get_today() },
		{ fieldname: "detail", label: __("List Violating Notices"), fieldtype: "Check", default: 0 },
	],
};
