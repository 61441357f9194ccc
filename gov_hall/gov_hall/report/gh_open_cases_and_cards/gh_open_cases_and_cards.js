// Copyright (c) 2026, gov_hall developers
// For license information, please see license.txt

frappe.query_reports["GH Open Cases and Cards"] = {
	filters: [
		{ fieldname: "hall", label: __("Service Hall"), fieldtype: "Link", options: "GH Service Hall" },
		{ fieldname: "department", label: __("Department"), fieldtype: "Link", options: "GH Stationed Department" },
		{ fieldname: "window", label: __("Service Window"), fieldtype: "Link", options: "GH Service Window" },
		{
			fieldname: "card_level",
			label: __("E-Supervision Card"),
			fieldtype: "Select",
			options: [
				{ value: "All", label: __("All") },
				{ value: "Red", label: __("Red") },
				{ value: "Yellow", label: __("Yellow") },
				{ value: "None", label: __("No Card") },
			],
			default: "All",
		},
		{ fieldname: "from_date", label: __("Received From"), fieldtype: "Date", default: frappe.datetime.year_start().slice(0, 10) },
		{ fieldname: "to_date", label: __("Received To"), fieldtype: "Date", default: frappe.datetime.get_today() },
	],
	formatter(value, row, column, data, default_formatter) {
		if (data && ["status", "card_level"].includes(column.fieldname) && data[column.fieldname]) {
			const text = frappe.utils.escape_html(__(data[column.fieldname]));
			if (column.fieldname === "card_level") {
				const color = data.card_level === "Red" ? "red" : "orange";
				return `<span style="color: ${color}; font-weight: bold">${text}</span>`;
			}
			return text;
		}
		return default_formatter(value, row, column, data);
	},
};
