// Copyright (c) 2026, gov_hall developers
// For license information, please see license.txt

frappe.ui.form.on("GH Appointment", {
	refresh(frm) {
		if (frm.is_new()) return;
		if (frm.doc.is_off_hours) {
			frm.dashboard.set_headline_alert(__("Off-hours or holiday appointment"), "orange");
		}
		if (frm.doc.case) {
			frm.add_custom_button(__("View Case"), () => frappe.set_route("Form", "GH Case", frm.doc.case));
		}
		if (frm.doc.status === "Booked" && frm.perm[0] && frm.perm[0].write) {
			frm.add_custom_button(__("Cancel Appointment"), () =>
				frappe.confirm(__("Cancel this appointment? This cannot be undone."), () =>
					frm.call("cancel_at_request").then(() => frm.reload_doc())
				)
			);
		}
		if (frm.doc.status === "Booked" && frappe.model.can_create("GH Case")) {
			frm.add_custom_button(__("Receive as Case"), () => gh_receive_appointment(frm)).addClass(
				"btn-primary"
			);
		}
	},
});

function gh_receive_appointment(frm) {
	const dialog = new frappe.ui.Dialog({
		title: __("Receive as Case"),
		fields: [
			{
				fieldname: "window",
				fieldtype: "Link",
				label: __("Service Window"),
				options: "GH Service Window",
				reqd: 1,
				get_query: () => ({ filters: { hall: frm.doc.hall, status: "Active" } }),
			},
			{
				fieldname: "id_number",
				fieldtype: "Data",
				label: __("Resident ID Number"),
				reqd: frm.doc.id_number || frm.doc.id_number_masked ? 0 : 1,
				hidden: frm.doc.id_number || frm.doc.id_number_masked ? 1 : 0,
				description: __("The booking has no resident ID number: enter the applicant's."),
			},
		],
		primary_action_label: __("Create Case"),
		primary_action(values) {
			frappe.call({
				method: "gov_hall.api.appointments.make_case_from_appointment",
				args: { appointment: frm.doc.name, window: values.window, id_number: values.id_number },
				freeze: true,
				callback: (r) => {
					if (!r.message) return;
					dialog.hide();
					frappe.show_alert({ message: __("Case {0} created", [r.message]), indicator: "green" });
					frappe.set_route("Form", "GH Case", r.message);
				},
			});
		},
	});
	dialog.show();
}
