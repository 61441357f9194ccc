"""The composite indexes of gov_hall.setup.indexes exist on the site, in order, and the hall's
heavy queries use them."""

import frappe
from frappe.tests.utils import FrappeTestCase

from gov_hall.assessment.facts import Quarter, completed_cases_query
from gov_hall.patches.v0_2 import add_composite_indexes
from gov_hall.setup.indexes import INDEXES


def index_columns(doctype: str, index_name: str) -> list[str]:
	rows = frappe.db.sql(f"SHOW INDEX FROM `tab{doctype}` WHERE Key_name = %s", index_name, as_dict=True)
	return [row.Column_name for row in sorted(rows, key=lambda row: row.Seq_in_index)]


class TestCompositeIndexes(FrappeTestCase):
	def test_every_index_exists_with_its_columns_in_order(self):
		for doctype, by_name in INDEXES.items():
			for index_name, columns in by_name.items():
				self.assertEqual(index_columns(doctype, index_name), list(columns), index_name)

	def test_patch_is_idempotent(self):
		before = {doctype: len(frappe.db.sql(f"SHOW INDEX FROM `tab{doctype}`")) for doctype in INDEXES}
		add_composite_indexes.execute()
		add_composite_indexes.execute()
		after = {doctype: len(frappe.db.sql(f"SHOW INDEX FROM `tab{doctype}`")) for doctype in INDEXES}
		self.assertEqual(before, after)

	def test_dropped_index_is_added_back_by_the_patch(self):
		frappe.db.sql_ddl("ALTER TABLE `tabGH Supervision Card` DROP INDEX `gh_card_period`")
		self.assertEqual(index_columns("GH Supervision Card", "gh_card_period"), [])
		add_composite_indexes.execute()
		self.assertEqual(index_columns("GH Supervision Card", "gh_card_period"), ["hall", "card_date"])

	def test_quarter_cases_are_read_from_the_covering_index(self):
		query = completed_cases_query(Quarter("No Such Hall", "2026-Q1")).get_sql()
		plan = frappe.db.sql(f"EXPLAIN {query}", as_dict=True)
		self.assertEqual(plan[0].key, "gh_case_completed")
		self.assertIn("Using index", plan[0].Extra)
