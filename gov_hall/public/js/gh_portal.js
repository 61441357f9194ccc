// Shared by the public pages (case tracking, rating, complaints, appointment cancelling): post to a
// whitelisted method as a guest and read Frappe's answer. Messages are shown with textContent only.
window.ghPortal = {
	async post(method, body) {
		const headers = { Accept: "application/json" };
		const isForm = body instanceof FormData;
		if (!isForm) headers["Content-Type"] = "application/json";
		if (window.frappe && frappe.csrf_token && frappe.csrf_token !== "None") {
			headers["X-Frappe-CSRF-Token"] = frappe.csrf_token;
		}
		const response = await fetch("/api/method/" + method, {
			method: "POST",
			headers,
			credentials: "same-origin",
			body: isForm ? body : JSON.stringify(body),
		});
		const data = await response.json().catch(() => ({}));
		return { status: response.status, ok: response.ok, message: data.message || {}, data };
	},

	// the translated error Frappe sent with a 4xx answer, or ""
	serverMessage(data) {
		try {
			return JSON.parse(JSON.parse(data._server_messages)[0]).message || "";
		} catch (error) {
			return "";
		}
	},

	// disable a button while a request runs; returns the function that restores it
	busy(button, text) {
		const original = button.textContent;
		button.disabled = true;
		button.textContent = text;
		return () => {
			button.disabled = false;
			button.textContent = original;
		};
	},
};

// A file input of the portal's macros (gh_macros.html `file`): show the chosen file's name in our
// own label, since the browser's button is hidden.
document.querySelectorAll(".gh-file").forEach((group) => {
	const input = group.querySelector(".gh-file-input");
	const name = group.querySelector(".gh-file-name");
	if (!input || !name) return;
	const show = () => {
		name.textContent = input.files && input.files.length ? input.files[0].name : name.dataset.empty;
	};
	input.addEventListener("change", show);
	if (input.form) input.form.addEventListener("reset", () => setTimeout(show));
});
