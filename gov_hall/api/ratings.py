"""Ratings (好差评) from citizens without an account, the SMS rating link, and appeal decisions.

A citizen rates a case with its number and the last four digits of the applicant's mobile (channel
Web), or through the link sent by SMS, which carries a signature of the case number (channel SMS
Link). Every miss gets the same answer. The SMS signature is checked first: a valid one is never
rate-limited or held back (it cannot be guessed, and it rates one case once). Every other request is
rate-limited per IP (frappe.rate_limiter), and wrong answers are counted per client address and
number and per address (gov_hall.utils.guessing), never as a lock on the case itself.

Web and SMS Link ratings are created only here: the rating's validation refuses those channels on
every other path (gov_hall.voice.ratings.citizen_rating).
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

from gov_hall.access import controlled
from gov_hall.api.portal import CASE_NUMBER, LAST4, case_target, normalise
from gov_hall.rules import ratings as rules
from gov_hall.utils import guessing
from gov_hall.utils.staff_cards import card_staff
from gov_hall.utils.validation import clean_text
from gov_hall.voice import appeals
from gov_hall.voice.ratings import citizen_rating

RATE_LIMIT = 5
RATE_WINDOW_SECONDS = 60
TOKEN_LENGTH = 24
NOT_RATEABLE = ("Cancelled",)
# the action that stamps the staff card a citizen came from (GH Service Rating.via_card)
CARD_ACTION = "Rate from Staff Card"


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


def signed(number: str | None, token) -> bool:
	"""Whether ``token`` is the SMS link's signature of case ``number``."""
	if not number or not isinstance(token, str) or not token or len(token) > 64:
		return False
	return hmac.compare_digest(token.encode(), rating_token(number).encode())


def throttle() -> None:
	"""Frappe's per-IP rate limit of this endpoint (every call counts), applied by hand so that a
	valid SMS signature, checked before it, is never held back."""
	rate_limit(limit=RATE_LIMIT, seconds=RATE_WINDOW_SECONDS)(lambda: None)()


def held_back(hold) -> dict:
	return {
		"ok": False,
		"message": guessing.held_message(
			hold,
			_(
				"Too many wrong digits for this case number from your network. Please try again in {0}. The rating link in the SMS still works."
			),
			_(
				"Too many wrong answers from your network. Please try again in {0}. The rating link in the SMS still works."
			),
		),
	}


def case_row(number: str):
	return frappe.db.get_value("GH Case", number, ["name", "status", "mobile_last4"], as_dict=True)


def verified_by_digits(number: str, phone_last4, token) -> dict | None:
	"""The case when the digits match (or None), counting a wrong answer or a wrong signature."""
	case = case_row(number)
	if token:  # a signature was sent and it is wrong: the digits are not tried instead
		valid = False
	else:
		digits = normalise(phone_last4)
		stored = (case.mobile_last4 if case else None) or "----"
		valid = bool(digits and LAST4.match(digits)) and hmac.compare_digest(digits.encode(), stored.encode())
	if not case or not valid:
		guessing.record_failure(case_target(number))
		return None
	return case


@frappe.whitelist(allow_guest=True, methods=["POST"])
def submit_rating(
	case_number: str = "",
	level: str = "",
	phone_last4: str = "",
	token: str = "",
	comment: str = "",
	real_name: int | str = 0,
	rater_name: str = "",
	card: str = "",
) -> dict:
	"""Rate a case's service. Returns ``{"ok": True, "message": ...}`` or ``{"ok": False, "message": ...}``.

	``card`` is the code of the staff card (挂牌上岗) the citizen came from: a valid card of an on-site
	staff member with a public card is recorded as the rating's ``via_card``; any other is ignored."""
	number = normalise(case_number, upper=True)
	if not number or not CASE_NUMBER.match(number):
		number = None
	token = token if isinstance(token, str) else ""
	by_link = signed(number, token)
	if not by_link:
		throttle()
	if level not in rules.LEVELS:
		frappe.throw(_("Choose one of the five rating levels."), title=_("Invalid Input"))
	if not number:
		return not_found()
	if by_link:
		case, channel = case_row(number), rules.SMS_LINK
	else:
		# an address held back is not checked at all; one with a clean record for this case always is
		hold = guessing.held(case_target(number))
		if hold:
			return held_back(hold)
		case, channel = verified_by_digits(number, phone_last4, token), rules.WEB
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
	staff = card_staff(card)
	with citizen_rating(case.name, channel), controlled.action(rating, CARD_ACTION):
		if staff:
			rating.via_card = staff.name
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
	if not case or not isinstance(case, str):
		frappe.throw(_("Choose a case."), title=_("Invalid Input"))
	frappe.get_doc("GH Case", case).check_permission("read")
	return get_url(f"/rate?case={case}&token={rating_token(case)}")


@frappe.whitelist(methods=["POST"])
def decide_appeal(appeal: str, decision: str, notes: str) -> str:
	"""A manager upholds or dismisses an appeal; returns the appeal's new status."""
	appeals.decide(appeal, decision, notes)
	return frappe.db.get_value("GH Rating Appeal", appeal, "status")
