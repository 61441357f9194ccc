"""E-supervision of cross-hall cases (issue 16, item 4): a card names the stage the case was in when it
was raised (late_step) and belongs to whoever held the case: the county's handling window, staff and
department while the case is at the county, the township's receiving window otherwise."""

import frappe
from frappe.utils import getdate

from gov_hall.cases.supervision import run_e_supervision
from gov_hall.tests.cross_hall_world import act, as_user, make_world, new_case, step
from gov_hall.tests.factories import GovHallTestCase, make_case
from gov_hall.utils.calendar import get_hall_calendar

FIELDS = ["level", "hall", "department", "window", "staff", "late_step"]


class TestCrossHallCards(GovHallTestCase):
	def setUp(self):
		w = self.w = make_world(limit=3)
		self.at_county = new_case(w)
		step(self.at_county, "Forward to County", w.township_staff)
		step(self.at_county, "Receive at County", w.county_staff)
		self.in_transit = new_case(w)
		step(self.in_transit, "Forward to County", w.township_staff)
		self.at_township = new_case(w)
		self.single = as_user(w.county_staff, make_case, w.county, w.matter, window=w.county_window).name
		act(self.single, "Accept", w.county_staff)
		due = max(getdate(frappe.db.get_value("GH Case", name, "due_date")) for name in self.cases())
		self.overdue = get_hall_calendar(w.township).next_working_day(due)

	def tearDown(self):
		frappe.set_user("Administrator")
		super().tearDown()

	def cases(self):
		return (self.at_county, self.in_transit, self.at_township, self.single)

	def card(self, case: str) -> dict:
		cards = frappe.get_all("GH Supervision Card", filters={"case": case}, fields=FIELDS)
		self.assertEqual(len(cards), 1, case)
		return cards[0]

	def test_cards_name_the_late_step_and_whoever_held_the_case(self):
		w = self.w
		run_e_supervision(today=self.overdue)
		self.assertEqual(
			self.card(self.at_county),
			{
				"level": "Red",
				"hall": w.county,
				"department": w.county_department,
				"window": w.county_window,
				"staff": w.county_staff,
				"late_step": "County Review",
			},
		)
		township_card = {
			"level": "Red",
			"hall": w.township,
			"department": w.township_department,
			"window": w.township_window,
			"staff": w.township_staff,
		}
		self.assertEqual(self.card(self.in_transit), {**township_card, "late_step": "Transfer"})
		self.assertEqual(self.card(self.at_township), {**township_card, "late_step": "Receiving Hall"})
		single = self.card(self.single)
		self.assertEqual(
			(single.hall, single.window, single.staff, single.late_step or None),
			(w.county, w.county_window, w.county_staff, None),
		)

	def test_each_side_chief_is_notified_of_their_own_cards(self):
		run_e_supervision(today=self.overdue)

		def notified(user: str) -> set:
			return set(
				frappe.get_all(
					"Notification Log",
					filters={"for_user": user, "document_type": "GH Case"},
					pluck="document_name",
				)
			)

		self.assertEqual(notified(self.w.county_chief) & set(self.cases()), {self.at_county, self.single})
		self.assertEqual(
			notified(self.w.township_chief) & set(self.cases()), {self.in_transit, self.at_township}
		)
