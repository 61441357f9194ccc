// Copyright (c) 2026, gov_hall developers
// For license information, please see license.txt

frappe.query_reports["GH Bad Review Rectification"] = {
	filters: [
		{
			fieldname: "group_by",
			label: __("Group By"),
			fieldtype: "Select",
			options: [
				{ value: "Department", label: __("Department") },
				{ value: "Window", label: __("Service Window") },
			],
			default: "Department",
			reqd: 1,
		},
		{ fieldname: "hall", label: __("Service Hall"), fieldtype: "Link", options: "GH Service Hall" },
		{ fieldname: "department", label: __("Department"), fieldtype: "Link", options: "GH Stationed Department" },
		{ fieldname: "window", label: __("Service Window"), fieldtype: "Link", options: "GH Service Window" },
		{ fieldname: "from_date", label: __("Opened From"), fieldtype: "Date", default: frappe.datetime.year_start().slice(0, 10) },
		{ fieldname: "to_date", label: __("Opened To"), fieldtype: "Date", default: frappe.datetime.get_today() },
		{ fieldname: "only_overdue", label: __("Only Overdue"), fieldtype: "Check", default: 0 },
	],
	formatter(value, row, column, data, default_formatter) {
		if (data && column.fieldname === "level" && data.level) {
			return `<span style="color: var(--red-600)">${frappe.utils.escape_html(__(data.level))}</span>`;
		}
		return default_formatter(value, row, column, data);
	},
};
