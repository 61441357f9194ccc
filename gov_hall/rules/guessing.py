"""Guessing limits for the public lookups (办件查询, 服务评价, 投诉查询, 取消预约).

Plain Python, no Frappe import. A citizen opens their own case with its number and the last four
digits of the applicant's mobile: 10,000 possibilities, so wrong answers must be limited. The limit
must not be a lock on the case itself, or anyone could lock a citizen out of their own case by
guessing wrong on purpose. So wrong answers are counted

* per client address and number ("pair"): a few wrong answers for one number from one address;
* per client address ("address"): a budget of wrong answers per hour and per day, whatever the
  number, so one address cannot try one guess on each of many numbers either;
* per number from all addresses ("target"): this never refuses anyone by itself. When a number has
  had many wrong answers in a day (it is being guessed from many addresses), each address that has
  already answered wrongly for it is held back for the rest of the day, while an address with a
  clean record for the number is still checked: the citizen's own first answer always counts.

A client address is an IPv4 address, or the /64 network of an IPv6 address (one subscriber gets a
whole /64, so counting single IPv6 addresses would count nothing).

The SMS rating link carries a signature of the case number (96 bits): it is checked before any of
these limits and a valid one is never held back.
"""

from __future__ import annotations

import ipaddress
import math
from dataclasses import dataclass

HOUR = 60 * 60
DAY = 24 * HOUR

DIGIT_SPACE = 10_000  # the last four digits of a mobile number


@dataclass(frozen=True)
class Limits:
	pair_per_day: int = 5  # wrong answers for one number from one address in a day
	pair_per_day_under_attack: int = 1  # the same while the number is being guessed widely
	attack_threshold: int = 10  # wrong answers for one number from all addresses in a day
	address_per_hour: int = 20  # wrong answers from one address in an hour, any number
	address_per_day: int = 50  # wrong answers from one address in a day, any number


LIMITS = Limits()

# the counters: (scope, window in seconds)
PAIR = ("pair", DAY)
TARGET = ("target", DAY)
ADDRESS_HOUR = ("address_hour", HOUR)
ADDRESS_DAY = ("address_day", DAY)
COUNTERS = (PAIR, TARGET, ADDRESS_HOUR, ADDRESS_DAY)


@dataclass(frozen=True)
class Counter:
	"""A failure counter's value and the seconds until it expires (0 when it does not exist)."""

	count: int = 0
	ttl: int = 0


@dataclass(frozen=True)
class Hold:
	"""Why an address is held back, and for how many seconds."""

	reason: str  # "pair" (this number from this address) or "address" (this address, any number)
	seconds: int


def client_address(ip: str | None) -> str:
	"""The unit that is counted: the IPv4 address, or the IPv6 address's /64 network.

	Anything that is not an IP address (a missing header, a test client) counts as one unknown
	address, so it is limited like any other."""
	if not isinstance(ip, str) or not ip.strip():
		return "unknown"
	try:
		address = ipaddress.ip_address(ip.strip())
	except ValueError:
		return "unknown"
	if isinstance(address, ipaddress.IPv6Address):
		if address.ipv4_mapped:
			return str(address.ipv4_mapped)
		return str(ipaddress.ip_network(f"{address}/64", strict=False))
	return str(address)


def hold(
	pair: Counter, target: Counter, address_hour: Counter, address_day: Counter, limits: Limits = LIMITS
) -> Hold | None:
	"""Whether an address may have its answer checked now; None when it may.

	Holds last until the counter that is over its limit expires; when several are, the longest
	wait is the one that applies."""
	holds = []
	pair_limit = (
		limits.pair_per_day_under_attack if target.count >= limits.attack_threshold else limits.pair_per_day
	)
	if pair.count >= pair_limit:
		holds.append(Hold("pair", pair.ttl))
	if address_hour.count >= limits.address_per_hour:
		holds.append(Hold("address", address_hour.ttl))
	if address_day.count >= limits.address_per_day:
		holds.append(Hold("address", address_day.ttl))
	if not holds:
		return None
	return max(holds, key=lambda h: (h.seconds, h.reason == "address"))


def wait_minutes(seconds: int) -> int:
	"""Whole minutes to wait, rounded up, at least one."""
	return max(1, math.ceil(max(0, seconds) / 60))


# ---------------------------------------------------------------------------------------------
# The arithmetic for the README: how far a guesser gets


def guesses_per_day_at_one_number(addresses: int, limits: Limits = LIMITS) -> int:
	"""Most wrong answers one number can get in a day from ``addresses`` addresses.

	Until the number has ``attack_threshold`` wrong answers, each address may give up to
	``pair_per_day``; after that, only addresses that have not answered wrongly for it yet get a
	(single) try. The hourly and daily address budgets bound each address too."""
	per_address = min(limits.pair_per_day, limits.address_per_day)
	if addresses <= 0:
		return 0
	# before the threshold: the first addresses spend up to pair_per_day each
	before = 0
	used = 0
	while used < addresses and before < limits.attack_threshold:
		before += per_address
		used += 1
	# past the threshold, every address that has not answered wrongly yet gets one try
	after = (addresses - used) * min(limits.pair_per_day_under_attack, per_address)
	return before + after


def guesses_per_day_spread(addresses: int, limits: Limits = LIMITS) -> int:
	"""Most wrong answers a day from ``addresses`` addresses spreading their guesses over many numbers."""
	return max(0, addresses) * min(limits.address_per_day, 24 * limits.address_per_hour)


def expected_days_to_open_one_number(
	addresses: int, space: int = DIGIT_SPACE, limits: Limits = LIMITS
) -> float:
	"""Expected days for ``addresses`` addresses to find one chosen number's four digits.

	Trying the digits without repeating one, the right one comes on average at guess (space+1)/2."""
	per_day = guesses_per_day_at_one_number(addresses, limits)
	return math.inf if per_day <= 0 else ((space + 1) / 2) / per_day


def expected_days_to_open_any_number(
	addresses: int, space: int = DIGIT_SPACE, limits: Limits = LIMITS
) -> float:
	"""Expected days until one guess of ``addresses`` addresses, each on a different number, is right.

	Every guess is right with probability 1/space, so on average one in ``space`` guesses hits."""
	per_day = guesses_per_day_spread(addresses, limits)
	return math.inf if per_day <= 0 else space / per_day
