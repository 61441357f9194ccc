"""Appointment slots and booking rules on real 2025–2026 dates (holidays and 调休 make-up days)."""

import datetime

import pytest

from gov_hall.rules import appointments as ap
from gov_hall.rules.workdays import WorkCalendar

D = datetime.date
T = datetime.time
CN = WorkCalendar()

REGULAR = ap.HallHours(opening=T(9), closing=T(17, 30))
OFF_HOURS = ap.HallHours(
	opening=T(9),
	closing=T(17, 30),
	offers_off_hours=True,
	extended_closing=T(19),
	holiday_opening=T(9),
	holiday_closing=T(12),
)


def starts(slots):
	return [s.start.strftime("%H:%M") for s in slots]


# --- slot generation ---------------------------------------------------------------------------


def test_working_day_has_whole_regular_slots():
	slots = ap.day_slots(D(2025, 10, 9), REGULAR, CN, 30)  # ordinary Thursday
	assert len(slots) == 17
	assert slots[0] == ap.Slot(T(9), T(9, 30))
	assert slots[-1] == ap.Slot(T(17), T(17, 30))
	assert not any(s.is_off_hours for s in slots)


def test_slot_that_would_overrun_closing_is_not_offered():
	slots = ap.day_slots(D(2025, 10, 9), REGULAR, CN, 45)
	# 9:00 + 45' steps: the last whole slot is 16:30–17:15; 17:15–18:00 would overrun 17:30
	assert starts(slots)[-1] == "16:30"
	assert slots[-1].end == T(17, 15)
	assert all(s.end <= T(17, 30) for s in slots)


@pytest.mark.parametrize("minutes", [0, 4, 241, -30])
def test_unreasonable_slot_length_rejected(minutes):
	with pytest.raises(ValueError):
		ap.day_slots(D(2025, 10, 9), REGULAR, CN, minutes)


@pytest.mark.parametrize(
	"day",
	[
		D(2025, 10, 1),  # National Day
		D(2025, 10, 4),  # Saturday inside the Golden Week
		D(2025, 10, 8),  # substituted rest day (from 10-11)
		D(2025, 10, 12),  # ordinary Sunday
		D(2026, 2, 17),  # Spring Festival 2026
		D(2026, 2, 23),  # Monday rest day (substituted from 02-28)
		D(2026, 10, 5),  # National Day 2026 observed
	],
)
def test_rest_days_have_no_slots_without_off_hours_service(day):
	assert ap.day_slots(day, REGULAR, CN, 30) == []


@pytest.mark.parametrize(
	"day",
	[
		D(2025, 9, 28),  # Sunday make-up working day before National Day
		D(2025, 10, 11),  # Saturday make-up working day after it
		D(2026, 1, 4),  # Sunday make-up for New Year 2026
		D(2026, 2, 14),  # Saturday make-up for Spring Festival 2026
		D(2026, 2, 28),
		D(2026, 5, 9),
		D(2026, 9, 20),
		D(2026, 10, 10),
	],
)
def test_makeup_weekend_days_have_regular_slots(day):
	assert day.weekday() >= 5
	slots = ap.day_slots(day, REGULAR, CN, 30)
	assert len(slots) == 17
	assert not any(s.is_off_hours for s in slots)


def test_national_day_2025_closed_every_day_for_a_regular_hall():
	days = [D(2025, 10, 1) + datetime.timedelta(days=i) for i in range(8)]
	assert all(ap.day_slots(day, REGULAR, CN, 30) == [] for day in days)
	assert ap.day_slots(D(2025, 9, 30), REGULAR, CN, 30)
	assert ap.day_slots(D(2025, 10, 9), REGULAR, CN, 30)


def test_off_hours_hall_opens_holidays_with_flagged_slots():
	slots = ap.day_slots(D(2025, 10, 3), OFF_HOURS, CN, 30)
	assert starts(slots) == ["09:00", "09:30", "10:00", "10:30", "11:00", "11:30"]
	assert all(s.is_off_hours for s in slots)


def test_off_hours_hall_extends_working_days_with_flagged_evening_slots():
	slots = ap.day_slots(D(2025, 10, 11), OFF_HOURS, CN, 30)  # make-up Saturday: a working day
	regular = [s for s in slots if not s.is_off_hours]
	evening = [s for s in slots if s.is_off_hours]
	assert len(regular) == 17
	assert starts(evening) == ["17:30", "18:00", "18:30"]
	assert evening[-1].end == T(19)


def test_holiday_hours_default_to_regular_hours():
	hours = ap.HallHours(opening=T(8, 30), closing=T(12), offers_off_hours=True)
	slots = ap.day_slots(D(2026, 10, 1), hours, CN, 60)
	assert [(s.start, s.end) for s in slots] == [
		(T(8, 30), T(9, 30)),
		(T(9, 30), T(10, 30)),
		(T(10, 30), T(11, 30)),
	]
	assert all(s.is_off_hours for s in slots)


