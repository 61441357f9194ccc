"""Controlled fields (受控字段): what a person may change, checked on the server for every save path.

Each doctype whose values feed deadlines, cards, ratings, complaints, inspections or the assessment
declares, next to its controller, a ``CONTROLLED_FIELDS = Declaration(...)``. One hook
(``enforce``, registered in hooks.py for ``before_validate`` and ``before_update_after_submit``)
reads it on every save: the desk form, ``/api/resource`` PUT and POST, ``frappe.client.insert /
save / set_value`` (child rows included), ``run_doc_method``, Data Import and any whitelisted method
that saves a document. It runs before the controller's own ``validate``, so it sees what the request
sent, compared with the stored record:

- **derived** fields are computed by the app (from the record's own sources, or kept by the app's
  daily jobs): whatever a request sends, the stored value is put back and the controller computes
  it again. A form opened before the night's e-supervision pass therefore saves without a quarrel.
- **stamped** fields are written by the app when the record is created (issuer, issue time, time
  limit copied from the matter ...); afterwards they never change.
- **actions** fields are set only by a named action or workflow transition (accept, complete,
  pause, refer, extension approved, decide appeal ...): a request that changes them is refused.
  The app's own code marks such an action with ``with controlled.action(doc, "Refer to Window"):``.
- **overrides** are figures a hall manager may change, with a reason (``override_reason`` in the
  request, or the row's reason field such as an adjustment's reason); every such change is written to
  the GH Override Log and listed by the report *GH Manager Overrides*. Nobody else may change them.
- **managers_only** fields are changed after creation by hall managers only (a complaint's subject).
- **editable_in** lists, per state of the record (its workflow state or status), the fields a
  person may edit in it; a field not listed for the current state is refused. Without it, fields not
  declared above are free (within the role permissions).
- **rows**: a declaration of a child table's rows (e.g. the assessment results: computed rows whose
  adjustment alone a manager edits); ``fixed_rows`` rows are added and removed only by an action.

A workflow's ``allow_edit`` roles are enforced here too (Frappe checks them only in the browser
form). Frappe's own features do what they can first and are set in the doctype JSON: ``read_only``
(the form), ``set_only_once`` (a case's first responder, a notice's case, an assessment's hall and
quarter), ``no_copy`` (derived values are not duplicated), permlevels (contact mobiles), fetch_from
(names and departments copied from links). Administrator, the site's superuser, and installs,
migrations and patches are not checked, as Frappe exempts Administrator from permlevels.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from dataclasses import dataclass, field

import frappe
from frappe import _
from frappe.model import no_value_fields, table_fields
from frappe.utils import cint, cstr, flt, get_datetime, getdate

MANAGER_ROLES = frozenset({"System Manager", "Hall Administrator", "Hall Manager"})
REASON_LIMIT = 500
ALL_STATES = "*"
SKIPPED = frozenset({"amended_from"})


@dataclass(frozen=True)
class Declaration:
	"""What the app controls on one doctype (or on the rows of one child table)."""

	derived: tuple = ()
	stamped: tuple = ()
	actions: dict = field(default_factory=dict)
	overrides: tuple = ()
	reason_fields: dict = field(default_factory=dict)
	logged: tuple = ()
	managers_only: tuple = ()
	editable_in: dict | None = None
	state_field: str | None = "status"
	rows: dict = field(default_factory=dict)
	fixed_rows: bool = False

	def action_names(self, fieldname: str) -> tuple:
		names = self.actions.get(fieldname) or ()
		return (names,) if isinstance(names, str) else tuple(names)

	def editable_somewhere(self, fieldname: str) -> bool:
		"""A field a person may edit in some state may also be given when the record is created."""
		return any(fieldname in fields for fields in (self.editable_in or {}).values())

	def is_controlled(self, fieldname: str) -> bool:
		return (
			fieldname in self.derived
			or fieldname in self.stamped
			or fieldname in self.actions
			or fieldname in self.overrides
		)


class ControlledFieldError(frappe.ValidationError):
	"""A request tried to change a field the app controls."""


# ---------------------------------------------------------------------------------------------
# The declarations


def declaration(doctype: str) -> Declaration | None:
	"""The ``CONTROLLED_FIELDS`` declared in the doctype's controller module, if any."""
	from frappe.model.base_document import get_controller

	try:
		module = sys.modules.get(get_controller(doctype).__module__)
	except Exception:
		return None
	decl = getattr(module, "CONTROLLED_FIELDS", None)
	return decl if isinstance(decl, Declaration) else None


