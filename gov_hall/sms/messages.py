"""Queueing a message: one GH SMS Message row per message and occasion, sent after the commit.

``queue_message`` renders the template (gov_hall.rules.sms: within one SMS where possible, never an
ID number), writes the row — Queued, or Opted Out for a non-statutory message to a mobile that
opted out — and asks a background job to send it once the caller's transaction commits (a save that
rolls back sends nothing). The dedupe key is unique in the table: the same occasion never makes a
second row, whatever runs twice. Managers retry or cancel a message from its form.
"""

from __future__ import annotations

import json

import frappe
from frappe import _

from gov_hall.rules import sms as rules
from gov_hall.rules.identifiers import mask_mobile, validate_mobile
from gov_hall.sms import optout, sender
from gov_hall.utils.clock import now_datetime

MESSAGE = "GH SMS Message"
TEMPLATE = "GH SMS Template"
MANAGERS = ("Hall Manager", "Hall Administrator", "System Manager")


def require_manager() -> None:
	"""Hall managers only (frappe.only_for lets everyone through in tests)."""
	if frappe.session.user != "Administrator" and not set(MANAGERS) & set(frappe.get_roles()):
		raise frappe.PermissionError(_("Only hall managers may do this."))


class writing_messages:
	"""The only way a GH SMS Message row is written through a document (see its controller)."""

	def __enter__(self):
		self.before = getattr(frappe.local, "gh_writing_sms", False)
		frappe.local.gh_writing_sms = True

	def __exit__(self, *exc):
		frappe.local.gh_writing_sms = self.before


def enqueue_send(name: str) -> None:
	"""Send ``name`` from the short queue once the current transaction commits (tests send directly:
	no worker runs there, and the retry job picks up a Queued row whose job was lost)."""
	if frappe.flags.in_test:
		return
	frappe.enqueue(
		"gov_hall.sms.sender.send",
		queue="short",
		name=name,
		job_id=f"gh_sms:{name}",
		deduplicate=True,
		enqueue_after_commit=True,
	)


def template_row(key: str):
	return frappe.db.get_value(
		TEMPLATE, key, ["name", "body", "statutory", "enabled", "provider_template_code"], as_dict=True
	)


def queue_message(
	template_key: str,
	mobile: str,
	params: dict,
	case: str | None = None,
	appointment: str | None = None,
	dedupe_key: str | None = None,
	**links,
) -> str | None:
	"""Queue one message; the row's name, the existing row's name when ``dedupe_key`` was used
	before, or None when nothing is sent (SMS off, template disabled). ``links`` may give ``hall``,
	``department`` and ``receiving_department`` for the log's scope. Raises SmsRuleError for a
	message that cannot be written (a missing value, an ID number) and InvalidIdentifier for a
	mobile that is not a mainland mobile."""
	if not sender.sms_active():
		return None
	dedupe_key = dedupe_key or rules.dedupe_key(
		case or appointment or "", template_key, frappe.generate_hash(length=8)
	)
	existing = frappe.db.get_value(MESSAGE, {"dedupe_key": dedupe_key}, "name")
	if existing:
		return existing
	template = template_row(template_key)
	if not template:
		raise rules.SmsRuleError("unknown_template", template_key)
	if not template.enabled:
		return None
	number = validate_mobile(rules.normalise_mobile(mobile))
	settings = sender.hall_sms_settings()
	rendered = rules.render(template.body, params, "" if template.statutory else settings.sms_opt_out_hint)
	status = rules.initial_status(bool(template.statutory), optout.is_opted_out(number))
	doc = frappe.get_doc(
		{
			"doctype": MESSAGE,
			"template": template.name,
			"statutory": template.statutory,
			"case": case,
			"appointment": appointment,
			"hall": links.get("hall"),
			"department": links.get("department"),
			"receiving_department": links.get("receiving_department"),
			"mobile": number,
			"mobile_masked": mask_mobile(number),
			"params": json.dumps(rendered.params, ensure_ascii=False),
			"text": rendered.text,
			"text_length": rendered.length,
			"status": status,
			"attempts": 0,
			"queued_on": now_datetime(),
			"dedupe_key": dedupe_key,
		}
	)
	frappe.db.savepoint("gh_sms_queue")
	try:
		with writing_messages():
			doc.insert(ignore_permissions=True)
	except (
		frappe.DuplicateEntryError,
		frappe.UniqueValidationError,
	):  # the same occasion queued at the same moment elsewhere
		frappe.db.rollback(save_point="gh_sms_queue")
		return frappe.db.get_value(MESSAGE, {"dedupe_key": dedupe_key}, "name")
	if status == rules.QUEUED:
		enqueue_send(doc.name)
	return doc.name


# ---------------------------------------------------------------------------------------------
# Managers: retry or cancel


def _manager_message(name) -> frappe._dict:
	require_manager()
	row = (
		frappe.db.get_value(MESSAGE, name, ["name", "status"], as_dict=True, for_update=True)
		if isinstance(name, str) and name
		else None
	)
	if not row:
		frappe.throw(_("Choose an SMS message."), title=_("Invalid Input"))
	return row


@frappe.whitelist(methods=["POST"])
def retry_message(name: str) -> str:
	"""Send a Failed message again now, with a fresh count of attempts (a manager, after fixing the
	gateway). Returns the status afterwards."""
	row = _manager_message(name)
	if row.status != rules.FAILED:
		frappe.throw(_("Only a failed message can be sent again."), title=_("Not Allowed"))
	frappe.db.set_value(MESSAGE, row.name, {"status": rules.QUEUED, "attempts": 0, "next_attempt_on": None})
	return sender.send(row.name)


@frappe.whitelist(methods=["POST"])
def cancel_message(name: str) -> str:
	"""Stop a message that has not been sent (Queued or Failed)."""
	row = _manager_message(name)
	if row.status not in (rules.QUEUED, rules.FAILED):
		frappe.throw(_("Only a queued or failed message can be cancelled."), title=_("Not Allowed"))
	frappe.db.set_value(MESSAGE, row.name, {"status": rules.CANCELLED, "next_attempt_on": None})
	return rules.CANCELLED
