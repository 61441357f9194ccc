"""A city hall's day at the queue (排队叫号): how fast a window calls the next ticket, whether a
ticket is ever called twice or skipped, and how soon the hall display hears of a call. Not a test:
it prints figures next to references measured in the same run and asserts nothing about time.

    bench --site <site> gov-hall-benchmark --queue --url http://127.0.0.1:8044 [--queue-parts in-process,display]
    bench --site <site> execute gov_hall.benchmarks.queue.run --kwargs "{'url': 'http://127.0.0.1:8044'}"

It makes (or reuses) a scratch hall "QB" (30 stationed departments, 300 windows, one desk user with
a random password), then, each part on a fresh day of waiting tickets written in bulk:

* call-next in process: ``gov_hall.queue.calling.call_next`` window after window over a day of
  4,000 tickets (p95 and median), against the bare locked ``SELECT … FOR UPDATE SKIP LOCKED`` and
  ``UPDATE`` of the same ticket on a plain pymysql connection (no Frappe);
* call-next over HTTP: ``concurrency`` windows (threads) calling at once through
  ``/api/method/gov_hall.api.queue.call_next`` as the logged-in desk user, against Frappe's
  ``/api/method/ping`` under the same concurrency (the floor of any request); needs the site served
  on ``url`` (``bench --site <site> serve --port 8044``);
* ``calls`` concurrent calls (100,000 by default) from ``processes`` × ``threads`` connections, each
  thread with its own ``frappe.init``/``connect``, over enough tickets: double calls (a ticket
  returned twice or called twice in its events) and skipped tickets (a ticket still waiting behind
  one its department called) are counted, both must be 0;
* display delivery: the time from a call to a socket.io client (node's socket.io-client from
  apps/frappe/node_modules, connected to the realtime server at ``socketio_url``) receiving the
  event the call publishes, against Frappe's own ``publish_realtime`` of a dummy event to the same
  room. Needs the realtime server (``FRAPPE_SOCKETIO_PORT=9044 node apps/frappe/socketio.js``) and
  the served site it asks who a socket is.

Everything it writes belongs to the scratch hall and is deleted at the end (the hall stays).

``--queue-parts`` (``parts``) runs some of them: a comma list of in-process, http, display, concurrent.
The parts live beside this module: queue_world (the hall, a day of tickets, wiping), queue_calls
(in process and over HTTP), queue_concurrency (the concurrent calls), queue_display (socket.io).
"""

from __future__ import annotations

import frappe

from gov_hall.benchmarks.city_year import Table, machine
from gov_hall.benchmarks.queue_calls import measure_http, measure_in_process
from gov_hall.benchmarks.queue_concurrency import measure_concurrent
from gov_hall.benchmarks.queue_display import measure_display
from gov_hall.benchmarks.queue_world import DAY_TICKETS, HALL_CODE, HALL_NAME, make_hall, wipe

# ---------------------------------------------------------------------------------------------
# The run


PARTS = ("in-process", "http", "display", "concurrent")


def chosen_parts(parts: str | list | tuple | None) -> list[str]:
	"""The parts to run, in the benchmark's order, from a comma list (None or empty: all)."""
	if not parts:
		return list(PARTS)
	names = (
		[p.strip() for p in parts.split(",")] if isinstance(parts, str) else [str(p).strip() for p in parts]
	)
	unknown = sorted(set(names) - set(PARTS) - {""})
	if unknown:
		raise ValueError(f"unknown queue benchmark parts {unknown}; choose from {', '.join(PARTS)}")
	return [part for part in PARTS if part in names]


def measure(
	url: str = "http://127.0.0.1:8044",
	socketio_url: str | None = None,
	calls: int = 100_000,
	in_process: int = 1_000,
	concurrency: int = 100,
	per_thread: int = 10,
	processes: int = 4,
	threads: int = 25,
	display_calls: int = 200,
	think: float = 3.0,
	seed: int = 20261125,
	parts: str | list | tuple | None = None,
) -> str:
	"""The queue benchmark's ``parts`` (comma list of in-process, http, display, concurrent; default
	all, the concurrent part only when ``calls``); prints and returns the table. Asserts nothing."""
	chosen = chosen_parts(parts)
	frappe.flags.mute_emails = True
	hall = make_hall()
	table = Table()
	socketio_url = socketio_url or f"http://{frappe.local.site}:{frappe.conf.socketio_port or 9000}"
	header = (
		f"hall {HALL_NAME} ({HALL_CODE}): {len(hall['windows'])} windows, "
		f"{len(set(w.department for w in hall['windows']))} departments, a day of {DAY_TICKETS:,} tickets"
	)
	print(header + "\n" + machine(), flush=True)
	parts = []
	if "in-process" in chosen:
		parts.append(lambda: measure_in_process(table, hall, in_process, seed))
	if "http" in chosen:
		parts.append(lambda: measure_http(table, hall, url, concurrency, per_thread, seed))
		if think:
			parts.append(lambda: measure_http(table, hall, url, concurrency, per_thread, seed, think))
	if "display" in chosen:
		parts.append(lambda: measure_display(table, hall, url, socketio_url, display_calls, seed))
	if "concurrent" in chosen and calls:
		parts.append(lambda: measure_concurrent(table, hall, calls, processes, threads, seed))
	try:
		for part in parts:
			part()
			print("  " + table.text().splitlines()[-1], flush=True)  # each figure as soon as it is known
	finally:
		frappe.db.rollback()
		wipe()
	text = header + "\n" + machine() + "\n" + table.text()
	print(text)
	return text


def run(**kwargs) -> str:
	"""For ``bench execute``."""
	return measure(**kwargs)
