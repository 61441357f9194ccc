# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt
"""考勤统计: the roster's sessions over a date range by department, staff member or home agency
(派出单位): rostered sessions, present, late, early leave, absent, on leave, cover given, empty
windows (空岗), away from the post found by an inspection (窜岗/离岗) and the punctuality rate.

Three set-based reads: the range's Active duty slots (grouped by the database per staff member, day
and session, as gov_hall.duty.facts counts them for the assessment, then per group), the empty-window
records not excused (per department and rostered staff member) and the submitted inspections that
found the staff member away from the post. Late, early leave and absent come from the slots'
``duty_status``, which the app derives from the punches (nobody types them). A session that has not
ended yet (Scheduled) is rostered but not yet counted either way. The department scope of
gov_hall.access.scope applies: a chief representative sees their own department(s).
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.query_builder import DocType
from frappe.query_builder.functions import Count, Max, Sum
from pypika.terms import Case

from gov_hall.utils import report_scaffold as scaffold
from gov_hall.utils.report_filters import apply_common, date_range, plain_filters

REF_DOCTYPE = "GH Duty Slot"
GROUPS = {"Department": "department", "Staff": "staff", "Home Agency": "home_agency"}
GROUP_LINKS = {"Department": "GH Stationed Department", "Staff": "User", "Home Agency": "GH Home Agency"}
COVER = "Cover"
ACTIVE = "Active"
EXCUSED = "Excused"
FIGURES = (
	"rostered",
	"present",
	"late",
	"early_leave",
	"absent",
	"on_leave",
	"scheduled",
	"cover_given",
	"empty_windows",
	"left_post",
	"due",
)


def execute(filters: dict | None = None):
	filters = plain_filters(filters)
	group_by = scaffold.check_choice(
		filters.get("group_by") or "Department", GROUPS, _("Unknown grouping: {0}")
	)
	start, end = date_range(filters, "quarter")
	table, names = {}, {}
	for row in session_figures(filters, start, end, group_by):
		table[row.group or ""] = {field: int(row.get(field) or 0) for field in FIGURES}
		if group_by == "Staff" and row.staff_name:
			names[row.group] = row.staff_name
	add_empty_windows(table, filters, start, end, group_by)
	add_left_post(table, filters, start, end, group_by)
	rows = [finish({"group": key or None, **figures}) for key, figures in table.items()]
	for row in rows:
		if group_by == "Staff":
			row["staff_name"] = names.get(row["group"]) or None
	# the least punctual first, then the busiest
	rows.sort(
		key=lambda r: (
			r["punctuality_rate"] is None,
			r["punctuality_rate"] or 0,
			-r["rostered"],
			str(r["group"]),
		)
	)
	total = finish({field: sum(row[field] for row in rows) for field in FIGURES})
	result = rows + ([scaffold.total_row(total, linked=True)] if rows else [])
	return columns(group_by), result, None, chart(rows, names), summary(total)


def flag(condition):
	return Max(Case().when(condition, 1).else_(0))


def session_figures(filters, start, end, group_by: str) -> list[dict]:
	"""Figures per group from the range's Active slots, counted one per staff member, day and
	session as gov_hall.duty.facts counts them for the assessment: a session is on leave when a slot
	of it is; late, early leave and absent come from the session's slots (they share its times and
	its punches); cover is given when the session holds a Cover slot. Two GROUP BYs in one query."""
	Slot = DocType(REF_DOCTYPE)
	status = Slot.duty_status
	sessions = (
		frappe.qb.from_(Slot)
		.select(
			Slot.staff.as_("staff"),
			Max(Slot.department).as_("department"),
			Max(Slot.home_agency).as_("home_agency"),
			Max(Slot.staff_name).as_("staff_name"),
			flag(status == "On Leave").as_("on_leave"),
			flag(status.isin(("Late", "Late and Early Leave"))).as_("late"),
			flag(status.isin(("Early Leave", "Late and Early Leave"))).as_("early"),
			flag(status == "Absent").as_("absent"),
			flag(status == "Present").as_("present"),
			flag(Slot.post_role == COVER).as_("cover"),
		)
		.where(Slot.status == ACTIVE)
		.where(Slot.duty_date >= start)
		.where(Slot.duty_date <= end)
		.groupby(Slot.staff, Slot.duty_date, Slot.session)
	)
	for field in ("staff", "home_agency"):
		if filters.get(field):
			sessions = sessions.where(Slot[field] == filters[field])
	sessions = apply_common(sessions, Slot, filters, REF_DOCTYPE)
	s = sessions.as_("sessions")
	at_post = s.on_leave == 0
	missed = (s.late == 1) | (s.early == 1) | (s.absent == 1)
	key = s[GROUPS[group_by]]

	def total(condition):
		return Sum(Case().when(condition, 1).else_(0))

	return (
		frappe.qb.from_(s)
		.select(
			key.as_("group"),
			Count("*").as_("rostered"),
			total(at_post & (s.present == 1) & ~missed).as_("present"),
			total(at_post & (s.late == 1)).as_("late"),
			total(at_post & (s.early == 1)).as_("early_leave"),
			total(at_post & (s.absent == 1)).as_("absent"),
			Sum(s.on_leave).as_("on_leave"),
			total(at_post & (s.present == 0) & ~missed).as_("scheduled"),
			Sum(s.cover).as_("cover_given"),
			total(at_post & ((s.present == 1) | missed)).as_("due"),
			Max(s.staff_name).as_("staff_name"),
		)
		.groupby(key)
		.run(as_dict=True)
	)


def staff_agencies(users: set) -> dict:
	"""Each staff member's home agency (派出单位), from their staff record."""
	if not users:
		return {}
	Staff = DocType("GH Window Staff")
	return dict(
		frappe.qb.from_(Staff)
		.select(Staff.user, Staff.home_agency)
		.where(Staff.user.isin(sorted(users)))
		.run()
	)


