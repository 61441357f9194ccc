"""在办件及亮灯 on cases moved through the real case workflow and the real e-supervision pass."""

import frappe
from frappe.desk.query_report import run
from frappe.model.workflow import apply_workflow
from frappe.utils import getdate, nowdate

from gov_hall.cases.supervision import run_e_supervision, yellow_threshold
from gov_hall.rules.deadlines import remaining_working_days
from gov_hall.tests.factories import VALID_RESIDENT_ID, GovHallTestCase, make_case, make_case_setup
from gov_hall.utils.calendar import get_hall_calendar

REPORT = "GH Open Cases and Cards"
execute = frappe.get_attr("gov_hall.gov_hall.report.gh_open_cases_and_cards.gh_open_cases_and_cards.execute")


def act(name: str, action: str):
	return apply_workflow(frappe.get_doc("GH Case", name).as_dict(), action)


def names(rows: list[dict]) -> list[str]:
	return [row["name"] for row in rows]


class TestOpenCasesAndCards(GovHallTestCase):
	def setUp(self):
		self.s = make_case_setup(limit=5)
		self.other = make_case_setup(limit=5)
		self.today = getdate(nowdate())
		self.calendar = get_hall_calendar(self.s.hall)
		frappe.set_user(self.s.staff)
		self.yellow = act(make_case(self.s.hall, self.s.matter, window=self.s.window).name, "Accept")
		self.red = make_case(self.s.hall, self.s.matter, window=self.s.other_window)
		# received and accepted ten working days ago: set directly, the clock cannot be wound back
		self.long_ago = self.working_days_ago(10)
		frappe.db.set_value("GH Case", self.red.name, "received_on", f"{self.long_ago} 09:00:00")
		self.red = act(self.red.name, "Accept")
		frappe.db.set_value("GH Case", self.red.name, "accepted_on", f"{self.long_ago} 10:00:00")
		self.received = make_case(self.s.hall, self.s.matter, window=self.s.window)
		self.paused = make_case(self.s.hall, self.s.matter, window=self.s.window)
		frappe.get_doc(
			{
				"doctype": "GH Supplement Notice",
				"case": self.paused.name,
				"items": [{"material_name": "申请书"}],
			}
		).insert()
		done = act(make_case(self.s.hall, self.s.matter, window=self.s.window).name, "Accept")
		act(done.name, "Complete")
		frappe.set_user(self.other.staff)
		self.elsewhere = act(
			make_case(self.other.hall, self.other.matter, window=self.other.window).name, "Accept"
		)
		frappe.set_user("Administrator")
		# the daily e-supervision pass, run for the day before the new cases fall due
		self.pass_day = self.working_days_from_today(5 - yellow_threshold())
		run_e_supervision(today=self.pass_day)

	def tearDown(self):
		frappe.set_user("Administrator")
		super().tearDown()

	def working_days_ago(self, days: int):
		day = self.today
		for _ in range(days):
			day = frappe.utils.add_days(day, -1)
			while not self.calendar.is_working_day(day):
				day = frappe.utils.add_days(day, -1)
		return getdate(day)

	def working_days_from_today(self, days: int):
		return self.calendar.add_working_days(self.today, days)

	def test_open_cases_with_cards_remaining_days_and_chart(self):
		report = run(REPORT, filters={"hall": self.s.hall, "from_date": self.long_ago})
		rows = {row["name"]: row for row in report["result"]}
		self.assertEqual(set(rows), {self.yellow.name, self.red.name, self.received.name, self.paused.name})
		self.assertEqual(names(report["result"])[-1], self.yellow.name)  # latest due date last
		red, yellow = rows[self.red.name], rows[self.yellow.name]
		self.assertEqual((red["card_level"], red["red_on"], red["yellow_on"]), ("Red", self.pass_day, None))
		self.assertEqual(
			(yellow["card_level"], yellow["yellow_on"], yellow["red_on"]), ("Yellow", self.pass_day, None)
		)
		self.assertEqual(yellow["remaining_days"], 5)
		red_due = getdate(frappe.db.get_value("GH Case", self.red.name, "due_date"))
		self.assertLess(red["remaining_days"], 0)
		self.assertEqual(red["remaining_days"], remaining_working_days(self.calendar, self.today, red_due))
		self.assertEqual(
			(rows[self.received.name]["remaining_days"], rows[self.received.name]["card_level"]), (None, "")
		)
		self.assertEqual(
			(rows[self.paused.name]["is_paused"], rows[self.paused.name]["status"]),
			(1, "Supplement Required"),
		)
		self.assertEqual(red["department"], self.s.department)
		self.assertEqual(red["window"], self.s.other_window)
		self.assertEqual(red["handler"], self.s.staff)
		self.assertEqual(report["chart"]["data"]["labels"], ["Red", "Yellow", "No Card"])
		self.assertEqual(report["chart"]["data"]["datasets"][0]["values"], [1, 1, 2])
		# never the applicant's ID number or phone
		dumped = frappe.as_json(report)
		for secret in (VALID_RESIDENT_ID, "13812345678", "id_number", "mobile"):
			self.assertNotIn(secret, dumped)

	def test_card_level_filter(self):
		base = {"hall": self.s.hall, "from_date": self.long_ago}
		self.assertEqual(names(execute({**base, "card_level": "Red"})[1]), [self.red.name])
		self.assertEqual(names(execute({**base, "card_level": "Yellow"})[1]), [self.yellow.name])
		self.assertEqual(
			set(names(execute({**base, "card_level": "None"})[1])), {self.received.name, self.paused.name}
		)
		self.assertEqual(len(execute({**base, "card_level": "All"})[1]), 4)
		chart = execute({**base, "card_level": "Red"})[3]
		self.assertEqual(chart["data"]["datasets"][0]["values"], [1, 0, 0])
		with self.assertRaises(frappe.ValidationError):
			execute({**base, "card_level": "Green"})

	def test_window_and_date_filters_narrow(self):
		rows = execute({"window": self.s.other_window, "from_date": self.long_ago})[1]
		self.assertEqual(names(rows), [self.red.name])
		# received today only: the case received ten working days ago drops out
		today_only = execute({"hall": self.s.hall, "from_date": self.today, "to_date": self.today})[1]
		self.assertEqual(len(today_only), 3)
		self.assertNotIn(self.red.name, names(today_only))
		self.assertIn(self.elsewhere.name, names(execute({"from_date": self.long_ago})[1]))

	def test_window_staff_see_their_own_department(self):
		frappe.set_user(self.other.staff)
		result = run(REPORT, filters={"from_date": self.long_ago})["result"]
		self.assertEqual(names(result), [self.elsewhere.name])
		self.assertEqual(execute({"department": self.s.department, "from_date": self.long_ago})[1], [])
