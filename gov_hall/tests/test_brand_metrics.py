"""A brand's commitments measured on real records of its department or windows (2025, a year
whose statutory calendar is known; March 2025 has no holidays).

The records are made through the factories and their figures (dates, results) then set directly:
the workflows stamp today's date, and the figures under test are the past year's.
"""

import datetime

import frappe

from gov_hall.brands.metrics import measure_brand, year_period
from gov_hall.tests.factories import (
	GovHallTestCase,
	make_case,
	make_case_setup,
	make_complaint,
	make_rating,
	unique,
)

D = datetime.date
YEAR = 2025
ALL_METRICS = [
	("On-Time Completion Rate", 80, 0),
	("Early Completion Rate", 60, 0),
	("Satisfaction Rate", 99, 0),
	("Bad Reviews Followed Up in Time", 50, 0),
	("Verified Complaints", 0, 0),
	("Red Cards", 2, 0),
	("One-Time Notification Violations", 1, 0),
]


def commitments(rows=ALL_METRICS) -> list[dict]:
	return [
		{"commitment": f"承诺{i}", "metric": metric, "target": target, "param": param}
		for i, (metric, target, param) in enumerate(rows)
	]


def by_metric(results: list[dict]) -> dict:
	return {row["metric"]: row for row in results}


class TestBrandMetrics(GovHallTestCase):
	def setUp(self):
		self.s = make_case_setup()
		self.other = make_case_setup()
		self.w1, self.w2, self.ow = self.s.window, self.s.other_window, self.other.window
		self.make_cases()
		self.make_ratings()
		self.make_complaints()
		self.make_cards()
		self.make_notices()

	# -- the world ---------------------------------------------------------------------------

	def case(self, setup, window, completed_on, due_date, on_time, limit=5, status="Completed"):
		doc = make_case(setup.hall, setup.matter, window=window)
		frappe.db.set_value(
			"GH Case",
			doc.name,
			{
				"status": status,
				"completed_on": f"{completed_on} 15:00:00" if completed_on else None,
				"due_date": due_date,
				"time_limit_days": limit,
				"completed_on_time": on_time,
			},
		)
		self.assertEqual(frappe.db.get_value("GH Case", doc.name, "department"), setup.department)
		return doc.name

	def make_cases(self):
		s, o = self.s, self.other
		self.case(s, self.w1, "2025-03-06", "2025-03-07", 1)  # Thu before a Friday due: 1 day early
		self.case(s, self.w1, "2025-03-05", "2025-03-07", 1)  # 2 working days early
		self.case(s, self.w2, "2025-03-07", "2025-03-10", 1)  # Fri before a Monday due: 1 working day
		self.case(s, self.w2, "2025-03-07", "2025-03-07", 1)  # on the due date: not early
		self.case(s, self.w1, "2025-03-11", "2025-03-07", 0)  # late
		self.case(s, self.w1, "2025-03-03", "2025-03-03", 1, limit=0)  # 即办件: not a promised case
		self.case(s, self.w1, "2024-12-31", "2025-01-03", 1)  # before the year
		self.case(s, self.w1, None, "2025-03-07", 0, status="In Process")
		self.case(o, self.ow, "2025-03-05", "2025-03-07", 1)  # another department
		self.case(o, self.ow, "2025-03-11", "2025-03-07", 0)

	def rating(self, level, window, staff, counts=1, handled_on=None, rect_status=None):
		doc = make_rating(level, window=window, staff=staff)
		frappe.db.set_value(
			"GH Service Rating", doc.name, {"rated_on": "2025-03-07 10:00:00", "counts_in_scores": counts}
		)
		rectification = frappe.db.get_value("GH Service Rating", doc.name, "rectification")
		if level in ("Dissatisfied", "Very Dissatisfied"):
			self.assertTrue(rectification, "a bad review opens a rectification")
			values = {"opened_on": "2025-03-07", "handled_on": handled_on}
			if rect_status:
				values["status"] = rect_status
			frappe.db.set_value("GH Rectification", rectification, values)
		return doc.name

	def make_ratings(self):
		s, o = self.s, self.other
		self.rating("Very Satisfied", self.w1, s.staff)
		self.rating("Satisfied", self.w1, s.staff)
		self.rating("Dissatisfied", self.w1, s.staff, handled_on="2025-03-10")  # next working day
		self.rating("Dissatisfied", self.w1, s.staff)  # never handled
		# taken out by an upheld appeal: neither in satisfaction nor followed up
		self.rating(
			"Very Dissatisfied", self.w1, s.staff, counts=0, handled_on=None, rect_status="Appeal Upheld"
		)
		self.rating("Satisfied", self.w1, s.staff, counts=0)
		self.rating("Basically Satisfied", self.w2, s.other_staff)
		self.rating("Very Satisfied", self.w2, s.other_staff)
		self.rating("Very Dissatisfied", self.w2, s.other_staff, handled_on="2025-03-11")  # 2 working days
		self.rating("Very Dissatisfied", self.ow, o.staff, handled_on="2025-03-07")
		self.rating("Very Dissatisfied", self.ow, o.staff)

	def complaint(self, setup, window, result, verified_on=None, received_on="2025-05-01 10:00:00"):
		doc = make_complaint(setup.hall, window=window)
		frappe.db.set_value(
			"GH Complaint",
			doc.name,
			{
				"department": setup.department,
				"verification_result": result,
				"verified_on": verified_on,
				"received_on": received_on,
			},
		)

	def make_complaints(self):
		s, o = self.s, self.other
		self.complaint(s, self.w1, "Substantiated", "2025-04-01")
		self.complaint(s, self.w2, "Partly Substantiated")  # not dated verified: by its receipt
		self.complaint(s, self.w1, "Unsubstantiated", "2025-04-01")
		self.complaint(s, self.w1, "Substantiated", "2024-12-30", received_on="2024-12-20 10:00:00")
		self.complaint(s, self.w1, None)  # not verified yet
		self.complaint(o, self.ow, "Substantiated", "2025-04-01")

	def insert_raw(self, doctype, prefix, **values):
		doc = frappe.get_doc({"doctype": doctype, **values})
		doc.name = unique(prefix)
		doc.db_insert()

	def card(self, setup, window, level, card_date):
		self.insert_raw(
			"GH Supervision Card",
			"CARD-T-",
			level=level,
			card_date=card_date,
			hall=setup.hall,
			department=setup.department,
			window=window,
		)

	def make_cards(self):
		s, o = self.s, self.other
		self.card(s, self.w1, "Red", "2025-03-10")
		self.card(s, self.w2, "Red", "2025-03-11")
		self.card(s, self.w1, "Yellow", "2025-03-10")
		self.card(s, self.w1, "Red", "2026-01-02")
		self.card(o, self.ow, "Red", "2025-03-10")

	def notice(self, setup, window, violation, status="Returned"):
		self.insert_raw(
			"GH Supplement Notice",
			"SN-T-",
			hall=setup.hall,
			department=setup.department,
			window=window,
			issued_on="2025-03-05 09:00:00",
			status=status,
			is_violation=violation,
		)

	def make_notices(self):
		s, o = self.s, self.other
		self.notice(s, self.w1, 1)
		self.notice(s, self.w1, 0)
		self.notice(s, self.w2, 1)
		self.notice(s, self.w2, 1, status="Cancelled")
		self.notice(o, self.ow, 1)

	def brand(self, rows=ALL_METRICS, **values) -> dict:
		return {
			"hall": self.s.hall,
			"department": self.s.department,
			"brand_for": "Department",
			"commitments": commitments(rows),
			**values,
		}

	def measure(self, brand, year=YEAR):
		return by_metric(measure_brand(brand, *year_period(year)))

	# -- the tests ---------------------------------------------------------------------------

	def test_department_brand_figures(self):
		results = self.measure(self.brand())
		actual = {metric: row["actual"] for metric, row in results.items()}
		self.assertEqual(
			actual,
			{
				# 5 of the 6 completed cases of the year on time (即办件 included)
				"On-Time Completion Rate": 83.33,
				# 3 of the 5 promised cases at least one working day early
				"Early Completion Rate": 60.0,
				# 4 good of 7 counted ratings (the two taken out left out)
				"Satisfaction Rate": 57.14,
				# 1 of 3 bad reviews handled within one working day (the upheld appeal left out)
				"Bad Reviews Followed Up in Time": 33.33,
				"Verified Complaints": 2,
				"Red Cards": 2,
				"One-Time Notification Violations": 2,
			},
		)
		kept = {metric: row["kept"] for metric, row in results.items()}
		self.assertEqual(
			kept,
			{
				"On-Time Completion Rate": True,
				"Early Completion Rate": True,
				"Satisfaction Rate": False,
				"Bad Reviews Followed Up in Time": False,
				"Verified Complaints": False,
				"Red Cards": True,
				"One-Time Notification Violations": False,
			},
		)
		self.assertTrue(all(row["measured"] == 1 for row in results.values()))
		self.assertEqual(results["Early Completion Rate"]["param"], 1.0)
		self.assertIsNone(results["Red Cards"]["param"])
		self.assertEqual(results["On-Time Completion Rate"]["detail"], "5 of 6 completed cases on time")
		self.assertEqual(
			results["One-Time Notification Violations"]["detail"], "2 violations in 3 supplement notices"
		)
		self.assertEqual(results["Satisfaction Rate"]["commitment"], "承诺2")

	def test_the_parameter_changes_the_figure(self):
		rows = [("Early Completion Rate", 20, 2), ("Bad Reviews Followed Up in Time", 60, 2)]
		results = self.measure(self.brand(rows))
		early, followed = results["Early Completion Rate"], results["Bad Reviews Followed Up in Time"]
		# only the case completed Wednesday for a Friday due date is two working days early
		self.assertEqual((early["param"], early["actual"], early["kept"]), (2.0, 20.0, True))
		self.assertEqual((followed["param"], followed["actual"], followed["kept"]), (2.0, 66.67, True))
		self.assertEqual(followed["detail"], "2 of 3 bad reviews handled within 2 working days")

	def test_window_brand_counts_only_its_windows(self):
		results = self.measure(self.brand(brand_for="Window", window=self.w1))
		actual = {metric: row["actual"] for metric, row in results.items()}
		self.assertEqual(
			actual,
			{
				"On-Time Completion Rate": 75.0,
				"Early Completion Rate": 66.67,
				"Satisfaction Rate": 50.0,
				"Bad Reviews Followed Up in Time": 50.0,
				"Verified Complaints": 1,
				"Red Cards": 1,
				"One-Time Notification Violations": 1,
			},
		)
		# the windows table adds the second window: the department's figures again
		both = self.brand(brand_for="Window", window=self.w1, windows=[{"window": self.w2}])
		self.assertEqual(
			{m: r["actual"] for m, r in self.measure(both).items()},
			{m: r["actual"] for m, r in self.measure(self.brand()).items()},
		)
		only_second = self.brand(brand_for="Window", windows=[self.w2])
		self.assertEqual(self.measure(only_second)["Red Cards"]["actual"], 1)

	def test_another_departments_records_do_not_count(self):
		other = {
			"hall": self.other.hall,
			"department": self.other.department,
			"brand_for": "Department",
			"commitments": commitments(),
		}
		actual = {metric: row["actual"] for metric, row in self.measure(other).items()}
		self.assertEqual(
			actual,
			{
				"On-Time Completion Rate": 50.0,
				"Early Completion Rate": 50.0,
				"Satisfaction Rate": 0.0,
				"Bad Reviews Followed Up in Time": 50.0,
				"Verified Complaints": 1,
				"Red Cards": 1,
				"One-Time Notification Violations": 1,
			},
		)
		# a window of another department under this department's brand counts nothing
		foreign = self.brand(brand_for="Window", window=self.ow)
		actual = {metric: row["actual"] for metric, row in self.measure(foreign).items()}
		self.assertEqual(actual["Red Cards"], 0)
		self.assertIsNone(actual["On-Time Completion Rate"])

	def test_a_year_without_records_and_unmeasurable_commitments(self):
		rows = [*ALL_METRICS, (None, 0, 0), ("", 95, 0)]
		results = measure_brand(self.brand(rows), *year_period(2023))
		self.assertEqual(len(results), 9)
		rates, counts, free = results[:4], results[4:7], results[7:]
		for row in rates:
			self.assertEqual((row["actual"], row["measured"], row["kept"]), (None, 0, None), row["metric"])
		for row in counts:
			self.assertEqual((row["actual"], row["measured"]), (0, 1), row["metric"])
		self.assertEqual([row["kept"] for row in counts], [True, True, True])
		for row in free:
			self.assertEqual((row["metric"], row["measured"], row["kept"]), (None, 0, None))
			self.assertEqual(row["detail"], "Not measurable")

	def test_year_period_and_bad_input(self):
		self.assertEqual(year_period(2025), (D(2025, 1, 1), D(2025, 12, 31)))
		self.assertEqual(year_period("2024"), (D(2024, 1, 1), D(2024, 12, 31)))
		for bad in (None, "", "twenty", 99999, 1066):
			with self.assertRaises(frappe.ValidationError):
				year_period(bad)
		with self.assertRaises(frappe.ValidationError):
			measure_brand(self.brand(), "2025-12-31", "2025-01-01")

	def test_details_translated(self):
		frappe.local.lang = "zh"
		results = self.measure(self.brand())
		self.assertEqual(results["Red Cards"]["detail"], "红牌2张")
		self.assertEqual(results["On-Time Completion Rate"]["detail"], "6件办结件中5件按时办结")

	def test_a_saved_brand_document_or_its_name(self):
		doc = frappe.get_doc(
			{
				"doctype": "GH Service Brand",
				"brand_name": "暖心窗口",
				"hall": self.s.hall,
				"department": self.s.department,
				"brand_for": "Window",
				"window": self.w1,
				"windows": [{"window": self.w2}],
				"concept": "群众满意是我们的追求",
				"commitments": [
					{"commitment": text, "metric": metric, "target": target, "param": param}
					for text, (metric, target, param) in zip(("甲", "乙", "丙"), ALL_METRICS[:3], strict=True)
				],
			}
		).insert()
		expected = [
			("甲", "On-Time Completion Rate", 83.33, True),
			("乙", "Early Completion Rate", 60.0, True),
			("丙", "Satisfaction Rate", 57.14, False),
		]
		for brand in (doc, doc.name):
			results = measure_brand(brand, *year_period(YEAR))
			self.assertEqual(
				[(r["commitment"], r["metric"], r["actual"], r["kept"]) for r in results], expected
			)
		# the window table alone: only the second window
		doc.window = self.w2
		doc.windows = []
		results = measure_brand(doc, *year_period(YEAR))
		# the second window: 2 cases both on time; one of them 1 working day early
		self.assertEqual([r["actual"] for r in results], [100.0, 50.0, 66.67])
