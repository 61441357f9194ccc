// Copyright (c) 2026, gov_hall developers
// For license information, please see license.txt

frappe.query_reports["GH Open Cases and Cards"] = {
	filters: [
		{ fieldname: "hall", label: __("Service Hall"), fieldtype: "Link", options: "GH Service Hall" },
		{ fieldname: "department", label: __("Department"), fieldtype: "Link", options: "GH Stationed Department" },
		{ fieldname: "window", label: __("Service Window"), fieldtype: "Link", options: "GH Service Window" },
		{ fieldname: "card_level", label: __("E-Supervision Card"), fieldtype: "Select", options: ["All", "Red", "Yellow", "None"], default: "All" },
		{ fieldname: "from_date", label: __("From Date"), fieldtype: "Date", default: frappe.datetime.add_months(frappe.datetime.get_today(), -12) },
		{ fieldname: "to_date", label: __("To Date"), fieldtype: "Date", default: frappe.datetime.get_today() },
	],
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (column.fieldname === "card_level" && data && data.card_level) {
			const color = data.card_level === "Red" ? "red" : "orange";
			value = `<span style="color: ${color}; font-weight: bold">${__(data.card_level)}</span>`;
		}
		return value;
	},
};