# ---------------------------------------------------------------------------------------------
# Named actions of the app's own code


def _actions() -> dict:
	if not hasattr(frappe.local, "gh_controlled_actions"):
		frappe.local.gh_controlled_actions = {}
	return frappe.local.gh_controlled_actions


@contextmanager
def action(doc, name: str, reason: str | None = None):
	"""Mark the app's own code that sets a controlled field: ``with action(case, "Refer to Window"):``.

	Held in ``frappe.local`` (never in ``doc.flags``, which a request body might reach), for this
	document object only, until the block ends."""
	entry = (doc, name, reason)
	_actions().setdefault(id(doc), []).append(entry)
	try:
		yield doc
	finally:
		entries = _actions().get(id(doc)) or []
		if entry in entries:
			entries.remove(entry)
		if not entries:
			_actions().pop(id(doc), None)


def active_actions(doc) -> list[tuple]:
	return [(name, reason) for owner, name, reason in _actions().get(id(doc), []) if owner is doc]


# ---------------------------------------------------------------------------------------------
# Who is checked


def exempt() -> bool:
	flags = frappe.flags
	return bool(
		frappe.session.user == "Administrator"
		or flags.in_install
		or flags.in_migrate
		or flags.in_patch
		or flags.in_uninstall
	)


def is_manager(user: str | None = None) -> bool:
	user = user or frappe.session.user
	return user == "Administrator" or bool(MANAGER_ROLES & set(frappe.get_roles(user)))


# ---------------------------------------------------------------------------------------------
# Comparing values


def normalised(df, value):
	if value in (None, ""):
		return ""
	try:
		if df.fieldtype in ("Int", "Check"):
			return cint(value)
		if df.fieldtype in ("Float", "Currency", "Percent"):
			return round(flt(value), 6)
		if df.fieldtype == "Datetime":
			return cstr(get_datetime(value))
		if df.fieldtype == "Date":
			return cstr(getdate(value))
	except Exception:
		return cstr(value)
	return cstr(value)


def default_of(df):
	if df.fieldtype in ("Int", "Check", "Float", "Currency", "Percent"):
		return normalised(df, df.default or 0)
	return normalised(df, df.default)


def empty_value(df):
	if df.default not in (None, ""):
		return df.default
	return 0 if df.fieldtype in ("Int", "Check", "Float", "Currency", "Percent") else None


def data_fields(meta) -> list:
	return [
		df
		for df in meta.fields
		if df.fieldtype not in no_value_fields and df.fieldtype not in table_fields and not df.is_virtual
	]


def row_signature(row) -> tuple:
	return tuple(normalised(df, row.get(df.fieldname)) for df in data_fields(row.meta))


def table_signature(rows) -> list:
	return [row_signature(row) for row in rows or []]


def table_summary(rows) -> str:
	lines = []
	for row in rows or []:
		values = [cstr(row.get(df.fieldname)) for df in data_fields(row.meta) if row.get(df.fieldname)]
		lines.append(" / ".join(values))
	return "\n".join(lines)


def changed_fields(doc, before) -> set[str]:
	"""Data and table fields whose value differs from the stored record (all of them for a new one)."""
	fields = data_fields(doc.meta)
	if before is None:
		return {df.fieldname for df in fields if normalised(df, doc.get(df.fieldname)) != default_of(df)}
	changed = {
		df.fieldname
		for df in fields
		if normalised(df, doc.get(df.fieldname)) != normalised(df, before.get(df.fieldname))
	}
	for df in doc.meta.get_table_fields():
		if table_signature(doc.get(df.fieldname)) != table_signature(before.get(df.fieldname)):
			changed.add(df.fieldname)
	return changed


def label(meta, fieldname: str) -> str:
	df = meta.get_field(fieldname)
	return _(df.label) if df and df.label else fieldname


# ---------------------------------------------------------------------------------------------
# Refusals


def refuse(message: str, exc=ControlledFieldError) -> None:
	frappe.throw(message, exc, title=_("Not Allowed"))


def refuse_non_manager(message: str) -> None:
	"""Figures only hall managers change: a permission matter (HTTP 403)."""
	refuse(message, frappe.PermissionError)


def refuse_action(meta, fieldname: str, names: tuple) -> None:
	if names:
		refuse(
			_("{0} is recorded by the system ({1}) and cannot be changed by hand.").format(
				# an action's name in the doctype's own words ("Issue" is 发放 on a case, 取号 at the queue)
				label(meta, fieldname),
				"、".join(_(name, context=meta.name) for name in names),
			)
		)
	refuse(_("{0} is set by the system and cannot be changed by hand.").format(label(meta, fieldname)))


