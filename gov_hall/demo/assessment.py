"""The demo year's quarterly assessments: every past quarter of each demo hall computed from its
records and published, so the rankings, the honor roll and the briefings have something to show."""

import frappe
from frappe.utils import add_days, getdate

from gov_hall.assessment.run import compute
from gov_hall.rules.periods import quarter_bounds, quarter_of
from gov_hall.utils.clock import nowdate

PUBLISHED = "Published"


def past_quarters(first_day, today) -> list[str]:
	"""Quarters that ended before today, from the one holding ``first_day``."""
	quarters = []
	quarter = quarter_of(getdate(first_day))
	while quarter_bounds(quarter)[1] < today:
		quarters.append(quarter)
		quarter = quarter_of(add_days(quarter_bounds(quarter)[1], 1))
	return quarters


def make_demo_assessments(halls: list[str] | None = None) -> dict:
	today = getdate(nowdate())
	halls = halls or frappe.get_all("GH Service Hall", filters={"status": "Active"}, pluck="name")
	made = 0
	for hall in halls:
		first = frappe.db.get_value("GH Case", {"hall": hall}, "min(received_on)")
		if not first:
			continue
		for quarter in past_quarters(first, today):
			if frappe.db.exists(
				"GH Assessment Run", {"hall": hall, "quarter": quarter, "period_type": "Quarter"}
			):
				continue
			publish(hall, quarter)
			made += 1
	return {"assessments": made}


def publish(hall: str, quarter: str) -> None:
	run = frappe.get_doc({"doctype": "GH Assessment Run", "hall": hall, "quarter": quarter})
	compute(run)
	run.insert(ignore_permissions=True)
	# the demo skips the approval steps a real quarter goes through
	published_on = add_days(quarter_bounds(quarter)[1], 10)
	run.db_set({"status": PUBLISHED, "published_on": published_on}, update_modified=False)
	frappe.db.set_value("GH Assessment Scheme", run.scheme, "in_use", 1)
