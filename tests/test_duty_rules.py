"""On-site duty rules (gov_hall.rules.duty), without Frappe: session times, which punch belongs to
which session, clock-in/out, late / early leave / absent with the grace period, leave sessions and
the dedupe of slots when counting."""

import datetime as dt

import pytest

from gov_hall.rules import duty as d

DAY = dt.date(2026, 12, 1)
HOURS = d.HallSessions(
	opening=dt.time(9, 0),
	morning_end=dt.time(12, 0),
	afternoon_start=dt.time(13, 30),
	closing=dt.time(17, 30),
	off_hours_end=dt.time(20, 0),
)


def at(hour: int, minute: int = 0, second: int = 0, day: dt.date = DAY) -> dt.datetime:
	return dt.datetime.combine(day, dt.time(hour, minute, second))


MORNING = (at(9), at(12))
AFTERNOON = (at(13, 30), at(17, 30))
OFF_HOURS = (at(17, 30), at(20))
AFTER_DAY = at(23)


# ---------------------------------------------------------------------------------------------
# Sessions


def test_session_times():
	assert d.session_times(HOURS, "Morning") == (dt.time(9), dt.time(12))
	assert d.session_times(HOURS, "Afternoon") == (dt.time(13, 30), dt.time(17, 30))
	assert d.session_times(HOURS, "Off-Hours") == (dt.time(17, 30), dt.time(20))
	assert d.session_datetimes(HOURS, DAY, "Afternoon") == AFTERNOON


@pytest.mark.parametrize("off_hours_end", [None, dt.time(17, 30), dt.time(17, 0)])
def test_no_off_hours_without_an_end_after_closing(off_hours_end):
	hours = d.HallSessions(dt.time(9), dt.time(12), dt.time(13, 30), dt.time(17, 30), off_hours_end)
	assert d.session_times(hours, "Off-Hours") is None
	assert d.session_datetimes(hours, DAY, "Off-Hours") is None


def test_unknown_session_refused():
	with pytest.raises(d.DutyRuleError):
		d.session_times(HOURS, "Evening")


@pytest.mark.parametrize(
	"times, problem",
	[
		((9, 12, 13, 17), None),
		((9, 12, 12, 17), None),  # no lunch break is allowed
		((9, 9, 13, 17), "morning_end_before_opening"),
		((9, 13, 12, 17), "afternoon_before_morning_end"),
		((9, 12, 17, 17), "closing_before_afternoon"),
	],
)
def test_hours_problem(times, problem):
	hours = d.HallSessions(*(dt.time(h) for h in times))
	assert d.hours_problem(hours) == problem


# ---------------------------------------------------------------------------------------------
# Spans


def test_spans_split_the_lunch_gap_in_the_middle():
	spans = d.spans([("am", *MORNING), ("pm", *AFTERNOON)])
	assert spans["am"] == (at(0), at(12, 45))
	assert spans["pm"] == (at(12, 45), at(0, day=DAY + dt.timedelta(days=1)))


def test_spans_of_a_single_session_cover_the_whole_day():
	assert d.spans([("pm", *AFTERNOON)])["pm"] == (at(0), at(0, day=DAY + dt.timedelta(days=1)))


def test_spans_with_off_hours_meet_at_closing():
	spans = d.spans([("pm", *AFTERNOON), ("off", *OFF_HOURS), ("am", *MORNING)])
	assert spans["am"][1] == at(12, 45)
	assert spans["pm"] == (at(12, 45), at(17, 30))
	assert spans["off"][0] == at(17, 30)


def test_two_windows_in_one_session_share_the_span():
	spans = d.spans([("a", *MORNING), ("cover", *MORNING), ("pm", *AFTERNOON)])
	assert spans["a"] == spans["cover"] == (at(0), at(12, 45))


def test_no_sessions_no_spans():
	assert d.spans([]) == {}


