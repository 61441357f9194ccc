"""自助取号: the hall's ticket kiosk (touch screen, large type). A citizen picks a department or a
matter and gets a ticket number with the number waiting ahead and a printable slip; an appointment
holder checks in with the booking code for a priority ticket. Only on a device the hall registered
(GH Queue Device of type Kiosk, paired with ``?pair=<token>``); any other browser sees a notice."""

import frappe
from frappe import _

from gov_hall.queue.pages import common_messages, floor_page, page_device

no_cache = 1


def get_context(context):
	floor_page(context, _("Take a Queue Ticket"))
	kiosk = page_device(context, "Kiosk")
	context.hall_name = (
		(frappe.db.get_value("GH Service Hall", kiosk.hall, "hall_name") or kiosk.hall) if kiosk else ""
	)
	context.messages = {
		**common_messages(),
		"waiting": _("{0} waiting"),
		"ahead": _("{0} people are waiting ahead of you"),
		"priority": _("Appointment: you will be called first for your time slot"),
		"issued_on": _("Taken at {0}"),
		"sending": _("Please wait..."),
		"no_matter": _("Choose a department or a matter."),
		"enter_code": _("Enter the booking code of your appointment."),
	}
	return context
