"""The demo year's on-site duty (出勤值勤), issue 15.

- home agencies (派出单位): each stationed department's staff come from its own agency, the county
  bureaus send staff to the township halls too, and two agencies send staff to a second department
  (the natural resources bureau to the real-estate registration centre, the human resources bureau
  to the medical insurance bureau);
- A/B posts: each staff member's B post (B角) is the next window of their department in their hall;
- the roster (gov_hall.duty.roster.generate_roster) of every working day of the demo year and two
  weeks ahead, with the punches of the attendance machine and the desk: most staff punctual with a
  few minutes' jitter, four habitual late-comers, now and then an early leave, a forgotten clock-out
  or an absence;
- leave (请销假): requests of every kind over the year, approved with the B post (or a colleague of
  the department) as cover and reported back (销假), a few returned early, rejected or withdrawn, and
  some still waiting; the approved ones carry what the workflow would have stamped and their cover
  slots;
- 空岗: the sessions in which a window had nobody present for longer than the alert threshold (its
  only staff member late or gone early), as the five-minute job would have recorded them, two of
  them excused by the director;
- three inspections that found the staff member away from the post (窜岗/离岗);
- the monthly assessment of each past month published, and the home agencies' briefings of the last
  full month made (not emailed).

Bulk inserts (gov_hall.demo.voice.bulk), then one refresh of the slots per month (the roster
generator's own): a demo fill, not a workflow exercise. Idempotent: a hall that already has duty
slots gets none; agencies, posts, inspections, runs and briefings are looked up before they are made.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict

import frappe
from frappe.utils import add_days, getdate

from gov_hall.demo import DEMO_EMAIL_DOMAIN
from gov_hall.demo.duty_year import AGENCY, LEAVE, SLOT, DutyYear
from gov_hall.demo.voice import bulk
from gov_hall.utils.clock import now_datetime

SEED = 20261201
# (department, agency that sends part of its staff, every n-th staff member)
SECOND_DEPARTMENTS = (
	("青山县不动产登记中心", "青山县自然资源局", 3),
	("青山县医疗保障局", "青山县人力资源和社会保障局", 4),
)
NO_EMAIL_AGENCIES = ("青山明德律师事务所", "青山县华测测绘有限公司")
LEFT_POST_FINDING = "巡查时该工作人员不在窗口，经了解系窜岗至其他窗口闲谈（窜岗/离岗）。"


def make_demo_duty(
	seed: int = SEED,
	halls: list[str] | None = None,
	first_day: datetime.date | str | None = None,
	with_runs: bool = True,
	commit: bool = False,
) -> dict:
	"""The duty year of the demo halls (or ``halls``); the counts of what was made. ``commit``: the
	demo build's own transactions, month by month (never in a test)."""
	counts = defaultdict(int)
	if not frappe.db.table_exists(SLOT):
		return dict(counts)
	rng = random.Random(seed)
	names = halls or frappe.get_all("GH Service Hall", filters={"status": "Active"}, pluck="name")
	counts["home_agencies"] = make_agencies(names)
	assign_posts(names)
	for hall in sorted(names):
		if frappe.db.exists(SLOT, {"hall": hall}):
			continue
		start = getdate(first_day) if first_day else first_day_of(hall)
		if start is None:
			continue
		for key, value in DutyYear(hall, start, rng, commit).write().items():
			counts[key] += value
	counts["cover_shares"] = share_with_covers(names)
	counts["left_post_inspections"] = mark_left_post(names, rng)
	if with_runs:
		counts.update(make_month_runs(names, commit))
	return dict(counts)


def first_day_of(hall: str) -> datetime.date | None:
	"""The demo year's first day at the hall: its first case's, else the first of January."""
	first = frappe.db.get_value("GH Case", {"hall": hall}, "min(received_on)")
	if first:
		return getdate(first)
	if not frappe.db.exists("GH Window Staff", {"hall": hall, "status": "On Site"}):
		return None
	today = now_datetime().date()
	return datetime.date(today.year, 1, 1)


# ---------------------------------------------------------------------------------------------
# Home agencies and posts


def make_agencies(halls: list[str]) -> int:
	"""An agency per department with staff at the halls, and the staff's home agency where unset."""
	departments = frappe.get_all(
		"GH Window Staff",
		filters={"hall": ["in", halls or [""]]},
		fields=["department"],
		distinct=True,
		pluck="department",
	)
	rows = frappe.get_all(
		"GH Stationed Department",
		filters={"name": ["in", [d for d in departments if d] or [""]]},
		fields=["name", "department_name", "short_name", "contact_phone"],
		order_by="name asc",
	)
	made = 0
	for index, row in enumerate(rows, start=1):
		if frappe.db.exists(AGENCY, row.department_name):
			continue
		frappe.get_doc(
			{
				"doctype": AGENCY,
				"agency_name": row.department_name,
				"short_name": row.short_name,
				"contact_person": "办公室",
				"contact_phone": row.contact_phone,
				"contact_email": None
				if row.department_name in NO_EMAIL_AGENCIES
				else f"agency{index:02d}@{DEMO_EMAIL_DOMAIN}",
				"status": "Active",
			}
		).insert(ignore_permissions=True)
		made += 1
	second = {department: (agency, every) for department, agency, every in SECOND_DEPARTMENTS}
	staff = frappe.get_all(
		"GH Window Staff",
		filters={"hall": ["in", halls or [""]], "home_agency": ["is", "not set"]},
		fields=["name", "department"],
		order_by="name asc",
	)
	seen = defaultdict(int)
	for record in staff:
		department_name = frappe.db.get_value("GH Stationed Department", record.department, "department_name")
		agency = department_name
		seen[record.department] += 1
		if department_name in second and seen[record.department] % second[department_name][1] == 0:
			if frappe.db.exists(AGENCY, second[department_name][0]):
				agency = second[department_name][0]
		if agency and frappe.db.exists(AGENCY, agency):
			frappe.db.set_value("GH Window Staff", record.name, "home_agency", agency, update_modified=False)
	return made


