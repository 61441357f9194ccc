// Copyright (c) 2026, gov_hall developers
// For license information, please see license.txt

// The hall's activities on a calendar; every activity also has a public Event on Frappe's own calendar.
frappe.views.calendar["GH Culture Activity"] = {
	field_map: {
		start: "starts_on",
		end: "ends_on",
		id: "name",
		title: "title",
	},
	filters: [
		{ fieldname: "hall", fieldtype: "Link", options: "GH Service Hall", label: __("Service Hall") },
		{
			fieldname: "status",
			fieldtype: "Select",
			label: __("Status"),
			options: [
				{ value: "", label: "" },
				{ value: "Planned", label: __("Planned") },
				{ value: "Held", label: __("Held") },
				{ value: "Cancelled", label: __("Cancelled") },
			],
		},
	],
	get_events_method: "frappe.desk.calendar.get_events",
};
