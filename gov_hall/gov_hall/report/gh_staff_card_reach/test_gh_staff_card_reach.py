"""亮牌评价投诉统计: ratings and complaints reached through staff cards, per staff member and department."""

import frappe
from frappe.desk.query_report import run
from frappe.utils import add_days, getdate, nowdate

from gov_hall.setup.roles import CHIEF_REPRESENTATIVE, WINDOW_STAFF
from gov_hall.tests.factories import (
	GovHallTestCase,
	complaint_act,
	make_case_setup,
	make_complaint,
	make_rating,
	make_staff,
	make_user,
)

REPORT = "GH Staff Card Reach"
execute = frappe.get_attr("gov_hall.gov_hall.report.gh_staff_card_reach.gh_staff_card_reach.execute")


def by_group(rows: list[dict]) -> dict:
	return {row["group"]: row for row in rows if not row.get("bold")}


def verify(name: str, result: str) -> None:
	manager = make_user(["Hall Manager"])
	chief = frappe.db.get_value("GH Complaint", name, "department")
	chief_user = make_user([CHIEF_REPRESENTATIVE])
	frappe.db.set_value("GH Stationed Department", chief, "chief_representative", chief_user)
	frappe.set_user(manager)
	complaint_act(name, "Assign", assigned_to=chief_user)
	frappe.set_user(chief_user)
	complaint_act(name, "Start Investigation")
	complaint_act(name, "Verify", verification_result=result)
	frappe.set_user("Administrator")


class TestStaffCardReach(GovHallTestCase):
	def setUp(self):
		s = self.s = make_case_setup()
		self.other = make_case_setup()
		card = {"window": s.window, "staff": s.staff, "via_card": s.staff}
		make_rating("Very Satisfied", **card)
		make_rating("Satisfied", **card)
		make_rating("Dissatisfied", **card)
		make_rating("Very Dissatisfied", window=s.other_window, staff=s.other_staff, via_card=s.other_staff)
		# not through a card: not counted
		make_rating("Very Dissatisfied", window=s.window, staff=s.staff)
		make_rating("Satisfied", window=self.other.window, via_card=self.other.staff)
		self.verified = make_complaint(s.hall, window=s.window, subject_type="Staff", via_card=s.staff).name
		make_complaint(s.hall, window=s.window, subject_type="Staff", via_card=s.staff)
		make_complaint(s.hall, window=s.window)  # not through a card
		verify(self.verified, "Substantiated")

	def tearDown(self):
		frappe.set_user("Administrator")
		super().tearDown()

	def test_per_staff_member(self):
		columns, rows, _message, chart, summary = execute({"hall": self.s.hall})
		self.assertEqual([c["fieldname"] for c in columns][:3], ["group", "staff_name", "department"])
		staff = by_group(rows)
		self.assertEqual(set(staff), {self.s.staff, self.s.other_staff})
		mine = staff[self.s.staff]
		self.assertEqual((mine["ratings"], mine["bad_reviews"], mine["satisfaction_rate"]), (3, 1, 66.67))
		self.assertEqual((mine["complaints"], mine["verified_complaints"]), (2, 1))
		self.assertEqual(mine["staff_name"], frappe.db.get_value("User", self.s.staff, "full_name"))
		self.assertEqual(mine["department"], self.s.department)
		other = staff[self.s.other_staff]
		self.assertEqual((other["ratings"], other["bad_reviews"], other["satisfaction_rate"]), (1, 1, 0.0))
		self.assertEqual(other["complaints"], 0)
		# the verified complaint first
		self.assertEqual(rows[0]["group"], self.s.staff)
		total = rows[-1]
		self.assertEqual((total["ratings"], total["bad_reviews"], total["complaints"]), (4, 2, 2))
		self.assertEqual(total["satisfaction_rate"], 50.0)
		cards = {card["label"]: card["value"] for card in summary}
		self.assertEqual(cards["Verified Complaints"], 1)
		self.assertEqual(len(chart["data"]["datasets"]), 3)

	def test_per_department_with_dates_and_window(self):
		rows = by_group(execute({"group_by": "Department"})[1])
		self.assertEqual(rows[self.s.department]["ratings"], 4)
		self.assertEqual(rows[self.other.department]["ratings"], 1)
		rows = by_group(execute({"group_by": "Department", "window": self.s.other_window})[1])
		self.assertEqual(rows[self.s.department]["ratings"], 1)
		tomorrow = add_days(getdate(nowdate()), 1)
		self.assertEqual(execute({"hall": self.s.hall, "from_date": tomorrow, "to_date": tomorrow})[1], [])

	def test_chief_representative_sees_only_their_department_and_staff_none(self):
		chief = make_user([CHIEF_REPRESENTATIVE])
		make_staff(self.other.department, self.other.window, user=chief)
		staff_only = make_user([WINDOW_STAFF])
		frappe.set_user(chief)
		rows = by_group(run(REPORT, filters={"group_by": "Department"})["result"])
		self.assertEqual(list(rows), [self.other.department])
		self.assertEqual(execute({"department": self.s.department})[1], [])
		frappe.set_user(staff_only)
		with self.assertRaises(frappe.PermissionError):
			run(REPORT, filters={})
