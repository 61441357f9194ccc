"""Empty windows (空岗): a window on duty with nobody at it, found within minutes by a scheduled job.

``check_empty_windows`` runs every five minutes (hooks.py scheduler_events, cron). For each hall with
Active roster slots today and the session running now (at least ``empty_window_alert_minutes`` into
it, GH Hall Settings), a window that has Active slots this session, or an Active window with an
on-site A staff member and no slot at all, and nobody present (a slot's staff member clocked in this
session and not clocked out since; an approved cover at the window counts) gets one GH Empty Window
record for the window and session, and an alert (Notification Log, type Alert) to the department's
chief representative and every hall manager, each in their own language.

One record per window, day and session whatever happens: the table has a unique index on (window,
duty_date, session), and a run that meets the record another run has just written (two runs
overlapping) takes the duplicate as "already recorded" and alerts nobody.

An Open record whose window has someone present again is Resolved (resolved_on, empty_minutes since
the window was empty); an Open record of a session that has ended is closed at the session's end
(Resolved with resolved_on = the end). A hall manager may excuse a record with a reason
(gov_hall.api.duty_alerts.excuse_empty_window): an excused empty window counts for nobody.
"""

from __future__ import annotations

import datetime
import math

import frappe
from frappe import _
from frappe.utils import get_datetime, getdate

from gov_hall.access import controlled
from gov_hall.duty.sessions import duty_setting, session_bounds
from gov_hall.rules import duty as rules
from gov_hall.setup.roles import HALL_MANAGER
from gov_hall.utils.calendar import get_hall_calendar
from gov_hall.utils.clock import now_datetime

EMPTY_WINDOW = "GH Empty Window"
SLOT = "GH Duty Slot"
STAFF = "GH Window Staff"
WINDOW = "GH Service Window"

OPEN = "Open"
RESOLVED = "Resolved"
EXCUSED = "Excused"

DETECT = "Detect Empty Window"
RESOLVE = "Resolve Empty Window"
EXCUSE = "Excuse"

# who should have been at the window, in this order (a Cover slot's staff when the post is on leave)
RESPONSIBLE_ORDER = {rules.POST_A: 0, rules.POST_B: 1, rules.POST_EXTRA: 2, rules.POST_COVER: 3}
# punches that tell who is at a window now: those since this long before the session started
PUNCH_LOOKBACK = datetime.timedelta(hours=1)


def minutes_between(start, end) -> int:
	if not start or not end:
		return 0
	return max(0, math.ceil((get_datetime(end) - get_datetime(start)).total_seconds() / 60))


def check_empty_windows(now=None) -> dict:
	"""The job: record, alert, resolve and close empty windows as of ``now`` (Beijing time)."""
	now = get_datetime(now) if now else now_datetime()
	now = now.replace(microsecond=0)
	result = {"opened": [], "resolved": [], "closed": []}
	close_ended(now, result)
	today = now.date()
	alert_after = datetime.timedelta(minutes=max(0, duty_setting("empty_window_alert_minutes")))
	halls = frappe.get_all(
		SLOT,
		filters={"duty_date": today, "status": rules.ACTIVE},
		pluck="hall",
		distinct=True,
		order_by="hall asc",
	)
	for hall in filter(None, halls):
		# one hall's trouble (a hall record half edited ...) does not keep the others unwatched
		frappe.db.savepoint("gh_empty_windows_hall")
		try:
			check_hall(hall, today, now, alert_after, result)
		except Exception:
			frappe.db.rollback(save_point="gh_empty_windows_hall")
			frappe.log_error(title=f"Empty-window check failed for hall {hall}")
	return result


def check_hall(hall: str, today, now, alert_after: datetime.timedelta, result: dict) -> None:
	for session in rules.SESSIONS:
		bounds = session_bounds(hall, today, session)
		if not bounds:
			continue
		start, end = bounds
		if start <= now < end:
			check_session(hall, today, session, start, end, now, start + alert_after <= now, result)


# ---------------------------------------------------------------------------------------------
# One session of one hall


