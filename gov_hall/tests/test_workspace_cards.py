"""The managers' workspace: its number cards count the right records for the user, its charts run,
and it links every report."""

import json

import frappe
from frappe.desk.desktop import get_desktop_page
from frappe.desk.doctype.number_card.number_card import get_result
from frappe.utils import nowdate

from gov_hall.gov_hall.dashboard_chart_source.gh_translated_chart.gh_translated_chart import (
	get as chart_data,
)
from gov_hall.setup.roles import HALL_MANAGER
from gov_hall.tests.factories import GovHallTestCase, make_case, make_case_setup, make_rating, make_user

CARDS = {
	"Open Cases": "GH Open Cases",
	"Overdue Open Cases": "GH Overdue Open Cases",
	"Bad Reviews Awaiting Follow-up": "GH Bad Reviews Awaiting Follow-up",
	"Complaints Awaiting Reply": "GH Complaints Awaiting Reply",
	"My Window's Cards": "GH My Window Cards",
}


def count(card_name: str) -> float:
	"""A number card's figure as the desk computes it: its filters plus its dynamic filters evaluated."""
	card = frappe.get_doc("Number Card", card_name)
	filters = json.loads(card.filters_json or "[]")
	dynamic = {"frappe.session.user": frappe.session.user}
	for doctype, field, operator, expression in json.loads(card.dynamic_filters_json or "[]"):
		filters.append([doctype, field, operator, dynamic[expression]])
	return get_result(card.as_json(), filters)


class TestWorkspaceCards(GovHallTestCase):
	def setUp(self):
		self.s = make_case_setup()
		self.manager = make_user([HALL_MANAGER])
		self.open_case = make_case(self.s.hall, self.s.matter, window=self.s.window).name
		self.overdue_case = make_case(self.s.hall, self.s.matter, window=self.s.window).name
		frappe.db.set_value("GH Case", self.overdue_case, "card_level", "Red")
		make_rating("Satisfied", window=self.s.window)
		for level in ("Yellow", "Red"):
			frappe.get_doc(
				{
					"doctype": "GH Supervision Card",
					"case": self.overdue_case,
					"level": level,
					"card_date": nowdate(),
					"hall": self.s.hall,
					"department": self.s.department,
					"window": self.s.window,
					"staff": self.s.staff,
				}
			).insert()

	def tearDown(self):
		frappe.set_user("Administrator")
		super().tearDown()

	def test_cards_count_for_the_user(self):
		frappe.set_user(self.manager)
		before = {label: count(name) for label, name in CARDS.items() if label != "My Window's Cards"}
		self.assertGreaterEqual(before["Open Cases"], 2)
		self.assertGreaterEqual(before["Overdue Open Cases"], 1)
		self.assertEqual(count("GH My Window Cards"), 0)
		frappe.set_user(self.s.staff)
		self.assertEqual(count("GH My Window Cards"), 2)
		# window staff see their own department's open cases
		self.assertEqual((count("GH Open Cases"), count("GH Overdue Open Cases")), (2, 1))
		frappe.set_user(self.s.other_staff)
		self.assertEqual(count("GH My Window Cards"), 0)

	def test_workspace_shows_cards_charts_and_every_report(self):
		frappe.set_user(self.manager)
		page = get_desktop_page(json.dumps({"name": "Gov Hall", "title": "Gov Hall"}))
		self.assertEqual(
			{card.number_card_name for card in page["number_cards"]["items"]}, set(CARDS.values())
		)
		charts = [chart.chart_name for chart in page["charts"]["items"]]
		self.assertEqual(
			charts, ["GH Monthly Case Volume", "GH Monthly On-Time Completions", "GH Ratings by Level"]
		)
		for name in charts:
			data = chart_data(chart_name=name, refresh=1)
			self.assertTrue(data and data["labels"], name)
		ratings = chart_data(chart_name="GH Ratings by Level", refresh=1)
		self.assertIn("Satisfied", ratings["labels"])
		linked = {
			link.link_to
			for card in page["cards"]["items"]
			for link in card.links
			if link.link_type == "Report"
		}
		reports = {
			"GH On-Time Completion Rate",
			"GH Open Cases and Cards",
			"GH One-Time Notification Violations",
			"GH Service Satisfaction",
			"GH Bad Review Rectification",
			"GH Complaint Analysis",
			"GH Inspection Scores",
			"GH Red-Flag Windows",
			"GH Service Stars",
			"GH Annual Honours",
			# on-site duty (issue 15)
			"GH Attendance",
			"GH Empty Windows",
			"GH Leave Balance",
		}
		self.assertEqual(reports - linked, set())
		# window staff get the workspace too, with their own cards
		frappe.set_user(self.s.staff)
		page = get_desktop_page(json.dumps({"name": "Gov Hall", "title": "Gov Hall"}))
		self.assertIn("GH My Window Cards", {card.number_card_name for card in page["number_cards"]["items"]})

	def test_on_site_duty_card(self):
		frappe.set_user(self.manager)
		page = get_desktop_page(json.dumps({"name": "Gov Hall", "title": "Gov Hall"}))
		cards = {card.label: card for card in page["cards"]["items"]}
		self.assertEqual(
			{link.link_to for link in cards["On-Site Duty"].links},
			{
				"GH Duty Slot",
				"GH Attendance Punch",
				"GH Attendance Import",
				"GH Leave Request",
				"GH Empty Window",
				"GH Home Agency",
				"GH Agency Briefing",
				"GH Attendance",
				"GH Empty Windows",
				"GH Leave Balance",
			},
		)

	def test_county_township_village_card(self):
		frappe.set_user(self.manager)
		page = get_desktop_page(json.dumps({"name": "Gov Hall", "title": "Gov Hall"}))
		cards = {card.label: card for card in page["cards"]["items"]}
		self.assertEqual(
			{link.link_to for link in cards["County, Township and Village"].links},
			{
				"GH Case",
				"GH Service Matter",
				"GH Service Hall",
				"GH SMS Message",
				"GH SMS Template",
				"GH SMS Opt-Out",
				"GH Cross-Hall Cases",
				"GH Hand-over Times",
				"GH Hand-overs Waiting",
				"GH Near-Home Share",
			},
		)
