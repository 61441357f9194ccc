"""When a citizen is told by SMS: hooks on GH Case and GH Appointment, and the reminder job.

Each hook works out from the saved record what changed and queues the matching message (gov_hall.
sms.messages.queue_message) with a dedupe key naming the record and the occasion, so a second save,
a retried job or a second worker never makes a second message. A hook never raises: a message that
cannot be queued (a missing value, a wrong mobile, an ID number in a value) is written to the Error
Log and the save goes on; the message is sent by a background job after the commit, so a slow or
broken gateway never holds up a save either.

Case messages (templates in gov_hall.rules.sms):

* received — on insert: the case number and the tracking page;
* supplement_needed — the case goes to Supplement Required: the notice's materials and where to
  bring them (the hall where the citizen applied), one per notice;
* case_accepted — the case is accepted: the promised due date;
* case_forwarded / case_returned — a cross-hall case is sent to the county (once), or returned to
  the receiving hall for a supplement (each return);
* case_completed — completed: how the result is collected (at the hall, sent back to the receiving
  hall, or by post);
* ready_for_collection / case_posted — the result is back at the receiving hall / posted with EMS;
* rating_invitation — the signed rating link (一次一评: one per case), when the citizen's part is
  done: at completion for a single-hall case, when the result is issued or posted for a cross-hall
  case.

Appointment messages: appointment_confirmed on booking (again when the date or time is changed),
appointment_reminder the day before (a daily job at 10:00). Mobile numbers come from the case or the
booking; no variable ever carries an ID number (and gov_hall.rules.sms refuses one anyway).
"""

from __future__ import annotations

import frappe
from frappe.utils import add_days, get_time, get_url, getdate

from gov_hall.rules import sms as rules
from gov_hall.setup.workflows import ACCEPTED, COMPLETED, SUPPLEMENT_REQUIRED
from gov_hall.sms import sender
from gov_hall.sms.messages import queue_message
from gov_hall.utils.clock import today

# GH Case.transfer_status values (gov_hall.rules.handover)
SENT_TO_COUNTY = "Sent to County"
RETURNED = "Returned to Receiving Hall"
READY_FOR_COLLECTION = "Ready for Collection"
ISSUED = "Issued"
POSTED = "Posted"
RETURN_STEP = "Return to Receiving Hall"
POST = "Post"
BOOKED = "Booked"


def _safely(fn, doc) -> None:
	"""Run ``fn(doc)``; whatever goes wrong is logged and rolled back to before it, never raised."""
	frappe.db.savepoint("gh_sms_event")
	try:
		fn(doc)
	except Exception:
		frappe.db.rollback(save_point="gh_sms_event")
		try:
			frappe.log_error(
				title="GH SMS: message not queued", reference_doctype=doc.doctype, reference_name=doc.name
			)
		except Exception:
			pass


# ---------------------------------------------------------------------------------------------
# Cases


def case_links(case) -> dict:
	return {
		"case": case.name,
		"hall": case.hall,
		"department": case.department,
		"receiving_department": case.get("receiving_department"),
	}


def queue_case(case, template: str, params: dict, *occasion) -> str | None:
	return queue_message(
		template,
		case.mobile,
		{"case": case.name, **params},
		dedupe_key=rules.dedupe_key(case.name, template, *occasion),
		**case_links(case),
	)


def cross_hall(case) -> bool:
	return bool(case.get("route")) and bool(case.get("handling_hall")) and case.handling_hall != case.hall


def by_post(case) -> bool:
	return case.get("delivery_method") == POST


def tracking_link() -> str:
	return get_url("/track-case")


def rating_link(case_name: str) -> str:
	"""The signed link of gov_hall.api.ratings.rating_link, made without its reader's permission
	check: the hook runs as whoever saved the case, the job as Administrator."""
	from gov_hall.api.ratings import rating_token

	return get_url(f"/rate?case={case_name}&token={rating_token(case_name)}")


def case_inserted(doc, method=None) -> None:
	if sender.sms_active():
		_safely(case_received, doc)


def case_updated(doc, method=None) -> None:
	before = doc.get_doc_before_save()
	if not before:
		return  # a new case: case_inserted
	status_changed = before.status != doc.status
	stage_changed = before.get("transfer_status") != doc.get("transfer_status")
	if (status_changed or stage_changed) and sender.sms_active():
		if status_changed:
			_safely(case_status_changed, doc)
		if stage_changed:
			_safely(case_stage_changed, doc)


def case_received(case) -> None:
	queue_case(case, rules.CASE_RECEIVED, {"link": tracking_link()})


