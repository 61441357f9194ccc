"""The site's page-not-found, in the portal's frame and language (Frappe renders the app's
www/404.html before its own for every unknown route, e.g. /service-guide/<unknown matter>)."""

from frappe import _

no_cache = 1


def get_context(context):
	context.http_status_code = 404
	context.title = _("Page Not Found")
	context.no_breadcrumbs = 1
	return context
