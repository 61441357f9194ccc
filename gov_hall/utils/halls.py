"""The hall tree (县镇村): county or city halls, township (branch) halls, village service points.

A County Hall or City Hall heads a county; a Branch Hall (乡镇便民服务中心, a township sub-centre)
names its county or city hall as parent; a Village Service Point (村便民服务站) names its township
hall. Village points accept applications and act for citizens (代办); they handle nothing.
"""

from __future__ import annotations

import frappe

COUNTY_HALL = "County Hall"
CITY_HALL = "City Hall"
BRANCH_HALL = "Branch Hall"
VILLAGE_POINT = "Village Service Point"
COUNTY_LEVELS = (COUNTY_HALL, CITY_HALL)
ACTIVE = "Active"


def hall_tree() -> dict[str, frappe._dict]:
	"""Every hall with its level, parent and status, by name (one query; the table is small)."""
	rows = frappe.get_all(
		"GH Service Hall", fields=["name", "hall_name", "hall_level", "parent_hall", "status"]
	)
	return {row.name: row for row in rows}


def level_of(hall: str | None) -> str | None:
	return frappe.db.get_value("GH Service Hall", hall, "hall_level") if hall else None


def parent_of(hall: str | None) -> str | None:
	return frappe.db.get_value("GH Service Hall", hall, "parent_hall") if hall else None


def is_county(hall: str | None) -> bool:
	return level_of(hall) in COUNTY_LEVELS


def is_township(hall: str | None) -> bool:
	return level_of(hall) == BRANCH_HALL


def is_village_point(hall: str | None) -> bool:
	return level_of(hall) == VILLAGE_POINT


def is_handling_hall(hall: str | None) -> bool:
	"""Whether a hall can handle (decide) matters: county, city and township halls, not villages."""
	return level_of(hall) in (*COUNTY_LEVELS, BRANCH_HALL)


def township_of(hall: str | None) -> str | None:
	"""The township hall of a village point, the hall itself for a township hall, else None."""
	level = level_of(hall)
	if level == BRANCH_HALL:
		return hall
	if level == VILLAGE_POINT:
		parent = parent_of(hall)
		return parent if level_of(parent) == BRANCH_HALL else None
	return None


def county_of(hall: str | None) -> str | None:
	"""The County/City Hall above ``hall`` (the hall itself for one), or None when there is none."""
	seen = set()
	while hall and hall not in seen:
		seen.add(hall)
		if is_county(hall):
			return hall
		hall = parent_of(hall)
	return None


def children_of(hall: str, active_only: bool = False, tree: dict | None = None) -> list[str]:
	tree = tree if tree is not None else hall_tree()
	return sorted(
		name
		for name, row in tree.items()
		if row.parent_hall == hall and (not active_only or row.status == ACTIVE)
	)


def halls_of_county(county: str | None, active_only: bool = True) -> list[str]:
	"""The county hall itself first, then every hall below it (townships, their village points, and
	the county halls of a city with theirs), breadth first."""
	tree = hall_tree()
	if not county or county not in tree:
		return []
	out, queue, seen = [], [county], set()
	while queue:
		hall = queue.pop(0)
		if hall in seen:
			continue
		seen.add(hall)
		if not active_only or tree[hall].status == ACTIVE:
			out.append(hall)
		queue.extend(children_of(hall, tree=tree))
	return out


def village_points_of(hall: str, active_only: bool = True) -> list[str]:
	"""The village service points under a township hall."""
	tree = hall_tree()
	return [
		child for child in children_of(hall, active_only, tree) if tree[child].hall_level == VILLAGE_POINT
	]


def same_county(hall: str | None, other: str | None) -> bool:
	county = county_of(hall)
	return bool(county) and county == county_of(other)
