"""The queue benchmark's world: the scratch hall "QB" (30 departments, 300 windows, a desk user with
a random password), a day of waiting tickets written in bulk, and wiping them; the desk user's login
and a plain database connection, shared by the benchmark's parts (gov_hall.benchmarks.queue)."""

from __future__ import annotations

import datetime
import random
import secrets
import time
from collections import Counter

import frappe

from gov_hall.benchmarks import scratch
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
	scratch.ensure_hall(HALL_NAME, HALL_CODE)
	departments = [
		scratch.ensure_department(
			HALL_NAME, f"基准叫号部门{index + 1:02d}", f"部门{index + 1:02d}", "2024-01-02"
		)
		for index in range(DEPARTMENTS)
	]
	shares = window_shares(len(departments))
	number = 0
	for department, share in zip(departments, shares, strict=True):
		for _ in range(share):
			number += 1
			scratch.ensure_window(HALL_NAME, number, department)
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


RELEASE = "update `tabGH Queue Ticket` set status = 'Done', service_finished_on = now() where name = %s"


def release(name: str | None) -> None:
	"""The desk finishes the called ticket (not timed): a window with a ticket may not call again."""
	if name:
		frappe.db.sql(RELEASE, name)
		frappe.db.commit()  # nosemgrep


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


def login(url: str, site: str, password: str):
	import requests

	session = requests.Session()
	session.headers["Host"] = site
	answer = session.post(
		url.rstrip("/") + "/api/method/login", data={"usr": DESK_USER, "pwd": password}, timeout=30
	)
	answer.raise_for_status()
	return session
