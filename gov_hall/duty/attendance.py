"""Attendance (考勤): punches and the duty status of roster slots.

``refresh_slots`` is the one place that writes a slot's derived fields (session times, clock-in and
clock-out, late and early minutes, duty status, and on an own slot the approved leave keeping the
person away). It is set-based: it reads the slots, the punches and the approved leave of a range
once, asks gov_hall.rules.duty, and writes only the rows that changed, in bulk
(``INSERT … ON DUPLICATE KEY UPDATE`` on the primary key, a few thousand rows a statement). An
attendance import of a month at a city hall (≈ 40,000 slots) is therefore a handful of statements.

Punches come from the desk (``clock``, the staff member themself, stamped with the server's Beijing
time and the client's IP), from the attendance machine's export (GH Attendance Import, or Frappe's
Data Import) and from a manager with a reason. Every new punch refreshes its staff member's day.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint, get_datetime, getdate

from gov_hall.duty import sessions as duty_sessions
from gov_hall.rules import duty as rules
from gov_hall.utils.clock import now_datetime

SLOT = "GH Duty Slot"
PUNCH = "GH Attendance Punch"
LEAVE = "GH Leave Request"
STAFF = "GH Window Staff"

SOURCE_DESK = "Desk"
SOURCE_MACHINE = "Attendance Machine"
SOURCE_MANAGER = "Manager Entry"
SOURCES = (SOURCE_DESK, SOURCE_MACHINE, SOURCE_MANAGER)

# leave that keeps a staff member away (GH Leave Request.status); a returned leave up to its return
LEAVE_STATUSES = ("Approved", "Returned")
# the shortest time between two desk punches of one person
PUNCH_INTERVAL_SECONDS = 60
WRITE_CHUNK = 2000

# the fields refresh_slots writes
DERIVED_FIELDS = (
	"session_start",
	"session_end",
	"clock_in",
	"clock_out",
	"late_minutes",
	"early_minutes",
	"duty_status",
	"leave_request",
)


# ---------------------------------------------------------------------------------------------
# Reading


def _dt(value) -> datetime.datetime | None:
	"""A datetime from the database (a datetime or its ISO text), fast: tens of thousands a refresh."""
	if value in (None, ""):
		return None
	if isinstance(value, datetime.datetime):
		return value
	try:
		return datetime.datetime.fromisoformat(str(value))
	except ValueError:
		return get_datetime(value)


def _day_bounds(
	date_from: datetime.date, date_to: datetime.date
) -> tuple[datetime.datetime, datetime.datetime]:
	return (
		datetime.datetime.combine(date_from, datetime.time()),
		datetime.datetime.combine(date_to + datetime.timedelta(days=1), datetime.time()),
	)


def load_slots(
	hall: str, date_from: datetime.date, date_to: datetime.date, staff: str | None = None
) -> list[dict]:
	Slot = frappe.qb.DocType(SLOT)
	query = (
		frappe.qb.from_(Slot)
		.select(
			Slot.name,
			Slot.staff,
			Slot.duty_date,
			Slot.session,
			Slot.post_role,
			*(Slot[field] for field in DERIVED_FIELDS),
		)
		.where(
			(Slot.hall == hall)
			& (Slot.duty_date >= date_from)
			& (Slot.duty_date <= date_to)
			& (Slot.status == rules.ACTIVE)
		)
	)
	if staff:
		query = query.where(Slot.staff == staff)
	return query.run(as_dict=True)


def load_punches(
	hall: str, date_from: datetime.date, date_to: datetime.date, staff: str | None = None
) -> dict[tuple[str, datetime.date], list[tuple[datetime.datetime, str | None]]]:
	"""(staff, day) → [(punch_time, direction)] of the people rostered at the hall in the range."""
	Punch = frappe.qb.DocType(PUNCH)
	Slot = frappe.qb.DocType(SLOT)
	start, end = _day_bounds(date_from, date_to)
	query = (
		frappe.qb.from_(Punch)
		.select(Punch.staff, Punch.punch_time, Punch.direction)
		.where((Punch.punch_time >= start) & (Punch.punch_time < end))
	)
	if staff:
		query = query.where(Punch.staff == staff)
	else:
		rostered = (
			frappe.qb.from_(Slot)
			.select(Slot.staff)
			.distinct()
			.where((Slot.hall == hall) & (Slot.duty_date >= date_from) & (Slot.duty_date <= date_to))
		)
		query = query.where(Punch.staff.isin(rostered))
	punches = defaultdict(list)
	for person, moment, direction in query.run():
		moment = _dt(moment)
		punches[(person, moment.date())].append((moment, direction or None))
	return punches


def load_leave(
	hall: str, date_from: datetime.date, date_to: datetime.date, staff: str | None = None
) -> dict[str, list[dict]]:
	"""staff → approved (or returned) leave overlapping the range."""
	if not frappe.db.table_exists(LEAVE) or not frappe.db.has_column(LEAVE, "to_session"):
		return {}
	Leave = frappe.qb.DocType(LEAVE)
	Slot = frappe.qb.DocType(SLOT)
	query = (
		frappe.qb.from_(Leave)
		.select(
			Leave.name,
			Leave.staff,
			Leave.from_date,
			Leave.from_session,
			Leave.to_date,
			Leave.to_session,
			Leave.returned_on,
		)
		.where(
			Leave.status.isin(LEAVE_STATUSES) & (Leave.from_date <= date_to) & (Leave.to_date >= date_from)
		)
	)
	if staff:
		query = query.where(Leave.staff == staff)
	else:
		rostered = (
			frappe.qb.from_(Slot)
			.select(Slot.staff)
			.distinct()
			.where((Slot.hall == hall) & (Slot.duty_date >= date_from) & (Slot.duty_date <= date_to))
		)
		query = query.where(Leave.staff.isin(rostered))
	by_staff = defaultdict(list)
	for row in query.run(as_dict=True):
		by_staff[row.staff].append(row)
	return by_staff


# ---------------------------------------------------------------------------------------------
# Computing


def _session_order(session: str) -> int:
	# an Off-Hours session is away with the afternoon of its day
	return 0 if session == rules.MORNING else 1


def leave_covering(
	leaves: list[dict], day: datetime.date, session: str, start: datetime.datetime
) -> str | None:
	"""The approved leave keeping its staff member away from (day, session), if any. A returned leave
	(销假) frees the sessions starting after the return."""
	position = (day, _session_order(session))
	for leave in leaves:
		first = (getdate(leave.from_date), _session_order(leave.from_session or rules.MORNING))
		last = (getdate(leave.to_date), _session_order(leave.to_session or rules.AFTERNOON))
		if not first <= position <= last:
			continue
		if leave.returned_on and get_datetime(leave.returned_on) <= start:
			continue
		return leave.name
	return None


def compute(
	hours: rules.HallSessions,
	slots: list[dict],
	punches: dict,
	leaves: dict[str, list[dict]],
	grace: int,
	now: datetime.datetime,
) -> dict[str, dict]:
	"""slot name → the derived values it should have."""
	by_day = defaultdict(list)
	for slot in slots:
		by_day[(slot.staff, getdate(slot.duty_date))].append(slot)
	result = {}
	for (person, day), day_slots in by_day.items():
		rostered, leave_of = [], {}
		for slot in day_slots:
			bounds = rules.session_datetimes(hours, day, slot.session)
			if bounds is None:  # an Off-Hours slot at a hall that stopped off-hours service
				continue
			leave = leave_covering(leaves.get(person, ()), day, slot.session, bounds[0])
			leave_of[slot.name] = leave
			rostered.append((slot.name, bounds[0], bounds[1], bool(leave)))
		evaluated = rules.evaluate_day(rostered, punches.get((person, day), ()), grace, now)
		for name, start, end, _on_leave in rostered:
			slot_result = evaluated[name]
			slot = next(s for s in day_slots if s.name == name)
			values = {
				"session_start": start,
				"session_end": end,
				"clock_in": slot_result.clock_in,
				"clock_out": slot_result.clock_out,
				"late_minutes": slot_result.outcome.late_minutes,
				"early_minutes": slot_result.outcome.early_minutes,
				"duty_status": slot_result.outcome.status,
				# a Cover slot keeps the leave it covers
				"leave_request": slot.leave_request if slot.post_role == rules.POST_COVER else leave_of[name],
			}
			result[name] = values
	return result


def _same(field: str, old, new) -> bool:
	if field in ("late_minutes", "early_minutes"):
		return cint(old) == cint(new)
	if field in ("session_start", "session_end", "clock_in", "clock_out"):
		return _dt(old) == _dt(new)
	return (old or None) == (new or None)


def changed_rows(slots: list[dict], computed: dict[str, dict]) -> list[tuple]:
	rows = []
	for slot in slots:
		values = computed.get(slot.name)
		if values is None:
			continue
		if all(_same(field, slot.get(field), values[field]) for field in DERIVED_FIELDS):
			continue
		rows.append((slot.name, *(values[field] for field in DERIVED_FIELDS)))
	return rows


def write_rows(rows: list[tuple]) -> None:
	"""Bulk write of (name, *DERIVED_FIELDS) rows of existing slots."""
	columns = ("name", *DERIVED_FIELDS)
	column_list = ", ".join(f"`{column}`" for column in columns)
	updates = ", ".join(f"`{field}` = values(`{field}`)" for field in DERIVED_FIELDS)
	placeholder = "(" + ", ".join(["%s"] * len(columns)) + ")"
	for start in range(0, len(rows), WRITE_CHUNK):
		chunk = rows[start : start + WRITE_CHUNK]
		values = [value for row in chunk for value in row]
		# bulk upsert on the primary key: frappe.qb has no ON DUPLICATE KEY UPDATE with VALUES();
		# the column names are the constants above, every value is a parameter
		frappe.db.sql(
			f"insert into `tab{SLOT}` ({column_list}) values {', '.join([placeholder] * len(chunk))} "
			f"on duplicate key update {updates}",
			values,
		)


def refresh_slots(
	hall: str,
	date_from: datetime.date | str,
	date_to: datetime.date | str,
	staff: str | None = None,
) -> int:
	"""Recompute the derived fields of the hall's Active slots in the range (one staff member's, or
	everybody's) from the session times, the punches and approved leave; returns how many changed."""
	date_from, date_to = getdate(date_from), getdate(date_to)
	if date_to < date_from:
		return 0
	slots = load_slots(hall, date_from, date_to, staff)
	if not slots:
		return 0
	hours = duty_sessions.hall_sessions(hall)
	computed = compute(
		hours,
		slots,
		load_punches(hall, date_from, date_to, staff),
		load_leave(hall, date_from, date_to, staff),
		duty_sessions.grace_minutes(),
		now_datetime(),
	)
	rows = changed_rows(slots, computed)
	write_rows(rows)
	return len(rows)


