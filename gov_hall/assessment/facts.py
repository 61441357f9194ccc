"""The facts of one hall's quarter (or month, issue 15), per window and per staff member, in a handful
of set-based queries (one per kind of record), aggregated by the database. A quarter reads the indexed
quarter columns (gh_case_quarter ...); a month reads the same records by their dates (gh_case_completed
...)."""

import frappe
from frappe.query_builder import Case as CaseWhen
from frappe.query_builder import DocType
from frappe.query_builder.functions import Avg, Count, Sum
from frappe.utils import add_days

from gov_hall.duty.facts import duty_counts, has_duty_data
from gov_hall.rules.assessment import DEFAULT_RECEIVING_SHARE, StaffFacts, WindowFacts, cross_hall_credit
from gov_hall.rules.complaints import INTEGRITY, PARTLY_SUBSTANTIATED, SUBSTANTIATED
from gov_hall.rules.cross_hall_stats import CROSS_HALL_ROUTES
from gov_hall.rules.periods import period_bounds, quarter_of_month
from gov_hall.rules.queue_stats import median_wait_minutes
from gov_hall.rules.ratings import BAD_LEVELS
from gov_hall.setup.indexes import has_quarter_column

COMPLETED = "Completed"
ON_SITE_STATES = ("On Site", "Left")


class Period:
	"""The days a run assesses: a calendar quarter ('2026-Q4'), or one month of it ('2026-11')."""

	def __init__(self, hall: str, quarter: str | None = None, month: str | None = None):
		self.hall, self.month = hall, month or None
		self.quarter = quarter_of_month(month) if month else quarter
		self.start, self.end = period_bounds(self.quarter, self.month)
		self.after_end = add_days(self.end, 1)

	@property
	def is_quarter(self) -> bool:
		return self.month is None


class Quarter(Period):
	def __init__(self, hall: str, quarter: str):
		super().__init__(hall, quarter=quarter)


def quarter_facts(hall: str, quarter: str) -> tuple[list[WindowFacts], list[StaffFacts], dict]:
	"""Window and staff facts, and who is who (staff name, department, window; window department)."""
	return period_facts(Quarter(hall, quarter))


def month_facts(hall: str, month: str) -> tuple[list[WindowFacts], list[StaffFacts], dict]:
	return period_facts(Period(hall, month=month))


def period_facts(
	q: Period, receiving_share: float = DEFAULT_RECEIVING_SHARE
) -> tuple[list[WindowFacts], list[StaffFacts], dict]:
	staff_rows = staff_on_site(q)
	windows = hall_windows(q)
	window_facts = {name: WindowFacts(name) for name in windows}
	staff_facts = {row.user: StaffFacts(row.user) for row in staff_rows}
	for row in staff_rows:
		if row.window in window_facts:
			window_facts[row.window].staff_count += 1

	add_cases(q, window_facts, staff_facts, receiving_share)
	add_cards(q, window_facts, staff_facts)
	add_violations(q, window_facts, staff_facts)
	add_complaints(q, window_facts, staff_facts)
	add_ratings(q, window_facts, staff_facts)
	add_inspections(q, window_facts)
	add_activity_awards(q, window_facts, staff_facts)
	add_queue_waits(q, window_facts)
	add_duty(q, staff_facts)
	who = {"staff": {row.user: row for row in staff_rows}, "windows": windows}
	return list(window_facts.values()), list(staff_facts.values()), who


def staff_on_site(q: Period) -> list:
	Staff = DocType("GH Window Staff")
	return (
		frappe.qb.from_(Staff)
		.select(Staff.user, Staff.full_name, Staff.department, Staff.window)
		.where(Staff.hall == q.hall)
		.where(Staff.on_site_from <= q.end)
		.where(Staff.on_site_to.isnull() | (Staff.on_site_to >= q.start))
		.orderby(Staff.user)
		.run(as_dict=True)
	)


def hall_windows(q: Period) -> dict[str, str]:
	"""Active windows of the hall, with their lead department."""
	Window = DocType("GH Service Window")
	rows = (
		frappe.qb.from_(Window)
		.select(Window.name, Window.department)
		.where(Window.hall == q.hall)
		.where(Window.status == "Active")
		.run(as_dict=True)
	)
	return {row.name: row.department for row in rows}