@pytest.mark.parametrize(
	"opening, closing",
	[(None, None), (T(10, 49, 6), T(10, 49, 6)), (T(12), T(9)), (T(9), None)],
)
def test_holiday_hours_without_a_range_fall_back_to_regular_hours(opening, closing):
	hours = ap.HallHours(
		opening=T(9), closing=T(11), offers_off_hours=True, holiday_opening=opening, holiday_closing=closing
	)
	assert starts(ap.day_slots(D(2026, 2, 17), hours, CN, 30)) == ["09:00", "09:30", "10:00", "10:30"]


def test_extended_closing_before_closing_adds_nothing():
	hours = ap.HallHours(opening=T(9), closing=T(17), offers_off_hours=True, extended_closing=T(16))
	slots = ap.day_slots(D(2025, 10, 9), hours, CN, 60)
	assert len(slots) == 8 and not any(s.is_off_hours for s in slots)


def test_hall_closure_and_extra_working_day_follow_the_hall_calendar():
	calendar = WorkCalendar(closures=["2025-10-09"], extra_working_days=["2025-10-04"])
	assert ap.day_slots(D(2025, 10, 9), REGULAR, calendar, 30) == []
	extra = ap.day_slots(D(2025, 10, 4), REGULAR, calendar, 30)
	assert len(extra) == 17 and not any(s.is_off_hours for s in extra)
	# at an off-hours hall the closed Thursday becomes holiday service
	closed = ap.day_slots(D(2025, 10, 9), OFF_HOURS, calendar, 30)
	assert closed and all(s.is_off_hours for s in closed)


# --- classifying a booking ---------------------------------------------------------------------


def test_classify_regular_slot():
	slot = ap.classify_booking(D(2025, 9, 28), "10:00:00", REGULAR, CN, 30)
	assert slot == ap.Slot(T(10), T(10, 30), is_off_hours=False)


def test_classify_holiday_at_regular_hall_is_refused_as_off_hours():
	with pytest.raises(ap.AppointmentRuleError) as err:
		ap.classify_booking(D(2025, 10, 2), "10:00", REGULAR, CN, 30)
	assert err.value.code == "off_hours_not_offered"


def test_classify_evening_at_hall_without_service_but_with_extension_set():
	hours = ap.HallHours(opening=T(9), closing=T(17, 30), extended_closing=T(19))
	with pytest.raises(ap.AppointmentRuleError) as err:
		ap.classify_booking(D(2025, 10, 9), "18:00", hours, CN, 30)
	assert err.value.code == "off_hours_not_offered"
	assert ap.find_slot(ap.day_slots(D(2025, 10, 9), hours, CN, 30), "18:00") is None


def test_classify_flags_holiday_and_evening_at_off_hours_hall():
	assert ap.classify_booking(D(2025, 10, 2), "10:00", OFF_HOURS, CN, 30).is_off_hours
	assert ap.classify_booking(D(2025, 10, 9), "18:30", OFF_HOURS, CN, 30).is_off_hours
	assert not ap.classify_booking(D(2025, 10, 9), "17:00", OFF_HOURS, CN, 30).is_off_hours


@pytest.mark.parametrize("start", ["09:15", "08:30", "17:30", "12:00:01", "23:00"])
def test_classify_time_that_is_no_slot(start):
	with pytest.raises(ap.AppointmentRuleError) as err:
		ap.classify_booking(D(2025, 10, 9), start, REGULAR, CN, 30)
	assert err.value.code == "no_slot"


def test_classify_holiday_time_outside_holiday_hours_is_no_slot():
	with pytest.raises(ap.AppointmentRuleError) as err:
		ap.classify_booking(D(2025, 10, 2), "15:00", OFF_HOURS, CN, 30)
	assert err.value.code == "no_slot"


# --- times ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
	"value, expected",
	[
		("09:30", T(9, 30)),
		("9:30:00", T(9, 30)),
		("17:30:00.000000", T(17, 30)),
		(datetime.timedelta(hours=17, minutes=30), T(17, 30)),
		(T(8, 0, 0, 5), T(8)),
		(None, None),
		("", None),
	],
)
def test_as_time(value, expected):
	assert ap.as_time(value) == expected


@pytest.mark.parametrize("value", ["25:00", "9h30", "<b>9</b>", datetime.timedelta(days=1, hours=1), "12:60"])
def test_as_time_rejects_non_times(value):
	with pytest.raises(ValueError):
		ap.as_time(value)


# --- capacity ------------------------------------------------------------------------------------


def test_capacity_is_windows_times_places():
	assert ap.slot_capacity(3, 2) == 6
	assert ap.slot_capacity(0, 2) == 0
	assert ap.remaining_places(6, 4) == 2
	assert ap.remaining_places(6, 6) == 0
	assert ap.remaining_places(2, 5) == 0  # overbooked by staff: never negative


