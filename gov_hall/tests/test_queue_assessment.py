"""The assessment weight of waiting (issue 17) on a run computed from real cases and hand-made queue
tickets: each window's median wait over the tickets it called first that quarter; a scheme of weight
0 gives exactly the scores it gave before; a weighted scheme moves a slow window down; the weight is
part of the scheme's frozen settings and of the run's snapshot."""

import json

import frappe
from frappe.model.workflow import apply_workflow
from frappe.utils import add_days, getdate

from gov_hall.api.assessment import compute_run
from gov_hall.assessment.run import compute
from gov_hall.assessment.scheme import from_snapshot
from gov_hall.rules.periods import quarter_bounds, quarter_of
from gov_hall.setup.roles import HALL_MANAGER
from gov_hall.tests.factories import GovHallTestCase, make_case, make_case_setup, make_user
from gov_hall.tests.queue_report_data import make_ticket
from gov_hall.utils.clock import nowdate

QUEUE_FIELDS = ("queue_tickets", "median_wait_minutes")


def complete_case(hall: str, matter: str, window: str, staff: str) -> None:
	frappe.set_user(staff)
	case = make_case(hall, matter, window=window)
	frappe.db.set_value("GH Case", case.name, "handler", staff)
	for action in ("Accept", "Complete"):
		apply_workflow(frappe.get_doc("GH Case", case.name).as_dict(), action)
	frappe.set_user("Administrator")


def figures(run) -> dict:
	"""Each window's row without the queue's own two figures."""
	return {
		row.window: {
			key: value
			for key, value in row.as_dict(no_default_fields=True).items()
			if key not in QUEUE_FIELDS and key not in ("name", "idx")
		}
		for row in run.window_results
	}


