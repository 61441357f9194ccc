"""The three case reports, on cases moved through the real workflow."""

import frappe
from frappe.desk.query_report import run
from frappe.model.workflow import apply_workflow

from gov_hall.cases.supervision import run_e_supervision
from gov_hall.tests.factories import GovHallTestCase, make_case, make_case_setup
from gov_hall.utils.calendar import get_hall_calendar


def act(name: str, action: str):
	return apply_workflow(frappe.get_doc("GH Case", name).as_dict(), action)


class TestCaseReports(GovHallTestCase):
	def setUp(self):
		self.s = make_case_setup(limit=5)
		self.other = make_case_setup(limit=5)
		frappe.set_user(self.s.staff)
		self.done = []
		for _ in range(4):
			case = make_case(self.s.hall, self.s.matter, window=self.s.window)
			act(case.name, "Accept")
			self.done.append(act(case.name, "Complete").name)
		# one completion ran late: completed after its due date (set directly, the clock cannot be wound back)
		frappe.db.set_value("GH Case", self.done[0], "completed_on_time", 0)
		self.open = act(make_case(self.s.hall, self.s.matter, window=self.s.other_window).name, "Accept")
		frappe.set_user(self.other.staff)
		other = make_case(self.other.hall, self.other.matter, window=self.other.window)
		act(other.name, "Accept")
		act(other.name, "Complete")
		frappe.set_user("Administrator")

	def test_on_time_rate_by_department_and_window(self):
		report = run("GH On-Time Completion Rate", filters={"hall": self.s.hall})
		rows = {row["group"]: row for row in report["result"] if isinstance(row, dict)}
		mine = rows[self.s.department]
		self.assertEqual((mine["completed"], mine["on_time"], mine["late"]), (4, 3, 1))
		self.assertEqual(mine["on_time_rate"], 75.0)
		self.assertNotIn(self.other.department, rows)
		self.assertEqual(report["chart"]["data"]["labels"], [self.s.department])
		by_window = run("GH On-Time Completion Rate", filters={"group_by": "Window", "window": self.s.window})
		self.assertEqual(by_window["result"][0]["group"], self.s.window)
		self.assertEqual(by_window["result"][0]["completed"], 4)

	def test_open_cases_and_cards(self):
		report = run("GH Open Cases and Cards", filters={"hall": self.s.hall})
		self.assertEqual([row["name"] for row in report["result"]], [self.open.name])
		row = report["result"][0]
		self.assertNotIn("id_number", row)
		self.assertNotIn("mobile", row)
		self.assertEqual(row["remaining_days"], 5)
		calendar = get_hall_calendar(self.s.hall)
		run_e_supervision(today=calendar.add_working_days(self.open.due_date, 2))
		red = run("GH Open Cases and Cards", filters={"hall": self.s.hall, "card_level": "Red"})
		self.assertEqual([r["name"] for r in red["result"]], [self.open.name])
		self.assertTrue(red["result"][0]["red_on"])
		self.assertEqual(
			run("GH Open Cases and Cards", filters={"hall": self.s.hall, "card_level": "Yellow"})["result"],
			[],
		)
		self.assertEqual(red["chart"]["data"]["datasets"][0]["values"], [1, 0, 0])

	def test_one_time_notification_violations(self):
		frappe.set_user(self.s.staff)
		case = make_case(self.s.hall, self.s.matter, window=self.s.window)
		for materials in (["申请书"], ["申请书", "房产证"]):
			frappe.get_doc(
				{
					"doctype": "GH Supplement Notice",
					"case": case.name,
					"items": [{"material_name": m} for m in materials],
				}
			).insert()
			act(case.name, "Applicant Returned")
		frappe.set_user("Administrator")
		summary = run("GH One-Time Notification Violations", filters={"hall": self.s.hall})["result"]
		self.assertEqual(len(summary), 1)
		row = summary[0]
		self.assertEqual(
			(row["window"], row["issued_by"], row["notices"], row["violations"]),
			(self.s.window, self.s.staff, 2, 1),
		)
		self.assertEqual(row["violation_rate"], 50.0)
		detail = run("GH One-Time Notification Violations", filters={"hall": self.s.hall, "detail": 1})
		self.assertEqual([r["violation_items"] for r in detail["result"]], ["房产证"])
		self.assertEqual(detail["chart"]["data"]["labels"], [self.s.window])
		self.assertEqual(
			run("GH One-Time Notification Violations", filters={"hall": self.other.hall})["result"], []
		)

	def test_reversed_dates_are_refused(self):
		with self.assertRaises(frappe.ValidationError):
			run("GH On-Time Completion Rate", filters={"from_date": "2026-02-01", "to_date": "2026-01-01"})