def add_cases(
	q: Period, windows: dict, staff: dict, receiving_share: float = DEFAULT_RECEIVING_SHARE
) -> None:
	"""Completed cases: count, volume weighted by the matter's complexity (1–5), completed on time.
	A quarter of a city hall is ~250k cases: read from the index gh_case_quarter in group order.

	Cross-hall cases (issue 16) are credited in both halls without double-counting: see
	add_cross_hall_cases."""
	for row in completed_cases_query(q).run(as_dict=True):
		for target in (windows.get(row.window), staff.get(row.handler)):
			if target:
				target.cases += int(row.cases)
				target.weighted_volume += int(row.weighted_volume or 0)
				target.on_time += int(row.on_time or 0)
	add_cross_hall_cases(q, windows, staff, receiving_share)


def add_cross_hall_cases(q: Period, windows: dict, staff: dict, receiving_share: float) -> None:
	"""A case received at a township or village hall and handled at the county (route set):

	- in the receiving hall's run (the case's ``hall``) the query above counted it like any other
	case of the hall (window and handler): that is taken back, and ``receiving_share`` percent of
	its weighted volume is credited to the receiving window and its first responder;
	- in the handling hall's run (``handling_hall``) the rest of its weighted volume, the case itself
	and whether it was on time are credited to the handling window and handling staff.

	So the case counts once (at the handling hall) in the case count and the on-time rate, and its
	volume adds up to one case's across the two runs. Both reads are by completion date (the
	cross-hall cases are few beside a hall's own), each from its index (gov_hall.setup.indexes)."""
	if not frappe.db.has_column("GH Case", "route"):
		return
	for row in cross_hall_query(q, "hall", ("window", "handler", "first_responder")):
		volume = int(row.weighted_volume or 0)
		receiving, _handling = cross_hall_credit(volume, receiving_share)
		for target in (windows.get(row.window), staff.get(row.handler)):
			if target:  # what the hall's own query credited
				target.cases -= int(row.cases)
				target.weighted_volume -= volume
				target.on_time -= int(row.on_time or 0)
		for target in (windows.get(row.window), staff.get(row.first_responder)):
			if target:
				target.weighted_volume = round(target.weighted_volume + receiving, 4)
				target.cross_hall_cases += int(row.cases)
	for row in cross_hall_query(q, "handling_hall", ("handling_window", "handling_staff")):
		_receiving, handling = cross_hall_credit(int(row.weighted_volume or 0), receiving_share)
		for target in (windows.get(row.handling_window), staff.get(row.handling_staff)):
			if target:
				target.cases += int(row.cases)
				target.weighted_volume = round(target.weighted_volume + handling, 4)
				target.on_time += int(row.on_time or 0)
				target.cross_hall_cases += int(row.cases)


def cross_hall_query(q: Period, hall_field: str, group_fields: tuple[str, ...], run: bool = True):
	"""The period's completed cross-hall cases whose ``hall_field`` (hall: received; handling_hall:
	handled) is the run's hall, grouped by ``group_fields``; each group's count, weighted volume and
	on-time count (the split is proportional: splitting a group's volume splits each case's)."""
	Case = DocType("GH Case")
	Matter = DocType("GH Service Matter")
	weight = CaseWhen().when(Matter.complexity >= 1, Matter.complexity).else_(1)
	columns = [Case[field] for field in group_fields]
	query = (
		frappe.qb.from_(Case)
		.left_join(Matter)
		.on(Matter.name == Case.matter)
		.select(
			*columns,
			Count("*").as_("cases"),
			Sum(weight).as_("weighted_volume"),
			Sum(Case.completed_on_time).as_("on_time"),
		)
		.where(Case[hall_field] == q.hall)
		.where(Case.route.isin(CROSS_HALL_ROUTES))
		.where(Case.status == COMPLETED)
		.where(Case.completed_on >= q.start)
		.where(Case.completed_on < q.after_end)
		.groupby(*columns)
	)
	return query.run(as_dict=True) if run else query


def completed_cases_query(q: Period):
	Case = DocType("GH Case")
	Matter = DocType("GH Service Matter")
	# a matter's complexity (1–5) is its weight; an unset complexity weighs 1
	weight = CaseWhen().when(Matter.complexity >= 1, Matter.complexity).else_(1)
	query = (
		frappe.qb.from_(Case)
		.left_join(Matter)
		.on(Matter.name == Case.matter)
		.select(
			Case.window,
			Case.handler,
			Count("*").as_("cases"),
			Sum(weight).as_("weighted_volume"),
			Sum(Case.completed_on_time).as_("on_time"),
		)
		.where(Case.hall == q.hall)
		.where(Case.status == COMPLETED)
		.groupby(Case.window, Case.handler)
	)
	if q.is_quarter and has_quarter_column("GH Case"):
		return query.where(Case.completed_quarter == q.quarter)
	return query.where(Case.completed_on >= q.start).where(Case.completed_on < q.after_end)


