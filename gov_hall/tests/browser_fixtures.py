"""Records the browser tests (tier 3, browser_tests/) need on top of the demo hall.

Run on a site that holds the demo hall (``bench --site S gov-hall-demo --no-cases`` is enough):

	bench --site S execute gov_hall.tests.browser_fixtures.prepare --kwargs "{'output': '/path/fixtures.json'}"

(scripts/run-tests calls ``prepare`` from the bench's Python instead: ``bench execute`` falls back to
an ``eval`` when the call fails and shows that NameError instead of the real traceback.)

Idempotent: every record is looked up before it is made, so the same site can be prepared again
for another run. What a run uses up is made afresh: a completed case that has not yet been rated
on the web, and the rate-limit counters of the test browser's address. Returns (and writes to
``output``) one JSON object with everything the browser tests need to know: the window staff's
login, the case to track and rate, the matter and day to book, the complaint's tracking code, the
honour roll's quarter and the due date a case accepted today must show.

Real records through the app's own controllers and workflows, committed: a browser can only see
what is in the database.
"""

import datetime
import json

import frappe
from frappe.model.workflow import apply_workflow
from frappe.utils import add_days, formatdate, get_datetime, getdate
from frappe.utils.password import update_password

from gov_hall.assessment.scheme import DEFAULT_SCHEME, ensure_default_scheme, snapshot
from gov_hall.rules import deadlines
from gov_hall.rules.periods import quarter_bounds, quarter_of
from gov_hall.setup.roles import WINDOW_STAFF
from gov_hall.tests.assessment_data import staff_row, window_row
from gov_hall.tests.factories import VALID_RESIDENT_ID, VALID_USCC
from gov_hall.tests.queue_browser_fixtures import queue_floor
from gov_hall.utils.calendar import get_hall_calendar
from gov_hall.utils.clock import nowdate

STAFF_EMAIL = "window.staff@browser-test.example.com"
STAFF_PASSWORD = "Gh-Browser-Test-2026"
STAFF_NAME = "陈浏览"
STAFF_MOBILE = "13707310001"  # never shown on the public staff card
# the department and county-hall window the staff member works at, and the matters the tests use
DEPARTMENT = "青山县市场监督管理局"
WINDOW_NUMBER = "A03"
CASE_MATTER = "QS-SCJG-003"  # 公司变更登记: the completed case to track and rate
DESK_MATTER = "QS-SCJG-005"  # 食品经营许可, 5 working days: the case the staff member records in the desk
BOOKING_MATTER = "QS-SCJG-001"  # 有限责任公司设立登记: booked on the website

APPLICANT_NAME = "周浏览"
APPLICANT_MOBILE = "13907312468"
COMPLAINT_DESCRIPTION = "浏览器测试：窗口工作人员午休前提前停止收件，请核实。"
COMPLAINT_REPLY = "经调取监控录像核实，该窗口在规定时间内正常收件。感谢您的监督。"

GUEST_IP = "127.0.0.1"
GUEST_METHODS = (
	"gov_hall.api.portal.track_case",
	"gov_hall.api.ratings.submit_rating",
	"gov_hall.api.complaints.submit_complaint",
	"gov_hall.api.complaints.track_complaint",
	"gov_hall.api.appointments.cancel_appointment",
	"gov_hall.api.appointments.get_slots",
	"gov_hall.api.appointments.get_bookable_matters",
)


