"""The duty figures of a period (出勤值勤): per staff member, the rostered sessions and how they went,
the empty windows (空岗) they were rostered at and the times an inspection found them away from their
post (窜岗/离岗). Read by the assessment, the agency briefings, the attendance report and the
benchmark.

Set-based: three GROUP BY queries, whatever the size of the hall. A city hall's month is ~40,000
slots: the slots are grouped by the database per staff member, day and session (one row per session
however many slots it holds: a Cover slot beside the staff member's own slot counts only as cover
given, gov_hall.rules.duty.counted_slots), then per staff member, read from the index
(hall, duty_date, session)."""

import datetime

import frappe
from frappe.utils import getdate

from gov_hall.rules import duty as duty_rules
from gov_hall.rules.duty import DutyCounts

# gov_hall.rules.duty.tally in SQL: the rows per (staff, day, session) first, each with the status
# of the slot counted for it (an own slot, A before B before Extra, before a Cover slot:
# counted_slots) and whether a Cover slot was among them; then per staff member. ``{staff}`` is
# empty or a condition with placeholders, never a value.
SLOTS_SQL = """
	select staff,
		sum(duty_status in %(final)s) as duty_sessions,
		sum(duty_status in %(late)s) as late,
		sum(duty_status in %(early)s) as early_leave,
		sum(duty_status = %(absent)s) as absent,
		sum(duty_status = %(on_leave)s) as `leave`,
		sum(cover) as cover
	from (
		select staff,
			substring(min(concat(
				case post_role when 'A' then 0 when 'B' then 1 when 'Cover' then 3 else 2 end, duty_status
			)), 2) as duty_status,
			max(post_role = %(cover_post)s) as cover
		from `tabGH Duty Slot`
		where hall = %(hall)s and status = %(active)s and duty_date between %(start)s and %(end)s {staff}
		group by staff, duty_date, session
	) sessions
	group by staff
"""
EMPTY_WINDOWS_SQL = """
	select rostered_staff, count(*)
	from `tabGH Empty Window`
	where hall = %(hall)s and duty_date between %(start)s and %(end)s and status != 'Excused'
		and rostered_staff is not null and rostered_staff != '' {staff}
	group by rostered_staff
"""
LEFT_POST_SQL = """
	select staff, count(*)
	from `tabGH Inspection`
	where hall = %(hall)s and docstatus = 1 and left_post = 1
		and inspection_date between %(start)s and %(end)s
		and staff is not null and staff != '' {staff}
	group by staff
"""


def duty_counts(
	hall: str, start, end, staff: str | list | tuple | set | None = None
) -> dict[str, DutyCounts]:
	"""DutyCounts per staff member of ``hall`` from ``start`` to ``end`` (dates, both included), for
	everyone or for ``staff`` (one user or several); the same figures as gov_hall.rules.duty.tally over
	the period's Active slots. A staff member appears when they had a rostered session, an empty
	window counted against them or a left post found in the period."""
	params = {
		"hall": hall,
		"start": as_date(start),
		"end": as_date(end),
		"final": duty_rules.FINAL_STATUSES,
		"late": duty_rules.LATE_STATUSES,
		"early": duty_rules.EARLY_STATUSES,
		"absent": duty_rules.ABSENT,
		"on_leave": duty_rules.ON_LEAVE,
		"cover_post": duty_rules.POST_COVER,
		"active": duty_rules.ACTIVE,
	}
	staff_filter = ""
	if staff is not None:
		users = (staff,) if isinstance(staff, str) else tuple(staff)
		if not users:
			return {}
		params["staff"] = users
		staff_filter = "and {column} in %(staff)s"

	figures: dict[str, dict] = {}

	def entry(user: str) -> dict:
		return figures.setdefault(user, dict.fromkeys(COUNT_FIELDS, 0))

	if has_table("GH Duty Slot"):
		for row in frappe.db.sql(
			SLOTS_SQL.format(staff=staff_filter.format(column="staff")), params, as_dict=True
		):
			entry(row.staff).update(
				{
					name: int(row[name] or 0)
					for name in ("duty_sessions", "leave", "late", "early_leave", "absent", "cover")
				}
			)
	if has_table("GH Empty Window"):
		for user, number in frappe.db.sql(
			EMPTY_WINDOWS_SQL.format(staff=staff_filter.format(column="rostered_staff")), params
		):
			entry(user)["empty_windows"] = int(number)
	if has_column("GH Inspection", "left_post"):
		for user, number in frappe.db.sql(
			LEFT_POST_SQL.format(staff=staff_filter.format(column="staff")), params
		):
			entry(user)["left_post"] = int(number)
	return {user: DutyCounts(**values) for user, values in figures.items()}


COUNT_FIELDS = (
	"duty_sessions",
	"late",
	"early_leave",
	"absent",
	"leave",
	"cover",
	"empty_windows",
	"left_post",
)


def as_date(value) -> datetime.date:
	return getdate(value)


def has_table(doctype: str) -> bool:
	return frappe.db.table_exists(doctype)


def has_column(doctype: str, column: str) -> bool:
	return frappe.db.table_exists(doctype) and frappe.db.has_column(doctype, column)


def has_duty_data(counts: DutyCounts | None) -> bool:
	"""A staff member was on a roster in the period (a session with an outcome, or on leave): their
	出勤值勤 is computed from it. Empty windows or a left post alone (no roster) do not make it so."""
	return bool(counts and (counts.duty_sessions or counts.leave))
