// 挂牌上岗: a hall manager issues a new card code when a staff member's badge or a window's card is
// lost; the QR code on the old one stops working (gov_hall.api.cards.renew_card_code).
// Loaded with the forms of GH Window Staff and GH Service Window (hooks.py doctype_js).
if (!window.gh_cards_loaded) {
	window.gh_cards_loaded = true;
	const renew_card_button = (frm) => {
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
	};
	for (const doctype of ["GH Window Staff", "GH Service Window"]) {
		frappe.ui.form.on(doctype, { refresh: renew_card_button });
	}
}
