"""The text messages of the demo's cross-hall year: one GH SMS Message per event the case flow would
have queued (received, supplement needed, accepted, forwarded, returned, completed, ready for
collection or posted, the rating invitation after the result was issued), rendered from the site's
GH SMS Template bodies with gov_hall.rules.sms, as the sender would have logged them: almost all
Sent on the first attempt, a few Sent after one or two failed attempts (the retry job's backoff), and
the non-statutory ones of a few citizens who opted out (GH SMS Opt-Out, the number kept only as a
keyed hash) Opted Out. No message carries an ID number: rules.sms.render refuses one.
"""

from __future__ import annotations

import datetime
import json

import frappe
from frappe.utils import get_url

from gov_hall.rules import sms

GATEWAY_ERRORS = (
	"HTTP 503: Service Unavailable",
	"HTTP 502: Bad Gateway",
	"Gateway timeout after 10 s",
	"Connection reset by peer",
)
OPT_OUT_SHARE = 0.02
FAILED_SHARE = 0.03


def make_messages(events: list[dict], cases: list[dict], seed: int = 20261217) -> int:
	"""Write the messages of ``events`` (each: case, template, at, params); their number."""
	import random

	if not frappe.db.table_exists("GH SMS Message"):
		return 0
	templates = {
		row.name: row
		for row in frappe.get_all("GH SMS Template", fields=["name", "body", "statutory", "enabled"])
	}
	if not templates:
		return 0
	rng = random.Random(seed)
	hint = opt_out_hint()
	opted = opt_outs(cases, events, rng)
	rows = []
	for item in sorted(events, key=lambda e: e["at"]):
		template = templates.get(item["template"])
		if not template or not template.enabled:
			continue
		case = item["case"]
		params = params_of(item)
		try:
			rendered = sms.render(template.body, params, "" if template.statutory else hint)
		except sms.SmsRuleError:
			continue
		rows.append(message_row(item, case, template, params, rendered, opted.get(case["mobile"]), rng))
	from gov_hall.demo.voice import bulk

	bulk("GH SMS Message", rows)
	return len(rows)


def params_of(item: dict) -> dict:
	"""The variables gov_hall.sms.events would have given the template."""
	case, extra = item["case"], item["params"]
	name = case["name"]
	base = {"case": name, "hall": case["hall"]}
	template = item["template"]
	if template == sms.CASE_RECEIVED:
		base["link"] = get_url("/track-case")
	elif template == sms.SUPPLEMENT_NEEDED:
		base["items"] = list(extra["items"])
	elif template == sms.CASE_ACCEPTED:
		base["due_date"] = sms.zh_date(extra["due_date"])
	elif template == sms.CASE_FORWARDED:
		base["handling_hall"] = case["handling_hall"]
	elif template == sms.CASE_COMPLETED:
		base["collect"] = (
			sms.collect_text(sms.COLLECT_BY_POST)
			if case["delivery_method"] == "Post"
			else sms.collect_text(sms.COLLECT_AFTER_RETURN, base["hall"])
		)
	elif template == sms.CASE_POSTED:
		base["ems"] = extra["ems"]
	elif template == sms.RATING_INVITATION:
		from gov_hall.api.ratings import rating_token

		base["link"] = get_url(f"/rate?case={name}&token={rating_token(name)}")
	return base


def opt_outs(cases: list[dict], events: list[dict], rng) -> dict[str, datetime.datetime]:
	"""A few citizens opt out a little after their first message; their GH SMS Opt-Out rows."""
	first = {}
	for item in events:
		mobile = item["case"]["mobile"]
		if item["template"] == sms.CASE_RECEIVED and mobile not in first:
			first[mobile] = item["at"]
	chosen = {}
	for case in cases:
		if case["mobile"] in first and rng.random() < OPT_OUT_SHARE:
			chosen[case["mobile"]] = first[case["mobile"]] + datetime.timedelta(minutes=rng.randint(20, 600))
	if not frappe.db.table_exists("GH SMS Opt-Out"):
		return chosen
	from gov_hall.sms.optout import mobile_hash

	rows = [
		{
			"name": frappe.generate_hash(length=10),
			"mobile_hash": mobile_hash(mobile),
			"opted_out_on": when,
			"source": "Web Page" if rng.random() < 0.7 else "Hall Staff",
			"creation": when,
		}
		for mobile, when in chosen.items()
	]
	known = set(frappe.get_all("GH SMS Opt-Out", pluck="mobile_hash"))
	from gov_hall.demo.voice import bulk

	bulk("GH SMS Opt-Out", [row for row in rows if row["mobile_hash"] not in known])
	return chosen


def opt_out_hint() -> str:
	from gov_hall.sms.sender import hall_sms_settings

	return hall_sms_settings().sms_opt_out_hint


def message_row(item, case, template, params, rendered, opted_on, rng) -> dict:
	queued = item["at"] + datetime.timedelta(seconds=rng.randint(1, 5))
	statutory = int(template.statutory)
	row = {
		"name": frappe.generate_hash(length=10),
		"template": template.name,
		"statutory": statutory,
		"case": case["name"],
		"mobile": case["mobile"],
		"mobile_masked": case["mobile_masked"],
		"hall": case["hall"],
		"department": case["department"],
		"receiving_department": case.get("receiving_department"),
		"queued_on": queued,
		"text": rendered.text,
		"text_length": rendered.length,
		"params": json.dumps(rendered.params, ensure_ascii=False, default=str),
		"dedupe_key": sms.dedupe_key(case["name"], template.name, item["params"].get("occasion")),
		"creation": queued,
	}
	if opted_on and not statutory and item["at"] > opted_on:
		row.update(status=sms.OPTED_OUT, attempts=0, modified=queued)
		return row
	attempts, sent = 1, queued + datetime.timedelta(seconds=rng.randint(2, 40))
	if rng.random() < FAILED_SHARE:
		attempts = rng.choice((2, 2, 2, 3))
		sent = queued + datetime.timedelta(
			minutes=sum(sms.BACKOFF_MINUTES[: attempts - 1]), seconds=rng.randint(5, 50)
		)
		row["last_error"] = rng.choice(GATEWAY_ERRORS)
	row.update(
		status=sms.SENT,
		attempts=attempts,
		sent_on=sent,
		modified=sent,
		gateway_response=json.dumps(
			{"code": "OK", "message": "OK", "bizId": frappe.generate_hash(length=20)}
		),
	)
	return row
