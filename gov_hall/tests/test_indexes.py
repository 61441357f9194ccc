"""The composite indexes of gov_hall.setup.indexes exist on the site, in order, and the hall's
heavy queries use them."""

import frappe
from frappe.tests.utils import FrappeTestCase

from gov_hall.assessment.facts import Quarter, cards_query, completed_cases_query, ratings_query
from gov_hall.patches.v0_2 import add_composite_indexes
from gov_hall.setup.indexes import INDEXES, QUARTER_COLUMNS, add_indexes
from gov_hall.setup.install import after_migrate


def index_columns(doctype: str, index_name: str) -> list[str]:
	rows = frappe.db.sql(f"SHOW INDEX FROM `tab{doctype}` WHERE Key_name = %s", index_name, as_dict=True)
	return [row.Column_name for row in sorted(rows, key=lambda row: row.Seq_in_index)]


class TestCompositeIndexes(FrappeTestCase):
	def test_every_index_exists_with_its_columns_in_order(self):
		for doctype, by_name in INDEXES.items():
			for index_name, columns in by_name.items():
				self.assertEqual(index_columns(doctype, index_name), list(columns), index_name)

	def test_patch_and_migrate_are_idempotent(self):
		before = {doctype: len(frappe.db.sql(f"SHOW INDEX FROM `tab{doctype}`")) for doctype in INDEXES}
		add_composite_indexes.execute()
		after_migrate()
		after_migrate()
		after = {doctype: len(frappe.db.sql(f"SHOW INDEX FROM `tab{doctype}`")) for doctype in INDEXES}
		self.assertEqual(before, after)

	def test_dropped_index_is_added_back_by_the_patch(self):
		frappe.db.sql_ddl("ALTER TABLE `tabGH Supervision Card` DROP INDEX `gh_card_period`")
		self.assertEqual(index_columns("GH Supervision Card", "gh_card_period"), [])
		add_composite_indexes.execute()
		self.assertEqual(index_columns("GH Supervision Card", "gh_card_period"), ["hall", "card_date"])

	def test_quarter_facts_are_read_from_the_index_alone_in_group_order(self):
		quarter = Quarter("No Such Hall", "2026-Q1")
		for query, index_name in (
			(completed_cases_query(quarter), "gh_case_quarter"),
			(ratings_query(quarter), "gh_rating_quarter"),
			(cards_query(quarter), "gh_card_quarter"),
		):
			plan = frappe.db.sql(f"EXPLAIN {query.get_sql()}", as_dict=True)
			self.assertEqual(plan[0].key, index_name)
			self.assertIn("Using index", plan[0].Extra)
			self.assertNotIn("Using temporary", plan[0].Extra)  # no grouping table: index order

	def test_quarter_columns_are_generated_by_the_database(self):
		for doctype, by_column in QUARTER_COLUMNS.items():
			for column, date_column in by_column.items():
				row = frappe.db.sql(
					"""select extra, generation_expression from information_schema.columns
					where table_schema = database() and table_name = %s and column_name = %s""",
					(f"tab{doctype}", column),
					as_dict=True,
				)
				self.assertEqual(len(row), 1, column)
				self.assertIn("VIRTUAL GENERATED", row[0].extra.upper())
				self.assertIn(date_column, row[0].generation_expression)

	def test_a_dropped_quarter_column_falls_back_to_dates_and_migrate_adds_it_back(self):
		# what `bench trim-tables` does to a column that is not a doctype field
		frappe.db.sql_ddl("ALTER TABLE `tabGH Supervision Card` DROP COLUMN `card_quarter`")
		frappe.cache.hdel("table_columns", "tabGH Supervision Card")
		try:
			query = cards_query(Quarter("No Such Hall", "2026-Q1"))
			self.assertIn("`card_date` BETWEEN '2026-01-01' AND '2026-03-31'", query.get_sql())
			self.assertEqual(list(query.run()), [])
			# MariaDB keeps the index, without the dropped column
			self.assertEqual(
				index_columns("GH Supervision Card", "gh_card_quarter"), ["hall", "window", "staff", "level"]
			)
		finally:
			after_migrate()
		self.assertIn("`card_quarter`='2026-Q1'", cards_query(Quarter("No Such Hall", "2026-Q1")).get_sql())
		self.assertEqual(
			index_columns("GH Supervision Card", "gh_card_quarter"),
			list(INDEXES["GH Supervision Card"]["gh_card_quarter"]),
		)
		add_indexes("GH Supervision Card")  # and again: nothing to add
		self.assertEqual(len(index_columns("GH Supervision Card", "gh_card_quarter")), 5)
