"""Frappe's count and group-by dashboard charts, with every label in the user's language.

Frappe's own Dashboard Chart shows a group-by chart's raw values as labels ("Very Satisfied", not
非常满意), months as "Jan 2026" and the chart's record name ("GH Monthly Case Volume") as the
series name. A chart of the Gov Hall workspace is a Custom chart of this source and keeps its
usual settings on its own Dashboard Chart record: ``document_type`` with ``based_on`` and the
time settings for a time series (``timeseries`` ticked), or ``group_by_based_on`` for a group-by
chart, plus ``filters_json``. This source runs Frappe's own queries with those settings (so the
user's permissions apply as usual) and translates what the chart shows.
"""

import frappe
from frappe import _
from frappe.desk.doctype.dashboard_chart.dashboard_chart import get_chart_config, get_group_by_chart_config
from frappe.utils import get_datetime

# Frappe's get_period writes months as "Jan 2026" and quarters as "Quarter 1 2026"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@frappe.whitelist()
def get(
	chart_name=None,
	chart=None,
	no_cache=None,
	filters=None,
	from_date=None,
	to_date=None,
	timespan=None,
	time_interval=None,
	heatmap_year=None,
	refresh=None,
):
	# the desk sends every argument, empty ones as ""
	from_date, to_date = from_date or None, to_date or None
	if chart_name:
		doc = frappe.get_doc("Dashboard Chart", chart_name)
		doc.check_permission("read")
		settings = frappe._dict(doc.as_dict())
	else:
		settings = frappe._dict(frappe.parse_json(chart))
	meta = frappe.get_meta(settings.document_type)
	filters = chart_filters(settings, meta, filters)
	if settings.timeseries:
		return time_series(settings, filters, from_date, to_date, timespan, time_interval)
	return group_by(settings, meta, filters)


def chart_filters(settings, meta, filters) -> list:
	"""The chart's own filters, and those the user set in the chart's filter dialog (a dict)."""
	filters = frappe.parse_json(filters) if filters else None
	if isinstance(filters, dict):
		chosen = [
			[settings.document_type, fieldname, "=", value, False]
			for fieldname, value in filters.items()
			if value and meta.has_field(fieldname)
		]
		filters = (frappe.parse_json(settings.filters_json) or []) + chosen
	elif not filters:
		filters = frappe.parse_json(settings.filters_json) or []
	# as Frappe's own charts: cancelled documents do not count
	return [*filters, [settings.document_type, "docstatus", "<", 2, False]]


def series_name(settings) -> str:
	return _((settings.chart_name or settings.name or "").removeprefix("GH "))


def time_series(settings, filters, from_date, to_date, timespan, time_interval) -> dict:
	timespan = timespan or settings.timespan
	if timespan == "Select Date Range":
		from_date = get_datetime(from_date) if from_date else get_datetime(settings.from_date)
		to_date = get_datetime(to_date) if to_date else get_datetime(settings.to_date)
	timegrain = time_interval or settings.time_interval
	query = frappe._dict(settings, chart_type="Count")
	config = get_chart_config(query, filters, timespan, timegrain, from_date, to_date)
	config["labels"] = [period_label(label, timegrain) for label in config["labels"]]
	for dataset in config["datasets"]:
		dataset["name"] = series_name(settings)
	return config


def period_label(label: str, timegrain: str) -> str:
	"""Frappe's "Jan 2026" and "Quarter 1 2026" in the user's language (2026年1月, 2026年第1季度)."""
	parts = str(label).split()
	if timegrain == "Monthly" and len(parts) == 2 and parts[0] in MONTHS:
		return _("{1} {0}", context="Chart label: year {0}, month {1}").format(parts[1], _(parts[0]))
	if timegrain == "Quarterly" and len(parts) == 3 and parts[0] == "Quarter":
		return _("Q{1} {0}").format(parts[2], parts[1])
	return label


def group_by(settings, meta, filters) -> dict | None:
	"""Counts per value of the chart's group-by field, labelled in the user's language; a Select
	field's values in the order of its options (非常满意 … 非常不满意), not by count."""
	config = get_group_by_chart_config(frappe._dict(settings, group_by_type="Count"), filters)
	if not config:
		return None
	counts = dict(zip(config["labels"], config["datasets"][0]["values"], strict=True))
	field = meta.get_field(settings.group_by_based_on)
	if field and field.fieldtype == "Select":
		options = [option for option in (field.options or "").split("\n") if option]
		order = {value: index for index, value in enumerate(options)}
		values = sorted(counts, key=lambda value: order.get(value, len(order)))
	else:
		values = list(counts)
	return {
		"labels": [_(value) if value else _("Not Set") for value in values],
		"datasets": [{"name": series_name(settings), "values": [counts[value] for value in values]}],
	}
