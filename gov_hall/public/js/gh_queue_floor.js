// The hall floor's screens (hall display, window display, window evaluator): hear the hall's calls
// through Frappe's realtime (socket.io) and fall back to asking every 30 seconds while it is down.
//
// Frappe's website script (frappe-web.bundle: website.js) makes `frappe.realtime` on every portal
// page with a lazy socket; a screen connects it and joins its hall's secret channel, a
// `task_progress:<channel>` room any socket may join by `task_subscribe` (the channel comes from
// the device-checked state endpoint, gov_hall.queue.display.hall_channel). The server publishes
// each call there as the `gh_queue` event (gov_hall.queue.display.publish).
window.ghQueueFloor = {
	POLL_MS: 30000,

	// connect(channel, { onEvent(message), onStatus(live), poll() }) -> controller
	connect(channel, handlers) {
		const state = { live: false, timer: null, socket: null };
		const setLive = (live) => {
			state.live = live;
			if (handlers.onStatus) handlers.onStatus(live);
			if (live) {
				if (state.timer) clearInterval(state.timer);
				state.timer = null;
			} else if (!state.timer && handlers.poll) {
				state.timer = setInterval(() => handlers.poll(), this.POLL_MS);
			}
		};
		setLive(false);
		const realtime = window.frappe && frappe.realtime;
		if (!realtime || !channel) return state;
		if (!realtime.socket && realtime.init) realtime.init(window.socketio_port, true);
		const socket = realtime.socket;
		if (!socket) return state;
		state.socket = socket;
		// a screen runs all day: keep trying to reconnect (Frappe's client gives up after 3)
		if (socket.io && socket.io.reconnectionAttempts) {
			socket.io.reconnectionAttempts(Infinity);
			socket.io.reconnectionDelayMax(10000);
		}
		socket.on("connect", () => {
			socket.emit("task_subscribe", channel);
			setLive(true);
			// what happened while the screen was away
			if (handlers.poll) handlers.poll();
		});
		socket.on("disconnect", () => setLive(false));
		socket.on("connect_error", () => setLive(false));
		socket.on("gh_queue", (message) => {
			if (handlers.onEvent) handlers.onEvent(message || {});
		});
		if (realtime.connect) realtime.connect();
		if (socket.connected) {
			socket.emit("task_subscribe", channel);
			setLive(true);
		}
		return state;
	},

	// speak a call in Mandarin (browser speech synthesis); returns whether it was handed over
	speak(text) {
		if (!text || !("speechSynthesis" in window)) return false;
		const utterance = new SpeechSynthesisUtterance(text);
		utterance.lang = "zh-CN";
		utterance.rate = 0.9;
		const voice = (speechSynthesis.getVoices() || []).find((v) => /^zh(-|_)?CN/i.test(v.lang));
		if (voice) utterance.voice = voice;
		speechSynthesis.speak(utterance);
		return true;
	},

	async get(method) {
		const response = await fetch("/api/method/" + method, {
			method: "GET",
			headers: { Accept: "application/json" },
			credentials: "same-origin",
		});
		const data = await response.json().catch(() => ({}));
		return { status: response.status, ok: response.ok, message: data.message || {}, data };
	},

	setText(id, text) {
		const el = document.getElementById(id);
		if (el) el.textContent = text == null ? "" : String(text);
	},
};
