"""交接用时 on the cases of gov_hall.tests.cross_hall_world (steps timed in one working week): median
and 90th percentile per stage counted by hand, open stages left out, a chief sees their own."""

import frappe
from frappe.desk.query_report import run

from gov_hall.setup.roles import HALL_MANAGER
from gov_hall.tests.cross_hall_world import make_report_world
from gov_hall.tests.factories import GovHallTestCase, make_user

REPORT = "GH Hand-over Times"
FIELDS = ("count", "average", "median", "p90", "longest")


class TestHandOverTimes(GovHallTestCase):
	def setUp(self):
		self.w = make_report_world()
		self.filters = {"from_date": "2026-11-16", "to_date": "2026-11-20"}

	def tearDown(self):
		frappe.set_user("Administrator")
		super().tearDown()

	def report(self, user: str, **filters):
		frappe.set_user(user)
		try:
			return run(REPORT, filters={**self.filters, **filters})
		finally:
			frappe.set_user("Administrator")

	def test_per_step(self):
		report = self.report(make_user([HALL_MANAGER]), hall=self.w.township)
		rows = {row["stage_key"]: tuple(row[f] for f in FIELDS) for row in report["result"]}
		self.assertEqual(
			rows,
			{
				# 6 hours, 24 hours, 12 hours
				"Transfer": (3, 0.58, 0.5, 0.9, 1.0),
				# Mon 15:00 to Wed 15:00; Tue 10:00 to Wed 10:00
				"County Review": (2, 1.5, 1.5, 1.9, 2.0),
				"Result Transfer": (1, 0.75, 0.75, 0.75, 0.75),
				"Issue": (1, 1.0, 1.0, 1.0, 1.0),
			},
		)
		self.assertEqual([row["stage_key"] for row in report["result"]], list(rows))  # in step order
		chart = report["chart"]["data"]
		self.assertEqual(chart["datasets"][0]["values"], [0.5, 1.5, 0.75, 1.0])
		# a stage ending after the range is left out: the first week's Monday alone
		rows = self.report(make_user([HALL_MANAGER]), hall=self.w.township, to_date="2026-11-16")["result"]
		self.assertEqual([(r["stage_key"], r["count"]) for r in rows], [("Transfer", 1)])

	def test_by_department_and_a_chief_sees_their_own(self):
		w = self.w
		rows = self.report(make_user([HALL_MANAGER]), group_by="Department", hall=w.township)["result"]
		self.assertEqual(
			{(r["group"], r["stage_key"]) for r in rows if r["stage_key"] == "Transfer"},
			{(w.county_department, "Transfer")},
		)
		rows = self.report(w.other_chief, hall=w.township)["result"]
		self.assertEqual(rows, [])  # the other department's case has taken no step
		rows = self.report(w.township_chief, hall=w.township)["result"]
		self.assertEqual({r["stage_key"]: r["count"] for r in rows}["Transfer"], 3)
