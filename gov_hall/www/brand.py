"""One service brand at /brands/<brand> (website_route_rules in hooks.py): its concept, measures,
members, windows, public commitments and this year's results. A brand that is not named or warned
is the portal's 404."""

import frappe
from frappe import _

from gov_hall.utils.public_records import brand_detail

no_cache = 1


def get_context(context):
	frappe.local.no_cache = 1
	brand = brand_detail(frappe.form_dict.get("brand"))
	if not brand:
		raise frappe.PageDoesNotExistError(_("This service brand does not exist or is not named now."))
	context.brand = brand
	context.title = brand["brand_name"]
	context.no_breadcrumbs = 1
	return context
