"""E-supervision (电子监察): the daily pass that gives open cases yellow and red cards.

One query reads every open, running case; the deadline arithmetic runs in memory on each
hall's calendar; cards and notifications are written only for cases whose level rises.

Issue 16: a case received at a township or village hall and handled at the county keeps one clock
(the receiving hall's); its card names the stage it was in (``late_step``, from ``transfer_status``)
and belongs to the handling window, staff and department (in the handling hall) while the case is
at the county, and to the receiving window and its staff otherwise (at the township, in transit,
back for a supplement): whoever holds the case when it runs late.
"""

import frappe
from frappe import _
from frappe.query_builder import DocType
from frappe.utils import getdate

from gov_hall.cases.deadline import case_clock_start, notice_limit_days
from gov_hall.rules import deadlines
from gov_hall.rules.cross_hall_stats import at_county, late_step
from gov_hall.setup.workflows import CLOCK_STATES
from gov_hall.utils.calendar import get_hall_calendar
from gov_hall.utils.clock import nowdate

LEVEL_RANK = {None: 0, "": 0, deadlines.YELLOW: 1, deadlines.RED: 2}
CROSS_HALL_FIELDS = (
	"route",
	"transfer_status",
	"handling_hall",
	"handling_window",
	"handling_staff",
	"receiving_department",
)


def run_daily() -> None:
	"""Scheduler entry point."""
	run_e_supervision()


def yellow_threshold() -> int:
	value = frappe.db.get_single_value("GH Hall Settings", "yellow_card_threshold_days")
	return 1 if value is None else int(value)


def open_running_cases() -> list[dict]:
	case = DocType("GH Case")
	# the cross-hall fields of issue 16, once the site has them
	cross_hall = [case[field] for field in CROSS_HALL_FIELDS if frappe.db.has_column("GH Case", field)]
	return (
		frappe.qb.from_(case)
		.select(
			case.name,
			case.hall,
			case.department,
			case.window,
			case.handler,
			case.first_responder,
			case.received_on,
			case.accepted_on,
			case.first_notice_on,
			case.time_limit_days,
			case.extension_days,
			case.paused_working_days,
			case.card_level,
			case.due_date,
			case.deemed_accepted,
			*cross_hall,
		)
		.where(case.status.isin(CLOCK_STATES))
		.where(case.is_paused == 0)
		.run(as_dict=True)
	)


def evaluate(row: dict, today, threshold: int, notice_days: int) -> tuple[str | None, dict]:
	"""The card a case deserves today, and the deadline fields to store when they moved."""
	calendar = get_hall_calendar(row.hall)
	start = case_clock_start(calendar, row, today, notice_days)
	if start.start is None:
		return None, {}
	due = deadlines.due_date(
		calendar,
		start.start,
		int(row.time_limit_days or 0),
		int(row.extension_days or 0),
		int(row.paused_working_days or 0),
	)
	changes = {}
	if row.due_date is None or getdate(row.due_date) != due:
		changes = {"due_date": due, "clock_start": start.start, "deemed_accepted": int(start.deemed_accepted)}
	remaining = deadlines.remaining_working_days(calendar, today, due)
	level = deadlines.card_level(today, due, remaining, threshold)
	return level, {**changes, "_due": due, "_remaining": remaining}


def run_e_supervision(today=None) -> dict:
	"""Issue the day's cards. Returns counts, for the log and the tests."""
	today = getdate(today or nowdate())
	threshold, notice_days = yellow_threshold(), notice_limit_days()
	issued = {deadlines.YELLOW: 0, deadlines.RED: 0}
	cases = open_running_cases()
	chiefs = chief_representatives()
	notices = []
	for row in cases:
		level, info = evaluate(row, today, threshold, notice_days)
		due, remaining = info.pop("_due", None), info.pop("_remaining", None)
		if info:
			frappe.db.set_value("GH Case", row.name, info, update_modified=False)
		if LEVEL_RANK[level] <= LEVEL_RANK[row.card_level]:
			continue
		owner = card_owner(row)
		issue_card(row, level, today, due, remaining, owner)
		notices.append(card_notice(row.name, level, due, [owner.staff, chiefs.get(owner.department)]))
		issued[level] += 1
	queue_notifications(notices)
	return {"checked": len(cases), "yellow": issued[deadlines.YELLOW], "red": issued[deadlines.RED]}


def queue_notifications(notices: list[dict]) -> None:
	"""The day's card notifications go out from a background job once the pass has committed: at a
	city hall's size (hundreds of cards a day) they were more than half of the pass. Tests send them
	at once."""
	if notices:
		frappe.enqueue(
			send_card_notifications,
			queue="short",
			notices=notices,
			enqueue_after_commit=True,
			now=bool(frappe.flags.in_test),
		)


def card_notice(case: str, level: str, due, users: list[str | None]) -> dict:
	"""What a card's notification needs, carried to the job (the job runs only if the pass commits)."""
	return {"case": case, "level": level, "due_date": due, "users": users}


def send_card_notifications(notices: list[dict]) -> None:
	for notice in notices:
		notify(frappe._dict(notice), notice["users"])


def chief_representatives() -> dict[str, str]:
	rows = frappe.get_all("GH Stationed Department", fields=["name", "chief_representative"])
	return {row.name: row.chief_representative for row in rows if row.chief_representative}


def card_owner(row: dict) -> frappe._dict:
	"""Whose card it is: the case's hall, department, window and handler; for a cross-hall case at
	the county the handling hall, department (the matter's), window and staff; for one elsewhere
	the receiving hall, the receiving window's department, the receiving window and its handler (or
	first responder)."""
	route = row.get("route")
	step = late_step(route, row.get("transfer_status"))
	if not route:
		return frappe._dict(
			hall=row.hall, department=row.department, window=row.window, staff=row.handler, late_step=None
		)
	if at_county(route, row.get("transfer_status")):
		return frappe._dict(
			hall=row.get("handling_hall") or row.hall,
			department=row.department,
			window=row.get("handling_window"),
			staff=row.get("handling_staff"),
			late_step=step,
		)
	return frappe._dict(
		hall=row.hall,
		department=row.get("receiving_department") or row.department,
		window=row.window,
		staff=row.handler or row.first_responder,
		late_step=step,
	)


def issue_card(row: dict, level: str, today, due, remaining: int, owner: dict | None = None) -> None:
	owner = owner or card_owner(row)
	card = frappe.get_doc(
		{
			"doctype": "GH Supervision Card",
			"case": row.name,
			"level": level,
			"card_date": today,
			"due_date": due,
			"remaining_days": remaining,
			"hall": owner.hall,
			"department": owner.department,
			"window": owner.window,
			"staff": owner.staff,
			"late_step": owner.late_step,
		}
	)
	# every link comes from the case row just read: checking them again was a query per link
	card.insert(ignore_permissions=True, ignore_links=True)
	frappe.db.set_value("GH Case", row.name, "card_level", level, update_modified=False)


def notify(card, users: list[str | None]) -> None:
	from frappe.desk.doctype.notification_log.notification_log import make_notification_logs

	recipients = sorted({user for user in users if user and user not in ("Administrator", "Guest")})
	if not recipients:
		return
	if card.level == deadlines.RED:
		subject = _("Red card: case {0} is overdue (due {1}).").format(card.case, card.due_date)
	else:
		subject = _("Yellow card: case {0} is due on {1}.").format(card.case, card.due_date)
	make_notification_logs(
		{
			"type": "Alert",
			"document_type": "GH Case",
			"document_name": card.case,
			"subject": subject,
			"from_user": "Administrator",
		},
		recipients,
	)
