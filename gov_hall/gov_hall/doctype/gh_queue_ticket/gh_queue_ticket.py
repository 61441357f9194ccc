# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt

"""A queue ticket (排队号): issued at the kiosk, by an appointment's check-in or at the desk, called by a
window, served, finished. Every field but the department and matter chosen at issue is the app's:
gov_hall.queue.tickets issues, gov_hall.queue.calling moves the ticket on (named actions below)."""

from frappe.model.document import Document

from gov_hall.access.controlled import Declaration
from gov_hall.queue import tickets
from gov_hall.utils.validation import forbid_delete

# the named actions of gov_hall.queue (and "Record Rating" of the window evaluator)
ISSUE = "Issue"
CALL = "Call Ticket"
RECALL = "Recall"
NO_SHOW = "No Show"
TRANSFER = "Transfer"
START_SERVICE = "Start Service"
FINISH_SERVICE = "Finish Service"
CANCEL = "Cancel"
RECORD_RATING = "Record Rating"
MOVES = (CALL, RECALL, NO_SHOW, TRANSFER, START_SERVICE, FINISH_SERVICE, CANCEL)

CONTROLLED_FIELDS = Declaration(
	# computed by the controller from the times (and fetched from the window and the staff member)
	derived=("window_number", "staff_name", "wait_seconds", "service_seconds"),
	# written when the ticket is issued; never changed afterwards (but by a transfer, see actions)
	stamped=(
		"hall",
		"ticket_date",
		"department",
		"matter",
		"prefix",
		"serial",
		"ticket_number",
		"source",
		"priority",
		"appointment",
		"slot_start",
		"is_off_hours",
		"issued_on",
		"issued_by",
		"device",
	),
	actions={
		"department": TRANSFER,
		"matter": TRANSFER,
		"status": MOVES,
		"window": (CALL, TRANSFER),
		"staff": (CALL, TRANSFER, START_SERVICE),
		"called_on": (CALL, RECALL),
		"recalls": (CALL, RECALL, TRANSFER),
		"transfers": TRANSFER,
		"service_started_on": (START_SERVICE, FINISH_SERVICE),
		"service_finished_on": FINISH_SERVICE,
		"case": FINISH_SERVICE,
		"rating": RECORD_RATING,
		"events": (ISSUE, *MOVES),
	},
)


class GHQueueTicket(Document):
	def validate(self):
		if self.is_new():
			tickets.stamp_new_ticket(self)
		tickets.compute_times(self)

	def on_trash(self):
		forbid_delete(self)


def on_doctype_update():
	from gov_hall.setup.indexes import add_indexes

	add_indexes("GH Queue Ticket")
