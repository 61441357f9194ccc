"""A busy city hall's year, and what the hall's heavy work costs at that size. Not a test: it
prints figures and asserts nothing about time.

    bench --site <site> gov-hall-benchmark --fill 1000000 --measure
    bench --site <site> execute gov_hall.benchmarks.city_year.fill --kwargs "{'cases': 50000}"
    bench --site <site> execute gov_hall.benchmarks.city_year.measure --kwargs "{'url': 'http://127.0.0.1:8001'}"

``fill`` makes (or reuses) the city hall "BM": 60 stationed departments, 300 windows, 900 window
staff (real User, Has Role, User Permission and GH Window Staff rows, written in bulk), 8 matters a
department, then simulates ``cases`` cases received over the last 365 days with the app's rules
(working-day calendar of the hall, clock start, due dates, on-time completion, yellow and red cards
up to yesterday, one-time supplement notices with their pauses, ratings of ~60% of the cases and a
rectification for every bad review) and writes them with multi-row INSERTs, 5,000 rows a statement
and one transaction a statement. The year is generated column-wise with numpy on a precomputed
calendar (arrays of working days and their running count), never one case at a time. A second fill
of the same hall is refused unless ``force``, which first deletes the hall's generated records.

``measure`` times, in one run, for one quarter (by default the last complete one): the quarterly
assessment run against the same grouped aggregates written by hand in SQL, the ranking reports and
the on-time report against their bare SQL, accepting a case through the document API with and
without the deadline computation, the daily e-supervision pass over every open case, and the public
case tracking in process and, when ``wrk`` is installed and the bench's web server answers on
``url``, under ``concurrency`` clients, back to back (the server's capacity) and with a pause of
about ``think_ms`` between a client's lookups. Everything it writes is rolled back. The web server must
serve the site whatever the Host header: ``bench --site <site> serve --port 8001`` (a plain
``bench serve`` answers every request with the default site). ``bench execute`` hides an exception
raised by the function behind "NameError: name 'gov_hall' is not defined" (its eval fallback).

Case tracking is rate-limited to 10 calls a minute per IP (``frappe.rate_limiter.rate_limit`` has
no site setting to lift it). The load test gives every request its own ``X-Forwarded-For``
address (127.t.x.y, repeated only after 65,536 requests of a wrk thread), which Frappe takes as the client's IP, so the
per-IP limit never bites while the limiter's own work (a Redis read and increment) is still done on
every request, as in production. Only valid case numbers with their right digits are asked, so
the per-case-number failure limit is never touched.
"""

import datetime
import random
import re
import shutil
import statistics
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import frappe
import numpy as np
from frappe.utils import getdate, now_datetime, nowdate

from gov_hall.demo.cases import (
	COMPANY_KINDS,
	COMPANY_WORDS,
	GIVEN,
	REJECTION_REASONS,
	SUPPLEMENT_HINTS,
	SURNAMES,
	WITHDRAWAL_REASONS,
	credit_code,
	current_series,
	mobile,
	person_name,
	resident_id,
	set_series_current,
)
from gov_hall.demo.voice import (
	CHANNEL_WEIGHTS,
	COMMENT_SHARE,
	COMMENTS,
	LATE_COMMENTS,
	LEVEL_WEIGHTS,
	ONLINE_CHANNEL_WEIGHTS,
	rectification_status,
	work_rectification,
)
from gov_hall.rules import ratings as rating_rules
from gov_hall.rules.identifiers import mask_mobile, mask_resident_id
from gov_hall.rules.periods import quarter_bounds, quarter_of
from gov_hall.setup.roles import CHIEF_REPRESENTATIVE, WINDOW_STAFF
from gov_hall.utils.calendar import get_hall_calendar
from gov_hall.voice.settings import voice_setting

HALL_NAME = "基准市政务服务中心"
HALL_CODE = "BM"
EMAIL_DOMAIN = "bm.example.com"
ADMIN = "Administrator"
DEPARTMENT_DOCTYPE = "GH Stationed Department"
DAYS = 365
CHUNK = 5_000
WINDOWS = 300
STAFF_PER_WINDOW = 3
MATTERS_PER_DEPARTMENT = 8
STATIONED_FROM = "2020-01-02"

