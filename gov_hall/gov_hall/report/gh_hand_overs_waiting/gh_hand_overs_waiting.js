// Copyright (c) 2026, gov_hall developers
// For license information, please see license.txt

frappe.query_reports["GH Hand-overs Waiting"] = {
	filters: [
		{ fieldname: "hall", label: __("Receiving Hall"), fieldtype: "Link", options: "GH Service Hall" },
		{ fieldname: "handling_hall", label: __("Handling Hall"), fieldtype: "Link", options: "GH Service Hall" },
		...gov_hall.report_filters.links("department"),
		{ fieldname: "matter", label: __("Matter"), fieldtype: "Link", options: "GH Service Matter" },
		gov_hall.report_filters.choice("waiting_for", __("Waiting For"), [
			["Result to Send", __("Result to Send")],
			["Receipt at County", __("Receipt at County")],
			["Receipt of Return", __("Receipt of Return")],
			["Receipt of Result", __("Receipt of Result")],
			["Collection or Posting", __("Collection or Posting")],
		]),
		{ fieldname: "min_days", label: __("At Least Working Days"), fieldtype: "Float" },
	],
};
