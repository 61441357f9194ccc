"""Frappe's generic read endpoints that skip the permission checks, replaced for every caller
(``override_whitelisted_methods`` in hooks.py). Each one does what Frappe's does, through the
permission-checked query (``frappe.get_list``: role permissions, the record scope of
``gov_hall.access.scope``, the column rules of ``gov_hall.access.query_guard``):

- ``frappe.desk.search.search_link`` / ``search_widget``: with ``ignore_user_permissions=1`` Frappe
  runs the search with no permission check at all (``get_list(ignore_permissions=True)``): a
  window staff member listed every case of the hall. For the app's scoped doctypes the search of a
  non-manager always runs with their permissions. A filter given as a string (SQL put into the
  query as it is) is refused for every doctype.
- ``frappe.client.get_count``: Frappe counts any table with any filter for any logged-in user
  (``frappe.db.count``), a yes/no oracle on every column. Counted through ``frappe.get_list``.
- ``frappe.desk.listview.get_group_by_count``: the sidebar's "Assigned To" counts are read with no
  permission check; counted over the records the user may read.
- ``frappe.client.get`` with ``filters``: the record is looked up with no permission check (an
  oracle on any column); looked up through ``frappe.get_list``.
- ``frappe.desk.form.linked_with.get``: Frappe does not refuse a record the user may not read.
"""

from __future__ import annotations

import contextlib
import json

import frappe
from frappe import _
from frappe import client as frappe_client
from frappe.desk import listview as frappe_listview
from frappe.desk import search as frappe_search
from frappe.desk.form import linked_with as frappe_linked_with
from frappe.model import is_default_field
from frappe.utils import cint

from gov_hall.access.scope import SCOPES, is_manager

# ---------------------------------------------------------------------------------------------
# Link search


@frappe.whitelist()
def search_link(
	doctype: str,
	txt: str = "",
	query: str | None = None,
	filters=None,
	page_length: int = 10,
	searchfield: str | None = None,
	reference_doctype: str | None = None,
	ignore_user_permissions: bool = False,
):
	filters, ignore_user_permissions = vet_search(doctype, filters, ignore_user_permissions)
	with known_columns():
		return frappe_search.search_link(
			doctype,
			txt if isinstance(txt, str) else "",
			query=query,
			filters=filters,
			page_length=page_length,
			searchfield=searchfield,
			reference_doctype=reference_doctype,
			ignore_user_permissions=ignore_user_permissions,
		)


@frappe.whitelist()
def search_widget(
	doctype: str,
	txt: str = "",
	query: str | None = None,
	searchfield: str | None = None,
	start: int = 0,
	page_length: int = 10,
	filters=None,
	filter_fields=None,
	as_dict: bool = False,
	reference_doctype: str | None = None,
	ignore_user_permissions: bool = False,
):
	filters, ignore_user_permissions = vet_search(doctype, filters, ignore_user_permissions)
	with known_columns():
		return frappe_search.search_widget(
			doctype,
			txt if isinstance(txt, str) else "",
			query=query,
			searchfield=searchfield,
			start=start,
			page_length=page_length,
			filters=filters,
			filter_fields=filter_fields,
			as_dict=as_dict,
			reference_doctype=reference_doctype,
			ignore_user_permissions=ignore_user_permissions,
		)


def vet_search(doctype, filters, ignore_user_permissions) -> tuple:
	check_doctype(doctype, _("Choose what to search."))
	filters = parse_filters(filters)
	if cint(ignore_user_permissions) and scoped(doctype) and not is_manager():
		ignore_user_permissions = False
	return filters, ignore_user_permissions


def parse_filters(filters):
	"""Filters as a dict or a list of [field, operator, value] lists; never SQL strings."""
	if filters in (None, "", "null"):
		return None
	if isinstance(filters, str):
		try:
			filters = json.loads(filters)
		except ValueError:
			refuse_sql()
	if isinstance(filters, dict):
		return filters
	if isinstance(filters, list):
		for item in filters:
			if not isinstance(item, list | tuple | dict):
				refuse_sql()
		return filters
	refuse_sql()


def check_doctype(doctype, message: str) -> None:
	"""``doctype`` must name an existing DocType; ``message`` (translated) if it does not."""
	if not isinstance(doctype, str) or not doctype.strip() or not frappe.db.exists("DocType", doctype):
		frappe.throw(message, title=_("Invalid Input"))


def check_name(name, message: str) -> None:
	"""A record's name must be a non-empty string."""
	if not isinstance(name, str) or not name:
		frappe.throw(message, title=_("Invalid Input"))


@contextlib.contextmanager
def known_columns():
	"""A filter, field or sort on a column the table does not have is refused, not a server error."""
	try:
		yield
	except Exception as e:
		if e.args and (frappe.db.is_missing_column(e) or frappe.db.is_syntax_error(e)):
			frappe.throw(
				_("The filters name a field that does not exist or are not valid."), title=_("Invalid Input")
			)
		raise


