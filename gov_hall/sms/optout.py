"""Opting out of the hall's SMS (退订): everything but statutory notices.

A citizen opts out at ``/sms-opt-out`` with a case number or a booking code and the last four
digits of the mobile given there, or at the hall (a manager records it). Only a keyed hash of the
number is kept (GH SMS Opt-Out, HMAC with the site's encryption key): the table holds no number,
and its hashes cannot be tried against the 10¹⁰ mobile numbers without the key.

The public lookup answers like case tracking: the same answer for an unknown number and wrong
digits, requests limited per IP (frappe.rate_limiter), wrong answers counted per address and number
(gov_hall.utils.guessing), on the same counters as case tracking and booking cancellation, so
opting out gives a guesser no extra tries.
"""

from __future__ import annotations

import hmac
import unicodedata

import frappe
from frappe import _
from frappe.rate_limiter import rate_limit

from gov_hall.api.appointments import booking_target
from gov_hall.api.portal import CASE_NUMBER, LAST4, case_target, normalise
from gov_hall.rules import appointments as appointment_rules
from gov_hall.rules import sms as rules
from gov_hall.rules.identifiers import validate_mobile
from gov_hall.utils import guessing
from gov_hall.utils.clock import now_datetime

OPT_OUT = "GH SMS Opt-Out"
WEB_PAGE = "Web Page"
HALL_STAFF = "Hall Staff"
MANAGERS = ("Hall Manager", "Hall Administrator", "System Manager")


def require_manager() -> None:
	"""Hall managers only (frappe.only_for lets everyone through in tests)."""
	if frappe.session.user != "Administrator" and not set(MANAGERS) & set(frappe.get_roles()):
		raise frappe.PermissionError(_("Only hall managers may do this."))


# Per IP (frappe.rate_limiter): every call counts.
OPT_OUT_LIMIT = 10
OPT_OUT_WINDOW_SECONDS = 60


def mobile_hash(mobile) -> str:
	from frappe.utils.password import get_encryption_key

	return rules.mobile_hash(mobile, get_encryption_key().encode())


def is_opted_out(mobile) -> bool:
	if not mobile:
		return False
	return bool(frappe.db.exists(OPT_OUT, {"mobile_hash": mobile_hash(mobile)}))


def opt_out(mobile, source: str = WEB_PAGE) -> bool:
	"""Record the opt-out of ``mobile``; False when it had opted out already."""
	digest = mobile_hash(mobile)
	if frappe.db.exists(OPT_OUT, {"mobile_hash": digest}):
		return False
	doc = frappe.get_doc(
		{"doctype": OPT_OUT, "mobile_hash": digest, "opted_out_on": now_datetime(), "source": source}
	)
	doc.flags.gh_opt_out = True
	frappe.db.savepoint("gh_sms_opt_out")
	try:
		doc.insert(ignore_permissions=True)
	except (frappe.DuplicateEntryError, frappe.UniqueValidationError):  # the same number at the same moment
		frappe.db.rollback(save_point="gh_sms_opt_out")
		return False
	return True


@frappe.whitelist(methods=["POST"])
def record_opt_out(mobile: str = "") -> dict:
	"""A manager records a citizen's opt-out asked for at the hall or by phone."""
	require_manager()
	try:
		number = validate_mobile(rules.normalise_mobile(mobile if isinstance(mobile, str) else ""))
	except Exception:
		frappe.throw(_("Enter a mainland mobile number of 11 digits."), title=_("Invalid Input"))
	created = opt_out(number, HALL_STAFF)
	return {
		"created": created,
		"message": _("This mobile now receives statutory notices only.")
		if created
		else _("This mobile had already opted out."),
	}


# ---------------------------------------------------------------------------------------------
# The public page


def miss() -> dict:
	"""The one answer for every miss: unknown number or code, wrong digits, malformed input."""
	return {
		"ok": False,
		"message": _(
			"No case or appointment matches this number and these digits. Check the case number on your receipt or your booking code, and the last 4 digits of the mobile number you gave."
		),
	}


def held_back(hold) -> dict:
	return {
		"ok": False,
		"message": guessing.held_message(
			hold,
			_(
				"Too many wrong digits for this number from your network. Please try again in {0}, or ask the hall."
			),
			_("Too many wrong answers from your network. Please try again in {0}, or ask the hall."),
		),
	}


def target_of(number: str) -> tuple[str, str, str] | None:
	"""What a typed number is: ("case", case number, counted target) or ("booking", code, target)."""
	if CASE_NUMBER.match(number):
		return "case", number, case_target(number)
	code = appointment_rules.normalise_booking_code(number)
	return ("booking", code, booking_target(code)) if code else None


def stored_mobile(kind: str, key: str) -> tuple[str | None, str | None]:
	"""The last four digits and the mobile of a case or a booking (None, None when there is none)."""
	if kind == "case":
		row = frappe.db.get_value("GH Case", key, ["mobile_last4", "mobile"], as_dict=True)
	else:
		row = frappe.db.get_value(
			"GH Appointment", {"booking_code": key}, ["mobile_last4", "mobile"], as_dict=True
		)
	return (row.mobile_last4, row.mobile) if row else (None, None)


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=OPT_OUT_LIMIT, seconds=OPT_OUT_WINDOW_SECONDS)
def opt_out_by_number(number: str = "", phone_last4: str = "") -> dict:
	"""Opt the mobile of a case or booking out of non-statutory SMS, for whoever holds its number
	and the last four digits of that mobile. ``{"ok": True, "message"}``, or the same miss answer
	for every kind of miss."""
	value = normalise(number, upper=True)
	digits = normalise(phone_last4)
	if not value or not digits or not LAST4.match(digits):
		return miss()
	found = target_of(unicodedata.normalize("NFKC", value))
	if not found:
		return miss()
	kind, key, target = found
	# an address held back is not checked at all; one with a clean record for this number always is
	hold = guessing.held(target)
	if hold:
		return held_back(hold)
	stored, mobile = stored_mobile(kind, key)
	# compare even when there is no record, so both misses take the same path
	matches = hmac.compare_digest(digits.encode(), (stored or "----").encode())
	if not stored or not mobile or not matches:
		guessing.record_failure(target)
		return miss()
	opt_out(mobile, WEB_PAGE)
	return {
		"ok": True,
		"message": _(
			"Done. This mobile will receive no more messages from the hall except the notices the law requires (supplement needed, accepted, completed)."
		),
	}
