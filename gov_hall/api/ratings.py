"""Ratings (好差评) from citizens without an account, the SMS rating link, and appeal decisions.

A citizen rates a case with its number and the last four digits of the applicant's mobile (channel
Web), or through the link sent by SMS, which carries a signature of the case number (channel SMS
Link). Every miss gets the same answer, and attempts are rate-limited per IP and per case number.
"""

# Postponed annotations: Frappe then skips its pydantic check, so malformed arguments reach our own
# validation and get the same clear answer as any other wrong input.
from __future__ import annotations

import hashlib
import hmac

import frappe
from frappe import _
from frappe.rate_limiter import rate_limit
from frappe.utils import get_url

from gov_hall.api.portal import (
	CASE_FAILURE_LIMIT,
	CASE_NUMBER,
	LAST4,
	case_failures,
	count_failure,
	normalise,
)
from gov_hall.rules import ratings as rules
from gov_hall.utils.validation import clean_text
from gov_hall.voice import appeals

RATE_LIMIT = 5
RATE_WINDOW_SECONDS = 60
TOKEN_LENGTH = 24
NOT_RATEABLE = ("Cancelled",)


def not_found() -> dict:
	return {
		"ok": False,
		"message": _(
			"No case matches this case number and these digits. Check the case number on your receipt and the last 4 digits of the mobile number given when applying."
		),
	}


def rating_token(case_name: str) -> str:
	from frappe.utils.password import get_encryption_key

	key = get_encryption_key().encode()
	return hmac.new(key, f"gov_hall-rating:{case_name}".encode(), hashlib.sha256).hexdigest()[:TOKEN_LENGTH]


def verified_case(number: str, phone_last4: str, token: str) -> tuple[dict | None, str]:
	"""The case and the channel when the digits or the SMS signature match; (None, '') otherwise."""
	case = frappe.db.get_value("GH Case", number, ["name", "status", "mobile_last4"], as_dict=True)
	if token:
		valid = isinstance(token, str) and hmac.compare_digest(token.encode(), rating_token(number).encode())
		channel = rules.SMS_LINK
	else:
		digits = normalise(phone_last4)
		stored = (case.mobile_last4 if case else None) or "----"
		valid = bool(digits and LAST4.match(digits)) and hmac.compare_digest(digits.encode(), stored.encode())
		channel = rules.WEB
	if not case or not valid:
		count_failure(number)
		return None, ""
	return case, channel


@frappe.whitelist(allow_guest=True, methods=["POST"])
@rate_limit(limit=RATE_LIMIT, seconds=RATE_WINDOW_SECONDS)
def submit_rating(
	case_number: str = "",
	level: str = "",
	phone_last4: str = "",
	token: str = "",
	comment: str = "",
	real_name: int | str = 0,
	rater_name: str = "",
) -> dict:
	"""Rate a case's service. Returns ``{"ok": True, "message": ...}`` or ``{"ok": False, "message": ...}``."""
	if level not in rules.LEVELS:
		frappe.throw(_("Choose one of the five rating levels."), title=_("Invalid Input"))
	number = normalise(case_number, upper=True)
	if not number or not CASE_NUMBER.match(number):
		return not_found()
	if case_failures(number) >= CASE_FAILURE_LIMIT:
		frappe.throw(
			_("Too many attempts for this case number. Please try again in an hour."),
			frappe.RateLimitExceededError,
		)
	case, channel = verified_case(number, phone_last4, token if isinstance(token, str) else "")
	if not case:
		return not_found()
	if case.status in NOT_RATEABLE:
		return {"ok": False, "message": _("A cancelled case cannot be rated.")}
	if frappe.db.exists("GH Service Rating", {"case": case.name, "channel": channel}):
		return {"ok": False, "message": _("This case has already been rated. Thank you.")}

	is_real_name = str(real_name) in ("1", "true", "True")
	rating = frappe.get_doc(
		{
			"doctype": "GH Service Rating",
			"rating_for": rules.CASE,
			"case": case.name,
			"level": level,
			"channel": channel,
			"comment": clean_text(comment, _("Comment"), 500),
			"is_real_name": 1 if is_real_name else 0,
			"rater_name": clean_text(rater_name, _("Rater Name"), 60, required=is_real_name)
			if is_real_name
			else None,
		}
	)
	rating.insert(ignore_permissions=True)
	if rating.is_bad_review:
		message = _(
			"Thank you. We are sorry the service fell short; the hall will look into it and follow up."
		)
	else:
		message = _("Thank you for rating our service.")
	return {"ok": True, "message": message}


@frappe.whitelist(methods=["POST"])
def rating_link(case: str) -> str:
	"""The link sent to the applicant by SMS to rate the case without an account."""
	frappe.get_doc("GH Case", case).check_permission("read")
	return get_url(f"/rate?case={case}&token={rating_token(case)}")


@frappe.whitelist(methods=["POST"])
def decide_appeal(appeal: str, decision: str, notes: str) -> str:
	"""A manager upholds or dismisses an appeal; returns the appeal's new status."""
	appeals.decide(appeal, decision, notes)
	return frappe.db.get_value("GH Rating Appeal", appeal, "status")
