"""Who takes part in the hall's culture activities and who wins (seed 000: "the same few win every
time"). Plain Python and pandas, no Frappe.

The report reads three frames with set-based queries: the staff on site in the period, the
participant rows and the award rows of the activities held in it; everything else happens here.

- participation rate: on-site staff who took part in at least one activity / on-site staff;
- winners: distinct staff members who received a staff award;
- top share: the share of the staff awards won by the top 10% of winners (at least one winner);
- Gini coefficient: inequality of the number of staff awards across the staff who took part or won
  (0 = everyone won as often, towards 1 = one person won everything). Awards are counted, not
  their points, because the complaint is about the same names coming back, whatever the prize.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

STAFF, WINDOW = "Staff", "Window"
ON_SITE_COLUMNS = ["staff", "department"]
PARTICIPANT_COLUMNS = ["activity", "staff", "department"]
AWARD_COLUMNS = ["activity", "recipient_type", "staff", "window", "department", "points"]
TABLE_COLUMNS = [
	"department",
	"staff_on_site",
	"participants",
	"on_site_participants",
	"participation_rate",
	"winners",
	"awards",
	"points",
]


def gini(values: Iterable[float]) -> float | None:
	"""Gini coefficient of non-negative values, four decimals; None when there is nothing to share
	(no values or all zero)."""
	ordered = sorted(float(v or 0) for v in values)
	if any(v < 0 for v in ordered):
		raise ValueError("the Gini coefficient needs non-negative values")
	n, total = len(ordered), sum(ordered)
	if not n or not total:
		return None
	weighted = sum(rank * value for rank, value in enumerate(ordered, start=1))
	return round(2.0 * weighted / (n * total) - (n + 1.0) / n, 4)


def top_share(values: Iterable[float], percent: int = 10) -> float | None:
	"""Share (percent, two decimals) of the total held by the top ``percent`` of the positive values
	(rounded up, at least one); None when the total is zero."""
	positive = sorted((float(v) for v in values if v and float(v) > 0), reverse=True)
	if not positive:
		return None
	top = max(1, (len(positive) * int(percent) + 99) // 100)
	return round(100.0 * sum(positive[:top]) / sum(positive), 2)


def rate(part: float, whole: float) -> float | None:
	return round(100.0 * part / whole, 2) if whole else None


def _key(values: Iterable) -> list[str]:
	return ["" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v) for v in values]


def _frame(rows, columns: list[str]) -> pd.DataFrame:
	frame = pd.DataFrame(list(rows), columns=columns) if not isinstance(rows, pd.DataFrame) else rows
	frame = frame.copy()
	for column in columns:
		if column != "points":
			frame[column] = _key(frame[column]) if len(frame) else pd.Series([], dtype=object)
	if "points" in columns:
		frame["points"] = pd.to_numeric(frame["points"], errors="coerce").fillna(0.0).astype(float)
	return frame


def staff_award_counts(participants, awards) -> dict[str, int]:
	"""Staff awards per staff member, every participant included (with 0)."""
	participants = _frame(participants, PARTICIPANT_COLUMNS)
	awards = _frame(awards, AWARD_COLUMNS)
	counts = {staff: 0 for staff in participants["staff"] if staff}
	for staff in awards.loc[awards["recipient_type"] == STAFF, "staff"]:
		if staff:
			counts[staff] = counts.get(staff, 0) + 1
	return counts


def summary(on_site, participants, awards, activities_held: int) -> dict:
	"""The period's headline figures."""
	on_site = _frame(on_site, ON_SITE_COLUMNS)
	participants = _frame(participants, PARTICIPANT_COLUMNS)
	awards = _frame(awards, AWARD_COLUMNS)
	staff_on_site = set(on_site["staff"]) - {""}
	took_part = set(participants["staff"]) - {""}
	staff_awards = awards[awards["recipient_type"] == STAFF]
	counts = staff_award_counts(participants, awards)
	return {
		"activities": int(activities_held),
		"participants": len(took_part),
		"staff_on_site": len(staff_on_site),
		"on_site_participants": len(took_part & staff_on_site),
		"participation_rate": rate(len(took_part & staff_on_site), len(staff_on_site)),
		"winners": len(set(staff_awards["staff"]) - {""}),
		"awards": len(awards),
		"staff_awards": len(staff_awards),
		"window_awards": int((awards["recipient_type"] == WINDOW).sum()),
		"points": round(float(awards["points"].sum()), 2),
		"top_share": top_share(counts.values()),
		"gini": gini(counts.values()),
	}


def department_table(on_site, participants, awards) -> pd.DataFrame:
	"""Per department: staff on site, distinct participants (of those, on site), participation
	rate, distinct winners, awards and their points; most staff on site first.

	A participant or award counts for the department recorded on its row (the staff member's or
	window's department at the time); on-site staff for their current department.
	"""
	on_site = _frame(on_site, ON_SITE_COLUMNS)
	participants = _frame(participants, PARTICIPANT_COLUMNS)
	awards = _frame(awards, AWARD_COLUMNS)
	on_site_staff = set(on_site["staff"]) - {""}
	departments = sorted(
		set(on_site["department"]) | set(participants["department"]) | set(awards["department"])
	)
	rows = []
	for department in departments:
		staff = set(on_site.loc[on_site["department"] == department, "staff"]) - {""}
		took_part = set(participants.loc[participants["department"] == department, "staff"]) - {""}
		own_awards = awards[awards["department"] == department]
		winners = set(own_awards.loc[own_awards["recipient_type"] == STAFF, "staff"]) - {""}
		present = took_part & on_site_staff & staff
		rows.append(
			{
				"department": department,
				"staff_on_site": len(staff),
				"participants": len(took_part),
				"on_site_participants": len(present),
				"participation_rate": rate(len(present), len(staff)),
				"winners": len(winners),
				"awards": len(own_awards),
				"points": round(float(own_awards["points"].sum()), 2),
			}
		)
	table = pd.DataFrame(rows, columns=TABLE_COLUMNS)
	if table.empty:
		return table
	table["_blank"] = table["department"] == ""
	table = table.sort_values(
		["_blank", "staff_on_site", "participants", "department"], ascending=[True, False, False, True]
	)
	return table.drop(columns="_blank").reset_index(drop=True)
