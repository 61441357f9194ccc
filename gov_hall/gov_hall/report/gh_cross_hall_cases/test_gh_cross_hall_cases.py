"""跨层级办件统计 on a county, its township and village point (gov_hall.tests.cross_hall_world): every
figure counted by hand; a chief representative sees their department's cases, receiving or handling."""

import frappe
from frappe.desk.query_report import run

from gov_hall.setup.roles import HALL_MANAGER
from gov_hall.tests.cross_hall_world import make_report_world
from gov_hall.tests.factories import GovHallTestCase, make_user
from gov_hall.utils.clock import nowdate

REPORT = "GH Cross-Hall Cases"
FIELDS = (
	"received",
	"open",
	"completed",
	"on_time",
	"on_time_rate",
	"average_days",
	"rejected",
	"late_transfer",
	"late_county_review",
)


def figures(row: dict) -> tuple:
	return tuple(row[field] for field in FIELDS)


class TestCrossHallCases(GovHallTestCase):
	def setUp(self):
		self.w = make_report_world()
		self.filters = {"from_date": "2026-11-01", "to_date": nowdate()}

	def tearDown(self):
		frappe.set_user("Administrator")
		super().tearDown()

	def report(self, user: str, **filters):
		frappe.set_user(user)
		try:
			return run(REPORT, filters={**self.filters, **filters})
		finally:
			frappe.set_user("Administrator")

	def test_by_receiving_hall_and_matter(self):
		w = self.w
		report = self.report(make_user([HALL_MANAGER]), hall=w.township)
		rows = [row for row in report["result"] if not row.get("bold")]
		by_matter = {row["matter"]: row for row in rows}
		self.assertEqual(set(by_matter), {w.matter, w.other_matter})
		self.assertEqual({row["hall"] for row in rows}, {w.township})
		# five cases of the first matter: three completed, one late (in the county review), two open;
		# 4 working days, 0, 0
		self.assertEqual(figures(by_matter[w.matter]), (5, 2, 3, 2, 66.67, 1.33, 0, 0, 1))
		self.assertEqual(figures(by_matter[w.other_matter]), (1, 1, 0, 0, None, None, 0, 0, 0))
		total = report["result"][-1]
		self.assertEqual(figures(total), (6, 3, 3, 2, 66.67, 1.33, 0, 0, 1))
		summary = {card["label"]: card["value"] for card in report["report_summary"]}
		self.assertEqual(
			(summary["Received"], summary["Completed"], summary["On-Time Rate %"]), (6, 3, 66.67)
		)
		self.assertEqual(report["chart"]["data"]["datasets"][0]["values"], [5, 1])
		# the village point's case is its own row; the county's own case is not cross-hall
		rows = self.report(make_user([HALL_MANAGER]), handling_hall=w.county, group_by="Receiving Hall")[
			"result"
		]
		by_hall = {row["hall"]: row["received"] for row in rows if not row.get("bold")}
		self.assertEqual(by_hall, {w.township: 6, w.village: 1})

	def test_a_chief_sees_their_department_on_either_side(self):
		w = self.w
		county = [r for r in self.report(w.county_chief, hall=w.township)["result"] if not r.get("bold")]
		self.assertEqual([(r["matter"], r["received"]) for r in county], [(w.matter, 5)])
		township = [r for r in self.report(w.township_chief, hall=w.township)["result"] if not r.get("bold")]
		self.assertEqual({r["matter"]: r["received"] for r in township}, {w.matter: 5, w.other_matter: 1})
		other = [r for r in self.report(w.other_chief, hall=w.township)["result"] if not r.get("bold")]
		self.assertEqual([(r["matter"], r["received"]) for r in other], [(w.other_matter, 1)])

	def test_unknown_grouping_is_refused(self):
		with self.assertRaises(frappe.ValidationError):
			self.report(make_user([HALL_MANAGER]), group_by="Window")
