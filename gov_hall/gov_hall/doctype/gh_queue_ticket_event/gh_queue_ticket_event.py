# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt

from frappe.model.document import Document


class GHQueueTicketEvent(Document):
	pass
