# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt
"""请休假余额: per staff member and year, the yearly annual leave (GH Hall Settings.annual_leave_days,
its default when never set), the annual leave taken, the balance, the sick, personal and other leave
taken (official business, training, other) and the days still waiting for a decision (requested or
with a cover proposed).

Leave taken is approved leave (Approved, or Returned: 销假, up to the return) in days of the hall's
working sessions (two a day). A request within the year counts its ``days``; one that runs over the
new year is counted session by session on the hall's calendar for the part inside the year. Every
on-site staff member of the filters is listed (with nothing taken when they took nothing), and
anyone who left but took leave in the year. Two set-based reads: the staff records and the year's
leave requests. The department scope of gov_hall.access.scope applies: a chief representative sees
their own department(s).
"""

from __future__ import annotations

import datetime
from collections import defaultdict

import frappe
from frappe import _
from frappe.query_builder import DocType
from frappe.utils import flt, getdate

from gov_hall.duty.sessions import duty_setting
from gov_hall.utils import report_scaffold as scaffold
from gov_hall.utils.clock import nowdate
from gov_hall.utils.report_filters import apply_common, plain_filters

REF_DOCTYPE = "GH Leave Request"
TAKEN = ("Approved", "Returned")
PENDING = ("Requested", "Cover Proposed")
KINDS = {
	"Annual Leave": "annual_taken",
	"Sick Leave": "sick",
	"Personal Leave": "personal",
	"Official Business": "other",
	"Training": "other",
	"Other": "other",
}
FIGURES = ("annual_taken", "sick", "personal", "other", "pending")


def execute(filters: dict | None = None):
	filters = plain_filters(filters)
	year = report_year(filters)
	allowance = flt(duty_setting("annual_leave_days"))
	staff = staff_rows(filters)
	taken = leave_days(filters, year)
	for user in taken:
		if user not in staff:
			staff[user] = None  # left the hall (or no staff record) but took leave this year
	missing = [user for user, row in staff.items() if row is None]
	staff.update(former_staff(missing))
	rows = []
	for user, record in staff.items():
		figures = taken.get(user) or dict.fromkeys(FIGURES, 0.0)
		rows.append(
			{
				"staff": user,
				"staff_name": record.get("full_name") if record else None,
				"department": record.get("department") if record else None,
				"home_agency": record.get("home_agency") if record else None,
				"allowance": allowance,
				**{field: round(figures[field], 1) for field in FIGURES},
			}
		)
	for row in rows:
		row["balance"] = round(row["allowance"] - row["annual_taken"], 1)
	rows.sort(key=lambda r: (r["department"] or "", r["staff_name"] or "", r["staff"]))
	total = {field: round(sum(row[field] for row in rows), 1) for field in (*FIGURES, "allowance", "balance")}
	result = rows + ([{**total, "staff": "'" + _("Total") + "'", "bold": 1}] if rows else [])
	return columns(), result, None, chart(total), summary(rows, total, allowance)


def report_year(filters) -> int:
	year = filters.get("year") or getdate(nowdate()).year
	try:
		year = int(str(year))
	except ValueError:
		year = 0
	if not 2000 <= year <= 2100:
		frappe.throw(_("Enter a year such as 2026."), title=_("Invalid Input"))
	return year


def staff_rows(filters) -> dict:
	"""The on-site staff members of the filters, by user."""
	Staff = DocType("GH Window Staff")
	query = (
		frappe.qb.from_(Staff)
		.select(Staff.user, Staff.full_name, Staff.department, Staff.home_agency)
		.where(Staff.status == "On Site")
	)
	if filters.get("home_agency"):
		query = query.where(Staff.home_agency == filters.home_agency)
	if filters.get("staff"):
		query = query.where(Staff.user == filters.staff)
	rows = apply_common(query, Staff, filters, "GH Window Staff").run(as_dict=True)
	return {row.user: row for row in rows}


