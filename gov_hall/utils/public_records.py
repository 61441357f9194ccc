"""Public service commitments (服务承诺) and service brands (服务品牌), as a guest reads them.

Explicit queries of the public fields only: a commitment's text and who signed it when; a brand's
name, concept, measures, photo, public commitments and this year's kept and missed commitments
(gov_hall.brands.metrics.measure_brand). Only signed, active commitments and named or warned
brands appear.
"""

import frappe
from frappe import _
from frappe.query_builder import DocType
from frappe.utils import getdate

from gov_hall.assessment import rankings
from gov_hall.utils.clock import nowdate
from gov_hall.utils.staff_cards import public_photo

COMMITMENT = "GH Commitment"
BRAND = "GH Service Brand"
ACTIVE = "Active"
PUBLIC_BRAND_STATUSES = ("Named", "Warned")
CATEGORIES = ("Time", "Attitude", "Quality", "Integrity", "Other")


def doctype_ready(doctype: str) -> bool:
	"""Whether the doctype exists on this site (the pages say "none yet" rather than fail)."""
	return bool(frappe.db.exists("DocType", doctype)) and frappe.db.table_exists(doctype)


def signed_date(value) -> str:
	return str(getdate(value)) if value else ""


def active_commitments(commitment_for: str, **filters) -> list[frappe._dict]:
	"""Signed, active commitments of one kind (Hall, Window or Staff), oldest category first."""
	if not doctype_ready(COMMITMENT):
		return []
	rows = frappe.get_all(
		COMMITMENT,
		filters={"commitment_for": commitment_for, "status": ACTIVE, "docstatus": 1, **filters},
		fields=["hall", "window", "category", "title", "content", "signed_by_name", "signed_on", "version"],
		order_by="signed_on asc",
		ignore_permissions=True,
	)
	order = {category: index for index, category in enumerate(CATEGORIES)}
	rows.sort(key=lambda row: order.get(row.category, len(order)))
	return [
		frappe._dict(
			hall=row.hall,
			window=row.window,
			category=_(row.category) if row.category else "",
			title=row.title or "",
			content=row.content or "",
			signed_by=row.signed_by_name or "",
			signed_on=signed_date(row.signed_on),
			version=row.version or 1,
		)
		for row in rows
	]


def hall_names() -> dict:
	return {
		row.name: row.hall_name or row.name
		for row in frappe.get_all(
			"GH Service Hall", fields=["name", "hall_name"], ignore_permissions=True, order_by="name"
		)
	}


def window_labels(names) -> dict:
	names = sorted({name for name in names if name})
	if not names:
		return {}
	rows = frappe.get_all(
		"GH Service Window",
		filters={"name": ["in", names]},
		fields=["name", "window_number", "window_name", "department"],
		ignore_permissions=True,
	)
	return {
		row.name: frappe._dict(
			label=rankings.window_label(row.window_number, row.window_name),
			number=row.window_number or "",
			department=row.department or "",
		)
		for row in rows
	}


def public_commitments() -> dict:
	"""The hall commitments per hall, and the window commitments per window."""
	halls = hall_names()
	hall_rows = active_commitments("Hall")
	window_rows = active_commitments("Window")
	windows = window_labels(row.window for row in window_rows)
	by_hall = {}
	for row in hall_rows:
		by_hall.setdefault(row.hall, []).append(row)
	by_window = {}
	for row in window_rows:
		if row.window in windows:
			by_window.setdefault(row.window, []).append(row)
	return {
		"halls": [
			{"hall": halls.get(hall, hall), "commitments": rows}
			for hall, rows in sorted(by_hall.items(), key=lambda item: halls.get(item[0], item[0]))
		],
		"windows": [
			{
				"window": windows[window].label,
				"department": windows[window].department,
				"commitments": rows,
			}
			for window, rows in sorted(by_window.items(), key=lambda item: windows[item[0]].number)
		],
	}


# ---------------------------------------------------------------------------------------------
# Service brands


def public_brands(names=None, department=None, windows=None) -> list[frappe._dict]:
	"""Named and warned brands, by name; optionally given names, a department's brands or the
	brands of some windows (a window brand's window or windows table)."""
	if not doctype_ready(BRAND):
		return []
	filters = {"status": ["in", PUBLIC_BRAND_STATUSES]}
	if names is not None:
		filters["name"] = ["in", list(names) or [""]]
	rows = frappe.get_all(
		BRAND,
		filters=filters,
		fields=[
			"name",
			"brand_name",
			"hall",
			"brand_for",
			"department",
			"window",
			"concept",
			"description",
			"measures",
			"photo",
			"status",
			"named_on",
		],
		order_by="named_on asc, brand_name asc",
		ignore_permissions=True,
	)
	# named brands first, then those warned at their last review
	rows.sort(key=lambda row: row.status != "Named")
	brand_windows = brand_window_rows([row.name for row in rows])
	for row in rows:
		row.windows = brand_windows.get(row.name, [])
	if department is not None or windows is not None:
		wanted = set(windows or [])
		rows = [
			row
			for row in rows
			if (department and row.brand_for == "Department" and row.department == department)
			or (wanted and ({row.window, *row.windows} & wanted))
		]
	return rows


