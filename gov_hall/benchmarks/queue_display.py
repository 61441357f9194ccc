"""Display delivery: the time from a call to a socket.io client of the hall's display room hearing it,
against Frappe's own publish_realtime to that room. Part of gov_hall.benchmarks.queue."""

from __future__ import annotations

import json
import os
import queue as stdqueue
import secrets
import statistics
import subprocess
import threading
import time
import urllib.parse
from pathlib import Path

import frappe

from gov_hall.benchmarks.city_year import Table, percentile
from gov_hall.benchmarks.queue_world import (
	DAY_TICKETS,
	DESK_USER,
	HALL_NAME,
	TICKET,
	fill_day,
	login,
	release,
	spread,
)

# ---------------------------------------------------------------------------------------------
# Display delivery through socket.io


LISTENER = r"""
const { io } = require("socket.io-client");
const [url, namespace, origin, sid, channel] = process.argv.slice(2);
const socket = io(url + "/" + namespace, {
	transports: ["websocket"],
	extraHeaders: { Origin: origin, Cookie: "sid=" + sid, "X-Frappe-Site-Name": namespace },
	reconnection: false,
});
const now = () => performance.timeOrigin + performance.now();
socket.on("connect", () => {
	socket.emit("task_subscribe", channel);
	setTimeout(() => console.log(JSON.stringify({ kind: "connected", t: now() })), 500);
});
socket.on("connect_error", (e) => { console.log(JSON.stringify({ kind: "error", message: String(e) })); process.exit(1); });
socket.onAny((event, data) => console.log(JSON.stringify({ kind: "event", t: now(), event, data })));
setTimeout(() => process.exit(0), 1000 * 600);
"""


class Listener:
	"""A node socket.io client of the site, its events read line by line on a thread."""

	def __init__(self, socketio_url: str, origin: str, sid: str, channel: str):
		bench = Path(frappe.get_app_path("frappe")).resolve().parents[2]
		self.path = Path(f"/tmp/gh_queue_listener_{os.getpid()}.js")
		self.path.write_text(LISTENER)
		env = {**os.environ, "NODE_PATH": str(bench / "apps" / "frappe" / "node_modules")}
		self.process = subprocess.Popen(
			["node", str(self.path), socketio_url.rstrip("/"), frappe.local.site, origin, sid, channel],
			stdout=subprocess.PIPE,
			stderr=subprocess.STDOUT,
			text=True,
			env=env,
		)
		self.lines = stdqueue.Queue()
		self.connected = threading.Event()
		self.error = None
		threading.Thread(target=self.read, daemon=True).start()

	def read(self) -> None:
		for line in self.process.stdout:
			try:
				record = json.loads(line)
			except ValueError:
				self.error = line.strip()
				continue
			if record["kind"] == "connected":
				self.connected.set()
			elif record["kind"] == "error":
				self.error = record["message"]
				self.connected.set()
			else:
				self.lines.put(record)

	def wait_for(self, matches, timeout: float = 5.0) -> float | None:
		"""The receive time (epoch seconds) of the next event whose data ``matches``."""
		deadline = time.time() + timeout
		while time.time() < deadline:
			try:
				record = self.lines.get(timeout=max(0.01, deadline - time.time()))
			except stdqueue.Empty:
				return None
			if isinstance(record.get("data"), dict) and matches(record["data"]):
				return record["t"] / 1000
		return None

	def drain(self) -> None:
		while not self.lines.empty():
			self.lines.get_nowait()

	def close(self) -> None:
		self.process.terminate()
		self.process.wait(timeout=10)
		self.path.unlink(missing_ok=True)


def measure_display(table: Table, hall: dict, url: str, socketio_url: str, calls: int, seed: int) -> None:
	label = f"display delivery: call → socket.io client, {calls} calls (p95)"
	site = frappe.local.site
	try:
		session = login(url, site, hall["password"])
	except Exception as error:
		table.add(label, None, None, f"skipped: no login at {url} ({type(error).__name__})")
		return
	origin = f"http://{site}:{urllib.parse.urlparse(url).port or 80}"
	from gov_hall.queue.display import hall_channel, hall_room

	listener = Listener(socketio_url, origin, session.cookies.get("sid"), hall_channel(HALL_NAME))
	try:
		if not listener.connected.wait(15) or listener.error:
			table.add(
				label,
				None,
				None,
				f"skipped: socket.io at {socketio_url}: {listener.error or 'no connection'}",
			)
			return
		from gov_hall.queue.calling import call_next

		fill_day(hall, spread(hall, DAY_TICKETS), seed)
		windows = [w.name for w in hall["windows"]]
		delays, missed = [], 0
		frappe.set_user(DESK_USER)
		for index in range(calls):
			listener.drain()
			sent = time.time()
			name = call_next(windows[index % len(windows)])
			number = frappe.db.get_value(TICKET, name, "ticket_number") if name else None
			received = listener.wait_for(
				lambda data, number=number: data.get("ticket") == number and data.get("event") == "Called"
			)
			if received is None:
				missed += 1
			else:
				delays.append(received - sent)
			release(name)
			time.sleep(0.02)
		frappe.set_user("Administrator")
		room = hall_room(HALL_NAME)
		reference, ref_missed = [], 0
		for index in range(calls):
			listener.drain()
			tag = f"gh-bench-{index}-{secrets.token_hex(4)}"
			sent = time.time()
			frappe.publish_realtime("gh_queue_bench", {"tag": tag}, room=room)
			received = listener.wait_for(lambda data, tag=tag: data.get("tag") == tag)
			if received is None:
				ref_missed += 1
			else:
				reference.append(received - sent)
			time.sleep(0.02)
		table.add(
			label,
			percentile(delays, 0.95) if delays else None,
			percentile(reference, 0.95) if reference else None,
			f"median {statistics.median(delays) * 1000 if delays else 0:.1f} ms, {missed} not heard within 5 s; "
			"reference: frappe.publish_realtime of a dummy event to the hall's display room, median "
			f"{statistics.median(reference) * 1000 if reference else 0:.1f} ms, {ref_missed} not heard; "
			"target p95 < 1 s",
		)
	finally:
		frappe.set_user("Administrator")
		listener.close()
