"""文化活动参与面 on activities recorded through the document API, figures checked by hand."""

import frappe
from frappe.desk.query_report import run

from gov_hall.setup.roles import CHIEF_REPRESENTATIVE, HALL_MANAGER
from gov_hall.tests.factories import (
	GovHallTestCase,
	make_case_setup,
	make_department,
	make_staff,
	make_user,
	make_window,
)

REPORT = "GH Activity Participation"
execute = frappe.get_attr(
	"gov_hall.gov_hall.report.gh_activity_participation.gh_activity_participation.execute"
)
Q2 = {"from_date": "2026-04-01", "to_date": "2026-06-30"}


def activity(hall: str, day: str, status: str = "Held", **values):
	return frappe.get_doc(
		{
			"doctype": "GH Culture Activity",
			"title": values.pop("title", "主题活动"),
			"activity_type": values.pop("activity_type", "Themed Gathering"),
			"hall": hall,
			"starts_on": f"{day} 15:00:00",
			"ends_on": f"{day} 17:00:00",
			"status": status,
			**values,
		}
	).insert()


def staff_award(staff: str, points: float, name: str = "一等奖") -> dict:
	return {"award_name": name, "recipient_type": "Staff", "staff": staff, "points": points}


class TestActivityParticipation(GovHallTestCase):
	def setUp(self):
		s = self.s = make_case_setup()  # department 1: staff a (window 1), b (window 2)
		self.d2 = make_department(s.hall).name
		self.w3 = make_window(s.hall, self.d2).name
		self.c = make_staff(self.d2, self.w3).user
		self.d = make_staff(self.d2, self.w3).user
		self.left = make_staff(self.d2, self.w3, on_site_to="2026-03-31").user  # left before Q2
		make_staff(self.d2, self.w3, on_site_from="2026-07-01")  # arrived after Q2
		self.manager = make_user([HALL_MANAGER])  # takes part, but is not window staff
		a, b = s.staff, s.other_staff
		self.a1 = activity(
			s.hall,
			"2026-05-13",
			organiser_type="Window",
			organiser_window=s.window,
			windows=[{"window": s.window}, {"window": self.w3}],
			participants=[{"staff": a}, {"staff": b}, {"staff": self.c}],
			awards=[
				staff_award(a, 1),
				{"award_name": "优秀组织奖", "recipient_type": "Window", "window": s.window, "points": 2},
			],
		)
		self.a2 = activity(
			s.hall,
			"2026-05-29",
			activity_type="Speech Contest",
			participants=[{"staff": a}, {"staff": self.c}, {"staff": self.manager}],
			awards=[staff_award(a, 1), staff_award(self.c, 0.5, "二等奖")],
		)
		# not counted: planned, cancelled, outside the period, another hall
		activity(s.hall, "2026-06-10", status="Planned", participants=[{"staff": self.d}])
		activity(s.hall, "2026-06-12", status="Cancelled", participants=[{"staff": self.d}])
		activity(
			s.hall,
			"2026-03-27",
			participants=[{"staff": self.d}, {"staff": self.left}],
			awards=[staff_award(self.d, 1)],
		)
		other = make_case_setup()
		activity(
			other.hall,
			"2026-05-13",
			participants=[{"staff": other.staff}],
			awards=[staff_award(other.staff, 1)],
		)

	def tearDown(self):
		frappe.set_user("Administrator")
		super().tearDown()

	def test_the_quarter(self):
		report = run(REPORT, filters={"hall": self.s.hall, **Q2})
		rows = report["result"]
		self.assertEqual([r["department"] for r in rows], [self.s.department, self.d2, "", "'Total'"])
		fields = [
			"staff_on_site",
			"participants",
			"on_site_participants",
			"participation_rate",
			"winners",
			"awards",
			"points",
		]
		self.assertEqual(
			[tuple(r[f] for f in fields) for r in rows],
			[
				(2, 2, 2, 100.0, 1, 3, 4.0),  # a, b; a won twice, window 1 once
				(2, 1, 1, 50.0, 1, 1, 0.5),  # c and d on site, c took part and won
				(0, 1, 0, None, 0, 0, 0.0),  # the manager
				(4, 4, 3, 75.0, 2, 4, 4.5),
			],
		)
		summary = {card["label"]: card["value"] for card in report["report_summary"]}
		# staff awards per participant: a 2, b 0, c 1, manager 0
		self.assertEqual(
			summary,
			{
				"Activities Held": 2,
				"Participants": 4,
				"Participation Rate %": 75.0,
				"Winners": 2,
				"Awards Given": 4,
				"Awards Won by the Top 10% of Winners %": 66.67,
				"Gini Coefficient of Staff Awards": 0.5833,
			},
		)
		self.assertEqual(report["chart"]["data"]["labels"], [self.s.department, self.d2])
		self.assertEqual(report["chart"]["data"]["datasets"][0]["values"], [100.0, 50.0])
		frappe.as_json(report)

	def test_department_filter_and_year(self):
		columns, rows, _message, _chart, cards = execute({"hall": self.s.hall, "department": self.d2, **Q2})
		self.assertEqual(columns[0]["fieldname"], "department")
		self.assertEqual(
			[(r["department"], r["staff_on_site"], r["participants"], r["participation_rate"]) for r in rows],
			[(self.d2, 2, 1, 50.0), ("'Total'", 2, 1, 50.0)],
		)
		summary = {card["label"]: card["value"] for card in cards}
		# both activities: the department's window took part in the first, c in both
		self.assertEqual(summary["Activities Held"], 2)
		self.assertEqual((summary["Winners"], summary["Awards Given"]), (1, 1))
		self.assertEqual(summary["Gini Coefficient of Staff Awards"], 0.0)
		# the year so far: the March contest too; the one who left in March and the one who came in
		# July were on site part of the year
		cards = execute({"hall": self.s.hall, "from_date": "2026-01-01", "to_date": "2026-11-23"})[4]
		summary = {card["label"]: card["value"] for card in cards}
		self.assertEqual((summary["Activities Held"], summary["Participants"]), (3, 6))
		self.assertEqual(summary["Participation Rate %"], 83.33)  # a, b, c, d, left of 6 on site

	def test_nothing_held(self):
		columns, rows, _message, chart, cards = execute(
			{"hall": self.s.hall, "from_date": "2025-01-01", "to_date": "2025-03-31"}
		)
		summary = {card["label"]: card["value"] for card in cards}
		self.assertEqual(
			(summary["Activities Held"], summary["Participants"], summary["Awards Given"]), (0, 0, 0)
		)
		self.assertEqual(summary["Gini Coefficient of Staff Awards"], 0.0)
		# staff on site, none took part
		self.assertEqual([(r["staff_on_site"], r["participation_rate"]) for r in rows][-1], (5, 0.0))
		with self.assertRaises(frappe.ValidationError):
			execute({"from_date": "2026-06-30", "to_date": "2026-04-01"})

	def test_chief_representative_sees_their_department(self):
		chief = make_user([CHIEF_REPRESENTATIVE])
		make_staff(self.d2, self.w3, user=chief)
		frappe.set_user(chief)
		rows = run(REPORT, filters={"hall": self.s.hall, **Q2})["result"]
		# the chief is on site in the department too: c of c, d and the chief took part
		self.assertEqual(
			[(r["department"], r["staff_on_site"], r["participants"], r["participation_rate"]) for r in rows],
			[(self.d2, 3, 1, 33.33), ("'Total'", 3, 1, 33.33)],
		)
		self.assertEqual(execute({"hall": self.s.hall, "department": self.s.department, **Q2})[1], [])
