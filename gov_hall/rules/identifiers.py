"""Checks for the identifiers a hall records: resident ID, USCC, mobile number.

Plain Python, no Frappe import. Each check returns the normalised value or
raises :class:`InvalidIdentifier` whose ``code`` the Frappe layer turns into a
translated message (see ``gov_hall.utils.validation``).

Where python-stdnum is right we use it; where it is not, we say why:

* Resident ID (居民身份证, GB 11643): ``stdnum.cn.ric`` checks length, the
  ISO 7064 check digit, the birth date and the birth place against its own
  list of division codes. That list lags behind new divisions, so a number
  whose full code is unknown but whose province is real is accepted; a birth
  date in the future is rejected (stdnum does not check that).
* Unified social credit code (GB 32100-2015): ``stdnum.cn.uscc`` requires the
  first eight characters to be digits, which rejects real codes whose
  registering authority is a letter (A 中央军委改革和编制办公室, N 农业农村,
  Y 其他, …) and entity types like ``N1``/``Y1``. We keep stdnum's check
  digit and apply the standard's own character classes.
* Mobile numbers: stdnum has no Chinese mobile module; mainland numbers are
  11 digits starting ``1[3-9]`` (MIIT numbering plan), optionally after +86.
"""

from __future__ import annotations

import datetime
import re

from stdnum.cn import ric, uscc
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength

# GB/T 2260 province-level codes, plus 71/81/82 (台湾/香港/澳门) and 83 (港澳台居民居住证).
PROVINCE_CODES = frozenset(
	"11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 "
	"50 51 52 53 54 61 62 63 64 65 71 81 82 83".split()
)

# GB 32100-2015 table 1: registering authority codes.
USCC_AUTHORITIES = frozenset("123456789ANGY")
USCC_ALPHABET = frozenset("0123456789ABCDEFGHJKLMNPQRTUWXY")

MOBILE_PATTERN = re.compile(r"^1[3-9]\d{9}$")


class InvalidIdentifier(ValueError):
	"""``code`` names what is wrong: length, format, checksum, birth_date, region."""

	def __init__(self, kind: str, code: str):
		super().__init__(kind, code)
		self.kind = kind
		self.code = code


def _compact(value: str) -> str:
	return re.sub(r"[\s\-]", "", str(value or "")).upper()


def validate_resident_id(value: str, today: datetime.date | None = None) -> str:
	number = _compact(value)
	if len(number) == 18 and not (number[:17].isdigit() and number[-1] in "0123456789X"):
		raise InvalidIdentifier("resident_id", "format")
	try:
		ric.validate(number)
	except InvalidLength:
		raise InvalidIdentifier("resident_id", "length") from None
	except InvalidFormat:
		raise InvalidIdentifier("resident_id", "format") from None
	except InvalidChecksum:
		raise InvalidIdentifier("resident_id", "checksum") from None
	except InvalidComponent:
		_check_resident_id_components(number)
	if ric.get_birth_date(number) > (today or datetime.date.today()):
		raise InvalidIdentifier("resident_id", "birth_date")
	return number


def _check_resident_id_components(number: str) -> None:
	"""stdnum said the date or the place is wrong: tell which, forgive unknown places."""
	try:
		ric.get_birth_date(number)
	except InvalidComponent:
		raise InvalidIdentifier("resident_id", "birth_date") from None
	if number[:2] not in PROVINCE_CODES:
		raise InvalidIdentifier("resident_id", "region")


def resident_id_birth_date(value: str) -> datetime.date:
	return ric.get_birth_date(_compact(value))


def validate_uscc(value: str) -> str:
	code = _compact(value)
	if len(code) != 18:
		raise InvalidIdentifier("uscc", "length")
	if code[0] not in USCC_AUTHORITIES or any(c not in USCC_ALPHABET for c in code):
		raise InvalidIdentifier("uscc", "format")
	if not code[2:8].isdigit():
		raise InvalidIdentifier("uscc", "format")
	if code[-1] != uscc.calc_check_digit(code[:17]):
		raise InvalidIdentifier("uscc", "checksum")
	return code


def validate_mobile(value: str) -> str:
	number = re.sub(r"[\s\-()]", "", str(value or ""))
	for prefix in ("+86", "0086"):
		if number.startswith(prefix):
			number = number[len(prefix) :]
			break
	if not number.isdigit():
		raise InvalidIdentifier("mobile", "format")
	if len(number) != 11:
		raise InvalidIdentifier("mobile", "length")
	if not MOBILE_PATTERN.match(number):
		raise InvalidIdentifier("mobile", "format")
	return number


def mask_mobile(value: str | None) -> str:
	"""138****1234: enough for a person to recognise their own number."""
	number = re.sub(r"\D", "", str(value or ""))
	if len(number) < 7:
		return "*" * len(number)
	return number[:3] + "*" * (len(number) - 7) + number[-4:]


def mask_resident_id(value: str | None) -> str:
	"""110105********002X: region and last four only."""
	number = _compact(value or "")
	if len(number) < 10:
		return "*" * len(number)
	return number[:6] + "*" * (len(number) - 10) + number[-4:]
