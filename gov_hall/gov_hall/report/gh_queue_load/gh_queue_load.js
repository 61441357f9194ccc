// Copyright (c) 2026, gov_hall developers
// For license information, please see license.txt

frappe.query_reports["GH Queue Load"] = {
	filters: [
		{ fieldname: "hall", label: __("Service Hall"), fieldtype: "Link", options: "GH Service Hall" },
		{ fieldname: "department", label: __("Department"), fieldtype: "Link", options: "GH Stationed Department" },
		{ fieldname: "from_date", label: __("From Date"), fieldtype: "Date", default: frappe.datetime.add_days(frappe.datetime.get_today(), -29) },
		{ fieldname: "to_date", label: __("To Date"), fieldtype: "Date", default: frappe.datetime.get_today() },
	],
};
