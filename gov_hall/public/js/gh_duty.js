// 出勤值勤: Clock In / Clock Out and today's duty on a staff member's own GH Window Staff record
// (gov_hall.api.duty). The server stamps the time (Beijing) and the client's IP; loaded with the
// GH Window Staff form (hooks.py doctype_js).
if (!window.gh_duty_loaded) {
	window.gh_duty_loaded = true;

	const fmt_time = (value) => (value ? frappe.datetime.str_to_user(value).split(" ").pop() : "—");

	const duty_box = (data) => {
		const rows = (data.slots || []).map(
			(slot) => `<tr>
				<td>${frappe.utils.escape_html(__(slot.session))}</td>
				<td>${frappe.utils.escape_html(slot.window || "")}</td>
				<td>${fmt_time(slot.session_start)}–${fmt_time(slot.session_end)}</td>
				<td>${fmt_time(slot.clock_in)}</td>
				<td>${fmt_time(slot.clock_out)}</td>
				<td>${frappe.utils.escape_html(__(slot.duty_status || "Scheduled"))}</td>
			</tr>`
		);
		const punches = (data.punches || [])
			.map((p) => `${fmt_time(p.punch_time)} ${p.direction ? __(p.direction) : ""}`)
			.join("，");
		return `<div class="gh-duty-today">
			${
				rows.length
					? `<table class="table table-bordered table-sm">
						<thead><tr>
							<th>${__("Session")}</th><th>${__("Service Window")}</th>
							<th>${__("Session Times")}</th><th>${__("Clock In")}</th>
							<th>${__("Clock Out")}</th><th>${__("Duty Status")}</th>
						</tr></thead><tbody>${rows.join("")}</tbody></table>`
					: `<p class="text-muted">${__("You are not on the duty roster today.")}</p>`
			}
			<p class="text-muted small">${__("Punches today")}: ${punches || __("none")}</p>
		</div>`;
	};

	const show_duty = (frm, data) => {
		frm.dashboard.parent.find(".gh-duty-section").remove();
		frm.dashboard.add_section(duty_box(data), __("Today's Duty"), "custom gh-duty-section");
	};

	const clock = (frm, direction) =>
		frappe
			.call({
				method: "gov_hall.api.duty.clock",
				args: { direction },
				freeze: true,
			})
			.then((r) => {
				if (!r.message) return;
				frappe.show_alert({
					message:
						direction === "In"
							? __("Clocked in at {0}", [fmt_time(r.message.punch.punch_time)])
							: __("Clocked out at {0}", [fmt_time(r.message.punch.punch_time)]),
					indicator: "green",
				});
				frm.refresh();
			});

	frappe.ui.form.on("GH Window Staff", {
		refresh(frm) {
			if (frm.is_new() || frm.doc.user !== frappe.session.user) return;
			if (frm.doc.status === "On Site") {
				frm.add_custom_button(__("Clock In"), () => clock(frm, "In"), __("Attendance"));
				frm.add_custom_button(__("Clock Out"), () => clock(frm, "Out"), __("Attendance"));
			}
			frappe
				.call({ method: "gov_hall.api.duty.my_duty", type: "GET" })
				.then((r) => r.message && show_duty(frm, r.message));
		},
	});
}
