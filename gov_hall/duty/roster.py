"""The duty roster (值班表): GH Duty Slot rows, generated from the window assignments and edited by
chief representatives and managers.

* ``generate_roster`` adds, for each working day of the hall calendar and each regular session, an A
  slot for every on-site staff member at their own window and, at a window whose A post has nobody
  on site that day, a B slot for the staff covering it (GH Window Staff.b_window). It is idempotent:
  a slot (Active or Cancelled) with the same staff, day, session and window is never added twice, so a
  slot someone cancelled stays cancelled. Approved leave is applied by the refresh that follows.
* By hand (desk, REST) chief representatives (for their departments' windows) and managers add
  slots, change the staff member, window and post role, and cancel slots, for today and later only:
  past days are figures. A change that would leave an Active window with no Active slot in a
  Morning/Afternoon session of a working day is refused.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

import frappe
from frappe import _
from frappe.utils import getdate

from gov_hall.access import controlled
from gov_hall.duty import attendance
from gov_hall.duty import sessions as duty_sessions
from gov_hall.rules import duty as rules
from gov_hall.utils.calendar import get_hall_calendar
from gov_hall.utils.clock import now, today

SLOT = "GH Duty Slot"
WINDOW = "GH Service Window"
STAFF = "GH Window Staff"
DEPARTMENT = "GH Stationed Department"
ON_SITE = "On Site"

# the app's own writers of slots (controlled.action names): the roster generator, and the leave
# workflow adding a Cover slot or cancelling it (gov_hall.duty.leave)
GENERATE_ACTION = "Generate Roster"
LEAVE_ACTION = "Apply Leave"
APP_ACTIONS = (GENERATE_ACTION, LEAVE_ACTION)
# fields a person may change on an existing slot
HAND_EDITABLE = ("staff", "window", "post_role", "status")
MAX_ROSTER_DAYS = 93


# ---------------------------------------------------------------------------------------------
# Generating


def on_site(record, day: datetime.date) -> bool:
	if record.status != ON_SITE:
		return False
	if record.on_site_from and getdate(record.on_site_from) > day:
		return False
	return not (record.on_site_to and getdate(record.on_site_to) < day)


def generate_roster(
	hall: str,
	from_date: datetime.date | str,
	to_date: datetime.date | str,
	department: str | None = None,
) -> dict:
	"""A and B slots of the hall's working days in the range (one department's windows, or all);
	returns {"created", "existing", "unstaffed": [windows with nobody to roster on some day]}."""
	from_date, to_date = getdate(from_date), getdate(to_date)
	if to_date < from_date:
		frappe.throw(_("To Date cannot be earlier than From Date."), title=_("Invalid Input"))
	days = get_hall_calendar(hall).working_days_in(from_date, to_date)
	window_filters = {"hall": hall, "status": "Active"}
	if department:
		window_filters["department"] = department
	windows = {
		w.name: w for w in frappe.get_all(WINDOW, filters=window_filters, fields=["name", "department"])
	}
	staff_rows = frappe.get_all(
		STAFF,
		filters={"status": ON_SITE, "user": ("is", "set")},
		or_filters={"window": ("in", list(windows) or [""]), "b_window": ("in", list(windows) or [""])},
		fields=[
			"user",
			"full_name",
			"department",
			"window",
			"b_window",
			"home_agency",
			"status",
			"on_site_from",
			"on_site_to",
		],
	)
	existing = _existing_keys(hall, from_date, to_date)
	hours = duty_sessions.hall_sessions(hall)
	stamp = now()
	user = frappe.session.user
	new_rows, existing_count, unstaffed = [], 0, set()

	def add(record, window: str, day: datetime.date, session: str, role: str) -> None:
		nonlocal existing_count
		key = (record.user, day, session, window)
		if key in existing:
			existing_count += 1
			return
		existing.add(key)
		start, end = rules.session_datetimes(hours, day, session)
		new_rows.append(
			(
				frappe.generate_hash(length=10),
				stamp,
				stamp,
				user,
				user,
				hall,
				windows[window].department or record.department,
				window,
				day,
				session,
				record.user,
				record.full_name,
				record.home_agency,
				role,
				rules.ACTIVE,
				rules.SCHEDULED,
				start,
				end,
			)
		)

	for day in days:
		present = [r for r in staff_rows if on_site(r, day)]
		a_posts = defaultdict(list)
		for record in present:
			if record.window in windows:
				a_posts[record.window].append(record)
		for window in windows:
			crew = [(r, rules.POST_A) for r in a_posts.get(window, [])]
			if not crew:
				crew = [(r, rules.POST_B) for r in present if r.b_window == window]
			if not crew:
				unstaffed.add(window)
				continue
			for session in rules.REGULAR_SESSIONS:
				for record, role in crew:
					add(record, window, day, session, role)
	if new_rows:
		frappe.db.bulk_insert(
			SLOT,
			fields=[
				"name",
				"creation",
				"modified",
				"owner",
				"modified_by",
				"hall",
				"department",
				"window",
				"duty_date",
				"session",
				"staff",
				"staff_name",
				"home_agency",
				"post_role",
				"status",
				"duty_status",
				"session_start",
				"session_end",
			],
			values=new_rows,
			chunk_size=5000,
		)
		attendance.refresh_slots(hall, from_date, to_date)
	return {"created": len(new_rows), "existing": existing_count, "unstaffed": sorted(unstaffed)}


def _existing_keys(hall: str, from_date: datetime.date, to_date: datetime.date) -> set:
	Slot = frappe.qb.DocType(SLOT)
	rows = (
		frappe.qb.from_(Slot)
		.select(Slot.staff, Slot.duty_date, Slot.session, Slot.window)
		.where((Slot.hall == hall) & (Slot.duty_date >= from_date) & (Slot.duty_date <= to_date))
		.run()
	)
	return {(staff, getdate(day), session, window) for staff, day, session, window in rows}


# ---------------------------------------------------------------------------------------------
# Who may edit


def chief_departments(user: str | None = None) -> set[str]:
	user = user or frappe.session.user
	return set(frappe.get_all(DEPARTMENT, filters={"chief_representative": user}, pluck="name"))


def may_edit_department(department: str | None, user: str | None = None) -> bool:
	"""Managers edit every department's roster, a chief representative their own departments'."""
	user = user or frappe.session.user
	if controlled.is_manager(user):
		return True
	return bool(department) and department in chief_departments(user)


def check_roster_permission(department: str | None) -> None:
	if not may_edit_department(department):
		frappe.throw(
			_("Only the chief representative of {0} or a hall manager can change its duty roster.").format(
				department or _("this department")
			),
			frappe.PermissionError,
			title=_("Not Allowed"),
		)


# ---------------------------------------------------------------------------------------------
# The slot's controller


def app_writing(doc) -> bool:
	return any(name in APP_ACTIONS for name, _reason in controlled.active_actions(doc))


def validate_slot(doc) -> None:
	"""GH Duty Slot.validate: derived fields, then the roster's rules for changes by hand."""
	before = None if doc.is_new() else doc.get_doc_before_save()
	if doc.session not in rules.SESSIONS:
		frappe.throw(_("Session must be Morning, Afternoon or Off-Hours."), title=_("Invalid Input"))
	if doc.post_role and doc.post_role not in rules.POST_ROLES:
		frappe.throw(_("Post Role must be A, B, Cover or Extra."), title=_("Invalid Input"))
	doc.post_role = doc.post_role or rules.POST_EXTRA
	doc.status = doc.status or rules.ACTIVE
	window = frappe.db.get_value(WINDOW, doc.window, ["hall", "department", "status"], as_dict=True)
	if not window:
		frappe.throw(_("Service Window {0} not found.").format(doc.window), title=_("Invalid Input"))
	record = attendance.staff_record(doc.staff) if doc.staff else None
	if not record:
		frappe.throw(_("{0} is not window staff.").format(doc.staff or ""), title=_("Invalid Input"))
	doc.hall = window.hall
	doc.department = window.department or record.department
	doc.staff_name = record.full_name
	doc.home_agency = record.home_agency
	if record.hall and record.hall != doc.hall:
		frappe.throw(
			_("{0} is on site at another hall.").format(record.full_name or doc.staff),
			title=_("Invalid Input"),
		)
	if (
		doc.session == rules.OFF_HOURS
		and duty_sessions.session_bounds(doc.hall, doc.duty_date, doc.session) is None
	):
		frappe.throw(_("This hall offers no off-hours service."), title=_("Invalid Input"))
	changed = _changed(doc, before)
	if (
		"staff" in changed
		and doc.status == rules.ACTIVE
		and record.status != ON_SITE
		and not app_writing(doc)
	):
		frappe.throw(
			_("{0} is no longer on site.").format(record.full_name or doc.staff), title=_("Invalid Input")
		)
	if doc.status == rules.ACTIVE and ({"window", "status"} & changed or doc.is_new()):
		if window.status != "Active":
			frappe.throw(_("Window {0} is closed.").format(doc.window), title=_("Invalid Input"))
	if doc.status == rules.ACTIVE and changed & {"staff", "window", "status", "session", "duty_date"}:
		_refuse_duplicate(doc)
	if not app_writing(doc):
		_check_hand_edit(doc, before, changed)
	attendance.refresh_doc(doc)


