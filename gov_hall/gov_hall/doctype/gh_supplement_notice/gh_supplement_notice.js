// Copyright (c) 2026, gov_hall developers
// For license information, please see license.txt

frappe.ui.form.on("GH Supplement Notice", {
	refresh(frm) {
		if (frm.is_new() && frm.doc.case) {
			frm.add_custom_button(__("Get Materials From Matter"), () => gh_add_matter_materials(frm));
		}
		if (frm.doc.is_violation) {
			frm.dashboard.set_headline_alert(
				__("One-time notification violation: asks for materials the first notice did not list."),
				"red"
			);
		}
	},
	case(frm) {
		frm.refresh();
	},
});

function gh_add_matter_materials(frm) {
	frappe.db.get_value("GH Case", frm.doc.case, "matter").then(({ message }) => {
		if (!message || !message.matter) return;
		frappe.model.with_doc("GH Service Matter", message.matter, () => {
			const matter = frappe.get_doc("GH Service Matter", message.matter);
			const listed = new Set((frm.doc.items || []).map((row) => row.material_name));
			(matter.materials || []).forEach((material) => {
				if (listed.has(material.material_name)) return;
				frm.add_child("items", { material_name: material.material_name, problem: "Missing" });
			});
			frm.refresh_field("items");
		});
	});
}
