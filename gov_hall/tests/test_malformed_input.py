"""Malformed input to the app's whitelisted functions is refused with a clear message
(frappe.ValidationError or frappe.PermissionError), never a server error: the app-code 500s that
scripts/hostile-requests found."""

import frappe

from gov_hall.access import endpoints
from gov_hall.api.ratings import rating_link
from gov_hall.assessment.rankings import check_quarter, find_run
from gov_hall.setup.roles import HALL_MANAGER
from gov_hall.tests.factories import GovHallTestCase, make_user
from gov_hall.utils.report_filters import date_range, plain_filters

REFUSED = (frappe.ValidationError, frappe.PermissionError)
ODD_VALUES = (1, -1, 1.5, True, [], ["a"], {"a": 1})
SQL_FILTERS = (
	"1=1",
	"`tabGH Case`.`id_number` like '1101%'",
	"(select mobile from `tabGH Case` limit 1) like '1%'",
	'["name", "like", "%"]',
	"not json {",
	" ",
	"{{7*7}}",
)
REPORTS = (
	"gh_bad_review_rectification",
	"gh_complaint_analysis",
	"gh_inspection_scores",
	"gh_service_satisfaction",
)


class TestMalformedInput(GovHallTestCase):
	def setUp(self):
		super().setUp()
		frappe.set_user(make_user([HALL_MANAGER]))

	def tearDown(self):
		frappe.set_user("Administrator")
		super().tearDown()

	def assertRefused(self, fn, *args, **kwargs):
		with self.assertRaises(REFUSED, msg=f"{fn.__name__} {args} {kwargs}"):
			fn(*args, **kwargs)

	def test_report_dates(self):
		for value in ("abc", "2026-13-45", 1, 1.5, True, ["a"], {"a": 1}):
			for key in ("from_date", "to_date"):
				self.assertRefused(date_range, {key: value})
		self.assertEqual(
			[str(d) for d in date_range({"from_date": "2026-01-01", "to_date": "2026-02-01"})],
			["2026-01-01", "2026-02-01"],
		)

	def test_report_filters(self):
		for value in ([], ["a"], {"a": 1}):
			self.assertRefused(plain_filters, {"hall": value})
		self.assertEqual(plain_filters({"hall": "H", "only_overdue": 1}).hall, "H")
		for name in REPORTS:
			execute = frappe.get_attr(f"gov_hall.gov_hall.report.{name}.{name}.execute")
			for value in ([], ["a"], {"a": 1}):
				self.assertRefused(execute, {"hall": value, "from_date": value, "to_date": value})
			for value in (1, -1, 1.5, True):
				self.assertRefused(execute, {"hall": value, "from_date": value, "to_date": value})

	def test_get_count_refuses_sql(self):
		for filters in SQL_FILTERS:
			self.assertRefused(endpoints.get_count, "GH Case", filters)
		self.assertRefused(endpoints.get_count, "GH Service Rating", '[["id_number", "like", "11%"]]')
		self.assertRefused(endpoints.get_count, "GH Service Rating", '{"mobile": ["like", "138%"]}')
		for value in ODD_VALUES:
			self.assertRefused(endpoints.get_count, value)
		self.assertIsInstance(endpoints.get_count("GH Case", '{"name": "x"}'), int)

	def test_group_by_count_refuses_sql(self):
		for filters in SQL_FILTERS:
			for field in ("status", "assigned_to"):
				self.assertRefused(endpoints.get_group_by_count, "GH Case", filters, field)
		for value in ODD_VALUES:
			self.assertRefused(endpoints.get_group_by_count, "GH Case", "[]", value)
		self.assertRefused(endpoints.get_group_by_count, "GH Case", "[]", "no_such_field")
		self.assertIsInstance(endpoints.get_group_by_count("GH Case", "[]", "status"), list)

	def test_get_and_linked_with(self):
		for value in ODD_VALUES:
			self.assertRefused(endpoints.get, "GH Case", name=value, filters=value)
			self.assertRefused(endpoints.get, value, name="x")
			self.assertRefused(endpoints.linked_with, value, value)
			self.assertRefused(endpoints.linked_with, "GH Case", value)
			self.assertRefused(endpoints.submitted_linked_docs, value, value)
		self.assertRefused(endpoints.get, "GH Case", filters={"a": 1})
		self.assertRefused(endpoints.get, "GH Case", filters="1=1")
		self.assertRefused(endpoints.linked_with, "No Such Doctype", "x")

	def test_search_link(self):
		for filters in (
			'[["id_number", "like", "11%"]]',
			'{"mobile": ["like", "138%"]}',
			'[["GH Case", "mobile", "like", "138%"]]',
			"1=1",
		):
			self.assertRefused(endpoints.search_link, "GH Service Hall", "", filters=filters)
		for value in ODD_VALUES:
			self.assertRefused(endpoints.search_link, value, "")

	def test_rankings(self):
		for value in (1, -1, 1.5, True, ["a"], {"a": 1}):
			self.assertRefused(check_quarter, value)
			self.assertRefused(find_run, hall=value)
		self.assertEqual(check_quarter(" 2026-q1 "), "2026-Q1")
		self.assertIsNone(check_quarter(None))

	def test_rating_link(self):
		for value in ({"a": 1}, ["a"], 1, None, ""):
			self.assertRefused(rating_link, value)

	def test_chart_refresh(self):
		from frappe.desk.doctype.dashboard_chart.dashboard_chart import get

		from gov_hall.access import query_guard

		query_guard.install()  # hooked to before_request, not run in tests
		if not frappe.db.exists("Dashboard Chart", "GH Ratings by Level"):
			self.skipTest("chart not installed")
		try:
			get(chart_name="GH Ratings by Level", refresh=1)
		except REFUSED:
			pass
