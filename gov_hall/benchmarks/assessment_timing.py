"""Prints how long the quarterly assessment takes on this site. Not a test: it asserts nothing.

    bench --site <site> execute gov_hall.benchmarks.assessment_timing.run --kwargs "{'quarter': '2026-Q3'}"

It computes (and then rolls back) a run for the hall with the most cases, and times the fact queries
apart from the scoring.
"""

import time

import frappe

from gov_hall.assessment.facts import quarter_facts
from gov_hall.assessment.run import compute
from gov_hall.rules.periods import quarter_of


def busiest_hall() -> str:
	rows = frappe.db.sql("select hall, count(*) from `tabGH Case` group by hall order by 2 desc limit 1")
	return rows[0][0]


def run(quarter: str | None = None, hall: str | None = None, repeat: int = 3) -> None:
	hall = hall or busiest_hall()
	quarter = quarter or quarter_of(frappe.utils.getdate(frappe.utils.add_months(frappe.utils.nowdate(), -3)))
	cases = frappe.db.count("GH Case", {"hall": hall})
	print(f"hall {hall}, quarter {quarter}, {cases} cases in the hall")
	for attempt in range(repeat):
		started = time.perf_counter()
		windows, staff, _who = quarter_facts(hall, quarter)
		facts_seconds = time.perf_counter() - started
		doc = frappe.get_doc({"doctype": "GH Assessment Run", "hall": hall, "quarter": quarter})
		started = time.perf_counter()
		compute(doc)
		doc.insert(ignore_permissions=True)
		total_seconds = time.perf_counter() - started
		print(
			f"run {attempt + 1}: facts {facts_seconds:.3f} s, compute + save {total_seconds:.3f} s "
			f"({len(windows)} windows, {len(staff)} staff)"
		)
		frappe.db.rollback()
