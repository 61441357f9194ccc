"""差评整改 on the rectifications that bad reviews open, handled and followed up through the documents."""

import frappe
from frappe.desk.query_report import run
from frappe.utils import add_days, add_to_date, getdate, now_datetime, nowdate

from gov_hall.api.ratings import decide_appeal
from gov_hall.setup.roles import CHIEF_REPRESENTATIVE
from gov_hall.tests.factories import GovHallTestCase, make_case_setup, make_rating, make_staff, make_user

REPORT = "GH Bad Review Rectification"
execute = frappe.get_attr(
	"gov_hall.gov_hall.report.gh_bad_review_rectification.gh_bad_review_rectification.execute"
)
REAL_NAME = {"is_real_name": 1, "rater_name": "王五", "rater_mobile": "13912345678"}
COUNTS = [
	"bad_reviews",
	"handled",
	"handled_in_time",
	"follow_ups_required",
	"followed_up",
	"satisfied_with_fix",
	"open",
	"overdue",
	"appeal_upheld",
]


def by_group(rows: list[dict]) -> dict:
	return {row["group"]: row for row in rows if not row.get("bold")}


def counts(row: dict) -> list[int]:
	return [row[name] for name in COUNTS]


def rectification(rating) -> frappe.model.document.Document:
	return frappe.get_doc(
		"GH Rectification", frappe.db.get_value("GH Service Rating", rating.name, "rectification")
	)


def handle(rating, handling: str = "Rectified", **values):
	doc = rectification(rating)
	doc.update(
		{"verification": "Confirmed", "handling": handling, "handling_notes": "已整改并说明。", **values}
	)
	doc.save()
	return doc


