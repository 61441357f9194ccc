// 季度考核: compute (or recompute before approval) from the quarter's records.
frappe.ui.form.on("GH Assessment Run", {
	refresh(frm) {
		if (!frm.is_new() && frm.doc.status === "Published") {
			// 双向管理: one briefing per stationed department, for its own agency
			frm.add_custom_button(__("Make Department Briefings"), () =>
				frappe
					.call({
						method: "gov_hall.api.briefings.make_briefings",
						args: { run: frm.doc.name },
						freeze: true,
						freeze_message: __("Preparing the briefings..."),
					})
					.then((r) => {
						frappe.show_alert({ message: r.message.message, indicator: "green" });
						frappe.set_route("List", "GH Department Briefing", { run: frm.doc.name });
					})
			);
		}
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
