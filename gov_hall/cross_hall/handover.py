"""One case across halls (县乡同办): the engine of the hand-over steps, and the case's guards.

A case received at a township hall or a village service point for a county matter keeps its number
and its clock from the receiving hall (``hall``, ``window``, ``first_responder``). The matter's
department at the county (``department``, ``handling_hall``) reviews and decides it. The steps of
gov_hall.rules.handover move it between the two, each recorded as a GH Case Handover row with who
and when (Beijing time); only ``take_step`` changes ``transfer_status``, ``handovers`` and the
``handling_*`` fields.
"""

from __future__ import annotations

import re

import frappe
from frappe import _
from frappe.utils import cint

from gov_hall.access import controlled
from gov_hall.cross_hall import catalogue
from gov_hall.rules import handover as rules
from gov_hall.setup.roles import CHIEF_REPRESENTATIVE, WINDOW_STAFF
from gov_hall.setup.workflows import RECEIVED, SUPPLEMENT_REQUIRED
from gov_hall.utils import halls
from gov_hall.utils.clock import now_datetime

CASE = "GH Case"
SYSTEM_USERS = ("Administrator",)
DEPARTMENT_ROLES = frozenset({WINDOW_STAFF, CHIEF_REPRESENTATIVE})
TRACKING_NUMBER = re.compile(r"^[A-Za-z0-9-]{6,40}$")
MAX_NOTE_LENGTH = 500
MAX_PAPER_COUNT = 10000
STEP_CONTEXT = "GH Case Handover"


# ---------------------------------------------------------------------------------------------
# Who is on which side


def departments_of(user: str) -> tuple:
	from gov_hall.access.scope import departments_of as scoped_departments

	if not DEPARTMENT_ROLES & set(frappe.get_roles(user)):
		return ()
	return scoped_departments(user)


def sides_of_user(case, user: str | None = None) -> list[str]:
	"""The sides ``user`` acts for on ``case``: handling (the county department) and/or receiving
	(the receiving department)."""
	mine = set(departments_of(user or frappe.session.user))
	sides = []
	if case.department in mine:
		sides.append(rules.HANDLING)
	if case.receiving_department and case.receiving_department in mine:
		sides.append(rules.RECEIVING)
	return sides


def may_act(case, side: str, user: str | None = None) -> bool:
	user = user or frappe.session.user
	if user in SYSTEM_USERS or controlled.is_manager(user):
		return True
	mine = set(departments_of(user))
	if side == rules.HANDLING:
		return case.department in mine
	return bool(case.receiving_department) and case.receiving_department in mine


READ_TYPES = frozenset({"read", "select", "print", "export", "email", "report", "share"})


def may_write(case, user: str | None = None) -> bool:
	"""GH Case.has_permission for writing: the case's handling department, and for a case received
	away from the matter's hall, its receiving department.

	GH Case's department links ignore the departments' User Permissions (a township's staff must
	read a county department's case): the record scope (gov_hall.access.scope) decides reading, and
	this keeps writing where those User Permissions kept it: a document merely shared with a user
	(the first responder's read share) is not theirs to change, and a new case is of one's own
	department, or received at one's own window for another hall's matter."""
	user = user or frappe.session.user
	if user in SYSTEM_USERS or controlled.is_manager(user):
		return True
	mine = set(departments_of(user))
	if not mine:
		return True  # no department: the role permissions and the record scope decide
	if not case.is_new():
		return case.department in mine or bool(
			case.receiving_department and case.receiving_department in mine
		)
	department = frappe.db.get_value("GH Service Matter", case.matter, "department") if case.matter else None
	if not department or department in mine:
		return True
	matter_hall = frappe.db.get_value("GH Stationed Department", department, "hall")
	window_department = (
		frappe.db.get_value("GH Service Window", case.window, "department") if case.window else None
	)
	# received at one's own window in another hall of the matter's county: the catalogue decides
	# (gov_hall.cross_hall.catalogue.route_for refuses a hall that may not accept the matter)
	return bool(
		case.hall
		and case.hall != matter_hall
		and window_department in mine
		and halls.same_county(case.hall, matter_hall)
	)


# ---------------------------------------------------------------------------------------------
# GH Case validate: the route, the receiving department, the first stage, the status guard


