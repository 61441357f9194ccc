"""100,000 concurrent calls: worker processes × threads, each thread with its own Frappe context,
calling over fresh days of tickets; double calls and skipped tickets counted (both must be 0). Part
of gov_hall.benchmarks.queue."""

from __future__ import annotations

import json
import os
import queue as stdqueue
import subprocess
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

import frappe

from gov_hall.benchmarks.city_year import Table
from gov_hall.benchmarks.queue_world import (
	DAY_TICKETS,
	DESK_USER,
	HALL_NAME,
	TICKET,
	fill_day,
	release,
	spread,
)
from gov_hall.rules import queue as queue_rules

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
		"import json, sys; from gov_hall.benchmarks.queue_concurrency import concurrent_process; "
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
