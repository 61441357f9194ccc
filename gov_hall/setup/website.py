"""The website belongs to the hall: its portal is the home page, with the hall's name and address.

apply_portal_settings fills Website Settings from the default hall (GH Hall Settings → GH Service
Hall): the home page (/hall), the brand and app name (also the login page's title), the navbar of
public pages, and a footer with the hall's address, hours and phone instead of "Built on Frappe".
It runs from `gov-hall-setup-site`, after install and from the demo loader; run it again with
``bench --site S execute gov_hall.setup.website.apply_portal_settings`` after changing the hall.

A value is only replaced when it is empty, still Frappe's default, or still what this function set
last time (kept in the default ``gov_hall_portal_settings``): an administrator's own edits stay,
unless ``force``.
"""

import json
from contextlib import contextmanager

import frappe
from frappe import _
from frappe.utils import escape_html

from gov_hall.utils.portal import (
	PORTAL_PAGES,
	PORTAL_ROUTE,
	guest_language,
	hall_hours,
	portal_hall,
)

APPLIED_KEY = "gov_hall_portal_settings"
PORTAL_ICON = "/assets/gov_hall/images/gov_hall.svg"
# values a fresh site holds: replaced like empty ones
FRAPPE_DEFAULTS = {"home_page": ("login",), "app_name": ("Frappe",)}
FLAGS = ("hide_footer_signup", "disable_signup")
TEXTS = ("home_page", "app_name", "brand_html", "copyright", "address", "footer_powered", "favicon")


@contextmanager
def portal_language():
	"""Texts stored in Website Settings are written in the portal's language (the command that
	runs this has no request, so frappe.local.lang would be English)."""
	previous = getattr(frappe.local, "lang", None)
	frappe.local.lang = guest_language()
	try:
		yield
	finally:
		frappe.local.lang = previous


@contextmanager
def without_empty_request():
	"""Website Settings check the home page with Frappe's router, which reads
	frappe.local.request.environ whenever frappe.local has a request attribute: a request of None
	(left by a finished request or test) would fail it. Outside a request there is nothing to read."""
	empty = hasattr(frappe.local, "request") and frappe.local.request is None
	if empty:
		del frappe.local.request
	try:
		yield
	finally:
		if empty:
			frappe.local.request = None


def wanted_settings() -> dict:
	"""What Website Settings should hold for the portal of the default hall."""
	hall = portal_hall()
	with portal_language():
		title = (hall.hall_name or hall.name) if hall else _("Service Hall")
		footer = []
		if hall:
			hours = hall_hours(hall)
			if hours:
				footer.append(_("Opening hours: {0}").format("；".join(hours)))
			if hall.phone:
				footer.append(_("Phone: {0}").format(hall.phone))
		if not footer:
			footer.append(_("Enter one door, get everything done."))
		return {
			"home_page": PORTAL_ROUTE,
			"app_name": title,
			"brand_html": escape_html(title),
			"copyright": escape_html(title),
			"address": escape_html(hall.address or "") if hall else "",
			# Frappe shows "Built on Frappe" when this is empty
			"footer_powered": "<br>".join(escape_html(line) for line in footer),
			"favicon": PORTAL_ICON,
			"hide_footer_signup": 1,
			"disable_signup": 1,
			# labels are translated when the navbar is rendered (Frappe's navbar_items.html)
			"top_bar_items": [{"label": label, "url": route} for label, route, _icon, _text in PORTAL_PAGES],
		}


def last_applied() -> dict:
	"""What apply_portal_settings set last time. Read from the table, not from Frappe's cache of
	defaults, which another process may have refilled from before this transaction's write."""
	value = frappe.db.get_value("DefaultValue", {"parent": "__default", "defkey": APPLIED_KEY}, "defvalue")
	return json.loads(value or "{}")


def current_top_bar(settings) -> list[dict]:
	return [{"label": row.label, "url": row.url} for row in settings.top_bar_items]


def replaceable(field: str, current, applied: dict, force: bool) -> bool:
	if force or not current:
		return True
	if current in FRAPPE_DEFAULTS.get(field, ()):
		return True
	return field in applied and current == applied[field]


def apply_portal_settings(force: bool = False) -> bool:
	"""Give the website to the hall's portal. Idempotent; True if something changed."""
	settings = frappe.get_single("Website Settings")
	applied = last_applied()
	wanted = wanted_settings()
	changed = {}

	for field in TEXTS + FLAGS:
		current = settings.get(field)
		if field in FLAGS:
			current = int(current or 0)
		if current != wanted[field] and replaceable(field, current, applied, force):
			settings.set(field, wanted[field])
			changed[field] = wanted[field]

	top_bar = current_top_bar(settings)
	if top_bar != wanted["top_bar_items"] and replaceable("top_bar_items", top_bar, applied, force):
		settings.set("top_bar_items", [])
		for row in wanted["top_bar_items"]:
			settings.append("top_bar_items", row)
		changed["top_bar_items"] = wanted["top_bar_items"]

	if not changed:
		return False
	settings.flags.ignore_permissions = True
	with without_empty_request():
		settings.save()  # on_update clears the website cache and the cached home page
	frappe.db.set_default(APPLIED_KEY, json.dumps({**applied, **changed}, ensure_ascii=False))
	return True
