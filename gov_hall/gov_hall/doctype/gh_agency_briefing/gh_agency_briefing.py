# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt

from frappe.model.document import Document

from gov_hall.access.controlled import Declaration
from gov_hall.assessment.agency_briefings import GATHERED, validate_agency_briefing
from gov_hall.utils.validation import forbid_delete

# 派出单位月度通报: its figures come from the published monthly assessments and the month's inspections
# (gathered when made, and again by Make Agency Briefings until it is emailed); the agency and month
# are set once; managers add remarks.
CONTROLLED_FIELDS = Declaration(
	derived=GATHERED,
	stamped=("home_agency", "month"),
	state_field=None,
)


class GHAgencyBriefing(Document):
	def validate(self):
		validate_agency_briefing(self)

	def on_trash(self):
		forbid_delete(self)


def on_doctype_update():
	# one briefing per agency and month, whatever writes it
	from gov_hall.setup.indexes import add_unique_index

	add_unique_index("GH Agency Briefing", "gh_agency_briefing_month", ("home_agency", "month"))