def former_staff(users: list[str]) -> dict:
	"""Staff records (any status) or the user's name of those who took leave and are not on site."""
	if not users:
		return {}
	Staff = DocType("GH Window Staff")
	found = {
		row.user: row
		for row in frappe.qb.from_(Staff)
		.select(Staff.user, Staff.full_name, Staff.department, Staff.home_agency)
		.where(Staff.user.isin(users))
		.run(as_dict=True)
	}
	for user in users:
		if user not in found:
			found[user] = frappe._dict(
				user=user, full_name=frappe.db.get_value("User", user, "full_name"), department=None
			)
	return found


def leave_days(filters, year: int) -> dict:
	"""Days of leave per staff member and figure in ``year``."""
	first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
	Leave = DocType(REF_DOCTYPE)
	query = (
		frappe.qb.from_(Leave)
		.select(
			Leave.staff,
			Leave.hall,
			Leave.leave_type,
			Leave.status,
			Leave.from_date,
			Leave.from_session,
			Leave.to_date,
			Leave.to_session,
			Leave.days,
			Leave.returned_on,
		)
		.where(Leave.status.isin((*TAKEN, *PENDING)))
		.where(Leave.from_date <= last)
		.where(Leave.to_date >= first)
	)
	for field in ("staff", "home_agency"):
		if filters.get(field):
			query = query.where(Leave[field] == filters[field])
	requests = apply_common(query, Leave, filters, REF_DOCTYPE).run(as_dict=True)
	days = defaultdict(lambda: dict.fromkeys(FIGURES, 0.0))
	for request in requests:
		figure = "pending" if request.status in PENDING else KINDS.get(request.leave_type, "other")
		days[request.staff][figure] += days_in_year(request, first, last)
	return days


def days_in_year(request, first: datetime.date, last: datetime.date) -> float:
	"""The request's days inside [first, last]: its ``days`` (which a return, 销假, brings down to
	the sessions taken) when it lies inside the year; otherwise its sessions there, two a day, counted
	as the leave itself counts them (gov_hall.duty.leave.taken_sessions)."""
	start, end = getdate(request.from_date), getdate(request.to_date)
	if first <= start and end <= last:
		return flt(request.days)
	from gov_hall.duty.leave import taken_sessions

	return sum(1 for day, _session in taken_sessions(request) if first <= day <= last) / 2


def chart(total: dict) -> dict | None:
	"""The year's leave by kind."""
	values = [total["annual_taken"], total["sick"], total["personal"], total["other"]]
	if not any(values):
		return None
	return {
		"data": {
			"labels": [_("Annual Leave"), _("Sick Leave"), _("Personal Leave"), _("Other Leave")],
			"datasets": [{"name": _("Leave Days"), "values": values}],
		},
		"type": "bar",
		"colors": ["#2490ef"],
	}


def summary(rows: list[dict], total: dict, allowance: float) -> list[dict]:
	exhausted = sum(1 for row in rows if row["balance"] <= 0 and allowance)
	return [
		scaffold.card(_("Staff"), len(rows)),
		scaffold.card(_("Annual Leave Days per Year"), allowance, "Float"),
		scaffold.card(_("Annual Leave Taken (days)"), total["annual_taken"], "Float", "blue"),
		scaffold.card(_("Sick Leave (days)"), total["sick"], "Float", "orange"),
		scaffold.card(_("No Annual Leave Left"), exhausted, indicator="red"),
		scaffold.card(_("Pending (days)"), total["pending"], "Float", "grey"),
	]


def columns() -> list[dict]:
	number = scaffold.number
	return [
		scaffold.text("staff", _("Staff"), 200, link="User"),
		scaffold.text("staff_name", _("Staff Name")),
		scaffold.text("department", _("Department"), 180, link="GH Stationed Department"),
		scaffold.text("home_agency", _("Home Agency"), 160, link="GH Home Agency"),
		number("allowance", _("Annual Leave Days per Year"), "Float", 120),
		number("annual_taken", _("Annual Leave Taken (days)"), "Float", 130),
		number("balance", _("Annual Leave Balance (days)"), "Float", 130),
		number("sick", _("Sick Leave (days)"), "Float", 110),
		number("personal", _("Personal Leave (days)"), "Float", 120),
		number("other", _("Other Leave (days)"), "Float", 110),
		number("pending", _("Pending (days)"), "Float", 110),
	]