# ---------------------------------------------------------------------------------------------
# Clock-in and clock-out


def test_clock_times_directed():
	punches = [(at(8, 55), "In"), (at(9, 10), "In"), (at(11, 50), "Out"), (at(12, 5), "Out")]
	assert d.clock_times(*MORNING, punches) == (at(8, 55), at(12, 5))


def test_clock_times_undirected_machine_punches_by_midpoint():
	# the morning's midpoint is 10:30
	punches = [(at(8, 58), None), (at(10, 29), None), (at(10, 30), None), (at(12, 1), None)]
	assert d.clock_times(*MORNING, punches) == (at(8, 58), at(12, 1))
	assert d.clock_times(*MORNING, [(at(10, 30), None)]) == (None, at(10, 30))
	assert d.clock_times(*MORNING, [(at(10, 29, 59), None)]) == (at(10, 29, 59), None)


def test_clock_times_a_late_in_after_the_midpoint_is_still_the_clock_in():
	assert d.clock_times(*MORNING, [(at(11), "In")]) == (at(11), None)


def test_clock_times_without_punches():
	assert d.clock_times(*MORNING, []) == (None, None)


# ---------------------------------------------------------------------------------------------
# Outcome


def out(clock_in, clock_out, grace=5, leave=False, now=AFTER_DAY, session=MORNING):
	return d.outcome(*session, clock_in, clock_out, grace, leave, now)


def test_on_time():
	assert out(at(8, 59), at(12, 1)) == d.Outcome("Present", 0, 0)


@pytest.mark.parametrize(
	"clock_in, status, minutes",
	[
		(at(9, 5), "Present", 0),  # exactly at the end of the grace period
		(at(9, 5, 1), "Late", 6),  # one second after: late, minutes from the start, rounded up
		(at(9, 30), "Late", 30),
	],
)
def test_grace_boundary_clock_in(clock_in, status, minutes):
	result = out(clock_in, at(12))
	assert (result.status, result.late_minutes, result.early_minutes) == (status, minutes, 0)


@pytest.mark.parametrize(
	"clock_out, status, minutes",
	[
		(at(11, 55), "Present", 0),
		(at(11, 54, 59), "Early Leave", 6),
		(at(11, 0), "Early Leave", 60),
	],
)
def test_grace_boundary_clock_out(clock_out, status, minutes):
	result = out(at(9), clock_out)
	assert (result.status, result.late_minutes, result.early_minutes) == (status, 0, minutes)


def test_zero_grace():
	assert out(at(9, 0, 30), at(12), grace=0) == d.Outcome("Late", 1, 0)
	assert out(at(9), at(12), grace=0) == d.Outcome("Present")


def test_late_and_early():
	assert out(at(9, 20), at(11, 30)) == d.Outcome("Late and Early Leave", 20, 30)


def test_missing_clock_out_is_early_leave_with_zero_minutes():
	assert out(at(9), None) == d.Outcome("Early Leave", 0, 0)
	assert out(at(9, 40), None) == d.Outcome("Late and Early Leave", 40, 0)


def test_missing_clock_in_is_late_with_zero_minutes():
	assert out(None, at(12)) == d.Outcome("Late", 0, 0)
	assert out(None, at(11)) == d.Outcome("Late and Early Leave", 0, 60)


def test_no_punches_is_absent_once_the_session_ended():
	assert out(None, None) == d.Outcome("Absent")
	assert out(None, None, now=at(12)) == d.Outcome("Absent")


def test_leave_wins_over_everything():
	assert out(None, None, leave=True) == d.Outcome("On Leave")
	assert out(at(9, 30), at(10), leave=True) == d.Outcome("On Leave")


def test_session_not_over_is_tentative():
	assert out(None, None, now=at(8)) == d.Outcome("Scheduled")
	assert out(None, None, now=at(11, 59, 59)) == d.Outcome("Scheduled")
	assert out(at(8, 59), None, now=at(10)) == d.Outcome("Present")
	assert out(at(9, 10), None, now=at(10)) == d.Outcome("Late", 10, 0)


