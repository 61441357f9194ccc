"""办件公示: completed and rejected cases of a month, by matter and hall, applicants masked.

The queries and what may be shown: gov_hall.utils.case_results. GET parameters: matter (a matter
code or words of its name), hall, month (YYYY-MM, one of the last twelve), page."""

from urllib.parse import urlencode

import frappe
from frappe import _

from gov_hall.api.portal import clean_query
from gov_hall.rules import public_results as rules
from gov_hall.utils import case_results
from gov_hall.utils.clock import nowdate

no_cache = 1
sitemap = 1


def month_label(month: str) -> str:
	year, number = month.split("-")
	return _("Year {0} Month {1}").format(year, int(number))


def get_context(context):
	frappe.local.no_cache = 1
	context.title = _("Case Results")
	context.no_breadcrumbs = 1
	form = frappe.form_dict

	months = rules.recent_months(frappe.utils.getdate(nowdate()))
	month = form.get("month") if form.get("month") in months else months[0]
	halls = case_results.public_halls()
	hall = form.get("hall") if form.get("hall") in {row.name for row in halls} else ""
	matter = clean_query(form.get("matter"))
	page = rules.page_number(form.get("page"))

	context.months = [{"value": value, "label": month_label(value)} for value in months]
	context.halls = [{"value": row.name, "label": row.name} for row in halls]
	context.month = month
	context.month_label = month_label(month)
	context.hall = hall
	context.matter = matter
	context.matter_names = case_results.matter_names()
	context.page = page
	context.page_size = rules.PAGE_SIZE

	if case_results.rate_limited():
		context.http_status_code = 429
		context.too_many = True
		context.rows, context.total, context.pages = [], 0, 1
		return context

	found = case_results.case_results(
		rules.month_start(month), hall or None, case_results.matter_codes(matter), page
	)
	context.rows = found["rows"]
	context.total = found["total"]
	context.pages = found["pages"]
	context.too_many = False
	filters = {key: value for key, value in (("matter", matter), ("hall", hall), ("month", month)) if value}
	context.previous_url = page_url(filters, page - 1) if page > 1 else ""
	context.next_url = page_url(filters, page + 1) if page < found["pages"] and found["rows"] else ""
	context.filtered = bool(matter or hall)
	return context


def page_url(filters: dict, page: int) -> str:
	query = dict(filters)
	if page > 1:
		query["page"] = page
	return "/case-results" + ("?" + urlencode(query) if query else "")
