"""Composite indexes the hall's heavy queries need at a city hall's size (about 1M cases a year).

Frappe's doctype JSON declares only single-column indexes (``search_index``), so these are added by
each doctype's ``on_doctype_update`` (new sites, and whenever the doctype changes) and after every
migrate (sites installed before they existed, or that lost one). Every column is backquoted:
``case`` and ``window`` are reserved words in MariaDB. Measured at 1M cases with
``bench gov-hall-benchmark`` (README).

MariaDB has no index on an expression, so the quarter a case was completed in (a rating given, a card
issued in) is a VIRTUAL generated column, indexed. The database derives it from the date on every write,
however the row is written, so it cannot go stale. It is not a doctype field: Frappe's schema sync
would turn it into a plain column. ``bench trim-tables`` drops columns that are not fields; the
next ``bench migrate`` adds it back (after_migrate), and until then the quarter is read by its dates.
"""

import frappe

# doctype -> {generated column: the Date/Datetime field it is the calendar quarter (YYYY-Qn) of}
QUARTER_COLUMNS: dict[str, dict[str, str]] = {
	"GH Case": {"completed_quarter": "completed_on"},
	"GH Service Rating": {"rated_quarter": "rated_on"},
	"GH Supervision Card": {"card_quarter": "card_date"},
}

INDEXES: dict[str, dict[str, tuple[str, ...]]] = {
	"GH Empty Window": {
		# the job's and the report's reads: a hall's records of a day and session
		"gh_empty_window_hall": ("hall", "duty_date", "session"),
	},
	"GH Case": {
		# completed cases of a quarter per window and handler (with the matter, for its weight), in
		# the index's order: the quarterly assessment groups them as it reads them, no temporary table
		"gh_case_quarter": (
			"hall",
			"status",
			"completed_quarter",
			"window",
			"handler",
			"matter",
			"completed_on_time",
		),
		# completed cases of any period (the on-time report)
		"gh_case_completed": (
			"hall",
			"status",
			"completed_on",
			"window",
			"handler",
			"matter",
			"completed_on_time",
		),
		# open, running cases and those past their due date (e-supervision, overdue counts)
		"gh_case_open_due": ("status", "is_paused", "due_date"),
		# cross-hall cases (issue 16): those a hall received and those it handled, completed in a
		# period (the assessment's credit, gov_hall.assessment.facts.add_cross_hall_cases), and those
		# received in a period (the cross-hall reports); the few rows found are then read
		"gh_case_cross_received": ("hall", "route", "status", "completed_on"),
		"gh_case_cross_handled": ("handling_hall", "status", "completed_on"),
		"gh_case_route_received": ("route", "received_on"),
	},
	"GH Service Rating": {
		# ratings of a quarter per window and staff member, in the index's order (the assessment)
		"gh_rating_quarter": ("hall", "rated_quarter", "counts_in_scores", "window", "staff", "level"),
		# ratings of any period per window and staff member, read from the index alone
		"gh_rating_period": ("hall", "rated_on", "counts_in_scores", "window", "staff", "level"),
	},
	"GH Supervision Card": {
		# cards of a quarter per window, staff member and colour, in the index's order (the assessment)
		"gh_card_quarter": ("hall", "card_quarter", "window", "staff", "level"),
		"gh_card_period": ("hall", "card_date"),
	},
	"GH Supplement Notice": {
		"gh_notice_violations": ("hall", "is_violation", "issued_on"),
	},
	"GH Appointment": {
		# a guest's bookings per mobile number made today (the daily cap) and on a day (duplicates)
		"gh_appointment_mobile": ("mobile", "creation"),
	},
	"GH Queue Ticket": {
		# a window's next ticket: the day's waiting tickets of a hall in the order of calling
		# (gov_hall.queue.calling's locked SELECT), and the waiting counts per department
		"gh_queue_calling": ("hall", "ticket_date", "status", "priority"),
		# the ticket a window holds now (Called or Serving), read before every call
		"gh_queue_window": ("window", "ticket_date", "status"),
	},
	"GH Duty Slot": {
		# a hall's roster of a day and session (refresh_slots, empty windows), a person's day (every
		# punch refreshes it) and a department's month (attendance report, assessment)
		"gh_duty_slot_hall_day": ("hall", "duty_date", "session"),
		"gh_duty_slot_staff_day": ("staff", "duty_date"),
		"gh_duty_slot_department_day": ("department", "duty_date"),
	},
	"GH Attendance Punch": {
		# a hall's punches of a period (imports, reports)
		"gh_punch_hall_time": ("hall", "punch_time"),
	},
}

