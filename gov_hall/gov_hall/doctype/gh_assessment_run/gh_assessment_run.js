// 季度考核: compute (or recompute before approval) from the quarter's records.
frappe.ui.form.on("GH Assessment Run", {
	refresh(frm) {
		if (frm.is_new() || !["Draft", "Submitted"].includes(frm.doc.status)) return;
		frm.add_custom_button(frm.doc.computed_on ? __("Recompute") : __("Compute"), () =>
			frappe
				.call({
					method: "gov_hall.api.assessment.compute_run",
					args: { run: frm.doc.name },
					freeze: true,
					freeze_message: __("Computing the quarter's scores..."),
				})
				.then(() => frm.reload_doc())
		);
	},
});
