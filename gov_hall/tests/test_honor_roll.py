"""光荣榜 as a guest: published honours only, and nothing personal beyond a name."""

import frappe
from frappe import _

from gov_hall.tests.assessment_data import make_run, staff_row, window_row
from gov_hall.tests.factories import make_case_setup, make_user
from gov_hall.tests.test_portal import PortalTestCase
from gov_hall.www.honor_roll import honor_roll

MOBILE = "13912345678"


class TestHonorRoll(PortalTestCase):
	def setUp(self):
		super().setUp()
		s = self.s = make_case_setup()
		frappe.db.set_value("GH Window Staff", s.staff, "mobile", MOBILE)
		self.numbers = {
			name: frappe.db.get_value("GH Service Window", name, "window_number")
			for name in (s.window, s.other_window)
		}
		self.drafter = make_user(first_name="赵草稿")
		make_run(
			s.hall,
			"2025-Q2",
			windows=[
				window_row(s.window, s.department, 27),
				window_row(s.other_window, s.department, 30, eligible=0, ineligible_reason="属实投诉"),
			],
			staff=[
				staff_row(s.staff, "王光荣", s.department, s.window, 20),
				staff_row(s.other_staff, "李先进", s.department, s.other_window, 15),
			],
		)
		make_run(
			s.hall,
			"2025-Q1",
			staff=[
				staff_row(s.staff, "王光荣", s.department, s.window, 18),
				staff_row(s.other_staff, "李先进", s.department, s.other_window, 19),
			],
		)
		make_run(
			s.hall,
			"2025-Q3",
			windows=[window_row(s.other_window, s.department, 40)],
			staff=[staff_row(self.drafter, "赵草稿", s.department, s.other_window, 20)],
			status="Approved",
		)
		self.other = make_case_setup()
		make_run(
			self.other.hall,
			"2024-Q4",
			staff=[staff_row(self.other.staff, "周别馆", self.other.department, self.other.window, 20)],
		)

	def test_published_honours_without_personal_data(self):
		status, html = self.page("/honor-roll")
		self.assertEqual(status, 200)
		headings = [
			_(text) for text in ("Honor Roll", "Red-Flag Windows", "Service Stars", "Advanced Workers")
		]
		for text in (
			*headings,
			self.s.hall,
			self.other.hall,
			"2025-Q2",
			"2025-Q1",
			"王光荣",
			"李先进",
			"周别馆",
			self.numbers[self.s.window] + " 测试窗口",
			self.s.department,
		):
			self.assertTrue(text in html, text)
		# newest quarter's section first (the year's honours above may name quarters in order)
		# (within this test's hall: other tests commit published runs of halls of their own)
		start = html.index(self.s.hall)
		self.assertLess(
			html.index(_("Quarter {0}").format("2025-Q2"), start),
			html.index(_("Quarter {0}").format("2025-Q1"), start),
		)
		# the draft (approved, not yet published) and the ineligible window never appear
		for text in ("赵草稿", "2025-Q3", "属实投诉"):
			self.assertFalse(text in html, text)
		# no user ids, emails or phone numbers; no scores
		for text in (self.s.staff, self.s.other_staff, self.drafter, MOBILE, "@test.example.com"):
			self.assertFalse(text in html, text)

	def test_one_hall(self):
		status, html = self.page("/honor-roll", hall=self.other.hall)
		self.assertEqual(status, 200)
		self.assertIn("周别馆", html)
		self.assertNotIn("王光荣", html)

	def test_honours_of_the_year(self):
		(hall,) = honor_roll(self.s.hall)
		(year,) = hall["years"]
		self.assertEqual(year["year"], "2025")
		self.assertEqual([q["quarter"] for q in year["quarters"]], ["2025-Q2", "2025-Q1"])
		q2 = year["quarters"][0]
		self.assertEqual(
			q2["windows"],
			[
				{
					"rank": 2,
					"window": self.numbers[self.s.window] + " 测试窗口",
					"department": self.s.department,
				}
			],
		)
		self.assertEqual([(r["rank"], r["staff_name"]) for r in q2["stars"]], [(1, "王光荣"), (2, "李先进")])
		self.assertNotIn("staff", q2["stars"][0])
		# 100 + 98 and 95 + 99: both stars in both quarters
		self.assertEqual(
			year["top_stars"],
			[
				{"rank": 1, "staff_name": "王光荣", "department": self.s.department},
				{"rank": 2, "staff_name": "李先进", "department": self.s.department},
			],
		)
		self.assertEqual(len(year["advanced_workers"]), 2)
		self.assertEqual(year["published_quarters"], 2)
