"""A year of cross-hall cases in the demo county (县乡同办 / 县域通办), simulated in memory and
bulk-written like the rest of the demo (gov_hall.demo.cases): what the case flow, the hand-over steps
(gov_hall.rules.handover), the supplement notices and the daily card job would have recorded.

Each case is received and accepted at a township hall or a village service point (where its one
clock starts, on the receiving hall's calendar), forwarded to the county with its paper materials,
received by a window of the matter's department there, now and then returned for a supplement under
a county notice (the case paused as today), decided, sent back and issued where the citizen applied
or posted by EMS. A share is acted for by the village or hall agent (代办) with the applicant's written
consent: a small generated text file (授权委托书) attached to the case. Each step is on a working day of
the hall that takes it, same day to two working days after the one before. The text messages each
event would have sent are written by gov_hall.demo.cross_hall_sms.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

import frappe

from gov_hall.demo.cases import (
	COMPANY_KINDS,
	COMPANY_WORDS,
	at,
	credit_code,
	mobile,
	next_serial,
	person_name,
	resident_id,
)
from gov_hall.demo.cross_hall import (
	HALL_AGENT,
	TOWNSHIP_CLERK,
	VILLAGE,
	VILLAGE_AGENT,
	CountyYear,
)
from gov_hall.rules import deadlines
from gov_hall.rules import handover as h
from gov_hall.rules.identifiers import mask_mobile, mask_resident_id
from gov_hall.utils import clock
from gov_hall.utils.halls import halls_of_county

DAILY = {"Branch Hall": 3.0, VILLAGE: 0.7}
RESULT_PAPERS = {"Completed": "办理结果文书（证照或批复）", "Refused": "不予许可决定书"}
REFUSAL = "经审查不符合法定条件，不予许可（详见不予许可决定书）"


def make_cross_hall_year(county: str, rng, days: int = 365) -> dict:
	"""A year of cross-hall cases up to yesterday, unless the county already has some."""
	counts = {"cross_hall_cases": 0, "handovers": 0, "consent_files": 0, "sms_messages": 0}
	if not frappe.get_meta("GH Case").has_field("transfer_status"):
		return counts
	# the demo county's own cases only: a site's other counties (or tests) may have cross-hall cases
	if frappe.db.exists("GH Case", {"route": ["is", "set"], "hall": ["in", halls_of_county(county)]}):
		return counts
	year = CountyYear(county, rng, clock.today())
	if not year.halls:
		return counts
	out = defaultdict(list)
	day = year.today - datetime.timedelta(days=days)
	while day < year.today:
		for hall in year.halls:
			if hall.calendar.is_working_day(day):
				volume = DAILY.get(hall.hall_level, 1)
				for _ in range(max(0, round(rng.gauss(volume, volume * 0.35)))):
					simulate(year, hall, at(day, rng, 9, 16), out)
		day += datetime.timedelta(days=1)
	for case in out["cases"]:
		final = case["completed_on"].date() if case.get("completed_on") else year.today
		refresh_deadline(case, final)
	from gov_hall.demo.cross_hall_sms import make_messages
	from gov_hall.demo.cross_hall_write import write

	write(year, out)

	counts.update(
		cross_hall_cases=len(out["cases"]),
		handovers=len(out["handovers"]),
		consent_files=len(out["files"]),
		sms_messages=make_messages(out["events"], out["cases"]),
		county_returns=sum(1 for row in out["handovers"] if row["step"] == h.RETURN),
		cross_hall_cards=len(out["cards"]),
	)
	return counts


class Timeline:
	"""One case's moves in time order; nothing at or after the cut-off (today) happens."""

	def __init__(self, year: CountyYear, start: datetime.datetime):
		self.year, self.rng, self.now, self.open = year, year.rng, start, True

	def next(self, calendar, day_choices=(0,), minutes=(10, 120)) -> datetime.datetime | None:
		if not self.open:
			return None
		days = self.rng.choice(day_choices)
		moment = self.now + datetime.timedelta(minutes=self.rng.randint(*minutes))
		if days or moment.hour >= 17 or not calendar.is_working_day(moment.date()):
			day = calendar.add_working_days(self.now.date(), max(days, 1))
			moment = at(day, self.rng, 9, 16)
		if moment >= self.year.cutoff:
			self.open = False
			return None
		self.now = moment
		return moment