# ---------------------------------------------------------------------------------------------
# A whole day


def test_evaluate_day_shares_punches_across_lunch():
	sessions = [("am", *MORNING, False), ("pm", *AFTERNOON, False)]
	# four machine punches without direction: in, out at lunch, in, out
	punches = [(at(8, 57), None), (at(12, 2), None), (at(13, 20), None), (at(17, 31), None)]
	result = d.evaluate_day(sessions, punches, 5, AFTER_DAY)
	assert (result["am"].clock_in, result["am"].clock_out) == (at(8, 57), at(12, 2))
	assert (result["pm"].clock_in, result["pm"].clock_out) == (at(13, 20), at(17, 31))
	assert result["am"].outcome.status == result["pm"].outcome.status == "Present"


def test_evaluate_day_lunch_punch_after_the_gap_middle_goes_to_the_afternoon():
	sessions = [("am", *MORNING, False), ("pm", *AFTERNOON, False)]
	# clocked out for lunch only at 12:50, after the middle of the gap (12:45): that is an
	# afternoon punch before its midpoint, so the afternoon's clock-in; the morning lacks a clock-out
	punches = [(at(9), "In"), (at(12, 50), None), (at(17, 30), "Out")]
	result = d.evaluate_day(sessions, punches, 5, AFTER_DAY)
	assert result["am"].outcome == d.Outcome("Early Leave", 0, 0)
	assert result["pm"].clock_in == at(12, 50)
	assert result["pm"].outcome.status == "Present"


def test_evaluate_day_afternoon_only_takes_the_morning_punches():
	sessions = [("pm", *AFTERNOON, False)]
	result = d.evaluate_day(sessions, [(at(9), "In"), (at(17, 40), "Out")], 5, AFTER_DAY)
	assert result["pm"].clock_in == at(9)
	assert result["pm"].outcome.status == "Present"


def test_evaluate_day_off_hours_meeting_the_afternoon_at_closing():
	sessions = [("pm", *AFTERNOON, False), ("off", *OFF_HOURS, False)]
	punches = [(at(13, 25), "In"), (at(17, 30), "Out"), (at(17, 30), "In"), (at(19, 50), "Out")]
	result = d.evaluate_day(sessions, punches, 5, AFTER_DAY)
	# an Out at the boundary closes the afternoon, an In at the same instant opens the off-hours
	assert (result["pm"].clock_in, result["pm"].clock_out) == (at(13, 25), at(17, 30))
	assert result["pm"].outcome == d.Outcome("Present")
	assert (result["off"].clock_in, result["off"].clock_out) == (at(17, 30), at(19, 50))
	assert result["off"].outcome == d.Outcome("Early Leave", 0, 10)


def test_in_span_boundary():
	span = (at(12, 45), at(17, 30))
	assert d.in_span(at(12, 45), span) and not d.in_span(at(17, 30), span)
	assert d.in_span(at(17, 30), span, "Out") and not d.in_span(at(12, 45), span, "Out")
	assert not d.in_span(at(17, 30), span, "In")


def test_evaluate_day_leave_and_absence():
	sessions = [("am", *MORNING, True), ("pm", *AFTERNOON, False)]
	result = d.evaluate_day(sessions, [], 5, AFTER_DAY)
	assert result["am"].outcome.status == "On Leave"
	assert result["pm"].outcome.status == "Absent"


def test_present_at():
	assert d.present_at(at(9), None, at(10))
	assert not d.present_at(at(9), None, at(8, 59))
	assert not d.present_at(None, None, at(10))
	assert d.present_at(at(9), at(11), at(10, 59))
	assert not d.present_at(at(9), at(11), at(11))
	assert d.present_at(at(10), at(9, 30), at(10, 30))  # left and came back


