// Copyright (c) 2026, gov_hall developers
// For license information, please see license.txt

frappe.query_reports["GH Annual Honours"] = {
	filters: [
		{ fieldname: "hall", label: __("Service Hall"), fieldtype: "Link", options: "GH Service Hall" },
		{
			fieldname: "year",
			label: __("Year"),
			fieldtype: "Data",
			description: __("For example 2026; empty: the year of the latest published assessment"),
		},
		{
			fieldname: "top_n",
			label: __("Top N"),
			fieldtype: "Int",
			description: __("Empty: the scheme's number of top service stars"),
		},
		{ fieldname: "only_honoured", label: __("Only Honoured"), fieldtype: "Check", default: 0 },
	],
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (data && data.is_top_star && ["rank", "staff_name"].includes(column.fieldname)) {
			return `<span style="color: var(--yellow-700); font-weight: bold">${value}</span>`;
		}
		return value;
	},
};