def refuse_state(meta, fieldname: str, state: str | None) -> None:
	if state:
		refuse(
			_("{0} cannot be changed while this {1} is {2}.").format(
				label(meta, fieldname), _(meta.name), _(state)
			)
		)
	refuse(_("{0} cannot be changed once recorded.").format(label(meta, fieldname)))


def clean_reason(value) -> str:
	if not isinstance(value, str):
		return ""
	reason = value.strip()
	if len(reason) > REASON_LIMIT or "<" in reason or ">" in reason:
		refuse(_("Keep the reason to 500 characters of plain text."))
	return reason


# ---------------------------------------------------------------------------------------------
# The hook


def enforce(doc, method: str | None = None) -> None:
	"""doc_events ``before_validate`` / ``before_update_after_submit`` of every declared doctype."""
	decl = declaration(doc.doctype)
	_pending().pop(id(doc), None)
	if not decl or exempt():
		return
	check = Check(doc, decl)
	if doc.is_new():
		check.new_record()
	else:
		check.changes()


def refuse_standalone_row(doc, method: str | None = None) -> None:
	"""doc_events of the declared child tables: a row is saved through its parent document only.

	``PUT /api/resource/<child doctype>/<row>`` saves the row on its own and then the parent as it is
	in the database, so the parent's check would see nothing; such a save is refused."""
	if exempt():
		return
	refuse(
		_("Rows of {0} are changed through their {1}, not on their own.").format(
			_(doc.doctype), _(doc.get("parenttype") or "")
		)
	)


