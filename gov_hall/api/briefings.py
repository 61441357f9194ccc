"""Briefings to stationed departments (双向管理): make them from a published assessment, email them."""

import re

import frappe
from frappe import _
from frappe.translate import print_language
from frappe.utils import escape_html

from gov_hall.assessment import briefings
from gov_hall.utils.clock import now_datetime

PRINT_FORMAT = "GH Department Briefing"


@frappe.whitelist(methods=["POST"])
def make_briefings(run: str) -> dict:
	"""One briefing per department of a published run (departments already briefed are skipped)."""
	frappe.get_doc("GH Assessment Run", run).check_permission("read")
	frappe.has_permission(briefings.BRIEFING, "create", throw=True)
	result = briefings.make_briefings(run)
	result["message"] = _("{0} briefings made, {1} already existed.").format(
		len(result["created"]), result["existing"]
	)
	return result


@frappe.whitelist(methods=["POST"])
def email_briefing(briefing: str) -> str:
	"""Queue an email with the briefing's PDF to the department's contact email; returns a message."""
	doc = frappe.get_doc(briefings.BRIEFING, briefing)
	doc.check_permission("email")
	recipient = frappe.db.get_value("GH Stationed Department", doc.department, "contact_email")
	if not recipient:
		frappe.throw(
			_("Department {0} has no contact email. Add it to the department first.").format(doc.department),
			title=_("Missing Email"),
		)
	lang = frappe.db.get_value("Print Format", PRINT_FORMAT, "default_print_language") or frappe.local.lang
	with print_language(lang):
		subject = _("Quarterly assessment briefing for {0}, {1}").format(doc.department, doc.quarter)
		message = _(
			"Please find attached the results of your department's windows and staff in the {0} assessment of {1}, with the e-supervision cards, complaints and service ratings of the quarter."
		).format(escape_html(doc.quarter), escape_html(doc.hall))
		# the briefing carries its own styles; without the desk's print CSS links wkhtmltopdf needs
		# not fetch them from the site's own host name, which a server cannot always resolve
		html = re.sub(
			r"<link[^>]*>", "", frappe.get_print(briefings.BRIEFING, doc.name, PRINT_FORMAT, doc=doc)
		)
		attachment = frappe.attach_print(
			briefings.BRIEFING, doc.name, file_name=doc.name, html=html, lang=lang
		)
	frappe.sendmail(
		recipients=[recipient],
		subject=subject,
		message=f"<p>{message}</p>",
		attachments=[attachment],
		reference_doctype=briefings.BRIEFING,
		reference_name=doc.name,
	)
	doc.db_set({"emailed_on": now_datetime(), "emailed_to": recipient})
	return _("The briefing was queued for emailing to {0}.").format(recipient)
