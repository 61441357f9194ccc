"""Case time limits across China's 2025-2026 holidays and 调休 make-up working days."""

import datetime as dt

import pytest

from gov_hall.rules import deadlines
from gov_hall.rules.deadlines import Pause
from gov_hall.rules.workdays import WorkCalendar

D = dt.date
CAL = WorkCalendar()


class TestDueDate:
	def test_day_one_is_the_first_working_day_after_acceptance(self):
		# accepted Friday 2025-03-14: day 1 is Monday 03-17, day 5 Friday 03-21
		assert deadlines.due_date(CAL, D(2025, 3, 14), 5) == D(2025, 3, 21)

	def test_limit_zero_is_the_same_day(self):
		assert deadlines.due_date(CAL, D(2025, 3, 14), 0) == D(2025, 3, 14)

	def test_national_day_2025_with_makeup_saturdays(self):
		# Sunday 2025-09-28 and Saturday 2025-10-11 are make-up working days;
		# 2025-10-01..08 are rest days
		assert deadlines.due_date(CAL, D(2025, 9, 26), 1) == D(2025, 9, 28)
		assert deadlines.due_date(CAL, D(2025, 9, 29), 2) == D(2025, 10, 9)
		assert deadlines.due_date(CAL, D(2025, 10, 9), 2) == D(2025, 10, 11)

	def test_spring_festival_2026(self):
		# 2026 Spring Festival: rest 02-15..02-23, make-up working days Sat 02-14 and Sat 02-28
		assert deadlines.due_date(CAL, D(2026, 2, 13), 1) == D(2026, 2, 14)
		assert deadlines.due_date(CAL, D(2026, 2, 14), 1) == D(2026, 2, 24)
		assert deadlines.due_date(CAL, D(2026, 2, 24), 4) == D(2026, 2, 28)

	def test_labour_day_2025(self):
		# rest 2025-05-01..05; Sunday 04-27 is a make-up working day
		assert deadlines.due_date(CAL, D(2025, 4, 25), 1) == D(2025, 4, 27)
		assert deadlines.due_date(CAL, D(2025, 4, 30), 1) == D(2025, 5, 6)

	def test_extension_and_pauses_add_working_days(self):
		assert deadlines.due_date(CAL, D(2025, 3, 14), 5, extension_days=3) == D(2025, 3, 26)
		assert deadlines.due_date(CAL, D(2025, 3, 14), 5, 3, paused_days=2) == D(2025, 3, 28)

	def test_hall_closure_and_extra_working_day(self):
		hall = WorkCalendar(closures=["2025-03-17"], extra_working_days=["2025-03-15"])
		# Sat 03-15 worked, Mon 03-17 closed
		assert deadlines.due_date(hall, D(2025, 3, 14), 2) == D(2025, 3, 18)

	def test_negative_values_are_refused(self):
		with pytest.raises(ValueError):
			deadlines.due_date(CAL, D(2025, 3, 14), -1)
		with pytest.raises(ValueError):
			deadlines.due_date(CAL, D(2025, 3, 14), 5, extension_days=-2)