def _changed(doc, before) -> set[str]:
	if before is None:
		return {"staff", "window", "post_role", "status", "session", "duty_date", "leave_request"}
	return {
		field
		for field in ("staff", "window", "post_role", "status", "session", "duty_date", "leave_request")
		if str(doc.get(field) or "") != str(before.get(field) or "")
	}


def _refuse_duplicate(doc) -> None:
	filters = {
		"staff": doc.staff,
		"duty_date": doc.duty_date,
		"session": doc.session,
		"window": doc.window,
		"status": rules.ACTIVE,
	}
	if not doc.is_new():
		filters["name"] = ("!=", doc.name)
	if frappe.db.exists(SLOT, filters):
		frappe.throw(
			_("{0} is already on duty at window {1} in that session.").format(
				doc.staff_name or doc.staff, doc.window
			),
			frappe.DuplicateEntryError,
			title=_("Invalid Input"),
		)


def _check_hand_edit(doc, before, changed: set[str]) -> None:
	if controlled.exempt():
		return
	if not changed:
		return
	# today and later only: a past day's roster is what the figures were computed from
	if getdate(doc.duty_date) < today() or (before and getdate(before.duty_date) < today()):
		frappe.throw(
			_("The duty roster of a past day cannot be changed."),
			frappe.PermissionError,
			title=_("Not Allowed"),
		)
	check_roster_permission(doc.department)
	if before and before.department != doc.department:
		check_roster_permission(before.department)
	if "post_role" in changed and doc.post_role == rules.POST_COVER:
		frappe.throw(
			_("Cover slots are added by an approved leave request."),
			frappe.PermissionError,
			title=_("Not Allowed"),
		)
	if "leave_request" in changed and doc.leave_request:
		frappe.throw(
			_("Leave Request is set by the leave workflow and cannot be changed by hand."),
			frappe.PermissionError,
			title=_("Not Allowed"),
		)
	if before and before.status == rules.ACTIVE and (doc.status != rules.ACTIVE or "window" in changed):
		check_window_keeps_someone(before.window, doc.hall, before.duty_date, before.session, doc.name)