# --- dates ---------------------------------------------------------------------------------------


def test_booking_period_and_date_checks():
	today = D(2025, 9, 26)
	assert ap.booking_period(today, 14) == (today, D(2025, 10, 10))
	ap.check_booking_date(today, today, 14)
	ap.check_booking_date(D(2025, 10, 10), today, 14)
	with pytest.raises(ap.AppointmentRuleError) as err:
		ap.check_booking_date(D(2025, 9, 25), today, 14)
	assert err.value.code == "date_past"
	with pytest.raises(ap.AppointmentRuleError) as err:
		ap.check_booking_date(D(2025, 10, 11), today, 14)
	assert err.value.code == "date_too_far"


def test_slot_started_and_open_slots():
	day = D(2025, 9, 28)
	slots = ap.day_slots(day, REGULAR, CN, 30)
	now = datetime.datetime(2025, 9, 28, 16, 10)
	assert ap.slot_started(day, "16:00", now)
	assert not ap.slot_started(day, "16:30", now)
	assert ap.slot_started(day, "16:10", now)  # starts exactly now: too late
	assert starts(ap.open_slots(slots, day, now)) == ["16:30", "17:00"]
	assert len(ap.open_slots(slots, D(2025, 9, 29), now)) == 17


# --- booking codes -------------------------------------------------------------------------------


def test_booking_code_alphabet_is_unambiguous():
	assert not set("0O1I") & set(ap.BOOKING_CODE_ALPHABET)
	assert len(set(ap.BOOKING_CODE_ALPHABET)) == len(ap.BOOKING_CODE_ALPHABET) == 32


def test_booking_codes_are_random_and_well_formed():
	codes = {ap.new_booking_code() for _ in range(2000)}
	assert len(codes) == 2000
	for code in codes:
		assert len(code) == 8 and set(code) <= set(ap.BOOKING_CODE_ALPHABET)
		assert ap.normalise_booking_code(code) == code


@pytest.mark.parametrize(
	"value, expected",
	[
		("abcd-2345", "ABCD2345"),
		(" ABCD 2345 ", "ABCD2345"),
		("ＡＢＣＤ２３４５", "ABCD2345"),  # full-width, as typed with a Chinese IME
		("ABCD0345", None),  # 0 is never used
		("ABCDI345", None),
		("ABCD234", None),
		("ABCD23456", None),
		("<script>", None),
		(12345678, None),
		(None, None),
		("A" * 100, None),
	],
)
def test_normalise_booking_code(value, expected):
	assert ap.normalise_booking_code(value) == expected


# --- applicant input -----------------------------------------------------------------------------


def test_applicant_name_trimmed_and_kept():
	assert ap.clean_applicant_name("  张  三 ") == "张 三"
	assert ap.clean_applicant_name("阿依古丽·买买提") == "阿依古丽·买买提"
	assert ap.clean_applicant_name("李" * 40) == "李" * 40


@pytest.mark.parametrize(
	"value, code",
	[
		("", "name_missing"),
		("   ", "name_missing"),
		(None, "name_missing"),
		("李" * 41, "name_too_long"),
		("<script>alert(1)</script>", "name_markup"),
		("张三<b>", "name_markup"),
		("张三＜img＞", "name_markup"),  # full-width brackets
		("张\x00三", "name_markup"),
	],
)
def test_applicant_name_refused(value, code):
	with pytest.raises(ap.AppointmentRuleError) as err:
		ap.clean_applicant_name(value)
	assert err.value.code == code


def test_note_checks():
	assert ap.clean_note("  带齐材料\n谢谢 ") == "带齐材料\n谢谢"
	assert ap.clean_note(None) == ""
	with pytest.raises(ap.AppointmentRuleError) as err:
		ap.clean_note("x" * 501)
	assert err.value.code == "note_too_long"
	with pytest.raises(ap.AppointmentRuleError) as err:
		ap.clean_note('<a href="http://evil.example">点我</a>')
	assert err.value.code == "note_markup"


# --- daily caps per mobile and per address -----------------------------------------------------


def test_daily_cap_allows_up_to_the_cap():
	assert ap.within_daily_cap(0, 3)
	assert ap.within_daily_cap(2, 3)
	assert not ap.within_daily_cap(3, 3)
	assert not ap.within_daily_cap(10, 3)


def test_a_cap_of_zero_is_no_cap():
	assert ap.within_daily_cap(1000, 0)
	assert ap.within_daily_cap(1000, None)


def test_default_caps():
	assert ap.DEFAULT_BOOKINGS_PER_MOBILE_PER_DAY == 3
	assert ap.DEFAULT_BOOKINGS_PER_ADDRESS_PER_DAY == 10
