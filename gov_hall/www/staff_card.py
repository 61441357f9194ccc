"""挂牌上岗: a staff member's public card at /staff-card/<card_code> (the QR code of the badge;
website_route_rules in hooks.py): name, photo, badge number, window, department, personal
commitments and service stars, with links to rate and complain. An unknown code, a staff member
who has left or whose card is not public is the portal's 404. Never a mobile number, an ID number,
a user id or anything from a complaint."""

import frappe
from frappe import _

from gov_hall.utils.public_records import active_commitments
from gov_hall.utils.staff_cards import card_staff, public_card, service_stars

no_cache = 1


def get_context(context):
	frappe.local.no_cache = 1
	staff = card_staff(frappe.form_dict.get("card_code"))
	if not staff:
		raise frappe.PageDoesNotExistError(_("This staff card does not exist or is not shown now."))
	context.card = public_card(staff)
	context.commitments = active_commitments("Staff", staff=staff.user)
	context.stars = service_stars(staff.user)
	context.title = _("Staff Service Card")
	context.no_breadcrumbs = 1
	return context
