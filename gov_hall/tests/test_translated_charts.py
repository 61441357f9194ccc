"""The workspace charts show their labels in the user's language (GH Translated Chart source)."""

import frappe
from frappe.utils import getdate, nowdate

from gov_hall.gov_hall.dashboard_chart_source.gh_translated_chart.gh_translated_chart import get
from gov_hall.tests.factories import (
	GovHallTestCase,
	make_case,
	make_case_setup,
	make_department,
	make_hall,
	make_rating,
	make_window,
)

RATINGS, VOLUME = "GH Ratings by Level", "GH Monthly Case Volume"


def as_the_desk_asks(chart_name: str, filters=None, **args) -> dict:
	"""The arguments Frappe's chart widget sends: all of them, the unset ones empty."""
	values = {"time_interval": "", "timespan": "", "from_date": "", "to_date": "", "heatmap_year": ""}
	values.update(args)
	if filters is not None:
		values["filters"] = frappe.as_json(filters)
	return get(chart_name=chart_name, refresh=1, **values)


class TestTranslatedCharts(GovHallTestCase):
	def setUp(self):
		s = self.s = make_case_setup()
		for level in ("Very Dissatisfied", "Satisfied", "Very Satisfied", "Very Satisfied"):
			make_rating(level, window=s.window)
		excluded = make_rating("Dissatisfied", window=s.window)
		frappe.db.set_value("GH Service Rating", excluded.name, "counts_in_scores", 0)
		other_hall = make_hall()
		other_department = make_department(other_hall.name)
		make_rating("Satisfied", window=make_window(other_hall.name, other_department.name).name)
		make_case(s.hall, s.matter, window=s.window)

	def test_ratings_legend_in_chinese_in_level_order(self):
		frappe.local.lang = "zh"
		data = as_the_desk_asks(RATINGS, filters={"hall": self.s.hall})
		self.assertEqual(data["labels"], ["非常满意", "满意", "非常不满意"])
		self.assertEqual(data["datasets"][0]["values"], [2, 1, 1])  # the chart's own filter still applies
		self.assertEqual(data["datasets"][0]["name"], "好差评分布")

	def test_ratings_legend_in_english_for_an_english_user(self):
		frappe.local.lang = "en"
		data = as_the_desk_asks(RATINGS, filters={"hall": self.s.hall, "department": ""})
		self.assertEqual(data["labels"], ["Very Satisfied", "Satisfied", "Very Dissatisfied"])
		self.assertEqual(data["datasets"][0]["name"], "Ratings by Level")

	def test_chart_filters_as_saved_on_the_chart(self):
		frappe.local.lang = "zh"
		saved = frappe.db.get_value("Dashboard Chart", RATINGS, "filters_json")
		data = as_the_desk_asks(RATINGS, filters=frappe.parse_json(saved))
		self.assertTrue(set(data["labels"]) <= {"非常满意", "满意", "基本满意", "不满意", "非常不满意"})

	def test_months_and_quarters_in_chinese(self):
		frappe.local.lang = "zh"
		today = getdate(nowdate())
		data = as_the_desk_asks(VOLUME)
		self.assertEqual(data["labels"][-1], f"{today.year}年{today.month}月")
		self.assertGreaterEqual(data["datasets"][0]["values"][-1], 1)
		self.assertEqual(data["datasets"][0]["name"], "每月办件量")
		quarters = as_the_desk_asks(VOLUME, time_interval="Quarterly")["labels"]
		self.assertEqual(quarters[-1], f"{today.year}年第{(today.month - 1) // 3 + 1}季度")
		frappe.local.lang = "en"
		self.assertEqual(as_the_desk_asks(VOLUME)["labels"][-1], today.strftime("%b %Y"))
