"""The website belongs to the hall: its portal is the home page, with the hall's name and address."""

import frappe


def apply_portal_settings(force: bool = False) -> bool:
	"""Website Settings for the hall's portal. Placeholder until the portal lands; True if changed."""
	settings = frappe.get_single("Website Settings")
	if settings.home_page and not force:
		return False
	return False
