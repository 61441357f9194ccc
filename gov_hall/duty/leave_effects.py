"""What an approved, returned or cancelled leave request does (请销假): the cover reads the request,
the roster follows (the staff member's slots On Leave, a Cover slot at the window per session still
to come; undone for the sessions still to come on return or cancel) and the home agency is told by
email in Chinese. The request's own checks are in gov_hall.duty.leave."""

from __future__ import annotations

import datetime

import frappe
from frappe import _
from frappe.translate import print_language
from frappe.utils import escape_html, flt, get_datetime, getdate

from gov_hall.access import controlled
from gov_hall.duty.leave import (
	AGENCY_LANGUAGE,
	APPROVED,
	CANCELLED,
	DRAFT,
	LEAVE,
	RETURNED,
	SLOT,
	requested_sessions,
	session_start,
)
from gov_hall.duty.sessions import hall_sessions
from gov_hall.rules import duty as rules
from gov_hall.utils.citizen_print import gh_zh_date
from gov_hall.utils.clock import now_datetime

# ---------------------------------------------------------------------------------------------
# on_update: sharing, the roster, the home agency


def after_save(doc) -> None:
	before = doc.get_doc_before_save()
	share_with_cover(doc, before.cover_staff if before else None)
	old_status = before.status if before else None
	if old_status == doc.status:
		return
	if doc.status == APPROVED:
		apply_leave(doc)
		inform_agency(doc)
	elif doc.status in (RETURNED, CANCELLED):
		cutoff = get_datetime(doc.returned_on) if doc.status == RETURNED and doc.returned_on else None
		release_leave(doc, cutoff or now_datetime())


def share_with_cover(doc, previous: str | None) -> None:
	"""The cover reads the request they cover (gov_hall.access.scope: shared) once it is requested."""
	from frappe.share import add_docshare

	flags = {"ignore_share_permission": True}
	if previous and previous != doc.cover_staff:
		for share in frappe.get_all(
			"DocShare",
			filters={"share_doctype": LEAVE, "share_name": doc.name, "user": previous},
			pluck="name",
		):
			frappe.delete_doc("DocShare", share, ignore_permissions=True, flags=flags)
	if doc.cover_staff and doc.cover_staff != doc.staff and doc.status != DRAFT:
		if not frappe.db.exists(
			"DocShare", {"share_doctype": LEAVE, "share_name": doc.name, "user": doc.cover_staff}
		):
			add_docshare(LEAVE, doc.name, doc.cover_staff, read=1, flags=flags)


def refresh(doc, users) -> None:
	from gov_hall.duty.attendance import refresh_slots

	for user in sorted({u for u in users if u}):
		refresh_slots(doc.hall, getdate(doc.from_date), getdate(doc.to_date), staff=user)


def own_slots(doc, sessions) -> list:
	"""The staff member's own Active slots (A, B, Extra) in the leave's sessions."""
	if not sessions:
		return []
	wanted = set(sessions)
	rows = frappe.get_all(
		SLOT,
		filters={
			"staff": doc.staff,
			"status": rules.ACTIVE,
			"post_role": ["!=", rules.POST_COVER],
			"duty_date": ["between", [doc.from_date, doc.to_date]],
			"session": ["in", rules.REGULAR_SESSIONS],
		},
		fields=["name", "duty_date", "session", "window"],
	)
	return [row for row in rows if (getdate(row.duty_date), row.session) in wanted]


def apply_leave(doc) -> None:
	"""The staff member's slots go On Leave (refresh_slots writes their leave_request from the
	approved leave); the cover gets a Cover slot for each session still to come."""
	sessions = requested_sessions(doc)
	if doc.cover_staff:
		add_cover_slots(doc, sessions, own_slots(doc, sessions))
	refresh(doc, (doc.staff, doc.cover_staff))


def add_cover_slots(doc, sessions, slots) -> None:
	"""A Cover slot at each window the staff member was rostered at (their own window when the
	roster has nothing yet), per session not yet over, unless the cover is already there."""
	from gov_hall.duty.roster import LEAVE_ACTION

	windows_by_session: dict[tuple, set] = {}
	for row in slots:
		windows_by_session.setdefault((getdate(row.duty_date), row.session), set()).add(row.window)
	now = now_datetime()
	hours = hall_sessions(doc.hall)
	existing = {
		(getdate(row.duty_date), row.session, row.window)
		for row in frappe.get_all(
			SLOT,
			filters={
				"staff": doc.cover_staff,
				"status": rules.ACTIVE,
				"duty_date": ["between", [doc.from_date, doc.to_date]],
			},
			fields=["duty_date", "session", "window"],
		)
	}
	for day, session in sessions:
		_start, end = rules.session_datetimes(hours, day, session)
		if end <= now:  # nothing left to cover
			continue
		windows = windows_by_session.get((day, session)) or ({doc.window} if doc.window else set())
		for window in sorted(windows):
			if (day, session, window) in existing:
				continue
			slot = frappe.get_doc(
				{
					"doctype": SLOT,
					"window": window,
					"duty_date": day,
					"session": session,
					"staff": doc.cover_staff,
					"post_role": rules.POST_COVER,
					"leave_request": doc.name,
					"status": rules.ACTIVE,
				}
			)
			# the approval's own effect on the roster (not a hand edit of it)
			with controlled.action(slot, LEAVE_ACTION):
				slot.insert(ignore_permissions=True)
			existing.add((day, session, window))


