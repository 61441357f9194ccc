"""One demo hall's year of on-site duty (gov_hall.demo.duty): the roster, the attendance machine's and
the desk's punches, leave with cover and the empty windows, simulated in memory and written in bulk."""

from __future__ import annotations

import datetime
import random
from collections import defaultdict

import frappe

from gov_hall.demo import DEMO_EMAIL_DOMAIN
from gov_hall.demo.voice import bulk, move_series, name_rows
from gov_hall.rules import duty as rules
from gov_hall.utils.calendar import get_hall_calendar
from gov_hall.utils.clock import now_datetime

DIRECTOR = f"director@{DEMO_EMAIL_DOMAIN}"
SLOT = "GH Duty Slot"
PUNCH = "GH Attendance Punch"
LEAVE = "GH Leave Request"
EMPTY_WINDOW = "GH Empty Window"
ROSTER_AHEAD_DAYS = 14
LATE_COMERS = 4  # at most, one per 60 staff members
LEAVES_PER_YEAR = 1.6  # requests per staff member
# shares of the sessions: absent (旷工), an ordinary late arrival, leaving early, no clock-out
ABSENT_SHARE = 0.001
LATE_SHARE = 0.015
EARLY_SHARE = 0.006
FORGOT_SHARE = 0.003
LEAVE_TYPES = (
	("Annual Leave", 45),
	("Sick Leave", 20),
	("Personal Leave", 15),
	("Official Business", 12),
	("Training", 8),
)
LEAVE_REASONS = {
	"Annual Leave": ("休年休假", "年休假，回老家探亲", "带孩子外出，休年休假"),
	"Sick Leave": ("感冒发烧，需就医", "腰椎不适，医院复查", "住院治疗，附病历"),
	"Personal Leave": ("家中有事需处理", "孩子家长会", "办理个人房产手续"),
	"Official Business": ("回派出单位参加业务会议", "赴市局对接系统上线事宜", "参加上级部门业务督导"),
	"Training": ("参加市级业务培训", "参加政务服务礼仪培训", "参加新系统操作培训"),
}
AGENCY = "GH Home Agency"
EXCUSE_REASONS = ("考勤机故障，经调取监控核实工作人员在岗。", "窗口临时调整至帮办区，经核实非空岗。")
# ---------------------------------------------------------------------------------------------
# One hall's year


def at(day: datetime.date, moment: datetime.time) -> datetime.datetime:
	return datetime.datetime.combine(day, moment)


