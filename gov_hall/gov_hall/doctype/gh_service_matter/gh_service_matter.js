// Copyright (c) 2026, gov_hall developers
// For license information, please see license.txt

frappe.ui.form.on("GH Service Matter", {
	setup(frm) {
		frm.set_query("department", () => ({ filters: { status: "Stationed" } }));
		// 县乡同办: township halls and village service points; 乡镇办理: township halls
		frm.set_query("accepting_halls", () => ({
			filters: {
				status: "Active",
				hall_level: [
					"in",
					frm.doc.handling_level === "Township" ? ["Branch Hall"] : ["Branch Hall", "Village Service Point"],
				],
			},
		}));
	},
	promised_time_limit(frm) {
		frm.set_value("case_kind", frm.doc.promised_time_limit === 0 ? "Instant" : "Promised");
	},
});
