"""Complaints (投诉): verification results, deductions and the anonymous tracking code."""

import re
import secrets

SUBSTANTIATED = "Substantiated"  # 属实
PARTLY_SUBSTANTIATED = "Partly Substantiated"  # 部分属实
UNSUBSTANTIATED = "Unsubstantiated"  # 不属实
RESULTS = (SUBSTANTIATED, PARTLY_SUBSTANTIATED, UNSUBSTANTIATED)

INTEGRITY = "Integrity"  # 廉洁: seen only by managers
CATEGORIES = ("Service Attitude", "Efficiency", INTEGRITY, "Competence", "Facilities", "Other")

# No 0/O, 1/I/L: the code is read out over the phone and copied from paper.
TRACKING_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
TRACKING_GROUPS = 3
TRACKING_GROUP_LENGTH = 4
TRACKING_CODE = re.compile(r"^[%s]{4}-[%s]{4}-[%s]{4}$" % ((TRACKING_ALPHABET,) * 3))


def counts_against(result: str | None) -> bool:
	"""A substantiated or partly substantiated complaint counts against the window and staff."""
	return result in (SUBSTANTIATED, PARTLY_SUBSTANTIATED)


def default_deduction(result: str | None, substantiated: float, partly: float) -> float:
	if result == SUBSTANTIATED:
		return float(substantiated)
	if result == PARTLY_SUBSTANTIATED:
		return float(partly)
	return 0.0


def new_tracking_code() -> str:
	"""A random code like 'K7QM-3XH9-PW2T' (31**12, about 2**59 possibilities)."""
	groups = (
		"".join(secrets.choice(TRACKING_ALPHABET) for _ in range(TRACKING_GROUP_LENGTH))
		for _ in range(TRACKING_GROUPS)
	)
	return "-".join(groups)


def normalise_tracking_code(value) -> str | None:
	"""The canonical code from what a citizen typed (any case, spaces or no dashes), or None."""
	if not isinstance(value, str) or len(value) > 40:
		return None
	compact = re.sub(r"[\s\-]", "", value).upper()
	if len(compact) != TRACKING_GROUPS * TRACKING_GROUP_LENGTH:
		return None
	code = "-".join(
		compact[i : i + TRACKING_GROUP_LENGTH] for i in range(0, len(compact), TRACKING_GROUP_LENGTH)
	)
	return code if TRACKING_CODE.match(code) else None
