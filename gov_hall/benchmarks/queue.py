"""A city hall's day at the queue (排队叫号): how fast a window calls the next ticket, whether a
ticket is ever called twice or skipped, and how soon the hall display hears of a call. Not a test:
it prints figures next to references measured in the same run and asserts nothing about time.

    bench --site <site> gov-hall-benchmark --queue --url http://127.0.0.1:8044
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
"""

from __future__ import annotations

import datetime
import json
import os
import queue as stdqueue
import random
import secrets
import statistics
import subprocess
import threading
import time
import urllib.parse
from collections import Counter, defaultdict
from pathlib import Path

import frappe

from gov_hall.benchmarks.city_year import Table, machine, percentile
from gov_hall.demo.cases import set_series_current
from gov_hall.demo.voice import bulk, move_series, name_rows
from gov_hall.queue.tickets import counter_key
from gov_hall.rules import queue as queue_rules
from gov_hall.utils.clock import now_datetime

HALL_NAME = "基准叫号大厅"
HALL_CODE = "QB"
DEPARTMENTS = 30
WINDOWS = 300
DAY_TICKETS = 4_000
DESK_USER = "queue-bench@bench.example.com"
TICKET = "GH Queue Ticket"
PRIORITY_SHARE = 0.1


# ---------------------------------------------------------------------------------------------
# The scratch hall


def make_hall() -> dict:
	"""The hall QB with its departments (ticket prefixes from the app), windows and desk user."""
	frappe.flags.mute_emails = True
	if not frappe.db.exists("GH Service Hall", HALL_NAME):
		frappe.get_doc(
			{
				"doctype": "GH Service Hall",
				"hall_name": HALL_NAME,
				"hall_code": HALL_CODE,
				"hall_level": "City Hall",
				"opening_time": "09:00:00",
				"closing_time": "17:30:00",
			}
		).insert(ignore_permissions=True)
	departments = []
	for index in range(DEPARTMENTS):
		name = f"基准叫号部门{index + 1:02d}"
		departments.append(name)
		if not frappe.db.exists("GH Stationed Department", name):
			frappe.get_doc(
				{
					"doctype": "GH Stationed Department",
					"department_name": name,
					"short_name": f"部门{index + 1:02d}",
					"department_type": "Approval Body",
					"hall": HALL_NAME,
					"stationed_from": "2024-01-02",
				}
			).insert(ignore_permissions=True)
	shares = window_shares(len(departments))
	number = 0
	for department, share in zip(departments, shares, strict=True):
		for _ in range(share):
			number += 1
			name = f"{HALL_CODE}-{number:03d}"
			if not frappe.db.exists("GH Service Window", name):
				frappe.get_doc(
					{
						"doctype": "GH Service Window",
						"window_number": f"{number:03d}",
						"window_name": f"{number}号窗口",
						"window_type": "Professional",
						"hall": HALL_NAME,
						"department": department,
					}
				).insert(ignore_permissions=True)
	password = make_desk_user()
	frappe.db.commit()  # nosemgrep: a bench command's own transaction
	return load_hall(password)


def window_shares(count: int) -> list[int]:
	"""Windows per department: a few big departments, a tail of one or two windows."""
	weights = [1 / (i + 1) ** 0.8 for i in range(count)]
	shares = [max(1, round(WINDOWS * w / sum(weights))) for w in weights]
	index = 0
	while sum(shares) != WINDOWS:
		step = 1 if sum(shares) < WINDOWS else -1
		if shares[index % count] + step >= 1:
			shares[index % count] += step
		index += 1
	return shares


def make_desk_user() -> str:
	"""A hall manager who also sits at the desk; a new random password every run."""
	from frappe.utils.password import update_password

	from gov_hall.setup.roles import HALL_MANAGER, WINDOW_STAFF

	if not frappe.db.exists("User", DESK_USER):
		user = frappe.get_doc(
			{
				"doctype": "User",
				"email": DESK_USER,
				"first_name": "叫号基准",
				"send_welcome_email": 0,
				"user_type": "System User",
				"roles": [{"role": HALL_MANAGER}, {"role": WINDOW_STAFF}],
			}
		)
		user.flags.no_welcome_mail = True
		user.insert(ignore_permissions=True)
	password = secrets.token_urlsafe(18)
	update_password(DESK_USER, password, logout_all_sessions=False)
	return password


