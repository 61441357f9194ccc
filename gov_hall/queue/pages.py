"""What the hall floor's pages (gov_hall/www: queue-kiosk, hall-display, window-display,
window-evaluator) share: the device that opens them and the words their scripts show.

A device is paired once by opening its page with ``?pair=<token>`` (the link a manager gets from the
GH Queue Device form): the token is kept in the long-lived ``gh_device`` cookie, and every later
visit and request is checked against the registered device (enabled, type, window, address) by
``gov_hall.queue.devices.device_for``. An unregistered device sees only a Chinese notice.
"""

from __future__ import annotations

import frappe
from frappe import _


def page_device(context, device_type: str, window: str | None = None):
	"""The registered device opening this page (pairing it first when ``?pair=`` is given), or None
	with ``context.device_error`` set to the notice to show."""
	from gov_hall.queue.devices import current_device

	context.device_error = None
	try:
		return current_device(device_type, window)
	except frappe.PermissionError:
		frappe.clear_messages()
		context.device_error = not_registered()
		return None


def not_registered() -> str:
	return _("This device is not registered with the hall. Ask the hall's staff to pair it.")


def floor_page(context, title: str) -> None:
	"""A hall-floor page: full screen, without the portal's navigation and footer."""
	frappe.local.no_cache = 1
	context.no_cache = 1
	context.title = title
	context.no_breadcrumbs = 1
	context.show_sidebar = 0


def common_messages() -> dict:
	return {
		"live": _("Live"),
		"offline": _("Connection lost: refreshing every 30 seconds"),
		"failed": _("The request could not be sent. Please try again."),
		"too_many": _("Too many requests. Please wait a minute and try again."),
		"not_registered": not_registered(),
	}
