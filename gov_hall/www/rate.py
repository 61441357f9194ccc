"""服务评价: rate a case's service without an account (好差评), by case number and phone digits or
through the link sent by SMS."""

import frappe
from frappe import _

from gov_hall.rules.ratings import LEVELS
from gov_hall.utils.staff_cards import card_staff, public_card

no_cache = 1
sitemap = 1


def get_context(context):
	context.title = _("Rate Our Service")
	context.no_breadcrumbs = 1
	args = frappe.form_dict
	# the SMS link carries the case number and its signature; both are checked only on submit
	context.case_number = args.get("case") if isinstance(args.get("case"), str) else ""
	context.token = args.get("token") if isinstance(args.get("token"), str) else ""
	context.case_number = context.case_number[:40]
	context.token = context.token[:64]
	# from a staff card (挂牌上岗): who the visit was with; the code is checked again on submit
	staff = card_staff(args.get("card"))
	context.card = public_card(staff) if staff else None
	context.levels = [{"value": level, "label": _(level)} for level in LEVELS]
	context.messages = {
		"failed": _("The rating could not be sent. Please try again later."),
		"too_many": _("Too many attempts. Please wait a minute and try again."),
		"choose_level": _("Choose one of the five rating levels."),
		"sending": _("Sending..."),
	}
	return context
