"""Documents handed or sent outside the hall are always in Simplified Chinese.

A one-time notice, a case receipt or a briefing to an agency is read by a citizen or an agency,
not by the staff member who prints it: whatever that staff member's desk language, the paper is
Chinese. These helpers are Jinja globals (``hooks.py``); a print format starts with
``{%- set _ = gh_zh -%}`` so that every ``_("...")`` in it, labels and stored Select values alike,
comes from the ``zh`` translations (the app's ``zh.csv`` over Frappe's), and writes dates with
``gh_zh_date`` / ``gh_zh_datetime`` and quarters with ``gh_zh_quarter``.
"""

import datetime
import re

import frappe
from frappe.utils import get_datetime, getdate

CITIZEN_LANGUAGE = "zh"
QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
QUARTER_NUMERALS = {"1": "一", "2": "二", "3": "三", "4": "四"}


def gh_zh(message, context: str | None = None) -> str:
	"""``message`` (a label or a stored Select value) in Simplified Chinese; itself if untranslated."""
	if message is None or message == "":
		return ""
	return frappe._(str(message), lang=CITIZEN_LANGUAGE, context=context)


def gh_zh_date(value) -> str:
	"""A date as Chinese documents write it: 2026年11月27日."""
	if not value:
		return ""
	day = getdate(value)
	return f"{day.year}年{day.month}月{day.day}日"


def gh_zh_datetime(value) -> str:
	"""A date and time as Chinese documents write it: 2026年11月27日 09:05."""
	if not value:
		return ""
	moment = get_datetime(value)
	if not isinstance(moment, datetime.datetime):
		return gh_zh_date(moment)
	return f"{gh_zh_date(moment)} {moment:%H:%M}"


def gh_zh_quarter(value) -> str:
	"""An assessment quarter as Chinese documents write it: '2026-Q3' is 2026年第三季度."""
	match = QUARTER.match(str(value or "").strip())
	if not match:
		return str(value or "")
	return f"{match.group(1)}年第{QUARTER_NUMERALS[match.group(2)]}季度"
