"""The hall's clock: Beijing time, whatever the server's or the site's time zone.

A Chinese hall counts its days in Beijing time (UTC+8, no daylight saving). Frappe's own
``now_datetime`` follows the site's System Settings time zone, and a site with none falls back to
Asia/Kolkata, two and a half hours behind. Every "now" and "today" of the app comes from here, so a
case received at 00:30 in Beijing is dated that day even on a site whose zone is empty or foreign.
On a site set to Asia/Shanghai (installing the app sets it when empty) both clocks agree.
"""

import datetime
from zoneinfo import ZoneInfo

HALL_TIME_ZONE = "Asia/Shanghai"
_BEIJING = ZoneInfo(HALL_TIME_ZONE)


def now_datetime() -> datetime.datetime:
	"""The current Beijing wall-clock time, naive, as Frappe stores datetimes."""
	return datetime.datetime.now(_BEIJING).replace(tzinfo=None, microsecond=0)


def now() -> str:
	"""``now_datetime`` as Frappe's datetime string."""
	return now_datetime().strftime("%Y-%m-%d %H:%M:%S")


def today() -> datetime.date:
	return now_datetime().date()


def nowdate() -> str:
	"""Today in Beijing as ``YYYY-MM-DD``."""
	return today().isoformat()


def nowtime() -> str:
	return now_datetime().strftime("%H:%M:%S")