def prepare(output: str | None = None) -> dict:
	"""Make what the browser tests need; return (and write to ``output``) what they must know."""
	frappe.set_user("Administrator")
	hall = frappe.db.get_single_value("GH Hall Settings", "default_hall")
	if not hall or not frappe.db.exists("GH Stationed Department", DEPARTMENT):
		frappe.throw("gov_hall browser fixtures: load the demo hall first (bench gov-hall-demo --no-cases)")
	hall_code = frappe.db.get_value("GH Service Hall", hall, "hall_code")
	window = f"{hall_code}-{WINDOW_NUMBER}"
	staff = ensure_staff(window)
	frappe.db.commit()  # nosemgrep: a bench execute's own transaction; the staff member acts below

	case = unrated_completed_case(hall, window, staff)
	complaint = replied_complaint(hall, window)
	quarter = published_honours(hall)
	booking = booking_day(hall)
	card_code = staff_card_code(staff)
	clear_rate_limits()
	frappe.db.commit()  # nosemgrep

	data = {
		"hall": hall,
		"hall_code": hall_code,
		"staff": {
			"email": STAFF_EMAIL,
			"password": STAFF_PASSWORD,
			"full_name": STAFF_NAME,
			"department": DEPARTMENT,
			"window": window,
			"mobile": STAFF_MOBILE,
			"card_code": card_code,
		},
		"desk_case": {
			"matter": DESK_MATTER,
			"matter_name": frappe.db.get_value("GH Service Matter", DESK_MATTER, "matter_name"),
			"applicant_name": "吴新办",
			"id_number": VALID_RESIDENT_ID,
			"mobile": "13812345678",
			# accepted today: day 1 is the first working day after today (行政许可法 art. 82)
			"expected_due_date": formatdate(desk_due_date(hall)),
		},
		"case": {
			"number": case.name,
			"mobile_last4": APPLICANT_MOBILE[-4:],
			"matter_name": case.matter_name,
			"due_date": str(case.due_date),
		},
		"complaint": complaint,
		"honour_quarter": quarter,
		"booking": booking,
		"guide": {
			"matter": BOOKING_MATTER,
			"matter_name": frappe.db.get_value("GH Service Matter", BOOKING_MATTER, "matter_name"),
			"search": "营业执照",
		},
		# the hall floor (issue 17): registered devices and the staff member's window to call at
		"queue": queue_floor(hall, window, DEPARTMENT),
		# on-site duty (issue 15): today's roster for the staff member, a manager for the report
		"duty": duty_desk(hall, window, staff),
		# 办件公示 (issue 16): this month's completed cases, applicants masked
		"case_results": case_results_world(hall, window, staff),
	}
	frappe.db.commit()  # nosemgrep: the devices and the freed window
	if output:
		with open(output, "w", encoding="utf-8") as handle:
			json.dump(data, handle, ensure_ascii=False, indent=1, default=str)
	return data


def ensure_staff(window: str) -> str:
	"""A window staff member of DEPARTMENT at ``window`` who logs in with a known password."""
	if not frappe.db.exists("User", STAFF_EMAIL):
		# the demo has just made ~230 users: lift Frappe's hourly user-creation throttle for this process
		frappe.local.conf["throttle_user_limit"] = 100_000
		user = frappe.get_doc(
			{
				"doctype": "User",
				"email": STAFF_EMAIL,
				"first_name": STAFF_NAME,
				"language": "zh",
				"time_zone": "Asia/Shanghai",
				"send_welcome_email": 0,
				"user_type": "System User",
				"roles": [{"role": WINDOW_STAFF}],
			}
		)
		user.flags.no_welcome_mail = True
		user.insert(ignore_permissions=True)
	update_password(STAFF_EMAIL, STAFF_PASSWORD)
	if not frappe.db.exists("GH Window Staff", {"user": STAFF_EMAIL}):
		frappe.get_doc(
			{
				"doctype": "GH Window Staff",
				"user": STAFF_EMAIL,
				"department": DEPARTMENT,
				"window": window,
				"employment_type": "Civil Servant",
				"mobile": STAFF_MOBILE,
				"on_site_from": "2024-01-02",
			}
		).insert(ignore_permissions=True)
	return STAFF_EMAIL


def staff_card_code(user: str) -> str | None:
	"""The code of the staff member's public card (挂牌上岗, given at insert), the card shown."""
	name = frappe.db.get_value("GH Window Staff", {"user": user}, "name")
	frappe.db.set_value("GH Window Staff", name, "public_card", 1, update_modified=False)
	return frappe.db.get_value("GH Window Staff", name, "card_code")


