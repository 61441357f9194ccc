"""待交接办件 on the cases of gov_hall.tests.cross_hall_world: what each case waits for, the hall that
must act, since when; a chief sees their department's."""

import frappe
from frappe.desk.query_report import run
from frappe.utils import get_datetime

from gov_hall.setup.roles import HALL_MANAGER
from gov_hall.tests.cross_hall_world import make_report_world
from gov_hall.tests.factories import GovHallTestCase, make_user

REPORT = "GH Hand-overs Waiting"


class TestHandOversWaiting(GovHallTestCase):
	def setUp(self):
		self.w = make_report_world()

	def tearDown(self):
		frappe.set_user("Administrator")
		super().tearDown()

	def report(self, user: str, **filters):
		frappe.set_user(user)
		try:
			return run(REPORT, filters={"hall": self.w.township, **filters})
		finally:
			frappe.set_user("Administrator")

	def test_waiting_cases(self):
		w = self.w
		report = self.report(make_user([HALL_MANAGER]))
		rows = {row["case"]: row for row in report["result"]}
		self.assertEqual(
			{case: (row["waiting_key"], row["acting_hall"]) for case, row in rows.items()},
			{
				w.decided: ("Result to Send", w.county),
				w.sent_back: ("Receipt of Result", w.township),
				w.in_transit: ("Receipt at County", w.county),
			},
		)
		self.assertEqual(get_datetime(rows[w.decided]["since"]), get_datetime("2026-11-17 22:00:00"))
		self.assertEqual(get_datetime(rows[w.in_transit]["since"]), get_datetime("2026-11-19 09:00:00"))
		# from Thursday 2026-11-19 there are at least the 6 working days to Friday 27th
		self.assertGreaterEqual(rows[w.in_transit]["working_days_waiting"], 6)
		# the longest wait first
		self.assertEqual([row["case"] for row in report["result"]][0], w.decided)
		summary = {card["label"]: card["value"] for card in report["report_summary"]}
		self.assertEqual((summary["Cases Waiting"], summary["Result to Send"]), (3, 1))
		only = self.report(make_user([HALL_MANAGER]), waiting_for="Receipt at County")["result"]
		self.assertEqual([row["case"] for row in only], [w.in_transit])
		with self.assertRaises(frappe.ValidationError):
			self.report(make_user([HALL_MANAGER]), waiting_for="Lunch")

	def test_a_chief_sees_their_department(self):
		w = self.w
		self.assertEqual(len(self.report(w.county_chief)["result"]), 3)
		self.assertEqual(len(self.report(w.township_chief)["result"]), 3)
		self.assertEqual(self.report(w.other_chief)["result"], [])