def add_cards(q: Period, windows: dict, staff: dict) -> None:
	for row in cards_query(q).run(as_dict=True):
		field = "red_cards" if row.level == "Red" else "yellow_cards"
		for target in (windows.get(row.window), staff.get(row.staff)):
			if target:
				setattr(target, field, getattr(target, field) + int(row.cards))


def cards_query(q: Period):
	"""Read from the index gh_card_quarter alone, in group order."""
	Card = DocType("GH Supervision Card")
	query = (
		frappe.qb.from_(Card)
		.select(Card.window, Card.staff, Card.level, Count("*").as_("cards"))
		.where(Card.hall == q.hall)
		.groupby(Card.window, Card.staff, Card.level)
	)
	if q.is_quarter and has_quarter_column("GH Supervision Card"):
		return query.where(Card.card_quarter == q.quarter)
	return query.where(Card.card_date[q.start : q.end])


def add_violations(q: Period, windows: dict, staff: dict) -> None:
	Notice = DocType("GH Supplement Notice")
	rows = (
		frappe.qb.from_(Notice)
		.select(Notice.window, Notice.issued_by, Count(Notice.name).as_("violations"))
		.where(Notice.hall == q.hall)
		.where(Notice.is_violation == 1)
		# issued_on is a datetime: the quarter's last day counts until midnight
		.where(Notice.issued_on >= q.start)
		.where(Notice.issued_on < q.after_end)
		.groupby(Notice.window, Notice.issued_by)
		.run(as_dict=True)
	)
	for row in rows:
		for target in (windows.get(row.window), staff.get(row.issued_by)):
			if target:
				target.violations += int(row.violations)


def add_complaints(q: Period, windows: dict, staff: dict) -> None:
	"""Verified (substantiated or partly) complaints of the period and their deduction points: a
	complaint counts in the quarter of the conduct (assessment_quarter, set when verified); a month
	takes those of its quarter whose conduct (or, without a date, receipt) falls in it."""
	Complaint = DocType("GH Complaint")
	query = frappe.qb.from_(Complaint)
	if not q.is_quarter:
		query = query.where(
			Complaint.occurred_on[q.start : q.end]
			| (
				Complaint.occurred_on.isnull()
				& (Complaint.received_on >= q.start)
				& (Complaint.received_on < q.after_end)
			)
		)
	rows = (
		query.select(
			Complaint.window,
			Complaint.staff,
			Complaint.category,
			Count(Complaint.name).as_("complaints"),
			Sum(Complaint.deduction_points).as_("points"),
		)
		.where(Complaint.hall == q.hall)
		.where(Complaint.assessment_quarter == q.quarter)
		.where(Complaint.verification_result.isin((SUBSTANTIATED, PARTLY_SUBSTANTIATED)))
		.groupby(Complaint.window, Complaint.staff, Complaint.category)
		.run(as_dict=True)
	)
	for row in rows:
		for target in (windows.get(row.window), staff.get(row.staff)):
			if target:
				target.verified_complaints += int(row.complaints)
				target.complaint_points += float(row.points or 0)
				if row.category == INTEGRITY:
					target.integrity_complaints += int(row.complaints)


def add_ratings(q: Period, windows: dict, staff: dict) -> None:
	"""Ratings that count (an upheld appeal takes one out), and how many were not bad reviews."""
	for row in ratings_query(q).run(as_dict=True):
		for target in (windows.get(row.window), staff.get(row.staff)):
			if target:
				target.ratings += int(row.ratings)
				target.good_ratings += int(row.good or 0)


