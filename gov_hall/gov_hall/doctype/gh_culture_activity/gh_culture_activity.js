// Copyright (c) 2026, gov_hall developers
// For license information, please see license.txt

// 文化活动: choices limited to the activity's hall; awards only to participants and to
// participating or organising windows (checked again on the server).
frappe.ui.form.on("GH Culture Activity", {
	setup(frm) {
		const in_hall = () => ({ filters: { hall: frm.doc.hall || "" } });
		frm.set_query("organiser_department", in_hall);
		frm.set_query("organiser_window", in_hall);
		frm.set_query("window", "windows", in_hall);
		frm.set_query("staff", "participants", () => ({ filters: { user_type: "System User" } }));
		frm.set_query("staff", "awards", () => ({
			filters: { name: ["in", (frm.doc.participants || []).map((row) => row.staff).filter(Boolean)] },
		}));
		frm.set_query("window", "awards", () => {
			const windows = (frm.doc.windows || []).map((row) => row.window);
			if (frm.doc.organiser_window) windows.push(frm.doc.organiser_window);
			return { filters: { name: ["in", windows.filter(Boolean)] } };
		});
	},
	refresh(frm) {
		if (frm.doc.event) {
			frm.add_custom_button(__("Calendar"), () =>
				frappe.set_route("List", "GH Culture Activity", "Calendar")
			);
		}
		if (!frm.is_new() && frm.doc.status === "Planned" && frm.perm[0] && frm.perm[0].write) {
			frm.add_custom_button(__("Mark as Held"), () => {
				frm.set_value("status", "Held");
				frm.save();
			});
			frm.add_custom_button(__("Cancel Activity"), () =>
				frappe.confirm(
					__("Cancel this activity? It stays on record and its calendar event is cancelled."),
					() => {
						frm.set_value("status", "Cancelled");
						frm.save();
					}
				)
			);
		}
	},
	starts_on(frm) {
		if (frm.doc.starts_on && !frm.doc.ends_on) {
			frm.set_value("ends_on", frappe.datetime.add_minutes(frm.doc.starts_on, 60));
		}
	},
	organiser_type(frm) {
		if (frm.doc.organiser_type !== "Window") frm.set_value("organiser_window", null);
		if (frm.doc.organiser_type === "Hall") frm.set_value("organiser_department", null);
	},
});