def refresh_day(staff: str, date: datetime.date | str) -> int:
	"""Recompute one staff member's slots of one day (every hall they are rostered at)."""
	date = getdate(date)
	halls = frappe.get_all(
		SLOT, filters={"staff": staff, "duty_date": date}, pluck="hall", distinct=True, order_by="hall"
	)
	return sum(refresh_slots(hall, date, date, staff) for hall in halls if hall)


def refresh_doc(doc) -> None:
	"""Set the derived fields of one slot being saved (before it is written), with the staff member's
	other slots of that day."""
	if not (doc.hall and doc.duty_date and doc.session and doc.staff):
		return
	day = getdate(doc.duty_date)
	hours = duty_sessions.hall_sessions(doc.hall)
	others = [s for s in load_slots(doc.hall, day, day, doc.staff) if s.name != doc.name]
	mine = frappe._dict(
		name=doc.name or "__new__",
		staff=doc.staff,
		duty_date=day,
		session=doc.session,
		post_role=doc.post_role,
		leave_request=doc.leave_request,
	)
	slots = [*others, mine] if doc.status == rules.ACTIVE else [mine]
	computed = compute(
		hours,
		slots,
		load_punches(doc.hall, day, day, doc.staff),
		load_leave(doc.hall, day, day, doc.staff),
		duty_sessions.grace_minutes(),
		now_datetime(),
	)
	values = computed.get(mine.name)
	if values is None:
		for field in DERIVED_FIELDS:
			if field != "leave_request":
				doc.set(field, None if field not in ("late_minutes", "early_minutes") else 0)
		doc.duty_status = rules.SCHEDULED
		return
	for field, value in values.items():
		doc.set(field, value)


