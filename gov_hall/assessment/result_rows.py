"""A run's result rows (a city hall has ~300 windows and ~900 staff) written with one INSERT per
table. Frappe writes child rows a statement each (one INSERT a row on insert; on save an UPDATE, or
an INSERT for new rows, after deleting the rows no longer there), which was most of a run's save."""

import frappe
from frappe.model.document import Document
from frappe.query_builder import DocType

RESULT_TABLES = ("window_results", "staff_results")
ROWS_PER_STATEMENT = 500  # ~0.5 MB a statement, well under MariaDB's max_allowed_packet


class ResultRow(Document):
	"""A window's or staff member's row of a run (GH Window Assessment, GH Staff Assessment)."""

	def get_invalid_links(self, is_submittable=False):
		# Its links (window, staff, department) are written by compute from the hall's own records
		# and are read-only; checking them cost a query per link per row (~2,400 for a city hall's
		# 300 windows and 900 staff, most of a run's save). The run's own links are still checked.
		return [], []

	def db_insert(self, *args, **kwargs):
		if not self.flags.written_with_run:  # else insert_result_rows wrote it with its table
			super().db_insert(*args, **kwargs)


def insert_result_rows(run) -> None:
	"""After the run's own row is inserted; each row's own db_insert then does nothing."""
	for fieldname in RESULT_TABLES:
		rows = run.get(fieldname)
		write_rows(rows)
		for row in rows:
			row.flags.written_with_run = True


def replace_result_rows(run, fieldname: str) -> None:
	"""On save: the table's rows as they are now take the place of what was stored."""
	Row = DocType(run.meta.get_field(fieldname).options)
	(
		frappe.qb.from_(Row)
		.where(Row.parent == run.name)
		.where(Row.parenttype == run.doctype)
		.where(Row.parentfield == fieldname)
		.delete()
		.run()
	)
	write_rows(run.get(fieldname))


def write_rows(rows: list) -> None:
	for start in range(0, len(rows), ROWS_PER_STATEMENT):
		insert_statement(rows[start : start + ROWS_PER_STATEMENT])
	for row in rows:
		row.set("__islocal", False)


def insert_statement(rows: list) -> None:
	"""The statement Frappe's own db_insert writes (placeholders, escaped by the driver), for many
	rows at once: frappe.db.bulk_insert builds it with pypika, which took ~0.25 ms a row."""
	values = [row.get_valid_dict(convert_dates_to_str=True, ignore_virtual=True) for row in rows]
	columns = list(values[0])
	placeholders = "(" + ", ".join(["%s"] * len(columns)) + ")"
	frappe.db.sql(
		f"INSERT INTO `tab{rows[0].doctype}` ({', '.join(f'`{column}`' for column in columns)}) "
		f"VALUES {', '.join([placeholders] * len(values))}",
		[value[column] for value in values for column in columns],
	)