def derive_route(case) -> None:
	"""Route, handling hall, receiving department and first stage, from the matter and the hall.

	Set when the case is recorded and recomputed while it is still only received (its matter, hall
	or window may be corrected then); frozen once it has moved."""
	if not case.is_new() and (case.handovers or previous_status(case) != RECEIVED):
		before = case.get_doc_before_save()
		if case.receiving_department and before and before.window != case.window and case.window:
			case.receiving_department = receiving_department_of(case)  # referred to another window
		return
	route = (
		catalogue.route_for(case.matter, case.hall)
		if case.is_new() or route_inputs_changed(case)
		else case.route
	)
	matter_hall = frappe.db.get_value("GH Stationed Department", case.department, "hall")
	case.route = route or None
	case.handling_hall = matter_hall if route else None
	case.transfer_status = rules.FIRST_STAGE if route else None
	away = bool(route) or catalogue.received_away(case.matter, case.hall)
	case.receiving_department = receiving_department_of(case) if away else None


def route_inputs_changed(case) -> bool:
	before = case.get_doc_before_save()
	return before is None or before.matter != case.matter or before.hall != case.hall


def receiving_department_of(case) -> str | None:
	"""The receiving window's department; without a window, the first responder's at this hall."""
	if case.window:
		return frappe.db.get_value("GH Service Window", case.window, "department")
	if case.first_responder:
		return frappe.db.get_value(
			"GH Window Staff",
			{"user": case.first_responder, "hall": case.hall, "status": "On Site"},
			"department",
		)
	return None


def previous_status(case) -> str | None:
	before = case.get_doc_before_save()
	return before.status if before else None


def guard_status_change(case) -> None:
	"""A cross-hall case is decided at the county, after it is received there; the receiving hall
	accepts it and asks for supplements while it holds it; nothing moves while the papers travel."""
	if not case.route or case.is_new():
		return
	old = previous_status(case)
	if old == case.status:
		return
	user = frappe.session.user
	if user in SYSTEM_USERS:
		return
	sides = sides_of_user(case, user)
	if controlled.is_manager(user):
		sides = [rules.holder(case.transfer_status), *sides]
	if any(rules.may_change_status(case.transfer_status, case.status, side) for side in sides):
		return
	if case.status in rules.DECIDED:
		frappe.throw(
			_(
				"Case {0} was received at {1} for a county matter: it is completed or refused only by the handling department at the county, after it has received the case."
			).format(case.name, hall_name(case.hall)),
			title=_("Not Allowed"),
		)
	if case.transfer_status in rules.IN_TRANSIT:
		frappe.throw(
			_("Case {0} is on its way ({1}): receive it first.").format(
				case.name, _(case.transfer_status, context=CASE)
			),
			title=_("Not Allowed"),
		)
	frappe.throw(
		_("Case {0} is now at {1}: only that side can change its status.").format(
			case.name, _(case.transfer_status, context=CASE)
		),
		title=_("Not Allowed"),
	)


def guard_delivery(case) -> None:
	"""Once the result is issued or posted, how it was delivered is history."""
	if case.is_new() or case.transfer_status not in rules.DONE_STAGES:
		return
	before = case.get_doc_before_save()
	if (
		before
		and before.transfer_status in rules.DONE_STAGES
		and before.delivery_method != case.delivery_method
	):
		frappe.throw(
			_("The result has been delivered: the delivery method cannot change."), title=_("Not Allowed")
		)


def hall_name(hall: str | None) -> str:
	return (frappe.db.get_value("GH Service Hall", hall, "hall_name") if hall else None) or hall or ""


# ---------------------------------------------------------------------------------------------
# The steps


def next_steps(case, user: str | None = None) -> list[dict]:
	"""The steps the case may take next, and whether ``user`` may take each."""
	user = user or frappe.session.user
	out = []
	for step in rules.allowed_steps(
		case.transfer_status if case.route else None, case.status, case.is_paused
	):
		rule = rules.step_of(step)
		out.append(
			{
				"step": step,
				"label": step_label(step),
				"side": rule.side,
				"allowed": may_act(case, rule.side, user),
				"needs_tracking_number": int(step == rules.POST),
				"chooses_window": int(step == rules.RECEIVE_AT_COUNTY),
				"carries_papers": int(step not in (rules.ISSUE, rules.POST)),
			}
		)
	return out


