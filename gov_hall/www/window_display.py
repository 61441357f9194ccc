"""窗口显示屏 at /window-display/<card_code> (website_route_rules in hooks.py; the window's card code):
the window's number, the ticket it serves now, and the staff member on duty with their name, public
photo and stars (their satisfaction over the last 90 days, gov_hall.queue.display.staff_stars).
Updated live with the hall's calls. Only on a device the hall registered for this window (GH Queue
Device of type Window Display); an unknown code is the portal's 404."""

import frappe
from frappe import _

from gov_hall.queue.pages import common_messages, floor_page, page_device
from gov_hall.utils.staff_cards import card_window

no_cache = 1


def get_context(context):
	window = card_window(frappe.form_dict.get("card_code"))
	if not window:
		raise frappe.PageDoesNotExistError(_("This window card does not exist or is not shown now."))
	floor_page(context, window.label or _("Window Screen"))
	screen = page_device(context, "Window Display", window=window.name)
	context.registered = bool(screen)
	context.card_code = frappe.form_dict.get("card_code")
	context.department = window.department_label
	context.messages = {
		**common_messages(),
		"idle": _("Please wait for your number"),
		"stars": _("Satisfaction over the last 90 days: {0} stars from {1} ratings"),
		"no_stars": _("No rating in the last 90 days"),
	}
	return context
