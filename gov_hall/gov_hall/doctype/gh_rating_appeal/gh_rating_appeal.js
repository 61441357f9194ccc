// Managers review a pending appeal (申诉复核): uphold or dismiss it with their notes.
frappe.ui.form.on("GH Rating Appeal", {
	refresh(frm) {
		const managers = ["Hall Manager", "Hall Administrator", "System Manager"];
		const is_manager = managers.some((role) => frappe.user_roles.includes(role));
		if (frm.is_new() || frm.doc.status !== "Pending" || !is_manager) return;
		for (const [label, decision] of [
			[__("Uphold"), "Upheld"],
			[__("Dismiss"), "Dismissed"],
		]) {
			frm.add_custom_button(label, () => decide(frm, decision, label), __("Review Appeal"));
		}
	},
});

function decide(frm, decision, label) {
	frappe.prompt(
		{ fieldname: "notes", fieldtype: "Small Text", label: __("Decision Notes"), reqd: 1 },
		(values) =>
			frappe
				.call("gov_hall.api.ratings.decide_appeal", {
					appeal: frm.doc.name,
					decision,
					notes: values.notes,
				})
				.then(() => frm.reload_doc()),
		label
	);
}
