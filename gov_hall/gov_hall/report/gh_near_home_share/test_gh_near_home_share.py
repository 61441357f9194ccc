"""就近办理占比 on gov_hall.tests.cross_hall_world: the county matters' cases received at the county, the
township and the village point, per matter and per receiving hall; a chief sees their own."""

import frappe
from frappe.desk.query_report import run

from gov_hall.setup.roles import HALL_MANAGER
from gov_hall.tests.cross_hall_world import make_report_world
from gov_hall.tests.factories import GovHallTestCase, make_user
from gov_hall.utils.clock import nowdate

REPORT = "GH Near-Home Share"
FIELDS = ("cases", "at_county", "at_township", "at_village", "near_home", "share")


class TestNearHomeShare(GovHallTestCase):
	def setUp(self):
		self.w = make_report_world()
		self.filters = {"county": self.w.county, "from_date": "2026-11-01", "to_date": nowdate()}

	def tearDown(self):
		frappe.set_user("Administrator")
		super().tearDown()

	def report(self, user: str, **filters):
		frappe.set_user(user)
		try:
			return run(REPORT, filters={**self.filters, **filters})
		finally:
			frappe.set_user("Administrator")

	def test_per_matter_and_per_hall(self):
		w = self.w
		report = self.report(make_user([HALL_MANAGER]))
		rows = {
			row["group"]: tuple(row[f] for f in FIELDS) for row in report["result"] if not row.get("bold")
		}
		self.assertEqual(
			rows,
			{
				# one at the county, five at the township, one at the village point
				w.matter: (7, 1, 5, 1, 6, 85.71),
				w.other_matter: (1, 0, 1, 0, 1, 100.0),
			},
		)
		total = report["result"][-1]
		self.assertEqual(tuple(total[f] for f in FIELDS), (8, 1, 6, 1, 7, 87.5))
		summary = {card["label"]: card["value"] for card in report["report_summary"]}
		self.assertEqual((summary["Cases of County Matters"], summary["Near-Home Share %"]), (8, 87.5))
		rows = self.report(make_user([HALL_MANAGER]), group_by="Receiving Hall")["result"]
		by_hall = {row["group"]: (row["cases"], row["share"]) for row in rows if not row.get("bold")}
		self.assertEqual(by_hall, {w.township: (6, 75.0), w.county: (1, 12.5), w.village: (1, 12.5)})
		# a matter not extended counts nowhere near home: filtered by its level
		rows = self.report(make_user([HALL_MANAGER]), handling_level="County Only")["result"]
		self.assertEqual(rows, [])

	def test_a_chief_sees_their_department_on_either_side(self):
		w = self.w
		rows = self.report(w.township_chief)["result"]
		mine = {row["group"]: tuple(row[f] for f in FIELDS) for row in rows if not row.get("bold")}
		# the township's own window received these; the county's and the village's cases are not its
		self.assertEqual(mine, {w.matter: (5, 0, 5, 0, 5, 100.0), w.other_matter: (1, 0, 1, 0, 1, 100.0)})
		rows = self.report(w.other_chief)["result"]
		self.assertEqual([row["group"] for row in rows if not row.get("bold")], [w.other_matter])
