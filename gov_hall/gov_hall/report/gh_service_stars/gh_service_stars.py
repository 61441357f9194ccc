# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt
"""服务标兵: the staff of a quarter's assessment in rank order with their five dimensions, the top N
eligible ones honoured, and how much of each score came from activities.

Everyone sees published runs only; managers may include unpublished ones. Two queries: the run,
then its rows.
"""

from frappe import _

from gov_hall.assessment import rankings

FLAG = rankings.SERVICE_STARS.flag


def execute(filters: dict | None = None):
	result = rankings.honours_report(filters, rankings.SERVICE_STARS, columns(), _("Service Stars"))
	for row in result[1]:
		# kept in the language of whoever computed the run: shown (and exported) in the reader's
		if row.get("ineligible_reason"):
			row["ineligible_reason"] = _(row["ineligible_reason"])
	return result


def columns() -> list[dict]:
	def column(fieldname, label, fieldtype="Float", width=100, **extra):
		return {"fieldname": fieldname, "label": label, "fieldtype": fieldtype, "width": width, **extra}

	return [
		column("rank", _("Rank"), "Int", 70),
		column("staff_name", _("Staff Name"), "Data", 120),
		column("staff", _("Staff"), "Link", 160, options="User"),
		column("department", _("Department"), "Link", 160, options="GH Stationed Department"),
		column("window", _("Service Window"), "Link", 130, options="GH Service Window"),
		column("final_score", _("Final Score"), precision=2),
		column("ideology", _("Moral Character"), precision=2),
		column("skills", _("Professional Skills"), precision=2),
		column("attendance", _("Attendance and Duty"), precision=2),
		column("performance", _("Work Performance"), precision=2),
		column("integrity", _("Integrity"), precision=2),
		column("work_points", _("Work Points"), precision=2),
		column("activity_points", _("Activity Points Counted"), precision=2, width=130),
		column("activity_points_raw", _("Activity Points Earned"), precision=2, width=130),
		column("activity_share", _("Share from Activities %"), "Percent", 140),
		column("rank_without_activities", _("Rank Without Activities"), "Int", 130),
		column("cases", _("Completed Cases"), "Int", 110),
		column("on_time_rate", _("On-Time Rate"), "Percent"),
		column("ratings", _("Ratings"), "Int", 80),
		column("satisfaction_rate", _("Satisfaction Rate"), "Percent"),
		column("adjustment", _("Adjustment"), precision=2),
		column("adjustment_reason", _("Adjustment Reason"), "Data", 160),
		column("eligible", _("Eligible"), "Check", 80),
		column("ineligible_reason", _("Not Eligible Because"), "Data", 170),
		column(FLAG, _("Service Star"), "Check", 100),
	]
