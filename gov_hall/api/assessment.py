"""Quarterly assessment: (re)compute a run from the quarter's records."""

import frappe

from gov_hall.access import controlled
from gov_hall.assessment.run import compute


@frappe.whitelist(methods=["POST"])
def compute_run(run: str) -> dict:
	"""Recompute a draft or submitted run; returns the counts of windows and staff assessed."""
	doc = frappe.get_doc("GH Assessment Run", run)
	doc.check_permission("write")
	compute(doc)
	with controlled.action(doc, "Compute"):
		doc.save()
	return {"windows": len(doc.window_results), "staff": len(doc.staff_results)}