# ---------------------------------------------------------------------------------------------
# Punching


def staff_record(user: str) -> dict | None:
	"""The user's GH Window Staff record (hall, department, window, name)."""
	return frappe.db.get_value(
		STAFF,
		{"user": user},
		["name", "user", "full_name", "hall", "department", "window", "status", "home_agency"],
		as_dict=True,
	)


def clock(user: str, direction: str, ip: str | None) -> Document:
	"""A desk punch of ``user`` now (Beijing time) from ``ip``; refuses one within a minute of the
	last and anyone who is not on-site window staff."""
	if direction not in rules.DIRECTIONS:
		frappe.throw(_("Choose Clock In or Clock Out."), title=_("Invalid Input"))
	record = staff_record(user)
	if not record or record.status != "On Site":
		frappe.throw(
			_("Only on-site window staff can clock in and out."),
			frappe.PermissionError,
			title=_("Not Allowed"),
		)
	# one punch at a time per person: the staff record's row lock orders concurrent clicks
	Staff = frappe.qb.DocType(STAFF)
	frappe.qb.from_(Staff).select(Staff.name).where(Staff.name == record.name).for_update().run()
	now = now_datetime()
	Punch = frappe.qb.DocType(PUNCH)
	last = (
		frappe.qb.from_(Punch)
		.select(Punch.punch_time)
		.where(
			(Punch.staff == user)
			& (Punch.punch_time > now - datetime.timedelta(seconds=PUNCH_INTERVAL_SECONDS))
		)
		.limit(1)
		.run()
	)
	if last:
		frappe.throw(
			_("You punched less than a minute ago. Wait a moment and try again."), title=_("Invalid Input")
		)
	doc = frappe.get_doc(
		{
			"doctype": PUNCH,
			"staff": user,
			"punch_time": now,
			"direction": direction,
			"source": SOURCE_DESK,
			"device": _("Desk"),
		}
	)
	_desk_punches()[id(doc)] = ip or ""
	try:
		doc.insert(ignore_permissions=True)
	finally:
		_desk_punches().pop(id(doc), None)
	return doc


