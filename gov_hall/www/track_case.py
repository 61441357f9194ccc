"""办件查询: follow a case with its number and the last 4 digits of the applicant's mobile."""

from frappe import _

no_cache = 1
sitemap = 1


def get_context(context):
	context.title = _("Track a Case")
	context.no_breadcrumbs = 1
	context.messages = {
		"not_found": _(
			"No case matches this case number and these digits. Check the case number on your receipt (for example QS-2026-00042) and the last 4 digits of the mobile number given when applying."
		),
		"too_many": _("Too many attempts. Please wait a minute and try again."),
		"failed": _("The query could not be completed. Please try again later."),
		"checking": _("Checking..."),
		"paused": _(
			"Waiting for supplementary materials: the time limit is paused until the materials are handed in."
		),
	}
	return context
