"""Complaints (投诉) from the website without an account, and following them by tracking code.

Only the fields a citizen may fill are read; everything is validated again by the complaint's
controller; evidence must really be a JPEG, PNG or PDF (checked by its bytes, not its name) within
the configured size and is stored as a private file. A tracking code is the only key to a
complaint's progress, and the answer holds no personal data. Following is rate-limited per IP
(frappe.rate_limiter), and a wrong code counts against the address's budget of wrong answers shared
with the other public lookups (gov_hall.utils.guessing).
"""

from __future__ import annotations

import datetime
import re

import frappe
from frappe import _
from frappe.rate_limiter import rate_limit
from frappe.utils import getdate

from gov_hall.access import controlled
from gov_hall.rules.complaints import CATEGORIES, normalise_tracking_code
from gov_hall.utils import guessing
from gov_hall.utils.staff_cards import card_staff
from gov_hall.voice import complaints
from gov_hall.voice.evidence import citizen_evidence
from gov_hall.voice.settings import voice_setting

SUBMIT_LIMIT = 5
SUBMIT_WINDOW_SECONDS = 600
TRACK_LIMIT = 10
TRACK_WINDOW_SECONDS = 60
SUBJECT_TYPES = (complaints.WINDOW, complaints.STAFF, complaints.HALL)
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)
FILE_SIGNATURES = {b"\xff\xd8\xff": ".jpg", b"\x89PNG\r\n\x1a\n": ".png", b"%PDF-": ".pdf"}
OLDEST_DAYS = 366
# the action that stamps the staff card a citizen came from (GH Complaint.via_card)
CARD_ACTION = "Complain from Staff Card"


def invalid(message: str) -> None:
	frappe.throw(message, frappe.ValidationError, title=_("Invalid Input"))


def text_arg(value, label: str) -> str:
	if value is None:
		return ""
	if not isinstance(value, str):
		invalid(_("{0} must be text.").format(label))
	return value.strip()


def active_hall(hall: str) -> str:
	if not hall or not frappe.db.exists("GH Service Hall", {"name": hall, "status": "Active"}):
		invalid(_("Choose the service hall."))
	return hall


def hall_window(hall: str, window: str) -> str | None:
	if not window:
		return None
	if not frappe.db.exists("GH Service Window", {"name": window, "hall": hall}):
		invalid(_("Choose a window of this hall."))
	return window


def occurred_date(value: str) -> datetime.date | None:
	if not value:
		return None
	if not ISO_DATE.match(value):
		invalid(_("Give the date as YYYY-MM-DD."))
	try:
		day = datetime.date.fromisoformat(value)
	except ValueError:
		invalid(_("Give the date as YYYY-MM-DD."))
	today = getdate()
	if day > today or (today - day).days > OLDEST_DAYS:
		invalid(_("The date it happened must be within the past year."))
	return day


def uploaded_evidence() -> tuple[str, bytes] | None:
	"""The uploaded evidence file as (file name, content), checked for type and size; None if none."""
	files = getattr(frappe.request, "files", None) if getattr(frappe.local, "request", None) else None
	if not files or "evidence" not in files:
		return None
	upload = files["evidence"]
	limit = voice_setting("web_upload_max_mb") * 1024 * 1024
	content = upload.stream.read(limit + 1)
	if not content:
		return None
	if len(content) > limit:
		invalid(_("The file is larger than {0} MB.").format(voice_setting("web_upload_max_mb")))
	return evidence_name(content), content