# ---------------------------------------------------------------------------------------------
# Leave sessions


def working_days(first: dt.date, last: dt.date) -> list[dt.date]:
	days = []
	while first <= last:
		if first.weekday() < 5:
			days.append(first)
		first += dt.timedelta(days=1)
	return days


def test_leave_sessions_half_days_and_weekend():
	# Friday afternoon to Monday morning: the weekend is not working
	friday, monday = dt.date(2026, 12, 4), dt.date(2026, 12, 7)
	result = d.leave_sessions(friday, "Afternoon", monday, "Morning", working_days(friday, monday))
	assert result == [(friday, "Afternoon"), (monday, "Morning")]


def test_leave_sessions_one_session_and_outside_days_ignored():
	days = working_days(DAY - dt.timedelta(days=7), DAY + dt.timedelta(days=7))
	assert d.leave_sessions(DAY, "Morning", DAY, "Morning", days) == [(DAY, "Morning")]
	assert len(d.leave_sessions(DAY, "Morning", DAY + dt.timedelta(days=1), "Afternoon", days)) == 4


def test_leave_sessions_backwards_refused():
	with pytest.raises(d.DutyRuleError):
		d.leave_sessions(DAY, "Afternoon", DAY, "Morning", [DAY])


# ---------------------------------------------------------------------------------------------
# Counting


def slot(staff, session, post_role, duty_status, day=DAY, status="Active"):
	return {
		"staff": staff,
		"duty_date": day,
		"session": session,
		"post_role": post_role,
		"duty_status": duty_status,
		"status": status,
	}


def test_counted_slots_cover_with_own_slot_is_one_session():
	rows = [slot("b", "Morning", "B", "Present"), slot("b", "Morning", "Cover", "Present")]
	counted = d.counted_slots(rows)
	assert len(counted) == 1
	assert counted[0]["post_role"] == "B" and counted[0]["cover"] == 1


def test_counted_slots_cover_alone_counts_as_duty_and_cover():
	counted = d.counted_slots([slot("c", "Afternoon", "Cover", "Late")])
	assert len(counted) == 1 and counted[0]["cover"] == 1 and counted[0]["duty_status"] == "Late"


def test_counted_slots_keeps_separate_sessions_days_and_people_and_drops_cancelled():
	rows = [
		slot("a", "Morning", "A", "Present"),
		slot("a", "Afternoon", "A", "Late"),
		slot("a", "Morning", "A", "Present", day=DAY + dt.timedelta(days=1)),
		slot("b", "Morning", "A", "Absent"),
		slot("a", "Morning", "Extra", "Present"),
		slot("a", "Afternoon", "Extra", "Absent", status="Cancelled"),
	]
	counted = d.counted_slots(rows)
	assert len(counted) == 4
	assert sorted((r["staff"], r["post_role"], r["cover"]) for r in counted) == [
		("a", "A", 0),
		("a", "A", 0),
		("a", "A", 0),
		("b", "A", 0),
	]


def test_tally():
	rows = [
		slot("a", "Morning", "A", "Present"),
		slot("a", "Afternoon", "A", "Late and Early Leave"),
		slot("a", "Morning", "A", "Absent", day=DAY + dt.timedelta(days=1)),
		slot("a", "Afternoon", "A", "On Leave", day=DAY + dt.timedelta(days=1)),
		slot("a", "Morning", "A", "Scheduled", day=DAY + dt.timedelta(days=2)),
		slot("b", "Afternoon", "B", "Present", day=DAY + dt.timedelta(days=1)),
		slot("b", "Afternoon", "Cover", "Present", day=DAY + dt.timedelta(days=1)),
	]
	counts = d.tally(rows)
	assert counts["a"] == d.DutyCounts(duty_sessions=3, late=1, early_leave=1, absent=1, leave=1)
	assert counts["b"] == d.DutyCounts(duty_sessions=1, cover=1)
