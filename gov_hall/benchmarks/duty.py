"""On-site duty at a city hall's size (出勤值勤): importing a month of the attendance machine's punches
and computing a month's duty figures. Not a test: it prints figures next to the bare SQL they need,
measured in the same run, and PASS/MISS against the issue's targets; it asserts nothing about time.

    bench --site <site> gov-hall-benchmark --duty
    bench --site <site> execute gov_hall.benchmarks.duty.run

It makes (or reuses) the scratch hall "基准值勤大厅" (code DT): 40 stationed departments, 300 windows,
900 on-site staff (three a window; User, Has Role and GH Window Staff rows written in bulk, users
``dutyNNNN@duty-bench.example.com``, badge numbers ``DT-NNNN``). Then, for the last complete month:

* the month's roster with ``gov_hall.duty.roster.generate_roster`` (two sessions a working day,
  ≈ 40,000 slots);
* the attendance machine's export of the month, generated from the roster (mostly punctual, a few
  late arrivals, early departures and absences, some punches without a direction), in GB18030 as
  Chinese Excel saves a CSV. A session has an In and an Out punch, so the month has ≈ 80,000 rows; it
  is imported as two files of about 40,000 rows each (the month's first and second half by punch
  rows, the issue's ≈ 40,000-row import), then once more as one file of the whole month on a fresh
  roster, each through ``gov_hall.duty.imports.run`` on a GH Attendance
  Import (read, check every row, insert, refresh the slots, commit), timed part by part, against
  the bare SQL it needs: a multi-row executemany of the same rows into the punch table (rolled back)
  and a plain SELECT of the period's slots. Target: under 30 s each.
* the month's duty figures ``gov_hall.duty.facts.duty_counts(hall, start, end)`` against the bare
  GROUP BY of the month's slots per staff member and status. Target: under 2 s.

Everything the run writes (slots, punches, imports and their files) belongs to the hall DT and is
deleted at the start and at the end; the hall, its windows and its staff stay for the next run
(``wipe(everything=True)`` removes the staff and users too).
"""

from __future__ import annotations

import datetime
import time
from contextlib import contextmanager

import frappe
import numpy as np
import pandas as pd

from gov_hall.benchmarks import scratch
from gov_hall.benchmarks.city_year import Table, child_row, machine, timed, write_dicts
from gov_hall.setup.roles import WINDOW_STAFF
from gov_hall.utils.clock import now_datetime, today

