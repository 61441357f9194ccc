// Copyright (c) 2026, gov_hall developers
// For license information, please see license.txt

// The window staff's queue console (叫号台): pick the window (remembered on this computer), see the
// current ticket and how many wait, and call, recall, mark a no-show, transfer, start and finish.
// Every action goes through gov_hall.api.queue, which checks who may act for the window.

const GH_QUEUE_API = "gov_hall.api.queue.";
const GH_QUEUE_WINDOW_KEY = "gh_queue_console_window";
const GH_QUEUE_REFRESH_MS = 10000;

frappe.pages["gh-queue-console"].on_page_load = function (wrapper) {
	const page = frappe.ui.make_app_page({
		parent: wrapper,
		title: __("Queue Console"),
		single_column: true,
	});
	wrapper.gh_console = new GHQueueConsole(page);
};

frappe.pages["gh-queue-console"].on_page_show = function (wrapper) {
	if (wrapper.gh_console) {
		wrapper.gh_console.refresh();
	}
};

class GHQueueConsole {
	constructor(page) {
		this.page = page;
		this.state = null;
		this.busy = false;
		this.$body = $(`<div class="gh-queue-console"></div>`).appendTo(page.main);
		this.window_field = page.add_field({
			fieldname: "window",
			fieldtype: "Select",
			label: __("Service Window"),
			change: () => {
				const value = this.window_field.get_value();
				if (value) {
					localStorage.setItem(GH_QUEUE_WINDOW_KEY, value);
				}
				this.refresh();
			},
		});
		page.set_primary_action(__("Call Next"), () => this.call_next(), "bell");
		page.add_inner_button(__("Issue Desk Ticket"), () => this.issue_ticket());
		page.add_inner_button(__("Refresh"), () => this.refresh());
		this.load_windows();
		this.timer = setInterval(() => {
			if (document.visibilityState === "visible" && this.window()) {
				this.refresh();
			}
		}, GH_QUEUE_REFRESH_MS);
	}

	window() {
		return this.window_field.get_value();
	}

	api(method, args) {
		return frappe.call({ method: GH_QUEUE_API + method, args: args || {}, freeze: false });
	}

	load_windows() {
		frappe.call({ method: GH_QUEUE_API + "my_windows", type: "GET" }).then((r) => {
			const windows = r.message || [];
			this.windows = windows;
			if (!windows.length) {
				this.$body.html(
					`<div class="text-muted p-4">${__("You have no window to call tickets for.")}</div>`
				);
				return;
			}
			const options = windows.map((w) => ({
				value: w.name,
				label: `${w.window_number} · ${w.window_name}`,
			}));
			this.window_field.df.options = options;
			this.window_field.refresh();
			const remembered = localStorage.getItem(GH_QUEUE_WINDOW_KEY);
			const chosen = windows.some((w) => w.name === remembered) ? remembered : windows[0].name;
			this.window_field.set_value(chosen);
		});
	}

	refresh() {
		const window = this.window();
		if (!window) {
			return;
		}
		return this.api("window_state", { window }).then((r) => this.render(r.message));
	}

	render(state) {
		this.state = state;
		const ticket = state.ticket;
		const esc = frappe.utils.escape_html;
		const number = ticket ? esc(ticket.ticket_number) : "—";
		const status = ticket ? __(ticket.status) : __("No ticket at the window");
		const details = ticket
			? `<div class="text-muted">${__("Department")}: ${esc(ticket.department || "")}</div>
				<div class="text-muted">${__("Recalls")}: ${ticket.recalls} / ${state.max_recalls}</div>`
			: "";
		this.$body.html(`
			<div class="row p-3">
				<div class="col-md-6">
					<div class="text-muted">${__("Current Ticket")}</div>
					<div class="gh-queue-number" style="font-size: 72px; font-weight: 700; line-height: 1.1;">${number}</div>
					<div class="gh-queue-status" style="font-size: 20px;">${status}</div>
					${details}
				</div>
				<div class="col-md-6">
					<div class="text-muted">${__("Waiting for this window")}</div>
					<div class="gh-queue-waiting" style="font-size: 56px; font-weight: 700;">${state.waiting}</div>
					<div class="text-muted">${__("Window")} ${esc(state.window_number || "")} · ${esc(state.window_name || "")}</div>
				</div>
			</div>
			<div class="gh-queue-actions p-3"></div>
		`);
		const $actions = this.$body.find(".gh-queue-actions");
		const status_now = ticket ? ticket.status : null;
		const add = (label, enabled, handler, style) => {
			$(`<button class="btn btn-${style || "default"} btn-lg mr-2 mb-2"></button>`)
				.text(label)
				.prop("disabled", !enabled || this.busy)
				.on("click", handler)
				.appendTo($actions);
		};
		add(__("Call Next"), !ticket, () => this.call_next(), "primary");
		add(__("Recall"), status_now === "Called", () => this.move("recall"));
		add(__("No Show"), status_now === "Called" && state.can_no_show, () => this.move("no_show"));
		add(__("Start"), status_now === "Called", () => this.move("start_service"));
		add(__("Finish"), !!ticket, () => this.finish(), "success");
		add(__("Transfer"), !!ticket, () => this.transfer());
	}

	run(promise) {
		this.busy = true;
		return promise
			.then(() => this.refresh())
			.finally(() => {
				this.busy = false;
				this.refresh();
			});
	}

	call_next() {
		const window = this.window();
		if (!window || this.busy) {
			return;
		}
		this.busy = true;
		this.api("call_next", { window })
			.then((r) => {
				const state = r.message;
				if (!state.called) {
					frappe.show_alert({ message: __("Nobody is waiting for this window."), indicator: "orange" });
				}
				this.render(state);
			})
			.finally(() => {
				this.busy = false;
			});
	}