def minutes(delta: datetime.timedelta) -> int:
	return int(delta.total_seconds() // 60)


class DutyYear:
	"""One hall's roster, punches, leave and empty windows, simulated in memory and written in bulk."""

	def __init__(self, hall: str, first: datetime.date, rng: random.Random, commit: bool = False):
		from gov_hall.duty import sessions as duty_sessions

		self.hall = hall
		self.rng = rng
		self.commit = commit
		self.now = now_datetime()
		self.today = self.now.date()
		self.first = first
		self.last = self.today + datetime.timedelta(days=ROSTER_AHEAD_DAYS)
		self.calendar = get_hall_calendar(hall)
		self.days = self.calendar.working_days_in(first, self.last)
		self.hours = duty_sessions.hall_sessions(hall)
		self.grace = duty_sessions.grace_minutes()
		self.alert = duty_sessions.duty_setting("empty_window_alert_minutes")
		self.manager = DIRECTOR if frappe.db.exists("User", DIRECTOR) else "Administrator"
		self.windows = {
			w.name: w
			for w in frappe.get_all(
				"GH Service Window",
				filters={"hall": hall, "status": "Active"},
				fields=["name", "department"],
				order_by="name asc",
			)
		}
		self.staff = [
			s
			for s in frappe.get_all(
				"GH Window Staff",
				filters={
					"status": "On Site",
					"user": ["is", "set"],
					"window": ["in", list(self.windows) or [""]],
				},
				fields=[
					"user",
					"full_name",
					"department",
					"window",
					"b_window",
					"home_agency",
					"on_site_from",
					"on_site_to",
					"status",
				],
				order_by="user asc",
			)
		]
		self.by_user = {s.user: s for s in self.staff}
		self.a_posts, self.b_posts = defaultdict(list), defaultdict(list)
		for record in self.staff:
			self.a_posts[record.window].append(record)
			if record.b_window:
				self.b_posts[record.b_window].append(record)
		self.chiefs = dict(
			frappe.get_all("GH Stationed Department", fields=["name", "chief_representative"], as_list=True)
		)
		self.emails = dict(frappe.get_all(AGENCY, fields=["name", "contact_email"], as_list=True))
		self.leave_sessions = defaultdict(set)  # staff -> {(day, session)} kept away
		self.covers = defaultdict(set)  # (window, day, session) -> cover staff
		self.leaves, self.cover_slots, self.punches, self.empty = [], [], [], []
		self.present = {}  # (staff, day, session) -> (clock in, clock out)

	def bounds(self, day: datetime.date, session: str):
		return rules.session_datetimes(self.hours, day, session)

	def on_site(self, record, day: datetime.date) -> bool:
		from gov_hall.duty.roster import on_site

		return on_site(record, day)

	# -- who is who --------------------------------------------------------------------------------

	def late_comers(self) -> set[str]:
		"""Habitual late-comers (three at the county hall, none at a small one): one alone at their
		window, whose lateness leaves it empty (空岗), the others with a colleague beside them."""
		by_window = defaultdict(list)
		for record in self.staff:
			by_window[record.window].append(record.user)
		alone = sorted(users[0] for users in by_window.values() if len(users) == 1)
		others = [r.user for r in self.staff if r.user not in alone]
		self.rng.shuffle(alone)
		self.rng.shuffle(others)
		count = min(LATE_COMERS, round(len(self.staff) / 60))
		return set((alone[:1] + others)[:count])

	# -- leave -------------------------------------------------------------------------------------

	def plan_leave(self) -> None:
		rng = self.rng
		days = self.days
		if not days or not self.staff:
			return
		share = len(days) / 250
		wanted = {
			r.user: sum(rng.random() < LEAVES_PER_YEAR * share / 3 for _ in range(3)) for r in self.staff
		}
		if sum(wanted.values()) < 3:  # a short demo range still shows leave
			for record in rng.sample(self.staff, k=min(3, len(self.staff))):
				wanted[record.user] = max(wanted[record.user], 1)
		for record in self.staff:
			for _number in range(wanted[record.user]):
				self.add_leave(record)
		# a rejected and a withdrawn request: the staff member worked those days
		for status in ("Rejected", "Withdrawn"):
			past = [d for d in days if d < self.today]
			if past and self.staff:
				record = rng.choice(self.staff)
				day = rng.choice(past)
				self.leaves.append(
					self.leave_row(record, "Personal Leave", day, "Morning", day, "Afternoon", status, [])
				)

	def add_leave(self, record) -> None:
		rng = self.rng
		kind = rng.choices([k for k, _w in LEAVE_TYPES], weights=[w for _k, w in LEAVE_TYPES])[0]
		index = rng.randrange(len(self.days))
		length = {"Annual Leave": rng.choice((1, 2, 3, 5)), "Sick Leave": rng.choice((1, 1, 2, 3))}.get(
			kind, 1
		)
		span = self.days[index : index + length]
		start_session, end_session = "Morning", "Afternoon"
		if length == 1 and rng.random() < 0.35:  # half a day
			start_session = end_session = rng.choice(rules.REGULAR_SESSIONS)
		sessions = rules.leave_sessions(span[0], start_session, span[-1], end_session, span)
		if not sessions or any(s in self.leave_sessions[record.user] for s in sessions):
			return
		if any(not self.on_site(record, day) for day, _s in sessions):
			return
		if span[0] > self.today:
			status = rng.choices(("Approved", "Requested", "Cover Proposed"), weights=(2, 1, 1))[0]
		elif span[-1] >= self.today:  # under way
			status = "Approved"
		else:
			status = "Returned" if rng.random() < 0.85 else "Approved"
		taken = list(sessions)
		returned_early = status == "Returned" and len(sessions) > 2 and rng.random() < 0.15
		if returned_early:
			taken = sessions[: rng.randrange(1, len(sessions))]
		cover = self.pick_cover(record, sessions) if status != "Requested" else None
		row = self.leave_row(
			record, kind, span[0], start_session, span[-1], end_session, status, taken, cover
		)
		if status == "Returned":
			back_day, back_session = (
				sessions[len(taken)] if returned_early else self.next_session(sessions[-1])
			)
			start = self.bounds(back_day, back_session)[0]
			row["returned_on"] = start - datetime.timedelta(minutes=rng.randint(10, 40))
		self.leaves.append(row)
		if status in ("Approved", "Returned"):
			self.leave_sessions[record.user].update(taken)
			if cover:
				for day, session in taken:
					self.covers[(record.window, day, session)].add(cover)

	def next_session(self, last: tuple) -> tuple:
		day, session = last
		if session == "Morning":
			return day, "Afternoon"
		return self.calendar.next_working_day(day), "Morning"

	def pick_cover(self, record, sessions) -> str | None:
		"""The B post of the staff member's window, else a colleague of the department at another
		window of the hall; not someone on leave then."""
		candidates = [r for r in self.staff if r.b_window == record.window and r.window != record.window]
		candidates += [
			r
			for r in self.staff
			if r.department == record.department and r.window != record.window and r not in candidates
		]
		for candidate in candidates:
			if candidate.user == record.user:
				continue
			if any(s in self.leave_sessions[candidate.user] for s in sessions):
				continue
			if all(self.on_site(candidate, day) for day, _s in sessions):
				return candidate.user
		return None

	def leave_row(
		self, record, kind, start, start_session, end, end_session, status, taken, cover=None
	) -> dict:
		rng = self.rng
		requested = at(
			add_days_working(self.calendar, start, -rng.randint(1, 5)),
			datetime.time(rng.randint(8, 16), rng.randint(0, 59)),
		)
		if kind == "Sick Leave" and rng.random() < 0.5:  # fell ill that morning
			requested = at(start, datetime.time(7, rng.randint(30, 59)))
		decided = requested + datetime.timedelta(minutes=rng.randint(20, 240))
		agency = record.home_agency
		email = self.emails.get(agency) if agency else None
		approved = status in ("Approved", "Returned")
		proposed = status in ("Cover Proposed", "Approved", "Returned")
		cover_record = self.by_user.get(cover) if cover else None
		count = (
			len(taken)
			if taken
			else len(
				rules.leave_sessions(
					start, start_session, end, end_session, self.calendar.working_days_in(start, end)
				)
			)
		)
		row = {
			"hall": self.hall,
			"department": record.department,
			"window": record.window,
			"home_agency": agency,
			"staff": record.user,
			"staff_name": record.full_name,
			"leave_type": kind,
			"from_date": start,
			"from_session": start_session,
			"to_date": end,
			"to_session": end_session,
			"sessions": count,
			"days": count / 2,
			"reason": rng.choice(LEAVE_REASONS[kind]),
			"status": status,
			"requested_on": requested if status != "Draft" else None,
			"cover_staff": cover if proposed else None,
			"cover_staff_name": cover_record.full_name if cover_record and proposed else None,
			"cover_proposed_by": (self.chiefs.get(record.department) or self.manager) if proposed else None,
			"approved_by": self.manager if approved else None,
			"approved_on": decided if approved else None,
			"agency_informed_on": decided if approved and email else None,
			"agency_informed_to": email if approved else None,
			"decision_notes": "窗口人手紧张，请调整休假时间。" if status == "Rejected" else None,
			"owner": record.user,
			"creation": requested,
			"modified": decided if status not in ("Requested",) else requested,
		}
		return row

	# -- punches -----------------------------------------------------------------------------------

	def plan_punches(self) -> None:
		rng = self.rng
		late = self.late_comers()
		self.late = late
		for day in self.days:
			if day > self.today:
				break
			for record in self.staff:
				if not self.on_site(record, day):
					continue
				for session in rules.REGULAR_SESSIONS:
					if (day, session) in self.leave_sessions[record.user]:
						continue
					start, end = self.bounds(day, session)
					if start >= self.now:
						continue
					if rng.random() < ABSENT_SHARE:  # 旷工: no punch at all
						continue
					habitual = record.user in late
					clock_in = start + self.arrival(habitual, session)
					clock_out = self.departure(habitual, end)
					self.present[(record.user, day, session)] = (clock_in, clock_out)
					for moment, direction in ((clock_in, "In"), (clock_out, "Out")):
						if moment is not None and moment < self.now:
							self.punches.append(self.punch_row(record, moment, direction))

	def arrival(self, habitual: bool, session: str) -> datetime.timedelta:
		"""When a staff member clocks in, from the session's start: most a few minutes early, some
		within the grace period, now and then late (mostly by less than the empty-window alert); a
		habitual late-comer often, mostly by up to a quarter of an hour."""
		rng = self.rng
		grace = self.grace
		late = grace + 1
		if habitual and rng.random() < (0.3 if session == "Morning" else 0.12):
			longest = 30 if rng.random() < 0.1 else 14
			return datetime.timedelta(seconds=rng.randint(late * 60, longest * 60))
		if rng.random() < LATE_SHARE:
			longest = 20 if rng.random() < 0.1 else 9
			return datetime.timedelta(seconds=rng.randint(late * 60, max(late, longest) * 60))
		if rng.random() < 0.1:
			return datetime.timedelta(seconds=rng.randint(0, max(grace * 60 - 1, 0)))
		return -datetime.timedelta(seconds=rng.randint(2 * 60, 15 * 60))

	def departure(self, habitual: bool, end: datetime.datetime) -> datetime.datetime | None:
		"""When they clock out: just after the end; now and then early (mostly a few minutes), or
		never (forgot)."""
		rng = self.rng
		if rng.random() < (EARLY_SHARE * 3 if habitual else EARLY_SHARE):
			early = rng.randint(15 * 60, 40 * 60) if rng.random() < 0.25 else rng.randint(6 * 60, 9 * 60)
			return end - datetime.timedelta(seconds=early)
		if rng.random() < FORGOT_SHARE:
			return None
		return end + datetime.timedelta(seconds=rng.randint(0, 10 * 60))

	def punch_row(self, record, moment: datetime.datetime, direction: str) -> dict:
		rng = self.rng
		desk = rng.random() < 0.25
		moment = moment.replace(microsecond=0)
		return {
			"name": frappe.generate_hash(length=12),
			"staff": record.user,
			"staff_name": record.full_name,
			"hall": self.hall,
			"department": record.department,
			"window": record.window,
			"punch_time": moment,
			"direction": direction if desk else None,
			"source": "Desk" if desk else "Attendance Machine",
			"ip_address": f"10.12.{rng.randint(1, 9)}.{rng.randint(10, 250)}" if desk else None,
			"device": None if desk else "大厅考勤机1号",
			"owner": record.user if desk else "Administrator",
			"creation": moment,
			"modified": moment,
		}

	# -- cover slots -------------------------------------------------------------------------------

	def plan_cover_slots(self, named_leaves: list[dict]) -> None:
		for leave in named_leaves:
			if leave["status"] not in ("Approved", "Returned") or not leave.get("cover_staff"):
				continue
			cover = self.by_user[leave["cover_staff"]]
			for day, session in leave["_taken"]:
				start, end = self.bounds(day, session)
				self.cover_slots.append(
					{
						"name": frappe.generate_hash(length=10),
						"hall": self.hall,
						"department": self.windows[leave["window"]].department,
						"window": leave["window"],
						"duty_date": day,
						"session": session,
						"staff": cover.user,
						"staff_name": cover.full_name,
						"home_agency": cover.home_agency,
						"post_role": rules.POST_COVER,
						"leave_request": leave["name"],
						"status": rules.ACTIVE,
						"duty_status": rules.SCHEDULED,
						"session_start": start,
						"session_end": end,
						"owner": self.chiefs.get(leave["department"]) or "Administrator",
						"creation": leave["approved_on"],
						"modified": leave["approved_on"],
					}
				)

	# -- empty windows -----------------------------------------------------------------------------

	def crew(self, window: str, day: datetime.date) -> list:
		"""Who the roster puts at the window that day: its A posts, else its B posts."""
		a_posts = [r for r in self.a_posts.get(window, ()) if self.on_site(r, day)]
		return a_posts or [r for r in self.b_posts.get(window, ()) if self.on_site(r, day)]

	def plan_empty_windows(self) -> None:
		rng = self.rng
		alert = datetime.timedelta(minutes=self.alert)
		known = set(
			frappe.get_all(
				EMPTY_WINDOW,
				filters={"hall": self.hall},
				fields=["window", "duty_date", "session"],
				as_list=True,
			)
		)
		for day in self.days:
			if day > self.today:
				break
			for window in self.windows:
				crew = self.crew(window, day)
				if not crew:
					continue
				for session in rules.REGULAR_SESSIONS:
					start, end = self.bounds(day, session)
					if end > self.now or (window, day, session) in known:
						continue
					people = [r.user for r in crew if (day, session) not in self.leave_sessions[r.user]]
					people += sorted(self.covers.get((window, day, session), ()))
					intervals = []
					for user in people:
						found = self.present.get((user, day, session))
						if found:
							intervals.append((found[0], found[1] or end))
					intervals.sort()
					gap = first_gap(start, end, intervals, alert)
					if not gap:
						continue
					since, until = gap
					responsible = crew[0]
					detected = since + alert + datetime.timedelta(seconds=rng.randint(0, 299))
					self.empty.append(
						{
							"hall": self.hall,
							"department": self.windows[window].department,
							"window": window,
							"duty_date": day,
							"session": session,
							"status": "Resolved",
							"empty_since": since,
							"detected_on": detected,
							"detected_hour": detected.hour,
							"rostered_staff": responsible.user,
							"rostered_staff_name": responsible.full_name,
							"resolved_on": until,
							"empty_minutes": minutes(until - since),
							"notified_users": "\n".join(
								u
								for u in (self.chiefs.get(self.windows[window].department), self.manager)
								if u
							),
							"creation": detected,
							"modified": until,
						}
					)
		for row in rng.sample(self.empty, k=min(2, len(self.empty) // 10)):
			row.update(
				status="Excused",
				excuse_reason=rng.choice(EXCUSE_REASONS),
				excused_by=self.manager,
				excused_on=row["resolved_on"] + datetime.timedelta(days=1),
			)

	# -- writing -----------------------------------------------------------------------------------

	def write(self) -> dict:
		from gov_hall.duty.attendance import refresh_slots
		from gov_hall.duty.roster import generate_roster

		if not self.days or not self.staff:
			return {}
		self.plan_leave()
		self.plan_punches()
		self.leaves.sort(key=lambda row: (row["from_date"], row["staff"]))
		name_rows(self.leaves, "LV", lambda row: row["from_date"], 5)
		for row in self.leaves:
			row["_taken"] = sorted(self.taken_of(row))
		self.plan_cover_slots(self.leaves)
		self.plan_empty_windows()
		bulk(LEAVE, self.leaves)
		move_series("LV", self.leaves)
		bulk(PUNCH, self.punches)
		bulk(SLOT, self.cover_slots)
		slots = 0
		month = self.first.replace(day=1)
		while month <= self.last:
			following = (month + datetime.timedelta(days=32)).replace(day=1)
			start, end = max(month, self.first), min(following - datetime.timedelta(days=1), self.last)
			made = generate_roster(self.hall, start, end)["created"]
			if not made:
				refresh_slots(self.hall, start, end)
			slots += made
			if self.commit:
				frappe.db.commit()  # nosemgrep: the demo build's own transaction, month by month
			month = following
		self.empty.sort(key=lambda row: (row["duty_date"], row["window"]))
		name_rows(self.empty, "EW", lambda row: row["duty_date"], 5)
		bulk(EMPTY_WINDOW, self.empty)
		move_series("EW", self.empty)
		return {
			"duty_slots": slots + len(self.cover_slots),
			"cover_slots": len(self.cover_slots),
			"punches": len(self.punches),
			"leave_requests": len(self.leaves),
			"empty_windows": len(self.empty),
			"late_comers": len(self.late),
		}

	def taken_of(self, row: dict) -> set:
		if row["status"] not in ("Approved", "Returned"):
			return set()
		sessions = rules.leave_sessions(
			row["from_date"],
			row["from_session"],
			row["to_date"],
			row["to_session"],
			self.calendar.working_days_in(row["from_date"], row["to_date"]),
		)
		return {s for s in sessions if s in self.leave_sessions[row["staff"]]}


def add_days_working(calendar, day: datetime.date, offset: int) -> datetime.date:
	"""``offset`` working days before (negative) ``day``."""
	current = day
	for _step in range(abs(offset)):
		current -= datetime.timedelta(days=1)
		while not calendar.is_working_day(current):
			current -= datetime.timedelta(days=1)
	return current


def first_gap(start, end, intervals: list[tuple], alert: datetime.timedelta):
	"""The first stretch of the session, longer than ``alert``, with nobody present; (since, until)."""
	cursor = start
	for clock_in, clock_out in intervals:
		if clock_in - cursor > alert:
			return cursor, clock_in
		cursor = max(cursor, clock_out)
	if end - cursor > alert:
		return cursor, end
	return None
