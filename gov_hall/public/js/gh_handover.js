// Copyright (c) 2026, gov_hall developers
// For license information, please see license.txt

// Hand-over steps of a cross-hall case (县乡同办): the buttons of the next step(s) the case may take,
// for the side that takes them (gov_hall.api.handover.next_steps / take_step). Each step records who
// and when on the server; the dialog asks for the paper materials handed over, a note and, to post
// the result, the EMS tracking number.
(function () {
	const STAGE_COLORS = {
		"At Receiving Hall": "blue",
		"Sent to County": "orange",
		"At County": "purple",
		"Returned to Receiving Hall": "orange",
		"Result Sent Back": "orange",
		"Ready for Collection": "green",
		Issued: "green",
		Posted: "green",
	};

	frappe.ui.form.on("GH Case", {
		refresh(frm) {
			if (frm.is_new() || !frm.doc.route) {
				return;
			}
			if (frm.doc.transfer_status) {
				frm.dashboard.add_indicator(
					__("Hand-over Stage: {0}", [__(frm.doc.transfer_status, null, "GH Case")]),
					STAGE_COLORS[frm.doc.transfer_status] || "gray"
				);
			}
			frappe
				.xcall("gov_hall.api.handover.next_steps", { case: frm.doc.name })
				.then((answer) => {
					(answer.steps || [])
						.filter((step) => step.allowed)
						.forEach((step) => {
							frm.add_custom_button(
								step.label,
								() => gh_take_step(frm, step, answer.windows || []),
								__("Hand-over")
							);
						});
				});
		},
	});

	function gh_take_step(frm, step, windows) {
		const fields = [];
		if (step.chooses_window) {
			fields.push({
				fieldname: "handling_window",
				label: __("Handling Window"),
				fieldtype: "Link",
				options: "GH Service Window",
				description: __("Empty: your own window of the handling department"),
				get_query: () => ({ filters: { name: ["in", windows] } }),
			});
		}
		if (step.needs_tracking_number) {
			fields.push({
				fieldname: "tracking_number",
				label: __("EMS Tracking Number"),
				fieldtype: "Data",
				reqd: 1,
			});
		}
		if (step.carries_papers) {
			fields.push(
				{
					fieldname: "paper_items",
					label: __("Paper Materials"),
					fieldtype: "Small Text",
					description: __("The paper materials handed over, one per line"),
				},
				{
					fieldname: "paper_count",
					label: __("Paper Items"),
					fieldtype: "Int",
					description: __("Empty: one per line above"),
				}
			);
		}
		fields.push({ fieldname: "notes", label: __("Notes"), fieldtype: "Small Text" });
		const dialog = new frappe.ui.Dialog({
			title: `${step.label}: ${frm.doc.name}`,
			fields,
			primary_action_label: step.label,
			primary_action(values) {
				frappe
					.xcall("gov_hall.api.handover.take_step", {
						case: frm.doc.name,
						step: step.step,
						...values,
					})
					.then(() => {
						dialog.hide();
						frappe.show_alert({ message: __("{0} recorded", [step.label]), indicator: "green" });
						frm.reload_doc();
					});
			},
		});
		dialog.show();
	}
})();
