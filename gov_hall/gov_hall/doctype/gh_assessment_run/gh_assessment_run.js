// 季度考核 / 月度考核: compute (or recompute before approval) from the period's records.
frappe.ui.form.on("GH Assessment Run", {
	refresh(frm) {
		const month = frm.doc.period_type === "Month";
		if (!frm.is_new() && frm.doc.status === "Published" && !month) {
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
		if (!frm.is_new() && frm.doc.status === "Published" && month) {
			// 派出单位月度通报: one briefing per home agency, from every hall's published month run
			if (frappe.model.can_create("GH Agency Briefing")) {
				frm.add_custom_button(__("Make Agency Briefings"), () =>
					frappe
						.call({
							method: "gov_hall.api.briefings.make_agency_briefings",
							args: { month: frm.doc.month },
							freeze: true,
							freeze_message: __("Preparing the briefings..."),
						})
						.then((r) => {
							frappe.show_alert({ message: r.message.message, indicator: "green" });
							frappe.set_route("List", "GH Agency Briefing", { month: frm.doc.month });
						})
				);
			}
		}
		if (frm.is_new() || !["Draft", "Submitted"].includes(frm.doc.status)) return;
		frm.add_custom_button(frm.doc.computed_on ? __("Recompute") : __("Compute"), () =>
			frappe
				.call({
					method: "gov_hall.api.assessment.compute_run",
					args: { run: frm.doc.name },
					freeze: true,
					freeze_message: month
						? __("Computing the month's scores...")
						: __("Computing the quarter's scores..."),
				})
				.then(() => frm.reload_doc())
		);
	},
});
