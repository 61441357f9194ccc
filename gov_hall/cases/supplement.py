"""One-time notification (一次性告知制) with supplement notices (补正材料通知书).

A notice lists every missing or defective material at once and pauses the case's clock until
the applicant returns. A later notice on the same case that asks for anything the earlier ones
did not is a one-time-notification violation, counted against the window and the staff member.
"""

import frappe
from frappe import _
from frappe.utils import getdate

from gov_hall.access import controlled
from gov_hall.cases.deadline import notice_limit_days
from gov_hall.cases.lifecycle import OPEN_FOR_NOTICE
from gov_hall.rules.deadlines import notice_deadline
from gov_hall.setup.workflows import SUPPLEMENT_REQUIRED
from gov_hall.utils.calendar import get_hall_calendar
from gov_hall.utils.clock import now_datetime

MAX_ITEM_LENGTH = 140


def normalise(material: str) -> str:
	return "".join((material or "").split()).lower()


def stamp_issue(notice) -> None:
	notice.issued_by = frappe.session.user
	notice.issued_on = now_datetime()
	notice.status = "Open"


def validate_notice(notice) -> None:
	case = frappe.db.get_value(
		"GH Case", notice.case, ["status", "window", "matter", "hall", "received_on"], as_dict=True
	)
	if notice.is_new() and case.status not in OPEN_FOR_NOTICE:
		frappe.throw(
			_("A supplement notice can only be issued on a case that is received, accepted or in process."),
			title=_("Invalid Input"),
		)
	if not notice.items:
		frappe.throw(
			_("List every material the applicant must supplement or correct."), title=_("Invalid Input")
		)
	notice.window = case.window
	listed = {normalise(m) for m in matter_materials(case.matter)}
	seen = set()
	for item in notice.items:
		item.material_name = (item.material_name or "").strip()
		if not item.material_name or len(item.material_name) > MAX_ITEM_LENGTH or "<" in item.material_name:
			frappe.throw(
				_("Row {0}: enter the material as plain text.").format(item.idx), title=_("Invalid Input")
			)
		key = normalise(item.material_name)
		if key in seen:
			frappe.throw(
				_("Row {0}: {1} is listed twice.").format(item.idx, item.material_name),
				title=_("Invalid Input"),
			)
		seen.add(key)
		item.from_matter = int(key in listed)
	if notice.is_new():
		calendar = get_hall_calendar(case.hall)
		last_day = notice_deadline(calendar, getdate(case.received_on), notice_limit_days())
		notice.issued_in_time = int(getdate(notice.issued_on) <= last_day)


def matter_materials(matter: str) -> list[str]:
	return frappe.get_all(
		"GH Matter Material",
		filters={"parent": matter, "parenttype": "GH Service Matter"},
		pluck="material_name",
	)


def earlier_notices(case: str, exclude: str | None = None) -> list[str]:
	filters = {"case": case, "status": ["!=", "Cancelled"]}
	if exclude:
		filters["name"] = ["!=", exclude]
	return frappe.get_all("GH Supplement Notice", filters=filters, pluck="name")


def check_one_time_rule(notice) -> None:
	earlier = earlier_notices(notice.case, notice.name)
	notice.is_first_notice = int(not earlier)
	if not earlier:
		notice.is_violation = 0
		return
	asked_before = {
		normalise(m)
		for m in frappe.get_all(
			"GH Supplement Item",
			filters={"parent": ["in", earlier], "parenttype": "GH Supplement Notice"},
			pluck="material_name",
		)
	}
	new_items = [
		item.material_name for item in notice.items if normalise(item.material_name) not in asked_before
	]
	notice.is_violation = int(bool(new_items))
	notice.violation_items = "\n".join(new_items)


def pause_case(notice) -> None:
	"""Issuing the notice moves the case to Supplement Required through the case workflow."""
	case = frappe.get_doc("GH Case", notice.case)
	if notice.is_first_notice:
		case.first_notice_on = getdate(notice.issued_on)
	case.status = SUPPLEMENT_REQUIRED
	with controlled.action(case, "Issue Supplement Notice"):
		case.save()
	if notice.is_violation:
		case.add_comment(
			"Comment",
			_("One-time notification violation: notice {0} asks for materials not listed before: {1}").format(
				notice.name, notice.violation_items.replace("\n", "、")
			),
		)
