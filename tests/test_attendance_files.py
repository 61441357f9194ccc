"""The attendance machine's export: headers, direction words, punch times (gov_hall.rules.attendance_files)."""

import datetime
import re

import pytest

from gov_hall.rules import attendance_files as files


@pytest.mark.parametrize(
	"header,key",
	[
		("工号", files.BADGE),
		("\ufeff工号", files.BADGE),
		(" Badge Number ", files.BADGE),
		("badge_number", files.BADGE),
		("账号", files.USER),
		("USER", files.USER),
		("姓名", files.NAME),
		("打卡时间", files.PUNCH_TIME),
		("打卡时间(北京时间)", files.PUNCH_TIME),
		("Punch  Time", files.PUNCH_TIME),
		("日期", files.DATE),
		("时间", files.TIME),
		("方向", files.DIRECTION),
		("Direction", files.DIRECTION),
		("设备", files.DEVICE),
		("备注", None),
		("", None),
	],
)
def test_column_key(header, key):
	assert files.column_key(header) == key


def test_map_columns_finds_the_columns_and_ignores_others():
	found, problems = files.map_columns(["工号", "姓名", "打卡时间", "方向", "设备", "备注"])
	assert problems == []
	assert found == {
		files.BADGE: "工号",
		files.NAME: "姓名",
		files.PUNCH_TIME: "打卡时间",
		files.DIRECTION: "方向",
		files.DEVICE: "设备",
	}


def test_map_columns_accepts_date_and_time_instead_of_punch_time():
	found, problems = files.map_columns(["User", "Date", "Time"])
	assert problems == [] and set(found) == {files.USER, files.DATE, files.TIME}


def test_map_columns_needs_a_staff_and_a_time_column():
	_found, problems = files.map_columns(["姓名", "日期"])
	assert [code for code, _args in problems] == [files.NO_STAFF_COLUMN, files.NO_TIME_COLUMN]


def test_map_columns_refuses_two_columns_meaning_the_same():
	_found, problems = files.map_columns(["工号", "Badge Number", "打卡时间"])
	assert problems == [(files.REPEATED_COLUMN, ("工号", "Badge Number"))]


@pytest.mark.parametrize(
	"word,direction",
	[
		("上班", "In"),
		("签到", "In"),
		("上班签到", "In"),
		(" IN ", "In"),
		("Check-In", "In"),
		("下班", "Out"),
		("签退", "Out"),
		("out", "Out"),
		("clock_out", "Out"),
		("", ""),
		(None, ""),
		("加班", None),
		("sideways", None),
	],
)
def test_normalise_direction(word, direction):
	assert files.normalise_direction(word) == direction


@pytest.mark.parametrize(
	"text,expected",
	[
		("2026-11-03 08:57:12", datetime.datetime(2026, 11, 3, 8, 57, 12)),
		("2026/11/3 8:57", datetime.datetime(2026, 11, 3, 8, 57)),
		("2026.11.03 08:57", datetime.datetime(2026, 11, 3, 8, 57)),
		("2026年11月3日 8时57分", datetime.datetime(2026, 11, 3, 8, 57)),
		("2026-11-03T08:57:12.000", datetime.datetime(2026, 11, 3, 8, 57, 12)),
		(" 2026-11-03  17:31:05 ", datetime.datetime(2026, 11, 3, 17, 31, 5)),
		("2026-11-31 08:00:00", None),
		("2026-11-03 25:00:00", None),
		("2026-11-03", None),
		("yesterday 8:57", None),
		("", None),
	],
)
def test_parse_punch_time(text, expected):
	assert files.parse_punch_time(text) == expected


def test_date_and_time_patterns_read_excel_text():
	date = re.match(files.DATE_ONLY_PATTERN, "2026-11-03 00:00:00")
	assert date and date.groups() == ("2026", "11", "03")
	assert re.match(files.TIME_ONLY_PATTERN, "08:57:00").groups() == ("08", "57", "00")
	assert re.match(files.TIME_ONLY_PATTERN, "8:57").groups() == ("8", "57", None)
	assert not re.match(files.TIME_ONLY_PATTERN, "noon")


def test_row_numbers_count_the_header_as_row_one():
	assert files.row_number(0) == 2
	assert files.row_number(3) == 5
	assert files.row_number(0, header=2) == 4  # two title rows above the header


def test_header_row_skips_a_title_above_the_header():
	rows = [
		["考勤记录表", "", "", ""],
		["2026-11-01 至 2026-11-30", "", "", ""],
		["工号", "姓名", "日期", "时间"],
		["QS-0001", "张三", "2026-11-03", "08:57"],
	]
	assert files.header_row(rows) == 2
	assert files.header_row(rows[2:]) == 0


def test_header_row_is_the_first_row_when_none_names_the_columns():
	assert files.header_row([["姓名", "备注"], ["张三", ""]]) == 0
	assert files.header_row([]) == 0
