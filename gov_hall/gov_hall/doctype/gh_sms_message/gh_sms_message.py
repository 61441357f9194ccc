# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from gov_hall.access.controlled import ALL_STATES, Declaration
from gov_hall.utils.validation import forbid_delete

# Written once by gov_hall.sms.messages.queue_message; afterwards only gov_hall.sms.sender (status,
# attempts, times, the gateway's answer) and a manager's Send Again / Cancel change a row, by
# direct updates under the row's lock. Nobody edits a row as a document.
CONTROLLED_FIELDS = Declaration(
	stamped=(
		"template",
		"statutory",
		"case",
		"appointment",
		"mobile",
		"mobile_masked",
		"hall",
		"department",
		"receiving_department",
		"status",
		"attempts",
		"next_attempt_on",
		"queued_on",
		"sent_on",
		"last_error",
		"text",
		"text_length",
		"params",
		"dedupe_key",
		"gateway_response",
	),
	state_field=None,
	editable_in={ALL_STATES: ()},
)


class GHSMSMessage(Document):
	"""Written only by gov_hall.sms.messages.queue_message; its status only by gov_hall.sms.sender."""

	def validate(self):
		if not self.is_new() or not getattr(frappe.local, "gh_writing_sms", False):
			frappe.throw(
				_("SMS messages are written by the system and cannot be changed."),
				frappe.PermissionError,
				title=_("Not Allowed"),
			)

	def on_trash(self):
		forbid_delete(self)