def check_window_keeps_someone(window: str, hall: str, day, session: str, leaving: str) -> None:
	"""Refuse to take the last Active slot away from an Active window in a regular session of a
	working day."""
	if session not in rules.REGULAR_SESSIONS:
		return
	if frappe.db.get_value(WINDOW, window, "status") != "Active":
		return
	if not get_hall_calendar(hall).is_working_day(getdate(day)):
		return
	others = frappe.db.exists(
		SLOT,
		{
			"window": window,
			"duty_date": day,
			"session": session,
			"status": rules.ACTIVE,
			"name": ("!=", leaving),
		},
	)
	if not others:
		frappe.throw(
			_(
				"Window {0} would have nobody on duty on {1} ({2}). Add another staff member to that session first."
			).format(window, frappe.format(getdate(day), "Date"), _(session)),
			title=_("Invalid Input"),
		)


def after_slot_saved(doc) -> None:
	"""GH Duty Slot.on_update: the other slots of the staff member's day share its punches."""
	before = doc.get_doc_before_save()
	attendance.refresh_slots(doc.hall, doc.duty_date, doc.duty_date, doc.staff)
	if before and before.staff and before.staff != doc.staff:
		attendance.refresh_slots(doc.hall, doc.duty_date, doc.duty_date, before.staff)


# ---------------------------------------------------------------------------------------------
# GH Window Staff: the B post


def validate_staff_posts(staff) -> None:
	"""GH Window Staff.validate: the B post window is an Active window of the same hall, not their own."""
	if not staff.get("b_window"):
		return
	if staff.b_window == staff.window:
		frappe.throw(
			_("The B Post Window cannot be the staff member's own window."), title=_("Invalid Input")
		)
	window = frappe.db.get_value(WINDOW, staff.b_window, ["hall", "status"], as_dict=True)
	if not window or window.status != "Active":
		frappe.throw(_("The B Post Window must be an Active window."), title=_("Invalid Input"))
	hall = staff.hall or (frappe.db.get_value(WINDOW, staff.window, "hall") if staff.window else None)
	if hall and window.hall != hall:
		frappe.throw(_("The B Post Window must be a window of the same hall."), title=_("Invalid Input"))


def check_roster_range(from_date: datetime.date, to_date: datetime.date) -> None:
	if to_date < from_date:
		frappe.throw(_("To Date cannot be earlier than From Date."), title=_("Invalid Input"))
	if from_date < today():
		frappe.throw(
			_("The duty roster of a past day cannot be changed."),
			frappe.PermissionError,
			title=_("Not Allowed"),
		)
	if (to_date - from_date).days >= MAX_ROSTER_DAYS:
		frappe.throw(
			_("Generate the roster for at most {0} days at a time.").format(MAX_ROSTER_DAYS),
			title=_("Invalid Input"),
		)
