"""The hall's public portal at request time: the language guests read, the hall the portal speaks
for and the public pages it links to. Website Settings are filled from here by
gov_hall.setup.website.apply_portal_settings; the pages are in gov_hall/www."""

import frappe
from frappe import _
from frappe.utils import get_time

# Citizens read the hall's language whatever their browser asks for (Playwright and most phones
# send Accept-Language: en-US). A site may choose another one with `gov_hall_guest_language` in
# its site_config.json; a visitor who picks a language explicitly (?_lang=…, or the
# preferred_language cookie of Frappe's language picker) keeps it.
PORTAL_LANGUAGE = "zh"

# The site's home page: gov_hall/www/hall.html
PORTAL_ROUTE = "hall"

# (label, route, icon, one-line description): the navbar and the home page's entries, in order
PORTAL_PAGES = (
	("Service Guide", "/service-guide", "file", "What to bring, how long it takes and what it costs"),
	("Book an Appointment", "/book-appointment/new", "calendar", "Choose a time to come, no account needed"),
	("Track a Case", "/track-case", "search", "The progress of your application"),
	("Case Results", "/case-results", "list-alt", "Completed cases of each month, names partly hidden"),
	("Rate Our Service", "/rate", "star", "Tell us how we served you"),
	("Complaints and Suggestions", "/complaint", "small-message", "Anonymous if you wish"),
	("Complaint Progress", "/complaint-status", "clipboard", "Follow your complaint with its tracking code"),
	("Honor Roll", "/honor-roll", "quality", "Red-flag windows and service stars"),
	("Service Commitments", "/commitments", "check", "What the hall and its windows promise you"),
	("Service Brands", "/brands", "milestone", "Named brands and how they keep their promises"),
)
# on the home page only
CANCEL_PAGE = ("Cancel an Appointment", "/cancel-appointment", "close", "With your booking code")

HALL_FIELDS = (
	"name",
	"hall_name",
	"status",
	"address",
	"phone",
	"opening_time",
	"closing_time",
	"offers_off_hours_service",
	"extended_closing_time",
	"holiday_opening_time",
	"holiday_closing_time",
)


def guest_language() -> str:
	return frappe.conf.get("gov_hall_guest_language") or PORTAL_LANGUAGE


def set_guest_language() -> None:
	"""before_request: a guest reads the portal's language, not their browser's Accept-Language.

	Frappe (frappe.translate.get_language) gives a guest the first language of Accept-Language
	that the site knows, so a phone set to English gets Frappe's English pages. Logged-in users
	keep their own language; ?_lang= and the preferred_language cookie are explicit choices."""
	session = getattr(frappe.local, "session", None)
	request = getattr(frappe.local, "request", None)
	if not session or session.user != "Guest" or not request:
		return
	if frappe.form_dict.get("_lang") or request.cookies.get("preferred_language"):
		return
	frappe.local.lang = guest_language()


def translate_page_texts(context) -> None:
	"""update_website_context: Frappe's own pages give their title ("Login") and a web form its
	link-preview tags (og:title, description) as English source text; show them in the reader's
	language. Texts that are already translated stay as they are."""
	if isinstance(context.get("title"), str):
		context.title = _(context.title)
	tags = context.get("metatags") or {}
	for key, value in tags.items():
		if isinstance(value, str) and key.rsplit(":", 1)[-1] in ("title", "description"):
			tags[key] = _(value)


def portal_hall() -> frappe._dict | None:
	"""The hall the portal speaks for: GH Hall Settings' default hall, else the first active hall
	(by creation); None before any hall exists."""
	name = frappe.db.get_single_value("GH Hall Settings", "default_hall")
	hall = frappe.db.get_value("GH Service Hall", name, HALL_FIELDS, as_dict=True) if name else None
	if not hall:
		halls = frappe.get_all(
			"GH Service Hall",
			filters={"status": "Active"},
			fields=list(HALL_FIELDS),
			order_by="creation asc",
			limit=1,
		)
		hall = halls[0] if halls else None
	return hall


def hhmm(value) -> str:
	return get_time(value).strftime("%H:%M") if value else ""


def hall_hours(hall) -> list[str]:
	"""The hall's hours as short lines: working days, evenings and rest days by appointment."""
	if not hall or not hall.opening_time or not hall.closing_time:
		return []
	lines = [_("Working days {0}–{1}").format(hhmm(hall.opening_time), hhmm(hall.closing_time))]
	if hall.offers_off_hours_service:
		if hall.extended_closing_time:
			lines.append(_("Evenings until {0} by appointment").format(hhmm(hall.extended_closing_time)))
		opening = hall.holiday_opening_time or hall.opening_time
		closing = hall.holiday_closing_time or hall.closing_time
		lines.append(_("Rest days {0}–{1} by appointment").format(hhmm(opening), hhmm(closing)))
	return lines


def other_halls(hall_name: str | None) -> list[frappe._dict]:
	"""The other active halls (branch halls), with their address and phone."""
	return frappe.get_all(
		"GH Service Hall",
		filters={"status": "Active", "name": ["!=", hall_name or ""]},
		fields=["name", "hall_name", "address", "phone"],
		order_by="hall_level asc, name asc",
	)


def portal_entries(with_cancel: bool = False) -> list[dict]:
	"""The public pages, translated, for the home page's entries."""
	pages = list(PORTAL_PAGES)
	if with_cancel:
		pages.insert(2, CANCEL_PAGE)
	return [
		{"label": _(label), "href": route, "icon": icon, "text": _(text)}
		for label, route, icon, text in pages
	]
