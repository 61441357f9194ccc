"""Guessing limits at the public lookups: who is held back, for how long, and how far a guesser gets."""

import math

import pytest

from gov_hall.rules import guessing as g

C = g.Counter
CLEAN = C()


def hold(pair=CLEAN, target=CLEAN, hour=CLEAN, day=CLEAN, limits=g.LIMITS):
	return g.hold(pair, target, hour, day, limits)


# --- client address ----------------------------------------------------------------------------


@pytest.mark.parametrize(
	"ip, expected",
	[
		("203.0.113.7", "203.0.113.7"),
		(" 203.0.113.7 ", "203.0.113.7"),
		("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
		("2001:db8:1:2:ffff::1", "2001:db8:1:2::/64"),  # same subscriber, same count
		("::ffff:203.0.113.7", "203.0.113.7"),
		("", "unknown"),
		(None, "unknown"),
		("not an address", "unknown"),
		("203.0.113.7, 10.0.0.1", "unknown"),
	],
)
def test_client_address(ip, expected):
	assert g.client_address(ip) == expected


# --- who is held back --------------------------------------------------------------------------


def test_a_clean_address_is_always_checked_however_much_others_guessed():
	# the number has had hundreds of wrong answers from elsewhere: this address has none
	assert hold(target=C(500, 3600)) is None


def test_a_few_wrong_answers_for_one_number_hold_that_address_for_that_number():
	limits = g.LIMITS
	assert hold(pair=C(limits.pair_per_day - 1, 100)) is None
	held = hold(pair=C(limits.pair_per_day, 7200))
	assert held == g.Hold("pair", 7200)


def test_a_number_guessed_widely_holds_every_address_that_already_answered_wrongly():
	limits = g.LIMITS
	widely = C(limits.attack_threshold, 5000)
	assert hold(pair=C(1, 4000), target=widely) == g.Hold("pair", 4000)
	assert hold(pair=CLEAN, target=widely) is None
	assert hold(pair=C(1, 4000), target=C(limits.attack_threshold - 1, 5000)) is None


def test_the_address_budget_holds_the_address_for_every_number():
	limits = g.LIMITS
	assert hold(hour=C(limits.address_per_hour - 1, 100)) is None
	assert hold(hour=C(limits.address_per_hour, 1800)) == g.Hold("address", 1800)
	assert hold(day=C(limits.address_per_day, 80000)) == g.Hold("address", 80000)


def test_the_longest_wait_applies():
	limits = g.LIMITS
	held = hold(pair=C(limits.pair_per_day, 600), hour=C(limits.address_per_hour, 1800))
	assert held == g.Hold("address", 1800)
	held = hold(pair=C(limits.pair_per_day, 60000), hour=C(limits.address_per_hour, 1800))
	assert held == g.Hold("pair", 60000)


def test_wait_in_whole_minutes_rounded_up():
	assert g.wait_minutes(0) == 1
	assert g.wait_minutes(1) == 1
	assert g.wait_minutes(60) == 1
	assert g.wait_minutes(61) == 2
	assert g.wait_minutes(3600) == 60
	assert g.wait_minutes(-5) == 1


# --- the arithmetic for the README -------------------------------------------------------------


def test_one_address_gets_five_tries_a_day_at_one_number():
	assert g.guesses_per_day_at_one_number(1) == 5
	# on average the digits come at try 5,000.5: about 1,000 days (2.7 years)
	assert g.expected_days_to_open_one_number(1) == pytest.approx(1000.1)


def test_many_addresses_get_one_try_each_once_the_number_is_guessed_widely():
	assert g.guesses_per_day_at_one_number(2) == 10
	assert g.guesses_per_day_at_one_number(3) == 11
	assert g.guesses_per_day_at_one_number(100) == 108
	assert g.guesses_per_day_at_one_number(1000) == 1008
	assert g.expected_days_to_open_one_number(100) == pytest.approx(46.3, abs=0.1)
	assert g.expected_days_to_open_one_number(1000) == pytest.approx(4.96, abs=0.01)
	assert g.guesses_per_day_at_one_number(0) == 0
	assert math.isinf(g.expected_days_to_open_one_number(0))


def test_spreading_guesses_over_many_numbers_is_bounded_by_the_address_budget():
	assert g.guesses_per_day_spread(1) == 50
	# one right answer (on some case) every 200 days from one address, every 2 days from 100
	assert g.expected_days_to_open_any_number(1) == pytest.approx(200)
	assert g.expected_days_to_open_any_number(100) == pytest.approx(2)


def test_without_the_widely_guessed_rule_many_addresses_would_get_five_each():
	loose = g.Limits(pair_per_day_under_attack=5)
	assert g.guesses_per_day_at_one_number(100, limits=loose) == 500