def ratings_query(q: Period):
	"""Read from the index gh_rating_quarter alone, in group order."""
	Rating = DocType("GH Service Rating")
	good = CaseWhen().when(Rating.level.isin(tuple(BAD_LEVELS)), 0).else_(1)
	query = (
		frappe.qb.from_(Rating)
		.select(Rating.window, Rating.staff, Count("*").as_("ratings"), Sum(good).as_("good"))
		.where(Rating.hall == q.hall)
		.where(Rating.counts_in_scores == 1)
		.groupby(Rating.window, Rating.staff)
	)
	if q.is_quarter and has_quarter_column("GH Service Rating"):
		return query.where(Rating.rated_quarter == q.quarter)
	return query.where(Rating.rated_on >= q.start).where(Rating.rated_on < q.after_end)


def add_inspections(q: Period, windows: dict) -> None:
	Inspection = DocType("GH Inspection")
	query = (
		frappe.qb.from_(Inspection)
		.select(Inspection.window, Avg(Inspection.score_rate).as_("rate"))
		.where(Inspection.hall == q.hall)
		.where(Inspection.docstatus == 1)
		.where(Inspection.assessment_quarter == q.quarter)
		.groupby(Inspection.window)
	)
	if not q.is_quarter:
		query = query.where(Inspection.inspection_date[q.start : q.end])
	rows = query.run(as_dict=True)
	for row in rows:
		if row.window in windows:
			windows[row.window].inspection_rate = float(row.rate)


def add_activity_awards(q: Period, windows: dict, staff: dict) -> None:
	"""Points of awards (e.g. 优秀组织奖 +2) from activities held in the quarter, before the cap."""
	if not frappe.db.exists("DocType", "GH Activity Award"):
		return
	Activity = DocType("GH Culture Activity")
	Award = DocType("GH Activity Award")
	rows = (
		frappe.qb.from_(Award)
		.join(Activity)
		.on(Activity.name == Award.parent)
		.select(Award.recipient_type, Award.window, Award.staff, Sum(Award.points).as_("points"))
		.where(Award.parenttype == "GH Culture Activity")
		.where(Activity.hall == q.hall)
		.where(Activity.status == "Held")
		.where(Activity.starts_on >= q.start)
		.where(Activity.starts_on < q.after_end)
		.groupby(Award.recipient_type, Award.window, Award.staff)
		.run(as_dict=True)
	)
	for row in rows:
		target = staff.get(row.staff) if row.recipient_type == "Staff" else windows.get(row.window)
		if target:
			target.activity_points_raw += float(row.points or 0)


def add_queue_waits(q: Period, windows: dict) -> None:
	"""Each window's median wait over the queue tickets of the quarter it called first.

	A ticket's wait (wait_seconds) runs to its first call, so it belongs to the window of the first
	"Called" event; a ticket never transferred is still at that window, so only the transferred ones
	read their events (a ticket written without events keeps its own window). One query: the
	tickets of the quarter's days that were called, with the Called events of the transferred ones.
	"""
	if not frappe.db.exists("DocType", "GH Queue Ticket"):
		return
	Ticket = DocType("GH Queue Ticket")
	Event = DocType("GH Queue Ticket Event")
	rows = (
		frappe.qb.from_(Ticket)
		.left_join(Event)
		.on(
			(Event.parent == Ticket.name)
			& (Event.parenttype == "GH Queue Ticket")
			& (Event.parentfield == "events")
			& (Event.event == "Called")
			& (Ticket.transfers > 0)
		)
		.select(Ticket.name, Ticket.window, Ticket.wait_seconds, Event.idx, Event.window)
		.where(Ticket.hall == q.hall)
		.where(Ticket.ticket_date[q.start : q.end])
		.where(Ticket.wait_seconds.isnotnull())
		.run()
	)
	first_call: dict[str, tuple] = {}  # ticket -> (event idx or None, window, wait)
	for name, window, wait, idx, event_window in rows:
		known = first_call.get(name)
		if idx is None or not event_window:
			first_call.setdefault(name, (None, window, wait))
		elif known is None or known[0] is None or idx < known[0]:
			first_call[name] = (idx, event_window, wait)
	waits: dict[str, list] = {}
	for _idx, window, wait in first_call.values():
		if window in windows:
			waits.setdefault(window, []).append(wait)
	for window, values in waits.items():
		windows[window].queue_tickets = len(values)
		windows[window].median_wait_minutes = median_wait_minutes(values)


def add_duty(q: Period, staff: dict) -> None:
	"""出勤值勤 (issue 15): the period's duty counts of every staff member who was on a roster."""
	for user, counts in duty_counts(q.hall, q.start, q.end, staff=None).items():
		if user in staff and has_duty_data(counts):
			staff[user].duty = counts