def unrated_completed_case(hall: str, window: str, staff: str):
	"""The newest completed case of the fixture applicant that no one has rated on the web yet."""
	rated = frappe.get_all("GH Service Rating", filters={"channel": "Web"}, pluck="case")
	for name in frappe.get_all(
		"GH Case",
		filters={"mobile": APPLICANT_MOBILE, "status": "Completed", "hall": hall},
		order_by="creation desc",
		pluck="name",
	):
		if name not in rated:
			return frappe.get_doc("GH Case", name)
	frappe.set_user(staff)
	try:
		case = frappe.get_doc(
			{
				"doctype": "GH Case",
				"applicant_type": "Person",
				"applicant_name": APPLICANT_NAME,
				"id_number": VALID_RESIDENT_ID,
				"mobile": APPLICANT_MOBILE,
				"matter": CASE_MATTER,
				"hall": hall,
				"window": window,
				"channel": "Window",
				"handler": staff,
			}
		).insert()
		for action in ("Accept", "Complete"):
			apply_workflow(frappe.get_doc("GH Case", case.name), action)
	finally:
		frappe.set_user("Administrator")
	return frappe.get_doc("GH Case", case.name)


def replied_complaint(hall: str, window: str) -> dict:
	"""A web complaint the hall has investigated and answered: its tracking code and reply."""
	name = frappe.db.get_value("GH Complaint", {"description": COMPLAINT_DESCRIPTION, "hall": hall})
	if not name:
		doc = frappe.get_doc(
			{
				"doctype": "GH Complaint",
				"source": "Walk-in",
				"hall": hall,
				"category": "Efficiency",
				"subject_type": "Window",
				"window": window,
				"description": COMPLAINT_DESCRIPTION,
				"is_anonymous": 1,
			}
		).insert(ignore_permissions=True)
		doc.assigned_to = "Administrator"
		doc.save(ignore_permissions=True)
		apply_workflow(doc, "Assign")
		apply_workflow(frappe.get_doc("GH Complaint", doc.name), "Start Investigation")
		doc = frappe.get_doc("GH Complaint", doc.name)
		doc.verification_result = "Unsubstantiated"
		doc.save(ignore_permissions=True)
		apply_workflow(doc, "Verify")
		doc = frappe.get_doc("GH Complaint", doc.name)
		doc.reply = COMPLAINT_REPLY
		doc.save(ignore_permissions=True)
		apply_workflow(doc, "Reply")
		name = doc.name
	doc = frappe.get_doc("GH Complaint", name)
	return {"tracking_code": doc.tracking_code, "reply": doc.reply, "status": doc.status}


def published_honours(hall: str) -> str:
	"""A published assessment of the quarter before this one, so the honour roll has names.

	The demo publishes its quarters from its year of cases; without cases (``--no-cases``) this
	publishes one with result rows for the hall's first windows and staff. Its quarter is returned."""
	today = getdate(nowdate())
	quarter = quarter_of(add_days(quarter_bounds(quarter_of(today))[0], -1))
	if frappe.db.exists("GH Assessment Run", {"hall": hall, "quarter": quarter, "status": "Published"}):
		return quarter
	windows = frappe.get_all(
		"GH Service Window",
		filters={"hall": hall, "status": "Active"},
		fields=["name", "department"],
		order_by="window_number asc",
		limit=8,
	)
	staff = frappe.get_all(
		"GH Window Staff",
		filters={"window": ["in", [w.name for w in windows]], "user": ["!=", STAFF_EMAIL]},
		fields=["user", "department", "window"],
		order_by="user asc",
		limit=8,
	)
	names = {
		row.name: row.full_name
		for row in frappe.get_all(
			"User", filters={"name": ["in", [s.user for s in staff]]}, fields=["name", "full_name"]
		)
	}
	if frappe.db.exists("GH Assessment Run", {"hall": hall, "quarter": quarter}):
		frappe.throw(f"gov_hall browser fixtures: {hall} {quarter} has an unpublished assessment run")
	ensure_default_scheme()
	scheme = frappe.get_doc("GH Assessment Scheme", DEFAULT_SCHEME)
	run = frappe.get_doc(
		{
			"doctype": "GH Assessment Run",
			"hall": hall,
			"quarter": quarter,
			"scheme": DEFAULT_SCHEME,
			"scheme_snapshot": snapshot(scheme),
			"window_results": [
				window_row(w.name, w.department, 30 - index) for index, w in enumerate(windows)
			],
			"staff_results": [
				staff_row(s.user, names.get(s.user) or s.user, s.department, s.window, 20 - index)
				for index, s in enumerate(staff)
			],
		}
	).insert(ignore_permissions=True)
	# the approval steps of a real quarter are the desk's business, not the website's
	run.db_set({"status": "Published", "published_on": add_days(quarter_bounds(quarter)[1], 10)})
	frappe.db.set_value("GH Assessment Scheme", run.scheme, "in_use", 1)
	return quarter