def simulate(year: CountyYear, hall, received: datetime.datetime, out: dict) -> None:
	rng = year.rng
	matter = rng.choices(hall.matters, weights=[m.weight for m in hall.matters])[0]
	window = (hall.own_windows.get(matter.department) or [hall.general])[0]
	receiver = (
		year.person(window, (TOWNSHIP_CLERK, VILLAGE_AGENT))
		if window == hall.general
		else year.person(window)
	)
	case = new_case(year, hall, matter, window, receiver, received)
	add_agent(year, hall, case, matter, window, out)
	out["cases"].append(case)
	event(out, case, "case_received", received)
	line = Timeline(year, received)
	cal = hall.calendar
	if rng.random() < 0.04:  # the township's own one-time notice before acceptance
		notice_at = line.next(cal, (0,), (5, 30))
		if not notice_at or not supplement(year, case, matter, line, cal, notice_at, receiver, out):
			return
	accepted = line.next(cal, (0,) * 9 + (1,), (5, 40))
	if not accepted:
		return
	accept(year, hall, case, accepted, out)
	papers = "\n".join(matter.materials)
	for attempt in range(3):
		if not forward_and_review(year, hall, case, matter, line, papers, out, first=attempt == 0):
			return
		if attempt == 2 or rng.random() > 0.07:
			break
		notice_at = line.next(year.county_cal, (0, 1, 1, 2))
		if not notice_at or not supplement(
			year, case, matter, line, cal, notice_at, case["handling_staff"], out
		):
			return
	decide(year, hall, case, matter, line, out)


def new_case(year, hall, matter, window, receiver, received) -> dict:
	rng = year.rng
	is_company = matter.name in ("QS-SCJG-005", "QS-SCJG-007", "QS-YJGL-002") and rng.random() < 0.7
	phone = mobile(rng)
	id_number = credit_code(rng) if is_company else resident_id(rng)
	return {
		"name": year.next_name(hall, received.year),
		"applicant_type": "Company" if is_company else "Person",
		"applicant_name": (rng.choice(COMPANY_WORDS) + rng.choice(COMPANY_KINDS))
		if is_company
		else person_name(rng),
		"contact_person": person_name(rng) if is_company else None,
		"id_number": id_number,
		"id_number_masked": mask_resident_id(id_number),
		"mobile": phone,
		"mobile_masked": mask_mobile(phone),
		"mobile_last4": phone[-4:],
		"matter": matter.name,
		"matter_name": matter.matter_name,
		"case_title": matter.matter_name,
		"department": matter.department,
		"hall": hall.name,
		"window": window,
		"channel": "Window",
		"first_responder": receiver,
		"handler": receiver,
		"received_on": received,
		"time_limit_days": int(matter.promised_time_limit or 0),
		"extension_days": 0,
		"paused_working_days": 0,
		"status": "Received",
		"route": matter.handling_level,
		"handling_hall": year.county,
		"receiving_department": year.window_department[window],
		"delivery_method": "Post"
		if rng.random() < (0.3 if hall.hall_level == VILLAGE else 0.15)
		else "Collect at Hall",
		"_hall": hall,
		"_pauses": [],
		"_steps": [],
		"transfer_status": h.AT_RECEIVING_HALL,
		"_moves": [(received, h.AT_RECEIVING_HALL)],
	}


def add_agent(year, hall, case, matter, window, out) -> None:
	"""代办: the village agent for most village cases, the hall's agent now and then at a township."""
	rng = year.rng
	if not matter.agent_allowed:
		return
	if hall.hall_level == VILLAGE and rng.random() < 0.7:
		agent, role = case["first_responder"], "Village Staff"
	elif hall.hall_level != VILLAGE and rng.random() < 0.12:
		role = "Hall Agent" if rng.random() < 0.7 else "Township Staff"
		agent = year.person(hall.general, (HALL_AGENT,) if role == "Hall Agent" else (TOWNSHIP_CLERK,))
	else:
		return
	from gov_hall.demo.cross_hall_write import consent_file

	file = consent_file(case, year.names.get(agent) or agent, hall.name)
	out["files"].append(file)
	case.update(
		agent=agent,
		agent_name=year.names.get(agent) or agent,
		agent_role=role,
		consent_attachment=file["file_url"],
		consent_recorded_on=case["received_on"],
	)


