"""Assessment schemes (考核方案), versioned by the quarter they start in. A scheme used by a published
assessment is frozen: managers make a new version instead."""

import json

import frappe
from frappe import _
from frappe.utils import flt

from gov_hall.rules import assessment as rules
from gov_hall.rules.periods import QUARTER

DEFAULT_SCHEME = "Default Scheme"
FIRST_QUARTER = "2000-Q1"
FROZEN_FIELDS_IGNORED = {"modified", "modified_by", "in_use", "is_active"}


def validate_scheme(doc) -> None:
	if not QUARTER.match(doc.valid_from_quarter or ""):
		frappe.throw(_("Give the quarter as YYYY-Qn, for example 2026-Q1."), title=_("Invalid Input"))
	if not doc.tiers:
		for number, (bound, points) in enumerate(rules.DEFAULT_TIERS, start=1):
			doc.append("tiers", {"tier": number, "up_to_percent": bound, "points": points})
	doc.tiers.sort(key=lambda row: row.up_to_percent)
	for number, row in enumerate(doc.tiers, start=1):
		row.tier, row.idx = number, number
	if flt(doc.median_wait_weight) < 0 or flt(doc.wait_target_minutes) < 0:
		frappe.throw(
			_("The median wait weight and the wait target cannot be negative."), title=_("Invalid Input")
		)
	if not 0 <= flt(doc.get("receiving_share")) <= 100:
		frappe.throw(
			_("The receiving hall's share of a cross-hall case must be between 0 and 100%."),
			title=_("Invalid Input"),
		)
	try:
		as_rules(doc)
	except ValueError:
		frappe.throw(
			_(
				"Check the scheme: tier bounds must rise and end at 100% of windows, the three shares of work performance must add up to 100, and the activity cap cannot be negative."
			),
			title=_("Invalid Input"),
		)
	keep_frozen(doc)


def keep_frozen(doc) -> None:
	before = doc.get_doc_before_save()
	if not before or not before.in_use:
		return
	if settings_of(before) != settings_of(doc):
		frappe.throw(
			_(
				"This scheme was used by a published assessment and cannot change. Make a new version instead."
			),
			title=_("Not Allowed"),
		)


def settings_of(doc) -> str:
	values = {key: value for key, value in doc.as_dict().items() if key in rules.Scheme.__dataclass_fields__}
	values["tiers"] = [(row.up_to_percent, row.points) for row in doc.tiers]
	return json.dumps(values, sort_keys=True, default=str)


def as_rules(doc) -> rules.Scheme:
	return rules.scheme_from(doc.as_dict(), [(row.up_to_percent, row.points) for row in doc.tiers])


def snapshot(doc) -> str:
	"""The scheme's settings as stored on a run, so published figures can always be explained."""
	return settings_of(doc)


def from_snapshot(text: str) -> rules.Scheme:
	values = json.loads(text)
	return rules.scheme_from(values, values.get("tiers"))


def scheme_for(quarter: str) -> str:
	"""The active scheme in force for a quarter: the newest one starting on or before it."""
	name = frappe.db.get_value(
		"GH Assessment Scheme",
		{"is_active": 1, "valid_from_quarter": ["<=", quarter]},
		"name",
		order_by="valid_from_quarter desc, creation desc",
	)
	if not name:
		frappe.throw(
			_("No active assessment scheme applies to {0}.").format(quarter), title=_("Missing Scheme")
		)
	return name


def ensure_default_scheme() -> None:
	"""Seed 000's scheme: tiers +3 … +1, activity points capped at 3."""
	if frappe.db.exists("GH Assessment Scheme", DEFAULT_SCHEME):
		return
	frappe.get_doc(
		{
			"doctype": "GH Assessment Scheme",
			"scheme_name": DEFAULT_SCHEME,
			"valid_from_quarter": FIRST_QUARTER,
		}
	).insert(ignore_permissions=True)
