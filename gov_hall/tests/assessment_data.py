"""Assessment runs with given results, for the ranking reports, the honor roll and the briefings.

The run is saved through its controller, so final scores, activity shares and ranks are computed by
the app (gov_hall.assessment.run.finish) from the rows given; only the status is set directly."""

import frappe
from frappe.desk.query_report import run as run_report
from frappe.model.workflow import apply_workflow
from frappe.utils import getdate, nowdate

from gov_hall.api.assessment import compute_run
from gov_hall.assessment.scheme import DEFAULT_SCHEME, ensure_default_scheme, snapshot
from gov_hall.rules.periods import quarter_of
from gov_hall.setup.roles import CHIEF_REPRESENTATIVE, HALL_MANAGER
from gov_hall.tests.factories import GovHallTestCase, make_case, make_case_setup, make_user


def window_row(window: str, department: str, work: float, activity: float = 0.0, **values) -> dict:
	return {
		"window": window,
		"department": department,
		"work_points": work,
		"activity_points_raw": values.pop("activity_raw", activity),
		"activity_points": activity,
		"computed_score": round(work + activity, 4),
		"on_time_rate": values.pop("on_time_rate", 100.0),
		"eligible": values.pop("eligible", 1),
		**values,
	}


def staff_row(
	staff: str, name: str, department: str, window: str, performance: float, activity: float = 0.0, **values
) -> dict:
	return {
		"staff": staff,
		"staff_name": name,
		"department": department,
		"window": window,
		"ideology": values.pop("ideology", 20.0),
		"skills": values.pop("skills", 20.0),
		"attendance": values.pop("attendance", 20.0),
		"integrity": values.pop("integrity", 20.0),
		"performance": performance,
		"activity_points_raw": values.pop("activity_raw", activity),
		"activity_points": activity,
		"on_time_rate": values.pop("on_time_rate", 100.0),
		"eligible": values.pop("eligible", 1),
		**values,
	}


def make_run(hall: str, quarter: str, windows=(), staff=(), status: str = "Published", **scheme_values):
	"""A run of ``hall`` for ``quarter`` with the given result rows, then moved to ``status``."""
	ensure_default_scheme()
	scheme = frappe.get_doc("GH Assessment Scheme", DEFAULT_SCHEME)
	scheme.update(scheme_values)
	run = frappe.get_doc(
		{
			"doctype": "GH Assessment Run",
			"hall": hall,
			"quarter": quarter,
			"scheme": DEFAULT_SCHEME,
			"scheme_snapshot": snapshot(scheme),
			"window_results": list(windows),
			"staff_results": list(staff),
		}
	).insert()
	if status != run.status:
		frappe.db.set_value("GH Assessment Run", run.name, "status", status)
	return frappe.get_doc("GH Assessment Run", run.name)


def complete(case_name: str, staff: str):
	frappe.set_user(staff)
	for action in ("Accept", "Complete"):
		apply_workflow(frappe.get_doc("GH Case", case_name).as_dict(), action)
	frappe.set_user("Administrator")


class RankingTestCase(GovHallTestCase):
	report_name = ""

	"""Two windows with one staff member each: three completed cases at the first, one at the other.

	Windows: tier 3 (+2) and tier 5 (+1), all on time (+10), no ratings or inspections yet (the
	hall's 100%: +10 and +5), so work points 27 and 26. Staff: performance 20 and 14.6667 (a third of
	the top volume), the other dimensions 20 each, so 100 and 94.6667."""

	def setUp(self):
		self.s = make_case_setup()
		self.quarter = quarter_of(getdate(nowdate()))
		self.manager = make_user([HALL_MANAGER])
		self.chief = make_user([CHIEF_REPRESENTATIVE])
		for staff, window, count in (
			(self.s.staff, self.s.window, 3),
			(self.s.other_staff, self.s.other_window, 1),
		):
			for _ in range(count):
				frappe.set_user(staff)
				case = make_case(self.s.hall, self.s.matter, window=window)
				frappe.db.set_value("GH Case", case.name, "handler", staff)
				complete(case.name, staff)
		frappe.set_user(self.manager)
		run = frappe.get_doc(
			{"doctype": "GH Assessment Run", "hall": self.s.hall, "quarter": self.quarter}
		).insert()
		compute_run(run.name)
		self.run = run.name
		frappe.set_user("Administrator")

	def tearDown(self):
		frappe.set_user("Administrator")
		super().tearDown()

	def edit_run(self, table: str, key: str, changes: dict):
		"""Set result rows' figures for a scenario and save the run (ranks are recomputed on save).

		As Administrator: computed cells are derived, and the controlled-fields check puts back
		any a manager's form sends (gov_hall.access.controlled); the scenarios need other figures."""
		frappe.set_user("Administrator")
		doc = frappe.get_doc("GH Assessment Run", self.run)
		for row in doc.get(table):
			row.update(changes.get(row.get(key), {}))
		doc.save()
		frappe.set_user("Administrator")

	def publish(self):
		frappe.db.set_value("GH Assessment Run", self.run, "status", "Published")

	def report(self, user: str, **filters):
		frappe.set_user(user)
		try:
			return run_report(self.report_name, filters={"hall": self.s.hall, **filters})
		finally:
			frappe.set_user("Administrator")
