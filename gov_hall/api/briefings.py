"""Briefings (双向管理): to stationed departments from a published quarterly assessment, and to home
agencies from the published monthly assessments (issue 15); made here, and emailed as a Chinese PDF."""

import re

import frappe
from frappe import _
from frappe.translate import print_language
from frappe.utils import escape_html

from gov_hall.assessment import agency_briefings, briefings
from gov_hall.utils.clock import now_datetime

PRINT_FORMAT = "GH Department Briefing"
AGENCY_PRINT_FORMAT = "GH Agency Briefing"


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
	return send_briefing(
		doc,
		PRINT_FORMAT,
		recipient,
		lambda: _("Quarterly assessment briefing for {0}, {1}").format(doc.department, doc.quarter),
		lambda: _(
			"Please find attached the results of your department's windows and staff in the {0} assessment of {1}, with the e-supervision cards, complaints and service ratings of the quarter."
		).format(escape_html(doc.quarter), escape_html(doc.hall)),
	)


def send_briefing(doc, print_format: str, recipient: str, subject, message) -> str:
	"""Queue an email with ``doc`` printed in ``print_format`` as PDF to ``recipient``, in the print
	format's language (Chinese): ``subject`` and ``message`` are called in that language. Stamps the
	briefing's emailed_on / emailed_to; returns a message for the user."""
	lang = frappe.db.get_value("Print Format", print_format, "default_print_language") or frappe.local.lang
	with print_language(lang):
		subject, message = subject(), message()
		# the briefing carries its own styles; without the desk's print CSS links wkhtmltopdf needs
		# not fetch them from the site's own host name, which a server cannot always resolve
		html = re.sub(r"<link[^>]*>", "", frappe.get_print(doc.doctype, doc.name, print_format, doc=doc))
		attachment = frappe.attach_print(doc.doctype, doc.name, file_name=doc.name, html=html, lang=lang)
	frappe.sendmail(
		recipients=[recipient],
		subject=subject,
		message=f"<p>{message}</p>",
		attachments=[attachment],
		reference_doctype=doc.doctype,
		reference_name=doc.name,
	)
	doc.db_set({"emailed_on": now_datetime(), "emailed_to": recipient})
	return _("The briefing was queued for emailing to {0}.").format(recipient)


# ---------------------------------------------------------------------------------------------
# Monthly briefings to home agencies (派出单位月度通报)


@frappe.whitelist(methods=["POST"])
def make_agency_briefings(month: str) -> dict:
	"""One briefing per home agency with staff in a published monthly assessment of ``month``."""
	frappe.has_permission(agency_briefings.AGENCY_BRIEFING, "create", throw=True)
	result = agency_briefings.make_agency_briefings(month)
	result["message"] = _(
		"{0} agency briefings made, {1} gathered again, {2} already emailed and left as they were."
	).format(len(result["created"]), len(result["refreshed"]), len(result["emailed"]))
	return result


def agency_email(agency: str) -> str | None:
	email = frappe.db.get_value("GH Home Agency", agency, "contact_email")
	return email.strip() if isinstance(email, str) and email.strip() else None


def send_agency_briefing(doc, recipient: str) -> str:
	month = doc.month
	return send_briefing(
		doc,
		AGENCY_PRINT_FORMAT,
		recipient,
		lambda: _("Monthly briefing on your staff for {0}, {1}").format(doc.home_agency, month),
		lambda: _(
			"Please find attached the monthly briefing of {0} on your staff stationed at {1}: their on-site duty, e-supervision cards, complaints, service ratings, assessment results and inspection findings."
		).format(escape_html(month), escape_html("、".join((doc.halls or "").split("\n")))),
	)


@frappe.whitelist(methods=["POST"])
def email_agency_briefing(briefing: str) -> str:
	"""Queue an email with the briefing's PDF to the home agency's contact email; returns a message."""
	doc = frappe.get_doc(agency_briefings.AGENCY_BRIEFING, briefing)
	doc.check_permission("email")
	recipient = agency_email(doc.home_agency)
	if not recipient:
		frappe.throw(
			_("Home agency {0} has no contact email. Add it to the agency first.").format(doc.home_agency),
			title=_("Missing Email"),
		)
	return send_agency_briefing(doc, recipient)


@frappe.whitelist(methods=["POST"])
def email_agency_briefings(month: str) -> dict:
	"""Email every briefing of ``month`` not emailed yet whose agency has a contact email; returns the
	counts and the agencies without an email."""
	frappe.has_permission(agency_briefings.AGENCY_BRIEFING, "email", throw=True)
	month = agency_briefings.check_month(month)
	names = frappe.get_all(
		agency_briefings.AGENCY_BRIEFING,
		filters={"month": month, "emailed_on": ["is", "not set"]},
		pluck="name",
		order_by="home_agency asc",
	)
	emailed, without_email = [], []
	for name in names:
		doc = frappe.get_doc(agency_briefings.AGENCY_BRIEFING, name)
		doc.check_permission("email")
		recipient = agency_email(doc.home_agency)
		if not recipient:
			without_email.append(doc.home_agency)
			continue
		send_agency_briefing(doc, recipient)
		emailed.append(doc.name)
	already = frappe.db.count(
		agency_briefings.AGENCY_BRIEFING, {"month": month, "emailed_on": ["is", "set"]}
	) - len(emailed)
	message = _("{0} agency briefings queued for emailing, {1} emailed before.").format(len(emailed), already)
	if without_email:
		message += " " + _("Without a contact email: {0}.").format("、".join(without_email))
	return {
		"emailed": emailed,
		"already_emailed": already,
		"without_email": without_email,
		"message": message,
	}