def desk_due_date(hall: str) -> datetime.date:
	"""The due date of a DESK_MATTER case accepted today, by the app's own deadline rule."""
	limit = frappe.db.get_value("GH Service Matter", DESK_MATTER, "promised_time_limit")
	return deadlines.due_date(get_hall_calendar(hall), getdate(nowdate()), int(limit or 0))


def booking_day(hall: str) -> dict:
	"""The first working day after today with free regular (not off-hours) slots for BOOKING_MATTER."""
	from gov_hall.api.appointments import get_slots

	today = getdate(nowdate())
	for offset in range(1, 15):
		day = today + datetime.timedelta(days=offset)
		answer = get_slots(hall=hall, matter=BOOKING_MATTER, date=str(day))
		free = [s for s in answer.get("slots") or [] if s["remaining"] > 0 and not s["is_off_hours"]]
		if answer.get("working_day") and free:
			return {
				"hall": hall,
				"matter": BOOKING_MATTER,
				"matter_name": frappe.db.get_value("GH Service Matter", BOOKING_MATTER, "matter_name"),
				"date": str(day),
				"date_formatted": formatdate(day),
				"slot": free[0]["value"],
				"slot_label": free[0]["label"],
			}
	frappe.throw(f"gov_hall browser fixtures: no free slot for {BOOKING_MATTER} at {hall} in 14 days")


def clear_rate_limits() -> None:
	"""Forget the test browser's earlier attempts, so a second run on the same site is not throttled."""
	for method in GUEST_METHODS:
		frappe.cache.delete(frappe.cache.make_key(f"rl:{method}:{GUEST_IP}"))


# ---------------------------------------------------------------------------------------------
# On-site duty (出勤值勤, issue 15): browser_tests/test_duty.py

MANAGER_EMAIL = "hall.manager@browser-test.example.com"
MANAGER_PASSWORD = "Gh-Browser-Manager-2026"
MANAGER_NAME = "孙浏览"


def duty_desk(hall: str, window: str, staff: str) -> dict:
	"""The staff member on today's roster (the department's A posts of a working day; on a rest day
	an Extra morning session at their window), and a hall manager who reads the attendance report."""
	if not frappe.db.exists("DocType", "GH Duty Slot"):
		return {}
	from gov_hall.duty.roster import generate_roster
	from gov_hall.setup.roles import HALL_MANAGER

	day = getdate(nowdate())
	if get_hall_calendar(hall).is_working_day(day):
		generate_roster(hall, day, day, department=DEPARTMENT)
	if not frappe.db.exists("GH Duty Slot", {"staff": staff, "duty_date": day, "status": "Active"}):
		frappe.get_doc(
			{
				"doctype": "GH Duty Slot",
				"hall": hall,
				"window": window,
				"duty_date": day,
				"session": "Morning",
				"staff": staff,
				"post_role": "Extra",
				"status": "Active",
			}
		).insert(ignore_permissions=True)
	if not frappe.db.exists("User", MANAGER_EMAIL):
		frappe.local.conf["throttle_user_limit"] = 100_000
		user = frappe.get_doc(
			{
				"doctype": "User",
				"email": MANAGER_EMAIL,
				"first_name": MANAGER_NAME,
				"language": "zh",
				"time_zone": "Asia/Shanghai",
				"send_welcome_email": 0,
				"user_type": "System User",
				"roles": [{"role": HALL_MANAGER}],
			}
		)
		user.flags.no_welcome_mail = True
		user.insert(ignore_permissions=True)
	update_password(MANAGER_EMAIL, MANAGER_PASSWORD)
	wait_for_punch_interval(staff)
	return {
		"date": str(day),
		"staff_record": frappe.db.get_value("GH Window Staff", {"user": staff}, "name"),
		"manager": {"email": MANAGER_EMAIL, "password": MANAGER_PASSWORD, "full_name": MANAGER_NAME},
	}