def take_step(case_name: str, step: str, details: dict | None = None) -> dict:
	"""Take one hand-over step on a cross-hall case, as the session user."""
	details = details or {}
	if not isinstance(step, str) or rules.step_of(step) is None:
		frappe.throw(_("Unknown hand-over step: {0}").format(str(step)[:60]), title=_("Invalid Input"))
	if not isinstance(case_name, str) or not frappe.db.exists(CASE, case_name):
		raise frappe.DoesNotExistError(_("Case {0} not found").format(str(case_name)[:60]))
	case = frappe.get_doc(CASE, case_name)
	if not frappe.has_permission(CASE, "read", doc=case):
		raise frappe.PermissionError(_("You cannot read case {0}.").format(case.name))
	rule = rules.step_of(step)
	if not case.route:
		refuse(case, step, rules.NOT_CROSS_HALL)
	if not may_act(case, rule.side):
		raise frappe.PermissionError(
			_("{0} is taken by the {1}.").format(step_label(step), side_label(rule.side)),
		)
	tracking = clean_tracking_number(details.get("tracking_number")) if step == rules.POST else None
	refused = rules.refusal(
		step, case.transfer_status, case.status, cint(case.is_paused), tracking, bool(case.route)
	)
	if refused:
		refuse(case, step, refused)
	row = handover_row(case, step, details)
	if step == rules.RECEIVE_AT_COUNTY:
		case.handling_window = county_window(case, details.get("handling_window"))
		case.handling_staff = frappe.session.user
	elif step == rules.RETURN:
		require_county_notice(case)
	elif step == rules.ISSUE:
		case.issued_on = row["at"]
		case.delivery_method = "Collect at Hall"
	elif step == rules.POST:
		row["tracking_number"] = tracking
		case.ems_tracking_number = tracking
		case.issued_on = row["at"]
		case.delivery_method = "Post"
	case.append("handovers", row)
	case.transfer_status = rule.to_stage
	with controlled.action(case, step):
		case.flags.ignore_permissions = True  # checked above: the case is readable and the side is theirs
		case.save()
	return {
		"case": case.name,
		"step": step,
		"transfer_status": case.transfer_status,
		"at": str(row["at"]),
		"by": row["by_user"],
		"handovers": len(case.handovers),
	}


def step_label(step: str) -> str:
	"""A step's name in the user's language ("Issue" is also the queue's word, hence the context)."""
	return _(step, context=STEP_CONTEXT)


def side_label(side: str) -> str:
	return _("receiving hall") if side == rules.RECEIVING else _("handling department at the county")


def refuse(case, step: str, code: str) -> None:
	if code == rules.NOT_CROSS_HALL:
		message = _("Case {0} is handled in one hall: it has no hand-overs.").format(case.name)
	elif code == rules.CASE_ENDED:
		message = _("Case {0} has ended ({1}).").format(case.name, _(case.status))
	elif code == rules.WRONG_STAGE:
		message = _("{0} cannot be taken now: case {1} is at stage {2}, and no step can be skipped.").format(
			step_label(step), case.name, _(case.transfer_status, context=CASE)
		)
	elif code == rules.WRONG_STATUS:
		message = _("{0} cannot be taken while case {1} is {2}.").format(
			step_label(step), case.name, _(case.status, context=CASE)
		)
	elif code == rules.PAUSED:
		message = _("Case {0} waits for the applicant's supplement: forward it once they return.").format(
			case.name
		)
	elif code == rules.NEEDS_TRACKING_NUMBER:
		message = _("Enter the EMS tracking number of the posted result.")
	else:
		message = _("{0} cannot be taken now.").format(step_label(step))
	frappe.throw(message, title=_("Not Allowed"))


def clean_tracking_number(value) -> str | None:
	number = (value or "").strip() if isinstance(value, str) else ""
	if not number:
		return None
	if not TRACKING_NUMBER.match(number):
		frappe.throw(
			_("Enter the tracking number as 6 to 40 letters, digits or hyphens."), title=_("Invalid Input")
		)
	return number.upper()


def clean_text(value, what: str) -> str | None:
	if value in (None, ""):
		return None
	if not isinstance(value, str) or len(value) > MAX_NOTE_LENGTH * 4 or "<" in value or ">" in value:
		frappe.throw(_("{0}: plain text only, please.").format(what), title=_("Invalid Input"))
	return value.strip() or None


