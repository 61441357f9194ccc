"""A year of demo cases for the demo hall: receipts, supplements, completions, cards, appointments.

The year is simulated in memory with the same deadline rules the app uses, then written with
bulk inserts (a demo fill, not a workflow exercise: the workflow is proven by the tests).
Idempotent: a hall that already has cases gets none.
"""

import datetime
import random
import secrets
from collections import defaultdict

import frappe

from gov_hall.rules import deadlines
from gov_hall.rules.identifiers import mask_mobile, mask_resident_id
from gov_hall.utils import clock
from gov_hall.utils.calendar import get_hall_calendar
from gov_hall.utils.clock import now_datetime

DAILY_CASES = {"County Hall": 42, "Branch Hall": 7}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚华玉兰萍红鹏辉建国志强晓东海燕丹亮斌宇浩凯健俊帆"
COMPANY_WORDS = ["青山", "石桥", "城关", "青禾", "山水", "恒达", "利民", "兴业", "瑞丰", "锦程"]
COMPANY_KINDS = [
	"农业开发有限公司",
	"建材有限公司",
	"商贸有限公司",
	"餐饮管理有限公司",
	"物流有限公司",
	"农民专业合作社",
]
RESIDENT_AREAS = ["431121", "431102", "431103", "430102"]
REJECTION_REASONS = ["不属于本事项受理范围", "申请人不具备申请资格", "申请材料经补正仍不符合法定形式"]
WITHDRAWAL_REASONS = ["申请人主动撤回申请", "申请人改为网上办理"]
SUPPLEMENT_HINTS = ["需提供原件核验", "复印件不清晰，请重新提供", "签字盖章不全", "证件已过有效期"]
CHANNELS = ["Window"] * 70 + ["Online"] * 12 + ["Appointment"] * 14 + ["Branch Hall on Behalf"] * 4


def resident_id(rng: random.Random) -> str:
	birth = datetime.date(1950, 1, 1) + datetime.timedelta(days=rng.randrange(0, 365 * 55))
	body = f"{rng.choice(RESIDENT_AREAS)}{birth:%Y%m%d}{rng.randrange(0, 1000):03d}"
	weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
	check = "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]
	return body + check


def credit_code(rng: random.Random) -> str:
	from stdnum.cn import uscc

	body = "9143" + "1121" + "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(9))
	return body + uscc.calc_check_digit(body)


def mobile(rng: random.Random) -> str:
	return (
		rng.choice(["138", "139", "150", "151", "158", "186", "187", "135", "177", "199"])
		+ f"{rng.randrange(10**8):08d}"
	)


def person_name(rng: random.Random) -> str:
	return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice([1, 2, 2])))


