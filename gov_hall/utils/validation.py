"""Turn the plain rules' verdicts into translated errors that stop a save."""

import frappe
from frappe import _

from gov_hall.rules.identifiers import InvalidIdentifier, validate_mobile, validate_resident_id, validate_uscc


def identifier_message(err: InvalidIdentifier) -> str:
	messages = {
		("resident_id", "length"): _("A resident ID number has 18 characters."),
		("resident_id", "format"): _("A resident ID number is 17 digits followed by a digit or X."),
		("resident_id", "checksum"): _(
			"The resident ID number's check digit is wrong; please check the number."
		),
		("resident_id", "birth_date"): _("The birth date inside the resident ID number is not a real date."),
		("resident_id", "region"): _("The region code inside the resident ID number does not exist."),
		("uscc", "length"): _("A unified social credit code has 18 characters."),
		("uscc", "format"): _("The unified social credit code contains characters that are not allowed."),
		("uscc", "checksum"): _(
			"The unified social credit code's check character is wrong; please check the code."
		),
		("mobile", "length"): _("A mainland mobile number has 11 digits."),
		("mobile", "format"): _("A mainland mobile number starts with 13 to 19 and contains only digits."),
	}
	return messages.get((err.kind, err.code), _("Invalid identifier."))


def _checked(check, value: str, label: str) -> str:
	try:
		return check(value)
	except InvalidIdentifier as err:
		frappe.throw(
			label + ": " + identifier_message(err),
			frappe.ValidationError,
			title=_("Invalid Input"),
		)


def clean_mobile(value: str, label: str) -> str:
	return _checked(validate_mobile, value, label)


def clean_resident_id(value: str, label: str) -> str:
	return _checked(validate_resident_id, value, label)


def clean_uscc(value: str, label: str) -> str:
	return _checked(validate_uscc, value, label)


def check_date_order(start, end, start_label: str, end_label: str) -> None:
	if start and end and frappe.utils.getdate(end) < frappe.utils.getdate(start):
		frappe.throw(
			_("{0} cannot be earlier than {1}.").format(end_label, start_label),
			title=_("Invalid Input"),
		)


def forbid_delete(doc) -> None:
	"""The hall's records are closed or archived, never deleted."""
	frappe.throw(
		_("{0} {1} cannot be deleted. Close or archive it instead.").format(_(doc.doctype), doc.name),
		frappe.PermissionError,
		title=_("Not Allowed"),
	)


def clean_text(value, label: str, max_length: int, required: bool = False) -> str:
	"""Citizen-entered text: plain, within ``max_length`` characters; a translated error otherwise."""
	from gov_hall.rules.text import InvalidText, plain_text

	try:
		return plain_text(value, max_length, required)
	except InvalidText as err:
		messages = {
			"type": _("{0} must be text."),
			"required": _("{0} is required."),
			"length": _("{0} can have at most {1} characters."),
			"markup": _("{0} must be plain text: HTML, scripts and character codes are not accepted."),
			"control": _("{0} contains characters that are not allowed."),
		}
		frappe.throw(
			messages[err.code].format(label, err.limit), frappe.ValidationError, title=_("Invalid Input")
		)
