// Copyright (c) 2026, gov_hall developers
// For license information, please see license.txt

frappe.query_reports["GH Red-Flag Windows"] = {
	filters: [
		{ fieldname: "hall", label: __("Service Hall"), fieldtype: "Link", options: "GH Service Hall" },
		{
			fieldname: "quarter",
			label: __("Quarter"),
			fieldtype: "Data",
			description: __("For example 2026-Q3; empty: the latest published"),
		},
		{
			fieldname: "top_n",
			label: __("Top N"),
			fieldtype: "Int",
			description: __("Empty: the scheme's number of red-flag windows"),
		},
		{ fieldname: "only_honoured", label: __("Only Honoured"), fieldtype: "Check", default: 0 },
		{
			fieldname: "include_unpublished",
			label: __("Include Unpublished Runs"),
			fieldtype: "Check",
			default: 0,
			depends_on: "eval:frappe.user.has_role(['System Manager', 'Hall Administrator', 'Hall Manager'])",
		},
	],
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (data && data.is_red_flag && ["rank", "window_label"].includes(column.fieldname)) {
			return `<span style="color: var(--red-600); font-weight: bold">${value}</span>`;
		}
		return value;
	},
};