HALL_NAME = "基准值勤大厅"
HALL_CODE = "DT"
EMAIL_DOMAIN = "duty-bench.example.com"
DEPARTMENTS = 40
WINDOWS = 300
STAFF_PER_WINDOW = 3
STATIONED_FROM = "2024-01-02"
IMPORT_TARGET = 30.0
FIGURES_TARGET = 2.0
SLOT = "GH Duty Slot"
PUNCH = "GH Attendance Punch"
IMPORT = "GH Attendance Import"
SURNAMES = (
	"王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬鹏辉建国志飞"

# ---------------------------------------------------------------------------------------------
# The scratch hall


def make_hall() -> str:
	"""The hall DT with its departments, windows and on-site staff (reused when present)."""
	frappe.flags.mute_emails = True
	existing = frappe.db.get_value("GH Service Hall", {"hall_code": HALL_CODE}, "name")
	if existing and existing != HALL_NAME:
		raise RuntimeError(f"hall code {HALL_CODE} is taken by {existing}; the benchmark needs it")
	if not existing:
		scratch.ensure_hall(HALL_NAME, HALL_CODE, morning_end="12:00:00", afternoon_start="13:30:00")
	departments = [
		scratch.ensure_department(
			HALL_NAME, f"基准值勤部门{index + 1:02d}", f"值勤{index + 1:02d}", STATIONED_FROM
		)
		for index in range(DEPARTMENTS)
	]
	for number in range(1, WINDOWS + 1):
		scratch.ensure_window(HALL_NAME, number, departments[(number - 1) * DEPARTMENTS // WINDOWS])
	make_staff()
	frappe.db.commit()  # nosemgrep: a bench command's own transaction
	return HALL_NAME


def make_staff() -> None:
	"""Three staff a window, as GH Window Staff's own insert would have left them (in bulk)."""
	windows = frappe.get_all(
		"GH Service Window", filters={"hall": HALL_NAME}, fields=["name", "department"], order_by="name"
	)
	have = set(frappe.get_all("GH Window Staff", filters={"hall": HALL_NAME}, pluck="name"))
	rng = np.random.default_rng(15)
	now = now_datetime()
	users, roles, staff = [], [], []
	for w_index, window in enumerate(windows):
		for k in range(STAFF_PER_WINDOW):
			serial = w_index * STAFF_PER_WINDOW + k + 1
			email = f"duty{serial:04d}@{EMAIL_DOMAIN}"
			if email in have:
				continue
			full_name = SURNAMES[rng.integers(len(SURNAMES))] + "".join(
				GIVEN[i] for i in rng.integers(len(GIVEN), size=int(rng.integers(1, 3)))
			)
			if not frappe.db.exists("User", email):
				users.append(
					{
						"name": email,
						"email": email,
						"first_name": full_name,
						"full_name": full_name,
						"language": "zh",
						"enabled": 1,
						"user_type": "System User",
						"send_welcome_email": 0,
						"creation": now,
					}
				)
				roles.append(child_row(email, "User", "roles", role=WINDOW_STAFF))
			staff.append(
				{
					"name": email,
					"user": email,
					"full_name": full_name,
					"employment_type": "Civil Servant",
					"department": window.department,
					"window": window.name,
					"hall": HALL_NAME,
					"status": "On Site",
					"on_site_from": STATIONED_FROM,
					"badge_number": f"{HALL_CODE}-{serial:04d}",
					"public_card": 1,
				}
			)
	write_dicts("User", users)
	write_dicts("Has Role", roles)
	write_dicts("GH Window Staff", staff)


def wipe(everything: bool = False) -> None:
	"""Delete what runs wrote at the hall DT (slots, punches, imports, their files); with
	``everything`` also its staff, users, windows, departments and the hall."""
	hall = HALL_NAME
	frappe.db.delete(PUNCH, {"hall": hall})
	delete_imports(hall)
	frappe.db.delete(SLOT, {"hall": hall})
	if everything:
		users = frappe.get_all("GH Window Staff", filters={"hall": hall}, pluck="name")
		frappe.db.delete("GH Window Staff", {"hall": hall})
		for doctype, key in (("Has Role", "parent"), ("User Permission", "user"), ("User", "name")):
			for start in range(0, len(users), 500):
				frappe.db.delete(doctype, {key: ["in", users[start : start + 500]]})
		frappe.db.delete("GH Service Window", {"hall": hall})
		frappe.db.delete("GH Stationed Department", {"hall": hall})
		frappe.db.delete("GH Service Hall", hall)
	frappe.db.commit()  # nosemgrep: a bench command's own transaction


# ---------------------------------------------------------------------------------------------
# The month's punches


def last_month() -> tuple[datetime.date, datetime.date]:
	first_of_this = today().replace(day=1)
	last = first_of_this - datetime.timedelta(days=1)
	return last.replace(day=1), last


def machine_export(hall: str, start: datetime.date, end: datetime.date, seed: int) -> pd.DataFrame:
	"""The attendance machine's rows for the roster of the period (columns as the machine names them)."""
	slots = frappe.db.sql(
		f"""select s.staff, s.staff_name, w.badge_number, s.session_start, s.session_end
		from `tab{SLOT}` s join `tabGH Window Staff` w on w.name = s.staff
		where s.hall = %s and s.status = 'Active' and s.duty_date between %s and %s
		order by s.duty_date, s.session_start, s.staff""",
		(hall, start, end),
	)
	frame = pd.DataFrame(list(slots), columns=["staff", "name", "badge", "start", "end"])
	rng = np.random.default_rng(seed)
	n = len(frame)
	kind = rng.random(n)
	seconds = lambda low, high: pd.to_timedelta(rng.integers(low, high, n), unit="s")  # noqa: E731
	start_at, end_at = pd.to_datetime(frame.start), pd.to_datetime(frame.end)
	arrive = start_at - seconds(0, 20 * 60)
	arrive = arrive.where(kind >= 0.04, start_at + seconds(6 * 60, 40 * 60))  # 4% late
	leave = end_at + seconds(0, 25 * 60)
	leave = leave.where((kind < 0.04) | (kind >= 0.07), end_at - seconds(6 * 60, 60 * 60))  # 3% early
	present = kind < 0.99  # 1% absent
	undirected = rng.random(n) < 0.1
	devices = np.array(["1号考勤机", "2号考勤机", "3号考勤机"])[rng.integers(3, size=n)]

	def punches(moments, word) -> pd.DataFrame:
		return pd.DataFrame(
			{
				"工号": frame.badge,
				"姓名": frame.name,
				"打卡时间": moments.dt.strftime("%Y-%m-%d %H:%M:%S"),
				"方向": np.where(undirected, "", word),
				"设备": devices,
			}
		)[present]

	rows = pd.concat([punches(arrive, "上班"), punches(leave, "下班")])
	return rows.sort_values("打卡时间", kind="stable").reset_index(drop=True)


def delete_imports(hall: str) -> None:
	"""The hall's GH Attendance Imports and their files (on disk too)."""
	imports = frappe.get_all(IMPORT, filters={"hall": hall}, pluck="name")
	if imports:
		for file in frappe.get_all(
			"File", filters={"attached_to_doctype": IMPORT, "attached_to_name": ["in", imports]}, pluck="name"
		):
			frappe.delete_doc("File", file, ignore_permissions=True, force=True)
	frappe.db.delete(IMPORT, {"hall": hall})


def forget_punches(hall: str) -> None:
	"""The hall's punches and imports deleted, its slots back to Scheduled (as before any punch)."""
	frappe.db.delete(PUNCH, {"hall": hall})
	delete_imports(hall)
	frappe.db.sql(
		f"""update `tab{SLOT}` set clock_in = null, clock_out = null, late_minutes = 0,
		early_minutes = 0, duty_status = 'Scheduled' where hall = %s""",
		hall,
	)
	frappe.db.commit()  # nosemgrep: a bench command's own transaction


def new_import(content: bytes, file_name: str):
	"""A GH Attendance Import of the hall with the file attached (as a manager's upload leaves it)."""
	file = frappe.get_doc(
		{"doctype": "File", "file_name": file_name, "content": content, "is_private": 1}
	).insert(ignore_permissions=True)
	doc = frappe.get_doc({"doctype": IMPORT, "hall": HALL_NAME, "import_file": file.file_url})
	doc.insert(ignore_permissions=True)
	file.db_set(
		{"attached_to_doctype": IMPORT, "attached_to_name": doc.name, "attached_to_field": "import_file"}
	)
	return doc


# ---------------------------------------------------------------------------------------------
# Measuring


@contextmanager
def stopwatch(parts: dict):
	"""Time the import's parts as ``gov_hall.duty.imports.run`` calls them."""
	from gov_hall.duty import attendance, imports

	originals = {
		(imports, "read_frame"): imports.read_frame,
		(imports, "check_frame"): imports.check_frame,
		(imports, "insert_punches"): imports.insert_punches,
		(attendance, "refresh_slots"): attendance.refresh_slots,
	}

	def timed_part(name, fn):
		def wrapper(*args, **kwargs):
			started = time.perf_counter()
			try:
				return fn(*args, **kwargs)
			finally:
				parts[name] = parts.get(name, 0.0) + time.perf_counter() - started

		return wrapper

	for (module, name), fn in originals.items():
		setattr(module, name, timed_part(name, fn))
	try:
		yield parts
	finally:
		for (module, name), fn in originals.items():
			setattr(module, name, fn)


def reference_import(rows: pd.DataFrame, start: datetime.date, end: datetime.date) -> float:
	"""The bare SQL an import needs: the same rows into the punch table with one executemany (rolled
	back), and a plain SELECT of the period's slots. Seconds."""
	staff = dict(
		frappe.db.sql(
			"select badge_number, name from `tabGH Window Staff` where hall = %s", HALL_NAME, as_list=True
		)
	)
	now = now_datetime()
	values = [
		(frappe.generate_hash(length=12), now, now, "Administrator", "Administrator", HALL_NAME)
		+ ("Attendance Machine", staff[badge], name, moment, {"上班": "In", "下班": "Out"}.get(word), device)
		for badge, name, moment, word, device in rows.itertuples(index=False, name=None)
	]
	sql = (
		f"insert into `tab{PUNCH}` (name, creation, modified, owner, modified_by, hall, source, staff, "
		"staff_name, punch_time, direction, device) values (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
	)
	frappe.db.commit()  # nosemgrep: the reference is rolled back to here
	started = time.perf_counter()
	frappe.db._cursor.executemany(sql, values)
	frappe.db.sql(
		f"""select name, staff, duty_date, session, session_start, session_end, clock_in, clock_out,
		duty_status from `tab{SLOT}` where hall = %s and status = 'Active' and duty_date between %s and %s""",
		(HALL_NAME, start, end),
	)
	seconds = time.perf_counter() - started
	frappe.db.rollback()
	return seconds


def verdict(seconds: float, target: float) -> str:
	return f"{'PASS' if seconds < target else 'MISS'} (target < {target:g} s)"


def measure_import(table: Table, rows: pd.DataFrame, label: str, start, end) -> dict:
	from gov_hall.duty import imports

	content = rows.to_csv(index=False).encode("gb18030")
	reference = reference_import(rows, start, end)
	doc = new_import(content, f"考勤机导出-{start:%Y%m%d}-{end:%Y%m%d}.csv")
	frappe.db.commit()  # nosemgrep: a bench command's own transaction
	parts: dict = {}
	with stopwatch(parts):
		started = time.perf_counter()
		result = imports.run(doc)
		frappe.db.commit()  # nosemgrep: as the request would
		seconds = time.perf_counter() - started
	table.add(
		f"import {len(rows):,} rows ({start:%m-%d}–{end:%m-%d}{label}), total",
		seconds,
		reference,
		f"{result['status']}, {result['new_punches']:,} added, {result['duplicate_punches']:,} on record, "
		f"{result['error_count']} bad; {verdict(seconds, IMPORT_TARGET)}",
	)
	for name, text in (
		("read_frame", "read the GB18030 CSV (pandas)"),
		("check_frame", "check every row (staff, times, sites, repeats)"),
		("insert_punches", "insert the punches (INSERT IGNORE, 5,000 a statement)"),
		("refresh_slots", "refresh the period's slots (refresh_slots)"),
	):
		table.add(f"  {text}", parts.get(name), None, "")
	return result


def bare_counts(hall: str, start, end) -> list:
	return frappe.db.sql(
		f"""select staff, duty_status, count(*) from `tab{SLOT}`
		where hall = %s and status = 'Active' and duty_date between %s and %s group by staff, duty_status""",
		(hall, start, end),
	)


def measure_figures(table: Table, hall: str, start, end, repeat: int) -> None:
	reference, _rows = timed(lambda: bare_counts(hall, start, end), repeat)
	try:
		from gov_hall.duty.facts import duty_counts
	except ImportError:  # before gov_hall.duty.facts: the refresh and the bare grouping
		from gov_hall.duty.attendance import refresh_slots

		def duty_counts(hall, start, end):
			refresh_slots(hall, start, end)
			return bare_counts(hall, start, end)

	seconds, counts = timed(lambda: duty_counts(hall, start, end), repeat)
	table.add(
		f"a month's duty figures (duty_counts, {len(counts):,} staff)",
		seconds,
		reference,
		verdict(seconds, FIGURES_TARGET),
	)
	from gov_hall.duty.attendance import refresh_slots

	seconds, changed = timed(lambda: refresh_slots(hall, start, end), 1)
	frappe.db.commit()  # nosemgrep: a bench command's own transaction
	table.add(
		"  refresh_slots of the whole month (nothing changed)", seconds, None, f"{changed} rows written"
	)


def measure(month: str | None = None, seed: int = 20261130, repeat: int = 3, keep: bool = False) -> str:
	"""The duty benchmark (see the module's docstring); prints and returns the table."""
	from gov_hall.duty.roster import generate_roster

	frappe.flags.mute_emails = True
	if month:
		start = datetime.date.fromisoformat(f"{month}-01")
		end = (start.replace(day=28) + datetime.timedelta(days=4)).replace(day=1) - datetime.timedelta(days=1)
	else:
		start, end = last_month()
	hall = make_hall()
	wipe()
	table = Table()
	try:
		started = time.perf_counter()
		roster = generate_roster(hall, start, end)
		frappe.db.commit()  # nosemgrep: a bench command's own transaction
		table.add(
			f"generate_roster of {start:%Y-%m} ({roster['created']:,} slots)", time.perf_counter() - started
		)
		rows = machine_export(hall, start, end, seed)
		day = pd.to_datetime(rows["打卡时间"]).dt.date
		per_day = day.value_counts().sort_index()
		middle = per_day.index[int(np.searchsorted(per_day.cumsum().to_numpy(), len(rows) / 2))]
		first, second = rows[day <= middle], rows[day > middle]
		measure_import(table, first, "", start, middle)
		measure_import(table, second, ", first half on record", middle + datetime.timedelta(days=1), end)
		measure_figures(table, hall, start, end, repeat)
		# the whole month in one file, on a roster as it was before any punch
		forget_punches(hall)
		measure_import(table, rows, ", the whole month in one file", start, end)
		header = (
			f"hall {HALL_NAME} ({HALL_CODE}): {frappe.db.count('GH Window Staff', {'hall': hall}):,} on-site "
			f"staff, {frappe.db.count('GH Service Window', {'hall': hall}):,} windows; {start:%Y-%m}: "
			f"{frappe.db.count(SLOT, {'hall': hall}):,} slots, {len(rows):,} punch rows in the machine's export"
		)
	finally:
		frappe.db.rollback()
		if not keep:
			wipe()
	text = header + "\n" + machine() + "\n" + table.text()
	print(text)
	return text


def run(**kwargs) -> str:
	"""For ``bench execute``."""
	return measure(**kwargs)