def case_status_changed(case) -> None:
	if case.status == ACCEPTED:
		due = getdate(case.due_date) if case.due_date else None
		queue_case(case, rules.CASE_ACCEPTED, {"due_date": rules.zh_date(due) if due else None})
	elif case.status == SUPPLEMENT_REQUIRED:
		supplement_needed(case)
	elif case.status == COMPLETED:
		case_completed(case)


def supplement_needed(case) -> None:
	notice = frappe.db.get_value(
		"GH Supplement Notice", {"case": case.name, "status": "Open"}, "name", order_by="creation desc"
	)
	items = frappe.get_all(
		"GH Supplement Item",
		filters={"parent": notice, "parenttype": "GH Supplement Notice"},
		pluck="material_name",
		order_by="idx asc",
	)
	queue_case(case, rules.SUPPLEMENT_NEEDED, {"items": items, "hall": case.hall}, notice)


def case_completed(case) -> None:
	if by_post(case):
		collect = rules.collect_text(rules.COLLECT_BY_POST)
	elif cross_hall(case):
		collect = rules.collect_text(rules.COLLECT_AFTER_RETURN, case.hall)
	else:
		collect = rules.collect_text(rules.COLLECT_AT, case.hall)
	queue_case(case, rules.CASE_COMPLETED, {"collect": collect})
	if not cross_hall(case):
		rating_invitation(case)


def rating_invitation(case) -> None:
	"""一次一评: one invitation per case, whatever happens after."""
	queue_case(case, rules.RATING_INVITATION, {"link": rating_link(case.name)})


def case_stage_changed(case) -> None:
	stage = case.get("transfer_status")
	if stage == SENT_TO_COUNTY:
		queue_case(case, rules.CASE_FORWARDED, {"handling_hall": case.handling_hall, "hall": case.hall})
	elif stage == RETURNED:
		returns = sum(1 for row in case.get("handovers") or [] if row.step == RETURN_STEP)
		queue_case(case, rules.CASE_RETURNED, {"hall": case.hall}, returns or None)
	elif stage == READY_FOR_COLLECTION and not by_post(case):
		queue_case(case, rules.READY_FOR_COLLECTION, {"hall": case.hall})
	elif stage == POSTED:
		queue_case(case, rules.CASE_POSTED, {"ems": case.get("ems_tracking_number")})
		rating_invitation(case)
	elif stage == ISSUED:
		rating_invitation(case)


# ---------------------------------------------------------------------------------------------
# Appointments


def appointment_params(booking) -> dict:
	return {
		"date": rules.zh_date(getdate(booking.appointment_date), with_year=False),
		"time": get_time(booking.slot_start).strftime("%H:%M") if booking.slot_start else None,
		"hall": booking.hall,
		"matter": booking.matter_name,
		"code": booking.booking_code,
	}


def queue_appointment(booking, template: str, *occasion) -> str | None:
	return queue_message(
		template,
		booking.mobile,
		appointment_params(booking),
		appointment=booking.name,
		dedupe_key=rules.dedupe_key(booking.name, template, *occasion),
		hall=booking.hall,
		department=booking.department,
	)


def appointment_confirmed(booking) -> None:
	queue_appointment(
		booking,
		rules.APPOINTMENT_CONFIRMED,
		str(getdate(booking.appointment_date)),
		appointment_params(booking)["time"],
	)


def appointment_inserted(doc, method=None) -> None:
	if doc.status == BOOKED and sender.sms_active():
		_safely(appointment_confirmed, doc)


def appointment_updated(doc, method=None) -> None:
	"""A booking moved to another day or time is confirmed again."""
	before = doc.get_doc_before_save()
	if not before or doc.status != BOOKED:
		return
	moved = getdate(before.appointment_date) != getdate(doc.appointment_date) or (
		get_time(before.slot_start) if before.slot_start else None
	) != (get_time(doc.slot_start) if doc.slot_start else None)
	if moved and sender.sms_active():
		_safely(appointment_confirmed, doc)


def send_reminders() -> None:
	"""Daily (10:00): remind everyone booked for tomorrow (Beijing), once per booking and day."""
	if not sender.sms_active():
		return
	tomorrow = add_days(today(), 1)
	for name in frappe.get_all(
		"GH Appointment",
		filters={"status": BOOKED, "appointment_date": tomorrow},
		pluck="name",
		order_by="slot_start asc",
	):
		booking = frappe.get_doc("GH Appointment", name)
		_safely(
			lambda doc: queue_appointment(
				doc, rules.APPOINTMENT_REMINDER, str(getdate(doc.appointment_date))
			),
			booking,
		)
		frappe.db.commit()  # nosemgrep: each reminder's send job is enqueued after its own row is committed