def move(case, when, transfer_status: str) -> None:
	case["transfer_status"] = transfer_status
	case["_moves"].append((when, transfer_status))


def step(year, case, out, name: str, when, by: str, papers: str = "", **extra) -> None:
	hall = case["_hall"]
	to_county = h.STEPS[name].to_county
	from_hall, to_hall = (hall.name, year.county) if to_county else (year.county, hall.name)
	if name in (h.ISSUE, h.POST):
		from_hall, to_hall = hall.name, None
	lines = [line for line in papers.splitlines() if line.strip()]
	out["handovers"].append(
		{
			"name": frappe.generate_hash(length=10),
			"parent": case["name"],
			"parenttype": "GH Case",
			"parentfield": "handovers",
			"idx": len(case["_steps"]) + 1,
			"step": name,
			"at": when,
			"creation": when,
			"by_user": by,
			"by_name": year.names.get(by) or by,
			"from_hall": from_hall,
			"to_hall": to_hall,
			"paper_items": papers or None,
			"paper_count": len(lines),
			"electronic_count": 1 if case.get("consent_attachment") else 0,
			**extra,
		}
	)
	case["_steps"].append(name)
	move(case, when, h.STEPS[name].to_stage)


def accept(year, hall, case, when, out) -> None:
	case.update(status="Accepted", accepted_on=when)
	refresh_deadline(case, when.date())
	event(out, case, "case_accepted", when, due_date=case["due_date"])


def forward_and_review(year, hall, case, matter, line, papers, out, first: bool) -> bool:
	"""Forward to County and Receive at County; False when the year ends on the way."""
	when = line.next(hall.calendar, (0, 0, 1, 1, 1, 2), (20, 150))
	if not when:
		return False
	step(year, case, out, h.FORWARD, when, case["first_responder"], papers)
	if first:
		event(out, case, "case_forwarded", when)
	when = line.next(year.county_cal, (0, 1, 1, 1, 2), (30, 180))
	if not when:
		return False
	if not case.get("handling_window"):
		windows = year.county_windows.get((year.county, matter.department)) or [None]
		case["handling_window"] = year.rng.choice(windows)
		case["handling_staff"] = (
			year.person(case["handling_window"]) if case["handling_window"] else "Administrator"
		)
	step(year, case, out, h.RECEIVE_AT_COUNTY, when, case["handling_staff"], papers)
	if case["status"] == "Accepted":
		case["status"] = "In Process"
	return True


def supplement(year, case, matter, line, cal, notice_at, issuer, out) -> bool:
	"""A one-time supplement notice (at the township before acceptance, or at the county, which then
	returns the case). The applicant comes back with the materials; False when the year ends first."""
	rng = year.rng
	at_county = case.get("transfer_status") == h.AT_COUNTY
	resume = case["status"]
	before = case.setdefault("_asked", [])
	if before and rng.random() < 0.7:  # asked again for what was still defective: no violation
		asked = before[:1]
	else:
		asked = rng.sample(matter.materials, k=min(len(matter.materials), rng.choice([1, 1, 2])))
	# a later notice asking for anything the earlier ones did not is a one-time-notice violation
	new_items = [item for item in asked if item not in before] if before else []
	before.extend(item for item in asked if item not in before)
	name = f"SN-{notice_at.year}-{next_serial(year.serials['SN'], 'SN', notice_at.year):05d}"
	notice = {
		"name": name,
		"case": case["name"],
		"applicant_name": case["applicant_name"],
		"matter": case["matter"],
		"matter_name": case["matter_name"],
		"hall": case["hall"],
		"department": case["department"],
		"window": case["window"],
		"issued_by": issuer,
		"issued_on": notice_at,
		"status": "Open",
		"is_first_notice": int(not case.get("first_notice_on")),
		"issued_in_time": int(
			notice_at.date() <= deadlines.notice_deadline(cal, case["received_on"].date(), 5)
		),
		"is_violation": int(bool(new_items)),
		"violation_items": "\n".join(new_items) or None,
		"_items": asked,
	}
	out["notices"].append(notice)
	case["first_notice_on"] = case.get("first_notice_on") or notice_at.date()
	case.update(
		status="Supplement Required", is_paused=1, paused_since=notice_at.date(), resume_status=resume
	)
	pause = {
		"name": frappe.generate_hash(length=10),
		"parent": case["name"],
		"notice": name,
		"paused_on": notice_at.date(),
	}
	case["_pauses"].append(pause)
	event(out, case, "supplement_needed", notice_at, items=asked, occasion=name)
	if at_county:
		when = line.next(year.county_cal, (0, 0, 1), (15, 90))
		if not when:
			return False
		step(year, case, out, h.RETURN, when, issuer, "\n".join(matter.materials))
		event(out, case, "case_returned", when, occasion=case["_steps"].count(h.RETURN))
		when = line.next(cal, (0, 1, 1, 2), (30, 180))
		if not when:
			return False
		step(year, case, out, h.RECEIVE_RETURN, when, case["first_responder"], "\n".join(matter.materials))
	back = line.next(cal, (1, 1, 2, 3, 5), (10, 60))
	if not back:
		return False
	notice.update(status="Returned", returned_on=back)
	pause.update(resumed_on=back.date(), working_days=cal.working_days_between(notice_at.date(), back.date()))
	case.update(status=resume, is_paused=0, paused_since=None, resume_status=None)
	if case.get("accepted_on"):
		refresh_deadline(case, back.date())
	return True


