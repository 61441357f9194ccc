"""Public pages without login: the service guide (办事指南) and case tracking (办件查询).

Nothing here is filtered by the visitor's permissions: every query names the fields a citizen
may see, and nothing else leaves this module. Case tracking answers only to the case number and
the last four digits of the applicant's mobile; a wrong number and wrong digits get the same
answer. Requests are rate-limited per IP (frappe.rate_limiter); wrong answers are counted per client
address and number and per address (gov_hall.utils.guessing), never as a lock on the case itself,
so nobody can lock a citizen out of their own case by guessing wrong.
"""

# Postponed annotations: Frappe then skips its pydantic check of whitelisted arguments, so a list or
# a number posted as the case number gets the same "not found" answer as any other malformed input
# instead of a type-error response; track_case checks its inputs itself.
from __future__ import annotations

import hmac
import re
import unicodedata

import frappe
from frappe import _
from frappe.query_builder import DocType
from frappe.rate_limiter import rate_limit
from frappe.utils import cint, flt, fmt_money, get_time, getdate, sanitize_html

from gov_hall.utils import guessing
from gov_hall.utils.windows import serves_department

# <hall code>-<year>-<serial>: hall codes are 2–10 capital letters or digits (GH Service Hall).
CASE_NUMBER = re.compile(r"^[A-Z0-9]{2,10}-[0-9]{4}-[0-9]{5,10}$", re.ASCII)
LAST4 = re.compile(r"^[0-9]{4}$", re.ASCII)
MAX_INPUT_LENGTH = 40
MAX_QUERY_LENGTH = 50
MAX_SEARCH_TERMS = 5
MAX_MATTER_CODE_LENGTH = 140

# Per IP (frappe.rate_limiter): every call counts; the page's "wait a minute" is this window.
TRACK_LIMIT = 10
TRACK_WINDOW_SECONDS = 60

ACTIVE = "Active"
STATIONED = "Stationed"


# ---------------------------------------------------------------------------------------------
# Case tracking


def not_found() -> dict:
	"""The one answer for every miss: unknown number, wrong digits, malformed input."""
	return {
		"found": False,
		"message": _(
			"No case matches this case number and these digits. Check the case number on your receipt (for example QS-2026-00042) and the last 4 digits of the mobile number given when applying."
		),
	}


def normalise(value, upper: bool = False) -> str | None:
	"""Full-width characters to ASCII, spaces removed; None when the input cannot be right."""
	if not isinstance(value, str) or len(value) > MAX_INPUT_LENGTH:
		return None
	value = re.sub(r"\s+", "", unicodedata.normalize("NFKC", value))
	return value.upper() if upper else value


def case_target(case_number: str) -> str:
	"""What wrong answers are counted against: the case number, whether or not it exists, so the
	counting reveals nothing either."""
	return f"case:{case_number}"


def held_back(hold) -> dict:
	"""The answer to an address held back for wrong answers: the same shape as a miss, with the wait."""
	return {
		"found": False,
		"message": guessing.held_message(
			hold,
			_(
				"Too many wrong digits for this case number from your network. Please try again in {0}, or ask the hall."
			),
			_("Too many wrong answers from your network. Please try again in {0}, or ask the hall."),
		),
	}


def public_date(value) -> str | None:
	return str(getdate(value)) if value else None


