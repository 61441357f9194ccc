"""办事指南: the public list of active service matters, grouped by department."""

import frappe
from frappe import _

from gov_hall.api.portal import clean_query, guide_departments, guide_list

no_cache = 1
sitemap = 1


def get_context(context):
	q = clean_query(frappe.form_dict.get("q"))
	departments = guide_departments()
	department = frappe.form_dict.get("department")
	if department not in {d.name for d in departments}:
		department = ""
	context.title = _("Service Guide")
	context.q = q
	context.department = department
	context.departments = departments
	context.groups = guide_list(q=q, department=department)
	context.matter_count = sum(len(group["matters"]) for group in context.groups)
	context.no_breadcrumbs = 1
	return context
