"""Sending a queued SMS through the gateway of Frappe's SMS Settings, and the retry job.

Frappe's ``send_sms`` sends one text to many numbers, says nothing per message and waits on the
gateway without a timeout, so it cannot keep a log row's status; its request is rebuilt here the
same way (``send_via_gateway``: the message and receiver parameters, the static parameters, the
header parameters through Frappe's own ``get_headers``, POST or GET, JSON when the headers say
so), with the template code and its variables added as two more parameters (GH Hall Settings
``sms_template_parameter`` and ``sms_params_parameter``) and a timeout.

No message goes out twice: ``send`` claims the row under ``SELECT … FOR UPDATE`` (status Sending, a
lease of ``rules.SENDING_LEASE_MINUTES``) and commits before calling the gateway, so a second worker
waiting on the lock finds it Sending and leaves it. A worker that dies while sending leaves the row
Sending; after the lease the retry job tries it again (the one case where the citizen may get a
message twice: the gateway took it and the worker died before recording that). ``send`` commits:
it runs as a unit of work of its own (a background job, the retry job, a test).
"""

from __future__ import annotations

import datetime
import json

import frappe
import requests
from frappe.core.doctype.sms_settings.sms_settings import get_headers
from frappe.query_builder import DocType
from frappe.utils import cint, get_datetime

from gov_hall.rules import sms as rules
from gov_hall.utils.clock import now_datetime

MESSAGE = "GH SMS Message"
TIMEOUT_SECONDS = (5, 10)  # connect, read
RESPONSE_KEPT = 1000  # characters of the gateway's answer kept on the row
RETRY_BATCH = 200  # messages the retry job sends in one run

SETTINGS_DEFAULTS = {
	"sms_enabled": 1,
	"sms_opt_out_hint": rules.DEFAULT_OPT_OUT_HINT,
	"sms_max_attempts": rules.MAX_ATTEMPTS,
	"sms_template_parameter": "template_code",
	"sms_params_parameter": "template_params",
}


def hall_sms_settings() -> frappe._dict:
	"""The SMS fields of GH Hall Settings; a field never saved (a site from before issue 16) takes
	its default, so SMS works after a migrate without anyone opening the settings."""
	Singles = frappe.qb.Table("tabSingles")
	rows = (
		frappe.qb.from_(Singles)
		.select(Singles.field, Singles.value)
		.where(Singles.doctype == "GH Hall Settings")
		.where(Singles.field.isin(list(SETTINGS_DEFAULTS)))
		.run()
	)
	stored = {field: value for field, value in rows if value is not None}
	settings = frappe._dict({key: stored.get(key, default) for key, default in SETTINGS_DEFAULTS.items()})
	settings.sms_enabled = cint(settings.sms_enabled)
	settings.sms_max_attempts = max(1, cint(settings.sms_max_attempts) or rules.MAX_ATTEMPTS)
	settings.sms_opt_out_hint = (settings.sms_opt_out_hint or "").strip()
	for key in ("sms_template_parameter", "sms_params_parameter"):
		settings[key] = (settings[key] or "").strip() or SETTINGS_DEFAULTS[key]
	return settings


def gateway_url() -> str:
	return (frappe.db.get_single_value("SMS Settings", "sms_gateway_url", cache=False) or "").strip()


def sms_active() -> bool:
	"""Whether messages are queued at all: a gateway is set in SMS Settings and the hall sends SMS."""
	return bool(gateway_url()) and bool(hall_sms_settings().sms_enabled)


# ---------------------------------------------------------------------------------------------
# The gateway request


def gateway_arguments(
	sms_settings, hall_settings, mobile: str, text: str, template_code: str, params
) -> dict:
	"""What the gateway receives, as Frappe's send_via_gateway builds it, plus the template code and
	the variables (a JSON object in a JSON body, else a JSON string)."""
	args = {sms_settings.message_parameter: text}
	for row in sms_settings.get("parameters") or []:
		if not row.header:
			args[row.parameter] = row.value
	args[sms_settings.receiver_parameter] = mobile
	args[hall_settings.sms_template_parameter] = template_code
	args[hall_settings.sms_params_parameter] = params
	return args


def call_gateway(mobile: str, text: str, template_code: str, params: dict) -> tuple[int, str]:
	"""Send one message; the gateway's status code and answer. Network errors raise
	requests.RequestException."""
	sms_settings = frappe.get_doc("SMS Settings")
	hall_settings = hall_sms_settings()
	headers = get_headers(sms_settings)
	use_json = headers.get("Content-Type") == "application/json"
	args = gateway_arguments(
		sms_settings,
		hall_settings,
		mobile,
		text,
		template_code,
		params if use_json else json.dumps(params, ensure_ascii=False, separators=(",", ":")),
	)
	kwargs = {"headers": headers, "timeout": TIMEOUT_SECONDS}
	if use_json:
		kwargs["json"] = args
	elif sms_settings.use_post:
		kwargs["data"] = args
	else:
		kwargs["params"] = args
	url = (sms_settings.sms_gateway_url or "").strip()
	if sms_settings.use_post:
		response = requests.post(url, **kwargs)
	else:
		response = requests.get(url, **kwargs)
	return response.status_code, response.text or ""


# ---------------------------------------------------------------------------------------------
# Sending one message


