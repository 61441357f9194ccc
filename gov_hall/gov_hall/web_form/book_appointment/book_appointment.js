// 预约办事: load the bookable matters of the chosen hall and the free times of the chosen day,
// and show the booking code once the appointment is saved. Rendered by Jinja first (setup below).
// Frappe's own web form scripts (date picker, required-field check, dialogs) translate with
// frappe._messages, which a web form fills with its own labels only: add theirs, translated on the
// server, before the form is built.
frappe._messages = Object.assign(frappe._messages || {}, {{ appointment_setup.frappe_messages | tojson }});

frappe.ready(function () {
	const SETUP = {{ appointment_setup | tojson }};
	const MSG = SETUP.messages;
	const form = frappe.web_form;
	if (!form || !form.fields_dict || !form.fields_dict.slot_start) return;

	let slotRequest = 0;

	const escape = (text) => frappe.utils.escape_html(String(text == null ? "" : text));
	const defaultHelp = {};
	for (const fieldname of ["matter", "slot_start"]) {
		defaultHelp[fieldname] = form.fields_dict[fieldname].df.description || "";
	}

	// Select labels are inserted as HTML: matter and department names are escaped first.
	function setOptions(fieldname, options) {
		const safe = options.map((option) => ({ label: escape(option.label), value: option.value }));
		form.set_df_property(fieldname, "options", [{ label: "", value: "" }, ...safe]);
	}

	function setHelp(fieldname, text) {
		const field = form.fields_dict[fieldname];
		if (field && field.set_description) {
			field.set_description(escape(text || defaultHelp[fieldname] || ""));
		}
	}

	function call(method, args) {
		return new Promise((resolve, reject) => {
			frappe.call({
				method: "gov_hall.api.appointments." + method,
				type: "GET",
				args,
				callback: (r) => resolve(r.message),
				error: reject,
			});
		});
	}

	let matterRequest = 0;
	let pendingMatter = "";
	// why the chosen day has no free time, as the server said it (shown again on submit)
	let slotProblem = "";

	async function loadMatters() {
		const hall = form.get_value("hall");
		const request = ++matterRequest;
		setOptions("matter", []);
		setOptions("slot_start", []);
		if (!hall) {
			setHelp("matter", MSG.choose_hall);
			return;
		}
		try {
			const matters = (await call("get_bookable_matters", { hall })) || [];
			if (request !== matterRequest) return; // another hall was chosen meanwhile
			setOptions("matter", matters);
			setHelp("matter", matters.length ? "" : MSG.no_matters);
			if (pendingMatter && matters.some((m) => m.value === pendingMatter)) {
				form.set_value("matter", pendingMatter);
			}
			pendingMatter = "";
		} catch (e) {
			if (request === matterRequest) setHelp("matter", MSG.failed);
		}
		loadSlots();
	}

	function slotLabel(slot) {
		let label = slot.label + " · " + MSG.places_left.replace("{0}", slot.remaining);
		if (slot.is_off_hours) label += " · " + MSG.off_hours;
		return label;
	}

	async function loadSlots() {
		const hall = form.get_value("hall");
		const matter = form.get_value("matter");
		const date = form.get_value("appointment_date");
		const request = ++slotRequest;
		setOptions("slot_start", []);
		slotProblem = dateProblem(date);
		if (slotProblem || !hall || !matter || !date) {
			setHelp("slot_start", slotProblem);
			return;
		}
		setHelp("slot_start", MSG.loading);
		try {
			const answer = (await call("get_slots", { hall, matter, date })) || {};
			if (request !== slotRequest) return; // a later choice is already loading
			const free = (answer.slots || []).filter((slot) => slot.remaining > 0);
			setOptions(
				"slot_start",
				free.map((slot) => ({ label: slotLabel(slot), value: slot.value }))
			);
			slotProblem = free.length ? "" : answer.message || MSG.no_times;
			setHelp("slot_start", slotProblem);
		} catch (e) {
			if (request === slotRequest) {
				slotProblem = MSG.failed;
				setHelp("slot_start", MSG.failed);
			}
		}
	}

	// A day outside the booking period, said before asking the server (the dates are ISO strings).
	function dateProblem(date) {
		if (date && date < SETUP.first_date) return MSG.date_passed;
		if (date && date > SETUP.last_date) return MSG.too_far;
		return "";
	}

	// What stops the booking before it is sent, in the citizen's words: a day without free
	// times (with the server's reason), else the empty required fields. Frappe's own check would
	// only say "Missing Values Required" for the time.
	function bookingProblem() {
		const problem = dateProblem(form.get_value("appointment_date"));
		if (problem) return problem;
		if (slotProblem && !form.get_value("slot_start")) return slotProblem;
		const missing = (form.fields_list || [])
			.filter((field) => field.df && field.df.reqd && field.get_value && !field.get_value())
			.map((field) => __(field.df.label));
		return missing.length ? MSG.missing.replace("{0}", missing.join("、")) : "";
	}

	// Capture phase on the document: runs before the web form's own submit handler.
	document.addEventListener(
		"submit",
		(event) => {
			if (!event.target.classList || !event.target.classList.contains("web-form")) return;
			const problem = bookingProblem();
			if (!problem) return;
			event.preventDefault();
			event.stopPropagation();
			frappe.msgprint({ title: MSG.cannot_book, message: escape(problem), indicator: "orange" });
		},
		true
	);

	function limitDates() {
		const control = form.fields_dict.appointment_date;
		const picker = control.datepicker;
		if (!picker || !picker.update) return;
		// Frappe picks the calendar's language from the logged-in user: a guest would get English
		const language = $.fn.datepicker.language[frappe.boot.lang] ? frappe.boot.lang : "en";
		control.today_text = MSG.today; // the "Today" button, relabelled when the calendar opens
		const options = {
			language,
			minDate: frappe.datetime.str_to_obj(SETUP.first_date),
			maxDate: frappe.datetime.str_to_obj(SETUP.last_date),
		};
		if (language === "zh") {
			// air-datepicker replaces yyyy only between spaces or tags
			options.navTitles = { days: "yyyy<i>年</i> MM", months: "yyyy<i>年</i>", years: "yyyy1 – yyyy2" };
		}
		try {
			picker.update(options);
		} catch (e) {
			// the server checks the booking period anyway
		}
	}

	function showBookingCode(doc) {
		const box = document.querySelector(".success-page .success-message");
		if (!box || !doc || !doc.booking_code) return;
		const code = document.createElement("p");
		code.className = "booking-code";
		code.style.fontSize = "1.75rem";
		code.style.letterSpacing = "0.2em";
		code.style.fontWeight = "600";
		code.textContent = doc.booking_code;
		const when = document.createElement("p");
		when.textContent =
			MSG.when +
			": " +
			doc.appointment_date +
			" " +
			String(doc.slot_start || "").slice(0, 5) +
			"–" +
			String(doc.slot_end || "").slice(0, 5) +
			(doc.is_off_hours ? " (" + MSG.off_hours + ")" : "");
		const keep = document.createElement("p");
		keep.className = "text-muted";
		keep.textContent = MSG.keep_code;
		const label = document.createElement("p");
		label.textContent = MSG.booking_code + ":";
		box.after(label, code, when, keep);
		const footer = document.querySelector(".success-page .success-footer");
		if (footer && !footer.querySelector(".gh-booking-links")) {
			for (const [href, text] of [
				["/cancel-appointment", MSG.cancel_link],
				["/service-guide", MSG.guide_link],
			]) {
				const link = document.createElement("a");
				link.href = href;
				link.className = "btn btn-default btn-md mr-2 gh-booking-links";
				link.textContent = text;
				footer.appendChild(link);
			}
		}
	}

	// Frappe passes the saved document only to handle_success; wrap it to show the code.
	const handleSuccess = form.handle_success.bind(form);
	form.handle_success = function (doc) {
		handleSuccess(doc);
		showBookingCode(doc);
	};

	// a citizen books again, rather than "submits another response"; nothing to discard on a new form
	const again = document.querySelector(".success-page .new-btn");
	if (again) again.textContent = MSG.book_again;
	document.querySelectorAll(".web-form-footer .discard-btn").forEach((button) => button.remove());

	form.on("hall", () => loadMatters());
	form.on("matter", () => loadSlots());
	form.on("appointment_date", () => loadSlots());
	limitDates();

	// /book-appointment/new?hall=…&matter=… (the service guide links with ?matter=)
	const params = frappe.utils.get_query_params();
	pendingMatter = params.matter || "";
	if (!pendingMatter) {
		// /book-appointment?matter=X is redirected to /new without its query; the guide page is the referrer
		const match = /\/service-guide\/([^/?#]+)/.exec(document.referrer || "");
		if (match) pendingMatter = decodeURIComponent(match[1]);
	}
	if (!form.get_value("hall") && SETUP.default_hall) {
		form.set_value("hall", SETUP.default_hall).then(() => loadMatters());
	} else {
		loadMatters();
	}
});