def refuse_sql():
	frappe.throw(
		_("Give filters as [field, operator, value] lists, not as text."),
		frappe.PermissionError,
		title=_("Not Allowed"),
	)


def scoped(doctype: str) -> bool:
	return doctype in SCOPES


# ---------------------------------------------------------------------------------------------
# Counts


@frappe.whitelist()
def get_count(doctype: str, filters=None, debug=False, cache=False) -> int:
	"""frappe.client.get_count, with the user's permissions (and no shared cache)."""
	check_doctype(doctype, _("Choose what to count."))
	filters = parse_filters(filters)
	with known_columns():
		rows = frappe.get_list(
			doctype,
			filters=filters,
			fields=[f"count(distinct `tab{doctype}`.`name`) as total"],
			order_by=None,
			as_list=True,
		)
	return cint(rows[0][0]) if rows else 0


@frappe.whitelist()
def get_group_by_count(doctype: str, current_filters: str, field: str) -> list[dict]:
	"""The list sidebar's counts; "Assigned To" over the records the user may read."""
	check_doctype(doctype, _("Choose what to count."))
	if not isinstance(field, str) or not field:
		frappe.throw(_("Choose the field to count by."), title=_("Invalid Input"))
	filters = parse_filters(current_filters)
	if field != "assigned_to" and not (frappe.get_meta(doctype).has_field(field) or is_default_field(field)):
		frappe.throw(_("Choose the field to count by."), title=_("Invalid Input"))
	if field != "assigned_to":
		with known_columns():
			return frappe_listview.get_group_by_count(doctype, json.dumps(filters or []), field)
	with known_columns():
		readable = frappe.get_list(
			doctype, filters=filters, fields=[f"`tab{doctype}`.`name`"], order_by=None, run=0
		)
	escaped = frappe.db.escape(doctype, percent=False)
	return frappe.db.sql(
		f"""select `tabToDo`.`allocated_to` as name, count(*) as count
		from `tabToDo` join `tabUser` on `tabUser`.`name` = `tabToDo`.`allocated_to`
		where `tabToDo`.`status` != 'Cancelled' and `tabUser`.`user_type` = 'System User'
			and `tabToDo`.`reference_type` = {escaped}
			and `tabToDo`.`reference_name` in ({readable})
		group by `tabToDo`.`allocated_to` order by count desc limit 50""",  # noqa: S608
		as_dict=True,
	)


# ---------------------------------------------------------------------------------------------
# Single records


@frappe.whitelist()
def get(doctype: str, name: str | None = None, filters=None, parent: str | None = None):
	"""frappe.client.get; a record given by filters is looked up among those the user may read."""
	check_doctype(doctype, _("Choose the type of record."))
	if name not in (None, ""):
		check_name(name, _("Give the record's name."))
	if parent is not None and not isinstance(parent, str):
		frappe.throw(_("Choose the type of record."), title=_("Invalid Input"))
	if not name and filters not in (None, ""):
		if frappe.is_table(doctype):
			frappe.throw(_("Give the row's name."), title=_("Invalid Input"))
		filters = parse_filters(filters)
		with known_columns():
			found = frappe.get_list(doctype, filters=filters, limit_page_length=1, pluck="name")
		if not found:
			raise frappe.DoesNotExistError(_("{0} not found").format(_(doctype)))
		name = found[0]
	return frappe_client.get(doctype, name=name, filters=None, parent=parent)


@frappe.whitelist()
def linked_with(doctype: str, docname: str):
	"""frappe.desk.form.linked_with.get, for a record the user may read."""
	check_doctype(doctype, _("Choose the type of record."))
	check_name(docname, _("Give the record's name."))
	if not frappe.has_permission(doctype, "read", doc=docname):
		raise frappe.PermissionError(_("You do not have access to {0} {1}.").format(_(doctype), docname))
	return frappe_linked_with.get(doctype, docname)


@frappe.whitelist()
def submitted_linked_docs(doctype: str, name: str):
	"""frappe.desk.form.linked_with.get_submitted_linked_docs, for a record the user may read, and
	only the linked records they may read."""
	check_doctype(doctype, _("Choose the type of record."))
	check_name(name, _("Give the record's name."))
	if not frappe.has_permission(doctype, "read", doc=name):
		raise frappe.PermissionError(_("You do not have access to {0} {1}.").format(_(doctype), name))
	result = frappe_linked_with.get_submitted_linked_docs(doctype, name)
	docs = [d for d in result.get("docs", []) if frappe.has_permission(d["doctype"], "read", doc=d["name"])]
	return {"docs": docs, "count": len(docs)}
