// Copyright (c) 2026, gov_hall developers
// For license information, please see license.txt

// Personal data on the forms (gov_hall.access.pii). Full ID numbers and mobiles are at permlevel 1,
// read by hall managers only; everyone else sees the masked copies. On a new record whoever may
// create it types the full values in (the server keeps them); on a stored one, the people handling
// it (a case's handler and first responder ...) get "Show Full Personal Data", which asks the
// server, one record at a time, and is logged in GH Personal Data Access.
(function () {
	if (window.gh_personal_data_forms) {
		return;
	}
	window.gh_personal_data_forms = true;
	const doctypes = [
		"GH Case",
		"GH Appointment",
		"GH Complaint",
		"GH Service Rating",
		"GH Rectification",
		"GH Window Staff",
		"GH External Supervisor",
	];

	function hidden_fields(frm) {
		return frm.meta.fields.filter(
			(df) => df.permlevel > 0 && !frappe.perm.has_perm(frm.doctype, df.permlevel, "read")
		);
	}

	function show_full_values(frm) {
		frappe
			.xcall("gov_hall.access.pii.reveal", { doctype: frm.doctype, name: frm.doc.name })
			.then((values) => {
				const rows = Object.keys(values || {}).map((fieldname) => {
					const label = __(frappe.meta.get_label(frm.doctype, fieldname));
					return `<tr><th>${frappe.utils.escape_html(label)}</th><td>${frappe.utils.escape_html(
						String(values[fieldname])
					)}</td></tr>`;
				});
				frappe.msgprint({
					title: __("Full Personal Data"),
					message: rows.length
						? `<table class="table table-bordered">${rows.join("")}</table><p class="text-muted small">${__(
								"This look-up is recorded with your name and the time."
						  )}</p>`
						: __("This record holds no personal data."),
				});
			});
	}

	doctypes.forEach((doctype) => {
		frappe.ui.form.on(doctype, {
			refresh(frm) {
				const hidden = hidden_fields(frm);
				if (!hidden.length) {
					return;
				}
				if (frm.is_new()) {
					hidden
						.filter((df) => !df.read_only)
						.forEach((df) => frm.set_df_property(df.fieldname, "permlevel", 0));
					return;
				}
				// not sent to this user: the stored values stay, so the form does not ask for them
				hidden.forEach((df) => {
					frm.set_df_property(df.fieldname, "reqd", 0);
					frm.set_df_property(df.fieldname, "mandatory_depends_on", "");
				});
				const allowed = (frm.doc.__onload || {}).gh_personal_data;
				if (allowed && allowed.length) {
					frm.add_custom_button(__("Show Full Personal Data"), () => show_full_values(frm));
				}
			},
		});
	});
})();
