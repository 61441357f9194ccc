"""The hall's working-day calendar, built from settings and hall calendar days."""

import frappe

from gov_hall.rules.workdays import WorkCalendar

CACHE_KEY = "gov_hall:calendar_exceptions"
_local_calendars: dict[tuple, WorkCalendar] = {}


# the official schedule entered by the hall (GH Statutory Year) is the first layer over the package
STATUTORY_SCOPE = "<statutory>"
STATUTORY_DAY_TYPES = {"Holiday": "Closed", "Working Day": "Working Day"}


def _load_exceptions() -> dict:
	days = frappe.get_all("GH Hall Calendar Day", fields=["hall", "date", "day_type"])
	official = frappe.get_all(
		"GH Statutory Day", filters={"parenttype": "GH Statutory Year"}, fields=["date", "day_type"]
	)
	statutory = frappe.db.get_single_value("GH Hall Settings", "use_statutory_calendar")
	return {
		"statutory": 1 if statutory is None else int(statutory),
		"days": [[STATUTORY_SCOPE, str(d.date), STATUTORY_DAY_TYPES[d.day_type]] for d in official]
		+ [[d.hall or "", str(d.date), d.day_type] for d in days],
	}


def get_calendar_exceptions() -> dict:
	return frappe.cache.get_value(CACHE_KEY, generator=_load_exceptions)


def get_hall_calendar(hall: str | None = None) -> WorkCalendar:
	"""Calendar of one hall: statutory days, then all-hall days, then the hall's own days."""
	data = get_calendar_exceptions()
	key = (hall or "", data["statutory"], tuple(map(tuple, data["days"])))
	if key not in _local_calendars:
		if len(_local_calendars) > 64:
			_local_calendars.clear()
		_local_calendars[key] = _build(hall or "", data)
	return _local_calendars[key]


def _build(hall: str, data: dict) -> WorkCalendar:
	by_date: dict[str, str] = {}
	scopes = (STATUTORY_SCOPE, "", hall) if hall else (STATUTORY_SCOPE, "")
	if not data["statutory"]:
		scopes = scopes[1:]
	for scope in scopes:  # the hall's own days override all-hall days
		for day_hall, date, day_type in data["days"]:
			if day_hall == scope:
				by_date[date] = day_type
	closures = [d for d, t in by_date.items() if t == "Closed"]
	working = [d for d, t in by_date.items() if t == "Working Day"]
	return WorkCalendar(closures=closures, extra_working_days=working, statutory=bool(data["statutory"]))


def clear_calendar_cache(*args, **kwargs) -> None:
	frappe.cache.delete_value(CACHE_KEY)
	_local_calendars.clear()
