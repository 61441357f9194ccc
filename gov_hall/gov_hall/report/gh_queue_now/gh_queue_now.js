// Copyright (c) 2026, gov_hall developers
// For license information, please see license.txt

// refreshed every 30 seconds while open (the hall display itself is live through realtime)
const GH_QUEUE_NOW_REFRESH_MS = 30000;

frappe.query_reports["GH Queue Now"] = {
	filters: [
		{ fieldname: "hall", label: __("Service Hall"), fieldtype: "Link", options: "GH Service Hall" },
		{ fieldname: "department", label: __("Department"), fieldtype: "Link", options: "GH Stationed Department" },
	],
	tree: true,
	name_field: "group",
	parent_field: "parent_group",
	initial_depth: 1,
	onload(report) {
		if (report.gh_refresh_timer) {
			clearInterval(report.gh_refresh_timer);
		}
		report.gh_refresh_timer = setInterval(() => {
			if (frappe.get_route_str() === "query-report/GH Queue Now" && !document.hidden) {
				report.refresh();
			}
		}, GH_QUEUE_NOW_REFRESH_MS);
	},
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (column.fieldname === "longest_wait" && data && data.longest_wait >= 30) {
			value = `<span style="color: var(--red-500); font-weight: bold">${value}</span>`;
		}
		return value;
	},
};
