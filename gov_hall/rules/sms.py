"""Text messages to citizens (手机短信告知): the templates, their rendering and the sending schedule.

Plain Python, no Frappe import. China's SMS providers send only registered templates: a fixed
Chinese text with named variables, approved in advance. So every message the hall sends is one of
``TEMPLATES`` below (key → Chinese body with ``{placeholders}``); the gateway receives the provider's
template code and the variables, and the rendered text for gateways that take plain text.

* One SMS holds 70 Chinese characters; a longer text goes out as a long SMS of 67-character parts,
  each charged. ``render`` keeps a text within 70 characters where possible by shortening the
  variables that may be shortened (a matter's name, a list of materials) and says when it cannot
  (a message that carries a web address).
* No message may carry a resident ID number: ``render`` refuses any variable or text holding an
  18-character resident-ID-shaped number (6-digit region, a real birth date, 3 digits, a check
  digit or X), whatever the template.
* Statutory notices (法定告知: supplement needed, accepted, completed) reach every citizen; the others
  are not sent to a mobile that has opted out, and their text ends with the opt-out hint.
* A failed send is retried on ``BACKOFF_MINUTES`` until ``MAX_ATTEMPTS``; a row being sent holds a
  lease of ``SENDING_LEASE_MINUTES`` so that a crashed worker's row is tried again, never twice at
  once.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import math
import re
import string
import unicodedata
from dataclasses import dataclass

SMS_LENGTH = 70  # characters of one SMS in Chinese (UCS-2)
LONG_SMS_PART = 67  # characters of each part of a long SMS
DEFAULT_OPT_OUT_HINT = "回TD退订"

# Variables that may be shortened to keep a text within one SMS, and how short they may become.
SHORTENABLE = {"matter": 8, "items": 8}
ELLIPSIS = "…"


@dataclass(frozen=True)
class Template:
	key: str
	title: str  # English, translated in the desk
	body: str  # Chinese: the citizen always reads Chinese
	statutory: bool = False

	@property
	def params(self) -> tuple[str, ...]:
		return placeholders(self.body)


CASE_RECEIVED = "case_received"
SUPPLEMENT_NEEDED = "supplement_needed"
CASE_ACCEPTED = "case_accepted"
CASE_FORWARDED = "case_forwarded"
CASE_RETURNED = "case_returned"
CASE_COMPLETED = "case_completed"
READY_FOR_COLLECTION = "ready_for_collection"
CASE_POSTED = "case_posted"
RATING_INVITATION = "rating_invitation"
APPOINTMENT_CONFIRMED = "appointment_confirmed"
APPOINTMENT_REMINDER = "appointment_reminder"

_TEMPLATES = (
	Template(CASE_RECEIVED, "Case Received", "您的办件{case}已收件，凭手机后4位查询进度：{link}"),
	Template(
		SUPPLEMENT_NEEDED,
		"Supplement Needed",
		"您的办件{case}需补正：{items}。详见一次性告知书，补齐后请到{hall}提交。",
		statutory=True,
	),
	Template(CASE_ACCEPTED, "Case Accepted", "您的办件{case}已受理，承诺{due_date}前办结。", statutory=True),
	Template(
		CASE_FORWARDED, "Case Forwarded", "您的办件{case}已报送{handling_hall}审批，结果将在{hall}发放。"
	),
	Template(CASE_RETURNED, "Case Returned", "您的办件{case}已退回{hall}，请按补正告知到该处补交材料。"),
	Template(CASE_COMPLETED, "Case Completed", "您的办件{case}已办结，领取方式：{collect}。", statutory=True),
	Template(
		READY_FOR_COLLECTION, "Ready for Collection", "您的办件{case}办理结果已送达{hall}，请凭受理回执领取。"
	),
	Template(CASE_POSTED, "Result Posted", "您的办件{case}办理结果已由EMS寄出，运单号{ems}。"),
	Template(RATING_INVITATION, "Rating Invitation", "请对办件{case}的服务作出评价（一次一评）：{link}"),
	Template(
		APPOINTMENT_CONFIRMED,
		"Appointment Confirmed",
		"您已预约{date} {time}到{hall}办理{matter}，预约码{code}。",
	),
	Template(
		APPOINTMENT_REMINDER,
		"Appointment Reminder",
		"提醒：您预约明天{time}到{hall}办理{matter}，预约码{code}。",
	),
)
TEMPLATES: dict[str, Template] = {template.key: template for template in _TEMPLATES}
STATUTORY = frozenset(key for key, template in TEMPLATES.items() if template.statutory)

# Values a citizen might see, for the sample text of a template in the desk (GH SMS Template) and
# the length check in the tests: a site address of a usual length for a county portal.
SAMPLE_PARAMS = {
	"case": "QS-2026-00042",
	"link": "https://zw.qs.gov.cn/track-case",
	"items": ["申请书", "身份证复印件"],
	"hall": "青山县清水镇便民服务中心",
	"handling_hall": "青山县政务服务中心",
	"due_date": "2026年12月10日",
	"collect": "送回青山县清水镇便民服务中心后领取",
	"ems": "1180123456789",
	"date": "12月1日",
	"time": "09:30",
	"matter": "个体工商户设立登记",
	"code": "ABCD2345",
}
SAMPLE_RATING_LINK = "https://zw.qs.gov.cn/rate?case=QS-2026-00042&token=0123456789abcdef01234567"


def sample_params(key: str) -> dict:
	params = dict(SAMPLE_PARAMS)
	if key == RATING_INVITATION:
		params["link"] = SAMPLE_RATING_LINK
	return params


# How the result reaches the citizen (the ``collect`` variable of case_completed).
COLLECT_AT = "到{place}领取"
COLLECT_AFTER_RETURN = "送回{place}后领取"
COLLECT_BY_POST = "EMS邮寄"

# Message statuses (GH SMS Message)
QUEUED = "Queued"
SENDING = "Sending"
SENT = "Sent"
FAILED = "Failed"
OPTED_OUT = "Opted Out"
CANCELLED = "Cancelled"
STATUSES = (QUEUED, SENDING, SENT, FAILED, OPTED_OUT, CANCELLED)

# Minutes to wait after the 1st, 2nd, ... failed attempt; the retry job runs every 5 minutes.
BACKOFF_MINUTES = (5, 15, 60, 180, 720)
MAX_ATTEMPTS = 6  # the first try and five retries, within about 16 hours
SENDING_LEASE_MINUTES = 10  # a row left Sending longer than this was interrupted (worker died)
QUEUED_GRACE_MINUTES = 2  # a Queued row older than this lost its job (the retry job sends it)


class SmsRuleError(ValueError):
	"""``code``: unknown_template, bad_placeholder, missing_param, resident_id."""

	def __init__(self, code: str, detail: str = ""):
		super().__init__(code, detail)
		self.code = code
		self.detail = detail


# ---------------------------------------------------------------------------------------------
# Bodies and rendering


_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


def placeholders(body: str) -> tuple[str, ...]:
	"""The variables of a body, in order of first use; a malformed body raises SmsRuleError."""
	names: list[str] = []
	try:
		parsed = list(string.Formatter().parse(body or ""))
	except ValueError as err:
		raise SmsRuleError("bad_placeholder", str(err)) from err
	for _literal, name, spec, conversion in parsed:
		if name is None:
			continue
		if not _NAME.match(name) or spec or conversion:
			raise SmsRuleError("bad_placeholder", name)
		if name not in names:
			names.append(name)
	return tuple(names)


# 6-digit region (first digit 1-9), birth date 18xx-20xx, 3-digit sequence, check digit or X
_RESIDENT_ID = re.compile(
	r"(?<![0-9])[1-9][0-9]{5}(?:18|19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx](?![0-9])"
)


def has_resident_id(text) -> bool:
	"""Whether ``text`` holds an 18-character resident-ID-shaped number (full-width digits and
	spaces inside the number count too)."""
	if text is None:
		return False
	value = unicodedata.normalize("NFKC", str(text))
	return bool(_RESIDENT_ID.search(value) or _RESIDENT_ID.search(re.sub(r"\s+", "", value)))


def clip(value: str, length: int) -> str:
	"""``value`` cut to ``length`` characters, the last one an ellipsis when cut."""
	if len(value) <= length:
		return value
	return value[: max(length - 1, 0)] + ELLIPSIS


def list_text(items, length: int = 24) -> str:
	"""Materials for a message: 申请书、身份证复印件 — or, when too long, the first ones and 等N项."""
	items = [str(item).strip() for item in items or () if str(item).strip()]
	if not items:
		return ""
	whole = "、".join(items)
	if len(whole) <= length:
		return whole
	for count in range(len(items) - 1, 0, -1):
		text = "、".join(items[:count]) + f"等{len(items)}项"
		if len(text) <= length:
			return text
	return clip(items[0], max(length - len(f"等{len(items)}项"), 4)) + f"等{len(items)}项"


def zh_date(value: datetime.date, with_year: bool = True) -> str:
	"""2026年12月10日, or 12月1日 without the year (a booking within the next weeks)."""
	text = f"{value.month}月{value.day}日"
	return f"{value.year}年{text}" if with_year else text


def collect_text(how: str, place: str = "") -> str:
	"""The ``collect`` variable: COLLECT_AT, COLLECT_AFTER_RETURN (with the place) or COLLECT_BY_POST."""
	return how.format(place=place) if "{place}" in how else how


def segments(text: str) -> int:
	"""How many SMS a text costs: 1 up to 70 characters, else 67-character parts."""
	length = len(text or "")
	if length <= SMS_LENGTH:
		return 1
	return math.ceil(length / LONG_SMS_PART)


@dataclass(frozen=True)
class Rendered:
	text: str
	params: dict
	length: int
	segments: int

	@property
	def fits(self) -> bool:
		return self.length <= SMS_LENGTH


def _fill(body: str, values: dict, budgets: dict, hint: str) -> str:
	shown = {
		name: list_text(value, budgets[name]) if isinstance(value, list) else value
		for name, value in values.items()
	}
	text = body.format_map(shown)
	if not hint:
		return text
	# a web address at the end must not run into the hint (phones would take it as part of the link)
	return f"{text} {hint}" if re.search(r"[\x21-\x7e]$", text) else f"{text}{hint}"


def _value(value):
	"""A variable as plain text (newlines become spaces), or a list of materials as a list."""
	if isinstance(value, (list, tuple)):
		return [re.sub(r"\s+", " ", str(item)).strip() for item in value if str(item).strip()]
	return re.sub(r"\s+", " ", str(value)).strip()


def render(body: str, params: dict, opt_out_hint: str = "", limit: int = SMS_LENGTH) -> Rendered:
	"""The message text of ``body`` with ``params`` (and ``opt_out_hint`` appended for non-statutory
	messages). Every placeholder needs a value; values are plain text (newlines become spaces); a
	list (the materials of a supplement notice) is written 甲、乙 or 甲等3项 (``list_text``).
	Over ``limit`` characters, the shortenable variables (SHORTENABLE) are shortened, longest first,
	down to their minimum; a text still over the limit is returned as it is (``fits`` is False).
	A resident ID number in any value, the hint or the text raises SmsRuleError("resident_id")."""
	names = placeholders(body)
	values = {}
	for name in names:
		value = _value(params[name]) if name in params and params[name] is not None else ""
		if not value:
			raise SmsRuleError("missing_param", name)
		values[name] = value
	hint = (opt_out_hint or "").strip()
	for value in (*values.values(), hint, body):
		if any(has_resident_id(item) for item in (value if isinstance(value, list) else [value])):
			raise SmsRuleError("resident_id")
	budgets = {name: len("、".join(value)) for name, value in values.items() if isinstance(value, list)}

	def shown_length(name: str) -> int:
		value = values[name]
		return len(list_text(value, budgets[name])) if isinstance(value, list) else len(value)

	text = _fill(body, values, budgets, hint)
	shortenable = [name for name in names if name in SHORTENABLE]
	while len(text) > limit and shortenable:
		name = max(shortenable, key=lambda n: shown_length(n) - SHORTENABLE[n])
		room = shown_length(name) - SHORTENABLE[name]
		if room <= 0:
			break
		cut = min(room, len(text) - limit)
		if isinstance(values[name], list):
			budgets[name] = shown_length(name) - cut
		else:
			values[name] = clip(values[name], len(values[name]) - cut)
		before, text = text, _fill(body, values, budgets, hint)
		if len(text) >= len(before):  # this one cannot be written shorter
			shortenable.remove(name)
	if has_resident_id(text):
		raise SmsRuleError("resident_id")
	shown = {
		name: list_text(value, budgets[name]) if isinstance(value, list) else value
		for name, value in values.items()
	}
	return Rendered(text=text, params=shown, length=len(text), segments=segments(text))


def render_template(
	key: str, params: dict, opt_out_hint: str = DEFAULT_OPT_OUT_HINT, body: str | None = None
):
	"""Render the template ``key`` (or its edited ``body``); statutory templates carry no hint."""
	template = TEMPLATES.get(key)
	if template is None and body is None:
		raise SmsRuleError("unknown_template", key)
	statutory = template.statutory if template else False
	return render(body if body is not None else template.body, params, "" if statutory else opt_out_hint)


# ---------------------------------------------------------------------------------------------
# Sending: who gets a message, when it is tried again


def initial_status(statutory: bool, opted_out: bool) -> str:
	"""A new message is Queued, or Opted Out when the mobile opted out of non-statutory messages."""
	return OPTED_OUT if opted_out and not statutory else QUEUED


def next_attempt(attempts: int, now: datetime.datetime, max_attempts: int = MAX_ATTEMPTS):
	"""When to try again after ``attempts`` failed attempts; None when no attempt is left."""
	if attempts >= max_attempts or attempts < 1:
		return None
	index = min(attempts - 1, len(BACKOFF_MINUTES) - 1)
	return now + datetime.timedelta(minutes=BACKOFF_MINUTES[index])


def sendable(
	status: str, attempts: int, next_attempt_on, now: datetime.datetime, max_attempts: int = MAX_ATTEMPTS
) -> bool:
	"""Whether a message may be sent now: Queued; Failed with attempts left and its time come; or
	Sending whose lease has run out (the worker sending it died before recording the answer)."""
	if status == QUEUED:
		return attempts < max_attempts
	if status == FAILED:
		return attempts < max_attempts and next_attempt_on is not None and next_attempt_on <= now
	if status == SENDING:
		return next_attempt_on is not None and next_attempt_on <= now and attempts < max_attempts
	return False


def lease_until(now: datetime.datetime) -> datetime.datetime:
	return now + datetime.timedelta(minutes=SENDING_LEASE_MINUTES)


def gateway_accepted(status_code: int | None) -> bool:
	return status_code is not None and 200 <= status_code < 300


# ---------------------------------------------------------------------------------------------
# Keys


def dedupe_key(record: str, template: str, *occasion) -> str:
	"""The one message of ``template`` about ``record`` (a case or a booking) on ``occasion``:
	``QS-2026-00042:case_received``, ``QS-2026-00042:supplement_needed:SN-2026-00007``."""
	return ":".join(str(part) for part in (record, template, *occasion) if part not in (None, ""))[:140]


def normalise_mobile(mobile) -> str:
	"""11 digits: spaces, dashes and a +86 / 0086 prefix removed."""
	digits = re.sub(r"\D", "", unicodedata.normalize("NFKC", str(mobile or "")))
	if len(digits) == 13 and digits.startswith("86"):
		digits = digits[2:]
	elif len(digits) == 15 and digits.startswith("0086"):
		digits = digits[4:]
	return digits


def mobile_hash(mobile, secret: bytes) -> str:
	"""A keyed hash of a mobile number (HMAC-SHA256 with the site's secret): an opt-out is kept
	without the number, and the 10¹⁰ possible numbers cannot be tried against it without the key."""
	number = normalise_mobile(mobile)
	return hmac.new(secret, f"gov_hall-sms-opt-out:{number}".encode(), hashlib.sha256).hexdigest()
