"""A site ready for a Chinese hall: setup wizard complete, 中文, Beijing time, China, CNY.

``bench --site S gov-hall-setup-site`` (run by scripts/dev-up) finishes Frappe's own setup wizard
with a hall's answers, so staff land in the desk instead of /app/setup-wizard, and gives the website
to the hall's portal. Installing the app only fills an empty time zone (``ensure_time_zone``): it never
changes a site that an administrator has already set up.
"""

import frappe
from frappe import _

from gov_hall.utils.clock import HALL_TIME_ZONE

HALL_LANGUAGE = "zh"
HALL_COUNTRY = "China"
HALL_CURRENCY = "CNY"


def ensure_time_zone(verbose: bool = True) -> bool:
	"""Set the site's time zone to Beijing time when it has none. True when it changed."""
	if frappe.db.get_single_value("System Settings", "time_zone"):
		return False
	frappe.db.set_single_value("System Settings", "time_zone", HALL_TIME_ZONE)
	frappe.clear_cache()
	if verbose:
		print(_("gov_hall: the site had no time zone; it is now {0} (Beijing time).").format(HALL_TIME_ZONE))
	return True


def site_time_zone_warning() -> str | None:
	"""A translated warning when the site's time zone is not Beijing time, else None."""
	zone = frappe.db.get_single_value("System Settings", "time_zone")
	if zone == HALL_TIME_ZONE:
		return None
	if not zone:
		return _(
			"The site has no time zone, so Frappe's own timestamps follow Asia/Kolkata. The hall's times are Beijing time; set the time zone to {0} in System Settings."
		).format(HALL_TIME_ZONE)
	return _(
		"The site's time zone is {0}, but the hall works in Beijing time ({1}). The hall's times (received, due, slots, cards) are Beijing time; Frappe's own timestamps follow {0}. Set the time zone to {1} in System Settings."
	).format(zone, HALL_TIME_ZONE)


def setup_site() -> dict:
	"""Finish the setup wizard for a Chinese hall (idempotent) and hand the website to the hall."""
	from frappe.desk.page.setup_wizard.setup_wizard import setup_complete

	done = []
	if not frappe.db.get_single_value("System Settings", "setup_complete"):
		language_name = frappe.db.get_value("Language", HALL_LANGUAGE, "language_name") or "简体中文"
		setup_complete(
			{
				"language": language_name,
				"country": HALL_COUNTRY,
				"timezone": HALL_TIME_ZONE,
				"currency": HALL_CURRENCY,
			}
		)
		done.append("setup wizard")
	settings = frappe.get_single("System Settings")
	wanted = {"language": HALL_LANGUAGE, "time_zone": HALL_TIME_ZONE, "country": HALL_COUNTRY}
	changed = {field: value for field, value in wanted.items() if settings.get(field) != value}
	if changed:
		settings.update(changed)
		settings.flags.ignore_permissions = True
		settings.save()
		done.append("system settings: " + ", ".join(sorted(changed)))
	# Frappe keeps the currency as a global default (ERPNext's Global Defaults write the same key)
	if frappe.db.get_default("currency") != HALL_CURRENCY:
		frappe.db.set_default("currency", HALL_CURRENCY)
		done.append("currency")
	if frappe.db.exists("Currency", HALL_CURRENCY):
		frappe.db.set_value("Currency", HALL_CURRENCY, "enabled", 1)
	for user in ("Administrator",):
		if frappe.db.get_value("User", user, "time_zone") != HALL_TIME_ZONE:
			frappe.db.set_value("User", user, "time_zone", HALL_TIME_ZONE)
	if frappe.db.get_default("desktop:home_page") != "workspace":
		frappe.db.set_default("desktop:home_page", "workspace")
	from gov_hall.setup.website import apply_portal_settings

	if apply_portal_settings():
		done.append("website")
	frappe.db.commit()  # nosemgrep: a bench command's own transaction
	frappe.clear_cache()
	return {"done": done}