def refresh_deadline(case, today) -> None:
	"""Clock start, paused days and due date as gov_hall.cases.deadline computes them."""
	cal = case["_hall"].calendar
	accepted = case["accepted_on"].date() if case.get("accepted_on") else None
	start = deadlines.clock_start(
		cal, case["received_on"].date(), accepted, case.get("first_notice_on"), today, 5
	)
	case["clock_start"] = start.start
	case["deemed_accepted"] = int(start.deemed_accepted)
	if start.start is None:
		case.update(paused_working_days=0, due_date=None)
		return
	pauses = [deadlines.Pause(p["paused_on"], p.get("resumed_on")) for p in case["_pauses"]]
	case["paused_working_days"] = deadlines.paused_working_days(cal, pauses, start.start, today)
	case["due_date"] = deadlines.due_date(
		cal, start.start, case["time_limit_days"], 0, case["paused_working_days"]
	)


def decide(year, hall, case, matter, line, out) -> None:
	"""The county decides within the limit (a few run late), sends the result back, and the
	receiving hall issues it or posts it."""
	rng, cal = year.rng, hall.calendar
	limit = case["time_limit_days"] + case["paused_working_days"]
	late = rng.random() < 0.05
	used = limit + rng.choice([1, 2, 3]) if late else rng.randint(1, max(1, limit))
	finish = cal.add_working_days(case["clock_start"], used)
	gap = max(0, year.county_cal.working_days_between(line.now.date(), finish))
	decided = line.next(year.county_cal, (gap,), (30, 240))
	if not decided:
		return
	refused = rng.random() < 0.03
	case.update(
		status="Completed",
		completed_on=decided,
		completed_on_time=int(decided.date() <= case["due_date"]),
		result_note=REFUSAL if refused else "准予办理，结果文书已出具",
	)
	event(out, case, "case_completed", decided)
	result = RESULT_PAPERS["Refused" if refused else "Completed"]
	when = line.next(year.county_cal, (0, 0, 1, 1), (20, 180))
	if not when:
		return
	step(year, case, out, h.SEND_RESULT, when, case["handling_staff"], result)
	when = line.next(cal, (0, 1, 1, 2), (30, 180))
	if not when:
		return
	step(year, case, out, h.RECEIVE_RESULT, when, case["first_responder"], result)
	if case["delivery_method"] == "Post":
		when = line.next(cal, (0, 0, 1), (20, 120))
		if not when:
			return
		number = "11" + "".join(rng.choice("0123456789") for _ in range(11))
		case["ems_tracking_number"] = number
		step(year, case, out, h.POST, when, case["first_responder"], result, tracking_number=number)
		event(out, case, "case_posted", when, ems=number)
	else:
		event(out, case, "ready_for_collection", when)
		when = line.next(cal, (0, 1, 1, 2, 3, 5), (30, 240))
		if not when:
			return
		step(year, case, out, h.ISSUE, when, case["first_responder"], result)
	case["issued_on"] = when
	event(out, case, "rating_invitation", when)


def event(out, case, template: str, when, **params) -> None:
	out["events"].append({"case": case, "template": template, "at": when, "params": params})
