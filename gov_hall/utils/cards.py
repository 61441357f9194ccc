"""Staff cards and window cards (挂牌上岗, issue 18): badge numbers and the cards' public codes.

- A staff member's **badge number** (工号牌编号) is ``<hall code>-<4-digit serial>`` (``QS-0042``), one
  series per hall (``QS`` when the staff member has no hall yet), given at insert unless the hall
  already gave one; it is unique and never changes.
- A **card code** is 10 random characters ``[0-9a-f]`` (``frappe.generate_hash``): the address of the
  public card, ``/staff-card/<code>`` or ``/window-card/<code>``, printed as a QR code on the badge
  and on the window card. A hall manager issues a new one when a badge is lost (*Renew Card Code*):
  the old QR code then leads nowhere.

The controllers call these functions; the backfill patch (``gov_hall.patches.v0_18.card_codes``)
gives existing staff and windows theirs.
"""

from __future__ import annotations

import re

import frappe
from frappe import _
from frappe.model.naming import getseries

from gov_hall.access import controlled

STAFF = "GH Window Staff"
WINDOW = "GH Service Window"
CARD_DOCTYPES = (STAFF, WINDOW)
CODE_LENGTH = 10
DEFAULT_PREFIX = "QS"
SERIAL_DIGITS = 4
RENEW_ACTION = "Renew Card Code"
BADGE_PATTERN = re.compile(r"^[0-9A-Za-z][0-9A-Za-z\-]{0,19}$")
CODE_PATTERN = re.compile(r"^[0-9a-z]{10}$")


# ---------------------------------------------------------------------------------------------
# Card codes


def new_card_code(doctype: str) -> str:
	"""A random code no record of ``doctype`` has."""
	while True:
		code = frappe.generate_hash(length=CODE_LENGTH).lower()
		if not frappe.db.exists(doctype, {"card_code": code}):
			return code


def is_card_code(value) -> bool:
	"""Whether ``value`` looks like a card code at all (before any database lookup)."""
	return isinstance(value, str) and bool(CODE_PATTERN.match(value))


# ---------------------------------------------------------------------------------------------
# Badge numbers


def badge_prefix(staff) -> str:
	"""The hall code of the staff member's hall (their window's, else their department's)."""
	hall = staff.get("hall")
	if not hall and staff.get("window"):
		hall = frappe.db.get_value(WINDOW, staff.window, "hall")
	if not hall and staff.get("department"):
		hall = frappe.db.get_value("GH Stationed Department", staff.department, "hall")
	code = frappe.db.get_value("GH Service Hall", hall, "hall_code") if hall else None
	code = re.sub(r"[^0-9A-Za-z]", "", code or "").upper()
	return code or DEFAULT_PREFIX


def next_badge_number(staff) -> str:
	"""The next free badge number of the staff member's hall series."""
	prefix = badge_prefix(staff)
	while True:
		number = f"{prefix}-{getseries(f'GH-BADGE-{prefix}-', SERIAL_DIGITS)}"
		if not frappe.db.exists(STAFF, {"badge_number": number}):
			return number


def clean_badge_number(staff) -> None:
	"""A badge number given by hand: plain letters, digits and hyphens, and nobody else's."""
	number = (staff.badge_number or "").strip().upper()
	staff.badge_number = number or None
	if not number:
		return
	if not BADGE_PATTERN.match(number):
		frappe.throw(_("A badge number has up to 20 letters, digits and hyphens."), title=_("Invalid Input"))
	holder = frappe.db.get_value(STAFF, {"badge_number": number, "name": ["!=", staff.name or ""]})
	if holder:
		frappe.throw(
			_("Badge number {0} is already used.").format(number),
			frappe.UniqueValidationError,
			title=_("Invalid Input"),
		)


# ---------------------------------------------------------------------------------------------
# What the controllers call


def staff_before_insert(staff) -> None:
	"""A new staff record: a fresh card code whatever the request sent; its badge number unless given."""
	staff.card_code = new_card_code(STAFF)


def staff_validate(staff) -> None:
	"""Every save: the badge number checked (or given), the card code there, the photo defaulted."""
	clean_badge_number(staff)
	if not staff.badge_number:
		staff.badge_number = next_badge_number(staff)
	if not staff.card_code:
		staff.card_code = new_card_code(STAFF)
	if not staff.photo and staff.user:
		staff.photo = frappe.db.get_value("User", staff.user, "user_image") or None


def window_before_insert(window) -> None:
	window.card_code = new_card_code(WINDOW)


def window_validate(window) -> None:
	if not window.card_code:
		window.card_code = new_card_code(WINDOW)


def staff_photo(staff) -> str:
	"""The badge photo: the record's own, else the user's picture ("" when neither)."""
	photo = staff.get("photo")
	if not photo and staff.get("user"):
		photo = frappe.db.get_value("User", staff.user, "user_image")
	return photo or ""


# ---------------------------------------------------------------------------------------------
# Renewal (a lost badge) and the backfill


def renew_card_code(doctype: str, name: str) -> str:
	"""A new card code for a staff member or a window; the old one stops working at once.

	The caller checks that the user is a hall manager."""
	if doctype not in CARD_DOCTYPES:
		frappe.throw(_("Only staff and windows have card codes."), title=_("Invalid Input"))
	doc = frappe.get_doc(doctype, name)
	with controlled.action(doc, RENEW_ACTION):
		doc.card_code = new_card_code(doctype)
		doc.flags.ignore_permissions = True
		doc.save()
	doc.add_comment(
		"Info",
		_("Card code renewed by {0}; the previous QR code no longer works.").format(
			frappe.utils.get_fullname(frappe.session.user)
		),
	)
	return doc.card_code


def backfill() -> dict:
	"""Badge numbers and card codes for every record without one; a second run changes nothing."""
	counts = {"badge_number": 0, "staff_card_code": 0, "window_card_code": 0}
	staff_rows = frappe.get_all(
		STAFF,
		fields=["name", "hall", "window", "department", "badge_number", "card_code"],
		order_by="creation asc, name asc",
	)
	for row in staff_rows:
		values = {}
		if not row.badge_number:
			values["badge_number"] = next_badge_number(row)
			counts["badge_number"] += 1
		if not row.card_code:
			values["card_code"] = new_card_code(STAFF)
			counts["staff_card_code"] += 1
		if values:
			frappe.db.set_value(STAFF, row.name, values, update_modified=False)
	for name in frappe.get_all(
		WINDOW, filters={"card_code": ["is", "not set"]}, pluck="name", order_by="creation asc"
	):
		frappe.db.set_value(WINDOW, name, "card_code", new_card_code(WINDOW), update_modified=False)
		counts["window_card_code"] += 1
	return counts
