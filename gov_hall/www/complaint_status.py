"""投诉查询: follow a complaint with its tracking code, without an account."""

from frappe import _

no_cache = 1
sitemap = 1


def get_context(context):
	context.title = _("Follow a Complaint")
	context.no_breadcrumbs = 1
	context.messages = {
		"not_found": _(
			"No complaint matches this tracking code. Check the code you were given when complaining."
		),
		"too_many": _("Too many attempts. Please wait a minute and try again."),
		"failed": _("The query could not be completed. Please try again later."),
		"checking": _("Checking..."),
	}
	return context
