# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from gov_hall.access.controlled import Declaration
from gov_hall.access.pii import PersonalDataDocument
from gov_hall.duty.roster import validate_staff_posts
from gov_hall.rules.identifiers import mask_mobile
from gov_hall.utils import cards
from gov_hall.utils.permissions import chief_moved_or_left, sync_staff_access
from gov_hall.utils.validation import check_date_order, clean_mobile, forbid_delete

# the staff card (挂牌上岗): the badge number and the public card's code are given by the system; a
# lost badge gets a new code from a hall manager (gov_hall.api.cards.renew_card_code)
CONTROLLED_FIELDS = Declaration(
	stamped=("card_code", "badge_number"),
	actions={"card_code": cards.RENEW_ACTION},
)


class GHWindowStaff(PersonalDataDocument, Document):
	def before_insert(self):
		cards.staff_before_insert(self)

	def validate(self):
		validate_user(self.user)
		check_date_order(self.on_site_from, self.on_site_to, _("On Site From"), _("On Site To"))
		validate_window_department(self)
		validate_staff_posts(self)
		if self.mobile:
			self.mobile = clean_mobile(self.mobile, _("Mobile"))
		self.mobile_masked = mask_mobile(self.mobile)
		if self.on_site_to and frappe.utils.getdate(self.on_site_to) < frappe.utils.getdate():
			self.status = "Left"
		cards.staff_validate(self)

	def on_update(self):
		if self.has_value_changed("status") or self.has_value_changed("department") or self.is_new():
			sync_staff_access(self)
		before = self.get_doc_before_save()
		if before and (before.status != self.status or before.department != self.department):
			chief_moved_or_left(self)

	def on_trash(self):
		forbid_delete(self)


def validate_user(user: str) -> None:
	if user in ("Administrator", "Guest"):
		frappe.throw(_("Administrator and Guest cannot be window staff."), title=_("Invalid Input"))
	if frappe.db.get_value("User", user, "user_type") != "System User":
		frappe.throw(_("Window staff must be desk users (System User)."), title=_("Invalid Input"))


def validate_window_department(staff) -> None:
	if not staff.window:
		return
	window = frappe.db.get_value("GH Service Window", staff.window, ["department", "status"], as_dict=True)
	served = frappe.get_all(
		"GH Window Department",
		filters={"parent": staff.window, "parenttype": "GH Service Window"},
		pluck="department",
	)
	if staff.department != window.department and staff.department not in served:
		frappe.throw(
			_("Window {0} does not serve {1}.").format(staff.window, staff.department),
			title=_("Invalid Input"),
		)
	if window.status == "Closed" and staff.status == "On Site":
		frappe.throw(_("Window {0} is closed.").format(staff.window), title=_("Invalid Input"))
