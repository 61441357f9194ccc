# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from gov_hall.access.controlled import Declaration
from gov_hall.duty.empty_windows import DETECT, EXCUSE, RESOLVE
from gov_hall.utils.validation import forbid_delete

# Everything is recorded by the empty-window job (gov_hall.duty.empty_windows): what it found when
# it found it, then when someone was back or the session ended; a hall manager's only act is to
# excuse it with a reason (gov_hall.api.duty_alerts.excuse_empty_window).
FOUND = (
	"hall",
	"department",
	"window",
	"duty_date",
	"session",
	"empty_since",
	"detected_on",
	"detected_hour",
	"rostered_staff",
	"rostered_staff_name",
	"notified_users",
)
CONTROLLED_FIELDS = Declaration(
	actions={
		**{fieldname: DETECT for fieldname in FOUND},
		"resolved_on": RESOLVE,
		"empty_minutes": RESOLVE,
		"status": (DETECT, RESOLVE, EXCUSE),
		"excuse_reason": EXCUSE,
		"excused_by": EXCUSE,
		"excused_on": EXCUSE,
	},
	state_field=None,
)


class GHEmptyWindow(Document):
	def validate(self):
		if self.status == "Excused" and not (self.excuse_reason or "").strip():
			frappe.throw(_("Give the reason for excusing the empty window."), title=_("Invalid Input"))

	def on_trash(self):
		forbid_delete(self)


def on_doctype_update():
	from gov_hall.setup.indexes import add_indexes

	# gh_empty_window_session (unique: window, duty_date, session) and gh_empty_window_hall
	add_indexes("GH Empty Window")
