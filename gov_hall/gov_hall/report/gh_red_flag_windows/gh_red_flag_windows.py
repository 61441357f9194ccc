# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt
"""红旗窗口: the windows of a quarter's assessment in rank order, the top N eligible ones honoured.

Every row shows how much of the score came from activities (seed 000 warns that activity points
distorted the business rankings) and where the window would rank on its work alone. Everyone sees
published runs only; managers may include unpublished ones. Two queries: the run, then its rows.
"""

from frappe import _

from gov_hall.assessment import rankings

FLAG = rankings.RED_FLAG_WINDOWS.flag


def execute(filters: dict | None = None):
	result = rankings.honours_report(filters, rankings.RED_FLAG_WINDOWS, columns(), _("Red-Flag Windows"))
	for row in result[1]:
		# kept in the language of whoever computed the run: shown (and exported) in the reader's
		if row.get("ineligible_reason"):
			row["ineligible_reason"] = _(row["ineligible_reason"])
	return result


def columns() -> list[dict]:
	def column(fieldname, label, fieldtype="Float", width=110, **extra):
		return {"fieldname": fieldname, "label": label, "fieldtype": fieldtype, "width": width, **extra}

	return [
		column("rank", _("Rank"), "Int", 70),
		column("window", _("Service Window"), "Link", 150, options="GH Service Window"),
		column("window_label", _("Window Name"), "Data", 170),
		column("department", _("Department"), "Link", 160, options="GH Stationed Department"),
		column("final_score", _("Final Score"), precision=2),
		column("work_points", _("Work Points"), precision=2),
		column("activity_points", _("Activity Points Counted"), precision=2, width=130),
		column("activity_points_raw", _("Activity Points Earned"), precision=2, width=130),
		column("activity_share", _("Share from Activities %"), "Percent", 140),
		column("rank_without_activities", _("Rank Without Activities"), "Int", 130),
		column("tier", _("Tier"), "Int", 60),
		column("cases", _("Completed Cases"), "Int", 110),
		column("on_time_rate", _("On-Time Rate"), "Percent"),
		column("ratings", _("Ratings"), "Int", 80),
		column("satisfaction_rate", _("Satisfaction Rate"), "Percent"),
		column("inspection_rate", _("Inspection Score"), "Percent"),
		column("deductions", _("Deductions"), precision=2, width=100),
		column("queue_tickets", _("Queue Tickets Called"), "Int", 120),
		column("median_wait_minutes", _("Median Wait (minutes)"), precision=2, width=130),
		column("wait_points", _("Waiting Time Points"), precision=2, width=120),
		column("adjustment", _("Adjustment"), precision=2, width=100),
		column("adjustment_reason", _("Adjustment Reason"), "Data", 160),
		column("eligible", _("Eligible"), "Check", 80),
		column("ineligible_reason", _("Not Eligible Because"), "Data", 170),
		column(FLAG, _("Red-Flag Window"), "Check", 110),
	]