def wait_for_punch_interval(staff: str) -> None:
	"""A run right after another: the desk refuses a second punch within a minute of the last."""
	import time

	from gov_hall.duty.attendance import PUNCH_INTERVAL_SECONDS
	from gov_hall.utils.clock import now_datetime

	last = frappe.db.get_value("GH Attendance Punch", {"staff": staff}, "max(punch_time)")
	if last:
		wait = PUNCH_INTERVAL_SECONDS + 1 - (now_datetime() - get_datetime(last)).total_seconds()
		if 0 < wait <= PUNCH_INTERVAL_SECONDS + 1:
			time.sleep(wait)


# ---------------------------------------------------------------------------------------------
# 办件公示 (public case results, issue 16): browser_tests/test_case_results.py

RESULTS_PERSON = "欧阳公示"
RESULTS_PERSON_MOBILE = "13907319001"
RESULTS_COMPANY = "青山县公示浏览建材有限公司"
RESULTS_COMPANY_MOBILE = "13907319002"
RESULTS_OPEN = "钱未结"
RESULTS_OPEN_MOBILE = "13907319003"


def case_results_world(hall: str, window: str, staff: str) -> dict:
	"""Two cases of CASE_MATTER completed this month at the county hall (a person, a company) and
	one still open, by the window staff member through the workflow; what the public results page
	must show of them (masked) and what it must never show."""
	from gov_hall.rules.public_results import mask_company, mask_person

	month_start = getdate(nowdate()).replace(day=1)
	for applicant, applicant_type, mobile, actions in (
		(RESULTS_PERSON, "Person", RESULTS_PERSON_MOBILE, ("Accept", "Complete")),
		(RESULTS_COMPANY, "Company", RESULTS_COMPANY_MOBILE, ("Accept", "Complete")),
		(RESULTS_OPEN, "Person", RESULTS_OPEN_MOBILE, ()),
	):
		wanted = {"applicant_name": applicant, "hall": hall, "matter": CASE_MATTER}
		if actions:
			wanted.update(status="Completed", completed_on=[">=", month_start])
		else:
			wanted.update(status="Received")
		if frappe.db.exists("GH Case", wanted):
			continue
		frappe.set_user(staff)
		try:
			case = frappe.get_doc(
				{
					"doctype": "GH Case",
					"applicant_type": applicant_type,
					"applicant_name": applicant,
					"id_number": VALID_USCC if applicant_type == "Company" else VALID_RESIDENT_ID,
					"mobile": mobile,
					"matter": CASE_MATTER,
					"hall": hall,
					"window": window,
					"channel": "Window",
					"handler": staff,
				}
			).insert()
			for action in actions:
				apply_workflow(frappe.get_doc("GH Case", case.name), action)
		finally:
			frappe.set_user("Administrator")
	frappe.cache.delete(frappe.cache.make_key(f"rl:gov_hall.case_results:{GUEST_IP}"))
	return {
		"hall": hall,
		"matter": CASE_MATTER,
		"matter_name": frappe.db.get_value("GH Service Matter", CASE_MATTER, "matter_name"),
		"month": nowdate()[:7],
		"shown": [mask_person(RESULTS_PERSON), mask_company(RESULTS_COMPANY)],
		"not_shown": [mask_person(RESULTS_OPEN)],
		"secrets": [
			RESULTS_PERSON,
			RESULTS_COMPANY,
			RESULTS_OPEN,
			RESULTS_PERSON_MOBILE,
			RESULTS_COMPANY_MOBILE,
			RESULTS_OPEN_MOBILE,
			VALID_RESIDENT_ID,
			VALID_USCC,
			STAFF_NAME,
			STAFF_EMAIL,
		],
	}