def public_case(number: str):
	"""The fields case tracking may show, by primary key. frappe.qb rather than frappe.db.get_value:
	get_value runs every field name through sqlparse, which was half the cost of a lookup."""
	Case = DocType("GH Case")
	rows = (
		frappe.qb.from_(Case)
		.select(
			Case.name,
			Case.matter_name,
			Case.hall,
			Case.status,
			Case.is_paused,
			Case.received_on,
			Case.accepted_on,
			Case.completed_on,
			Case.due_date,
			Case.mobile_last4,
			Case.department,
			Case.route,
			Case.handling_hall,
			Case.transfer_status,
			Case.delivery_method,
			Case.ems_tracking_number,
		)
		.where(Case.name == number)
		.run(as_dict=True)
	)
	return rows[0] if rows else None


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=TRACK_LIMIT, seconds=TRACK_WINDOW_SECONDS)
def track_case(case_number: str = "", phone_last4: str = "") -> dict:
	"""A case's progress for whoever holds its number and the applicant's last four digits.

	Returns ``{"found": True, "case": {...}}`` with only the case number, matter, hall, status
	and dates, or the same ``{"found": False, "message": ...}`` for every kind of miss.
	"""
	number = normalise(case_number, upper=True)
	digits = normalise(phone_last4)
	if not number or not digits or not CASE_NUMBER.match(number) or not LAST4.match(digits):
		return not_found()

	# an address held back is not checked at all (checking would keep answering its guesses); an
	# address with a clean record for this number is always checked, however many others guessed
	hold = guessing.held(case_target(number))
	if hold:
		return held_back(hold)

	case = public_case(number)
	stored = (case.mobile_last4 if case else None) or ""
	# compare even when there is no case, so both misses take the same path
	matches = hmac.compare_digest(digits.encode(), (stored or "----").encode())
	if not case or not stored or not matches:
		guessing.record_failure(case_target(number))
		return not_found()

	return {
		"found": True,
		"case": {
			"case_number": case.name,
			"matter_name": case.matter_name,
			"hall": case.hall,
			"status": case.status,
			"status_label": _(case.status),
			"received_on": public_date(case.received_on),
			"accepted_on": public_date(case.accepted_on),
			"completed_on": public_date(case.completed_on),
			"due_date": public_date(case.due_date),
			"paused_for_supplement": bool(case.is_paused),
			"transfer": transfer_progress(case),
		},
	}


# ---------------------------------------------------------------------------------------------
# A case received at a township or village hall and decided at the county (issue 16)

POSTED = "Posted"
COLLECT = "Collect at Hall"
# transfer_status -> the stage in plain words ({0}: the receiving hall, {1}: the county department)
# and whether the citizen is told where to go
TRANSFER_STAGES = {
	"At Receiving Hall": (
		"Your application was accepted at {0} and will be sent to {1} for review.",
		False,
	),
	"Sent to County": ("The materials have been sent to {1} for review.", False),
	"At County": ("{1} is reviewing your application.", False),
	"Returned to Receiving Hall": (
		"{1} needs more materials: hand them in at {0}, as listed in the supplement notice.",
		True,
	),
	"Result Sent Back": (
		"The result has been sent back to {0}; you will be told when it can be collected.",
		True,
	),
	"Ready for Collection": ("The result is back: please collect it at {0}.", True),
	"Issued": ("The result was collected at {0}.", False),
	POSTED: ("The result has been posted by EMS.", False),
}


def transfer_progress(case) -> dict | None:
	"""For a cross-hall case, where it is in plain words and where to go; None for any other case.

	Only what the hall publishes anyway (the halls' and the department's names, the hall's address,
	hours and phone) and the EMS number of the result's parcel; never who handled it."""
	if not case.route or not case.transfer_status or case.transfer_status not in TRANSFER_STAGES:
		return None
	text, tell_where = TRANSFER_STAGES[case.transfer_status]
	department = (
		frappe.db.get_value("GH Stationed Department", case.department, "department_name")
		if case.department
		else None
	)
	county = department or case.handling_hall or _("the county department")
	progress = {"stage": _(text).format(case.hall, county), "collect": None, "ems_tracking_number": None}
	if case.transfer_status == POSTED and case.ems_tracking_number:
		progress["stage"] = _("The result has been posted by EMS, tracking number {0}.").format(
			case.ems_tracking_number
		)
		progress["ems_tracking_number"] = case.ems_tracking_number
	elif case.delivery_method == "Post" and case.transfer_status in (
		"Result Sent Back",
		"Ready for Collection",
	):
		progress["stage"] = _("The result is back at {0} and will be posted to you by EMS.").format(case.hall)
	returned = case.transfer_status == "Returned to Receiving Hall"
	if returned or (tell_where and (case.delivery_method or COLLECT) == COLLECT):
		progress["collect"] = collect_at(case.hall)
	return progress


def collect_at(hall_name: str) -> dict | None:
	"""The public address card of a hall: name, address, phone, opening hours."""
	hall = frappe.db.get_value(
		"GH Service Hall",
		hall_name,
		["name", "address", "phone", "opening_time", "closing_time", "offers_off_hours_service"],
		as_dict=True,
	)
	if not hall:
		return None
	info = hall_info(hall.name, hall)
	return {"hall": info["name"], "address": info["address"], "phone": info["phone"], "hours": info["hours"]}


