# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt

"""A device of the hall floor (kiosk, hall display, window display, window evaluator): paired once by
a link carrying its token (gov_hall.queue.devices), allowed from the addresses listed. Managers only."""

import frappe
from frappe import _
from frappe.model.document import Document

from gov_hall.access import controlled
from gov_hall.access.controlled import Declaration
from gov_hall.queue import devices
from gov_hall.utils.validation import forbid_delete

RENEW_TOKEN = "Renew Token"
DEVICE_SEEN = "Device Seen"

CONTROLLED_FIELDS = Declaration(
	stamped=("token",),
	actions={"token": RENEW_TOKEN, "last_seen_on": DEVICE_SEEN},
	state_field=None,
)


class GHQueueDevice(Document):
	def validate(self):
		devices.validate_device(self)
		if self.is_new():
			self.token = devices.new_token()

	def after_insert(self):
		devices.show_pairing_link(self)

	def on_trash(self):
		forbid_delete(self)

	@frappe.whitelist()
	def renew_token(self) -> str:
		"""A new token (the old pairing stops working); the new pairing link, shown once."""
		if not devices.is_device_manager():
			frappe.throw(_("Only hall managers can pair devices."), frappe.PermissionError)
		self.check_permission("write")
		with controlled.action(self, RENEW_TOKEN):
			self.token = devices.new_token()
			self.save()
		return devices.pairing_url(self)