def check_session(hall, day, session, start, end, now, alerting: bool, result: dict) -> None:
	windows = windows_on_duty(hall, day, session, start, now)
	records = {
		row.window: row
		for row in frappe.get_all(
			EMPTY_WINDOW,
			filters={"hall": hall, "duty_date": day, "session": session},
			fields=["name", "window", "status", "empty_since"],
		)
	}
	for window, info in windows.items():
		record = records.get(window)
		if info["present"]:
			if record and record.status == OPEN:
				resolve(record.name, now, record.empty_since)
				result["resolved"].append(record.name)
			continue
		if record or not alerting:
			continue
		name = record_empty_window(hall, day, session, window, info, start, now)
		if name:
			result["opened"].append(name)


def windows_on_duty(hall, day, session, start, now) -> dict[str, dict]:
	"""window → {department, present, responsible, empty_since} for the windows due to be staffed."""
	slots = frappe.get_all(
		SLOT,
		filters={"hall": hall, "duty_date": day, "session": session, "status": rules.ACTIVE},
		fields=[
			"name",
			"window",
			"department",
			"staff",
			"staff_name",
			"post_role",
			"leave_request",
			"clock_in",
			"clock_out",
		],
		order_by="creation asc",
	)
	unrostered = {}
	if session in rules.REGULAR_SESSIONS and get_hall_calendar(hall).is_working_day(day):
		unrostered = unrostered_windows(hall, day, {slot.window for slot in slots})
	people = {slot.staff for slot in slots} | {user for users, _dept in unrostered.values() for user in users}
	punches = recent_punches(people, start, now)
	windows: dict[str, dict] = {}
	for slot in slots:
		info = windows.setdefault(
			slot.window,
			{"department": slot.department, "present": False, "responsible": None, "empty_since": start},
		)
		clock_in = get_datetime(slot.clock_in) if slot.clock_in else None
		clock_out = get_datetime(slot.clock_out) if slot.clock_out else None
		if rules.present_at(clock_in, clock_out, now) or clocked_in(punches.get(slot.staff)):
			info["present"] = True
		if clock_out and start < clock_out <= now and (not clock_in or clock_out > clock_in):
			info["empty_since"] = max(info["empty_since"], clock_out)
		away = slot.leave_request and slot.post_role != rules.POST_COVER
		rank = RESPONSIBLE_ORDER.get(slot.post_role, 2)
		if not away and (info["responsible"] is None or rank < info["responsible"][0]):
			info["responsible"] = (rank, slot.staff, slot.staff_name)
	for window, (users, department) in unrostered.items():
		windows[window] = {
			"department": department,
			"present": any(clocked_in(punches.get(user)) for user in users),
			"responsible": None,
			"empty_since": start,
		}
	return windows


def unrostered_windows(hall, day, rostered: set) -> dict[str, tuple[list[str], str]]:
	"""Active windows with an on-site A staff member and no slot at all this session: on duty all
	the same, rostered for nobody. window → (its A staff, its department)."""
	active = {
		row.name: row.department
		for row in frappe.get_all(
			WINDOW, filters={"hall": hall, "status": "Active"}, fields=["name", "department"]
		)
		if row.name not in rostered
	}
	if not active:
		return {}
	found: dict[str, tuple[list[str], str]] = {}
	for row in frappe.get_all(
		STAFF,
		filters={"status": "On Site", "window": ["in", list(active)]},
		fields=["user", "window", "on_site_from", "on_site_to"],
	):
		if row.on_site_from and getdate(row.on_site_from) > day:
			continue
		if row.on_site_to and getdate(row.on_site_to) < day:
			continue
		found.setdefault(row.window, ([], active[row.window]))[0].append(row.user)
	return found


def recent_punches(people: set, start, now) -> dict[str, list]:
	"""staff → their punches from a little before the session until now, in order."""
	if not people:
		return {}
	punches: dict[str, list] = {}
	for row in frappe.get_all(
		"GH Attendance Punch",
		filters={
			"staff": ["in", sorted(people)],
			"punch_time": ["between", [start - PUNCH_LOOKBACK, now]],
		},
		fields=["staff", "punch_time", "direction"],
		order_by="punch_time asc",
	):
		punches.setdefault(row.staff, []).append((get_datetime(row.punch_time), row.direction or None))
	return punches


def clocked_in(punches: list | None) -> bool:
	"""The person's last punch is a clock-in (they came back after clocking out, or their slot's
	figures are not refreshed yet)."""
	return bool(punches) and punches[-1][1] == rules.IN


