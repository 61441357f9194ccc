// Copyright (c) 2026, gov_hall developers
// For license information, please see license.txt

frappe.query_reports["GH Complaint Analysis"] = {
	filters: [
		{
			fieldname: "group_by",
			label: __("Group By"),
			fieldtype: "Select",
			options: [
				{ value: "Category", label: __("Category") },
				{ value: "Department", label: __("Department") },
				{ value: "Window", label: __("Service Window") },
				{ value: "Month", label: __("Month") },
			],
			default: "Category",
			reqd: 1,
		},
		{ fieldname: "hall", label: __("Service Hall"), fieldtype: "Link", options: "GH Service Hall" },
		{ fieldname: "department", label: __("Department"), fieldtype: "Link", options: "GH Stationed Department" },
		{ fieldname: "window", label: __("Service Window"), fieldtype: "Link", options: "GH Service Window" },
		{
			fieldname: "source",
			label: __("Source"),
			fieldtype: "Select",
			options: [
				{ value: "", label: __("All") },
				{ value: "Complaint Box", label: __("Complaint Box") },
				{ value: "Hotline", label: __("Hotline") },
				{ value: "Web", label: __("Web") },
				{ value: "Supervisor", label: __("Supervisor") },
				{ value: "Walk-in", label: __("Walk-in") },
				{ value: "Letter", label: __("Letter") },
			],
		},
		{ fieldname: "from_date", label: __("Received From"), fieldtype: "Date", default: frappe.datetime.year_start().slice(0, 10) },
		{ fieldname: "to_date", label: __("Received To"), fieldtype: "Date", default: frappe.datetime.get_today() },
	],
	formatter(value, row, column, data, default_formatter) {
		// categories are stored in English: show them in the user's language
		if (
			data &&
			column.fieldname === "group" &&
			data.group &&
			!data.bold &&
			frappe.query_report.get_filter_value("group_by") === "Category"
		) {
			return frappe.utils.escape_html(__(data.group));
		}
		return default_formatter(value, row, column, data);
	},
};