class TestClockStart:
	received = D(2025, 9, 26)  # Friday; the fifth working day after is Fri 10-10 (Sun 09-28 works)

	def test_notice_deadline_skips_the_holiday(self):
		assert deadlines.notice_deadline(CAL, self.received, 5) == D(2025, 10, 10)

	def test_acceptance_on_the_last_notice_day_is_timely(self):
		start = deadlines.clock_start(CAL, self.received, D(2025, 10, 10), None, today=D(2025, 10, 10))
		assert start == deadlines.ClockStart(D(2025, 10, 10), False)

	def test_timely_acceptance_starts_on_acceptance(self):
		start = deadlines.clock_start(CAL, self.received, D(2025, 9, 29), None, today=D(2025, 9, 30))
		assert start == deadlines.ClockStart(D(2025, 9, 29), False)

	def test_acceptance_after_the_notice_days_is_deemed_on_receipt(self):
		start = deadlines.clock_start(CAL, self.received, D(2025, 10, 11), None, today=D(2025, 10, 11))
		assert start == deadlines.ClockStart(self.received, True)

	def test_timely_notice_then_acceptance(self):
		start = deadlines.clock_start(
			CAL, self.received, D(2025, 10, 20), D(2025, 10, 10), today=D(2025, 10, 20)
		)
		assert start == deadlines.ClockStart(D(2025, 10, 20), False)

	def test_timely_notice_not_yet_accepted_has_no_clock(self):
		start = deadlines.clock_start(CAL, self.received, None, D(2025, 9, 29), today=D(2025, 11, 1))
		assert start == deadlines.ClockStart(None, False)

	def test_late_notice_is_deemed_accepted_on_receipt(self):
		start = deadlines.clock_start(CAL, self.received, None, D(2025, 10, 11), today=D(2025, 10, 11))
		assert start == deadlines.ClockStart(self.received, True)

	def test_nothing_done_after_the_notice_days(self):
		assert deadlines.clock_start(
			CAL, self.received, None, None, today=D(2025, 10, 10)
		) == deadlines.ClockStart(None, False)
		assert deadlines.clock_start(
			CAL, self.received, None, None, today=D(2025, 10, 11)
		) == deadlines.ClockStart(self.received, True)


class TestPauses:
	def test_pause_over_a_weekend_counts_only_working_days(self):
		# paused Thu 2025-03-13, returned Tue 03-18: Fri, Mon, Tue are not counted
		pauses = [Pause(D(2025, 3, 13), D(2025, 3, 18))]
		assert deadlines.paused_working_days(CAL, pauses, D(2025, 3, 10), D(2025, 3, 20)) == 3

	def test_open_pause_runs_until_today(self):
		pauses = [Pause(D(2025, 3, 13))]
		assert deadlines.paused_working_days(CAL, pauses, D(2025, 3, 10), D(2025, 3, 14)) == 1

	def test_pause_before_the_clock_start_is_ignored(self):
		pauses = [Pause(D(2025, 3, 3), D(2025, 3, 7))]
		assert deadlines.paused_working_days(CAL, pauses, D(2025, 3, 10), D(2025, 3, 20)) == 0

	def test_pause_straddling_the_clock_start_counts_from_the_start(self):
		pauses = [Pause(D(2025, 3, 6), D(2025, 3, 12))]
		assert deadlines.paused_working_days(CAL, pauses, D(2025, 3, 10), D(2025, 3, 20)) == 2

	def test_pause_across_national_day(self):
		# paused Tue 2025-09-30, returned Thu 10-09: only 10-09 is a working day in between
		pauses = [Pause(D(2025, 9, 30), D(2025, 10, 9))]
		assert deadlines.paused_working_days(CAL, pauses, D(2025, 9, 29), D(2025, 10, 10)) == 1


class TestCards:
	def test_remaining_days_and_levels(self):
		due = D(2025, 3, 21)  # Friday
		assert deadlines.remaining_working_days(CAL, D(2025, 3, 17), due) == 4
		assert deadlines.card_level(D(2025, 3, 17), due, 4, 1) is None
		assert deadlines.remaining_working_days(CAL, D(2025, 3, 20), due) == 1
		assert deadlines.card_level(D(2025, 3, 20), due, 1, 1) == "Yellow"
		assert deadlines.card_level(D(2025, 3, 21), due, 0, 1) == "Yellow"
		assert deadlines.remaining_working_days(CAL, D(2025, 3, 24), due) == -1
		assert deadlines.card_level(D(2025, 3, 22), due, -1, 1) == "Red"

	def test_remaining_days_skip_the_holiday(self):
		assert deadlines.remaining_working_days(CAL, D(2025, 9, 30), D(2025, 10, 9)) == 1

	def test_completed_on_time(self):
		assert deadlines.completed_on_time(D(2025, 3, 21), D(2025, 3, 21))
		assert not deadlines.completed_on_time(D(2025, 3, 22), D(2025, 3, 21))
