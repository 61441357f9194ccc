"""Public staff cards (挂牌上岗) and window cards, as a guest reads them.

A card is reached by its random code (``/staff-card/<card_code>``, ``/window-card/<card_code>``),
printed as a QR code on the staff badge and on the window's card. Only the public fields are read,
by explicit queries: a name, a badge number, a photo, a window and a department; never a user id,
an email address or a mobile number. A staff member who has left, or whose card is not public, has
no card: the code answers like an unknown one.
"""

import re

import frappe
from frappe.query_builder import DocType, Order

from gov_hall.assessment import rankings

STAFF = "GH Window Staff"
WINDOW = "GH Service Window"
ON_SITE = "On Site"
ACTIVE = "Active"
CARD_CODE = re.compile(r"^[a-z0-9]{6,20}$", re.ASCII)
PUBLIC_FILE = re.compile(r"^/files/[^\s\"'<>]+$")


def clean_code(value) -> str | None:
	"""The card code as given, or None when it cannot be a card code at all."""
	if not isinstance(value, str):
		return None
	code = value.strip().lower()
	return code if CARD_CODE.match(code) else None


def has_fields(doctype: str, *fieldnames: str) -> bool:
	meta = frappe.get_meta(doctype)
	return all(meta.has_field(fieldname) for fieldname in fieldnames)


def public_photo(url) -> str | None:
	"""A photo only when it is a public file of the site (a private file would not show anyway)."""
	return url if isinstance(url, str) and PUBLIC_FILE.match(url) else None


def window_label(window: str | None) -> str:
	if not window:
		return ""
	row = frappe.db.get_value(WINDOW, window, ["window_number", "window_name"], as_dict=True)
	return rankings.window_label(row.window_number, row.window_name) if row else ""


def department_label(department: str | None) -> str:
	# the department's name is its record name (autoname field:department_name)
	return department or ""


def hall_label(hall: str | None) -> str:
	if not hall:
		return ""
	return frappe.db.get_value("GH Service Hall", hall, "hall_name") or hall


def card_staff(code) -> frappe._dict | None:
	"""The staff member whose public card has this code, On Site and with a public card; else None.

	``name`` and ``user`` are for the server's own use (links, queries) and never shown."""
	code = clean_code(code)
	if not code or not has_fields(STAFF, "card_code", "public_card"):
		return None
	fields = ["name", "user", "full_name", "department", "window", "hall", "card_code"]
	fields += [field for field in ("photo", "badge_number") if frappe.get_meta(STAFF).has_field(field)]
	rows = frappe.get_all(
		STAFF,
		filters={"card_code": code, "status": ON_SITE, "public_card": 1},
		fields=fields,
		limit=1,
		ignore_permissions=True,
	)
	if not rows:
		return None
	staff = rows[0]
	user_image = frappe.db.get_value("User", staff.user, "user_image") if staff.user else None
	staff.photo = public_photo(staff.get("photo")) or public_photo(user_image)
	staff.badge_number = staff.get("badge_number") or ""
	staff.full_name = staff.full_name or ""
	staff.window_label = window_label(staff.window)
	staff.department_label = department_label(staff.department)
	staff.hall_label = hall_label(staff.hall)
	return staff


def public_card(staff) -> dict:
	"""What a page may show of a card's staff member."""
	return {
		"full_name": staff.full_name,
		"photo": staff.photo,
		"badge_number": staff.badge_number,
		"window": staff.window_label,
		"department": staff.department_label,
		"hall": staff.hall_label,
		"card_code": staff.card_code,
	}


def card_window(code) -> frappe._dict | None:
	"""The active window whose card has this code; else None."""
	code = clean_code(code)
	if not code or not has_fields(WINDOW, "card_code"):
		return None
	rows = frappe.get_all(
		WINDOW,
		filters={"card_code": code, "status": ACTIVE},
		fields=["name", "window_number", "window_name", "department", "hall", "floor", "zone"],
		limit=1,
		ignore_permissions=True,
	)
	if not rows:
		return None
	window = rows[0]
	window.label = rankings.window_label(window.window_number, window.window_name)
	window.department_label = department_label(window.department)
	window.hall_label = hall_label(window.hall)
	return window


def window_staff_cards(window: str) -> list[dict]:
	"""The public cards of the staff on site at a window."""
	if not has_fields(STAFF, "card_code", "public_card"):
		return []
	rows = frappe.get_all(
		STAFF,
		filters={"window": window, "status": ON_SITE, "public_card": 1, "card_code": ["is", "set"]},
		fields=["card_code"],
		order_by="full_name asc",
		ignore_permissions=True,
	)
	cards = []
	for row in rows:
		staff = card_staff(row.card_code)
		if staff:
			cards.append(public_card(staff))
	return cards


def service_stars(user: str) -> list[dict]:
	"""The quarters in which ``user`` was a service star of a published assessment, newest first."""
	from gov_hall.setup.workflows import A_PUBLISHED

	Result, Run = DocType(rankings.STAFF_RESULT), DocType(rankings.RUN)
	rows = (
		frappe.qb.from_(Result)
		.join(Run)
		.on(Run.name == Result.parent)
		.select(Run.quarter, Result.rank)
		.where(Result.parenttype == rankings.RUN)
		.where(Result.parentfield == "staff_results")
		.where(Run.status == A_PUBLISHED)
		.where(Result.is_service_star == 1)
		.where(Result.staff == user)
		.orderby(Run.quarter, order=Order.desc)
		.run(as_dict=True)
	)
	return [{"quarter": row.quarter, "rank": row.rank} for row in rows]