# ---------------------------------------------------------------------------------------------
# Service guide


def time_limit_text(days) -> str:
	days = cint(days)
	if days == 0:
		return _("Instant: completed on the spot")
	return _("{0} working days").format(days)


def fee_text(fee) -> str:
	if not flt(fee):
		return _("Free of charge")
	return _("{0} yuan").format(fmt_money(flt(fee), precision=2))


def clean_query(value) -> str:
	if not isinstance(value, str):
		return ""
	return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", value)).strip()[:MAX_QUERY_LENGTH]


def like_pattern(text: str) -> str:
	"""A LIKE pattern that matches ``text`` literally (MariaDB escapes with a backslash)."""
	return "%" + re.sub(r"([\\%_])", r"\\\1", text) + "%"


def guide_departments() -> list[dict]:
	"""Stationed departments that have at least one active matter, for the filter."""
	Matter = DocType("GH Service Matter")
	Dept = DocType("GH Stationed Department")
	return (
		frappe.qb.from_(Dept)
		.join(Matter)
		.on(Matter.department == Dept.name)
		.select(Dept.name, Dept.department_name, Dept.short_name)
		.where(Dept.status == STATIONED)
		.where(Matter.status == ACTIVE)
		.groupby(Dept.name)
		.orderby(Dept.department_name)
		.run(as_dict=True)
	)


def search_terms(q: str) -> list[str]:
	"""The words of a search (clean_query has collapsed the spaces), at most MAX_SEARCH_TERMS."""
	return [term for term in re.split(r"[\s,，、;；]+", q) if term][:MAX_SEARCH_TERMS]


def matches_term(term: str, Matter, Dept):
	"""A matter matches a word when its name, code or keywords, one of its materials, or its
	department's name or short name holds the word literally."""
	Material = DocType("GH Matter Material")
	pattern = like_pattern(term)
	with_material = (
		frappe.qb.from_(Material)
		.select(Material.parent)
		.where(Material.parenttype == "GH Service Matter")
		.where(Material.parentfield == "materials")
		.where(Material.material_name.like(pattern))
	)
	return (
		Matter.matter_name.like(pattern)
		| Matter.matter_code.like(pattern)
		| Matter.keywords.like(pattern)
		| Dept.department_name.like(pattern)
		| Dept.short_name.like(pattern)
		| Matter.name.isin(with_material)
	)


def relevance(row, terms: list[str]) -> int:
	"""How well a found matter fits the search: a word in its own name, code or keywords counts 2,
	in its department's names 1, only in a material 0. Best fits are listed first."""
	own = " ".join((row.matter_name or "", row.name or "", row.keywords or "")).casefold()
	department = " ".join((row.department_name or "", row.short_name or "")).casefold()
	score = 0
	for term in (term.casefold() for term in terms):
		score += 2 if term in own else 1 if term in department else 0
	return score


def guide_list(q: str = "", department: str = "") -> list[dict]:
	"""Active matters of stationed departments, grouped by department. ``q`` is searched word by
	word (every word must match) in the matter's name, code and keywords, its materials and its
	department's names; with a search, the departments and matters that fit best come first."""
	Matter = DocType("GH Service Matter")
	Dept = DocType("GH Stationed Department")
	query = (
		frappe.qb.from_(Matter)
		.join(Dept)
		.on(Dept.name == Matter.department)
		.select(
			Matter.name,
			Matter.matter_name,
			Matter.matter_category,
			Matter.promised_time_limit,
			Matter.fee,
			Matter.bookable,
			Matter.keywords,
			Dept.name.as_("department"),
			Dept.department_name,
			Dept.short_name,
		)
		.where(Matter.status == ACTIVE)
		.where(Dept.status == STATIONED)
		.orderby(Dept.department_name)
		.orderby(Matter.name)
	)
	if department:
		query = query.where(Dept.name == department)
	terms = search_terms(q or "")
	for term in terms:
		query = query.where(matches_term(term, Matter, Dept))
	rows = query.run(as_dict=True)
	if terms:
		# stable: within the same fit, departments and matters keep their alphabetical order
		for row in rows:
			row.score = relevance(row, terms)
		best = {}
		for row in rows:
			best[row.department] = max(best.get(row.department, 0), row.score)
		rows.sort(key=lambda row: (-best[row.department], -row.score))

	groups: dict[str, dict] = {}
	for row in rows:
		group = groups.setdefault(
			row.department,
			{"department": row.department, "department_name": row.department_name, "matters": []},
		)
		group["matters"].append(
			{
				"code": row.name,
				"name": row.matter_name,
				"category": _(row.matter_category) if row.matter_category else "",
				"promised": time_limit_text(row.promised_time_limit),
				"fee": fee_text(row.fee),
				"bookable": bool(row.bookable),
			}
		)
	return list(groups.values())


