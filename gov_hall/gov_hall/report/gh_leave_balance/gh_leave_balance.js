// Copyright (c) 2026, gov_hall developers
// For license information, please see license.txt

frappe.query_reports["GH Leave Balance"] = {
	filters: [
		{ fieldname: "year", label: __("Year"), fieldtype: "Int", default: new Date().getFullYear(), reqd: 1 },
		...gov_hall.report_filters.links("hall", "department", "staff", "home_agency"),
	],
};