def brand_window_rows(brands: list[str]) -> dict:
	if not brands:
		return {}
	Row = DocType("GH Brand Window")
	rows = (
		frappe.qb.from_(Row)
		.select(Row.parent, Row.window)
		.where(Row.parenttype == BRAND)
		.where(Row.parent.isin(brands))
		.orderby(Row.idx)
		.run(as_dict=True)
	)
	grouped = {}
	for row in rows:
		if row.window:
			grouped.setdefault(row.parent, []).append(row.window)
	return grouped


def brand_commitment_rows(brands: list[str]) -> dict:
	"""The public commitments of each brand, in order."""
	if not brands:
		return {}
	Row = DocType("GH Brand Commitment")
	rows = (
		frappe.qb.from_(Row)
		.select(Row.parent, Row.commitment, Row.metric, Row.target, Row.param)
		.where(Row.parenttype == BRAND)
		.where(Row.parent.isin(brands))
		.where(Row.public == 1)
		.orderby(Row.parent)
		.orderby(Row.idx)
		.run(as_dict=True)
	)
	grouped = {}
	for row in rows:
		grouped.setdefault(row.parent, []).append(row)
	return grouped


def brand_members(brand: str) -> list[dict]:
	Row = DocType("GH Brand Member")
	rows = (
		frappe.qb.from_(Row)
		.select(Row.staff_name, Row.role_in_brand)
		.where(Row.parenttype == BRAND)
		.where(Row.parent == brand)
		.orderby(Row.idx)
		.run(as_dict=True)
	)
	return [{"name": row.staff_name, "role": row.role_in_brand or ""} for row in rows if row.staff_name]


def this_year() -> int:
	return getdate(nowdate()).year


def measured(brand: frappe._dict, commitments: list) -> tuple[list[dict], int, int]:
	"""This year's results of the brand's public commitments, and how many were kept and missed."""
	from gov_hall.brands.metrics import measure_brand, year_period
	from gov_hall.rules.brand_metrics import format_actual, tally

	period_from, period_to = year_period(this_year())
	source = {
		"hall": brand.hall,
		"department": brand.department,
		"brand_for": brand.brand_for,
		"window": brand.window,
		"windows": list(brand.windows or []),
		"commitments": [dict(row) for row in commitments],
	}
	results = measure_brand(source, period_from, period_to)
	kept, missed, _unmeasured = tally(results)
	shown = []
	for row in results:
		shown.append(
			{
				"commitment": row.get("commitment") or "",
				"metric": _(row["metric"]) if row.get("metric") else "",
				"actual": format_actual(row.get("metric"), row.get("actual")),
				"kept": row.get("kept"),
				"measured": bool(row.get("measured")),
			}
		)
	return shown, kept, missed


def brand_card(brand: frappe._dict, commitments: list, with_results: bool = True) -> dict:
	"""What the public pages show of a brand."""
	labels = window_labels([brand.window, *(brand.windows or [])])
	window_names = [labels[w].label for w in [brand.window, *(brand.windows or [])] if w in labels]
	results, kept, missed = ([], 0, 0)
	if with_results:
		results, kept, missed = measured(brand, commitments)
	return {
		"name": brand.name,
		"brand_name": brand.brand_name or "",
		"hall": brand.hall,
		"department": brand.department or "",
		"windows": list(dict.fromkeys(window_names)),
		"concept": brand.concept or "",
		"description": brand.description or "",
		"measures": brand.measures or "",
		"photo": public_photo(brand.photo),
		"status": brand.status,
		"status_label": _(brand.status),
		"warned": brand.status == "Warned",
		"named_on": signed_date(brand.named_on),
		"commitments": [row.commitment for row in commitments if row.commitment],
		"results": results,
		"kept": kept,
		"missed": missed,
		"year": this_year(),
	}


def brand_cards(**filters) -> list[dict]:
	brands = public_brands(**filters)
	commitments = brand_commitment_rows([brand.name for brand in brands])
	return [brand_card(brand, commitments.get(brand.name, [])) for brand in brands]


def brand_detail(name) -> dict | None:
	"""One named or warned brand with its members; None for any other name."""
	if not isinstance(name, str) or not name.strip() or len(name) > 140:
		return None
	brands = public_brands(names=[name.strip()])
	if not brands:
		return None
	brand = brands[0]
	card = brand_card(brand, brand_commitment_rows([brand.name]).get(brand.name, []))
	card["members"] = brand_members(brand.name)
	return card
