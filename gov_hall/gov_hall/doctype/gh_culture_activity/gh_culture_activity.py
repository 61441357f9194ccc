# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt

from frappe.model.document import Document

from gov_hall.access.controlled import Declaration
from gov_hall.activities.activity import sync_event, validate_activity
from gov_hall.utils.validation import forbid_delete

ACTIVITY_FIELDS = (
	"title",
	"activity_type",
	"status",
	"hall",
	"starts_on",
	"ends_on",
	"organiser_type",
	"organiser_department",
	"organiser_window",
	"description",
	"photo",
	"programme",
	"windows",
	"participants",
)

# Awards count in the assessment once the activity is held: from then on a change of the awards is a
# manager's override, with a reason (GH Manager Overrides).
CONTROLLED_FIELDS = Declaration(
	derived=("participant_count", "award_points", "event"),
	overrides=("awards",),
	editable_in={
		"Planned": (*ACTIVITY_FIELDS, "awards"),
		"Held": ACTIVITY_FIELDS,
		"Cancelled": ("description", "photo"),
	},
)


class GHCultureActivity(Document):
	def validate(self):
		validate_activity(self)

	def on_update(self):
		sync_event(self)

	def on_trash(self):
		forbid_delete(self)
