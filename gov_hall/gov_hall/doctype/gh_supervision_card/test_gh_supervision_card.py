import frappe
from frappe.model.workflow import apply_workflow
from frappe.utils import getdate

from gov_hall.cases.supervision import run_e_supervision
from gov_hall.tests.factories import GovHallTestCase, make_case, make_case_setup, make_user
from gov_hall.utils.calendar import get_hall_calendar


class TestESupervision(GovHallTestCase):
	def setUp(self):
		self.s = make_case_setup(limit=5)
		self.chief = make_user(["Chief Representative"])
		frappe.db.set_value("GH Stationed Department", self.s.department, "chief_representative", self.chief)
		frappe.db.set_single_value("GH Hall Settings", "yellow_card_threshold_days", 1)
		frappe.set_user(self.s.staff)
		case = make_case(self.s.hall, self.s.matter, window=self.s.window)
		self.case = apply_workflow(case.as_dict(), "Accept")
		frappe.set_user("Administrator")
		self.due = getdate(self.case.due_date)
		self.calendar = get_hall_calendar(self.s.hall)

	def cards(self):
		return frappe.get_all(
			"GH Supervision Card",
			filters={"case": self.case.name},
			fields=["level", "card_date", "window", "staff", "department", "remaining_days"],
			order_by="creation asc",
		)

	def test_yellow_then_red_once_each(self):
		early = self.calendar.next_working_day(self.case.accepted_on)
		run_e_supervision(today=early)
		self.assertEqual(self.cards(), [])

		day_before = self.due - frappe.utils.datetime.timedelta(days=1)
		while not self.calendar.is_working_day(day_before):
			day_before -= frappe.utils.datetime.timedelta(days=1)
		result = run_e_supervision(today=day_before)
		self.assertGreaterEqual(result["yellow"], 1)
		run_e_supervision(today=self.due)  # still yellow: no second yellow card
		cards = self.cards()
		self.assertEqual([c.level for c in cards], ["Yellow"])
		self.assertEqual(getdate(cards[0].card_date), day_before)
		self.assertEqual(
			(cards[0].window, cards[0].staff, cards[0].department),
			(self.s.window, self.s.staff, self.s.department),
		)
		self.assertEqual(cards[0].remaining_days, 1)
		self.assertEqual(frappe.db.get_value("GH Case", self.case.name, "card_level"), "Yellow")

		overdue = self.calendar.next_working_day(self.due)
		run_e_supervision(today=overdue)
		run_e_supervision(today=self.calendar.next_working_day(overdue))
		self.assertEqual([c.level for c in self.cards()], ["Yellow", "Red"])
		self.assertEqual(frappe.db.get_value("GH Case", self.case.name, "card_level"), "Red")

	def test_handler_and_chief_representative_are_notified(self):
		run_e_supervision(today=self.calendar.next_working_day(self.due))
		notified = set(
			frappe.get_all(
				"Notification Log",
				filters={"document_type": "GH Case", "document_name": self.case.name},
				pluck="for_user",
			)
		)
		self.assertEqual(notified, {self.s.staff, self.chief})

	def test_red_straight_away_when_found_overdue(self):
		run_e_supervision(today=self.calendar.add_working_days(self.due, 3))
		self.assertEqual([c.level for c in self.cards()], ["Red"])

	def test_completed_case_gets_no_more_cards(self):
		frappe.set_user(self.s.staff)
		apply_workflow(frappe.get_doc("GH Case", self.case.name).as_dict(), "Complete")
		frappe.set_user("Administrator")
		run_e_supervision(today=self.calendar.add_working_days(self.due, 3))
		self.assertEqual(self.cards(), [])

	def test_paused_case_gets_no_cards(self):
		frappe.set_user(self.s.staff)
		frappe.get_doc(
			{
				"doctype": "GH Supplement Notice",
				"case": self.case.name,
				"items": [{"material_name": "申请书"}],
			}
		).insert()
		frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value("GH Case", self.case.name, "is_paused"), 1)
		run_e_supervision(today=self.calendar.add_working_days(self.due, 3))
		self.assertEqual(self.cards(), [])

	def test_cards_are_kept(self):
		run_e_supervision(today=self.calendar.add_working_days(self.due, 3))
		card = frappe.get_all("GH Supervision Card", filters={"case": self.case.name}, pluck="name")[0]
		with self.assertRaises(frappe.PermissionError):
			frappe.delete_doc("GH Supervision Card", card)
