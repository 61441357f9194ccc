// Copyright (c) 2026, gov_hall developers
// For license information, please see license.txt

frappe.query_reports["GH Leave Balance"] = {
	filters: [
		{ fieldname: "year", label: __("Year"), fieldtype: "Int", default: new Date().getFullYear(), reqd: 1 },
		{ fieldname: "hall", label: __("Service Hall"), fieldtype: "Link", options: "GH Service Hall" },
		{ fieldname: "department", label: __("Department"), fieldtype: "Link", options: "GH Stationed Department" },
		{ fieldname: "staff", label: __("Staff"), fieldtype: "Link", options: "User" },
		{ fieldname: "home_agency", label: __("Home Agency"), fieldtype: "Link", options: "GH Home Agency" },
	],
};
