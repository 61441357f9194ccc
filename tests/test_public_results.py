import datetime

import pytest

from gov_hall.rules.public_results import (
	MAX_PAGES,
	PUBLIC_STATUSES,
	mask_applicant,
	mask_company,
	mask_person,
	month_start,
	next_month,
	page_count,
	page_number,
	recent_months,
)


@pytest.mark.parametrize(
	"name, masked",
	[
		("张三", "张**"),
		("李小龙", "李**"),
		("欧阳娜娜", "欧**"),
		(" 王 五 ", "王**"),
		("", "**"),
		(None, "**"),
		("13812345678", "***"),
		("John Smith", "J**"),
	],
)
def test_person_keeps_the_first_character_only(name, masked):
	assert mask_person(name) == masked


def test_person_mask_hides_the_length():
	assert mask_person("张三") == mask_person("张三丰") == mask_person("张三丰收")[:1] + "**"


@pytest.mark.parametrize(
	"name, masked",
	[
		("青山县宏达建材有限公司", "青山****有限公司"),
		("青山县宏达建材有限责任公司", "青山****责任公司"),
		("宏达建材有限公司", "宏达****公司"),
		("宏达建材公司", "宏****公司"),
		("宏达商行", "宏****行"),
		("宏达", "宏****"),
		("", "****"),
		("青山县1380013800建材有限公司", "青山****有限公司"),
		("138建材有限公司88", "******公司**"),
		("宏", "****"),
	],
)
def test_company_masks_its_middle(name, masked):
	assert mask_company(name) == masked


def test_company_mask_always_hides_something_and_no_digit():
	for length in range(1, 30):
		name = "".join(chr(0x4E00 + i) for i in range(length))
		masked = mask_company(name)
		assert "****" in masked
		kept = masked.replace("*", "")
		assert len(kept) < length
	assert not any(ch.isdigit() for ch in mask_company("1234567890123456"))


def test_applicant_by_type():
	assert mask_applicant("张三", "Person") == "张**"
	assert mask_applicant("青山县宏达建材有限公司", "Company") == "青山****有限公司"
	assert mask_applicant("张三", None) == "张**"


def test_only_completed_and_rejected_are_public():
	assert PUBLIC_STATUSES == ("Completed", "Rejected")


@pytest.mark.parametrize(
	"value, start",
	[
		("2026-11", datetime.date(2026, 11, 1)),
		(" 2026-01 ", datetime.date(2026, 1, 1)),
		("2026-13", None),
		("2026-1", None),
		("26-11", None),
		("1999-12", None),
		("", None),
		(None, None),
		(["2026-11"], None),
		("２０２６-11", None),
	],
)
def test_month_start(value, start):
	assert month_start(value) == start


def test_next_month_and_recent_months():
	assert next_month(datetime.date(2026, 12, 1)) == datetime.date(2027, 1, 1)
	assert next_month(datetime.date(2026, 2, 1)) == datetime.date(2026, 3, 1)
	months = recent_months(datetime.date(2026, 2, 17), 4)
	assert months == ["2026-02", "2026-01", "2025-12", "2025-11"]
	assert len(recent_months(datetime.date(2026, 2, 17))) == 12


@pytest.mark.parametrize(
	"value, page",
	[
		("1", 1),
		("3", 3),
		(4, 4),
		("0", 1),
		("-2", 1),
		("x", 1),
		(None, 1),
		([2], 1),
		(str(MAX_PAGES), MAX_PAGES),
	],
)
def test_page_number(value, page):
	assert page_number(value) == page
	assert page_number(str(MAX_PAGES + 1)) == 1


def test_page_count():
	assert page_count(0) == 1
	assert page_count(20) == 1
	assert page_count(21) == 2
	assert page_count(10**6) == MAX_PAGES
