"""Ratings, complaints, inspections, quarters and citizen text: the plain rules, with real inputs."""

import datetime
import re

import pytest

from gov_hall.rules import complaints, inspections, periods, ratings
from gov_hall.rules.text import InvalidText, plain_text


def test_five_levels_score_five_to_one_and_the_last_two_are_bad():
	assert [ratings.score(level) for level in ratings.LEVELS] == [5, 4, 3, 2, 1]
	assert [ratings.is_bad(level) for level in ratings.LEVELS] == [False, False, False, True, True]
	with pytest.raises(ValueError):
		ratings.score("Excellent")
	with pytest.raises(ValueError):
		ratings.is_bad("")


def test_satisfaction_rate_counts_basically_satisfied_as_satisfied():
	# 120 ratings: 80 very satisfied, 25 satisfied, 9 basically, 4 dissatisfied, 2 very dissatisfied
	counts = {
		"Very Satisfied": 80,
		"Satisfied": 25,
		"Basically Satisfied": 9,
		"Dissatisfied": 4,
		"Very Dissatisfied": 2,
	}
	assert ratings.satisfaction_rate(counts) == 95.0  # 114 / 120
	# (80*5 + 25*4 + 9*3 + 4*2 + 2*1) / 120 = 537 / 120 = 4.475, rounded half-to-even on the binary value
	assert ratings.average_score(counts) == pytest.approx(4.47, abs=0.01)
	shares = ratings.level_shares(counts)
	assert shares["Very Satisfied"] == 66.67
	assert shares["Very Dissatisfied"] == 1.67
	assert ratings.satisfaction_rate({}) is None
	assert ratings.average_score({"Satisfied": 0}) is None
	assert set(ratings.level_shares({}).values()) == {0.0}


def test_quarters():
	assert periods.quarter_of(datetime.date(2026, 1, 1)) == "2026-Q1"
	assert periods.quarter_of(datetime.date(2026, 3, 31)) == "2026-Q1"
	assert periods.quarter_of(datetime.date(2026, 4, 1)) == "2026-Q2"
	assert periods.quarter_of(datetime.date(2026, 12, 31)) == "2026-Q4"
	assert periods.quarter_bounds("2026-Q1") == (datetime.date(2026, 1, 1), datetime.date(2026, 3, 31))
	assert periods.quarter_bounds("2024-Q1")[1] == datetime.date(2024, 3, 31)
	assert periods.quarter_bounds("2026-Q4") == (datetime.date(2026, 10, 1), datetime.date(2026, 12, 31))
	for wrong in ("2026-Q5", "2026Q1", "", None, "Q1-2026"):
		with pytest.raises(ValueError):
			periods.quarter_bounds(wrong)
	assert [periods.is_last_month_of_quarter(datetime.date(2026, m, 15)) for m in (2, 3, 5, 6, 11, 12)] == [
		False,
		True,
		False,
		True,
		False,
		True,
	]


def test_complaint_results_and_deductions():
	assert complaints.counts_against("Substantiated")
	assert complaints.counts_against("Partly Substantiated")
	assert not complaints.counts_against("Unsubstantiated")
	assert not complaints.counts_against(None)
	assert complaints.default_deduction("Substantiated", 2, 1) == 2.0
	assert complaints.default_deduction("Partly Substantiated", 2, 1) == 1.0
	assert complaints.default_deduction("Unsubstantiated", 2, 1) == 0.0
	assert complaints.default_deduction(None, 2, 1) == 0.0


def test_tracking_codes_are_random_readable_and_normalised():
	codes = {complaints.new_tracking_code() for _ in range(2000)}
	assert len(codes) == 2000
	for code in list(codes)[:50]:
		assert complaints.TRACKING_CODE.match(code)
		assert not re.search(r"[01OIL]", code)
	code = "K7QM-3XH9-PW2T"
	assert complaints.normalise_tracking_code("k7qm 3xh9 pw2t") == code
	assert complaints.normalise_tracking_code(" K7QM3XH9PW2T ") == code
	for wrong in (
		"K7QM-3XH9-PW2",
		"K7QM-3XH9-PW20",
		"O7QM-3XH9-PW2T",
		"",
		None,
		12,
		["K7QM3XH9PW2T"],
		"x" * 41,
		"%%%%-%%%%-%%%%",
	):
		assert complaints.normalise_tracking_code(wrong) is None


def test_ten_conduct_norms_worth_100_points():
	assert len(inspections.CONDUCT_NORMS) == 10
	assert [code for code, _title, _text in inspections.CONDUCT_NORMS] == [f"N{n:02d}" for n in range(1, 11)]
	assert inspections.CONDUCT_NORMS[0][1] == "仪态端庄、佩证上岗"
	assert inspections.CONDUCT_NORMS[9][1] == "廉洁奉公、甘于奉献"
	assert inspections.DEFAULT_NORM_POINTS * len(inspections.CONDUCT_NORMS) == 100


def test_inspection_score():
	items = [inspections.ChecklistItem(f"N{n:02d}", 10, 10) for n in range(1, 11)]
	items[0] = inspections.ChecklistItem("N01", 10, 6)
	items[7] = inspections.ChecklistItem("N08", 10, 7.5)
	result = inspections.score(items)
	assert (result.total, result.possible, result.rate) == (93.5, 100, 93.5)
	# weights need not be equal: 8 of 20 plus 5 of 5 is 13 of 25 = 52 %
	assert (
		inspections.score([inspections.ChecklistItem("A", 20, 8), inspections.ChecklistItem("B", 5, 5)]).rate
		== 52.0
	)
	assert inspections.score([]).rate == 0.0
	for points in (-0.5, 10.5):
		with pytest.raises(inspections.InvalidPoints) as err:
			inspections.score([inspections.ChecklistItem("N03", 10, points)])
		assert err.value.norm == "N03"


@pytest.mark.parametrize(
	"value",
	[
		"<script>alert(1)</script>",
		"<img src=x onerror=alert(1)>",
		"< script>",
		"</p>",
		"<!-- x -->",
		"&#60;script&#62;",
		"&lt;b&gt;",
		"JavaScript : alert(1)",
		"data:text/html;base64,PHNjcmlwdD4=",
		"a\x00b",
		"bell\x07",
		"\u202eevil",
	],
)
def test_markup_and_control_characters_are_refused(value):
	with pytest.raises(InvalidText):
		plain_text(value, 500)


def test_plain_text_keeps_ordinary_writing():
	assert (
		plain_text("  等候时间少于<5分钟，服务很好！\n谢谢。 ", 500)
		== "等候时间少于<5分钟，服务很好！\n谢谢。"
	)
	assert plain_text("A & B; 1 < 2", 50) == "A & B; 1 < 2"
	assert plain_text("' OR 1=1; --", 50) == "' OR 1=1; --"
	assert plain_text(None, 10) == ""
	with pytest.raises(InvalidText) as err:
		plain_text("好" * 501, 500)
	assert (err.value.code, err.value.limit) == ("length", 500)
	with pytest.raises(InvalidText) as err:
		plain_text("   ", 10, required=True)
	assert err.value.code == "required"
	for wrong_type in (5, ["a"], {"a": 1}, b"bytes"):
		with pytest.raises(InvalidText) as err:
			plain_text(wrong_type, 10)
		assert err.value.code == "type"
