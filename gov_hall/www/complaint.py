"""投诉: complain about a window, a staff member or the hall without an account; the complainant
may stay anonymous and follows the complaint with the tracking code shown after sending."""

import frappe
from frappe import _

from gov_hall.rules.complaints import CATEGORIES
from gov_hall.utils.staff_cards import card_staff, public_card
from gov_hall.voice.settings import default_hall, voice_setting

no_cache = 1
sitemap = 1


def get_context(context):
	context.title = _("Make a Complaint")
	context.no_breadcrumbs = 1
	halls = frappe.get_all(
		"GH Service Hall", filters={"status": "Active"}, fields=["name", "hall_name"], order_by="name"
	)
	windows = frappe.get_all(
		"GH Service Window",
		filters={"status": "Active", "hall": ["in", [hall.name for hall in halls] or [""]]},
		fields=["name", "hall", "window_number", "window_name"],
		order_by="hall, window_number",
	)
	context.halls = halls
	context.hall_options = [{"value": hall.name, "label": hall.hall_name or hall.name} for hall in halls]
	context.default_hall = default_hall() or (halls[0].name if halls else "")
	context.windows = {
		hall.name: [
			{"value": row.name, "label": f"{row.window_number} {row.window_name or ''}".strip()}
			for row in windows
			if row.hall == hall.name
		]
		for hall in halls
	}
	# from a staff card (挂牌上岗): who the visit was with; the code is checked again on submit
	staff = card_staff(frappe.form_dict.get("card"))
	context.card = public_card(staff) if staff and staff.window else None
	context.categories = [{"value": category, "label": _(category)} for category in CATEGORIES]
	context.subject_types = [
		{"value": "Window", "label": _("A window")},
		{"value": "Staff", "label": _("A staff member")},
		{"value": "Hall", "label": _("The hall (environment, facilities)")},
	]
	context.max_mb = voice_setting("web_upload_max_mb")
	context.messages = {
		"failed": _("The complaint could not be sent. Please try again later."),
		"too_many": _("Too many complaints from this connection. Please wait a few minutes and try again."),
		"sending": _("Sending..."),
		"too_large": _("The file is larger than {0} MB.").format(context.max_mb),
		"tracking": _("Your tracking code"),
		"due": _("Reply due by"),
	}
	return context
