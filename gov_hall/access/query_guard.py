"""No filtering, sorting or grouping on what a user may not read, and no SQL in filters.

Frappe v15's ``DatabaseQuery`` (behind ``frappe.get_list``: list and report view, export,
``frappe.client.get_list / get_value``, group-by counts, link search, number cards, dashboard
charts) takes a column the user may not read (a field at a permlevel their roles do not reach) out
of the SELECT list, but still lets it be used in WHERE, ORDER BY and GROUP BY. A staff member could
then ask for the cases whose ``id_number`` is LIKE '1101%' and learn every hidden ID number digit by
digit. And a filter given as a plain string is put into the query as it is: ``search_link`` and
others pass such strings from the request, so a subquery could read any column of any table.

``install`` (hooks ``before_request`` and ``before_job``) wraps ``DatabaseQuery.build_conditions``
once per process. For a query made for a user (not ``ignore_permissions``) it refuses:
- a filter (``filters`` or ``or_filters``, list, dict or ``[doctype, field, ...]`` form) on an app
  field the user's roles may not read;
- ``order_by`` or ``group_by`` naming such a field;
- a filter written as a string that names such a field or holds a subquery (``select``);
- a field of a linked record of a scoped doctype (``case.applicant_name``), which Frappe joins
  without that record's scope (gov_hall.access.scope).
Selected fields the user may not read are emptied here too, whatever Frappe's own pass misses.
Managers read these fields and are not affected; Administrator is never checked.
"""

from __future__ import annotations

import re

import frappe
from frappe import _
from frappe.model.db_query import DatabaseQuery
from frappe.utils.data import get_filter

APP_PREFIX = "GH "
SUBQUERY = re.compile(r"\bselect\b", re.IGNORECASE)


def install(*args, **kwargs) -> None:
	"""Idempotent: wrap DatabaseQuery.build_conditions once in this process."""
	if getattr(DatabaseQuery.build_conditions, "_gh_query_guard", False):
		return
	original = DatabaseQuery.build_conditions

	def build_conditions(self):
		if not self.flags.ignore_permissions:
			check_query(self)
		return original(self)

	build_conditions._gh_query_guard = True
	build_conditions.__wrapped__ = original
	DatabaseQuery.build_conditions = build_conditions


def check_query(query) -> None:
	user = query.user or frappe.session.user
	if user == "Administrator":
		return
	hidden = {}  # doctype -> {fieldname: label} the user may not read

	def hidden_in(doctype: str) -> dict:
		if doctype not in hidden:
			hidden[doctype] = unreadable(doctype, user, query.parent_doctype or query.doctype)
		return hidden[doctype]

	for doctype in {query.doctype, *table_doctypes(query)}:
		hidden_in(doctype)
	check_link_tables(query, user)
	blank_hidden_fields(query, hidden)

	for name in ("filters", "or_filters"):
		for item in as_items(getattr(query, name, None)):
			if isinstance(item, str):
				check_text(item, hidden, subqueries=True)
				continue
			try:
				f = get_filter(query.doctype, item)
			except (TypeError, ValueError, AttributeError, IndexError, KeyError):
				# a malformed filter (a field name that is not text, a missing value...)
				frappe.throw(_("A filter is not valid."), title=_("Invalid Input"))
			columns = hidden_in(f.doctype or query.doctype)
			bare = str(f.fieldname).replace("`", "").split(".")[-1]
			for fieldname, label in columns.items():
				if bare == fieldname or names(fieldname, str(f.fieldname)):
					refuse(label)
	for clause in (query.order_by, query.group_by):
		if isinstance(clause, str):
			check_text(clause, hidden)


def blank_hidden_fields(query, hidden: dict) -> None:
	"""Selected fields the user may not read come back empty. Frappe's own pass drops them too, but in a
	query returning dicts it removes them from the list it is walking and so skips the field after
	each one removed ([id_number, mobile] returns mobile); the Data Import template's records and
	other callers of frappe.get_list that do not check the fields first would then carry it."""
	columns = {fieldname for per_doctype in hidden.values() for fieldname in per_doctype}
	if not columns or not isinstance(query.fields, list):
		return
	for index, field in enumerate(query.fields):
		if not isinstance(field, str) or not any(names(column, field) for column in columns):
			continue
		alias = field.rsplit(" as ", 1)[1].strip() if " as " in field else field.split(".")[-1]
		query.fields[index] = f"'' as `{alias.strip('`')}`"


def check_link_tables(query, user: str) -> None:
	"""A field of a linked record (``case.applicant_name`` in a list of complaints) is joined without
	the linked record's scope: refused for the scoped doctypes, except to managers."""
	from gov_hall.access.scope import SCOPES, is_manager

	for link in getattr(query, "link_tables", None) or []:
		if link.doctype in SCOPES and not is_manager(user):
			frappe.throw(
				_("Fields of linked {0} records cannot be read in a list.").format(_(link.doctype)),
				frappe.PermissionError,
				title=_("Not Allowed"),
			)


def as_items(filters) -> list:
	"""The filters one by one: a string is SQL as it is (a flat [field, op, value] list too: Frappe
	puts each of its strings into the query as a condition)."""
	if not filters:
		return []
	if isinstance(filters, dict):
		return [{key: value} for key, value in filters.items()]
	if isinstance(filters, list | tuple):
		return list(filters)
	return [filters]


def table_doctypes(query) -> set:
	tables = set()
	for table in getattr(query, "tables", None) or []:
		name = table.replace("`", "")
		if name.startswith("tab"):
			tables.add(name[3:])
	return tables


def unreadable(doctype: str, user: str, parenttype: str | None) -> dict:
	if not doctype or not doctype.startswith(APP_PREFIX):
		return {}
	try:
		meta = frappe.get_meta(doctype)
	except frappe.DoesNotExistError:
		return {}
	high = [df for df in meta.get_high_permlevel_fields() if df.fieldname]
	if not high:
		return {}
	parent = parenttype if meta.istable and parenttype != doctype else None
	readable = meta.get_permlevel_access("read", parenttype=parent, user=user)
	return {df.fieldname: df.label or df.fieldname for df in high if df.permlevel not in readable}


def names(fieldname: str, text: str) -> bool:
	return re.search(rf"(?<![A-Za-z0-9_]){re.escape(fieldname)}(?![A-Za-z0-9_])", text) is not None


def check_text(text: str, hidden: dict, subqueries: bool = False) -> None:
	if subqueries and SUBQUERY.search(text):
		frappe.throw(_("A filter cannot contain a query."), frappe.PermissionError, title=_("Not Allowed"))
	for columns in hidden.values():
		for fieldname, label in columns.items():
			if names(fieldname, text):
				refuse(label)


def refuse(label: str) -> None:
	frappe.throw(
		_("You may not filter, sort or group by {0}.").format(_(label)),
		frappe.PermissionError,
		title=_("Not Allowed"),
	)