# "{c}" is the city: 60 departments, the big approval bodies first (they get the most windows)
DEPARTMENTS = [
	("{c}不动产登记中心", "Approval Body"),
	("{c}市场监督管理局", "Approval Body"),
	("{c}人力资源和社会保障局", "Approval Body"),
	("{c}医疗保障局", "Approval Body"),
	("{c}公安局户政支队", "Approval Body"),
	("国家税务总局{c}税务局", "Approval Body"),
	("{c}公安局交通警察支队车辆管理所", "Approval Body"),
	("{c}住房公积金管理中心", "Supporting Service"),
	("{c}公安局出入境管理支队", "Approval Body"),
	("{c}自然资源和规划局", "Approval Body"),
	("{c}住房和城乡建设局", "Approval Body"),
	("{c}社会保险事业管理中心", "Supporting Service"),
	("{c}民政局", "Approval Body"),
	("{c}卫生健康委员会", "Approval Body"),
	("{c}交通运输局", "Approval Body"),
	("{c}房地产交易中心", "Supporting Service"),
	("{c}教育局", "Approval Body"),
	("{c}生态环境局", "Approval Body"),
	("{c}城市管理综合执法局", "Approval Body"),
	("{c}商务局", "Approval Body"),
	("{c}文化广电旅游局", "Approval Body"),
	("{c}农业农村局", "Approval Body"),
	("{c}水利局", "Approval Body"),
	("{c}发展和改革委员会", "Approval Body"),
	("{c}工业和信息化局", "Approval Body"),
	("{c}应急管理局", "Approval Body"),
	("{c}司法局", "Approval Body"),
	("{c}公证处", "Supporting Service"),
	("{c}退役军人事务局", "Approval Body"),
	("{c}残疾人联合会", "Other"),
	("{c}林业局", "Approval Body"),
	("{c}财政局", "Approval Body"),
	("{c}烟草专卖局", "Approval Body"),
	("{c}人民防空办公室", "Approval Body"),
	("{c}消防救援支队", "Approval Body"),
	("{c}气象局", "Approval Body"),
	("{c}档案馆", "Supporting Service"),
	("{c}统计局", "Approval Body"),
	("{c}民族宗教事务局", "Approval Body"),
	("{c}科学技术局", "Approval Body"),
	("{c}体育局", "Approval Body"),
	("{c}审计局", "Approval Body"),
	("{c}地震局", "Approval Body"),
	("{c}法律援助中心", "Supporting Service"),
	("{c}公共资源交易中心", "Supporting Service"),
	("{c}邮政管理局", "Approval Body"),
	("{c}通信管理办公室", "Approval Body"),
	("{c}出租汽车管理处", "Approval Body"),
	("{c}殡葬管理所", "Other"),
	("国网{c}供电公司", "Utility"),
	("{c}自来水公司", "Utility"),
	("{c}燃气集团", "Utility"),
	("{c}广电网络公司", "Utility"),
	("中国工商银行{c}分行", "Bank"),
	("中国建设银行{c}分行", "Bank"),
	("中国农业银行{c}分行", "Bank"),
	("中国银行{c}分行", "Bank"),
	("{c}测绘院", "Intermediary"),
	("{c}资产评估事务所", "Intermediary"),
	("{c}建设工程施工图审查中心", "Intermediary"),
]
CITY = "基准市"
# (matter, promised limit in working days, complexity, share of the department's volume)
MATTER_KINDS = [
	("证明开具", 0, 1, 8),
	("信息查询打印", 0, 1, 5),
	("证件补领换领", 5, 2, 5),
	("变更登记", 5, 2, 5),
	("备案", 10, 3, 4),
	("注销登记", 10, 3, 3),
	("许可证核发", 15, 4, 3),
	("许可证延续", 20, 5, 2),
]
MATERIALS = ["申请书", "身份证明材料", "营业执照或登记证书", "授权委托书", "相关证明材料"]
EMPLOYMENT_TYPES = ["Civil Servant"] * 5 + ["Public Institution Staff"] * 3 + ["Government Employee"] * 2
CASE_CHANNELS = (["Window", "Online", "Appointment", "Branch Hall on Behalf"], [0.70, 0.12, 0.14, 0.04])
STATUSES = ["Received", "Supplement Required", "Accepted", "In Process", "Completed", "Rejected", "Withdrawn"]
RECEIVED, PAUSED, ACCEPTED, IN_PROCESS, COMPLETED, REJECTED, WITHDRAWN = range(len(STATUSES))
OPEN_STATES = ("Received", "Supplement Required", "Accepted", "In Process")
RATED_SHARE = 0.63  # of completed cases: about 60% of all cases
NOTICE_SHARE = 0.06
VIOLATION_SHARE = 0.12
REJECTED_SHARE = 0.02
WITHDRAWN_SHARE = 0.01
LATE_SHARE = 0.03
NEAR_SHARE = 0.04  # finished on the due date or the day before (a yellow card first)
DAY = 86_400
TIME_TEXT = np.array([f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}" for s in range(DAY)], dtype=object)
NULL = "NULL"
SQL_SECONDS = [0.0]  # time spent in the database while writing, for the fill's report
NUMERIC = ("Check", "Int", "Float", "Currency", "Percent")


# ---------------------------------------------------------------------------------------------
# SQL writing


def quote(value: str) -> str:
	return "'" + frappe.db.escape(value, percent=False)[1:-1] + "'"


def literal(value) -> str:
	"""A Python value as a MariaDB literal (only for the small tables; the big ones are prebuilt)."""
	if value is None:
		return NULL
	if isinstance(value, bool):
		return str(int(value))
	if isinstance(value, int | float):
		return repr(value)
	if isinstance(value, datetime.datetime):
		return f"'{value:%Y-%m-%d %H:%M:%S}'"
	if isinstance(value, datetime.date):
		return f"'{value.isoformat()}'"
	return quote(str(value))


def lookup(table: np.ndarray, index: np.ndarray) -> list[str]:
	return table[index].tolist()


def write(doctype: str, columns: list[str], rows) -> int:
	"""Multi-row INSERTs of literal rows (tuples of SQL literals), CHUNK rows a statement, each
	statement its own transaction."""
	head = f"INSERT INTO `tab{doctype}` ({', '.join(f'`{c}`' for c in columns)}) VALUES "
	batch, written = [], 0
	for row in rows:
		batch.append("(" + ",".join(row) + ")")
		if len(batch) == CHUNK:
			written += flush(head, batch)
	return written + flush(head, batch)


def flush(head: str, batch: list[str]) -> int:
	if not batch:
		return 0
	started = time.perf_counter()
	frappe.db.sql(head + ",".join(batch))
	frappe.db.commit()  # nosemgrep: a bulk fill, one transaction per statement
	SQL_SECONDS[0] += time.perf_counter() - started
	count = len(batch)
	batch.clear()
	return count


def write_dicts(doctype: str, rows: list[dict]) -> int:
	"""Plain rows; owner, creation and modified may be given per row."""
	if not rows:
		return 0
	now = now_datetime()
	standard = {
		"owner": ADMIN,
		"modified_by": ADMIN,
		"creation": now,
		"modified": now,
		"docstatus": 0,
		"idx": 0,
	}
	columns = sorted({key for row in rows for key in row if not key.startswith("_")} | set(standard))
	numeric = {f.fieldname for f in frappe.get_meta(doctype).fields if f.fieldtype in NUMERIC}

	def value(row: dict, column: str):
		found = row.get(column, standard.get(column))
		return (found or 0) if column in numeric else found

	def values(row: dict):
		return tuple(literal(value(row, c)) for c in columns)

	return write(doctype, columns, (values(row) for row in rows))


def chunked_columns(doctype: str, count: int, make_columns) -> int:
	"""Write ``count`` rows whose literal columns ``make_columns(lo, hi)`` builds a chunk at a time."""
	written = 0
	for lo in range(0, count, CHUNK):
		columns = make_columns(lo, min(lo + CHUNK, count))
		names = list(columns)
		head = f"INSERT INTO `tab{doctype}` ({', '.join(f'`{c}`' for c in names)}) VALUES "
		batch = ["(" + ",".join(row) + ")" for row in zip(*columns.values(), strict=True)]
		written += flush(head, batch)
	return written


# ---------------------------------------------------------------------------------------------
# The calendar as arrays


class DayArrays:
	"""The hall's working-day calendar over the fill's span, indexed by day number (0 = first).

	``add`` is WorkCalendar.add_working_days, ``between`` is working_days_between, vectorised: the
	calendar itself is asked once per day of the span, never once per case.
	"""

	def __init__(self, calendar, first: datetime.date, last: datetime.date):
		self.calendar = calendar
		self.first = first
		self.dates = [first + datetime.timedelta(days=i) for i in range((last - first).days + 1)]
		self.working = np.array([calendar.is_working_day(d) for d in self.dates], dtype=bool)
		self.count = np.cumsum(self.working)  # working days in [first, day]
		self.working_days = np.flatnonzero(self.working)
		self.text = np.array([d.isoformat() for d in self.dates], dtype=object)
		self.quoted = np.array([f"'{d.isoformat()}'" for d in self.dates], dtype=object)
		self.check()

	def index(self, day: datetime.date) -> int:
		return (day - self.first).days

	def add(self, start, days):
		start, days = np.asarray(start), np.asarray(days)
		position = np.clip(self.count[start] + days - 1, 0, len(self.working_days) - 1)
		return np.where(days > 0, self.working_days[position], start)

	def between(self, start, end):
		return self.count[end] - self.count[start]

	def last_working_before(self, day):
		"""The last working day before ``day`` (the span starts well before any due date)."""
		return self.working_days[np.maximum(self.count[np.asarray(day) - 1] - 1, 0)]

	def remaining(self, today, due):
		"""deadlines.remaining_working_days: working days left, negative once overdue."""
		between = self.between(np.minimum(today, due), np.maximum(today, due))
		return np.where(today > due, -np.maximum(between, 1), between)

	def check(self) -> None:
		"""The arrays agree with the hall's own calendar (a few hundred samples)."""
		rng = random.Random(7)
		for _ in range(300):
			start = rng.randrange(0, len(self.dates) - 120)
			days = rng.randrange(0, 25)
			expected = self.calendar.add_working_days(self.dates[start], days)
			if self.dates[int(self.add(start, days))] != expected:
				raise RuntimeError(f"calendar arrays disagree at {self.dates[start]} + {days}")

	def datetimes(self, seconds: np.ndarray, mask: np.ndarray | None = None) -> list[str]:
		"""Quoted datetimes from seconds since the first day; NULL where ``mask`` is False."""
		days = (seconds // DAY).astype(np.int64)
		texts = [
			"'" + d + " " + t + "'"
			for d, t in zip(self.text[days].tolist(), TIME_TEXT[seconds % DAY].tolist(), strict=True)
		]
		if mask is None:
			return texts
		return [t if m else NULL for t, m in zip(texts, mask.tolist(), strict=True)]

	def days(self, index: np.ndarray, mask: np.ndarray | None = None) -> list[str]:
		texts = self.quoted[index]
		return (texts if mask is None else np.where(mask, texts, NULL)).tolist()

	def datetime_of(self, seconds: int) -> datetime.datetime:
		day = self.dates[int(seconds) // DAY]
		return datetime.datetime.combine(day, datetime.time()) + datetime.timedelta(
			seconds=int(seconds) % DAY
		)


# ---------------------------------------------------------------------------------------------
# The hall


def fill(cases: int = 1_000_000, seed: int = 20261123, force: bool = False) -> dict:
	"""Make (or reuse) the city hall BM and simulate ``cases`` cases over its last 365 days."""
	started = time.perf_counter()
	frappe.flags.mute_emails = True
	frappe.local.conf["throttle_user_limit"] = 1_000_000
	if frappe.db.exists("GH Case", {"hall": HALL_NAME}):
		if not force:
			frappe.throw(
				f"Hall {HALL_NAME} already has cases: fill again with force=True (it deletes them first)."
			)
		wipe()
	timings = {}
	structure = make_structure(seed)
	frappe.db.commit()  # nosemgrep: the hall first, then its year
	timings["structure"] = time.perf_counter() - started
	year = CityYear(structure, cases, seed)
	timings["generate"] = time.perf_counter() - started - timings["structure"]
	counts = year.write()
	timings["total"] = time.perf_counter() - started
	timings["write"] = timings["total"] - timings["structure"] - timings["generate"]
	frappe.clear_cache()
	print(
		f"filled {HALL_NAME} ({HALL_CODE}): "
		+ ", ".join(f"{key} {value:,}" for key, value in counts.items())
		+ "\n"
		+ ", ".join(f"{key} {value:.1f} s" for key, value in timings.items())
		+ "\nwriting: "
		+ ", ".join(
			f"{key} {total:.1f} s ({sql:.1f} s in the database)"
			for key, (total, sql) in year.write_seconds.items()
		)
	)
	return {**counts, **{f"{key}_seconds": round(value, 1) for key, value in timings.items()}}


def wipe() -> None:
	"""Delete the hall's generated records (cases and everything made with them), not its structure."""
	hall = frappe.db.escape(HALL_NAME)
	statements = [
		f"delete p from `tabGH Case Pause` p join `tabGH Case` c on c.name = p.parent where c.hall = {hall}",
		"delete i from `tabGH Supplement Item` i join `tabGH Supplement Notice` n on n.name = i.parent "
		f"where n.hall = {hall}",
		f"delete from `tabGH Supplement Notice` where hall = {hall}",
		f"delete from `tabGH Supervision Card` where hall = {hall}",
		f"delete from `tabGH Rectification` where hall = {hall}",
		f"delete from `tabGH Service Rating` where hall = {hall}",
		f"delete from `tabGH Case` where hall = {hall}",
		# case numbers are the hall's own series (hall codes are unique): they start again at 1
		f"delete from `tabSeries` where name regexp '^{HALL_CODE}-[0-9]{{4}}-$'",
	]
	for statement in statements:
		frappe.db.sql(statement)
		frappe.db.commit()  # nosemgrep


def make_structure(seed: int) -> dict:
	rng = random.Random(seed)
	if not frappe.db.exists("GH Service Hall", HALL_NAME):
		frappe.get_doc(
			{
				"doctype": "GH Service Hall",
				"hall_name": HALL_NAME,
				"hall_code": HALL_CODE,
				"hall_level": "City Hall",
				"address": "基准市政务服务中心大楼",
				"phone": "0000-12345",
				"opening_time": "09:00:00",
				"closing_time": "17:30:00",
			}
		).insert(ignore_permissions=True)
	departments = []
	for index, (pattern, kind) in enumerate(DEPARTMENTS):
		name = pattern.format(c=CITY)
		departments.append(name)
		if not frappe.db.exists(DEPARTMENT_DOCTYPE, name):
			frappe.get_doc(
				{
					"doctype": DEPARTMENT_DOCTYPE,
					"department_name": name,
					"short_name": pattern.format(c="")[:20],
					"department_type": kind,
					"hall": HALL_NAME,
					"contact_phone": f"0000-2{index:04d}",
					"stationed_from": STATIONED_FROM,
				}
			).insert(ignore_permissions=True)
	make_windows(departments)
	make_matters(departments)
	make_staff(rng)
	make_chiefs(departments)
	return load_structure()


def window_shares(count: int) -> list[int]:
	"""Windows per department: a few big departments, a long tail with one or two windows each."""
	weights = [1 / (i + 1) ** 0.9 for i in range(count)]
	shares = [max(1, round(WINDOWS * w / sum(weights))) for w in weights]
	index = 0
	while sum(shares) != WINDOWS:
		step = 1 if sum(shares) < WINDOWS else -1
		if shares[index % count] + step >= 1:
			shares[index % count] += step
		index += 1
	return shares


def make_windows(departments: list[str]) -> None:
	number = 0
	for index, (department, share) in enumerate(
		zip(departments, window_shares(len(departments)), strict=True)
	):
		short = DEPARTMENTS[index][0].format(c="")
		for k in range(share):
			number += 1
			window_number = f"{'ABCDEF'[number * 6 // (WINDOWS + 1)]}{number:03d}"
			if frappe.db.exists("GH Service Window", f"{HALL_CODE}-{window_number}"):
				continue
			frappe.get_doc(
				{
					"doctype": "GH Service Window",
					"window_number": window_number,
					"window_name": f"{short}{k + 1}号窗口",
					"window_type": "Professional",
					"hall": HALL_NAME,
					"department": department,
					"floor": f"{1 + number * 4 // (WINDOWS + 1)}F",
					"zone": window_number[0] + "区",
				}
			).insert(ignore_permissions=True)


def make_matters(departments: list[str]) -> None:
	for index, department in enumerate(departments):
		short = DEPARTMENTS[index][0].format(c="")
		for k, (kind, limit, complexity, _share) in enumerate(MATTER_KINDS[:MATTERS_PER_DEPARTMENT]):
			code = f"{HALL_CODE}{index + 1:02d}{k + 1:02d}"
			if frappe.db.exists("GH Service Matter", code):
				continue
			frappe.get_doc(
				{
					"doctype": "GH Service Matter",
					"matter_name": f"{short}{kind}",
					"matter_code": code,
					"department": department,
					"legal_time_limit": max(limit * 2, 20),
					"promised_time_limit": limit,
					"complexity": complexity,
					"materials": [
						{"material_name": m, "originals": 1, "copies": 1}
						for m in MATERIALS[: 2 + complexity % 3]
					],
				}
			).insert(ignore_permissions=True)


def make_staff(rng: random.Random) -> None:
	"""Three staff a window: User, Has Role, User Permission and GH Window Staff rows, in bulk, as
	GH Window Staff's own on_update would have left them."""
	windows = frappe.get_all(
		"GH Service Window", filters={"hall": HALL_NAME}, fields=["name", "department"], order_by="name asc"
	)
	existing = set(frappe.get_all("GH Window Staff", filters={"hall": HALL_NAME}, pluck="window"))
	now = now_datetime()
	users, roles, permissions, staff = [], [], [], []
	for w_index, window in enumerate(windows):
		if window.name in existing:
			continue
		for k in range(STAFF_PER_WINDOW):
			email = f"staff{w_index * STAFF_PER_WINDOW + k + 1:05d}@{EMAIL_DOMAIN}"
			if frappe.db.exists("User", email):
				continue
			full_name = rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice((1, 2))))
			phone = mobile(rng)
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
			permissions.append(
				{
					"name": frappe.generate_hash(length=10),
					"user": email,
					"allow": DEPARTMENT_DOCTYPE,
					"for_value": window.department,
					"apply_to_all_doctypes": 1,
					"is_default": 1,
				}
			)
			staff.append(
				{
					"name": email,
					"user": email,
					"full_name": full_name,
					"employment_type": rng.choice(EMPLOYMENT_TYPES),
					"department": window.department,
					"window": window.name,
					"hall": HALL_NAME,
					"status": "On Site",
					"mobile": phone,
					"mobile_masked": mask_mobile(phone),
					"on_site_from": STATIONED_FROM,
				}
			)
	write_dicts("User", users)
	write_dicts("Has Role", roles)
	write_dicts("User Permission", permissions)
	write_dicts("GH Window Staff", staff)


def child_row(parent: str, parenttype: str, parentfield: str, **values) -> dict:
	return {
		"name": frappe.generate_hash(length=10),
		"parent": parent,
		"parenttype": parenttype,
		"parentfield": parentfield,
		"idx": 1,
		**values,
	}


def make_chiefs(departments: list[str]) -> None:
	"""The first staff member of each department is its chief representative (with the role)."""
	for department in departments:
		if frappe.db.get_value(DEPARTMENT_DOCTYPE, department, "chief_representative"):
			continue
		chief = frappe.db.get_value(
			"GH Window Staff",
			{"department": department, "status": "On Site"},
			["user", "full_name"],
			order_by="user asc",
		)
		if not chief:
			continue
		frappe.db.set_value(
			DEPARTMENT_DOCTYPE,
			department,
			{"chief_representative": chief[0], "chief_representative_name": chief[1]},
			update_modified=False,
		)
		if not frappe.db.exists("Has Role", {"parent": chief[0], "role": CHIEF_REPRESENTATIVE}):
			write_dicts("Has Role", [child_row(chief[0], "User", "roles", role=CHIEF_REPRESENTATIVE, idx=2)])


def load_structure() -> dict:
	"""Windows, staff and matters of the hall as the generator needs them, in a stable order."""
	windows = frappe.get_all(
		"GH Service Window",
		filters={"hall": HALL_NAME, "status": "Active"},
		fields=["name", "department"],
		order_by="department asc, name asc",
	)
	staff = frappe.get_all(
		"GH Window Staff",
		filters={"hall": HALL_NAME, "status": "On Site", "window": ["is", "set"]},
		fields=["user", "full_name", "window"],
		order_by="window asc, user asc",
	)
	departments = sorted({w.department for w in windows})
	matters = frappe.get_all(
		"GH Service Matter",
		filters={"status": "Active", "department": ["in", departments or [""]]},
		fields=["name", "matter_name", "department", "promised_time_limit", "complexity"],
		order_by="name asc",
	)
	chiefs = dict(
		frappe.get_all(
			DEPARTMENT_DOCTYPE,
			filters={"hall": HALL_NAME},
			fields=["name", "chief_representative"],
			as_list=True,
		)
	)
	return {
		"windows": windows,
		"staff": staff,
		"departments": departments,
		"matters": matters,
		"chiefs": chiefs,
	}


# ---------------------------------------------------------------------------------------------
# The year, column-wise


class CityYear:
	"""Every case of the year as numpy columns; rows exist only as SQL text, a chunk at a time."""

	def __init__(self, structure: dict, count: int, seed: int):
		self.rng = np.random.default_rng(seed)
		self.py_rng = random.Random(seed)
		self.s = structure
		self.today = getdate(nowdate())
		first = self.today - datetime.timedelta(days=DAYS)
		self.cal = DayArrays(
			get_hall_calendar(HALL_NAME),
			first - datetime.timedelta(days=30),
			self.today + datetime.timedelta(days=240),
		)
		self.first_day = self.cal.index(first)
		self.t = self.cal.index(self.today)  # today's day number
		self.prepare_structure()
		self.prepare_applicants(count)
		self.generate_cases(count)
		self.generate_notices()
		self.generate_cards()
		self.generate_ratings()

	# structure ----------------------------------------------------------------------------------

	def prepare_structure(self) -> None:
		s, rng = self.s, self.rng
		departments = s["departments"]
		dept_index = {d: i for i, d in enumerate(departments)}
		windows = sorted(s["windows"], key=lambda w: (dept_index[w.department], w.name))
		self.window_dept = np.array([dept_index[w.department] for w in windows])
		self.dept_window_start = np.searchsorted(self.window_dept, np.arange(len(departments)))
		self.dept_window_count = np.bincount(self.window_dept, minlength=len(departments))
		window_index = {w.name: i for i, w in enumerate(windows)}
		staff = sorted(
			(row for row in s["staff"] if row.window in window_index),
			key=lambda row: (window_index[row.window], row.user),
		)
		staff_window = np.array([window_index[row.window] for row in staff])
		self.window_staff_start = np.searchsorted(staff_window, np.arange(len(windows)))
		self.window_staff_count = np.bincount(staff_window, minlength=len(windows))
		if (self.window_staff_count == 0).any():
			raise RuntimeError("every window of the benchmark hall needs staff")
		matters = s["matters"]
		self.matter_dept = np.array([dept_index[m.department] for m in matters])
		self.matter_limit = np.array([int(m.promised_time_limit or 0) for m in matters])
		# a department's demand follows its windows; within it, simple and instant matters dominate
		weight = np.array(
			[
				next((w for kind, _l, _c, w in MATTER_KINDS if m.matter_name.endswith(kind)), 1.0)
				for m in matters
			]
		)
		per_dept = np.bincount(self.matter_dept, weights=weight, minlength=len(departments))
		self.matter_p = weight / per_dept[self.matter_dept] * self.dept_window_count[self.matter_dept]
		self.matter_p /= self.matter_p.sum()
		# some staff are slower or rated worse than others, a few windows noticeably so
		self.late_factor = rng.lognormal(0, 0.5, len(staff))
		self.late_factor /= self.late_factor.mean()
		self.bad_factor = rng.lognormal(0, 0.4, len(staff))
		weak = rng.choice(len(windows), size=max(1, len(windows) // 30), replace=False)
		self.window_bad = np.ones(len(windows))
		self.window_bad[weak] = 3.0
		self.lit_window = np.array([quote(w.name) for w in windows], dtype=object)
		self.lit_dept = np.array([quote(d) for d in departments], dtype=object)
		self.lit_staff = np.array([quote(row.user) for row in staff], dtype=object)
		self.lit_staff_name = np.array([quote(row.full_name or row.user) for row in staff], dtype=object)
		self.lit_matter = np.array([quote(m.name) for m in matters], dtype=object)
		self.lit_matter_name = np.array([quote(m.matter_name) for m in matters], dtype=object)
		self.staff_names = [row.user for row in staff]
		self.staff_full_names = [row.full_name or row.user for row in staff]
		self.windows = [w.name for w in windows]
		self.matters = matters

	def prepare_applicants(self, count: int) -> None:
		"""People and companies who apply, some of them more than once a year."""
		r = self.py_rng
		people = [(person_name(r), resident_id(r), mobile(r)) for _ in range(max(2_000, count // 5))]
		companies = [
			(r.choice(COMPANY_WORDS) + r.choice(COMPANY_WORDS) + r.choice(COMPANY_KINDS), credit_code(r))
			for _ in range(max(500, count // 25))
		]
		self.person_name = np.array([name for name, _id, _m in people], dtype=object)
		self.company_name = np.array([name for name, _c in companies], dtype=object)
		self.person_mobile = np.array([m for _n, _id, m in people], dtype=object)
		self.lit_person_name = np.array([quote(name) for name, _id, _m in people], dtype=object)
		self.lit_person_id = np.array([quote(i) for _n, i, _m in people], dtype=object)
		self.lit_person_id_masked = np.array(
			[quote(mask_resident_id(i)) for _n, i, _m in people], dtype=object
		)
		self.lit_person_mobile = np.array([quote(m) for _n, _i, m in people], dtype=object)
		self.lit_person_mobile_masked = np.array(
			[quote(mask_mobile(m)) for _n, _i, m in people], dtype=object
		)
		self.lit_person_last4 = np.array([quote(m[-4:]) for _n, _i, m in people], dtype=object)
		self.lit_company_name = np.array([quote(name) for name, _c in companies], dtype=object)
		self.lit_company_id = np.array([quote(c) for _n, c in companies], dtype=object)
		self.lit_company_id_masked = np.array(
			[quote(mask_resident_id(c)) for _n, c in companies], dtype=object
		)

	# cases --------------------------------------------------------------------------------------

	def generate_cases(self, n: int) -> None:
		rng, cal, t = self.rng, self.cal, self.t
		days = np.flatnonzero(cal.working[self.first_day : t]) + self.first_day
		weekday = np.array([cal.dates[d].weekday() for d in days])
		weight = np.array([1.15, 1.05, 1.0, 1.0, 0.9, 0.85, 0.85])[weekday]
		weight *= np.clip(1 + 0.1 * rng.standard_normal(len(days)), 0.5, 1.5)
		day = np.repeat(days, rng.multinomial(n, weight / weight.sum()))
		sec = rng.integers(9 * 3600, 15 * 3600, n)
		order = np.lexsort((sec, day))
		self.day, self.sec = day[order], sec[order]
		self.n = n

		self.matter = rng.choice(len(self.matter_limit), size=n, p=self.matter_p)
		self.dept = self.matter_dept[self.matter]
		self.window = self.dept_window_start[self.dept] + (
			rng.random(n) * self.dept_window_count[self.dept]
		).astype(np.int64)
		self.handler = self.window_staff_start[self.window] + (
			rng.random(n) * self.window_staff_count[self.window]
		).astype(np.int64)
		self.limit = self.matter_limit[self.matter]
		self.company = rng.random(n) < 0.3
		self.person = rng.integers(0, len(self.person_name), n)
		self.company_index = rng.integers(0, len(self.lit_company_name), n)
		names, p = CASE_CHANNELS
		self.channel = rng.choice(len(names), size=n, p=p)

		# one-time supplement notice within two working days; the applicant returns 1 to 8 later
		has_notice = rng.random(n) < NOTICE_SHARE
		self.notice_day = cal.add(self.day, rng.choice([0, 0, 1, 2], n))
		self.noticed = has_notice & (self.notice_day < t)
		self.returned = cal.add(self.notice_day, rng.choice([1, 2, 3, 5, 8], n))
		self.paused = self.noticed & (self.returned >= t)
		resumed = np.where(self.noticed & ~self.paused, self.returned, self.day)
		self.rejected = ~self.paused & (rng.random(n) < REJECTED_SHARE)
		self.accept_day = np.where(self.limit == 0, resumed, cal.add(resumed, rng.choice([0, 0, 0, 1], n)))
		self.accepted = ~self.paused & ~self.rejected & (self.accept_day < t)
		self.due = cal.add(self.accept_day, self.limit)  # the clock starts on acceptance (in time)
		self.withdrawn = self.accepted & (rng.random(n) < WITHDRAWN_SHARE)
		self.working = self.accepted & ~self.withdrawn
		# most cases finish well within the limit, a few on its last days, a few late; the slower
		# staff are late more often
		limit = self.limit
		late = rng.random(n) < np.minimum(LATE_SHARE * self.late_factor[self.handler], 0.5)
		near = ~late & (limit >= 3) & (rng.random(n) < NEAR_SHARE)
		u = rng.random(n)
		used = np.where(
			late,
			limit + rng.choice([1, 2, 4], n),
			np.where(
				near,
				limit - rng.choice([0, 1], n),
				np.where(
					limit >= 3,
					np.floor(0.4 * limit + u * (0.6 * limit - 1)),
					np.floor(u * (limit + 1)),
				),
			),
		).astype(np.int64)
		self.finish = cal.add(self.accept_day, used)
		self.completed = self.working & (self.finish < t)
		self.on_time = self.finish <= self.due

		status = np.full(n, RECEIVED)
		status[self.paused] = PAUSED
		status[self.rejected] = REJECTED
		status[self.working] = np.where(self.limit[self.working] > 0, IN_PROCESS, ACCEPTED)
		status[self.withdrawn] = WITHDRAWN
		status[self.completed] = COMPLETED
		self.status = status

		# times of day: each step of one day follows the step before it
		self.received_at = self.day * DAY + self.sec
		self.notice_at = np.where(
			self.notice_day == self.day,
			self.received_at + rng.integers(300, 1800, n),
			self.notice_day * DAY + rng.integers(9 * 3600, 11 * 3600, n),
		)
		self.returned_at = self.returned * DAY + rng.integers(9 * 3600, 10 * 3600, n)
		base = np.where(
			self.accept_day == self.day,
			self.received_at,
			np.where(
				self.noticed & (self.accept_day == self.returned),
				self.returned_at,
				self.accept_day * DAY + 9 * 3600,
			),
		)
		self.accepted_at = base + rng.integers(300, 3600, n)
		self.completed_at = np.where(
			self.finish == self.accept_day,
			self.accepted_at + rng.integers(300, 3600, n),
			self.finish * DAY + rng.integers(9 * 3600, 17 * 3600, n),
		)
		self.name_cases()

	def name_cases(self) -> None:
		"""<hall code>-<year>-<serial> in order of receipt, continuing each year's series."""
		years = np.array([cal_date.year for cal_date in self.cal.dates])[self.day]
		serial = np.zeros(self.n, dtype=np.int64)
		self.case_series = {}
		for year in np.unique(years):
			mask = years == year
			key = f"{HALL_CODE}-{year}-"
			start = current_series(key)
			serial[mask] = start + np.arange(1, mask.sum() + 1)
			self.case_series[key] = int(serial[mask][-1])
		self.case_name = np.array(
			[f"{HALL_CODE}-{y}-{s:05d}" for y, s in zip(years.tolist(), serial.tolist(), strict=True)],
			dtype=object,
		)
		self.lit_case = np.array([quote(name) for name in self.case_name.tolist()], dtype=object)

	def case_columns(self, lo: int, hi: int) -> dict:
		cal, sl = self.cal, slice(lo, hi)
		company, person, firm = self.company[sl], self.person[sl], self.company_index[sl]
		status = self.status[sl]
		accepted = self.accepted[sl]
		completed = self.completed[sl]
		noticed, paused = self.noticed[sl], self.paused[sl]
		limit = self.limit[sl]
		handler = lookup(self.lit_staff, self.handler[sl])
		matter = self.matter[sl]
		modified = np.maximum.reduce(
			[
				self.received_at[sl],
				np.where(noticed, self.notice_at[sl], 0),
				np.where(noticed & ~paused, self.returned_at[sl], 0),
				np.where(accepted, self.accepted_at[sl], 0),
				np.where(completed, self.completed_at[sl], 0),
			]
		)
		card = self.card_level[sl]
		received = cal.datetimes(self.received_at[sl])
		return {
			"name": lookup(self.lit_case, np.arange(lo, hi)),
			"case_title": lookup(self.lit_matter_name, matter),
			"applicant_type": np.where(company, "'Company'", "'Person'").tolist(),
			"applicant_name": np.where(
				company, self.lit_company_name[firm], self.lit_person_name[person]
			).tolist(),
			"contact_person": np.where(company, self.lit_person_name[person], NULL).tolist(),
			"id_number": np.where(company, self.lit_company_id[firm], self.lit_person_id[person]).tolist(),
			"id_number_masked": np.where(
				company, self.lit_company_id_masked[firm], self.lit_person_id_masked[person]
			).tolist(),
			"mobile": lookup(self.lit_person_mobile, person),
			"mobile_masked": lookup(self.lit_person_mobile_masked, person),
			"mobile_last4": lookup(self.lit_person_last4, person),
			"matter": lookup(self.lit_matter, matter),
			"matter_name": lookup(self.lit_matter_name, matter),
			"department": lookup(self.lit_dept, self.dept[sl]),
			"hall": [quote(HALL_NAME)] * (hi - lo),
			"window": lookup(self.lit_window, self.window[sl]),
			"channel": [f"'{CASE_CHANNELS[0][c]}'" for c in self.channel[sl].tolist()],
			"first_responder": handler,
			"handler": handler,
			"status": [f"'{STATUSES[s]}'" for s in status.tolist()],
			"card_level": np.where(card == 2, "'Red'", np.where(card == 1, "'Yellow'", NULL)).tolist(),
			"is_paused": paused.astype(int).astype(str).tolist(),
			"paused_since": cal.days(self.notice_day[sl], paused),
			"resume_status": np.where(paused, "'Received'", NULL).tolist(),
			"received_on": received,
			"accepted_on": cal.datetimes(self.accepted_at[sl], accepted),
			"completed_on": cal.datetimes(self.completed_at[sl], completed),
			"first_notice_on": cal.days(self.notice_day[sl], noticed),
			"deemed_accepted": ["0"] * (hi - lo),
			"time_limit_days": limit.astype(str).tolist(),
			"extension_days": ["0"] * (hi - lo),
			"paused_working_days": ["0"] * (hi - lo),
			"clock_start": cal.days(self.accept_day[sl], accepted),
			"due_date": cal.days(self.due[sl], accepted),
			"completed_on_time": (completed & self.on_time[sl]).astype(int).astype(str).tolist(),
			"rejection_reason": [
				quote(REJECTION_REASONS[i % len(REJECTION_REASONS)]) if s == REJECTED else NULL
				for i, s in enumerate(status.tolist())
			],
			"close_reason": [
				quote(WITHDRAWAL_REASONS[i % len(WITHDRAWAL_REASONS)]) if s == WITHDRAWN else NULL
				for i, s in enumerate(status.tolist())
			],
			"result_note": np.where(
				completed, np.where(limit > 0, "'准予许可'", "'当场办结'"), NULL
			).tolist(),
			"owner": handler,
			"modified_by": handler,
			"creation": received,
			"modified": cal.datetimes(modified),
			"docstatus": ["0"] * (hi - lo),
			"idx": ["0"] * (hi - lo),
		}

	# notices and pauses -------------------------------------------------------------------------

	def generate_notices(self) -> None:
		"""The first notice of each noticed case, its pause, and for a few a second notice that asks
		for something new (a violation of the one-time notification rule)."""
		rng, cal, t = self.rng, self.cal, self.t
		cases = np.flatnonzero(self.noticed)
		second_day = cal.add(self.returned[cases], 1)
		violation = (~self.paused[cases]) & (rng.random(len(cases)) < VIOLATION_SHARE) & (second_day < t)
		rows = []
		for k, (i, second) in enumerate(zip(cases.tolist(), second_day.tolist(), strict=True)):
			rows.append((int(self.notice_at[i]), i, True))
			if violation[k]:
				rows.append((second * DAY + int(rng.integers(9 * 3600, 16 * 3600)), i, False))
		rows.sort()
		counters, self.notice_rows, self.item_rows, self.pause_rows = {}, [], [], []
		for issued_at, i, first in rows:
			issued = cal.datetime_of(issued_at)
			year = issued.year
			if year not in counters:
				counters[year] = current_series(f"SN-{year}-")
			counters[year] += 1
			name = f"SN-{year}-{counters[year]:05d}"
			matter = self.matters[self.matter[i]]
			returned = None
			if first and not self.paused[i]:
				returned = cal.datetime_of(self.returned_at[i])
			elif not first:
				returned = issued + datetime.timedelta(hours=1)
			handler = self.staff_names[self.handler[i]]
			self.notice_rows.append(
				{
					"name": name,
					"case": self.case_name[i],
					"applicant_name": self.company_name[self.company_index[i]]
					if self.company[i]
					else self.person_name[self.person[i]],
					"matter": matter.name,
					"matter_name": matter.matter_name,
					"hall": HALL_NAME,
					"department": self.s["departments"][self.dept[i]],
					"window": self.windows[self.window[i]],
					"issued_by": handler,
					"issued_on": issued,
					"status": "Returned" if returned else "Open",
					"returned_on": returned,
					"is_first_notice": int(first),
					"issued_in_time": 1,
					"is_violation": int(not first),
					"violation_items": None if first else "补充说明材料",
					"owner": handler,
					"creation": issued,
					"modified": returned or issued,
				}
			)
			self.item_rows.append(
				child_row(
					name,
					"GH Supplement Notice",
					"items",
					material_name="补充说明材料" if not first else MATERIALS[i % 2],
					from_matter=int(first),
					problem="Missing" if i % 3 else "Defective",
					requirement=SUPPLEMENT_HINTS[i % len(SUPPLEMENT_HINTS)],
				)
			)
			if first:
				paused = bool(self.paused[i])
				self.pause_rows.append(
					child_row(
						self.case_name[i],
						"GH Case",
						"pauses",
						notice=name,
						paused_on=cal.dates[self.notice_day[i]],
						resumed_on=None if paused else cal.dates[self.returned[i]],
						working_days=0 if paused else int(cal.between(self.notice_day[i], self.returned[i])),
					)
				)
		self.notice_series = counters

	# cards --------------------------------------------------------------------------------------

	def generate_cards(self) -> None:
		"""What the daily e-supervision pass issued up to yesterday: yellow the working day before
		the due date (limits over one day), red the working day after it."""
		cal, t = self.cal, self.t
		last_day = np.minimum(self.finish, t - 1)
		yellow_day = np.maximum(cal.last_working_before(self.due), self.accept_day)
		red_day = cal.add(self.due, 1)
		yellow = self.working & (self.limit > 1) & (yellow_day <= last_day)
		red = self.working & (red_day <= last_day)
		self.card_level = np.where(red, 2, np.where(yellow, 1, 0))
		case = np.concatenate([np.flatnonzero(yellow), np.flatnonzero(red)])
		day = np.concatenate([yellow_day[yellow], red_day[red]])
		level = np.concatenate([np.ones(yellow.sum(), dtype=np.int64), np.full(red.sum(), 2)])
		order = np.lexsort((case, day))
		self.card_case, self.card_day, self.card_kind = case[order], day[order], level[order]
		self.card_names, self.card_series = self.series_names("CARD", self.card_day, 6)

	def series_names(self, prefix: str, day: np.ndarray, digits: int) -> tuple[np.ndarray, dict]:
		"""PREFIX-YYYY-#### names in the order given, continuing each year's naming series."""
		years = np.array([d.year for d in self.cal.dates])[day]
		serial = np.zeros(len(day), dtype=np.int64)
		last = {}
		for year in np.unique(years).tolist():
			mask = years == year
			start = current_series(f"{prefix}-{year}-")
			serial[mask] = start + np.arange(1, mask.sum() + 1)
			last[year] = int(serial[mask][-1])
		names = [
			f"'{prefix}-{y}-{s:0{digits}d}'" for y, s in zip(years.tolist(), serial.tolist(), strict=True)
		]
		return np.array(names, dtype=object), last

	def card_columns(self, lo: int, hi: int) -> dict:
		cal, sl = self.cal, slice(lo, hi)
		case = self.card_case[sl]
		day = self.card_day[sl]
		due = self.due[case]
		created = day * DAY + 3600
		return {
			"name": self.card_names[sl].tolist(),
			"case": lookup(self.lit_case, case),
			"level": np.where(self.card_kind[sl] == 2, "'Red'", "'Yellow'").tolist(),
			"card_date": cal.days(day),
			"due_date": cal.days(due),
			"remaining_days": cal.remaining(day, due).astype(str).tolist(),
			"hall": [quote(HALL_NAME)] * (hi - lo),
			"department": lookup(self.lit_dept, self.dept[case]),
			"window": lookup(self.lit_window, self.window[case]),
			"staff": lookup(self.lit_staff, self.handler[case]),
			"owner": [quote(ADMIN)] * (hi - lo),
			"modified_by": [quote(ADMIN)] * (hi - lo),
			"creation": cal.datetimes(created),
			"modified": cal.datetimes(created),
			"docstatus": ["0"] * (hi - lo),
			"idx": ["0"] * (hi - lo),
		}

	# ratings ------------------------------------------------------------------------------------

	def generate_ratings(self) -> None:
		"""One rating for ~63% of the completed cases; late and carded cases and weak staff and
		windows are rated worse; a rectification for every bad review."""
		rng, cal, t = self.rng, self.cal, self.t
		case = np.flatnonzero(self.completed & (rng.random(self.n) < RATED_SHARE))
		m = len(case)
		online = self.channel[case] == CASE_CHANNELS[0].index("Online")
		channels = list(rating_rules.CHANNELS)
		normal = np.array([CHANNEL_WEIGHTS.get(c, 0) for c in channels], dtype=float)
		web = np.array([ONLINE_CHANNEL_WEIGHTS.get(c, 0) for c in channels], dtype=float)
		channel = np.where(
			online,
			rng.choice(len(channels), size=m, p=web / web.sum()),
			rng.choice(len(channels), size=m, p=normal / normal.sum()),
		)
		handler, window = self.handler[case], self.window[case]
		late = ~self.on_time[case] | (self.card_level[case] == 2)
		factor = (
			self.bad_factor[handler]
			* self.window_bad[window]
			* np.where(late, 6.0, np.where(self.card_level[case] == 1, 1.5, 1.0))
		)
		weights = np.tile(np.array(LEVEL_WEIGHTS, dtype=float), (m, 1))
		weights[:, 2] *= np.sqrt(factor)
		weights[:, 3] *= factor
		weights[:, 4] *= factor
		cumulative = np.cumsum(weights, axis=1) / weights.sum(axis=1, keepdims=True)
		level = (rng.random(m)[:, None] > cumulative).sum(axis=1)

		done = self.completed_at[case]
		evaluator = channel == channels.index(rating_rules.WINDOW_EVALUATOR)
		phone = channel == channels.index(rating_rules.PHONE_FOLLOW_UP)
		later = (done // DAY + rng.choice([0, 0, 1, 1, 2, 3], m)) * DAY + rng.integers(8 * 3600, 22 * 3600, m)
		rated = np.where(
			evaluator,
			done + rng.integers(60, 1200, m),
			np.where(
				phone,
				cal.add(done // DAY, rng.integers(2, 8, m)) * DAY + rng.integers(9 * 3600, 17 * 3600, m),
				np.maximum(later, done + 300),
			),
		)
		keep = rated < t * DAY
		order = np.argsort(rated[keep], kind="stable")
		self.r_case = case[keep][order]
		self.r_channel = channel[keep][order]
		self.r_level = level[keep][order]
		self.r_at = rated[keep][order]
		self.r_late = late[keep][order]
		m = len(self.r_case)
		real_share = np.where(self.r_channel == channels.index(rating_rules.PHONE_FOLLOW_UP), 0.5, 0.3)
		self.r_real = rng.random(m) < real_share
		self.r_with_mobile = self.r_real & (
			(self.r_channel == channels.index(rating_rules.WINDOW_EVALUATOR))
			| (self.r_channel == channels.index(rating_rules.PHONE_FOLLOW_UP))
		)
		self.r_comment = self.pick_comments(rng, m)
		self.r_names, self.rating_series = self.series_names("RT", self.r_at // DAY, 7)
		self.make_rectifications()

	def pick_comments(self, rng, m: int) -> np.ndarray:
		levels = rating_rules.LEVELS
		comments = np.full(m, NULL, dtype=object)
		share = np.array([COMMENT_SHARE[level] for level in levels])[self.r_level]
		has = rng.random(m) < share
		late_words = has & self.r_late & (self.r_level >= 3) & (rng.random(m) < 0.7)
		for index, level in enumerate(levels):
			mask = has & ~late_words & (self.r_level == index)
			choices = np.array([quote(c) for c in COMMENTS[level]], dtype=object)
			comments[mask] = choices[rng.integers(0, len(choices), mask.sum())]
		late_choices = np.array([quote(c) for c in LATE_COMMENTS], dtype=object)
		comments[late_words] = late_choices[rng.integers(0, len(late_choices), late_words.sum())]
		return comments

	def make_rectifications(self) -> None:
		"""One per bad review, worked as the demo works them (gov_hall.demo.voice.work_rectification)."""
		bad = np.flatnonzero(self.r_level >= 3)
		limit = voice_setting("rectification_limit_days")
		shim = frappe._dict(
			rng=random.Random(self.py_rng.random()),
			today=self.today,
			chiefs=self.s["chiefs"],
			manager=lambda: ADMIN,
		)
		rows = []
		calendar = self.cal.calendar
		for r in bad.tolist():
			i = int(self.r_case[r])
			rated_on = self.cal.datetime_of(self.r_at[r])
			real = bool(self.r_real[r])
			comment = self.r_comment[r]
			row = {
				"rating": self.r_names[r][1:-1],
				"level": rating_rules.LEVELS[self.r_level[r]],
				"case": self.case_name[i],
				"opened_on": rated_on.date(),
				"due_date": calendar.add_working_days(rated_on.date(), limit),
				"hall": HALL_NAME,
				"department": self.s["departments"][self.dept[i]],
				"window": self.windows[self.window[i]],
				"staff": self.staff_names[self.handler[i]],
				"staff_name": self.staff_full_names[self.handler[i]],
				"comment": None if comment == NULL else comment[1:-1],
				"follow_up_required": int(real),
				"contact_name": self.person_name[self.person[i]] if real else None,
				"contact_mobile": self.person_mobile[self.person[i]] if real else None,
				"creation": rated_on,
			}
			work_rectification(shim, row, calendar, limit)
			row["status"] = rectification_status(row)
			rows.append(row)
		rows_by_day = sorted(range(len(rows)), key=lambda k: (rows[k]["opened_on"], k))
		counters = {}
		for k in rows_by_day:
			year = rows[k]["opened_on"].year
			if year not in counters:
				counters[year] = current_series(f"RC-{year}-")
			counters[year] += 1
			rows[k]["name"] = f"RC-{year}-{counters[year]:05d}"
		self.rectification_rows = rows
		self.rectification_series = counters
		self.r_rectification = np.full(len(self.r_case), NULL, dtype=object)
		self.r_rectification[bad] = [quote(row["name"]) for row in rows]

	def rating_columns(self, lo: int, hi: int) -> dict:
		cal, sl = self.cal, slice(lo, hi)
		case = self.r_case[sl]
		level = self.r_level[sl]
		person = self.person[case]
		real, with_mobile = self.r_real[sl], self.r_with_mobile[sl]
		rated = cal.datetimes(self.r_at[sl])
		levels = np.array([f"'{level}'" for level in rating_rules.LEVELS], dtype=object)
		channels = np.array([f"'{c}'" for c in rating_rules.CHANNELS], dtype=object)
		# a person rates as themselves, a company through its contact person
		rater = self.lit_person_name[person]
		return {
			"name": self.r_names[sl].tolist(),
			"rating_for": [f"'{rating_rules.CASE}'"] * (hi - lo),
			"case": lookup(self.lit_case, case),
			"level": lookup(levels, level),
			"score": (5 - level).astype(str).tolist(),
			"is_bad_review": (level >= 3).astype(int).astype(str).tolist(),
			"channel": lookup(channels, self.r_channel[sl]),
			"rated_on": rated,
			"hall": [quote(HALL_NAME)] * (hi - lo),
			"department": lookup(self.lit_dept, self.dept[case]),
			"window": lookup(self.lit_window, self.window[case]),
			"staff": lookup(self.lit_staff, self.handler[case]),
			"staff_name": lookup(self.lit_staff_name, self.handler[case]),
			"matter": lookup(self.lit_matter, self.matter[case]),
			"is_real_name": real.astype(int).astype(str).tolist(),
			"rater_name": np.where(real, rater, NULL).tolist(),
			"rater_mobile": np.where(with_mobile, self.lit_person_mobile[person], NULL).tolist(),
			"rater_mobile_masked": np.where(
				with_mobile, self.lit_person_mobile_masked[person], NULL
			).tolist(),
			"comment": self.r_comment[sl].tolist(),
			"status": ["'Valid'"] * (hi - lo),
			"counts_in_scores": ["1"] * (hi - lo),
			"rectification": self.r_rectification[sl].tolist(),
			"owner": [quote(ADMIN)] * (hi - lo),
			"modified_by": [quote(ADMIN)] * (hi - lo),
			"creation": rated,
			"modified": rated,
			"docstatus": ["0"] * (hi - lo),
			"idx": ["0"] * (hi - lo),
		}

	# writing ------------------------------------------------------------------------------------

	def write(self) -> dict:
		counts, self.write_seconds = {}, {}

		def timed_write(key: str, doctype: str, writer, *args) -> None:
			started, in_sql = time.perf_counter(), SQL_SECONDS[0]
			written = writer(doctype, *args)
			if key:
				counts[key] = written
			self.write_seconds[doctype] = (time.perf_counter() - started, SQL_SECONDS[0] - in_sql)

		timed_write("cases", "GH Case", chunked_columns, self.n, self.case_columns)
		timed_write("case pauses", "GH Case Pause", write_dicts, self.pause_rows)
		timed_write("supplement notices", "GH Supplement Notice", write_dicts, self.notice_rows)
		timed_write(None, "GH Supplement Item", write_dicts, self.item_rows)
		timed_write("cards", "GH Supervision Card", chunked_columns, len(self.card_case), self.card_columns)
		timed_write("ratings", "GH Service Rating", chunked_columns, len(self.r_case), self.rating_columns)
		timed_write("rectifications", "GH Rectification", write_dicts, self.rectification_rows)
		for key, current in self.case_series.items():
			set_series_current(key, current)
		for prefix, counters in (
			("SN", self.notice_series),
			("CARD", self.card_series),
			("RT", self.rating_series),
			("RC", self.rectification_series),
		):
			for year, current in counters.items():
				set_series_current(f"{prefix}-{year}-", current)
		frappe.db.commit()  # nosemgrep
		counts["open cases"] = int(np.isin(self.status, [RECEIVED, PAUSED, ACCEPTED, IN_PROCESS]).sum())
		counts["open running cases"] = int(np.isin(self.status, [RECEIVED, ACCEPTED, IN_PROCESS]).sum())
		return counts


# ---------------------------------------------------------------------------------------------
# Measuring


class Table:
	def __init__(self):
		self.rows = []

	def add(self, label: str, seconds=None, reference=None, note: str = "") -> None:
		self.rows.append((label, seconds, reference, note))

	def text(self) -> str:
		def ms(value):
			return "" if value is None else f"{value * 1000:,.1f}"

		lines = [f"{'measurement':<66} {'frappe ms':>11} {'bare SQL ms':>12} {'ratio':>7}  notes", "-" * 120]
		for label, seconds, reference, note in self.rows:
			ratio = f"{seconds / reference:.1f}x" if seconds is not None and reference else ""
			lines.append(f"{label:<66} {ms(seconds):>11} {ms(reference):>12} {ratio:>7}  {note}")
		return "\n".join(lines)


def timed(fn, repeat: int = 3) -> tuple[float, object]:
	"""Median seconds of ``repeat`` calls, and the last result."""
	times, result = [], None
	for _ in range(repeat):
		started = time.perf_counter()
		result = fn()
		times.append(time.perf_counter() - started)
	return statistics.median(times), result


def percentile(values: list[float], share: float) -> float:
	ordered = sorted(values)
	return ordered[min(len(ordered) - 1, max(0, int(round(share * len(ordered))) - 1))]


def benchmark_hall() -> str:
	if frappe.db.exists("GH Service Hall", HALL_NAME):
		return HALL_NAME
	rows = frappe.db.sql("select hall from `tabGH Case` group by hall order by count(*) desc limit 1")
	return rows[0][0]


def measure(
	quarter: str | None = None,
	lookups: int = 500,
	concurrency: int = 50,
	duration: int = 20,
	accepts: int = 50,
	repeat: int = 3,
	url: str = "http://127.0.0.1:8000",
	hall: str | None = None,
	think_ms: int = 1000,
) -> str:
	"""Time the hall's heavy work on this site and print a table; everything written is rolled back."""
	frappe.flags.mute_emails = True
	hall = hall or benchmark_hall()
	quarter = quarter or quarter_of(getdate(frappe.utils.add_months(nowdate(), -3)))
	start, end = quarter_bounds(quarter)
	table = Table()
	total = frappe.db.count("GH Case", {"hall": hall})
	in_quarter = frappe.db.count("GH Case", {"hall": hall, "received_on": ["between", [start, end]]})
	header = (
		f"hall {hall}: {total:,} cases, {in_quarter:,} received in {quarter}, "
		f"{frappe.db.count('GH Service Rating', {'hall': hall}):,} ratings, "
		f"{frappe.db.count('GH Supervision Card', {'hall': hall}):,} cards, "
		f"{frappe.db.count('GH Window Staff', {'hall': hall}):,} staff, "
		f"{frappe.db.count('GH Service Window', {'hall': hall}):,} windows"
	)
	try:
		aggregate = measure_assessment(table, hall, quarter, repeat)
		frappe.db.rollback()
		measure_rankings(table, hall, quarter, repeat, aggregate)
		frappe.db.rollback()
		measure_on_time(table, hall, start, end, repeat)
		frappe.db.rollback()
		measure_accept(table, hall, accepts)
		frappe.db.rollback()
		measure_supervision(table, hall)
		frappe.db.rollback()
		pairs = tracking_pairs(hall, max(lookups, 200))
		measure_tracking(table, pairs, lookups)
	finally:
		frappe.db.rollback()
	measure_load(table, pairs, url, concurrency, duration)
	if think_ms:
		measure_load(table, pairs, url, concurrency, duration, think_ms)
	text = header + "\n" + machine() + "\n" + table.text()
	print(text)
	return text


# the quarterly run ------------------------------------------------------------------------------


# The grouped counts quarter_facts needs, written by hand (per window and staff member), over the
# same schema: the quarter columns and their indexes (gov_hall.setup.indexes) included.
REFERENCE_FACTS = [
	"""select c.window, c.handler, count(*), sum(if(m.complexity >= 1, m.complexity, 1)),
		sum(c.completed_on_time)
	from `tabGH Case` c left join `tabGH Service Matter` m on m.name = c.matter
	where c.hall = %(hall)s and c.status = 'Completed' and c.completed_quarter = %(quarter)s
	group by c.window, c.handler""",
	"""select window, staff, level, count(*) from `tabGH Supervision Card`
	where hall = %(hall)s and card_quarter = %(quarter)s
	group by window, staff, level""",
	"""select window, issued_by, count(*) from `tabGH Supplement Notice`
	where hall = %(hall)s and is_violation = 1 and issued_on >= %(start)s and issued_on < %(after)s
	group by window, issued_by""",
	"""select window, staff, category, count(*), sum(deduction_points) from `tabGH Complaint`
	where hall = %(hall)s and assessment_quarter = %(quarter)s
		and verification_result in ('Substantiated', 'Partly Substantiated')
	group by window, staff, category""",
	"""select window, staff, count(*), sum(level not in ('Dissatisfied', 'Very Dissatisfied'))
	from `tabGH Service Rating`
	where hall = %(hall)s and rated_quarter = %(quarter)s and counts_in_scores = 1
	group by window, staff""",
	"""select window, avg(score_rate) from `tabGH Inspection`
	where hall = %(hall)s and docstatus = 1 and assessment_quarter = %(quarter)s group by window""",
	"""select user, full_name, department, window from `tabGH Window Staff`
	where hall = %(hall)s and on_site_from <= %(end)s and (on_site_to is null or on_site_to >= %(start)s)""",
	"""select name, department from `tabGH Service Window` where hall = %(hall)s and status = 'Active'""",
]


def machine() -> str:
	"""What the figures depend on besides the app: cores, MariaDB's buffer pool."""
	import os

	pool = frappe.db.sql("select @@innodb_buffer_pool_size, version()")[0]
	return (
		f"{os.cpu_count()} cores, MariaDB {pool[1]}, innodb_buffer_pool_size {int(pool[0]) / 2**30:.2f} GiB"
	)


def reference_facts(hall: str, quarter: str) -> list:
	start, end = quarter_bounds(quarter)
	after = end + datetime.timedelta(days=1)
	values = {"hall": hall, "start": start, "end": end, "after": after, "quarter": quarter}
	return [frappe.db.sql(query, values) for query in REFERENCE_FACTS]


def measure_assessment(table: Table, hall: str, quarter: str, repeat: int) -> float:
	"""Times the run; returns the seconds of the hand-written aggregate (the reference)."""
	from gov_hall.assessment.facts import quarter_facts
	from gov_hall.assessment.run import compute

	reference, rows = timed(lambda: reference_facts(hall, quarter), repeat)
	facts, (windows, staff, _who) = timed(lambda: quarter_facts(hall, quarter), repeat)
	table.add(
		f"quarterly run {quarter}: facts (quarter_facts)",
		facts,
		reference,
		f"{len(windows)} windows, {len(staff)} staff; reference: the same 8 grouped queries by hand "
		f"({sum(len(r) for r in rows):,} groups)",
	)
	existing = frappe.db.exists(
		"GH Assessment Run", {"hall": hall, "quarter": quarter, "period_type": "Quarter"}
	)

	def run_once():
		doc = frappe.get_doc({"doctype": "GH Assessment Run", "hall": hall, "quarter": quarter})
		started = time.perf_counter()
		compute(doc)
		computed = time.perf_counter() - started
		if not existing:
			doc.insert(ignore_permissions=True)
		saved = time.perf_counter() - started - computed
		frappe.db.rollback()
		return computed, saved

	results = [run_once() for _ in range(repeat)]
	computed = statistics.median(r[0] for r in results)
	saved = statistics.median(r[1] for r in results)
	table.add(f"quarterly run {quarter}: facts + compute (scoring, ranks)", computed, reference)
	if existing:
		table.add(f"quarterly run {quarter}: save", None, None, f"skipped: {existing} exists for the quarter")
	else:
		table.add(
			f"quarterly run {quarter}: facts + compute + save (insert)",
			computed + saved,
			reference,
			f"insert alone {saved * 1000:,.0f} ms ({len(windows) + len(staff):,} result rows)",
		)
	return reference


# the ranking reports ----------------------------------------------------------------------------

RANKING_REPORTS = {
	"GH Red-Flag Windows": (
		"""select r.`rank`, r.window, w.window_number, w.window_name, r.department, r.final_score,
			r.work_points, r.activity_points, r.eligible, r.is_red_flag
		from `tabGH Window Assessment` r left join `tabGH Service Window` w on w.name = r.window
		where r.parenttype = 'GH Assessment Run' and r.parentfield = 'window_results' and r.parent = %(run)s
		order by r.`rank`"""
	),
	"GH Service Stars": (
		"""select `rank`, staff, staff_name, department, window, final_score, work_points,
			activity_points, eligible, is_service_star
		from `tabGH Staff Assessment`
		where parenttype = 'GH Assessment Run' and parentfield = 'staff_results' and parent = %(run)s
		order by `rank`"""
	),
}


def published_run(hall: str, quarter: str) -> str:
	"""The published run of the quarter; computed and published (uncommitted) when there is none."""
	from gov_hall.assessment.run import compute

	found = frappe.db.get_value(
		"GH Assessment Run", {"hall": hall, "quarter": quarter, "period_type": "Quarter"}, ["name", "status"]
	)
	if found and found[1] == "Published":
		return found[0]
	if found:
		frappe.db.set_value("GH Assessment Run", found[0], "status", "Published", update_modified=False)
		return found[0]
	doc = frappe.get_doc({"doctype": "GH Assessment Run", "hall": hall, "quarter": quarter})
	compute(doc)
	doc.insert(ignore_permissions=True)
	doc.db_set({"status": "Published", "published_on": nowdate()}, update_modified=False)
	return doc.name


def measure_rankings(table: Table, hall: str, quarter: str, repeat: int, aggregate: float) -> None:
	"""The reports read the published run (its rows are the ranking); the reference is reading those
	rows by hand. The note compares with the quarter's aggregate a live ranking would need."""
	from frappe.desk.query_report import run

	installed = [name for name in RANKING_REPORTS if frappe.db.exists("Report", name)]
	for name in RANKING_REPORTS:
		if name not in installed:
			table.add(f"report {name}", None, None, "not installed")
	if not installed:
		return
	run_name = published_run(hall, quarter)
	filters = {"hall": hall, "quarter": quarter}
	for name in installed:
		report, result = timed(lambda: run(name, filters=filters, ignore_prepared_report=True), repeat)
		reference, rows = timed(lambda: frappe.db.sql(RANKING_REPORTS[name], {"run": run_name}), repeat)
		table.add(
			f"report {name} ({quarter}, published run)",
			report,
			reference,
			f"{len(result.get('result') or []):,} rows; reference: the run's rows joined by hand "
			f"({len(rows):,}); vs the quarter's hand-written aggregate ({aggregate * 1000:,.0f} ms): "
			f"{report / aggregate:.2f}x",
		)


# the on-time report -----------------------------------------------------------------------------

ON_TIME_REFERENCE = [
	"""select window, count(*), sum(completed_on_time) from `tabGH Case`
	where hall = %(hall)s and status = 'Completed' and completed_on >= %(start)s and completed_on < %(after)s
	group by window""",
	"""select window, count(*) from `tabGH Case`
	where hall = %(hall)s and status in ('Received', 'Supplement Required', 'Accepted', 'In Process')
		and is_paused = 0 and due_date < %(today)s
	group by window""",
]


def measure_on_time(table: Table, hall: str, start, end, repeat: int) -> None:
	from frappe.desk.query_report import run

	name = "GH On-Time Completion Rate"
	if not frappe.db.exists("Report", name):
		table.add(f"report {name}", None, None, "not installed")
		return
	filters = {"hall": hall, "group_by": "Window", "from_date": str(start), "to_date": str(end)}
	report, result = timed(lambda: run(name, filters=filters, ignore_prepared_report=True), repeat)
	values = {"hall": hall, "start": start, "after": end + datetime.timedelta(days=1), "today": nowdate()}
	reference, rows = timed(lambda: [frappe.db.sql(q, values) for q in ON_TIME_REFERENCE], repeat)
	table.add(
		f"report {name} by window ({start}..{end})",
		report,
		reference,
		f"{len(result.get('result') or []):,} rows; reference: completed/on-time and open-overdue "
		"counts per window (no working days used)",
	)


# accepting a case -------------------------------------------------------------------------------


def measure_accept(table: Table, hall: str, count: int) -> None:
	from gov_hall.cases.deadline import refresh_deadline

	matter = frappe.db.sql(
		"""select m.name from `tabGH Service Matter` m join `tabGH Service Window` w on w.department = m.department
		where w.hall = %s and m.status = 'Active' and m.promised_time_limit > 0 order by m.name limit 1""",
		hall,
	)[0][0]
	window = frappe.db.get_value(
		"GH Service Window",
		{"hall": hall, "department": frappe.db.get_value("GH Service Matter", matter, "department")},
	)

	def accept_one(index: int, skip_deadline: bool) -> tuple[float, float]:
		"""Seconds of the accepting save, and of the deadline computation alone on the same case."""
		case = frappe.get_doc(
			{
				"doctype": "GH Case",
				"applicant_type": "Person",
				"applicant_name": "计时测试",
				"id_number": "11010519491231002X",
				"mobile": f"138{index:08d}",
				"matter": matter,
				"hall": hall,
				"window": window,
			}
		)
		case.flags.skip_deadline = skip_deadline
		case.insert(ignore_permissions=True)
		case.status = "Accepted"
		case.flags.skip_deadline = skip_deadline
		started = time.perf_counter()
		case.save(ignore_permissions=True)
		saved = time.perf_counter() - started
		started = time.perf_counter()
		refresh_deadline(case)
		return saved, time.perf_counter() - started

	for index in range(5):  # warm the caches (calendar, meta, workflow) before either series
		accept_one(index, False)
	frappe.db.rollback()
	# interleaved, so that load from elsewhere on the machine falls on both series alike
	with_deadline, without, alone = [], [], []
	for index in range(count):
		saved, computed = accept_one(2 * index, False)
		with_deadline.append(saved)
		alone.append(computed)
		without.append(accept_one(2 * index + 1, True)[0])
	median_with, median_without = statistics.median(with_deadline), statistics.median(without)
	table.add(
		"accept a case (document API save), with deadline",
		median_with,
		None,
		f"median of {count}, p95 {percentile(with_deadline, 0.95) * 1000:.1f} ms; "
		f"refresh_deadline alone {statistics.median(alone) * 1000:.2f} ms",
	)
	table.add(
		"accept a case (document API save), without deadline",
		median_without,
		None,
		f"median of {count}, p95 {percentile(without, 0.95) * 1000:.1f} ms; "
		f"deadline adds {100 * (median_with / median_without - 1):+.1f} % (median vs median)",
	)


# e-supervision ----------------------------------------------------------------------------------


def measure_supervision(table: Table, hall: str) -> None:
	from gov_hall.cases.supervision import (
		card_notice,
		chief_representatives,
		open_running_cases,
		run_e_supervision,
		send_card_notifications,
	)

	query, rows = timed(open_running_cases, 1)
	before = now_datetime()
	started = time.perf_counter()
	result = run_e_supervision(nowdate())
	elapsed = time.perf_counter() - started
	table.add(
		"e-supervision daily pass (all open running cases)",
		elapsed,
		query,
		f"{result['checked']:,} checked, {result['yellow']:,} yellow and {result['red']:,} red issued; "
		"reference: its open-case query alone",
	)
	chiefs = chief_representatives()
	cards = frappe.get_all(
		"GH Supervision Card",
		filters={"hall": hall, "creation": [">=", before]},
		fields=["case", "level", "due_date", "staff", "department"],
	)
	notices = [
		card_notice(card.case, card.level, card.due_date, [card.staff, chiefs.get(card.department)])
		for card in cards
	]
	started = time.perf_counter()
	send_card_notifications(notices)
	table.add(
		"  its card notifications (queued job after the pass commits)",
		time.perf_counter() - started,
		None,
		f"{len(notices):,} cards, to the handler and the department's chief representative",
	)
	del rows


# case tracking ----------------------------------------------------------------------------------


def tracking_pairs(hall: str, count: int) -> list[tuple[str, str]]:
	return [
		(name, last4)
		for name, last4 in frappe.db.sql(
			"""select name, mobile_last4 from `tabGH Case` where hall = %s and mobile_last4 is not null
			order by rand() limit %s""",
			(hall, count),
		)
	]


def measure_tracking(table: Table, pairs: list[tuple[str, str]], lookups: int) -> None:
	from gov_hall.api.portal import track_case

	timings, found = [], 0
	for index in range(lookups):
		number, digits = pairs[index % len(pairs)]
		started = time.perf_counter()
		answer = track_case(number, digits)
		timings.append(time.perf_counter() - started)
		found += bool(answer.get("found"))
	table.add(
		"track_case in process (valid number and digits)",
		statistics.median(timings),
		None,
		f"median of {lookups}, p95 {percentile(timings, 0.95) * 1000:.2f} ms, {found} found",
	)


WRK_SCRIPT = """
-- gov_hall city-year benchmark: POST track_case with valid pairs, each request from its own
-- X-Forwarded-For address so the per-IP rate limit (10/min) never applies; or Frappe's own ping.
local cases = {%(cases)s}
local host = "%(host)s"
local next_id = 0
local threads = {}

function setup(thread)
	thread:set("tid", next_id)
	next_id = next_id + 1
	table.insert(threads, thread)
end

function init(args)
	counter = 0
	found = 0
	other = 0
end

%(request)s
%(delay)s
function response(status, headers, body)
	if status == 200 and string.find(body, '%(expect)s', 1, true) then
		found = found + 1
	else
		other = other + 1
	end
end

function done(summary, latency, requests)
	local found_total, other_total = 0, 0
	for _, thread in ipairs(threads) do
		found_total = found_total + thread:get("found")
		other_total = other_total + thread:get("other")
	end
	io.write(string.format("GH_RESULT found=%%d other=%%d p50=%%d p95=%%d p99=%%d requests=%%d seconds=%%f\\n",
		found_total, other_total, latency:percentile(50), latency:percentile(95), latency:percentile(99),
		summary.requests, summary.duration / 1e6))
end
"""


def server_answers(url: str, host: str, pair: tuple[str, str]) -> bool:
	data = urllib.parse.urlencode({"case_number": pair[0], "phone_last4": pair[1]}).encode()
	request = urllib.request.Request(
		url.rstrip("/") + "/api/method/gov_hall.api.portal.track_case",
		data=data,
		headers={"Host": host, "X-Forwarded-For": "127.99.0.1"},
		method="POST",
	)
	try:
		with urllib.request.urlopen(request, timeout=10) as answer:
			return b'"found":true' in answer.read()
	except (urllib.error.URLError, OSError):
		return False


TRACK_REQUEST = """
function request()
	counter = counter + 1
	local pair = cases[(counter * 7919 + tid * 104729) % #cases + 1]
	local ip = string.format("127.%d.%d.%d", 100 + tid, math.floor(counter / 256) % 256, counter % 256)
	return wrk.format("POST", "/api/method/gov_hall.api.portal.track_case", {
		["Host"] = host,
		["Content-Type"] = "application/x-www-form-urlencoded",
		["X-Forwarded-For"] = ip,
	}, "case_number=" .. pair[1] .. "&phone_last4=" .. pair[2])
end
"""

# the framework's floor: a whitelisted method that does nothing, through the same request cycle
PING_REQUEST = """
function request()
	counter = counter + 1
	return wrk.format("GET", "/api/method/ping", {["Host"] = host})
end
"""

THINK_DELAY = """
-- each client reads the answer before asking again: think time uniform in [%d, %d] ms
function delay()
	return math.random(%d, %d)
end
"""


def measure_load(
	table: Table, pairs: list, url: str, concurrency: int, duration: int, think_ms: int = 0
) -> None:
	"""wrk against the running web server: back to back (``think_ms`` 0, the server's capacity), or
	with each client pausing a uniform 0.5–1.5 × ``think_ms`` between lookups, as people do. The
	reference is Frappe's own ``ping`` under the same load: the floor of any request to the site."""
	pause = f"{think_ms / 1000:g} s think time" if think_ms else "back to back"
	label = f"track_case over HTTP, {concurrency} clients, {pause}, {duration} s (p95)"
	host = frappe.local.site
	if not shutil.which("wrk"):
		table.add(label, None, None, "skipped: wrk is not installed (apt-get install wrk)")
		return
	if not pairs or not server_answers(url, host, pairs[0]):
		table.add(
			label,
			None,
			None,
			f"skipped: no answer from {url} for Host {host} (start `bench --site {host} serve --port N`)",
		)
		return
	cases = ",".join(f'{{"{number}","{digits}"}}' for number, digits in pairs)
	low, high = think_ms // 2, think_ms * 3 // 2
	delay = THINK_DELAY % (low, high, low, high) if think_ms else ""
	values = {"cases": cases, "host": host, "delay": delay}
	ping = run_wrk(
		url,
		WRK_SCRIPT % {**values, "request": PING_REQUEST, "expect": '"message":"pong"'},
		concurrency,
		duration,
	)
	track = run_wrk(
		url,
		WRK_SCRIPT % {**values, "request": TRACK_REQUEST, "expect": '"found":true'},
		concurrency,
		duration,
	)
	if isinstance(track, str):
		table.add(label, None, None, track)
		return
	table.add(
		label,
		track["p95"],
		ping["p95"] if isinstance(ping, dict) else None,
		f"median {track['p50'] * 1000:,.0f} ms, p99 {track['p99'] * 1000:,.0f} ms, "
		f"{track['rate']:,.1f} requests/s, {track['requests']:,} requests ({track['found']:,} found, "
		f"{track['other']:,} other answers); reference: /api/method/ping, "
		+ (
			f"median {ping['p50'] * 1000:,.0f} ms, {ping['rate']:,.1f} requests/s"
			if isinstance(ping, dict)
			else ping
		),
	)


def run_wrk(url: str, script: str, concurrency: int, duration: int) -> dict | str:
	"""wrk's latency percentiles (seconds), rate and answer counts; a sentence when it gave none."""
	with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
		handle.write(script)
	try:
		command = ["wrk", "-t", "2", "-c", str(concurrency), "-d", f"{duration}s", "--timeout", "30s"]
		output = subprocess.run(
			[*command, "-s", handle.name, url],
			capture_output=True,
			text=True,
			timeout=duration + 120,
			check=False,
		).stdout
	finally:
		Path(handle.name).unlink(missing_ok=True)
	match = re.search(
		r"GH_RESULT found=(\d+) other=(\d+) p50=(\d+) p95=(\d+) p99=(\d+) requests=(\d+) seconds=([\d.]+)",
		output,
	)
	rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
	if not match:
		return "wrk gave no result: " + output.strip().replace("\n", " | ")[:200]
	found, other, p50, p95, p99, requests, _seconds = (float(value) for value in match.groups())
	return {
		"p50": p50 / 1e6,
		"p95": p95 / 1e6,
		"p99": p99 / 1e6,
		"rate": float(rate.group(1)) if rate else 0.0,
		"requests": int(requests),
		"found": int(found),
		"other": int(other),
	}


def run(cases: int | None = None, do_measure: bool = True, force: bool = False, **kwargs) -> None:
	"""Fill (when ``cases``) and measure, for ``bench execute``."""
	if cases:
		fill(cases=cases, force=force)
	if do_measure:
		measure(**kwargs)
