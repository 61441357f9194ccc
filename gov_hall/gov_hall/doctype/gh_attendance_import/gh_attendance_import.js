// Copyright (c) 2026, gov_hall developers
// For license information, please see license.txt

// 考勤导入: Preview checks every row of the attendance machine's file, Import adds the punches all or
// nothing and refreshes the duty slots (gov_hall.api.attendance_import).
frappe.ui.form.on("GH Attendance Import", {
	refresh(frm) {
		// the last Preview / Import of this form (rows, sample) survives the reload that follows it
		if (frm.gh_result && frm.gh_result.name === frm.doc.name) render(frm, frm.gh_result);
		else render_stored(frm);
		if (frm.is_new() || frm.doc.status === "Imported" || !frm.doc.import_file) return;
		frm.add_custom_button(__("Preview"), () => call(frm, "preview", __("Checking every row...")));
		frm.add_custom_button(
			__("Import"),
			() =>
				frappe.confirm(
					__("Import the punches of this file? With any bad row nothing is imported."),
					() => call(frm, "run", __("Importing the punches and refreshing the duty slots..."))
				),
			null
		);
		frm.change_custom_button_type(__("Import"), null, "primary");
	},
	import_file(frm) {
		frm.gh_result = null;
		frm.get_field("preview").$wrapper.empty();
	},
});

function call(frm, method, message) {
	const go = () =>
		frappe
			.call({
				method: `gov_hall.api.attendance_import.${method}`,
				args: { name: frm.doc.name },
				freeze: true,
				freeze_message: message,
			})
			.then((r) => {
				const result = r.message || {};
				frm.gh_result = result;
				frm.reload_doc();
				if (method === "run") {
					frappe.show_alert({
						message:
							result.status === "Imported"
								? __("{0} punches added, {1} already on record.", [
										result.new_punches,
										result.duplicate_punches,
								  ])
								: __("{0} bad rows: nothing was imported.", [result.error_count]),
						indicator: result.status === "Imported" ? "green" : "red",
					});
				}
			});
	return frm.is_dirty() ? frm.save().then(go) : go();
}

function render_stored(frm) {
	// the figures are the form's own fields; the rows and the sample come with a Preview
	frm.get_field("preview").$wrapper.empty();
}

function render(frm, result) {
	const wrapper = frm.get_field("preview").$wrapper;
	const esc = (v) => frappe.utils.escape_html(String(v ?? ""));
	let html = "";
	if (result.error_count) {
		html += `<div class="alert alert-danger">${__(
			"{0} bad rows: nothing will be imported until the file is corrected.",
			[result.error_count]
		)}</div>`;
		html += `<ul class="small">${(result.errors || [])
			.slice(0, 50)
			.map((line) => `<li>${esc(line)}</li>`)
			.join("")}</ul>`;
		if ((result.errors || []).length > 50) {
			html += `<p class="text-muted small">${__("All bad rows are listed under Errors below.")}</p>`;
		}
	} else if (result.status === "Imported") {
		html += `<div class="alert alert-success">${__("{0} punches added, {1} already on record.", [
			result.new_punches,
			result.duplicate_punches,
		])}</div>`;
	} else {
		html += `<div class="alert alert-success">${__(
			"Every row is valid: {0} punches will be added.",
			[result.to_add]
		)}</div>`;
	}
	if ((result.sample || []).length) {
		html += `<h6>${__("First Rows")}</h6>
		<table class="table table-bordered table-sm small"><thead><tr>
			<th>${__("Row")}</th><th>${__("Badge Number")}</th><th>${__("Staff Name")}</th>
			<th>${__("Punch Time")}</th><th>${__("Direction")}</th><th>${__("Device")}</th>
			<th>${__("Problem")}</th></tr></thead><tbody>
		${result.sample
			.map(
				(row) => `<tr${row.error ? ' class="text-danger"' : ""}>
				<td>${esc(row.row)}</td><td>${esc(row.badge)}</td><td>${esc(row.staff_name)}</td>
				<td>${esc(row.punch_time)}</td><td>${esc(row.direction)}</td><td>${esc(row.device)}</td>
				<td>${esc(row.error)}</td></tr>`
			)
			.join("")}
		</tbody></table>`;
	}
	wrapper.html(html);
}
