// Frappe's count and group-by charts with labels in the user's language (see the .py file).
frappe.provide("frappe.dashboards.chart_sources");

frappe.dashboards.chart_sources["GH Translated Chart"] = {
	method: "gov_hall.gov_hall.dashboard_chart_source.gh_translated_chart.gh_translated_chart.get",
	filters: [
		{ fieldname: "hall", label: __("Service Hall"), fieldtype: "Link", options: "GH Service Hall" },
		{
			fieldname: "department",
			label: __("Department"),
			fieldtype: "Link",
			options: "GH Stationed Department",
		},
	],
};