# doctype -> {unique index: columns}: what must never be duplicated whatever writes the rows
UNIQUE_INDEXES: dict[str, dict[str, tuple[str, ...]]] = {
	"GH Queue Ticket": {
		# one A023 per hall and day (the serial comes from a locked counter; this is the safety net)
		"gh_queue_ticket_number": ("hall", "ticket_date", "ticket_number"),
	},
	"GH Attendance Punch": {
		# one punch per person and second: an attendance import re-read skips what it already has
		# (INSERT IGNORE), and a person's punches of a day are read from it
		"gh_punch_staff_time": ("staff", "punch_time"),
	},
	"GH Empty Window": {
		# one record per window, day and session, whatever writes it (two overlapping job runs)
		"gh_empty_window_session": ("window", "duty_date", "session"),
	},
}


def add_indexes(doctype: str) -> None:
	"""Create the doctype's quarter columns and composite indexes that are missing; idempotent."""
	add_quarter_columns(doctype)
	for index_name, columns in INDEXES.get(doctype, {}).items():
		frappe.db.add_index(doctype, [f"`{column}`" for column in columns], index_name=index_name)
	for index_name, columns in UNIQUE_INDEXES.get(doctype, {}).items():
		add_unique_index(doctype, index_name, columns)


def add_unique_index(doctype: str, index_name: str, columns: tuple[str, ...]) -> None:
	"""A unique index of this site's table (Frappe's add_unique looks the name up in every schema)."""
	table = f"tab{doctype}"
	if frappe.db.has_index(table, index_name):
		return
	frappe.db.commit()  # nosemgrep: MariaDB commits implicitly before DDL; done explicitly so it is visible
	# DDL: the names come from the constants above
	frappe.db.sql_ddl(
		f"ALTER TABLE `{table}` ADD UNIQUE INDEX `{index_name}`"
		f"({', '.join(f'`{column}`' for column in columns)})"
	)


def add_all_indexes() -> None:
	for doctype in {**INDEXES, **UNIQUE_INDEXES}:
		add_indexes(doctype)


def quarter_expression(date_column: str) -> str:
	return f"concat(year(`{date_column}`), '-Q', quarter(`{date_column}`))"


def add_quarter_columns(doctype: str) -> None:
	frappe.cache.hdel("table_columns", f"tab{doctype}")  # read the table as it is now
	for column, date_column in QUARTER_COLUMNS.get(doctype, {}).items():
		if frappe.db.has_column(doctype, column):
			continue
		# DDL: frappe.qb builds no ALTER TABLE; the names come from the constants above. MariaDB
		# keeps an index whose column was dropped, without that column: drop it to build it anew.
		for index_name, columns in INDEXES.get(doctype, {}).items():
			if column in columns:
				frappe.db.sql_ddl(f"ALTER TABLE `tab{doctype}` DROP INDEX IF EXISTS `{index_name}`")
		frappe.db.sql_ddl(
			f"ALTER TABLE `tab{doctype}` ADD COLUMN `{column}` varchar(7) "
			f"AS ({quarter_expression(date_column)}) VIRTUAL"
		)
		frappe.cache.hdel("table_columns", f"tab{doctype}")


def has_quarter_column(doctype: str) -> bool:
	"""Whether the doctype's quarter column is there (``bench trim-tables`` drops it)."""
	return all(frappe.db.has_column(doctype, column) for column in QUARTER_COLUMNS.get(doctype, {}))
