"""办件公示 (public case results): what the public may read of a closed case, plain Python.

An applicant is shown masked whatever its length, so the mask tells nothing about the name: a
person keeps the first character ("张**"), a company its first and last characters around a fixed
mask ("青山****有限公司"). A digit never survives a mask (a name field holding a phone or ID
number by mistake shows nothing of it). Which cases are public, the months a visitor may choose and
the pages they may open are bounded here, so every query of the page stays small.
"""

from __future__ import annotations

import datetime
import re
import unicodedata

COMPLETED = "Completed"
REJECTED = "Rejected"
# 办结 and 不予受理: open, withdrawn and cancelled cases are never public
PUBLIC_STATUSES = (COMPLETED, REJECTED)
PERSON = "Person"
COMPANY = "Company"

PAGE_SIZE = 20
# deeper pages are refused: a month of one matter or hall is what a citizen reads, not the register
MAX_PAGES = 50
MONTHS_SHOWN = 12
MAX_MATTER_QUERY = 30

PERSON_MASK = "**"
COMPANY_MASK = "****"
MONTH = re.compile(r"^(\d{4})-(\d{2})$", re.ASCII)


def _clean(name) -> str:
	if not isinstance(name, str):
		return ""
	return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))


def _keep(text: str) -> str:
	"""Characters kept by a mask, with any digit hidden."""
	return "".join("*" if ch.isdigit() else ch for ch in text)


def mask_person(name) -> str:
	"""张三, 欧阳娜娜 → 张**, 欧**: the first character and a fixed mask."""
	name = _clean(name)
	if not name:
		return PERSON_MASK
	return _keep(name[0]) + PERSON_MASK


def mask_company(name) -> str:
	"""The middle of a company's name masked, with a fixed mask: 青山县宏达建材有限公司 →
	青山****有限公司; short names keep less (宏达商行 → 宏****行)."""
	name = _clean(name)
	length = len(name)
	if length <= 3:
		return (_keep(name[0]) if length > 1 else "") + COMPANY_MASK
	head = 2 if length >= 8 else 1
	tail = 4 if length >= 10 else 2 if length >= 6 else 1
	return _keep(name[:head]) + COMPANY_MASK + _keep(name[length - tail :])


def mask_applicant(name, applicant_type: str | None) -> str:
	return mask_company(name) if applicant_type == COMPANY else mask_person(name)


def month_start(value) -> datetime.date | None:
	"""The first day of a "YYYY-MM" month, or None when the value is not one."""
	if not isinstance(value, str):
		return None
	match = MONTH.match(value.strip())
	if not match:
		return None
	year, month = int(match.group(1)), int(match.group(2))
	if not (2000 <= year <= 2100 and 1 <= month <= 12):
		return None
	return datetime.date(year, month, 1)


def next_month(start: datetime.date) -> datetime.date:
	return datetime.date(start.year + start.month // 12, start.month % 12 + 1, 1)


def recent_months(today: datetime.date, count: int = MONTHS_SHOWN) -> list[str]:
	"""This month and the ``count - 1`` before it, newest first, as "YYYY-MM"."""
	year, month = today.year, today.month
	months = []
	for _ in range(count):
		months.append(f"{year:04d}-{month:02d}")
		year, month = (year - 1, 12) if month == 1 else (year, month - 1)
	return months


def page_number(value) -> int:
	"""The page asked for: 1 for anything that is not a whole number from 1 to MAX_PAGES."""
	text = value if isinstance(value, str) else str(value) if isinstance(value, int) else ""
	if not text.strip().isdigit():
		return 1
	number = int(text.strip())
	return number if 1 <= number <= MAX_PAGES else 1


def page_count(total: int, size: int = PAGE_SIZE) -> int:
	"""Pages of ``total`` rows, at most MAX_PAGES (and at least 1)."""
	return max(1, min(MAX_PAGES, -(-max(total, 0) // size)))