def handover_row(case, step: str, details: dict) -> dict:
	rule = rules.step_of(step)
	paper_items = clean_text(details.get("paper_items"), _("Paper Materials"))
	problem = rules.paper_problem(paper_items)
	if problem:
		frappe.throw(
			_(
				"List the paper materials one per line, plain text, at most {0} lines of {1} characters."
			).format(rules.MAX_PAPER_LINES, rules.MAX_LINE_LENGTH),
			title=_("Invalid Input"),
		)
	lines = rules.paper_lines(paper_items)
	count = details.get("paper_count")
	if count in (None, "", 0, "0"):
		paper_count = len(lines)
	else:
		try:
			paper_count = int(count)
		except (TypeError, ValueError):
			paper_count = -1
		if paper_count < 0 or paper_count > MAX_PAPER_COUNT:
			frappe.throw(_("Enter the number of paper items as a whole number."), title=_("Invalid Input"))
	notes = clean_text(details.get("notes"), _("Notes"))
	if notes and len(notes) > MAX_NOTE_LENGTH:
		frappe.throw(_("Keep the note to 500 characters of plain text."), title=_("Invalid Input"))
	if rule.to_county is True:
		from_hall, to_hall = case.hall, case.handling_hall
	elif rule.to_county is False:
		from_hall, to_hall = case.handling_hall, case.hall
	else:
		from_hall, to_hall = case.hall, None
	user = frappe.session.user
	return {
		"step": step,
		"at": now_datetime(),
		"by_user": user,
		"by_name": frappe.db.get_value("User", user, "full_name") or user,
		"from_hall": from_hall,
		"to_hall": to_hall,
		"paper_items": "\n".join(lines) or None,
		"paper_count": paper_count,
		"electronic_count": frappe.db.count(
			"File", {"attached_to_doctype": CASE, "attached_to_name": case.name}
		),
		"notes": notes,
	}


def county_window(case, chosen: str | None) -> str:
	"""The county window that handles the case: the one chosen, else the receiving user's own, else
	the department's first active window in the handling hall."""
	windows = department_windows(case.department, case.handling_hall)
	if chosen:
		if chosen not in windows:
			frappe.throw(
				_("Choose an active window of the handling department in {0}.").format(
					hall_name(case.handling_hall)
				),
				title=_("Invalid Input"),
			)
		return chosen
	own = frappe.get_all(
		"GH Window Staff", filters={"user": frappe.session.user, "status": "On Site"}, pluck="window"
	)
	for window in own:
		if window in windows:
			return window
	if not windows:
		frappe.throw(
			_("The handling department has no active window in {0}.").format(hall_name(case.handling_hall)),
			title=_("Invalid Input"),
		)
	return windows[0]


def department_windows(department: str, hall: str) -> list[str]:
	"""Active windows of ``hall`` that serve ``department`` (its own or as a served department)."""
	own = frappe.get_all(
		"GH Service Window",
		filters={"hall": hall, "department": department, "status": "Active"},
		pluck="name",
		order_by="window_number asc",
	)
	served = frappe.get_all(
		"GH Window Department",
		filters={"department": department, "parenttype": "GH Service Window"},
		pluck="parent",
	)
	if served:
		served = frappe.get_all(
			"GH Service Window",
			filters={"name": ["in", served], "hall": hall, "status": "Active"},
			pluck="name",
			order_by="window_number asc",
		)
	return [*own, *[w for w in served if w not in own]]


def require_county_notice(case) -> None:
	"""Returning needs an open supplement notice issued while the county held the case."""
	received = [row.at for row in case.handovers if row.step == rules.RECEIVE_AT_COUNTY]
	notice = None
	if case.status == SUPPLEMENT_REQUIRED and received:
		notice = frappe.db.get_value(
			"GH Supplement Notice",
			{"case": case.name, "status": "Open", "issued_on": [">=", max(received)]},
			"name",
		)
	if not notice:
		frappe.throw(
			_(
				"Issue a one-time supplement notice at the county listing every missing material before returning the case."
			),
			title=_("Not Allowed"),
		)


# ---------------------------------------------------------------------------------------------
# After save


def attach_consent(case) -> None:
	"""The consent file, uploaded before the case existed, is attached to it (its readers follow
	the case's)."""
	if not case.consent_attachment:
		return
	name = frappe.db.get_value(
		"File",
		{"file_url": case.consent_attachment, "is_private": 1, "attached_to_name": ["is", "not set"]},
		"name",
	)
	if name:
		frappe.db.set_value(
			"File",
			name,
			{
				"attached_to_doctype": CASE,
				"attached_to_name": case.name,
				"attached_to_field": "consent_attachment",
			},
		)
