"""取消预约: cancel a booking with its booking code and the last 4 digits of the mobile number."""

from frappe import _

no_cache = 1
sitemap = 1


def get_context(context):
	context.title = _("Cancel an Appointment")
	context.no_breadcrumbs = 1
	context.messages = {
		"not_found": _(
			"No appointment matches this booking code and these digits. Check the booking code you were given and the last 4 digits of the mobile number used when booking."
		),
		"too_many": _("Too many attempts. Please wait a minute and try again."),
		"failed": _("The request could not be completed. Please try again later."),
		"working": _("Cancelling..."),
		"confirm": _("Cancel this appointment? This cannot be undone."),
	}
	return context
