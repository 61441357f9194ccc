"""A county and one of its township halls for the cross-hall tests (issue 16, assessment credit, cards
and reports): a county department with a window and a staff member, a township department (the
sub-centre's comprehensive window) with its own, a County–Township matter the township accepts, and
a case driven through the real workflow and hand-over steps (gov_hall.cross_hall.handover)."""

import frappe
from frappe.model.workflow import apply_workflow

from gov_hall.cross_hall.handover import take_step
from gov_hall.setup.roles import CHIEF_REPRESENTATIVE
from gov_hall.tests.factories import (
	make_case,
	make_department,
	make_hall,
	make_matter,
	make_staff,
	make_user,
	make_window,
)

COUNTY_TOWNSHIP = "County–Township"


def make_world(complexity: int = 3, limit: int = 5) -> frappe._dict:
	county = make_hall().name
	township = make_hall(hall_level="Branch Hall", parent_hall=county).name
	county_department = make_department(county).name
	township_department = make_department(township).name
	county_window = make_window(county, county_department).name
	township_window = make_window(township, township_department).name
	county_staff = make_staff(county_department, county_window).user
	township_staff = make_staff(township_department, township_window).user
	matter = make_matter(
		county_department,
		handling_level=COUNTY_TOWNSHIP,
		accepting_halls=[{"hall": township}],
		complexity=complexity,
		promised_time_limit=limit,
	).name
	county_chief = make_user([CHIEF_REPRESENTATIVE])
	frappe.db.set_value("GH Stationed Department", county_department, "chief_representative", county_chief)
	township_chief = make_user([CHIEF_REPRESENTATIVE])
	frappe.db.set_value(
		"GH Stationed Department", township_department, "chief_representative", township_chief
	)
	return frappe._dict(
		county=county,
		township=township,
		county_department=county_department,
		township_department=township_department,
		county_window=county_window,
		township_window=township_window,
		county_staff=county_staff,
		township_staff=township_staff,
		matter=matter,
		county_chief=county_chief,
		township_chief=township_chief,
	)


def as_user(user: str, fn, *args, **kwargs):
	previous = frappe.session.user
	frappe.set_user(user)
	try:
		return fn(*args, **kwargs)
	finally:
		frappe.set_user(previous)


def act(case: str, action: str, user: str):
	"""A workflow action on the case, as ``user``."""
	return as_user(user, lambda: apply_workflow(frappe.get_doc("GH Case", case).as_dict(), action))


def step(case: str, name: str, user: str, **details):
	return as_user(user, take_step, case, name, details)


def new_case(w, matter: str | None = None) -> str:
	"""A case received (by the township's staff member) and accepted at the township's window for
	the county matter."""
	case = as_user(w.township_staff, make_case, w.township, matter or w.matter, window=w.township_window)
	act(case.name, "Accept", w.township_staff)
	return case.name


# the hand-over path of a case, step by step, and who takes each step
PATH = (
	("Forward to County", "township_staff"),
	("Receive at County", "county_staff"),
	("Complete", "county_staff"),
	("Send Result", "county_staff"),
	("Receive Result", "township_staff"),
	("Issue", "township_staff"),
)


def drive(w, case: str, until: str) -> None:
	"""Take the path's steps up to and including ``until`` (Complete is the county's workflow action)."""
	for name, who in PATH:
		if name == "Complete":
			act(case, "Complete", w[who])
		else:
			step(case, name, w[who])
		if name == until:
			return
	raise ValueError(until)


def set_step_time(case: str, step_name: str, at) -> None:
	"""Move a recorded step's time (a hand-over taken days ago), straight in the table."""
	frappe.db.sql(
		"""update `tabGH Case Handover` set `at` = %s
		where parent = %s and parenttype = 'GH Case' and step = %s""",
		(at, case, step_name),
	)


def make_report_world() -> frappe._dict:
	"""The world above with, at the township, a second county department's matter, a village point
	under the township, and cases at every stage (hand-over times set to a known week, 2026-11-16
	Monday to 2026-11-20 Friday, all working days):

	- issued: forwarded Mon 09:00, received at the county Mon 15:00, result sent Wed 15:00, received
	back Thu 09:00, issued Fri 09:00; its clock ran Mon to Fri 10:00 (4 working days);
	- sent_back: forwarded Mon 10:00, received Tue 10:00, completed (late: due Tuesday), result sent
	Wed 10:00;
	- decided: forwarded Tue 09:00, received Tue 21:00, completed, result not yet sent;
	- in_transit: forwarded Thu 09:00, not yet received;
	- at_township: accepted, not forwarded;
	- other_matter: the second department's matter, at the township;
	- at_village: received at the village point;
	- at_county: the first matter received at the county itself (not cross-hall).
	"""
	w = make_world()
	w.other_department = make_department(w.county).name
	w.other_window = make_window(w.county, w.other_department).name
	w.other_staff = make_staff(w.other_department, w.other_window).user
	w.other_matter = make_matter(
		w.other_department, handling_level=COUNTY_TOWNSHIP, accepting_halls=[{"hall": w.township}]
	).name
	w.other_chief = make_user([CHIEF_REPRESENTATIVE])
	frappe.db.set_value("GH Stationed Department", w.other_department, "chief_representative", w.other_chief)
	w.village = make_hall(hall_level="Village Service Point", parent_hall=w.township).name
	w.village_department = make_department(w.village).name
	w.village_window = make_window(w.village, w.village_department).name
	w.village_staff = make_staff(w.village_department, w.village_window).user

	w.issued = new_case(w)
	drive(w, w.issued, "Issue")
	w.sent_back = new_case(w)
	drive(w, w.sent_back, "Send Result")
	w.decided = new_case(w)
	drive(w, w.decided, "Complete")
	w.in_transit = new_case(w)
	drive(w, w.in_transit, "Forward to County")
	w.at_township = new_case(w)
	w.other_case = new_case(w, w.other_matter)
	w.at_village = as_user(w.village_staff, make_case, w.village, w.matter, window=w.village_window).name
	w.at_county = as_user(w.county_staff, make_case, w.county, w.matter, window=w.county_window).name

	times = {
		w.issued: {
			"Forward to County": "2026-11-16 09:00:00",
			"Receive at County": "2026-11-16 15:00:00",
			"Send Result": "2026-11-18 15:00:00",
			"Receive Result": "2026-11-19 09:00:00",
			"Issue": "2026-11-20 09:00:00",
		},
		w.sent_back: {
			"Forward to County": "2026-11-16 10:00:00",
			"Receive at County": "2026-11-17 10:00:00",
			"Send Result": "2026-11-18 10:00:00",
		},
		w.decided: {"Forward to County": "2026-11-17 09:00:00", "Receive at County": "2026-11-17 21:00:00"},
		w.in_transit: {"Forward to County": "2026-11-19 09:00:00"},
	}
	for case, steps in times.items():
		for name, at in steps.items():
			set_step_time(case, name, at)
	frappe.db.set_value(
		"GH Case",
		w.issued,
		{"clock_start": "2026-11-16", "completed_on": "2026-11-20 10:00:00"},
		update_modified=False,
	)
	# due on Tuesday 17th, while the county held it: late in the county review
	frappe.db.set_value(
		"GH Case", w.sent_back, {"completed_on_time": 0, "due_date": "2026-11-17"}, update_modified=False
	)
	frappe.db.set_value("GH Case", w.decided, "completed_on", "2026-11-17 22:00:00", update_modified=False)
	return w