def release_leave(doc, cutoff: datetime.datetime) -> None:
	"""Returned (销假) or cancelled: the sessions not started by ``cutoff`` are the staff member's
	again (refresh_slots frees their slots) and the Cover slots for them are cancelled."""
	from gov_hall.duty.roster import LEAVE_ACTION

	covers = frappe.get_all(
		SLOT,
		filters={"leave_request": doc.name, "status": rules.ACTIVE, "post_role": rules.POST_COVER},
		fields=["name", "duty_date", "session", "staff"],
	)
	cover_staff = set()
	for row in covers:
		# a session that had started by the return stays covered (gov_hall.duty.attendance alike)
		if session_start(doc.hall, row.duty_date, row.session) < cutoff:
			continue
		slot = frappe.get_doc(SLOT, row.name)
		slot.status = rules.CANCELLED
		with controlled.action(slot, LEAVE_ACTION):
			slot.save(ignore_permissions=True)
		cover_staff.add(row.staff)
	refresh(doc, (doc.staff, *cover_staff))


def agency_email(doc) -> str | None:
	if not doc.home_agency:
		return None
	email = frappe.db.get_value("GH Home Agency", doc.home_agency, "contact_email")
	return (email or "").strip() or None


def inform_agency(doc) -> None:
	"""The staff member's home agency (派出单位) learns of the approved leave, in Chinese; without
	its email (or an outgoing mail account) the approver is told to inform it, and the approval
	stands."""
	recipient = agency_email(doc)
	if not recipient:
		if doc.home_agency:
			message = _(
				"The leave is approved. Home agency {0} has no contact email: inform it yourself."
			).format(doc.home_agency)
		else:
			message = _(
				"The leave is approved. {0} has no home agency on record: inform their agency yourself."
			).format(doc.staff_name or doc.staff)
		frappe.msgprint(message, title=_("Home Agency Not Informed"), indicator="orange")
		return
	with print_language(AGENCY_LANGUAGE):
		subject, message = agency_message(doc)
	messages = len(frappe.local.message_log)
	try:
		frappe.sendmail(
			recipients=[recipient],
			subject=subject,
			message=message,
			reference_doctype=LEAVE,
			reference_name=doc.name,
		)
	except frappe.OutgoingEmailError:
		del frappe.local.message_log[messages:]  # Frappe's own "set up an email account" message
		frappe.msgprint(
			_(
				"The leave is approved. No outgoing email account is set up: inform home agency {0} yourself."
			).format(doc.home_agency),
			title=_("Home Agency Not Informed"),
			indicator="orange",
		)
		return
	doc.db_set({"agency_informed_to": recipient, "agency_informed_on": now_datetime()}, update_modified=False)


def agency_message(doc) -> tuple[str, str]:
	hall = frappe.db.get_value("GH Service Hall", doc.hall, "hall_name") or doc.hall
	department = (
		frappe.db.get_value("GH Stationed Department", doc.department, "department_name") or doc.department
	)
	period = _("{0} {1} to {2} {3}").format(
		gh_zh_date(doc.from_date), _(doc.from_session), gh_zh_date(doc.to_date), _(doc.to_session)
	)
	subject = _("Leave of {0} at {1} approved").format(doc.staff_name, hall)
	rows = [
		(_("Staff Member"), doc.staff_name),
		(_("Stationed Department"), department),
		(_("Leave Type"), _(doc.leave_type)),
		(_("Leave Period"), period),
		(_("Leave Days"), _("{0} working days ({1} sessions)").format(f"{flt(doc.days):g}", doc.sessions)),
		(_("Cover Staff"), doc.cover_staff_name or _("None")),
		(_("Approved On"), gh_zh_date(doc.approved_on)),
	]
	lines = "".join(
		f"<tr><td>{escape_html(label)}</td><td>{escape_html(str(value or ''))}</td></tr>"
		for label, value in rows
	)
	intro = _("The hall approved the following leave of a staff member your agency stationed at {0}.").format(
		hall
	)
	message = f"<p>{escape_html(intro)}</p><table>{lines}</table>"
	return subject, message