def evidence_name(content: bytes) -> str:
	for signature, extension in FILE_SIGNATURES.items():
		if content.startswith(signature):
			return "complaint-evidence" + extension
	invalid(_("Evidence must be a JPG or PNG image or a PDF file."))


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=SUBMIT_LIMIT, seconds=SUBMIT_WINDOW_SECONDS)
def submit_complaint(
	hall: str = "",
	category: str = "",
	description: str = "",
	subject_type: str = "",
	window: str = "",
	staff_description: str = "",
	occurred_on: str = "",
	is_anonymous: int | str = 1,
	complainant_name: str = "",
	complainant_mobile: str = "",
	card: str = "",
) -> dict:
	"""File a complaint; returns the tracking code and the reply due date.

	``card`` is the code of the staff card (挂牌上岗) the citizen came from: for a valid card of an
	on-site staff member with a public card and a window, the complaint is about that staff member
	(their window and hall, described by name and badge number) and records ``via_card``; any other
	code is ignored."""
	staff = card_staff(card)
	if staff and staff.window and staff.hall:
		hall, subject_type, window = staff.hall, complaints.STAFF, staff.window
		staff_description = " ".join(part for part in (staff.full_name, staff.badge_number) if part)
	else:
		staff = None
	hall = active_hall(text_arg(hall, _("Service Hall")))
	category = text_arg(category, _("Category"))
	if category not in CATEGORIES:
		invalid(_("Choose the category of the complaint."))
	subject_type = text_arg(subject_type, _("Complaint About")) or complaints.HALL
	if subject_type not in SUBJECT_TYPES:
		invalid(_("Say whether the complaint is about a window, a staff member or the hall."))
	window = hall_window(hall, text_arg(window, _("Service Window")))
	if subject_type != complaints.HALL and not window:
		invalid(_("Choose the window the complaint is about."))
	anonymous = str(is_anonymous) not in ("0", "false", "False")
	evidence = uploaded_evidence()

	doc = frappe.get_doc(
		{
			"doctype": "GH Complaint",
			"source": complaints.WEB,
			"hall": hall,
			"category": category,
			"subject_type": subject_type,
			"window": window,
			"description": text_arg(description, _("What Happened")),
			"staff_description": text_arg(staff_description, _("Staff as Described")),
			"occurred_on": occurred_date(text_arg(occurred_on, _("Occurred On"))),
			"is_anonymous": 1 if anonymous else 0,
			"complainant_name": None if anonymous else text_arg(complainant_name, _("Complainant Name")),
			"complainant_mobile": None
			if anonymous
			else text_arg(complainant_mobile, _("Complainant Mobile")),
		}
	)
	with controlled.action(doc, CARD_ACTION):
		if staff:
			doc.via_card = staff.name
		doc.insert(ignore_permissions=True)
	if evidence:
		attach_evidence(doc, *evidence)
	return {
		"ok": True,
		"name": doc.name,
		"tracking_code": doc.tracking_code,
		"reply_due_date": str(doc.reply_due_date),
		"message": _(
			"Your complaint has been received. Keep the tracking code: it is the only way to follow the complaint without an account."
		),
	}


def attach_evidence(doc, file_name: str, content: bytes) -> None:
	file_doc = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": file_name,
			"attached_to_doctype": doc.doctype,
			"attached_to_name": doc.name,
			"attached_to_field": "evidence",
			"is_private": 1,
			"content": content,
		}
	)
	with citizen_evidence():
		file_doc.insert(ignore_permissions=True)
	doc.db_set("evidence", file_doc.file_url, update_modified=False)


def not_found() -> dict:
	return {
		"found": False,
		"message": _(
			"No complaint matches this tracking code. Check the code you were given when complaining."
		),
	}


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=TRACK_LIMIT, seconds=TRACK_WINDOW_SECONDS)
def track_complaint(tracking_code: str = "") -> dict:
	"""A complaint's progress for whoever holds its tracking code; no names, numbers or findings."""
	code = normalise_tracking_code(tracking_code)
	if not code:
		return not_found()
	hold = guessing.held(None)
	if hold:
		return {
			"found": False,
			"message": guessing.held_message(
				hold,
				_("Too many wrong answers from your network. Please try again in {0}."),
				_("Too many wrong answers from your network. Please try again in {0}."),
			),
		}
	row = frappe.db.get_value(
		"GH Complaint",
		{"tracking_code": code},
		["name", "category", "status", "received_on", "reply_due_date", "replied_on", "reply", "closed_on"],
		as_dict=True,
	)
	if not row:
		guessing.record_failure(None)
		return not_found()
	replied = row.status in (complaints.REPLIED, complaints.CLOSED)
	return {
		"found": True,
		"complaint": {
			"reference": row.name,
			"category": _(row.category),
			"status": row.status,
			"status_label": _(row.status),
			"received_on": str(getdate(row.received_on)),
			"reply_due_date": str(row.reply_due_date) if row.reply_due_date else None,
			"replied_on": str(row.replied_on) if replied and row.replied_on else None,
			"reply": row.reply if replied else None,
			"closed_on": str(row.closed_on) if row.closed_on else None,
		},
	}
