"""Where a matter can be done (可在以下地点办理): the catalogue of matters extended to townships.

Each GH Service Matter says how far it reaches (``handling_level``):

- County Only (县级办理): accepted and handled at the hall of the matter's department;
- County–Township (县乡同办): also accepted at the listed township halls (``accepting_halls``) and
  their village service points, reviewed and approved at the county;
- County-Wide (县域通办): accepted at any active hall of the county, approved at the county;
- Township (乡镇办理): handled fully at the listed township halls (and at the matter's own hall).

A case received away from the matter's hall for a County–Township or County-Wide matter is a
cross-hall case (``route``): one number and one clock from the receiving hall, decided at the county.
"""

from __future__ import annotations

import frappe
from frappe import _

from gov_hall.utils import halls

COUNTY_ONLY = "County Only"
COUNTY_TOWNSHIP = "County–Township"
COUNTY_WIDE = "County-Wide"
TOWNSHIP = "Township"
HANDLING_LEVELS = (COUNTY_ONLY, COUNTY_TOWNSHIP, COUNTY_WIDE, TOWNSHIP)
# GH Case.route for a case received away from the matter's hall
ROUTES = (COUNTY_TOWNSHIP, COUNTY_WIDE)

HALL_FIELDS = (
	"name",
	"hall_name",
	"hall_code",
	"hall_level",
	"parent_hall",
	"address",
	"phone",
	"opening_time",
	"closing_time",
	"status",
)


def matter_info(matter: str) -> frappe._dict | None:
	"""The matter's department, handling level, agent rule, hall and accepting halls."""
	info = frappe.db.get_value(
		"GH Service Matter",
		matter,
		["name", "department", "handling_level", "agent_allowed", "status"],
		as_dict=True,
	)
	if not info:
		return None
	info.handling_level = info.handling_level or COUNTY_ONLY
	info.hall = frappe.db.get_value("GH Stationed Department", info.department, "hall")
	info.accepting_halls = accepting_halls(matter)
	return info


def accepting_halls(matter: str) -> list[str]:
	return frappe.get_all(
		"GH Matter Hall",
		filters={"parent": matter, "parenttype": "GH Service Matter", "parentfield": "accepting_halls"},
		pluck="hall",
		order_by="idx asc",
	)


def with_village_points(hall_names: list[str]) -> list[str]:
	"""The listed halls, each followed by its active village service points."""
	out = []
	for hall in hall_names:
		if hall not in out:
			out.append(hall)
		if halls.is_township(hall):
			out.extend(point for point in halls.village_points_of(hall) if point not in out)
	return out


def accepting_hall_names(info: frappe._dict) -> list[str]:
	"""Every hall where a citizen may apply for the matter (active or not), the matter's hall first."""
	level = info.handling_level
	own = [info.hall] if info.hall else []
	if level == COUNTY_TOWNSHIP:
		return with_village_points([*own, *info.accepting_halls])
	if level == COUNTY_WIDE:
		return halls.halls_of_county(halls.county_of(info.hall) or info.hall) or own
	if level == TOWNSHIP:
		return [*own, *[hall for hall in info.accepting_halls if hall not in own]]
	return own


def where_to_apply(matter: str) -> list[frappe._dict]:
	"""The active halls where a citizen may apply for ``matter`` (for the public service guide).

	Each row has the hall's name, code, level, parent, address, phone and hours, and ``handles``
	(1 where the matter is decided, 0 where it is accepted and sent on to the county)."""
	info = matter_info(matter)
	if not info:
		return []
	names = accepting_hall_names(info)
	if not names:
		return []
	rows = {
		row.name: row
		for row in frappe.get_all(
			"GH Service Hall", filters={"name": ["in", names], "status": "Active"}, fields=list(HALL_FIELDS)
		)
	}
	out = []
	for name in names:
		row = rows.get(name)
		if not row:
			continue
		row.handles = int(
			name == info.hall or (info.handling_level == TOWNSHIP and halls.is_handling_hall(name))
		)
		out.append(row)
	return out


def route_for(matter: str, hall: str) -> str:
	"""The route of a case for ``matter`` received at ``hall``: "" for a case of the matter's own
	hall (or a township matter handled where it is received), else County–Township or County-Wide.
	A hall of the matter's county that may not accept the matter is refused with the reason; a hall
	of no common county is left alone (a single-hall case, as before the hall tree mattered)."""
	info = matter_info(matter)
	if not info or not hall or hall == info.hall:
		return ""
	if hall in accepting_hall_names(info):
		return "" if info.handling_level == TOWNSHIP else info.handling_level
	if not halls.same_county(hall, info.hall):
		# a hall outside the matter's county tree is not governed by its catalogue: a single-hall
		# case, as before halls were linked into counties
		return ""
	hall_name = frappe.db.get_value("GH Service Hall", hall, "hall_name") or hall
	matter_name = frappe.db.get_value("GH Service Matter", matter, "matter_name") or matter
	frappe.throw(
		_("{0} cannot be applied for at {1}: see where the matter can be done in its service guide.").format(
			matter_name, hall_name
		),
		title=_("Invalid Input"),
	)


def received_away(matter: str, hall: str) -> bool:
	"""Whether ``hall`` accepts ``matter`` under the catalogue although it is not the matter's hall
	(its staff then read the case through the receiving department)."""
	info = matter_info(matter)
	return bool(info and hall and hall != info.hall and hall in accepting_hall_names(info))


def validate_matter(matter) -> None:
	"""GH Service Matter validate: the halls listed for a County–Township or Township matter are
	township halls (or, for County–Township, village service points) of the matter's county."""
	matter.handling_level = matter.handling_level or COUNTY_ONLY
	if matter.handling_level not in (COUNTY_TOWNSHIP, TOWNSHIP):
		return
	rows = matter.get("accepting_halls") or []
	if not rows:
		frappe.throw(
			_("List the township halls that accept matter {0}.").format(matter.matter_name),
			title=_("Invalid Input"),
		)
	own = frappe.db.get_value("GH Stationed Department", matter.department, "hall")
	allowed = (
		(halls.BRANCH_HALL, halls.VILLAGE_POINT)
		if matter.handling_level == COUNTY_TOWNSHIP
		else (halls.BRANCH_HALL,)
	)
	seen = set()
	for row in rows:
		if row.hall in seen:
			frappe.throw(_("Hall {0} is listed twice.").format(row.hall), title=_("Invalid Input"))
		seen.add(row.hall)
		if row.hall == own or halls.level_of(row.hall) not in allowed or not halls.same_county(row.hall, own):
			frappe.throw(
				_("{0} cannot accept this matter: list township halls of the county of {1}.").format(
					hall_label(row.hall), hall_label(own)
				),
				title=_("Invalid Input"),
			)


def hall_label(hall: str | None) -> str:
	return (frappe.db.get_value("GH Service Hall", hall, "hall_name") if hall else None) or hall or ""