def at(day: datetime.date, rng: random.Random, start_hour: int = 9, end_hour: int = 17) -> datetime.datetime:
	minutes = rng.randrange(start_hour * 60, end_hour * 60)
	return datetime.datetime.combine(day, datetime.time(minutes // 60, minutes % 60, rng.randrange(60)))


class HallYear:
	"""Everything one hall needs to simulate its year."""

	def __init__(self, hall: dict, rng: random.Random):
		self.hall = hall
		self.rng = rng
		self.calendar = get_hall_calendar(hall.name)
		self.matters = self.load_matters()
		self.windows_by_department, self.staff_by_window = self.load_windows()
		self.serial = 0

	def load_matters(self) -> list[dict]:
		departments = self.departments()
		matters = frappe.get_all(
			"GH Service Matter",
			filters={"status": "Active", "department": ["in", departments]},
			fields=["name", "matter_name", "department", "promised_time_limit", "complexity"],
		)
		materials = defaultdict(list)
		for row in frappe.get_all(
			"GH Matter Material",
			filters={"parenttype": "GH Service Matter"},
			fields=["parent", "material_name"],
		):
			materials[row.parent].append(row.material_name)
		for matter in matters:
			matter.materials = materials[matter.name] or ["申请书"]
			# simple, frequent matters dominate a hall's volume
			matter.weight = 6 - int(matter.complexity or 3) + (4 if not matter.promised_time_limit else 0)
		return matters

	def departments(self) -> list[str]:
		window = frappe.qb.DocType("GH Service Window")
		served = frappe.qb.DocType("GH Window Department")
		direct = frappe.get_all("GH Service Window", filters={"hall": self.hall.name}, pluck="department")
		indirect = (
			frappe.qb.from_(served)
			.join(window)
			.on(served.parent == window.name)
			.select(served.department)
			.where(window.hall == self.hall.name)
			.run(pluck=True)
		)
		return sorted(set(direct) | set(indirect)) or [""]

	def load_windows(self):
		windows = frappe.get_all(
			"GH Service Window",
			filters={"hall": self.hall.name, "status": "Active"},
			fields=["name", "department"],
		)
		served = frappe.get_all(
			"GH Window Department",
			filters={"parenttype": "GH Service Window", "parent": ["in", [w.name for w in windows] or [""]]},
			fields=["parent", "department"],
		)
		by_department = defaultdict(list)
		for window in windows:
			by_department[window.department].append(window.name)
		for row in served:
			by_department[row.department].append(row.parent)
		staff = defaultdict(list)
		for row in frappe.get_all(
			"GH Window Staff",
			filters={"hall": self.hall.name, "status": "On Site"},
			fields=["user", "window"],
		):
			staff[row.window].append(row.user)
		return by_department, staff

	def next_name(self, year: int) -> str:
		self.serial += 1
		return f"{self.hall.hall_code}-{year}-{self.serial:05d}"


def simulate_case(hy: HallYear, received: datetime.datetime, today: datetime.date, out: dict) -> None:
	rng, cal = hy.rng, hy.calendar
	matter = rng.choices(hy.matters, weights=[m.weight for m in hy.matters])[0]
	windows = hy.windows_by_department.get(matter.department) or [None]
	window = rng.choice(windows)
	staff = hy.staff_by_window.get(window) or [None]
	handler = rng.choice(staff)
	is_company = rng.random() < 0.3
	phone = mobile(rng)
	id_number = credit_code(rng) if is_company else resident_id(rng)
	name = hy.next_name(received.year)
	case = {
		"name": name,
		"applicant_type": "Company" if is_company else "Person",
		"applicant_name": (rng.choice(COMPANY_WORDS) + rng.choice(COMPANY_KINDS))
		if is_company
		else person_name(rng),
		"contact_person": person_name(rng) if is_company else None,
		"id_number": id_number,
		"id_number_masked": mask_resident_id(id_number),
		"mobile": phone,
		"mobile_masked": mask_mobile(phone),
		"mobile_last4": phone[-4:],
		"matter": matter.name,
		"matter_name": matter.matter_name,
		"department": matter.department,
		"hall": hy.hall.name,
		"window": window,
		"channel": rng.choice(CHANNELS),
		"first_responder": handler,
		"handler": handler,
		"received_on": received,
		"time_limit_days": int(matter.promised_time_limit or 0),
		"extension_days": 0,
		"paused_working_days": 0,
		"status": "Received",
		"case_title": matter.matter_name,
	}
	day = received.date()
	notice_day = None
	if rng.random() < 0.08:  # incomplete materials: a one-time notice within a day or two
		notice_day = cal.add_working_days(day, rng.choice([0, 0, 1, 2]))
		if notice_day <= today:
			add_notices(hy, case, matter, notice_day, today, out)
	if rng.random() < 0.02 and case["status"] == "Received":
		decide_rejection(case, day, rng)
	elif case["status"] == "Received":
		accept_and_work(hy, case, day, today, out)
	out["cases"].append(case)


def add_notices(hy: HallYear, case: dict, matter: dict, notice_day, today, out: dict) -> None:
	rng, cal = hy.rng, hy.calendar
	asked = rng.sample(matter.materials, k=min(len(matter.materials), rng.choice([1, 1, 2])))
	returned = cal.add_working_days(notice_day, rng.choice([1, 2, 3, 5, 8]))
	write_notice(
		hy, case, notice_day, asked, first=True, returned=returned if returned <= today else None, out=out
	)
	case["first_notice_on"] = notice_day
	if returned > today:
		case.update(
			status="Supplement Required", is_paused=1, paused_since=notice_day, resume_status="Received"
		)
		out["pauses"].append(
			{"parent": case["name"], "paused_on": notice_day, "resumed_on": None, "working_days": 0}
		)
		return
	case["_resumed"] = returned
	out["pauses"].append(
		{
			"parent": case["name"],
			"paused_on": notice_day,
			"resumed_on": returned,
			"working_days": cal.working_days_between(notice_day, returned),
		}
	)
	if rng.random() < 0.12:  # a second notice that asks for something new: a violation
		second_day = cal.add_working_days(returned, 1)
		if second_day <= today:
			extra = [m for m in matter.materials if m not in asked] or ["补充说明材料"]
			write_notice(
				hy,
				case,
				second_day,
				asked[:1] + extra[:1],
				first=False,
				returned=second_day,
				out=out,
				violation=extra[:1],
			)


def write_notice(hy, case, day, materials, first, returned, out, violation=None) -> None:
	rng = hy.rng
	name = f"SN-{day.year}-{next_serial(out['notice_serial'], 'SN', day.year):05d}"
	last_day = deadlines.notice_deadline(hy.calendar, case["received_on"].date(), 5)
	out["notices"].append(
		{
			"name": name,
			"case": case["name"],
			"applicant_name": case["applicant_name"],
			"matter": case["matter"],
			"matter_name": case["matter_name"],
			"hall": case["hall"],
			"department": case["department"],
			"window": case["window"],
			"issued_by": case["handler"],
			"issued_on": at(day, rng),
			"status": "Returned" if returned else "Open",
			"returned_on": at(returned, rng) if returned else None,
			"is_first_notice": int(first),
			"issued_in_time": int(day <= last_day),
			"is_violation": int(bool(violation)),
			"violation_items": "\n".join(violation or []) or None,
		}
	)
	for idx, material in enumerate(materials, start=1):
		out["items"].append(
			{
				"parent": name,
				"idx": idx,
				"material_name": material,
				"from_matter": 1,
				"problem": rng.choice(["Missing", "Defective"]),
				"requirement": rng.choice(SUPPLEMENT_HINTS),
			}
		)


def next_serial(counters: dict, prefix: str, year: int) -> int:
	"""Numbers continue the site's own naming series, so demo and real records never collide."""
	if year not in counters:
		counters[year] = current_series(f"{prefix}-{year}-")
	counters[year] += 1
	return counters[year]


def decide_rejection(case: dict, day, rng) -> None:
	case.update(status="Rejected", rejection_reason=rng.choice(REJECTION_REASONS), completed_on=None)


def accept_and_work(hy: HallYear, case: dict, day, today, out: dict) -> None:
	rng, cal = hy.rng, hy.calendar
	resumed = case.pop("_resumed", None) or day
	accept_day = (
		resumed if case["time_limit_days"] == 0 else cal.add_working_days(resumed, rng.choice([0, 0, 0, 1]))
	)
	if accept_day > today:
		return
	case.update(status="Accepted", accepted_on=at(accept_day, rng))
	start = deadlines.clock_start(
		cal, day, accept_day, case.get("first_notice_on"), today=accept_day, notice_limit_days=5
	)
	clock = start.start or accept_day
	case.update(clock_start=clock, deemed_accepted=int(start.deemed_accepted))
	limit = case["time_limit_days"]
	if limit >= 10 and rng.random() < 0.03:
		case["extension_days"] = rng.choice([5, 10])
		out["extensions"].append(case)
	due = deadlines.due_date(cal, clock, limit, case["extension_days"])
	case["due_date"] = due
	if rng.random() < 0.01:
		case.update(status="Withdrawn", close_reason=rng.choice(WITHDRAWAL_REASONS))
		return
	# most cases finish within the limit; a few run late
	late = rng.random() < 0.04
	used = limit + case["extension_days"] + rng.choice([1, 2, 4]) if late else rng.randint(0, max(limit, 0))
	finish = cal.add_working_days(clock, used)
	issue_cards(hy, case, due, min(finish, today), out)
	if finish <= today:
		case.update(status="Completed", completed_on=at(finish, rng), completed_on_time=int(finish <= due))
		case["result_note"] = "准予许可" if limit else "当场办结"
	else:
		case["status"] = "In Process" if limit else "Accepted"


def issue_cards(hy: HallYear, case: dict, due, last_day, out: dict) -> None:
	cal = hy.calendar
	yellow_day = due
	for _ in range(1):  # yellow the working day before the due date (threshold 1)
		previous = due - datetime.timedelta(days=1)
		while previous > case["clock_start"] and not cal.is_working_day(previous):
			previous -= datetime.timedelta(days=1)
		yellow_day = max(previous, case["clock_start"])
	levels = []
	if yellow_day <= last_day and case["time_limit_days"] > 1:
		levels.append(("Yellow", yellow_day))
	red_day = cal.next_working_day(due)
	if red_day <= last_day:
		levels.append(("Red", red_day))
	for level, day in levels:
		out["cards"].append(
			{
				"name": f"CARD-{day.year}-{next_serial(out['card_serial'], 'CARD', day.year):06d}",
				"case": case["name"],
				"level": level,
				"card_date": day,
				"due_date": due,
				"remaining_days": deadlines.remaining_working_days(cal, day, due),
				"hall": case["hall"],
				"department": case["department"],
				"window": case["window"],
				"staff": case["handler"],
			}
		)
		case["card_level"] = level


def make_appointments(hy: HallYear, cases: list[dict], today, out: dict) -> None:
	rng = hy.rng
	for case in cases:
		if case["channel"] != "Appointment":
			continue
		out["appointments"].append(appointment_row(rng, case, case["received_on"], "Arrived"))
	# the coming fortnight: bookings not yet served, a few cancelled
	for offset in range(1, 15):
		day = today + datetime.timedelta(days=offset)
		if not hy.calendar.is_working_day(day):
			continue
		for _ in range(rng.randint(2, 8) if hy.hall.hall_level == "County Hall" else rng.randint(0, 2)):
			matter = rng.choice(hy.matters)
			slot = at(day, rng, 9, 16).replace(minute=rng.choice([0, 30]), second=0)
			fake = {
				"hall": hy.hall.name,
				"matter": matter.name,
				"matter_name": matter.matter_name,
				"department": matter.department,
			}
			fake.update(
				applicant_name=person_name(rng), mobile=mobile(rng), id_number=None, window=None, name=None
			)
			out["appointments"].append(
				appointment_row(rng, fake, slot, "Cancelled" if rng.random() < 0.1 else "Booked")
			)


def appointment_row(rng, case: dict, when: datetime.datetime, status: str) -> dict:
	slot = when.replace(minute=0 if when.minute < 30 else 30, second=0)
	# booking codes are secrets, never reproducible from the demo's seed
	code = "".join(secrets.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(8))
	return {
		"name": frappe.generate_hash(length=10),
		"booking_code": code,
		"hall": case["hall"],
		"matter": case["matter"],
		"matter_name": case["matter_name"],
		"department": case["department"],
		"appointment_date": slot.date(),
		"slot_start": slot.time(),
		"slot_end": (slot + datetime.timedelta(minutes=30)).time(),
		"is_off_hours": 0,
		"applicant_name": case["applicant_name"],
		"id_number": case.get("id_number"),
		"mobile": case["mobile"],
		"mobile_masked": mask_mobile(case["mobile"]),
		"mobile_last4": case["mobile"][-4:],
		"status": status,
		"cancelled_on": now_datetime() if status == "Cancelled" else None,
		"window": case.get("window"),
		"case": case.get("name"),
	}


def make_demo_cases(days: int = 365, seed: int = 20261123, halls: list[str] | None = None) -> dict:
	"""Simulate ``days`` of work up to yesterday in every demo hall (or ``halls``) that has no cases yet."""
	from gov_hall.demo import load_catalog

	names = halls or [hall["hall_name"] for hall in load_catalog()["halls"]]
	halls = frappe.get_all(
		"GH Service Hall", filters={"name": ["in", names]}, fields=["name", "hall_code", "hall_level"]
	)
	today = clock.today()
	rng = random.Random(seed)
	out = new_batch()
	for hall in halls:
		if frappe.db.exists("GH Case", {"hall": hall.name}):
			continue
		hy = HallYear(hall, rng)
		if not hy.matters:
			continue
		first_index = len(out["cases"])
		day = today - datetime.timedelta(days=days)
		while day < today:
			if hy.calendar.is_working_day(day):
				volume = DAILY_CASES.get(hall.hall_level, 7)
				for _ in range(max(0, int(rng.gauss(volume, volume * 0.2)))):
					simulate_case(hy, at(day, rng), today, out)
			day += datetime.timedelta(days=1)
		make_appointments(hy, out["cases"][first_index:], today, out)
		set_series(f"{hall.hall_code}-", hy.serial, out["cases"][first_index:])
	write_batch(out)
	return {key: len(out[key]) for key in ("cases", "notices", "cards", "appointments")}


def new_batch() -> dict:
	return {
		"cases": [],
		"pauses": [],
		"notices": [],
		"items": [],
		"cards": [],
		"appointments": [],
		"extensions": [],
		"notice_serial": {},
		"card_serial": {},
		"extension_serial": {},
	}


def set_series(prefix: str, _serial: int, cases: list[dict]) -> None:
	"""Move each year's naming series past the demo's numbers, so new cases do not collide."""
	last = defaultdict(int)
	for case in cases:
		year = case["received_on"].year
		last[year] = max(last[year], int(case["name"].rsplit("-", 1)[1]))
	for year, current in last.items():
		key = f"{prefix}{year}-"
		set_series_current(key, current)


def set_series_current(key: str, current: int) -> None:
	series = frappe.qb.DocType("Series")
	if frappe.qb.from_(series).select(series.name).where(series.name == key).run():
		frappe.qb.update(series).set(series.current, current).where(series.name == key).run()
	else:
		frappe.qb.into(series).insert(key, current).run()


def write_batch(out: dict) -> None:
	# the generator keeps every per-case list in sync, so each series has one counter per year
	case_fields = sorted({key for case in out["cases"] for key in case if not key.startswith("_")})
	insert("GH Case", case_fields, out["cases"])
	pause_rows = [
		{**row, "name": frappe.generate_hash(length=10), "parenttype": "GH Case", "parentfield": "pauses"}
		for row in out["pauses"]
	]
	insert(
		"GH Case Pause",
		["name", "parent", "parenttype", "parentfield", "paused_on", "resumed_on", "working_days"],
		pause_rows,
	)
	notice_fields = sorted({key for row in out["notices"] for key in row})
	insert("GH Supplement Notice", notice_fields, out["notices"])
	item_rows = [
		{
			**row,
			"name": frappe.generate_hash(length=10),
			"parenttype": "GH Supplement Notice",
			"parentfield": "items",
		}
		for row in out["items"]
	]
	insert("GH Supplement Item", sorted({k for row in item_rows for k in row}), item_rows)
	insert("GH Supervision Card", sorted({k for row in out["cards"] for k in row}), out["cards"])
	insert("GH Appointment", sorted({k for row in out["appointments"] for k in row}), out["appointments"])
	insert("GH Case Extension", sorted({k for row in extension_rows(out) for k in row}), extension_rows(out))
	for prefix, counters in (
		("SN", out["notice_serial"]),
		("CARD", out["card_serial"]),
		("EXT", out["extension_serial"]),
	):
		for year, serial in counters.items():
			set_series_current(f"{prefix}-{year}-", serial)


def extension_rows(out: dict) -> list[dict]:
	if "_extension_rows" not in out:
		out["_extension_rows"] = [
			{
				"name": f"EXT-{case['accepted_on'].year}-{next_serial(out['extension_serial'], 'EXT', case['accepted_on'].year):05d}",
				"case": case["name"],
				"hall": case["hall"],
				"department": case["department"],
				"extension_days": case["extension_days"],
				"reason": "需组织现场勘验和专家论证",
				"status": "Approved",
				"requested_by": case["handler"],
				"decided_by": "Administrator",
				"decided_on": case["accepted_on"],
			}
			for case in out["extensions"]
		]
	return out["_extension_rows"]


def current_series(key: str) -> int:
	series = frappe.qb.DocType("Series")
	found = frappe.qb.from_(series).select(series.current).where(series.name == key).run(pluck=True)
	return int(found[0] or 0) if found else 0


NUMERIC = ("Check", "Int", "Float", "Currency", "Percent")


def insert(doctype: str, fields: list[str], rows: list[dict]) -> None:
	if not rows:
		return
	now = now_datetime()
	numeric = {f.fieldname for f in frappe.get_meta(doctype).fields if f.fieldtype in NUMERIC}
	columns = [f for f in fields if f != "idx"]

	def value(row: dict, field: str):
		found = row.get(field)
		return (found or 0) if field in numeric else found

	values = [
		(*(value(row, f) for f in columns), row.get("idx", 0), "Administrator", "Administrator", now, now, 0)
		for row in rows
	]
	columns += ["idx", "owner", "modified_by", "creation", "modified", "docstatus"]
	frappe.db.bulk_insert(doctype, columns, values, chunk_size=5000)