def load_hall(password: str | None = None) -> dict:
	windows = frappe.get_all(
		"GH Service Window",
		filters={"hall": HALL_NAME},
		fields=["name", "department", "window_number"],
		order_by="name asc",
	)
	prefixes = dict(
		frappe.get_all(
			"GH Stationed Department",
			filters={"hall": HALL_NAME},
			fields=["name", "ticket_prefix"],
			as_list=True,
		)
	)
	return {"windows": windows, "prefixes": prefixes, "password": password}


def wipe(attempts: int = 5) -> None:
	"""Delete the scratch hall's tickets and their events (the hall, windows and user stay)."""
	for attempt in range(attempts):
		try:
			return wipe_once()
		except frappe.QueryDeadlockError:
			frappe.db.rollback()
			if attempt == attempts - 1:
				raise
			time.sleep(1)


def wipe_once() -> None:
	hall = frappe.db.escape(HALL_NAME)
	frappe.db.sql(
		"delete e from `tabGH Queue Ticket Event` e join `tabGH Queue Ticket` t on t.name = e.parent "
		f"where t.hall = {hall}"
	)
	frappe.db.sql(f"delete from `tabGH Queue Ticket` where hall = {hall}")
	counters = counter_key(HALL_NAME, now_datetime().date(), "A").rsplit(".", 2)[0] + ".%"
	frappe.db.sql("delete from `tabSeries` where name like %s", counters)
	frappe.db.commit()  # nosemgrep


def fill_day(hall: dict, per_window: dict[str, int], seed: int) -> int:
	"""Waiting tickets for today: each department as many as its windows will call (``per_window``),
	a tenth of them appointments with a slot; issued over the morning, numbered per prefix."""
	wipe()
	rng = random.Random(seed)
	today = now_datetime().replace(microsecond=0)
	opening = today.replace(hour=8, minute=0, second=0)
	need = Counter()
	for window in hall["windows"]:
		need[window.department] += per_window.get(window.name, 0)
	rows = []
	for department in sorted(need):
		prefix = hall["prefixes"].get(department) or "Z"
		count = need[department]
		for serial in range(1, count + 1):
			issued = opening + datetime.timedelta(seconds=int(serial * 14_400 / count) + rng.randrange(5))
			priority = int(rng.random() < PRIORITY_SHARE)
			rows.append(
				{
					"hall": HALL_NAME,
					"ticket_date": today.date(),
					"department": department,
					"prefix": prefix,
					"serial": serial,
					"ticket_number": queue_rules.ticket_number(prefix, serial, 3),
					"source": "Appointment" if priority else "Kiosk",
					"priority": priority,
					"slot_start": issued.replace(minute=0 if issued.minute < 30 else 30, second=0)
					if priority
					else None,
					"issued_on": issued,
					"status": "Waiting",
					"creation": issued,
					"owner": "Guest",
				}
			)
	rows.sort(key=lambda row: (row["issued_on"], row["department"]))
	name_rows(rows, "QT", lambda row: row["issued_on"], 8)
	bulk(TICKET, rows)
	move_series("QT", rows)
	for department in need:  # a ticket issued later today continues the numbers
		prefix = hall["prefixes"].get(department) or "Z"
		set_series_current(counter_key(HALL_NAME, today.date(), prefix), need[department])
	frappe.db.commit()  # nosemgrep
	return len(rows)


def spread(hall: dict, calls: int) -> dict[str, int]:
	"""``calls`` shared out over the windows (the first windows take the remainder)."""
	windows = [w.name for w in hall["windows"]]
	base, extra = divmod(calls, len(windows))
	return {name: base + (index < extra) for index, name in enumerate(windows)}


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


RELEASE = "update `tabGH Queue Ticket` set status = 'Done', service_finished_on = now() where name = %s"