def hhmm(value) -> str:
	return get_time(value).strftime("%H:%M") if value else ""


def matter_guide(matter_code) -> dict | None:
	"""Everything a citizen needs before coming, or None for an unknown or suspended matter."""
	if not isinstance(matter_code, str):
		return None
	code = matter_code.strip().upper()
	if not code or len(code) > MAX_MATTER_CODE_LENGTH:
		return None
	matter = frappe.db.get_value(
		"GH Service Matter",
		code,
		[
			"name",
			"matter_name",
			"department",
			"matter_category",
			"status",
			"bookable",
			"legal_time_limit",
			"promised_time_limit",
			"fee",
			"fee_basis",
			"conditions",
			"handling_process",
		],
		as_dict=True,
	)
	if not matter or matter.status != ACTIVE:
		return None
	department = frappe.db.get_value(
		"GH Stationed Department",
		matter.department,
		["name", "department_name", "status", "hall", "contact_phone"],
		as_dict=True,
	)
	if not department or department.status != STATIONED:
		return None

	materials = frappe.get_all(
		"GH Matter Material",
		filters={"parent": matter.name, "parenttype": "GH Service Matter", "parentfield": "materials"},
		fields=["material_name", "originals", "copies", "is_required", "notes"],
		order_by="idx asc",
	)
	return {
		"code": matter.name,
		"name": matter.matter_name,
		"department": department.department_name,
		"department_phone": department.contact_phone or "",
		"category": _(matter.matter_category) if matter.matter_category else "",
		"legal": time_limit_text(matter.legal_time_limit),
		"promised": time_limit_text(matter.promised_time_limit),
		"instant": cint(matter.promised_time_limit) == 0,
		"fee": fee_text(matter.fee),
		"fee_basis": matter.fee_basis or "",
		"conditions": sanitize_html(matter.conditions or "", always_sanitize=True),
		"process": sanitize_html(matter.handling_process or "", always_sanitize=True),
		"materials": [
			{
				"name": row.material_name,
				"originals": cint(row.originals),
				"copies": cint(row.copies),
				"required": bool(row.is_required),
				"notes": row.notes or "",
			}
			for row in materials
		],
		"halls": serving_halls(department.name, department.hall),
		"bookable": bool(matter.bookable),
		"where": where_to_apply_text(matter.name),
	}


# ---------------------------------------------------------------------------------------------
# Where a matter can be done (可在以下地点办理, issue 16): the catalogue's handling level, the halls
# of gov_hall.cross_hall.catalogue.where_to_apply and whether agents (代办帮办) are offered

# handling_level -> (short name, what it means for the citizen)
HANDLING_LEVELS = {
	"County Only": (
		"Handled by the County",
		"Apply at the county hall below: the county department accepts, reviews and decides it.",
	),
	"County–Township": (
		"County and Township Together",
		"Apply at the county hall or at one of the township halls (or their village service points) below: the township accepts your application, the county department reviews and decides it, and the result is issued where you applied.",
	),
	"County-Wide": (
		"Anywhere in the County",
		"Apply at any hall of the county below: the county department reviews and decides it, and the result is issued where you applied.",
	),
	"Township": (
		"Handled at the Township",
		"Apply at one of the township halls below: the township accepts and decides it.",
	),
}
DEFAULT_LEVEL = "County Only"
COUNTY_LEVELS = ("County Hall", "City Hall")
VILLAGE_LEVEL = "Village Service Point"


