// Copyright (c) 2026, gov_hall developers
// For license information, please see license.txt

const GH_CASE_RUNNING = ["Received", "Accepted", "In Process"];

frappe.ui.form.on("GH Case", {
	refresh(frm) {
		if (frm.is_new()) return;
		if (frm.doc.card_level) {
			const color = frm.doc.card_level === "Red" ? "red" : "yellow";
			frm.dashboard.set_headline_alert(
				__("E-supervision card: {0}. Due date {1}.", [
					__(frm.doc.card_level),
					frappe.datetime.str_to_user(frm.doc.due_date),
				]),
				color
			);
		}
		if (frm.doc.status !== "Cancelled") {
			frm.add_custom_button(__("SMS Rating Link"), () => gh_rating_link(frm));
		}
		if (!GH_CASE_RUNNING.includes(frm.doc.status)) return;
		frm.add_custom_button(
			__("Supplement Notice"),
			() => frappe.new_doc("GH Supplement Notice", { case: frm.doc.name }),
			__("Create")
		);
		frm.add_custom_button(
			__("Extension Request"),
			() => frappe.new_doc("GH Case Extension", { case: frm.doc.name }),
			__("Create")
		);
		frm.add_custom_button(__("Refer to Window"), () => gh_refer_case(frm));
	},
});

function gh_refer_case(frm) {
	const dialog = new frappe.ui.Dialog({
		title: __("Refer to Window"),
		fields: [
			{
				fieldname: "to_window",
				fieldtype: "Link",
				label: __("To Window"),
				options: "GH Service Window",
				reqd: 1,
				get_query: () => ({ filters: { hall: frm.doc.hall, status: "Active" } }),
			},
			{ fieldname: "to_handler", fieldtype: "Link", label: __("To Handler"), options: "User" },
			{ fieldname: "note", fieldtype: "Small Text", label: __("Note") },
		],
		primary_action_label: __("Refer"),
		primary_action(values) {
			frappe
				.xcall("gov_hall.api.cases.refer_case", { case: frm.doc.name, ...values })
				.then(() => {
					dialog.hide();
					frm.reload_doc();
				});
		},
	});
	dialog.show();
}

// 好差评: the link the applicant gets by SMS to rate the case without an account
function gh_rating_link(frm) {
	frappe
		.call({ method: "gov_hall.api.ratings.rating_link", args: { case: frm.doc.name }, type: "POST" })
		.then((r) => {
			frappe.msgprint({
				title: __("SMS Rating Link"),
				message: `<p>${__(
					"Send this link to the applicant by SMS to rate the case without an account."
				)}</p><p><code>${frappe.utils.escape_html(r.message)}</code></p>`,
			});
		});
}