class TestQueueAssessment(GovHallTestCase):
	def setUp(self):
		s = self.s = make_case_setup()
		self.today = getdate(nowdate())
		self.quarter = quarter_of(self.today)
		self.manager = make_user([HALL_MANAGER])
		# three completed cases at the first window, one at the other: 27 against 26 points
		for _ in range(3):
			complete_case(s.hall, s.matter, s.window, s.staff)
		complete_case(s.hall, s.matter, s.other_window, s.other_staff)
		self.day = quarter_bounds(self.quarter)[0]  # the quarter's first day: never in the future

	def tearDown(self):
		frappe.set_user("Administrator")
		super().tearDown()

	def add_tickets(self):
		s, day = self.s, self.day
		first = {"window": s.window, "staff": s.staff}
		other = {"window": s.other_window, "staff": s.other_staff}
		# the first window is slow: 30, 40, 50 minutes -> median 40
		for minute, wait in ((0, 30), (5, 40), (10, 50)):
			make_ticket(s.hall, s.department, f"{day} 09:{minute:02d}", wait, service_minutes=5, **first)
		# the other window: 5 and 10 minutes, and 12 for a ticket it called first and then transferred
		# to the first window: that wait is the other window's -> median of 5, 10, 12 is 10
		make_ticket(s.hall, s.department, f"{day} 10:00", 5, service_minutes=5, **other)
		make_ticket(s.hall, s.department, f"{day} 10:05", 10, status="No Show", **other)
		make_ticket(
			s.hall,
			s.department,
			f"{day} 10:10",
			12,
			service_minutes=5,
			transfers=1,
			first_window=s.other_window,
			**first,
		)
		# not counted: a ticket never called, and one of the quarter before
		make_ticket(s.hall, s.department, f"{day} 11:00", status="Cancelled")
		make_ticket(s.hall, s.department, f"{add_days(day, -1)} 09:00", 300, service_minutes=5, **first)

	def computed(self):
		run = frappe.get_doc({"doctype": "GH Assessment Run", "hall": self.s.hall, "quarter": self.quarter})
		compute(run)
		return run

	def weighted_scheme(self, weight: float = 0.1, target: float = 15) -> str:
		return (
			frappe.get_doc(
				{
					"doctype": "GH Assessment Scheme",
					"scheme_name": frappe.generate_hash(length=8),
					"valid_from_quarter": self.quarter,
					"median_wait_weight": weight,
					"wait_target_minutes": target,
				}
			)
			.insert()
			.name
		)

	def test_weight_zero_gives_exactly_the_old_scores(self):
		before = self.computed()
		self.add_tickets()
		after = self.computed()
		self.assertEqual(after.scheme, "Default Scheme")
		self.assertEqual(figures(after), figures(before))
		rows = {row.window: row for row in after.window_results}
		first, other = rows[self.s.window], rows[self.s.other_window]
		self.assertEqual((first.queue_tickets, first.median_wait_minutes, first.wait_points), (3, 40.0, 0.0))
		self.assertEqual((other.queue_tickets, other.median_wait_minutes, other.wait_points), (3, 10.0, 0.0))
		self.assertEqual((first.final_score, first.rank, other.final_score, other.rank), (27.0, 1, 26.0, 2))
		self.assertEqual(
			{row.window: row.median_wait_minutes for row in before.window_results}.get(self.s.window), None
		)

	def test_a_weighted_scheme_moves_the_slow_window_down(self):
		self.add_tickets()
		scheme = self.weighted_scheme(weight=0.1, target=15)
		frappe.set_user(self.manager)
		run = frappe.get_doc(
			{"doctype": "GH Assessment Run", "hall": self.s.hall, "quarter": self.quarter}
		).insert()
		compute_run(run.name)
		run.reload()
		self.assertEqual(run.scheme, scheme)
		rows = {row.window: row for row in run.window_results}
		first, other = rows[self.s.window], rows[self.s.other_window]
		# 40 - 15 = 25 minutes over at 0.1 a minute: 2.5 points off 27
		self.assertEqual((first.median_wait_minutes, first.wait_points), (40.0, -2.5))
		self.assertEqual((first.work_points, first.final_score, first.rank), (24.5, 24.5, 2))
		# within the target: nothing off
		self.assertEqual(
			(other.wait_points, other.final_score, other.rank, other.is_red_flag), (0.0, 26.0, 1, 1)
		)
		snapshot = json.loads(run.scheme_snapshot)
		self.assertEqual((snapshot["median_wait_weight"], snapshot["wait_target_minutes"]), (0.1, 15.0))
		# a run computed before the weight existed kept a snapshot without it: no weight
		del snapshot["median_wait_weight"], snapshot["wait_target_minutes"]
		self.assertEqual(from_snapshot(json.dumps(snapshot)).median_wait_weight, 0.0)
		# the queue's figures are the computation's (derived): what a manager sends is put back
		run.reload()
		row = next(r for r in run.window_results if r.window == self.s.window)
		row.update({"queue_tickets": 1, "median_wait_minutes": 3, "wait_points": 0})
		run.save()
		run.reload()
		row = next(r for r in run.window_results if r.window == self.s.window)
		self.assertEqual((row.queue_tickets, row.median_wait_minutes, row.wait_points), (3, 40.0, -2.5))
		self.assertEqual(row.final_score, 24.5)

	def test_the_weight_is_frozen_with_a_scheme_in_use_and_cannot_be_negative(self):
		scheme = frappe.get_doc("GH Assessment Scheme", self.weighted_scheme())
		frappe.db.set_value("GH Assessment Scheme", scheme.name, "in_use", 1)
		for field, value in (("median_wait_weight", 0.5), ("wait_target_minutes", 10)):
			doc = frappe.get_doc("GH Assessment Scheme", scheme.name)
			doc.set(field, value)
			with self.subTest(field=field), self.assertRaises(frappe.ValidationError):
				doc.save()
		doc = frappe.get_doc("GH Assessment Scheme", scheme.name)
		doc.is_active = 0  # retiring it is still allowed
		doc.save()
		frappe.local.lang = "zh"
		for field in ("median_wait_weight", "wait_target_minutes"):
			with self.subTest(field=field), self.assertRaises(frappe.ValidationError) as raised:
				frappe.get_doc(
					{
						"doctype": "GH Assessment Scheme",
						"scheme_name": frappe.generate_hash(length=8),
						"valid_from_quarter": self.quarter,
						field: -1,
					}
				).insert()
			self.assertIn("不能为负数", str(raised.exception))

	def test_the_red_flag_report_shows_the_wait(self):
		from gov_hall.gov_hall.report.gh_red_flag_windows.gh_red_flag_windows import execute

		self.add_tickets()
		self.weighted_scheme(weight=0.1)
		frappe.set_user(self.manager)
		run = frappe.get_doc(
			{"doctype": "GH Assessment Run", "hall": self.s.hall, "quarter": self.quarter}
		).insert()
		compute_run(run.name)
		rows = execute({"hall": self.s.hall, "quarter": self.quarter, "include_unpublished": 1})[1]
		shown = {
			row["window"]: (row["queue_tickets"], row["median_wait_minutes"], row["wait_points"])
			for row in rows
		}
		self.assertEqual(shown, {self.s.window: (3, 40.0, -2.5), self.s.other_window: (3, 10.0, 0.0)})
