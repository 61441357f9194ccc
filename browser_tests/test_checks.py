"""The English-word check itself: what it counts and what it lets through (no browser needed)."""

import pytest
from checks import english_in_parts, english_words


@pytest.mark.parametrize(
	("text", "words"),
	[
		("Built on Frappe", ["Built", "Frappe"]),
		("There's nothing here", ["There", "nothing", "here"]),
		("yyyy年 十一月", ["yyyy"]),
		("Today", ["Today"]),
		("办件编号 QS-2026-00042，已办结", []),
		("事项编码 QS-SCJG-001", []),
		("查询码 K7QM-3XH9-PW2T", []),
		("查询码 ABCD-EFGH-JKMN", []),
		("预约码 ABCD2345", []),
		("2026-Q3 季度 红旗窗口 A01", []),
		("JPG、PNG 或 PDF，不超过 5 MB。EMS 邮寄", []),
		("CA数字证书办理", []),
		("现场照片.png", []),
		("联系 service@qingshan.example.com 或 https://qingshan.example.com/guide", []),
	],
)
def test_english_words(text, words):
	assert english_words(text) == words


def test_a_code_the_scenario_received_is_allowed():
	# a booking code may have no digit: the scenario allows the one it was given
	assert english_words("预约码 KXQMPWTH") == ["KXQMPWTH"]
	assert english_words("预约码 KXQMPWTH", {"KXQMPWTH"}) == []


def test_parts_are_reported_once_with_their_source():
	parts = [
		{"source": "text", "text": "Built on Frappe"},
		{"source": "text", "text": "Built on Frappe"},
		{"source": "title", "text": "Book an Appointment"},
		{"source": "placeholder", "text": "例如 营业执照"},
	]
	assert english_in_parts(parts) == [
		("text", "Built"),
		("text", "Frappe"),
		("title", "Book"),
		("title", "Appointment"),
	]