class TestBadReviewRectification(GovHallTestCase):
	def setUp(self):
		self.s = make_case_setup()
		self.other = make_case_setup()
		self.today = getdate(nowdate())
		long_ago = add_to_date(now_datetime(), days=-60)
		at_window = {"window": self.s.window, "staff": self.s.staff}
		at_other = {"window": self.s.other_window, "staff": self.s.other_staff}
		# window: handled in time and followed up (satisfied); open, not yet due; taken out by appeal
		fixed = make_rating("Dissatisfied", **at_window, **REAL_NAME)
		handle(fixed)
		handle(fixed, follow_up_result="Satisfied", follow_up_notes="群众表示满意。")
		self.open_rating = make_rating("Very Dissatisfied", **at_window)
		appealed = make_rating("Very Dissatisfied", **at_window)
		appeal = frappe.get_doc(
			{
				"doctype": "GH Rating Appeal",
				"rating": appealed.name,
				"reason": "Malicious Review",
				"explanation": "该群众未在本窗口办理业务。",
			}
		).insert()
		decide_appeal(appeal.name, "Upheld", "核实属实。")
		# other window: handled late, an overdue open one, and one handled awaiting the follow-up call
		late = make_rating("Dissatisfied", rated_on=long_ago, **at_other)
		self.assertEqual(handle(late, "Explained").handled_in_time, 0)
		self.overdue = rectification(
			make_rating("Very Dissatisfied", rated_on=long_ago, **at_other, **REAL_NAME)
		)
		self.assertLess(getdate(self.overdue.due_date), self.today)
		waiting = handle(make_rating("Dissatisfied", **at_other, **REAL_NAME))
		self.assertEqual(waiting.status, "Awaiting Follow-up")
		make_rating("Dissatisfied", window=self.other.window, staff=self.other.staff)
		self.filters = {"hall": self.s.hall, "from_date": add_days(self.today, -90)}

	def tearDown(self):
		frappe.set_user("Administrator")
		super().tearDown()

	def test_by_department(self):
		report = run(REPORT, filters=self.filters)
		rows = by_group(report["result"])
		self.assertEqual(list(rows), [self.s.department])
		mine = rows[self.s.department]
		self.assertEqual(counts(mine), [6, 3, 2, 3, 1, 1, 2, 1, 1])
		# 3 handled of the 5 reviews that still count, 2 of them in time; 1 of 3 follow-ups made
		self.assertEqual(
			(mine["rectification_rate"], mine["on_time_rate"], mine["follow_up_rate"]), (60.0, 66.67, 33.33)
		)
		total = report["result"][-1]
		self.assertEqual(
			(total["group"], total["bad_reviews"], total["rectification_rate"]), ("'Total'", 6, 60.0)
		)
		chart = report["chart"]
		self.assertEqual(chart["data"]["labels"], [self.s.department])
		self.assertEqual(
			[(d["name"], d["values"]) for d in chart["data"]["datasets"]],
			[("Handled", [3]), ("Open Rectification", [2]), ("Overdue", [1])],
		)
		summary = {card["label"]: card["value"] for card in report["report_summary"]}
		self.assertEqual(
			(summary["Bad Reviews"], summary["Open Rectification"], summary["Overdue"]), (6, 2, 1)
		)
		self.assertEqual(summary["Rectification Rate %"], 60.0)
		frappe.as_json(report)

	def test_by_window_overdue_first(self):
		rows = execute({**self.filters, "group_by": "Window"})[1]
		self.assertEqual([r["group"] for r in rows], [self.s.other_window, self.s.window, "'Total'"])
		other, window = rows[0], rows[1]
		self.assertEqual(counts(other), [3, 2, 1, 2, 0, 0, 1, 1, 0])
		self.assertEqual(
			(other["rectification_rate"], other["on_time_rate"], other["follow_up_rate"]), (66.67, 50.0, 0.0)
		)
		self.assertEqual(counts(window), [3, 1, 1, 1, 1, 1, 1, 0, 1])
		self.assertEqual(
			(window["rectification_rate"], window["on_time_rate"], window["follow_up_rate"]),
			(50.0, 100.0, 100.0),
		)

	def test_only_overdue_lists_the_records(self):
		columns, rows, _message, chart, _summary = execute({**self.filters, "only_overdue": 1})
		self.assertEqual([c["fieldname"] for c in columns][0], "name")
		self.assertEqual(len(rows), 1)
		row = rows[0]
		self.assertEqual(
			(row["name"], row["level"], row["department"], row["window"], row["staff"]),
			(
				self.overdue.name,
				"Very Dissatisfied",
				self.s.department,
				self.s.other_window,
				self.s.other_staff,
			),
		)
		self.assertEqual(getdate(row["opened_on"]), add_days(self.today, -60))
		self.assertEqual(row["days_overdue"], (self.today - getdate(self.overdue.due_date)).days)
		self.assertEqual(chart["data"]["labels"], [self.s.department])
		frappe.as_json(rows)

	def test_dates_and_window_filter(self):
		# from today on, the two reviews of 60 days ago (the late one and the overdue one) drop out
		rows = by_group(execute({"hall": self.s.hall, "from_date": self.today})[1])
		self.assertEqual(counts(rows[self.s.department]), [4, 2, 2, 2, 1, 1, 1, 0, 1])
		rows = by_group(execute({**self.filters, "window": self.s.window})[1])
		self.assertEqual(rows[self.s.department]["bad_reviews"], 3)
		self.assertEqual(execute({**self.filters, "window": self.s.window, "only_overdue": 1})[1], [])
		tomorrow = add_days(self.today, 1)
		self.assertEqual(execute({"from_date": tomorrow, "to_date": tomorrow})[1], [])

	def test_chief_representative_sees_only_their_department(self):
		chief = make_user([CHIEF_REPRESENTATIVE])
		make_staff(self.other.department, self.other.window, user=chief)
		frappe.set_user(chief)
		rows = by_group(run(REPORT, filters={"from_date": add_days(self.today, -90)})["result"])
		self.assertEqual(list(rows), [self.other.department])
		self.assertEqual(counts(rows[self.other.department]), [1, 0, 0, 0, 0, 0, 1, 0, 0])
		self.assertEqual(execute({**self.filters, "only_overdue": 1})[1], [])
