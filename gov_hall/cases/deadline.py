"""A case's time limit on the hall's calendar (the rules themselves are in gov_hall.rules.deadlines)."""

import frappe
from frappe.utils import getdate

from gov_hall.rules import deadlines
from gov_hall.utils.calendar import get_hall_calendar
from gov_hall.utils.clock import nowdate


def notice_limit_days() -> int:
	value = frappe.db.get_single_value("GH Hall Settings", "supplement_notice_limit_days")
	return 5 if value is None else int(value)


def case_pauses(case) -> list[deadlines.Pause]:
	return [
		deadlines.Pause(getdate(row.paused_on), getdate(row.resumed_on) if row.resumed_on else None)
		for row in case.pauses
	]


def case_clock_start(calendar, case, today, notice_days: int) -> deadlines.ClockStart:
	"""Clock start of a case document or a row with received_on, accepted_on and first_notice_on."""
	return deadlines.clock_start(
		calendar,
		received=getdate(case.received_on),
		accepted=getdate(case.accepted_on) if case.accepted_on else None,
		first_notice=getdate(case.first_notice_on) if case.first_notice_on else None,
		today=today,
		notice_limit_days=notice_days,
	)


def refresh_deadline(case, today=None) -> None:
	"""Recompute clock start, paused days and due date of a case from its own fields."""
	today = getdate(today or nowdate())
	calendar = get_hall_calendar(case.hall)
	start = case_clock_start(calendar, case, today, notice_limit_days())
	case.deemed_accepted = int(start.deemed_accepted)
	case.clock_start = start.start
	if start.start is None:
		case.paused_working_days = 0
		case.due_date = None
		return
	case.paused_working_days = deadlines.paused_working_days(calendar, case_pauses(case), start.start, today)
	case.due_date = deadlines.due_date(
		calendar,
		start.start,
		int(case.time_limit_days or 0),
		int(case.extension_days or 0),
		int(case.paused_working_days or 0),
	)
	if case.completed_on:
		case.completed_on_time = int(deadlines.completed_on_time(getdate(case.completed_on), case.due_date))
