"""Acting for the citizen (代办/帮办).

A township or village staff member, or a hall's agent (代办员), may act for an applicant with their
written consent. The case records who acted (``agent``, ``agent_name``, ``agent_role``), the signed
consent (``consent_attachment``, a private file) and when it was recorded. The applicant keeps
tracking and rating the case with their own phone digits: nothing here touches the mobile fields.

Who may act:
- an on-site staff member of the receiving hall (the case's ``hall``): "Village Staff" at a village
  service point, "Township Staff" at a township hall;
- a hall agent: an on-site staff member whose position is an agent's (代办员), at any hall of the
  receiving hall's county.
The matter must allow agents (``agent_allowed``).
"""

from __future__ import annotations

import frappe
from frappe import _

from gov_hall.utils import halls
from gov_hall.utils.clock import now_datetime

TOWNSHIP_STAFF = "Township Staff"
VILLAGE_STAFF = "Village Staff"
HALL_AGENT = "Hall Agent"
# GH Window Staff.position of a hall's agent
AGENT_POSITIONS = frozenset({"代办员", "帮办员", "代办帮办员", "hall agent", "agent"})
PRIVATE_PREFIX = "/private/files/"


def is_agent_position(position: str | None) -> bool:
	return "".join((position or "").split()).lower() in {"".join(p.split()) for p in AGENT_POSITIONS}


def agent_role(user: str, hall: str) -> str | None:
	"""The role in which ``user`` may act for a citizen who applies at ``hall``, or None."""
	records = frappe.get_all(
		"GH Window Staff",
		filters={"user": user, "status": "On Site"},
		fields=["hall", "position", "department"],
	)
	for record in records:
		record.hall = record.hall or frappe.db.get_value("GH Stationed Department", record.department, "hall")
	for record in records:
		if is_agent_position(record.position) and halls.same_county(record.hall, hall):
			return HALL_AGENT
	if any(record.hall == hall for record in records):
		if halls.is_village_point(hall):
			return VILLAGE_STAFF
		if halls.is_township(hall):
			return TOWNSHIP_STAFF
	return None


def validate_agent(case) -> None:
	"""GH Case validate: an agent needs an agent's standing, a matter that allows agents and the
	applicant's written consent as a private file; the consent is stamped when recorded."""
	if not case.agent:
		case.agent_name = None
		case.agent_role = None
		case.consent_recorded_on = None
		return
	before = case.get_doc_before_save() if not case.is_new() else None
	changed = (
		before is None or before.agent != case.agent or before.consent_attachment != case.consent_attachment
	)
	if not changed and case.agent_role:
		return
	if not frappe.db.get_value("GH Service Matter", case.matter, "agent_allowed"):
		frappe.throw(
			_("Matter {0} must be applied for by the applicant in person: no agent may act for them.").format(
				case.matter_name or case.matter
			),
			title=_("Invalid Input"),
		)
	role = agent_role(case.agent, case.hall)
	if not role:
		frappe.throw(
			_(
				"{0} cannot act for the applicant here: an agent is a staff member of this hall or a hall agent of the county."
			).format(case.agent),
			title=_("Invalid Input"),
		)
	check_consent(case)
	case.agent_role = role
	case.agent_name = frappe.db.get_value("User", case.agent, "full_name") or case.agent
	if before is None or before.consent_attachment != case.consent_attachment or not case.consent_recorded_on:
		case.consent_recorded_on = now_datetime()


def check_consent(case) -> None:
	url = (case.consent_attachment or "").strip()
	if not url:
		frappe.throw(
			_("Attach the applicant's signed written consent before an agent acts for them."),
			title=_("Invalid Input"),
		)
	if not url.startswith(PRIVATE_PREFIX) or not frappe.db.exists("File", {"file_url": url, "is_private": 1}):
		frappe.throw(
			_("Upload the written consent as a private file."),
			title=_("Invalid Input"),
		)
