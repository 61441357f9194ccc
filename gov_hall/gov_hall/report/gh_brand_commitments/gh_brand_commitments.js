// Copyright (c) 2026, gov_hall developers
// For license information, please see license.txt

frappe.query_reports["GH Brand Commitments"] = {
	filters: [
		{
			fieldname: "year",
			label: __("Year"),
			fieldtype: "Int",
			default: Number(frappe.datetime.get_today().slice(0, 4)),
			reqd: 1,
		},
		{ fieldname: "hall", label: __("Service Hall"), fieldtype: "Link", options: "GH Service Hall" },
		{ fieldname: "department", label: __("Department"), fieldtype: "Link", options: "GH Stationed Department" },
		{ fieldname: "brand", label: __("Service Brand"), fieldtype: "Link", options: "GH Service Brand" },
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
	],
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (data && column.fieldname === "result" && data.kept !== null && data.kept !== undefined) {
			const color = data.kept ? "var(--green-600)" : "var(--red-600)";
			return `<span style="color: ${color}; font-weight: bold">${value}</span>`;
		}
		return value;
	},
};
