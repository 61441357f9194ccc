"""Call-next timed in process against the bare locked statements on a plain pymysql connection (no
Frappe), and over HTTP (many windows at once) against Frappe's ping. Part of gov_hall.benchmarks.queue."""

from __future__ import annotations

import datetime
import queue as stdqueue
import random
import secrets
import statistics
import threading
import time
from collections import Counter

import frappe

from gov_hall.benchmarks.city_year import Table, percentile
from gov_hall.benchmarks.queue_world import (
	DAY_TICKETS,
	DESK_USER,
	HALL_NAME,
	RELEASE,
	fill_day,
	login,
	raw_connection,
	release,
	spread,
)
from gov_hall.queue.calling import BATCH
from gov_hall.rules import queue as queue_rules
from gov_hall.utils.clock import now_datetime

# ---------------------------------------------------------------------------------------------
# Call-next in process, and the bare SQL


def measure_in_process(table: Table, hall: dict, calls: int, seed: int) -> None:
	from gov_hall.queue.calling import call_next

	per_window = spread(hall, DAY_TICKETS)
	fill_day(hall, per_window, seed)
	windows = [w.name for w in hall["windows"]]
	timings, answered = [], 0
	frappe.set_user(DESK_USER)
	try:
		for index in range(calls):
			window = windows[index % len(windows)]
			started = time.perf_counter()
			name = call_next(window)
			timings.append(time.perf_counter() - started)
			answered += bool(name)
			release(name)
	finally:
		frappe.set_user("Administrator")
	fill_day(hall, per_window, seed)
	reads = []
	bare = bare_calls(hall, windows, calls, reads)
	table.add(
		f"call_next in process, {calls:,} calls over a day of {DAY_TICKETS:,} tickets (p95)",
		percentile(timings, 0.95),
		percentile(bare, 0.95),
		f"median {statistics.median(timings) * 1000:.1f} ms, {answered:,} tickets called; reference: "
		f"call_next's statements (window lock, ordered read, SELECT … SKIP LOCKED, UPDATE, event, COMMIT) "
		f"on pymysql, median "
		f"{statistics.median(bare) * 1000:.2f} ms, of which the ordered read of the window's waiting "
		f"tickets {statistics.median(reads) * 1000:.2f} ms; target p95 < 50 ms",
	)


# the statements of gov_hall.queue.calling._call_next, on a plain connection
BARE_LOCK_WINDOW = "select `name` from `tabGH Service Window` where `name` = %(window)s for update"
BARE_HOLDING = (
	"select `name` from `tabGH Queue Ticket` where `window` = %(window)s "
	"and `status` in ('Called', 'Serving') and `ticket_date` = %(day)s order by `called_on` desc limit 1"
)
BARE_WHERE = (
	"`hall` = %(hall)s and `ticket_date` = %(day)s and `status` = 'Waiting' and "
	"(`window` = %(window)s or (ifnull(`window`, '') = '' and `department` in %(departments)s))"
)
# the app's hint: the hall's waiting tickets of the day through the calling index, then sorted
BARE_CANDIDATES = (
	f"select `name` from `tabGH Queue Ticket` force index (gh_queue_calling) where {BARE_WHERE} "
	f"order by {queue_rules.CALL_ORDER_SQL} limit {BATCH} offset %(offset)s"
)
BARE_LOCK = (
	"select `name`, `issued_on`, `slot_start`, `called_on` from `tabGH Queue Ticket` "
	f"where `name` = %(name)s and {BARE_WHERE} for update skip locked"
)
BARE_UPDATE = (
	"update `tabGH Queue Ticket` set `status` = 'Called', `window` = %(window)s, `window_number` = %(number)s, "
	"`staff` = %(staff)s, `staff_name` = %(staff)s, `called_on` = %(now)s, `recalls` = 0, "
	"`wait_seconds` = %(wait)s, `modified` = %(now)s, `modified_by` = %(staff)s where `name` = %(name)s"
)
BARE_EVENT = (
	"insert into `tabGH Queue Ticket Event` (`name`, `creation`, `modified`, `owner`, `modified_by`, "
	"`docstatus`, `idx`, `parent`, `parentfield`, `parenttype`, `event`, `at`, `window`, `staff`) "
	"values (%(event_name)s, %(now)s, %(now)s, %(staff)s, %(staff)s, 0, 2, %(name)s, 'events', "
	"'GH Queue Ticket', 'Called', %(now)s, %(window)s, %(staff)s)"
)


def bare_call(cursor, connection, window: dict, day, reads: list | None = None) -> str | None:
	"""One call with the same statements as call_next, no Frappe: lock the window, check it holds no
	ticket, read candidates in order, lock the first free one (SKIP LOCKED), update it, add its event."""
	values = {
		"hall": HALL_NAME,
		"day": day,
		"window": window["name"],
		"departments": tuple(window["departments"]),
		"number": window["window_number"],
		"staff": DESK_USER,
		"offset": 0,
	}
	cursor.execute(BARE_LOCK_WINDOW, values)
	cursor.execute(BARE_HOLDING, values)
	called = None
	if not cursor.fetchone():
		started = time.perf_counter()
		cursor.execute(BARE_CANDIDATES, values)
		if reads is not None:
			reads.append(time.perf_counter() - started)
		for (candidate,) in cursor.fetchall():
			cursor.execute(BARE_LOCK, {**values, "name": candidate})
			row = cursor.fetchone()
			if row:
				now = datetime.datetime.now()
				wait = queue_rules.wait_seconds(row[1], now, row[2]) or 0
				event = secrets.token_hex(6)
				cursor.execute(BARE_UPDATE, {**values, "name": row[0], "now": now, "wait": wait})
				cursor.execute(BARE_EVENT, {**values, "name": row[0], "now": now, "event_name": event})
				called = row[0]
				break
	connection.commit()
	return called