class Check:
	def __init__(self, doc, decl: Declaration):
		self.doc = doc
		self.decl = decl
		self.meta = doc.meta
		self.before = doc.get_doc_before_save()
		self.actions = active_actions(doc)
		self.action_names = {name for name, _reason in self.actions}
		self.manager = is_manager()
		self.state = None
		if decl.state_field and self.before is not None:
			self.state = self.before.get(decl.state_field)

	# -- what is granted ------------------------------------------------------------------------

	def granted(self, decl: Declaration, fieldname: str) -> bool:
		return bool(set(decl.action_names(fieldname)) & self.action_names)

	def action_reason(self) -> str:
		return next((reason for _name, reason in self.actions if reason), "")

	# -- a new record ---------------------------------------------------------------------------

	def new_record(self) -> None:
		decl, doc = self.decl, self.doc
		# what Frappe itself fills into a new record (defaults, the user's own department ...)
		defaults = frappe.new_doc(doc.doctype, as_dict=True)
		for df in data_fields(self.meta):
			fieldname = df.fieldname
			if (
				fieldname in decl.stamped
				or self.granted(decl, fieldname)
				or decl.editable_somewhere(fieldname)
			):
				continue
			if fieldname in decl.derived:
				if not df.fetch_from:  # fetched fields are set from their link by Frappe itself
					doc.set(fieldname, empty_value(df))
				continue
			controlled = fieldname in decl.actions or fieldname in decl.overrides
			value = normalised(df, doc.get(fieldname))
			if controlled and value != default_of(df) and value != normalised(df, defaults.get(fieldname)):
				refuse_action(self.meta, fieldname, decl.action_names(fieldname))
		for df in self.meta.get_table_fields():
			rows = doc.get(df.fieldname) or []
			if not rows or self.granted(decl, df.fieldname):
				continue
			row_decl = decl.rows.get(df.fieldname)
			if (
				df.fieldname in decl.actions
				or df.fieldname in decl.derived
				or (row_decl and row_decl.fixed_rows)
			):
				refuse_action(self.meta, df.fieldname, decl.action_names(df.fieldname))

	# -- a change to a stored record ------------------------------------------------------------

	def changes(self) -> None:
		if self.before is None:
			return
		edited = []
		for df in data_fields(self.meta):
			if df.fieldname in SKIPPED or df.fieldname == self.decl.state_field and self.workflow():
				continue
			old, new = self.before.get(df.fieldname), self.doc.get(df.fieldname)
			if normalised(df, old) == normalised(df, new):
				continue
			if self.field_change(self.decl, self.doc, df, old, new):
				edited.append(df.fieldname)
		for df in self.meta.get_table_fields():
			if self.table_change(df):
				edited.append(df.fieldname)
		if edited:
			self.check_allow_edit(edited)

	def field_change(self, decl, target, df, old, new, row_label: str = "") -> bool:
		"""Judge one changed value of ``target`` (the document or a row); True when a person edited it."""
		fieldname = df.fieldname
		meta = target.meta
		if self.granted(decl, fieldname):
			if fieldname in decl.logged or fieldname in decl.overrides:
				self.log(fieldname, meta, old, new, self.action_reason(), row_label, target)
			return False
		if fieldname in decl.derived:
			if not df.fetch_from:  # fetched fields are set from their link by Frappe itself
				target.set(fieldname, old)
			return False
		if fieldname in decl.managers_only and not self.manager:
			refuse_non_manager(_("Only hall managers can change {0}.").format(label(meta, fieldname)))
		if self.editable(decl, fieldname):
			return True
		if fieldname in decl.overrides:
			self.override(decl, target, meta, fieldname, old, new, row_label)
			return True
		if fieldname in decl.stamped or fieldname in decl.actions:
			refuse_action(meta, fieldname, decl.action_names(fieldname))
		refuse_state(meta, fieldname, self.state)

	def editable(self, decl, fieldname: str) -> bool:
		if decl.editable_in is None:
			return not decl.is_controlled(fieldname)
		allowed = decl.editable_in.get(self.state if decl.state_field else ALL_STATES)
		if allowed is None and decl.state_field:
			allowed = decl.editable_in.get(ALL_STATES, ())
		return fieldname in (allowed or ())

	def override(self, decl, target, meta, fieldname: str, old, new, row_label: str) -> None:
		if not self.manager:
			refuse_non_manager(
				_("Only a hall manager can change {0}, and only with a reason.").format(
					label(meta, fieldname)
				)
			)
		reason_field = decl.reason_fields.get(fieldname)
		reason = clean_reason(target.get(reason_field) if reason_field else self.doc.get("override_reason"))
		if not reason:
			refuse(_("Give the reason for changing {0}.").format(label(meta, fieldname)))
		self.log(fieldname, meta, old, new, reason, row_label, target)

	# -- child tables ---------------------------------------------------------------------------

	def table_change(self, df) -> bool:
		decl, doc = self.decl, self.doc
		fieldname = df.fieldname
		rows, old_rows = doc.get(fieldname) or [], self.before.get(fieldname) or []
		row_decl = decl.rows.get(fieldname)
		if row_decl is None:
			if table_signature(rows) == table_signature(old_rows):
				return False
			if self.granted(decl, fieldname):
				return False
			if fieldname in decl.derived:
				doc.set(fieldname, [row.as_dict() for row in old_rows])
				return False
			if fieldname in decl.managers_only and not self.manager:
				refuse_non_manager(
					_("Only hall managers can change {0}.").format(label(self.meta, fieldname))
				)
			if self.editable(decl, fieldname):
				return True
			if fieldname in decl.overrides:
				self.override(
					decl, doc, self.meta, fieldname, table_summary(old_rows), table_summary(rows), ""
				)
				return True
			if fieldname in decl.actions or fieldname in decl.stamped:
				refuse_action(self.meta, fieldname, decl.action_names(fieldname))
			refuse_state(self.meta, fieldname, self.state)
		return self.row_changes(df, row_decl, rows, old_rows)

	def row_changes(self, df, row_decl: Declaration, rows, old_rows) -> bool:
		"""Rows matched by name: derived cells put back, the rest judged by the rows' declaration."""
		fieldname = df.fieldname
		if self.granted(self.decl, fieldname):
			return False
		stored = {row.name: row for row in old_rows}
		current = {row.name for row in rows if row.name}
		added = [row for row in rows if not row.name or row.name not in stored]
		removed = [name for name in stored if name not in current]
		table_editable = self.editable(self.decl, fieldname)
		if (added or removed) and (row_decl.fixed_rows or not table_editable):
			if row_decl.fixed_rows:
				refuse(
					_("Rows of {0} come from {1} and cannot be added or removed by hand.").format(
						label(self.meta, fieldname),
						"、".join(
							_(name, context=self.meta.name) for name in self.decl.action_names(fieldname)
						)
						or _("the system"),
					)
				)
			refuse_state(self.meta, fieldname, self.state)
		edited = bool(added or removed)
		for row in rows:
			old_row = stored.get(row.name)
			if old_row is None:
				continue
			row_label = f"{label(self.meta, fieldname)} #{old_row.idx}"
			for row_df in data_fields(row.meta):
				old, new = old_row.get(row_df.fieldname), row.get(row_df.fieldname)
				if normalised(row_df, old) == normalised(row_df, new):
					continue
				if row_df.fieldname in row_decl.derived:
					row.set(row_df.fieldname, old)
					continue
				if not table_editable and row_df.fieldname not in row_decl.overrides:
					if row_df.fieldname in row_decl.stamped or row_df.fieldname in row_decl.actions:
						refuse_action(row.meta, row_df.fieldname, row_decl.action_names(row_df.fieldname))
					refuse_state(row.meta, row_df.fieldname, self.state)
				if self.field_change(row_decl, row, row_df, old, new, row_label):
					edited = True
		return edited

	# -- the workflow's allow_edit --------------------------------------------------------------

	def workflow(self):
		from frappe.model.workflow import get_workflow_name

		name = get_workflow_name(self.doc.doctype)
		return frappe.get_cached_doc("Workflow", name) if name else None

	def check_allow_edit(self, edited: list[str]) -> None:
		"""Frappe's ``allow_edit`` of the current workflow state, on the server."""
		workflow = self.workflow()
		if not workflow or not self.state:
			return
		editors = {row.allow_edit for row in workflow.states if row.state == self.state}
		if editors and not editors & set(frappe.get_roles()):
			refuse(_("You cannot edit this {0} while it is {1}.").format(_(self.doc.doctype), _(self.state)))

	# -- the overrides log ----------------------------------------------------------------------

	def log(self, fieldname, meta, old, new, reason, row_label, target) -> None:
		if not self.manager:
			return
		pending_overrides(self.doc).append(
			{
				"fieldname": fieldname,
				"field_label": cstr(label(meta, fieldname))[:140],
				"row_label": row_label,
				"from_value": cstr(old if old is not None else "")[:2000],
				"to_value": cstr(new if new is not None else "")[:2000],
				"reason": reason,
				"window": target.get("window") if target is not self.doc else None,
				"department": target.get("department") if target is not self.doc else None,
			}
		)


