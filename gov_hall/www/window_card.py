"""A window's public card at /window-card/<card_code> (the QR code on the window; website_route_rules
in hooks.py): the window, its department, the staff on site with their cards, the window's
commitments and its service brand. An unknown code or a closed window is the portal's 404."""

import frappe
from frappe import _

from gov_hall.utils.public_records import active_commitments, brand_cards
from gov_hall.utils.staff_cards import card_window, window_staff_cards

no_cache = 1


def get_context(context):
	frappe.local.no_cache = 1
	window = card_window(frappe.form_dict.get("card_code"))
	if not window:
		raise frappe.PageDoesNotExistError(_("This window card does not exist or is not shown now."))
	context.window = {
		"label": window.label,
		"department": window.department_label,
		"hall": window.hall_label,
		"floor": window.floor or "",
		"zone": window.zone or "",
	}
	context.staff_cards = window_staff_cards(window.name)
	context.commitments = active_commitments("Window", window=window.name)
	context.brands = brand_cards(department=window.department, windows=[window.name])
	context.title = window.label or _("Window Card")
	context.no_breadcrumbs = 1
	return context