def bare_calls(hall: dict, windows: list[str], calls: int, reads: list | None = None) -> list[float]:
	rows = {
		w.name: {"name": w.name, "departments": [w.department], "window_number": w.window_number}
		for w in hall["windows"]
	}
	day = now_datetime().date()
	connection = raw_connection()
	timings = []
	try:
		with connection.cursor() as cursor:
			for index in range(calls):
				started = time.perf_counter()
				name = bare_call(cursor, connection, rows[windows[index % len(windows)]], day, reads)
				timings.append(time.perf_counter() - started)
				if name:
					cursor.execute(RELEASE, [name])
					connection.commit()
	finally:
		connection.close()
	return timings


# ---------------------------------------------------------------------------------------------
# Over HTTP, many windows at once


def hammer(
	url: str, site: str, cookies: dict, jobs: list[list[dict]], release_called: bool = False, think: float = 0
):
	"""One thread per list of jobs (a window's calls), all started together: latencies, answers and
	the tickets called. With ``release_called`` a thread finishes each ticket it called (on its own
	database connection, not timed) so that its window may call again; with ``think`` a thread pauses
	0.5–1.5 × ``think`` seconds between its calls (after a first call at the same instant as the others)."""
	import requests

	barrier = threading.Barrier(len(jobs))
	timings, answers, called, lock = [], Counter(), [], threading.Lock()
	# a few shared connections finish the tickets: the server holds one connection per request
	pool = stdqueue.Queue()
	for _ in range(8 if release_called else 0):
		pool.put(raw_connection())

	def worker(calls: list[dict]) -> None:
		session = requests.Session()
		session.headers["Host"] = site
		session.cookies.update(cookies)
		mine, seen, got = [], Counter(), []
		rng = random.Random(len(calls) + threading.get_ident())
		barrier.wait()
		for index, call in enumerate(calls):
			if think and index:
				time.sleep(rng.uniform(0.5, 1.5) * think)
			started = time.perf_counter()
			try:
				answer = session.request(
					call["method"], url.rstrip("/") + call["path"], data=call.get("data"), timeout=60
				)
				seen[answer.status_code] += 1
			except requests.RequestException as error:
				seen[type(error).__name__] += 1
				answer = None
			mine.append(time.perf_counter() - started)
			if release_called and answer is not None and answer.ok:
				name = (answer.json().get("message") or {}).get("called")
				if name:
					got.append(name)
					connection = pool.get()
					try:
						with connection.cursor() as cursor:
							cursor.execute(RELEASE, [name])
						connection.commit()
					finally:
						pool.put(connection)
		with lock:
			timings.extend(mine)
			answers.update(seen)
			called.extend(got)

	threads = [threading.Thread(target=worker, args=(calls,)) for calls in jobs]
	for thread in threads:
		thread.start()
	for thread in threads:
		thread.join()
	while not pool.empty():
		pool.get().close()
	return timings, answers, called


def measure_http(
	table: Table, hall: dict, url: str, concurrency: int, per_thread: int, seed: int, think: float = 0
) -> None:
	pace = f"~{think:g} s between a window's calls" if think else "back to back"
	label = f"call_next over HTTP, {concurrency} windows at once, {pace} (p95)"
	site = frappe.local.site
	try:
		session = login(url, site, hall["password"])
	except Exception as error:
		table.add(
			label,
			None,
			None,
			f"skipped: no login at {url} for {site} ({type(error).__name__}); "
			f"start `bench --site {site} serve --port N`",
		)
		return
	windows = [w.name for w in hall["windows"]][:concurrency]
	fill_day(hall, spread(hall, DAY_TICKETS), seed)
	cookies = session.cookies.get_dict()
	ping = [{"method": "GET", "path": "/api/method/ping"}]
	hammer(url, site, cookies, [ping] * min(concurrency, 10))  # warm the server's workers up
	ping_times, ping_answers, _none = hammer(
		url, site, cookies, [ping * per_thread for _ in windows], think=think
	)
	call_jobs = [
		[{"method": "POST", "path": "/api/method/gov_hall.api.queue.call_next", "data": {"window": w}}]
		* per_thread
		for w in windows
	]
	call_times, call_answers, called = hammer(url, site, cookies, call_jobs, release_called=True, think=think)
	doubles = len(called) - len(set(called))
	table.add(
		label,
		percentile(call_times, 0.95),
		percentile(ping_times, 0.95),
		f"median {statistics.median(call_times) * 1000:.0f} ms, answers {dict(call_answers)}, "
		f"{per_thread} calls a window, {len(called):,} tickets called ({doubles} twice); reference: "
		"/api/method/ping, the same "
		f"{concurrency} threads, median {statistics.median(ping_times) * 1000:.0f} ms, answers "
		f"{dict(ping_answers)}; target p95 < 150 ms",
	)
