"""The pieces the on-site duty reports (考勤统计, 空岗统计, 请休假余额) share: the grouping column, number
columns, the total row, summary cards and the per-group chart.

The older reports build the same pieces each on its own; these three use this module so that a
grouped report is its query, its figures and a few declarations.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import frappe
from frappe import _

from gov_hall.rules.voice_stats import chart_labels, multi_chart


def check_choice(value, choices: Iterable, message: str):
	"""``value`` when it is one of ``choices``; otherwise refused with ``message`` (already
	translated, ``{0}`` for the value)."""
	if value not in tuple(choices):
		frappe.throw(message.format(value), title=_("Invalid Input"))
	return value


def group_column(label: str, link: str | None = None, width: int = 180) -> dict:
	"""The first column: a Link to ``link`` when the groups are records, else plain text."""
	column = {"fieldname": "group", "label": label, "width": width}
	if link:
		column.update({"fieldtype": "Link", "options": link})
	else:
		column.update({"fieldtype": "Data", "width": min(width, 120)})
	return column


def number(fieldname: str, label: str, fieldtype: str = "Int", width: int = 100) -> dict:
	"""A figure's column; Float columns show two decimals."""
	extra = {"precision": 2} if fieldtype == "Float" else {}
	return {"fieldname": fieldname, "label": label, "fieldtype": fieldtype, "width": width, **extra}


def text(fieldname: str, label: str, width: int = 120, link: str | None = None) -> dict:
	column = {"fieldname": fieldname, "label": label, "fieldtype": "Link" if link else "Data", "width": width}
	if link:
		column["options"] = link
	return column


def total_row(values: Mapping, linked: bool) -> dict:
	"""The bold total row. In a Link column the label is quoted, as Frappe's own total rows are, so
	that it shows as text, not as a link."""
	label = _("Total")
	return {**values, "group": "'" + label + "'" if linked else label, "bold": 1}


def card(label: str, value, datatype: str = "Int", indicator: str | None = None) -> dict:
	"""One summary card above the report."""
	found = {"label": label, "value": value if value is not None else 0, "datatype": datatype}
	if indicator:
		found["indicator"] = indicator
	return found


def group_chart(
	rows: list[dict],
	datasets: list[tuple[str, str]],
	names: Mapping[str, str] | None = None,
	label_field: str = "group",
	**options,
) -> dict | None:
	"""A chart over the report's rows (not the total): one dataset per (label, fieldname), the
	groups' names from ``names`` (staff names, window labels); None when there are no rows."""
	shown = [row for row in rows if not row.get("bold")]
	if not shown:
		return None
	labels = chart_labels([row.get(label_field) for row in shown], names, blank=_("Not Set"))
	return multi_chart(
		labels, [(label, [row.get(field) or 0 for row in shown]) for label, field in datasets], **options
	)


def share(part, whole) -> float | None:
	"""``part`` of ``whole`` in percent with two decimals; None when there is nothing to divide."""
	if not whole:
		return None
	return round(100.0 * float(part) / float(whole), 2)