def _desk_punches() -> dict:
	"""id(punch) → client IP of the punches ``clock`` is inserting (held in frappe.local, out of a
	request body's reach, unlike doc.flags)."""
	if not hasattr(frappe.local, "gh_desk_punches"):
		frappe.local.gh_desk_punches = {}
	return frappe.local.gh_desk_punches


def is_desk_punch(doc) -> bool:
	return id(doc) in _desk_punches()


def import_in_progress() -> bool:
	return bool(frappe.flags.in_import)


def validate_punch(doc) -> None:
	"""GH Attendance Punch: stamp everything from the staff record; never changed once recorded."""
	if not doc.is_new():
		frappe.throw(
			_("An attendance punch is never changed. Add a new punch instead."),
			frappe.PermissionError,
			title=_("Not Allowed"),
		)
	record = staff_record(doc.staff) if doc.staff else None
	if not record:
		frappe.throw(_("{0} is not window staff.").format(doc.staff or ""), title=_("Invalid Input"))
	doc.punch_time = get_datetime(doc.punch_time) if doc.punch_time else None
	if not doc.punch_time:
		frappe.throw(_("Punch Time is required."), title=_("Invalid Input"))
	doc.punch_time = doc.punch_time.replace(microsecond=0)
	if doc.punch_time > now_datetime():
		frappe.throw(_("A punch cannot be in the future."), title=_("Invalid Input"))
	if doc.direction not in ("", None, *rules.DIRECTIONS):
		frappe.throw(_("Direction must be In, Out or empty."), title=_("Invalid Input"))
	batch = frappe.flags.gh_attendance_import_batch
	if is_desk_punch(doc):
		doc.source = SOURCE_DESK
		doc.ip_address = (_desk_punches()[id(doc)] or "")[:60] or None
		doc.import_batch = None
	elif batch or import_in_progress():
		# the attendance machine's export: GH Attendance Import (which names its batch in
		# frappe.flags.gh_attendance_import_batch) or Frappe's Data Import
		doc.source = SOURCE_MACHINE
		doc.ip_address = None
		doc.import_batch = batch or None
		doc.reason = None
	else:
		doc.source = SOURCE_MANAGER
		doc.import_batch = None
		doc.reason = (doc.reason or "").strip()
		if not doc.reason:
			frappe.throw(_("A punch entered by a manager needs a reason."), title=_("Invalid Input"))
		doc.ip_address = (getattr(frappe.local, "request_ip", None) or "")[:60] or None
	doc.staff_name = record.full_name
	doc.hall = record.hall
	doc.department = record.department
	doc.window = record.window
	if frappe.db.exists(PUNCH, {"staff": doc.staff, "punch_time": doc.punch_time}):
		frappe.throw(
			_("{0} already has a punch at {1}.").format(record.full_name or doc.staff, doc.punch_time),
			frappe.DuplicateEntryError,
			title=_("Invalid Input"),
		)


def after_punch(doc) -> None:
	refresh_day(doc.staff, getdate(doc.punch_time))