	move(method) {
		if (!this.state || !this.state.ticket) {
			return;
		}
		this.run(this.api(method, { ticket: this.state.ticket.name }));
	}

	transfer() {
		const ticket = this.state && this.state.ticket;
		if (!ticket) {
			return;
		}
		const dialog = new frappe.ui.Dialog({
			title: __("Transfer Ticket {0}", [ticket.ticket_number]),
			fields: [
				{
					fieldname: "target",
					fieldtype: "Select",
					label: __("Transfer To"),
					options: [
						{ value: "window", label: __("Another Window") },
						{ value: "department", label: __("Another Department") },
					],
					default: "window",
				},
				{
					fieldname: "window",
					fieldtype: "Link",
					options: "GH Service Window",
					label: __("Service Window"),
					depends_on: "eval:doc.target==='window'",
					get_query: () => ({ filters: { hall: this.state.hall, status: "Active" } }),
				},
				{
					fieldname: "department",
					fieldtype: "Link",
					options: "GH Stationed Department",
					label: __("Department"),
					depends_on: "eval:doc.target==='department'",
					get_query: () => ({ filters: { hall: this.state.hall, status: "Stationed" } }),
				},
			],
			primary_action_label: __("Transfer"),
			primary_action: (values) => {
				const args = { ticket: ticket.name };
				if (values.target === "window") {
					args.window = values.window;
				} else {
					args.department = values.department;
				}
				dialog.hide();
				this.run(this.api("transfer", args));
			},
		});
		dialog.show();
	}

	finish() {
		const ticket = this.state && this.state.ticket;
		if (!ticket) {
			return;
		}
		const dialog = new frappe.ui.Dialog({
			title: __("Finish Ticket {0}", [ticket.ticket_number]),
			fields: [
				{
					fieldname: "case_choice",
					fieldtype: "Select",
					label: __("Case"),
					options: [
						{ value: "new", label: __("Open a New Case") },
						{ value: "link", label: __("Link an Existing Case") },
						{ value: "none", label: __("No Case (Enquiry Only)") },
					],
					default: ticket.appointment ? "new" : "new",
				},
				{
					fieldname: "case",
					fieldtype: "Link",
					options: "GH Case",
					label: __("Case"),
					depends_on: "eval:doc.case_choice==='link'",
				},
				{
					fieldname: "applicant_type",
					fieldtype: "Select",
					label: __("Applicant Type"),
					options: [
						{ value: "Person", label: __("Person") },
						{ value: "Company", label: __("Company") },
					],
					default: "Person",
					depends_on: "eval:doc.case_choice==='new'",
				},
				{
					fieldname: "applicant_name",
					fieldtype: "Data",
					label: __("Applicant Name"),
					depends_on: "eval:doc.case_choice==='new'",
				},
				{
					fieldname: "id_number",
					fieldtype: "Data",
					label: __("ID Number"),
					depends_on: "eval:doc.case_choice==='new'",
				},
				{
					fieldname: "mobile",
					fieldtype: "Data",
					label: __("Mobile"),
					depends_on: "eval:doc.case_choice==='new'",
				},
				{
					fieldname: "matter",
					fieldtype: "Link",
					options: "GH Service Matter",
					label: __("Service Matter"),
					default: ticket.matter,
					depends_on: "eval:doc.case_choice==='new'",
				},
				{
					fieldname: "appointment_note",
					fieldtype: "HTML",
					depends_on: "eval:doc.case_choice==='new'",
					options: ticket.appointment
						? `<div class="text-muted small">${__(
								"The applicant's details of the appointment are used where left empty."
						  )}</div>`
						: "",
				},
			],
			primary_action_label: __("Finish"),
			primary_action: (values) => {
				const args = { ticket: ticket.name };
				if (values.case_choice === "link") {
					args.case = values.case;
				} else if (values.case_choice === "new") {
					args.new_case = {
						applicant_type: values.applicant_type,
						applicant_name: values.applicant_name,
						id_number: values.id_number,
						mobile: values.mobile,
						matter: values.matter,
					};
				}
				this.api("finish_service", args).then((r) => {
					dialog.hide();
					const result = r.message || {};
					if (result.case) {
						frappe.show_alert({
							message: __("Ticket finished; case {0}.", [result.case]),
							indicator: "green",
						});
					}
					this.refresh();
				});
			},
		});
		dialog.show();
	}

	issue_ticket() {
		const hall = (this.state && this.state.hall) || (this.windows && this.windows[0] && this.windows[0].hall);
		if (!hall) {
			return;
		}
		const dialog = new frappe.ui.Dialog({
			title: __("Issue Desk Ticket"),
			fields: [
				{
					fieldname: "department",
					fieldtype: "Link",
					options: "GH Stationed Department",
					label: __("Department"),
					get_query: () => ({ filters: { hall, status: "Stationed" } }),
				},
				{
					fieldname: "matter",
					fieldtype: "Link",
					options: "GH Service Matter",
					label: __("Service Matter"),
				},
			],
			primary_action_label: __("Issue"),
			primary_action: (values) => {
				this.api("issue_desk_ticket", {
					hall,
					department: values.department,
					matter: values.matter,
				}).then((r) => {
					dialog.hide();
					const t = r.message;
					frappe.msgprint({
						title: __("Ticket Issued"),
						message: __("Ticket {0}: {1} waiting ahead.", [
							frappe.utils.escape_html(t.ticket_number),
							t.waiting_ahead,
						]),
					});
					this.refresh();
				});
			},
		});
		dialog.show();
	}
}
