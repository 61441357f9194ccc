"""短信退订: stop the hall's non-statutory text messages with a case number or booking code and the
last 4 digits of the mobile (gov_hall.sms.optout)."""

from frappe import _

no_cache = 1
sitemap = 1


def get_context(context):
	context.title = _("Stop Text Messages")
	context.no_breadcrumbs = 1
	context.messages = {
		"not_found": _(
			"No case or appointment matches this number and these digits. Check the case number on your receipt or your booking code, and the last 4 digits of the mobile number you gave."
		),
		"too_many": _("Too many attempts. Please wait a minute and try again."),
		"failed": _("The request could not be completed. Please try again later."),
		"working": _("Sending..."),
	}
	return context
