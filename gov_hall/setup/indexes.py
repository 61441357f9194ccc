"""Composite indexes the hall's heavy queries need at a city hall's size (about 1M cases a year).

Frappe's doctype JSON declares only single-column indexes (``search_index``), so these are added by
each doctype's ``on_doctype_update`` (new sites, and whenever the doctype changes) and by a patch
(sites installed before they existed). Every column is backquoted: ``case`` and ``window`` are
reserved words in MariaDB. Measured at 1M cases with ``bench gov-hall-benchmark`` (README).
"""

import frappe

INDEXES: dict[str, dict[str, tuple[str, ...]]] = {
	"GH Case": {
		# completed cases of a period per window, handler and matter, read from the index alone
		# (the quarterly assessment facts, the on-time report's reference)
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
	},
	"GH Service Rating": {
		# ratings of a period per window and staff member, read from the index alone
		"gh_rating_period": ("hall", "rated_on", "counts_in_scores", "window", "staff", "level"),
	},
	"GH Supervision Card": {
		"gh_card_period": ("hall", "card_date"),
	},
	"GH Supplement Notice": {
		"gh_notice_violations": ("hall", "is_violation", "issued_on"),
	},
}


def add_indexes(doctype: str) -> None:
	"""Create the doctype's composite indexes that are missing (by name); idempotent."""
	for index_name, columns in INDEXES.get(doctype, {}).items():
		frappe.db.add_index(doctype, [f"`{column}`" for column in columns], index_name=index_name)


def add_all_indexes() -> None:
	for doctype in INDEXES:
		add_indexes(doctype)
