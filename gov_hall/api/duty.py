"""On-site duty (出勤值勤): clocking in and out at the desk, one's own duty of a day, and generating
the roster (gov_hall.duty)."""

# Postponed annotations: Frappe then skips its pydantic check, so malformed arguments reach our own
# validation and get the same clear answer as any other wrong input.
from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import getdate

from gov_hall.access import controlled
from gov_hall.duty import attendance, roster
from gov_hall.utils.clock import today

SLOT_FIELDS = (
	"name",
	"hall",
	"window",
	"department",
	"session",
	"post_role",
	"status",
	"duty_status",
	"session_start",
	"session_end",
	"clock_in",
	"clock_out",
	"late_minutes",
	"early_minutes",
	"leave_request",
)


def _date(value, label: str):
	if value in (None, ""):
		return None
	if not isinstance(value, str):
		frappe.throw(_("{0} is not a valid date.").format(label), title=_("Invalid Input"))
	try:
		return getdate(value)
	except Exception:
		frappe.throw(_("{0} is not a valid date.").format(label), title=_("Invalid Input"))


@frappe.whitelist(methods=["POST"])
def clock(direction: str) -> dict:
	"""Clock in or out now (the server's Beijing time, the client's IP) as the session user, who must
	be on-site window staff; returns the punch and the day's duty."""
	if not isinstance(direction, str):
		frappe.throw(_("Choose Clock In or Clock Out."), title=_("Invalid Input"))
	punch = attendance.clock(frappe.session.user, direction, frappe.local.request_ip)
	return {
		"punch": {
			"name": punch.name,
			"punch_time": punch.punch_time,
			"direction": punch.direction,
			"ip_address": punch.ip_address,
		},
		**my_duty(),
	}


@frappe.whitelist(methods=["GET", "POST"])
def my_duty(date: str | None = None) -> dict:
	"""The session user's duty slots and punches of a day (today in Beijing by default)."""
	day = _date(date, _("Date")) or today()
	user = frappe.session.user
	slots = frappe.get_all(
		attendance.SLOT,
		filters={"staff": user, "duty_date": day, "status": "Active"},
		fields=list(SLOT_FIELDS),
		order_by="session_start asc, window asc",
		ignore_permissions=True,  # one's own roster rows
	)
	for slot in slots:
		slot["session_label"] = _(slot.session)
		slot["duty_status_label"] = _(slot.duty_status) if slot.duty_status else ""
	start, end = attendance._day_bounds(day, day)
	punches = frappe.get_all(
		attendance.PUNCH,
		filters={"staff": user, "punch_time": ("between", [start, end])},
		fields=["punch_time", "direction", "source"],
		order_by="punch_time asc",
		ignore_permissions=True,  # one's own punches
	)
	punches = [p for p in punches if p.punch_time < end]
	record = attendance.staff_record(user)
	return {
		"date": str(day),
		"on_site": bool(record and record.status == "On Site"),
		"slots": slots,
		"punches": punches,
	}


@frappe.whitelist(methods=["POST"])
def generate_roster(hall: str, from_date: str, to_date: str, department: str | None = None) -> dict:
	"""Generate the A/B roster of a hall (one department's windows, or all) for today and later;
	a chief representative for their own department, managers for any."""
	if not isinstance(hall, str) or not hall or not frappe.db.exists("GH Service Hall", hall):
		frappe.throw(_("Service Hall {0} not found.").format(hall or ""), title=_("Invalid Input"))
	if department is not None and not isinstance(department, str):
		frappe.throw(_("Department not found."), title=_("Invalid Input"))
	department = department or None
	start = _date(from_date, _("From Date"))
	end = _date(to_date, _("To Date"))
	if not start or not end:
		frappe.throw(_("From Date and To Date are required."), title=_("Invalid Input"))
	if department:
		if frappe.db.get_value("GH Stationed Department", department, "hall") != hall:
			frappe.throw(_("Department not found."), title=_("Invalid Input"))
	if not controlled.is_manager():
		if not department:
			frappe.throw(
				_("Choose your department: only hall managers generate the whole hall's roster."),
				frappe.PermissionError,
				title=_("Not Allowed"),
			)
		roster.check_roster_permission(department)
	roster.check_roster_range(start, end)
	return roster.generate_roster(hall, start, end, department)
