"""办事指南 for one matter, at /service-guide/<matter_code> (website_route_rules in hooks.py)."""

import frappe
from frappe import _

from gov_hall.api.portal import matter_guide

no_cache = 1


def get_context(context):
	frappe.local.no_cache = 1
	guide = matter_guide(frappe.form_dict.get("matter_code"))
	if not guide:
		raise frappe.PageDoesNotExistError(_("This service matter does not exist or is not offered now."))
	context.guide = guide
	context.title = guide["name"]
	context.guide_title = _("Service Guide")
	context.no_breadcrumbs = 1
	return context
