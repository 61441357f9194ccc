"""预约办事: the public booking form. Frappe's web form inserts the GH Appointment as Guest; the
doctype's controller checks every rule. This module fills the hall list and gives the client
script its translated texts and booking period."""

import frappe
from frappe import _
from frappe.utils import add_days

from gov_hall.api.appointments import active_halls
from gov_hall.gov_hall.doctype.gh_appointment.gh_appointment import appointment_settings
from gov_hall.utils.clock import nowdate

FRAPPE_JS_TEXTS = (
	"Missing Values Required",
	"Following fields have missing values:",
	"Message",
	"Error",
	"Not Saved",
	"Validation Error",
	"Couldn't save, please check the data you have entered",
	"Loading...",
)


def get_context(context):
	halls = active_halls()
	for field in context.web_form_doc.web_form_fields:
		if field.get("fieldname") == "hall":
			field["options"] = "\n".join(["", *halls])
	default_hall = frappe.db.get_single_value("GH Hall Settings", "default_hall")
	days_ahead = appointment_settings().appointment_days_ahead
	context.title = _(context.title)  # the browser tab's title; the heading translates it too
	context.introduction_text = _(
		"Book a visit to the service hall for one service matter. No account is needed. After booking you get a booking code: show it at the hall, or use it with the last 4 digits of your mobile number to cancel."
	)
	context.appointment_setup = {
		"default_hall": default_hall if default_hall in halls else (halls[0] if len(halls) == 1 else ""),
		"first_date": nowdate(),
		"last_date": add_days(nowdate(), days_ahead),
		"messages": {
			"choose_hall": _("Choose a service hall."),
			"choose_matter": _("Choose a service matter that can be booked."),
			"no_matters": _("No service matter can be booked at this hall."),
			"loading": _("Loading available times..."),
			"places_left": _("{0} places left"),
			"off_hours": _("off-hours service"),
			"no_times": _("No appointment times are available on that day. Please choose another day."),
			"failed": _("The available times could not be loaded. Please try again later."),
			"booking_code": _("Booking code"),
			"when": _("Time"),
			"keep_code": _(
				"Show this code at the hall. To cancel, use it with the last 4 digits of your mobile number on the cancellation page."
			),
			"cancel_link": _("Cancel an appointment"),
			"guide_link": _("Service Guide"),
			"date_passed": _("The appointment date has already passed."),
			"too_far": _("Appointments can be booked from today up to {0} days ahead.").format(days_ahead),
			"missing": _("Please fill in: {0}"),
			"cannot_book": _("Cannot Book Yet"),
			"book_again": _("Book another appointment"),
			"today": _("Today's date"),
		},
		"frappe_messages": frappe_messages(),
	}
	return context


def frappe_messages() -> dict:
	"""Frappe's own texts that the web form's scripts show (required-field check, dialogs),
	translated with Frappe's translations: a web form sends its scripts only its own labels."""
	return {text: _(text) for text in FRAPPE_JS_TEXTS}
