"""按时办结率 on cases moved through the real case workflow."""

import frappe
from frappe.desk.query_report import run
from frappe.model.workflow import apply_workflow
from frappe.utils import add_days, getdate, nowdate

from gov_hall.setup.roles import CHIEF_REPRESENTATIVE, WINDOW_STAFF
from gov_hall.tests.factories import GovHallTestCase, make_case, make_case_setup, make_staff, make_user
from gov_hall.utils.calendar import get_hall_calendar

REPORT = "GH On-Time Completion Rate"
execute = frappe.get_attr(
	"gov_hall.gov_hall.report.gh_on_time_completion_rate.gh_on_time_completion_rate.execute"
)


def act(name: str, action: str):
	return apply_workflow(frappe.get_doc("GH Case", name).as_dict(), action)


def completed_case(setup, window: str) -> str:
	case = make_case(setup.hall, setup.matter, window=window)
	act(case.name, "Accept")
	return act(case.name, "Complete").name


def by_group(rows: list[dict]) -> dict:
	return {row["group"]: row for row in rows if not row.get("bold")}


class TestOnTimeCompletionRate(GovHallTestCase):
	def setUp(self):
		self.s = make_case_setup(limit=5)
		self.other = make_case_setup(limit=5)
		self.today = getdate(nowdate())
		last_year = self.today.year - 1
		frappe.set_user(self.s.staff)
		self.a = [completed_case(self.s, self.s.window) for _ in range(4)]
		self.b = completed_case(self.s, self.s.other_window)
		# The workflow stamps completion "now" and the clock cannot be wound back, so a late
		# completion and a completion last year are made by setting the stored results directly.
		frappe.db.set_value("GH Case", self.a[0], "completed_on_time", 0)
		self.old_start = getdate(f"{last_year}-09-30")
		self.old_end = getdate(f"{last_year}-10-13")
		frappe.db.set_value(
			"GH Case",
			self.a[3],
			{"completed_on": f"{self.old_end} 16:00:00", "clock_start": self.old_start},
		)
		# an open case at the other window past its due date (due date set directly, as above)
		self.overdue = act(make_case(self.s.hall, self.s.matter, window=self.s.other_window).name, "Accept")
		frappe.db.set_value("GH Case", self.overdue.name, "due_date", add_days(self.today, -3))
		# a case waiting for the applicant: its clock is stopped, so a past due date is not overdue
		paused = act(make_case(self.s.hall, self.s.matter, window=self.s.window).name, "Accept")
		frappe.get_doc(
			{"doctype": "GH Supplement Notice", "case": paused.name, "items": [{"material_name": "申请书"}]}
		).insert()
		frappe.db.set_value("GH Case", paused.name, "due_date", add_days(self.today, -3))
		self.assertEqual(frappe.db.get_value("GH Case", paused.name, "is_paused"), 1)
		frappe.set_user(self.other.staff)
		self.elsewhere = completed_case(self.other, self.other.window)
		frappe.set_user("Administrator")

	def tearDown(self):
		frappe.set_user("Administrator")
		super().tearDown()

	def test_by_department_with_total_and_chart(self):
		report = run(REPORT, filters={"hall": self.s.hall}, ignore_prepared_report=True)
		rows = by_group(report["result"])
		self.assertEqual(list(rows), [self.s.department])
		mine = rows[self.s.department]
		self.assertEqual(
			(mine["completed"], mine["on_time"], mine["late"], mine["open_overdue"]), (4, 3, 1, 1)
		)
		self.assertEqual(mine["on_time_rate"], 75.0)
		# accepted and completed the same day: no working day used
		self.assertEqual(mine["avg_days_used"], 0.0)
		total = report["result"][-1]
		self.assertEqual(total["group"], "'Total'")
		self.assertEqual((total["completed"], total["on_time_rate"], total["open_overdue"]), (4, 75.0, 1))
		self.assertEqual(report["chart"]["data"]["labels"], [self.s.department])
		self.assertEqual(report["chart"]["data"]["datasets"][0]["values"], [75.0])
		self.assertEqual([c["fieldname"] for c in report["columns"]][0], "group")
		self.assertEqual(report["report_summary"][1]["value"], 75.0)
		frappe.as_json(report)  # what the desk receives must serialise

	def test_by_window_worst_first_and_window_filter(self):
		_columns, rows, _message, chart, _summary = execute({"hall": self.s.hall, "group_by": "Window"})
		self.assertEqual([r["group"] for r in rows], [self.s.window, self.s.other_window, "'Total'"])
		window, other_window = rows[0], rows[1]
		self.assertEqual((window["completed"], window["on_time"], window["on_time_rate"]), (3, 2, 66.7))
		self.assertEqual(window["open_overdue"], 0)
		self.assertEqual((other_window["completed"], other_window["on_time_rate"]), (1, 100.0))
		self.assertEqual(other_window["open_overdue"], 1)
		self.assertEqual(chart["data"]["labels"], [self.s.window, self.s.other_window])
		self.assertEqual(chart["data"]["datasets"][0]["values"], [66.7, 100.0])
		rows = execute({"group_by": "Window", "window": self.s.other_window})[1]
		self.assertEqual([r["group"] for r in rows], [self.s.other_window, "'Total'"])

	def test_by_matter_labels_the_chart_with_the_matter_name(self):
		_columns, rows, _message, chart, _summary = execute({"hall": self.s.hall, "group_by": "Matter"})
		self.assertEqual(rows[0]["group"], self.s.matter)
		self.assertEqual(rows[0]["completed"], 4)
		self.assertEqual(chart["data"]["labels"], ["测试事项"])

	def test_date_range_on_completion(self):
		last_year = {"hall": self.s.hall, "from_date": f"{self.today.year - 1}-01-01"}
		mine = by_group(execute(last_year)[1])[self.s.department]
		self.assertEqual((mine["completed"], mine["on_time"], mine["on_time_rate"]), (5, 4, 80.0))
		used = get_hall_calendar(self.s.hall).working_days_between(self.old_start, self.old_end)
		self.assertGreater(used, 0)
		self.assertEqual(mine["avg_days_used"], round(used / 5, 1))
		only_last_year = execute({**last_year, "to_date": self.old_end})[1]
		self.assertEqual(by_group(only_last_year)[self.s.department]["completed"], 1)
		with self.assertRaises(frappe.ValidationError):
			execute({"from_date": "2026-02-01", "to_date": "2026-01-01"})

	def test_other_halls_are_listed_without_the_hall_filter(self):
		rows = by_group(execute({})[1])
		self.assertEqual(rows[self.other.department]["completed"], 1)
		self.assertEqual(rows[self.other.department]["on_time_rate"], 100.0)
		self.assertNotIn(self.other.department, by_group(execute({"hall": self.s.hall})[1]))

	def test_runs_as_a_prepared_report_in_the_background(self):
		"""At a city hall's size a year of cases takes seconds: the desk gets a Prepared Report."""
		from frappe.core.doctype.prepared_report.prepared_report import generate_report, make_prepared_report

		filters = {"hall": self.s.hall}
		self.assertTrue(run(REPORT, filters=dict(filters)).get("prepared_report"))
		name = make_prepared_report(REPORT, filters=dict(filters))["name"]
		generate_report(name)  # the job the long queue would run
		self.assertEqual(frappe.db.get_value("Prepared Report", name, "status"), "Completed")
		prepared = run(REPORT, filters={**filters, "prepared_report_name": name})
		direct = run(REPORT, filters=dict(filters), ignore_prepared_report=True)
		self.assertEqual(by_group(prepared["result"]), by_group(direct["result"]))
		self.assertEqual(by_group(prepared["result"])[self.s.department]["completed"], 4)

	def test_chief_representative_sees_only_their_department_and_staff_none(self):
		chief = make_user([CHIEF_REPRESENTATIVE])
		make_staff(self.s.department, self.s.window, user=chief)
		staff_only = make_user([WINDOW_STAFF])
		frappe.set_user(chief)
		rows = by_group(run(REPORT, filters={}, ignore_prepared_report=True)["result"])
		self.assertEqual(list(rows), [self.s.department])
		self.assertEqual(by_group(execute({"department": self.other.department})[1]), {})
		frappe.set_user(staff_only)
		with self.assertRaises(frappe.PermissionError):
			run(REPORT, filters={}, ignore_prepared_report=True)
