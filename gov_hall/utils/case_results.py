"""办件公示: the closed cases the public may read, at /case-results (gov_hall/www/case-results.html).

Only completed (办结) and rejected (不予受理) cases, one calendar month at a time, by receiving hall
and matter, newest first, 20 to a page. What leaves this module is the masked applicant
(gov_hall.rules.public_results), the matter's name, the receiving hall and the county hall that
decided a cross-hall case, the received and completed dates and the result: never the case number
(half of what unlocks case tracking), ID number, mobile, contact person, agent or staff.

A case's month is the month it was completed; a rejected case (不予受理, decided when the application
is received; the app stamps no completion on it) counts in the month it was received. A month is
always chosen (this month by default): every query reads a bounded range of the case indexes
(gh_case_completed: hall, status, completed_on; completed_on; received_on), never the register.
There is no search on applicants; the matter filter searches matter names in the matter catalogue
and filters cases by the matter codes it finds.

Guests are rate-limited per address like the other public lookups: RATE_LIMIT page views a minute.
"""

from __future__ import annotations

import datetime

import frappe
from frappe import _
from frappe.query_builder import Case, DocType, Order
from frappe.query_builder.functions import Count
from frappe.utils import getdate

from gov_hall.api.portal import clean_query, like_pattern
from gov_hall.rules import public_results as rules

RATE_LIMIT = 30
RATE_WINDOW_SECONDS = 60
RATE_KEY = "rl:gov_hall.case_results"

# county first, then townships, then village points (the filter's and the guide's order)
LEVEL_ORDER = {"County Hall": 0, "City Hall": 0, "Branch Hall": 1, "Village Service Point": 2}


def rate_limited() -> bool:
	"""Count this page view of the guest's address; True when it is over the minute's budget."""
	ip = getattr(frappe.local, "request_ip", None)
	if not ip or not getattr(frappe.local, "request", None):
		return False
	key = frappe.cache.make_key(f"{RATE_KEY}:{ip}")
	pipe = frappe.cache.pipeline()
	pipe.incr(key)
	pipe.ttl(key)
	count, ttl = pipe.execute()
	if ttl is None or ttl < 0:
		frappe.cache.expire(key, RATE_WINDOW_SECONDS)
	return count > RATE_LIMIT


def clear_rate_limit(ips) -> None:
	"""Forget these addresses' page views (tests)."""
	keys = [frappe.cache.make_key(f"{RATE_KEY}:{ip}") for ip in ips]
	if keys:
		frappe.cache.delete(*keys)


def public_halls() -> list[frappe._dict]:
	"""Active halls for the filter, county first, then townships and village points."""
	rows = frappe.get_all(
		"GH Service Hall",
		filters={"status": "Active"},
		fields=["name", "hall_level"],
		order_by="name asc",
		ignore_permissions=True,
	)
	rows.sort(key=lambda row: LEVEL_ORDER.get(row.hall_level, 3))
	return rows


def matter_codes(text: str) -> list[str] | None:
	"""The matters a visitor's matter filter names: an exact matter code, else the matters whose
	name holds the words (at most MAX_MATTER_QUERY). None when there is no filter."""
	text = clean_query(text)
	if not text:
		return None
	if frappe.db.exists("GH Service Matter", text.upper()):
		return [text.upper()]
	Matter = DocType("GH Service Matter")
	query = frappe.qb.from_(Matter).select(Matter.name).orderby(Matter.name).limit(rules.MAX_MATTER_QUERY)
	for word in text.split(" ")[:5]:
		query = query.where(Matter.matter_name.like(like_pattern(word)))
	return [row[0] for row in query.run()]


def matter_names() -> list[str]:
	"""Active matters' names, for the filter's suggestions."""
	return frappe.get_all(
		"GH Service Matter",
		filters={"status": "Active"},
		pluck="matter_name",
		order_by="matter_name asc",
		distinct=True,
		ignore_permissions=True,
	)


def conditions(Case_, month: datetime.date, hall: str | None, matters: list[str] | None):
	start, end = month, rules.next_month(month)
	completed = (Case_.status == rules.COMPLETED) & (Case_.completed_on >= start) & (Case_.completed_on < end)
	rejected = (Case_.status == rules.REJECTED) & (Case_.received_on >= start) & (Case_.received_on < end)
	where = completed | rejected
	if hall:
		where = (Case_.hall == hall) & where
	if matters is not None:
		where = (Case_.matter.isin(matters)) & where
	return where


def results_query(month: datetime.date, hall: str | None, matters: list[str] | None, page: int):
	Case_ = DocType("GH Case")
	result_on = Case().when(Case_.status == rules.COMPLETED, Case_.completed_on).else_(Case_.received_on)
	return (
		frappe.qb.from_(Case_)
		.select(
			Case_.applicant_type,
			Case_.applicant_name,
			Case_.matter_name,
			Case_.hall,
			Case_.route,
			Case_.handling_hall,
			Case_.status,
			Case_.received_on,
			Case_.completed_on,
			result_on.as_("result_on"),
		)
		.where(conditions(Case_, month, hall, matters))
		.orderby(result_on, order=Order.desc)
		.orderby(Case_.name, order=Order.desc)
		.limit(rules.PAGE_SIZE)
		.offset((page - 1) * rules.PAGE_SIZE)
	)


def count_query(month: datetime.date, hall: str | None, matters: list[str] | None):
	Case_ = DocType("GH Case")
	return frappe.qb.from_(Case_).select(Count("*")).where(conditions(Case_, month, hall, matters))


def public_row(row) -> dict:
	"""One case as the public reads it."""
	county = row.handling_hall if row.route and row.handling_hall and row.handling_hall != row.hall else ""
	return {
		"applicant": rules.mask_applicant(row.applicant_name, row.applicant_type),
		"matter": row.matter_name or "",
		"hall": row.hall or "",
		"county_hall": county or "",
		"received_on": str(getdate(row.received_on)) if row.received_on else "",
		"completed_on": str(getdate(row.completed_on))
		if row.completed_on and row.status == rules.COMPLETED
		else "",
		"completed": row.status == rules.COMPLETED,
		"result": _("Case Completed") if row.status == rules.COMPLETED else _("Not Accepted"),
	}


def case_results(month: datetime.date, hall: str | None, matters: list[str] | None, page: int) -> dict:
	"""One page of a month's public results and how many there are."""
	if matters == []:
		return {"rows": [], "total": 0, "pages": 1}
	total = count_query(month, hall, matters).run()[0][0]
	pages = rules.page_count(total)
	if page > pages:
		return {"rows": [], "total": total, "pages": pages}
	rows = results_query(month, hall, matters, page).run(as_dict=True)
	return {"rows": [public_row(row) for row in rows], "total": total, "pages": pages}