def regroup(counts: list[tuple], group_by: str) -> list[tuple]:
	"""(department, staff, count) rows as (group, count): the staff member's home agency when
	grouping by agency; rows of no staff member count for their department only."""
	if group_by == "Department":
		return [(department, count) for department, _staff, count in counts]
	if group_by == "Staff":
		return [(staff, count) for _department, staff, count in counts if staff]
	agencies = staff_agencies({staff for _department, staff, _count in counts if staff})
	return [(agencies.get(staff) or "", count) for _department, staff, count in counts if staff]


def add_empty_windows(table: dict, filters, start, end, group_by: str) -> None:
	"""空岗 not excused: per department; per staff member (and agency) when someone was rostered."""
	Empty = DocType("GH Empty Window")
	query = (
		frappe.qb.from_(Empty)
		.select(Empty.department, Empty.rostered_staff, Count("*"))
		.where(Empty.status != EXCUSED)
		.where(Empty.duty_date >= start)
		.where(Empty.duty_date <= end)
		.groupby(Empty.department, Empty.rostered_staff)
	)
	if filters.get("staff"):
		query = query.where(Empty.rostered_staff == filters.staff)
	counts = apply_common(query, Empty, filters, REF_DOCTYPE).run()
	counts = only_agency(counts, filters)
	for key, count in regroup(counts, group_by):
		table.setdefault(key or "", dict.fromkeys(FIGURES, 0))["empty_windows"] += int(count)


def add_left_post(table: dict, filters, start, end, group_by: str) -> None:
	"""Submitted inspections that found the staff member away from the post (窜岗/离岗)."""
	if not frappe.db.has_column("GH Inspection", "left_post"):
		return  # a site not yet migrated to issue 15's inspection field
	Inspection = DocType("GH Inspection")
	query = (
		frappe.qb.from_(Inspection)
		.select(Inspection.department, Inspection.staff, Count("*"))
		.where(Inspection.docstatus == 1)
		.where(Inspection.left_post == 1)
		.where(Inspection.staff.isnotnull())
		.where(Inspection.inspection_date >= start)
		.where(Inspection.inspection_date <= end)
		.groupby(Inspection.department, Inspection.staff)
	)
	if filters.get("staff"):
		query = query.where(Inspection.staff == filters.staff)
	counts = apply_common(query, Inspection, filters, REF_DOCTYPE).run()
	counts = only_agency(counts, filters)
	for key, count in regroup(counts, group_by):
		table.setdefault(key or "", dict.fromkeys(FIGURES, 0))["left_post"] += int(count)


def only_agency(counts: list[tuple], filters) -> list[tuple]:
	"""With a home agency filter: the rows of that agency's staff members only."""
	if not filters.get("home_agency"):
		return list(counts)
	agencies = staff_agencies({staff for _department, staff, _count in counts if staff})
	return [row for row in counts if row[1] and agencies.get(row[1]) == filters.home_agency]


def finish(row: dict) -> dict:
	row["punctuality_rate"] = scaffold.share(row["present"], row["due"])
	return row


def chart(rows: list[dict], names: dict) -> dict | None:
	"""Each group's sessions by outcome, stacked."""
	return scaffold.group_chart(
		rows,
		[
			(_("Present"), "present"),
			(_("Late"), "late"),
			(_("Early Leave"), "early_leave"),
			(_("Absent"), "absent"),
			(_("On Leave"), "on_leave"),
		],
		names,
		stacked=True,
		colors=["#28a745", "#ffc107", "#fd7e14", "#dc3545", "#7cd6fd"],
	)


def summary(total: dict) -> list[dict]:
	return [
		scaffold.card(_("Rostered Sessions"), total["rostered"]),
		scaffold.card(_("Punctuality Rate %"), total["punctuality_rate"] or 0.0, "Percent", "green"),
		scaffold.card(_("Late"), total["late"], indicator="orange"),
		scaffold.card(_("Early Leave"), total["early_leave"], indicator="orange"),
		scaffold.card(_("Absent"), total["absent"], indicator="red"),
		scaffold.card(_("On Leave"), total["on_leave"], indicator="blue"),
		scaffold.card(_("Cover Given"), total["cover_given"], indicator="blue"),
		scaffold.card(_("Empty Windows"), total["empty_windows"], indicator="red"),
		scaffold.card(_("Away from the Post"), total["left_post"], indicator="red"),
	]


def group_label(group_by: str) -> str:
	return {"Department": _("Department"), "Staff": _("Staff"), "Home Agency": _("Home Agency")}[group_by]


def columns(group_by: str) -> list[dict]:
	result = [scaffold.group_column(group_label(group_by), GROUP_LINKS[group_by], 200)]
	if group_by == "Staff":
		result.append(scaffold.text("staff_name", _("Staff Name")))
	number = scaffold.number
	return result + [
		number("rostered", _("Rostered Sessions"), width=110),
		number("present", _("Present"), width=80),
		number("late", _("Late"), width=80),
		number("early_leave", _("Early Leave"), width=90),
		number("absent", _("Absent"), width=80),
		number("on_leave", _("On Leave"), width=80),
		number("scheduled", _("Not Yet Ended"), width=100),
		number("cover_given", _("Cover Given"), width=90),
		number("empty_windows", _("Empty Windows"), width=90),
		number("left_post", _("Away from the Post"), width=110),
		number("punctuality_rate", _("Punctuality Rate %"), "Percent", 120),
	]
