"""Counting wrong answers at the public lookups, in Redis (the rules: gov_hall.rules.guessing).

Counters are atomic: ``INCR`` in a transaction with ``TTL``, and the expiry is set whenever a
counter has none (the first failure of a window, or a counter left without one), so a counter can
neither lose a concurrent failure nor live for ever. Nothing here reads the database.
"""

from __future__ import annotations

import frappe
from frappe import _

from gov_hall.rules import guessing as rules

PREFIX = "gov_hall:guess"


def address() -> str:
	"""The counted client address of the current request (IPv4, or IPv6 /64)."""
	return rules.client_address(getattr(frappe.local, "request_ip", None))


def _key(scope: str, *parts: str) -> str:
	return frappe.cache.make_key(":".join((PREFIX, scope, *parts)))


def _keys(target: str | None, client: str) -> dict[tuple[str, int], str]:
	keys = {rules.ADDRESS_HOUR: _key("address_hour", client), rules.ADDRESS_DAY: _key("address_day", client)}
	if target:
		keys[rules.PAIR] = _key("pair", target, client)
		keys[rules.TARGET] = _key("target", target)
	return keys


def _read(keys: dict) -> dict:
	pipe = frappe.cache.pipeline()
	for key in keys.values():
		pipe.get(key)
		pipe.ttl(key)
	values = pipe.execute()
	out = {}
	for index, counter in enumerate(keys):
		raw, ttl = values[2 * index], values[2 * index + 1]
		count = int(raw) if raw not in (None, b"", "") else 0
		out[counter] = rules.Counter(count=count, ttl=ttl if ttl and ttl > 0 else counter[1])
	return out


def held(target: str | None) -> rules.Hold | None:
	"""Whether the current address is held back for ``target`` (e.g. ``case:QS-2026-00042``), or for
	any number when ``target`` is None."""
	counters = _read(_keys(target, address()))
	empty = rules.Counter()
	return rules.hold(
		counters.get(rules.PAIR, empty),
		counters.get(rules.TARGET, empty),
		counters[rules.ADDRESS_HOUR],
		counters[rules.ADDRESS_DAY],
	)


def record_failure(target: str | None) -> None:
	"""Count a wrong answer of the current address (for ``target`` when it names a number)."""
	keys = _keys(target, address())
	pipe = frappe.cache.pipeline()
	for key in keys.values():
		pipe.incr(key)
		pipe.ttl(key)
	values = pipe.execute()
	for index, (counter, key) in enumerate(keys.items()):
		if values[2 * index + 1] is None or values[2 * index + 1] < 0:
			frappe.cache.expire(key, counter[1])


def wait_text(seconds: int) -> str:
	minutes = rules.wait_minutes(seconds)
	if minutes <= 90:
		return _("{0} minutes").format(minutes)
	return _("{0} hours").format(-(-minutes // 60))


def held_message(hold: rules.Hold, for_this_number: str, for_any_number: str) -> str:
	"""The truth about the wait: ``for_this_number`` when this address is held back for this number,
	``for_any_number`` when for every number; both are translated texts with ``{0}`` for the wait."""
	text = for_this_number if hold.reason == "pair" else for_any_number
	return text.format(wait_text(hold.seconds))


def clear(ips) -> None:
	"""Remove the counters of these client addresses, or address patterns like ``198.51.100.*``
	(tests: the tier-2 site is shared by test runs). A number's own counter is left: on its own it
	never holds anyone back."""
	for ip in ips:
		client = ip if "*" in ip else rules.client_address(ip)
		keys = frappe.cache.keys(_key("*", client))
		if keys:
			frappe.cache.delete(*keys)
