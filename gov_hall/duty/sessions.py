"""A hall's duty sessions (Morning, Afternoon, Off-Hours) and the on-site duty settings.

Morning = opening_time → morning_end; Afternoon = afternoon_start → closing_time; Off-Hours =
closing_time → extended_closing_time, only at a hall offering off-hours service whose off-hours end
is later than its closing time (gov_hall.rules.duty.session_times).
"""

from __future__ import annotations

import datetime

import frappe
from frappe import _
from frappe.utils import cint, flt, getdate

from gov_hall.rules import duty as rules
from gov_hall.rules.appointments import as_time

HALL_FIELDS = (
	"opening_time",
	"morning_end",
	"afternoon_start",
	"closing_time",
	"offers_off_hours_service",
	"extended_closing_time",
)

SETTINGS_DEFAULTS = {
	"attendance_grace_minutes": rules.DEFAULT_GRACE_MINUTES,
	"empty_window_alert_minutes": rules.DEFAULT_EMPTY_WINDOW_ALERT_MINUTES,
	"annual_leave_days": rules.DEFAULT_ANNUAL_LEAVE_DAYS,
}


def sessions_of(row) -> rules.HallSessions:
	"""HallSessions from a GH Service Hall row or document (the shipped defaults for empty times)."""
	off_hours_end = (
		as_time(row.get("extended_closing_time")) if cint(row.get("offers_off_hours_service")) else None
	)
	return rules.HallSessions(
		opening=as_time(row.get("opening_time")) or datetime.time(9, 0),
		morning_end=as_time(row.get("morning_end")) or datetime.time(12, 0),
		afternoon_start=as_time(row.get("afternoon_start")) or datetime.time(13, 30),
		closing=as_time(row.get("closing_time")) or datetime.time(17, 30),
		off_hours_end=off_hours_end,
	)


def hall_sessions(hall: str) -> rules.HallSessions:
	"""The hall's session times."""
	row = frappe.db.get_value("GH Service Hall", hall, list(HALL_FIELDS), as_dict=True)
	if not row:
		frappe.throw(_("Service Hall {0} not found.").format(hall), title=_("Invalid Input"))
	return sessions_of(row)


def session_bounds(
	hall: str, date: datetime.date | str, session: str
) -> tuple[datetime.datetime, datetime.datetime] | None:
	"""(start, end) of a session of a day at the hall; None for Off-Hours at a hall without
	off-hours service."""
	return rules.session_datetimes(hall_sessions(hall), getdate(date), session)


def duty_setting(fieldname: str):
	"""An On-Site Duty setting of GH Hall Settings, the shipped default when never set."""
	singles = frappe.qb.Table("tabSingles")
	rows = (
		frappe.qb.from_(singles)
		.select(singles.value)
		.where((singles.doctype == "GH Hall Settings") & (singles.field == fieldname))
		.run()
	)
	default = SETTINGS_DEFAULTS[fieldname]
	if not rows or rows[0][0] in (None, ""):
		return default
	return flt(rows[0][0]) if isinstance(default, float) else cint(rows[0][0])


def grace_minutes() -> int:
	return max(0, duty_setting("attendance_grace_minutes"))


def validate_hall_sessions(hall) -> None:
	"""GH Service Hall: opening < morning end ≤ afternoon start < closing."""
	problem = rules.hours_problem(sessions_of(hall))
	messages = {
		"morning_end_before_opening": _("Morning Session Ends must be later than Opening Time."),
		"afternoon_before_morning_end": _(
			"Afternoon Session Starts cannot be earlier than Morning Session Ends."
		),
		"closing_before_afternoon": _("Closing Time must be later than Afternoon Session Starts."),
	}
	if problem:
		frappe.throw(messages[problem], title=_("Invalid Input"))
