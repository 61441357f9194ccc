"""Who sees which citizen-voice records. The rules themselves live with every other doctype's in
``gov_hall.access.scope`` (one table, wired in hooks.py for every read path):

- integrity complaints (廉洁) are seen by managers only (and by the supervisor who recorded one);
- complaints about the hall itself (no department) are handled by managers, not chief representatives;
- an external supervisor sees only their own record, complaints and inspections.

This module keeps the helpers the voice code and the reports import.
"""

import frappe

from gov_hall.access.scope import INTEGRITY, MANAGER_ROLES, is_manager  # noqa: F401
from gov_hall.setup.roles import CHIEF_REPRESENTATIVE, HALL_SUPERVISOR


def only_supervisor(user: str) -> bool:
	roles = set(frappe.get_roles(user))
	return HALL_SUPERVISOR in roles and CHIEF_REPRESENTATIVE not in roles


def own_supervisor(user: str) -> str:
	from gov_hall.voice.supervisors import supervisor_of

	return supervisor_of(user) or ""