def where_to_apply_text(matter: str) -> dict:
	"""The matter's handling level in plain words, whether agents act for citizens, and its halls:
	county and township halls in order, each township with its village service points."""
	from gov_hall.cross_hall.catalogue import where_to_apply

	values = frappe.db.get_value(
		"GH Service Matter", matter, ["handling_level", "agent_allowed"], as_dict=True
	)
	level = values.handling_level if values.handling_level in HANDLING_LEVELS else DEFAULT_LEVEL
	label, explanation = HANDLING_LEVELS[level]
	return {
		"level": level,
		"label": _(label),
		"explanation": _(explanation),
		"agent_allowed": bool(values.agent_allowed),
		"halls": grouped_halls(hall_names_of(where_to_apply(matter))),
	}


def hall_names_of(rows) -> list[str]:
	"""Hall names from where_to_apply's rows (names, dicts or documents with name or hall)."""
	names = []
	for row in rows or []:
		if isinstance(row, str):
			name = row
		else:
			name = row.get("hall") or row.get("name") if hasattr(row, "get") else getattr(row, "name", None)
		if name and name not in names:
			names.append(name)
	return names


def grouped_halls(names: list[str]) -> list[dict]:
	"""The active halls among ``names`` with their public contact, county halls first, then the
	townships (by name), each with its village service points; a village point whose township is
	not listed stands on its own at the end."""
	if not names:
		return []
	Hall = DocType("GH Service Hall")
	rows = (
		frappe.qb.from_(Hall)
		.select(
			Hall.name,
			Hall.hall_level,
			Hall.parent_hall,
			Hall.address,
			Hall.phone,
			Hall.opening_time,
			Hall.closing_time,
			Hall.offers_off_hours_service,
		)
		.where(Hall.name.isin(names))
		.where(Hall.status == ACTIVE)
		.orderby(Hall.name)
		.run(as_dict=True)
	)
	top = [row for row in rows if row.hall_level != VILLAGE_LEVEL]
	top.sort(key=lambda row: row.hall_level not in COUNTY_LEVELS)
	entries = {
		row.name: {**hall_info(row.name, row), "county": row.hall_level in COUNTY_LEVELS} for row in top
	}
	loose = []
	for row in rows:
		if row.hall_level != VILLAGE_LEVEL:
			continue
		village = {"name": row.name, "address": row.address or "", "phone": row.phone or ""}
		if row.parent_hall in entries:
			entries[row.parent_hall].setdefault("villages", []).append(village)
		else:
			loose.append({**hall_info(row.name, row), "county": False, "village": True})
	return list(entries.values()) + loose


def serving_halls(department: str, home_hall: str | None) -> list[dict]:
	"""Active halls with the active windows that serve ``department`` (lead or served), home hall first."""
	Window = DocType("GH Service Window")
	Hall = DocType("GH Service Hall")
	rows = (
		frappe.qb.from_(Window)
		.join(Hall)
		.on(Hall.name == Window.hall)
		.select(
			Window.window_number,
			Window.window_name,
			Window.floor,
			Window.zone,
			Hall.name.as_("hall"),
			Hall.address,
			Hall.phone,
			Hall.opening_time,
			Hall.closing_time,
			Hall.offers_off_hours_service,
		)
		.where(Window.status == ACTIVE)
		.where(Hall.status == ACTIVE)
		.where(serves_department(department))
		.orderby(Hall.name)
		.orderby(Window.window_number)
		.run(as_dict=True)
	)
	halls: dict[str, dict] = {}
	for row in rows:
		hall = halls.setdefault(row.hall, hall_info(row.hall, row))
		hall["windows"].append(
			{
				"number": row.window_number,
				"name": row.window_name,
				"floor": row.floor or "",
				"zone": row.zone or "",
			}
		)
	if home_hall and home_hall not in halls:
		# no window yet: still say where the department sits
		hall = frappe.db.get_value(
			"GH Service Hall",
			{"name": home_hall, "status": ACTIVE},
			["name", "address", "phone", "opening_time", "closing_time", "offers_off_hours_service"],
			as_dict=True,
		)
		if hall:
			halls[hall.name] = hall_info(hall.name, hall)
	return sorted(halls.values(), key=lambda hall: hall["name"] != home_hall)


def hall_info(name: str, row) -> dict:
	return {
		"name": name,
		"address": row.address or "",
		"phone": row.phone or "",
		"hours": f"{hhmm(row.opening_time)}–{hhmm(row.closing_time)}",
		"off_hours": bool(row.offers_off_hours_service),
		"windows": [],
	}
