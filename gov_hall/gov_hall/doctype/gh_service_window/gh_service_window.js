// Copyright (c) 2026, gov_hall developers
// For license information, please see license.txt

frappe.ui.form.on("GH Service Window", {
	setup(frm) {
		frm.set_query("department", () => ({ filters: { status: "Stationed" } }));
	},
	refresh(frm) {
		renew_card_button(frm);
		frm.toggle_display("served_departments", frm.doc.window_type === "Comprehensive");
	},
	window_type(frm) {
		frm.toggle_display("served_departments", frm.doc.window_type === "Comprehensive");
	},
});

// a hall manager issues a new card code when a badge or card is lost (the old QR code stops working)
function renew_card_button(frm) {
	const managers = ["System Manager", "Hall Administrator", "Hall Manager"];
	if (frm.is_new() || !managers.some((role) => frappe.user.has_role(role))) return;
	frm.add_custom_button(__("Renew Card Code"), () => {
		frappe.confirm(
			__("Issue a new card code? The QR code on the old badge or card will stop working."),
			() =>
				frappe
					.call({
						method: "gov_hall.api.cards.renew_card_code",
						args: { doctype: frm.doctype, name: frm.doc.name },
						freeze: true,
					})
					.then(() => frm.reload_doc())
		);
	});
}
