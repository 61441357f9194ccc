"""Settings of ratings and complaints, with the shipped defaults when a site has not set them yet."""

import frappe
from frappe.utils import cint, flt

DEFAULTS = {
	"rectification_limit_days": 15,
	"complaint_reply_limit_days": 5,
	"complaint_reminder_days": 1,
	"deduction_substantiated": 2.0,
	"deduction_partly_substantiated": 1.0,
	"web_upload_max_mb": 5,
}


def voice_setting(fieldname: str):
	value = frappe.db.get_single_value("GH Hall Settings", fieldname)
	default = DEFAULTS[fieldname]
	if isinstance(default, float):
		return flt(value) if value not in (None, "") else default
	return cint(value) or default


def default_hall() -> str | None:
	return frappe.db.get_single_value("GH Hall Settings", "default_hall")