# ---------------------------------------------------------------------------------------------
# Pending overrides, written once the save has gone through


def _pending() -> dict:
	if not hasattr(frappe.local, "gh_pending_overrides"):
		frappe.local.gh_pending_overrides = {}
	return frappe.local.gh_pending_overrides


def pending_overrides(doc) -> list:
	store = _pending()
	if id(doc) not in store or store[id(doc)][0] is not doc:
		store[id(doc)] = (doc, [])
	return store[id(doc)][1]


def write_overrides(doc, method: str | None = None) -> None:
	"""doc_events ``on_update`` / ``on_update_after_submit``: the save's overrides into the log."""
	entry = _pending().pop(id(doc), None)
	doc.__dict__.pop("override_reason", None)
	if not entry or entry[0] is not doc or not entry[1]:
		return
	from gov_hall.access.overrides import record_overrides

	record_overrides(doc, entry[1])


# ---------------------------------------------------------------------------------------------
# A manager's change with a reason, from the desk's *Change with Reason* dialog


@frappe.whitelist(methods=["POST"])
def change_with_reason(doctype: str, name: str, fieldname: str, value=None, reason: str = "") -> dict:
	"""Change one overridable figure of a record, as a hall manager, with the reason."""
	decl = declaration(doctype) if isinstance(doctype, str) else None
	if not decl or not isinstance(fieldname, str) or fieldname not in decl.overrides:
		refuse(_("This figure cannot be changed here."))
	if not is_manager():
		raise frappe.PermissionError(_("Only hall managers change controlled figures."))
	doc = frappe.get_doc(doctype, name)
	doc.check_permission("write")
	df = doc.meta.get_field(fieldname)
	if not df or df.fieldtype in table_fields:
		refuse(_("This figure cannot be changed here."))
	doc.set(fieldname, value)
	doc.override_reason = reason
	doc.save()
	return {"name": doc.name, fieldname: doc.get(fieldname)}


@frappe.whitelist()
def overridable_fields(doctype: str) -> list[dict]:
	"""The figures a manager may change with a reason on this doctype (for the desk's dialog)."""
	decl = declaration(doctype) if isinstance(doctype, str) else None
	if not decl or not is_manager():
		return []
	meta = frappe.get_meta(doctype)
	out = []
	for fieldname in decl.overrides:
		df = meta.get_field(fieldname)
		if df and df.fieldtype not in table_fields:
			out.append(
				{
					"fieldname": fieldname,
					"label": _(df.label),
					"fieldtype": df.fieldtype,
					"options": df.options,
				}
			)
	return out
