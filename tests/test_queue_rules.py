"""The queue's rules (gov_hall.rules.queue), without Frappe: ticket numbers, prefixes, the order of
calling, the moves, wait and service times, statistics and device addresses."""

import datetime as dt
import re
from pathlib import Path

import pytest

from gov_hall.rules import queue as q

T0 = dt.datetime(2026, 12, 1, 9, 0, 0)


def at(minutes: int) -> dt.datetime:
	return T0 + dt.timedelta(minutes=minutes)


@pytest.mark.parametrize(
	"prefix, serial, digits, expected",
	[
		("A", 23, 3, "A023"),
		("B", 1, 3, "B001"),
		("AB", 7, 4, "AB0007"),
		("C", 1234, 3, "C1234"),
		("D", 5, 0, "D005"),
	],
)
def test_ticket_number(prefix, serial, digits, expected):
	assert q.ticket_number(prefix, serial, digits) == expected


@pytest.mark.parametrize("prefix", ["", "a", "ABC", "1", "A1", None, "Ä"])
def test_ticket_number_refuses_bad_prefix(prefix):
	with pytest.raises(q.QueueRuleError) as err:
		q.ticket_number(prefix, 1)
	assert err.value.code == "bad_prefix"


@pytest.mark.parametrize("serial", [0, -1, "3", None, 1.5])
def test_ticket_number_refuses_bad_serial(serial):
	with pytest.raises(q.QueueRuleError):
		q.ticket_number("A", serial)


def test_clean_prefix():
	assert q.clean_prefix(" ab ") == "AB"
	for bad in ("", "A-", "ABC", "甲", 5):
		with pytest.raises(q.QueueRuleError):
			q.clean_prefix(bad)


def test_next_prefix_fills_gaps_then_goes_to_two_letters():
	assert q.next_prefix([]) == "A"
	assert q.next_prefix(["A", "C"]) == "B"
	assert q.next_prefix(["a", "b"]) == "C"
	assert q.next_prefix(list("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) == "AA"
	everything = list(q.all_prefixes())
	assert len(everything) == 26 + 26 * 26 and len(set(everything)) == len(everything)
	with pytest.raises(q.QueueRuleError) as err:
		q.next_prefix(everything)
	assert err.value.code == "no_prefix_left"


def test_call_order_priority_then_slot_then_arrival_then_name():
	tickets = [
		{"name": "t1", "priority": 0, "slot_start": None, "issued_on": at(0)},
		{"name": "t2", "priority": 1, "slot_start": at(30), "issued_on": at(5)},
		{"name": "t3", "priority": 1, "slot_start": at(10), "issued_on": at(8)},
		{"name": "t4", "priority": 0, "slot_start": None, "issued_on": at(-5)},
		{"name": "t5", "priority": 0, "slot_start": None, "issued_on": at(0)},
	]
	assert [t["name"] for t in q.call_order(tickets)] == ["t3", "t2", "t4", "t1", "t5"]


def test_call_order_sql_names_the_same_keys():
	assert q.CALL_ORDER_SQL.split(", ")[0] == "`priority` desc"
	assert "coalesce(`slot_start`, `issued_on`)" in q.CALL_ORDER_SQL
	assert q.CALL_ORDER_SQL.endswith("`issued_on`, `name`")


def test_serves():
	assert q.serves("D1", None, "W1", ["D1", "D2"])
	assert not q.serves("D3", None, "W1", ["D1", "D2"])
	assert q.serves("D3", "W1", "W1", ["D1"])  # transferred to the window
	assert not q.serves("D1", "W2", "W1", ["D1"])  # held for another window


def test_no_show_after_n_recalls():
	assert not q.no_show_due(0, 3)
	assert not q.no_show_due(2, 3)
	assert q.no_show_due(3, 3)
	assert q.no_show_due(0, 0)


@pytest.mark.parametrize(
	"action, status, after",
	[
		("Call", "Waiting", "Called"),
		("Recall", "Called", "Called"),
		("No Show", "Called", "No Show"),
		("Transfer", "Serving", "Waiting"),
		("Start Service", "Called", "Serving"),
		("Finish Service", "Serving", "Done"),
		("Finish Service", "Called", "Done"),
		("Cancel", "Waiting", "Cancelled"),
	],
)
def test_next_status(action, status, after):
	assert q.next_status(action, status) == after


@pytest.mark.parametrize(
	"action, status",
	[
		("Call", "Called"),
		("Recall", "Waiting"),
		("Start Service", "Done"),
		("Finish Service", "Waiting"),
		("Transfer", "Done"),
	],
)
def test_next_status_refuses(action, status):
	with pytest.raises(q.QueueRuleError) as err:
		q.next_status(action, status)
	assert err.value.code == "wrong_status"


def test_wait_seconds():
	assert q.wait_seconds(at(0), at(12)) == 720
	assert q.wait_seconds(at(0), None) is None
	# checked in 20 minutes before the slot, called 5 minutes after its start: waited 5 minutes
	assert q.wait_seconds(at(0), at(25), slot_start=at(20)) == 300
	# late for the slot: waits from arrival
	assert q.wait_seconds(at(30), at(35), slot_start=at(20)) == 300
	# called before the slot: no negative wait
	assert q.wait_seconds(at(0), at(10), slot_start=at(20)) == 0


def test_service_seconds():
	assert q.service_seconds(at(1), at(11)) == 600
	assert q.service_seconds(None, at(11), called_on=at(6)) == 300
	assert q.service_seconds(at(1), None) is None
	assert q.minutes(90) == 1.5 and q.minutes(None) is None


def test_median_and_p90():
	assert q.median([]) is None
	assert q.median([5]) == 5
	assert q.median([3, 1, 2]) == 2
	assert q.median([4, 1, 3, 2]) == 2.5
	assert q.median([1, None, 3]) == 2
	assert q.p90([]) is None
	assert q.p90([7]) == 7
	assert q.p90(list(range(1, 11))) == pytest.approx(9.1)
	assert q.p90([10, 20]) == pytest.approx(19)


def test_off_hours():
	opening, closing = dt.time(9), dt.time(17)
	assert not q.is_off_hours_moment(at(0), opening, closing, True)
	assert q.is_off_hours_moment(dt.datetime(2026, 12, 1, 18, 0), opening, closing, True)
	assert q.is_off_hours_moment(dt.datetime(2026, 12, 1, 8, 59), opening, closing, True)
	assert q.is_off_hours_moment(at(0), opening, closing, False)
	q.check_off_hours(False, False)
	q.check_off_hours(True, True)
	with pytest.raises(q.QueueRuleError) as err:
		q.check_off_hours(True, False)
	assert err.value.code == "off_hours_not_offered"


def test_device_addresses():
	assert q.address_allowed("10.0.0.5", "")
	assert q.address_allowed("10.0.0.5", None)
	assert q.address_allowed("10.0.0.5", "10.0.0.0/24\n192.168.1.9")
	assert q.address_allowed("192.168.1.9", "10.0.0.0/24\n192.168.1.9")
	assert not q.address_allowed("10.0.1.5", "10.0.0.0/24")
	assert not q.address_allowed(None, "10.0.0.0/24")
	assert not q.address_allowed("not-an-ip", "10.0.0.0/24")
	assert q.address_allowed("::1", "::1/128")
	with pytest.raises(q.QueueRuleError):
		q.parse_networks("10.0.0.300")


def test_rules_module_imports_no_frappe():
	source = (Path(q.__file__)).read_text(encoding="utf-8")
	assert not re.search(r"^\s*(import|from)\s+frappe", source, re.M)