# ---------------------------------------------------------------------------------------------
# Writing


def record_empty_window(hall, day, session, window, info, start, now) -> str | None:
	"""Insert the window's record for the session and alert; None when another run already has."""
	department = info["department"] or frappe.db.get_value(WINDOW, window, "department")
	recipients = alert_recipients(department)
	responsible = info["responsible"]
	doc = frappe.get_doc(
		{
			"doctype": EMPTY_WINDOW,
			"hall": hall,
			"department": department,
			"window": window,
			"duty_date": day,
			"session": session,
			"status": OPEN,
			"empty_since": info["empty_since"] or start,
			"detected_on": now,
			"detected_hour": now.hour,
			"rostered_staff": responsible[1] if responsible else None,
			"rostered_staff_name": responsible[2] if responsible else None,
			"notified_users": "\n".join(recipients),
		}
	)
	savepoint = "gh_empty_window"
	frappe.db.savepoint(savepoint)
	messages = len(frappe.local.message_log)
	try:
		with controlled.action(doc, DETECT):
			doc.insert(ignore_permissions=True)
	except (frappe.DuplicateEntryError, frappe.UniqueValidationError):
		# another run recorded this window and session first: nothing more to do
		frappe.db.rollback(save_point=savepoint)
		del frappe.local.message_log[messages:]
		return None
	alert(doc, recipients)
	return doc.name


def resolve(name: str, when: datetime.datetime, empty_since=None, status: str = RESOLVED) -> None:
	doc = frappe.get_doc(EMPTY_WINDOW, name)
	if doc.status != OPEN:
		return
	with controlled.action(doc, RESOLVE):
		doc.status = status
		doc.resolved_on = when
		doc.empty_minutes = minutes_between(doc.empty_since or empty_since or doc.detected_on, when)
		doc.save(ignore_permissions=True)


def close_ended(now: datetime.datetime, result: dict) -> None:
	"""Open records of sessions that have ended are closed at the session's end."""
	rows = frappe.get_all(
		EMPTY_WINDOW,
		filters={"status": OPEN, "duty_date": ["<=", now.date()]},
		fields=["name", "hall", "duty_date", "session", "empty_since"],
		order_by="duty_date asc",
	)
	for row in rows:
		bounds = session_bounds(row.hall, row.duty_date, row.session) if row.hall else None
		end = (
			bounds[1] if bounds else datetime.datetime.combine(getdate(row.duty_date), datetime.time(23, 59))
		)
		if end <= now:
			resolve(row.name, end, row.empty_since)
			result["closed"].append(row.name)


# ---------------------------------------------------------------------------------------------
# Alerts


def alert_recipients(department: str | None) -> list[str]:
	from frappe.utils.user import get_users_with_role

	users = set(get_users_with_role(HALL_MANAGER))
	chief = department and frappe.db.get_value("GH Stationed Department", department, "chief_representative")
	if chief:
		users.add(chief)
	return sorted(users - {"Administrator", "Guest"})


def alert(doc, recipients: list[str]) -> None:
	"""A Notification Log (Alert) to each recipient, written in the recipient's language."""
	from frappe.desk.doctype.notification_log.notification_log import make_notification_logs
	from frappe.translate import print_language

	if not recipients:
		return
	default = frappe.db.get_default("lang") or "zh"
	languages: dict[str, list[str]] = {}
	for user, language in frappe.get_all(
		"User", filters={"name": ["in", recipients]}, fields=["name", "language"], as_list=True
	):
		languages.setdefault(language or default, []).append(user)
	window = frappe.db.get_value(WINDOW, doc.window, ["window_number", "window_name"], as_dict=True) or {}
	label = " ".join(filter(None, (window.get("window_number"), window.get("window_name")))) or doc.window
	since = get_datetime(doc.empty_since).strftime("%H:%M")
	for language, users in sorted(languages.items()):
		with print_language(language):
			subject = _("Empty window: {0} has had nobody on duty since {1} ({2}, {3}).").format(
				frappe.bold(label), since, _(doc.session), doc.duty_date
			)
		make_notification_logs(
			{
				"type": "Alert",
				"document_type": EMPTY_WINDOW,
				"document_name": doc.name,
				"subject": subject,
				"from_user": "Administrator",
			},
			users,
		)
