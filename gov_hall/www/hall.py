"""The hall's portal, the site's home page (gov_hall.setup.website.apply_portal_settings sets it):
big entries to the public pages, and the hall's name, address, hours and phone."""

from frappe import _

from gov_hall.utils.portal import hall_hours, other_halls, portal_entries, portal_hall

no_cache = 1
sitemap = 1


def get_context(context):
	hall = portal_hall()
	context.hall = hall
	context.hall_title = (hall.hall_name or hall.name) if hall else _("Service Hall")
	context.title = context.hall_title
	context.hours = hall_hours(hall)
	context.entries = portal_entries(with_cancel=True)
	context.other_halls = other_halls(hall.name if hall else None)
	context.no_breadcrumbs = 1
	return context
