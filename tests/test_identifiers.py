import datetime

import pytest

from gov_hall.rules.identifiers import (
	InvalidIdentifier,
	mask_mobile,
	mask_resident_id,
	resident_id_birth_date,
	validate_mobile,
	validate_resident_id,
	validate_uscc,
)


@pytest.mark.parametrize(
	"raw, normal",
	[
		("11010519491231002X", "11010519491231002X"),
		("11010519491231002x", "11010519491231002X"),
		("110105 19491231 002X", "11010519491231002X"),
		("440305199003070014", "440305199003070014"),
	],
)
def test_valid_resident_ids(raw, normal):
	assert validate_resident_id(raw) == normal


@pytest.mark.parametrize(
	"raw, code",
	[
		("110105194912310021", "checksum"),
		("1101051949123100", "length"),
		("11010519491231002Y", "format"),
		("11010519491331002X", "checksum"),  # month 13: checksum caught first
		("990105194912310023", "region"),  # province 99 does not exist
		("", "length"),
	],
)
def test_invalid_resident_ids(raw, code):
	with pytest.raises(InvalidIdentifier) as err:
		validate_resident_id(raw)
	assert err.value.code == code
	assert err.value.kind == "resident_id"


def test_resident_id_with_impossible_date_is_birth_date_error():
	from stdnum.cn import ric

	base = "11010519490230002"  # 30 February
	number = base + ric.calc_check_digit(base + "0")
	with pytest.raises(InvalidIdentifier) as err:
		validate_resident_id(number)
	assert err.value.code == "birth_date"


def test_resident_id_born_in_the_future_rejected():
	from stdnum.cn import ric

	base = "11010520300101002"
	number = base + ric.calc_check_digit(base + "0")
	with pytest.raises(InvalidIdentifier) as err:
		validate_resident_id(number, today=datetime.date(2026, 11, 22))
	assert err.value.code == "birth_date"


def test_resident_id_birth_date():
	assert resident_id_birth_date("11010519491231002X") == datetime.date(1949, 12, 31)


@pytest.mark.parametrize(
	"raw",
	[
		"91110000600037341L",  # stdnum's own example (enterprise, SAMR)
		"91350100M000100Y43",  # enterprise, letter in organisation code
		"N2370000MA1234567Y",  # 农业农村 authority: stdnum rejects it, GB 32100 allows it
		"Y1110000MA0012345N",  # 其他 authority
		"12100000400000624D",  # 机构编制 institution
	],
)
def test_valid_uscc(raw):
	assert validate_uscc(raw) == raw


def test_stdnum_alone_rejects_letter_authority():
	from stdnum.cn import uscc

	assert not uscc.is_valid("N2370000MA1234567Y")


@pytest.mark.parametrize(
	"raw, code",
	[
		("91110000600037341A", "checksum"),
		("9111000060003734", "length"),
		("Z1110000600037341L", "format"),  # Z is no authority
		("91110000600037341I", "format"),  # I is not in the alphabet
		("911A0000600037341L", "format"),  # region must be digits
	],
)
def test_invalid_uscc(raw, code):
	with pytest.raises(InvalidIdentifier) as err:
		validate_uscc(raw)
	assert err.value.code == code


@pytest.mark.parametrize(
	"raw, normal",
	[
		("13800138000", "13800138000"),
		("+86 138-0013-8000", "13800138000"),
		("0086 19912345678", "19912345678"),
	],
)
def test_valid_mobiles(raw, normal):
	assert validate_mobile(raw) == normal


@pytest.mark.parametrize(
	"raw, code",
	[
		("12800138000", "format"),
		("1380013800", "length"),
		("138001380000", "length"),
		("1380013800a", "format"),
		("010-12345678", "format"),
	],
)
def test_invalid_mobiles(raw, code):
	with pytest.raises(InvalidIdentifier) as err:
		validate_mobile(raw)
	assert err.value.code == code


def test_masks():
	assert mask_mobile("13800138000") == "138****8000"
	assert mask_mobile("") == ""
	assert mask_resident_id("11010519491231002X") == "110105********002X"