def release(name: str | None) -> None:
	"""The desk finishes the called ticket (not timed): a window with a ticket may not call again."""
	if name:
		frappe.db.sql(RELEASE, name)
		frappe.db.commit()  # nosemgrep


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
BARE_CANDIDATES = (
	f"select `name` from `tabGH Queue Ticket` where {BARE_WHERE} "
	f"order by {queue_rules.CALL_ORDER_SQL} limit 32 offset %(offset)s"
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


def db_params() -> dict:
	"""The site's database as Frappe's settings give it (read where a site is initialised)."""
	conf = frappe.conf
	return {
		"host": conf.db_host or "127.0.0.1",
		"port": int(conf.db_port or 3306),
		"user": conf.db_user or conf.db_name,
		"password": conf.db_password,
		"database": conf.db_name,
	}


def raw_connection(params: dict | None = None):
	"""A plain pymysql connection to the site's database."""
	import pymysql

	return pymysql.connect(**(params or db_params()), charset="utf8mb4", autocommit=False)


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


def login(url: str, site: str, password: str):
	import requests

	session = requests.Session()
	session.headers["Host"] = site
	answer = session.post(
		url.rstrip("/") + "/api/method/login", data={"usr": DESK_USER, "pwd": password}, timeout=30
	)
	answer.raise_for_status()
	return session


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


# ---------------------------------------------------------------------------------------------
# 100,000 concurrent calls


def concurrent_worker(site: str, sites_path: str, work: list, barrier, out) -> None:
	"""A thread of a worker process: its own Frappe context and database connection; it calls its
	windows in turn (finishing each ticket it gets, so that the window may call again) until each has
	made its share of calls or found nobody waiting."""
	frappe.init(site=site, sites_path=sites_path)
	frappe.connect()
	frappe.set_user(DESK_USER)
	from gov_hall.queue.calling import call_next

	results, errors = [], Counter()
	barrier.wait()
	started = time.time()
	try:
		quota = dict(work)
		while quota:
			for window in list(quota):
				try:
					name = call_next(window)
					release(name)
				except Exception as error:
					frappe.db.rollback()
					errors[type(error).__name__] += 1
					if errors.total() > 1000:
						quota.clear()
						break
					continue
				results.append((window, name))
				quota[window] -= 1
				if quota[window] <= 0 or name is None:
					quota.pop(window, None)
	finally:
		frappe.destroy()
	out.put((results, dict(errors), started, time.time()))


def concurrent_process(site: str, sites_path: str, work: list, out_path: str) -> None:
	"""A worker process: ``len(work)`` threads calling at once; results written as JSON."""
	results = stdqueue.Queue()
	barrier = threading.Barrier(len(work))
	threads = [
		threading.Thread(target=concurrent_worker, args=(site, sites_path, chunk, barrier, results))
		for chunk in work
	]
	for thread in threads:
		thread.start()
	for thread in threads:
		thread.join()
	calls, errors, starts, ends = [], Counter(), [], []
	while not results.empty():
		found, failed, started, ended = results.get()
		calls.extend(found)
		errors.update(failed)
		starts.append(started)
		ends.append(ended)
	Path(out_path).write_text(
		json.dumps({"calls": calls, "errors": errors, "start": min(starts), "end": max(ends)})
	)


def concurrent_round(hall: dict, calls: int, processes: int, threads: int, seed: int) -> dict:
	"""One day of waiting tickets and ``calls`` calls at once from processes × threads connections."""
	per_window = spread(hall, calls)
	margin = {name: count + max(2, count // 50) for name, count in per_window.items()}
	tickets = fill_day(hall, margin, seed)
	windows = sorted(per_window, key=lambda name: -per_window[name])
	lanes = [[] for _ in range(processes * threads)]
	for index, window in enumerate(windows):
		if per_window[window]:
			lanes[index % len(lanes)].append((window, per_window[window]))
	lanes = [lane for lane in lanes if lane]
	site, sites_path = frappe.local.site, os.path.abspath(frappe.local.sites_path)
	script = (
		"import json, sys; from gov_hall.benchmarks.queue import concurrent_process; "
		"concurrent_process(*json.loads(sys.argv[1]))"
	)
	children, outputs = [], []
	for index in range(processes):
		work = lanes[index::processes]
		if not work:
			continue
		out_path = f"/tmp/gh_queue_bench_{os.getpid()}_{index}.json"
		outputs.append(out_path)
		children.append(
			subprocess.Popen(
				[os.sys.executable, "-c", script, json.dumps([site, sites_path, work, out_path])],
				cwd=sites_path,
			)
		)
	for child in children:
		child.wait()
	returned, errors, starts, ends = [], Counter(), [], []
	for out_path in outputs:
		path = Path(out_path)
		if path.exists():
			data = json.loads(path.read_text())
			returned.extend(data["calls"])
			errors.update(data["errors"])
			starts.append(data["start"])
			ends.append(data["end"])
			path.unlink()
	frappe.db.rollback()  # a fresh snapshot of what the workers committed
	doubles, skipped, empty, answered = check_calls(returned)
	return {
		"tickets": tickets,
		"answered": answered,
		"doubles": doubles,
		"skipped": skipped,
		"empty": empty,
		"errors": errors,
		"seconds": (max(ends) - min(starts)) if starts else 0.0,
		"names": [name for _window, name in returned if name],
	}


def measure_concurrent(table: Table, hall: dict, calls: int, processes: int, threads: int, seed: int) -> None:
	"""``calls`` concurrent calls in rounds of a day (DAY_TICKETS calls over a fresh day's tickets)."""
	totals = Counter()
	errors, names, rounds = Counter(), Counter(), 0
	remaining = calls
	while remaining > 0:
		size = min(DAY_TICKETS, remaining)
		result = concurrent_round(hall, size, processes, threads, seed + rounds)
		rounds += 1
		remaining -= size
		for key in ("tickets", "answered", "doubles", "skipped", "empty"):
			totals[key] += result[key]
		totals["seconds"] += result["seconds"]
		errors.update(result["errors"])
		names.update(result["names"])
		print(
			f"  round {rounds}: {result['answered']:,} calls in {result['seconds']:.1f} s, doubles "
			f"{result['doubles']}, skipped {result['skipped']}, empty {result['empty']}, errors "
			f"{dict(result['errors']) or 0}",
			flush=True,
		)
	across = sum(count - 1 for count in names.values() if count > 1)
	seconds = totals["seconds"] or 1.0
	table.add(
		f"{calls:,} concurrent calls: {rounds} days of {DAY_TICKETS:,}, {processes}×{threads} connections",
		seconds,
		None,
		f"{totals['answered']:,} calls answered ({totals['answered'] / seconds:,.0f}/s over "
		f"{totals['tickets']:,} tickets), double calls {totals['doubles'] + across}, skipped tickets "
		f"{totals['skipped']}, empty answers while tickets waited {totals['empty']}, errors "
		f"{dict(errors) or 0}; target 0 doubles, 0 skipped",
	)


def check_calls(returned: list) -> tuple[int, int, int, int]:
	"""Doubles: a ticket two calls returned, or with two Called events. Skipped: a ticket still
	waiting that its department's order puts before one it called. Empty: a call that found nothing
	while its department still had waiting tickets."""
	names = Counter(name for _window, name in returned if name)
	doubles = sum(count - 1 for count in names.values() if count > 1)
	doubles += frappe.db.sql(
		"""select count(*) from (select e.parent from `tabGH Queue Ticket Event` e
		join `tabGH Queue Ticket` t on t.name = e.parent
		where t.hall = %s and e.event = 'Called' group by e.parent having count(*) > 1) x""",
		HALL_NAME,
	)[0][0]
	rows = frappe.get_all(
		TICKET,
		filters={"hall": HALL_NAME},
		fields=["name", "department", "status", "priority", "slot_start", "issued_on"],
	)
	last_called, waiting = {}, defaultdict(list)
	for row in rows:
		key = queue_rules.call_order_key(row.priority, row.slot_start, row.issued_on, row.name)
		if row.status == "Waiting":
			waiting[row.department].append(key)
		elif row.department not in last_called or key > last_called[row.department]:
			last_called[row.department] = key
	skipped = sum(
		1 for department, keys in waiting.items() for key in keys if key < last_called.get(department, key)
	)
	department_of = dict(
		frappe.get_all(
			"GH Service Window", filters={"hall": HALL_NAME}, fields=["name", "department"], as_list=True
		)
	)
	empty = sum(1 for window, name in returned if not name and waiting.get(department_of.get(window)))
	return doubles, skipped, empty, sum(1 for _w, name in returned if name)


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


# ---------------------------------------------------------------------------------------------
# The run


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
) -> str:
	"""Every part of the queue benchmark; prints and returns the table. Asserts nothing."""
	frappe.flags.mute_emails = True
	hall = make_hall()
	table = Table()
	socketio_url = socketio_url or f"http://{frappe.local.site}:{frappe.conf.socketio_port or 9000}"
	header = (
		f"hall {HALL_NAME} ({HALL_CODE}): {len(hall['windows'])} windows, "
		f"{len(set(w.department for w in hall['windows']))} departments, a day of {DAY_TICKETS:,} tickets"
	)
	print(header + "\n" + machine(), flush=True)
	parts = [
		lambda: measure_in_process(table, hall, in_process, seed),
		lambda: measure_http(table, hall, url, concurrency, per_thread, seed),
		lambda: measure_http(table, hall, url, concurrency, per_thread, seed, think),
		lambda: measure_display(table, hall, url, socketio_url, display_calls, seed),
	]
	if not think:
		parts.pop(2)
	if calls:
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
