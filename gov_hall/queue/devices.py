"""Devices of the hall floor (kiosk, hall display, window display, window evaluator).

A hall manager registers a GH Queue Device; its token is shown once, as a pairing link
(``/queue-kiosk?pair=<token>`` ...). Opening the link on the device stores the token in a long-lived
cookie ``gh_device`` (``pair``); every later guest request of that device is checked by
``device_for``: the device exists, is enabled, is of the right type (and window), and the request
comes from one of its allowed addresses.
"""

from __future__ import annotations

import datetime

import frappe
from frappe import _

from gov_hall.rules import queue as rules
from gov_hall.utils.clock import now_datetime

COOKIE = "gh_device"
COOKIE_DAYS = 3650
TOKEN_LENGTH = 32
SEEN_EVERY_SECONDS = 60
DEVICE_MANAGER_ROLES = frozenset({"System Manager", "Hall Administrator", "Hall Manager"})
KIOSK = "Kiosk"
HALL_DISPLAY = "Hall Display"
WINDOW_DISPLAY = "Window Display"
WINDOW_EVALUATOR = "Window Evaluator"
DEVICE_TYPES = (KIOSK, HALL_DISPLAY, WINDOW_DISPLAY, WINDOW_EVALUATOR)
WINDOW_TYPES = (WINDOW_DISPLAY, WINDOW_EVALUATOR)
ROUTES = {
	KIOSK: "/queue-kiosk",
	HALL_DISPLAY: "/hall-display",
	WINDOW_DISPLAY: "/window-display",
	WINDOW_EVALUATOR: "/window-evaluator",
}


class DevicePermissionError(frappe.PermissionError):
	"""A guest request from a device the hall has not registered (or not for this)."""


def new_token() -> str:
	return frappe.generate_hash(length=TOKEN_LENGTH)


def is_device_manager(user: str | None = None) -> bool:
	user = user or frappe.session.user
	return user == "Administrator" or bool(DEVICE_MANAGER_ROLES & set(frappe.get_roles(user)))


def refuse(message: str) -> None:
	frappe.throw(message, title=_("Invalid Input"))


def validate_device(doc) -> None:
	"""GH Queue Device.validate: a window for the window devices, in the device's hall; addresses."""
	doc.device_name = (doc.device_name or "").strip()
	if not doc.device_name:
		refuse(_("Give the device a name."))
	if doc.device_type not in DEVICE_TYPES:
		refuse(_("Choose the device type."))
	if doc.device_type in WINDOW_TYPES:
		if not doc.window:
			refuse(_("A window display or evaluator belongs to a window: choose the window."))
		if frappe.db.get_value("GH Service Window", doc.window, "hall") != doc.hall:
			refuse(_("The window is not in the device's hall."))
	else:
		doc.window = None
	try:
		rules.parse_networks(doc.allowed_ips)
	except rules.QueueRuleError:
		refuse(_("Allowed Addresses: write one IP address or network (such as 10.1.2.0/24) per line."))


def pairing_url(doc) -> str:
	"""The link that pairs the device (opened once on it)."""
	route = ROUTES[doc.device_type]
	if doc.device_type == WINDOW_DISPLAY:
		card_code = frappe.db.get_value("GH Service Window", doc.window, "card_code") or ""
		route = f"{route}/{card_code}"
	return frappe.utils.get_url(f"{route}?pair={doc.token}")


def show_pairing_link(doc) -> None:
	frappe.msgprint(
		_("Open this link once on the device to pair it:")
		+ f"<br><code>{frappe.utils.escape_html(pairing_url(doc))}</code>",
		title=_("Pairing Link"),
	)


def request_ip() -> str | None:
	return getattr(frappe.local, "request_ip", None)


def device_for(token: str | None, device_type: str, window: str | None = None) -> frappe._dict:
	"""The registered, enabled device of this token and type (and window) used from an allowed
	address; raises a translated DevicePermissionError otherwise (the same one whatever is wrong)."""
	row = None
	if isinstance(token, str) and 16 <= len(token) <= 64 and token.isalnum():
		row = frappe.db.get_value(
			"GH Queue Device",
			{"token": token},
			[
				"name",
				"device_name",
				"hall",
				"device_type",
				"window",
				"enabled",
				"allowed_ips",
				"last_seen_on",
			],
			as_dict=True,
		)
	if (
		not row
		or not row.enabled
		or row.device_type != device_type
		or (window and row.window != window)
		or not rules.address_allowed(request_ip(), row.allowed_ips)
	):
		frappe.throw(
			_("This device is not registered with the hall. Ask the hall's staff to pair it."),
			DevicePermissionError,
			title=_("Not Allowed"),
		)
	seen(row)
	return row


def seen(row) -> None:
	"""Keep the device's last seen time (at most once a minute, no version, no modified change)."""
	now = now_datetime()
	last = row.last_seen_on
	if last and isinstance(last, datetime.datetime) and (now - last).total_seconds() < SEEN_EVERY_SECONDS:
		return
	frappe.db.set_value("GH Queue Device", row.name, "last_seen_on", now, update_modified=False)
	row.last_seen_on = now


def token_from_request() -> str | None:
	"""The paired device's token: the ``gh_device`` cookie."""
	request = getattr(frappe.local, "request", None)
	if not request:
		return None
	return request.cookies.get(COOKIE) or None


def pair(token: str, device_type: str, window: str | None = None) -> frappe._dict:
	"""Pairing: check the token as ``device_for`` does, then keep it in the device's cookie."""
	row = device_for(token, device_type, window)
	frappe.local.cookie_manager.set_cookie(
		COOKIE,
		token,
		expires=datetime.datetime.now() + datetime.timedelta(days=COOKIE_DAYS),
		httponly=True,
		samesite="Lax",
	)
	return row


def current_device(device_type: str, window: str | None = None) -> frappe._dict:
	"""The device making this request (its ``pair`` argument, else its cookie), checked."""
	token = frappe.form_dict.get("pair") or token_from_request()
	if frappe.form_dict.get("pair"):
		return pair(token, device_type, window)
	return device_for(token, device_type, window)