def assign_posts(halls: list[str]) -> None:
	"""Each staff member without a B post covers the next window of their department in their hall."""
	windows = defaultdict(list)
	for window in frappe.get_all(
		"GH Service Window",
		filters={"hall": ["in", halls or [""]], "status": "Active"},
		fields=["name", "hall", "department"],
		order_by="name asc",
	):
		windows[(window.hall, window.department)].append(window.name)
	for record in frappe.get_all(
		"GH Window Staff",
		filters={"hall": ["in", halls or [""]], "b_window": ["is", "not set"], "window": ["is", "set"]},
		fields=["name", "hall", "department", "window"],
		order_by="name asc",
	):
		own = windows.get((record.hall, record.department)) or []
		if record.window not in own or len(own) < 2:
			continue
		b_window = own[(own.index(record.window) + 1) % len(own)]
		frappe.db.set_value("GH Window Staff", record.name, "b_window", b_window, update_modified=False)


# ---------------------------------------------------------------------------------------------
# Inspections, monthly runs and briefings


def share_with_covers(halls: list[str]) -> int:
	"""Each cover reads the request they cover (as the leave workflow shares it with them)."""
	leaves = frappe.get_all(
		LEAVE,
		filters={"hall": ["in", halls or [""]], "cover_staff": ["is", "set"], "status": ["!=", "Draft"]},
		fields=["name", "staff", "cover_staff", "requested_on"],
	)
	shared = set(
		frappe.get_all(
			"DocShare",
			filters={"share_doctype": LEAVE, "share_name": ["in", [row.name for row in leaves] or [""]]},
			fields=["share_name", "user"],
			as_list=True,
		)
	)
	rows = [
		{
			"name": frappe.generate_hash(length=10),
			"user": row.cover_staff,
			"share_doctype": LEAVE,
			"share_name": row.name,
			"read": 1,
			"creation": row.requested_on,
		}
		for row in leaves
		if row.cover_staff != row.staff and (row.name, row.cover_staff) not in shared
	]
	bulk("DocShare", rows)
	return len(rows)


def mark_left_post(halls: list[str], rng: random.Random, count: int = 3) -> int:
	"""Three unannounced inspections of the year found the staff member away from the post."""
	if not frappe.db.has_column("GH Inspection", "left_post"):
		return 0
	if frappe.db.exists("GH Inspection", {"hall": ["in", halls or [""]], "left_post": 1}):
		return 0
	candidates = frappe.get_all(
		"GH Inspection",
		filters={
			"hall": ["in", halls or [""]],
			"docstatus": 1,
			"staff": ["is", "set"],
			"inspection_type": "Unannounced Visit",
		},
		fields=["name", "findings"],
		order_by="inspection_date asc, name asc",
	)
	chosen = rng.sample(candidates, k=min(count, len(candidates)))
	for row in chosen:
		findings = "\n".join(f for f in (row.findings, LEFT_POST_FINDING) if f)
		frappe.db.set_value(
			"GH Inspection", row.name, {"left_post": 1, "findings": findings}, update_modified=False
		)
	return len(chosen)


def past_months(first: datetime.date, today: datetime.date) -> list[str]:
	"""'YYYY-MM' of the months from ``first``'s that ended before ``today``."""
	months, month = [], first.replace(day=1)
	while True:
		following = (month + datetime.timedelta(days=32)).replace(day=1)
		if following > today:
			return months
		months.append(f"{month.year}-{month.month:02d}")
		month = following


def make_month_runs(halls: list[str], commit: bool = False) -> dict:
	"""Each past month's assessment of each hall with duty records, published; then the home
	agencies' briefings of the last full month."""
	counts = {"month_runs": 0, "agency_briefings": 0}
	if not frappe.get_meta("GH Assessment Run").has_field("period_type"):
		return counts
	from gov_hall.assessment.run import compute

	today = now_datetime().date()
	months = set()
	for hall in sorted(halls):
		first = frappe.db.get_value(SLOT, {"hall": hall}, "min(duty_date)")
		if not first:
			continue
		for month in past_months(getdate(first), today):
			months.add(month)
			if frappe.db.exists("GH Assessment Run", {"hall": hall, "period_type": "Month", "month": month}):
				continue
			run = frappe.get_doc(
				{"doctype": "GH Assessment Run", "hall": hall, "period_type": "Month", "month": month}
			)
			compute(run)
			run.insert(ignore_permissions=True)
			year, number = (int(part) for part in month.split("-"))
			published = add_days(datetime.date(year + (number == 12), number % 12 + 1, 1), 5)
			run.db_set({"status": "Published", "published_on": published}, update_modified=False)
			frappe.db.set_value("GH Assessment Scheme", run.scheme, "in_use", 1)
			counts["month_runs"] += 1
		if commit:
			frappe.db.commit()  # nosemgrep: the demo build's own transaction, hall by hall
	if months and frappe.db.exists("DocType", "GH Agency Briefing"):
		from gov_hall.assessment.agency_briefings import make_agency_briefings

		last = max(months)
		result = make_agency_briefings(last)
		counts["agency_briefings"] = len(result.get("created") or [])
	return counts
