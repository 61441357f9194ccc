// Copyright (c) 2026, gov_hall developers
// For license information, please see license.txt

// 五个一: a recurring programme creates its dated activities for a period, on working days.
frappe.ui.form.on("GH Activity Programme", {
	setup(frm) {
		const in_hall = () => ({ filters: { hall: frm.doc.hall || "" } });
		frm.set_query("organiser_department", in_hall);
		frm.set_query("organiser_window", in_hall);
	},
	refresh(frm) {
		if (frm.is_new() || !frm.doc.active || !frappe.model.can_create("GH Culture Activity")) return;
		frm.add_custom_button(__("Create Activities"), () => {
			const today = frappe.datetime.get_today();
			const from = frm.doc.scheduled_until ? frappe.datetime.add_days(frm.doc.scheduled_until, 1) : today;
			frappe.prompt(
				[
					{ fieldname: "from_date", label: __("From Date"), fieldtype: "Date", reqd: 1, default: from },
					{
						fieldname: "to_date",
						label: __("To Date"),
						fieldtype: "Date",
						reqd: 1,
						default: frappe.datetime.add_days(frappe.datetime.add_months(from, 3), -1),
					},
				],
				(values) =>
					frappe
						.call({
							method: "gov_hall.api.activities.create_activities",
							args: { programme: frm.doc.name, ...values },
							freeze: true,
							freeze_message: __("Creating activities..."),
						})
						.then((r) => {
							frappe.show_alert({
								message: __("{0} activities created.", [r.message]),
								indicator: "green",
							});
							frm.reload_doc();
						}),
				__("Create Activities"),
				__("Create")
			);
		});
		frm.add_custom_button(__("Activities"), () =>
			frappe.set_route("List", "GH Culture Activity", { programme: frm.doc.name })
		);
	},
});