def _claim(name: str, now) -> frappe._dict | None:
	"""Lock the row; when it may be sent now, mark it Sending with a lease and count the attempt."""
	rows = frappe.db.sql(
		"""select name, status, attempts, next_attempt_on, mobile, `text`, params, template, statutory,
			appointment
		from `tabGH SMS Message` where name = %s for update""",
		name,
		as_dict=True,
	)
	row = rows[0] if rows else None
	max_attempts = hall_sms_settings().sms_max_attempts
	due = row and rules.sendable(
		row.status,
		cint(row.attempts),
		get_datetime(row.next_attempt_on) if row.next_attempt_on else None,
		now,
		max_attempts,
	)
	if not due:
		return None
	closed = closing_status(row)
	if closed:
		frappe.db.set_value(MESSAGE, name, {"status": closed, "next_attempt_on": None})
		row.status = closed
		return row
	row.attempts = cint(row.attempts) + 1
	row.max_attempts = max_attempts
	frappe.db.set_value(
		MESSAGE,
		name,
		{"status": rules.SENDING, "attempts": row.attempts, "next_attempt_on": rules.lease_until(now)},
	)
	row.status = rules.SENDING
	return row


def closing_status(row) -> str | None:
	"""Why a due message is no longer sent: the mobile opted out since (non-statutory), the booking
	it is about is no longer booked, or its template was disabled."""
	from gov_hall.sms.optout import is_opted_out

	if not row.statutory and is_opted_out(row.mobile):
		return rules.OPTED_OUT
	if row.appointment and frappe.db.get_value("GH Appointment", row.appointment, "status") != "Booked":
		return rules.CANCELLED
	if not frappe.db.get_value("GH SMS Template", row.template, "enabled"):
		return rules.CANCELLED
	return None


def send(name: str) -> str | None:
	"""Send the message ``name`` if it is due; its status afterwards. Commits."""
	now = now_datetime()
	row = _claim(name, now)
	frappe.db.commit()  # nosemgrep: the claim is visible (and the lock released) before the gateway is called
	if not row or row.status != rules.SENDING:
		return row.status if row else frappe.db.get_value(MESSAGE, name, "status")

	code, answer, error = None, "", None
	try:
		if not gateway_url():
			error = "SMS Settings has no gateway URL."
		else:
			template_code = (
				frappe.db.get_value("GH SMS Template", row.template, "provider_template_code") or row.template
			)
			params = json.loads(row.params or "{}")
			code, answer = call_gateway(row.mobile, row.text, template_code, params)
			if not rules.gateway_accepted(code):
				error = f"HTTP {code}"
	except requests.RequestException as err:
		error = f"{type(err).__name__}: {err}"[:500]
	except Exception as err:  # a broken settings row must not leave the message Sending for ever
		error = f"{type(err).__name__}: {err}"[:500]
		frappe.log_error(title="GH SMS: sending failed", reference_doctype=MESSAGE, reference_name=name)

	response = (f"{code} {answer}" if code is not None else "")[:RESPONSE_KEPT]
	if error is None:
		values = {
			"status": rules.SENT,
			"sent_on": now_datetime(),
			"next_attempt_on": None,
			"last_error": None,
			"gateway_response": response,
		}
	else:
		values = {
			"status": rules.FAILED,
			"next_attempt_on": rules.next_attempt(row.attempts, now_datetime(), row.max_attempts),
			"last_error": error,
			"gateway_response": response,
		}
	frappe.db.set_value(MESSAGE, name, values)
	frappe.db.commit()  # nosemgrep: the gateway's answer is kept even if the job fails afterwards
	return values["status"]


# ---------------------------------------------------------------------------------------------
# Scheduler


def due_messages(now, limit: int = RETRY_BATCH) -> list[str]:
	"""Messages to send now: Failed ones whose time has come, Queued ones whose job was lost (older
	than a grace period), Sending ones whose lease ran out; the oldest first."""
	Message = DocType(MESSAGE)
	max_attempts = hall_sms_settings().sms_max_attempts
	grace = now - datetime.timedelta(minutes=rules.QUEUED_GRACE_MINUTES)
	return (
		frappe.qb.from_(Message)
		.select(Message.name)
		.where(
			((Message.status == rules.QUEUED) & (Message.queued_on <= grace))
			| (
				Message.status.isin([rules.FAILED, rules.SENDING])
				& (Message.next_attempt_on <= now)
				& (Message.attempts < max_attempts)
			)
		)
		.orderby(Message.queued_on)
		.limit(limit)
		.run(pluck=True)
	)


def retry_due() -> None:
	"""Every 5 minutes: send what is due (each under its own lock; a message another worker is
	sending is left to it)."""
	if not gateway_url():
		return
	now = now_datetime()
	give_up_interrupted(now)
	for name in due_messages(now):
		send(name)


def give_up_interrupted(now) -> None:
	"""A message left Sending past its lease with no attempt left stays Failed, visibly."""
	Message = DocType(MESSAGE)
	(
		frappe.qb.update(Message)
		.set(Message.status, rules.FAILED)
		.set(Message.next_attempt_on, None)
		.set(Message.last_error, "Interrupted while sending; no attempt left.")
		.where(Message.status == rules.SENDING)
		.where(Message.next_attempt_on <= now)
		.where(Message.attempts >= hall_sms_settings().sms_max_attempts)
		.run()
	)
	frappe.db.commit()  # nosemgrep: rows given up on are closed before the next batch is claimed
