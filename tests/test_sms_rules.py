"""SMS to citizens (gov_hall.rules.sms): templates, rendering within one SMS, no ID number ever,
the retry schedule, dedupe keys and the opt-out hash."""

import datetime

import pytest

from gov_hall.rules import sms

NOW = datetime.datetime(2026, 11, 30, 10, 0, 0)
ID_NUMBER = "11010519491231002X"

SAMPLE = sms.SAMPLE_PARAMS
RATING_LINK = sms.SAMPLE_RATING_LINK
sample = sms.sample_params


# --- templates ---------------------------------------------------------------------------------


def test_the_eleven_templates_of_the_contract():
	assert set(sms.TEMPLATES) == {
		"case_received",
		"supplement_needed",
		"case_accepted",
		"case_forwarded",
		"case_returned",
		"case_completed",
		"ready_for_collection",
		"case_posted",
		"rating_invitation",
		"appointment_confirmed",
		"appointment_reminder",
	}
	assert sms.STATUTORY == {"supplement_needed", "case_accepted", "case_completed"}


@pytest.mark.parametrize("key", sorted(sms.TEMPLATES))
def test_template_bodies_are_chinese_and_well_formed(key):
	template = sms.TEMPLATES[key]
	assert template.key == key
	assert any("\u4e00" <= char <= "\u9fff" for char in template.body)
	assert not any("a" <= char.lower() <= "z" for char in template.body.replace("EMS", "").split("{")[0])
	assert template.params, "every message names the case or the booking"
	assert "case" in template.params or "code" in template.params
	assert not {"id_number", "mobile", "applicant_name"} & set(template.params)


# Which templates fit one SMS with these samples, and which cannot: the rating invitation carries a
# signed web address (the case number twice and a 24-character signature), 112 characters.
OVER_ONE_SMS = {sms.RATING_INVITATION}


@pytest.mark.parametrize("key", sorted(sms.TEMPLATES))
def test_templates_fit_one_sms_with_usual_values(key):
	rendered = sms.render_template(key, sample(key))
	if key in OVER_ONE_SMS:
		assert not rendered.fits and rendered.segments == 2, rendered.text
	else:
		assert rendered.fits, (rendered.length, rendered.text)
		assert rendered.segments == 1


def test_non_statutory_messages_end_with_the_opt_out_hint_and_statutory_ones_do_not():
	for key, template in sms.TEMPLATES.items():
		text = sms.render_template(key, sample(key)).text
		assert text.endswith(sms.DEFAULT_OPT_OUT_HINT) != template.statutory, text


def test_the_hint_does_not_run_into_a_web_address():
	text = sms.render_template(sms.RATING_INVITATION, sample(sms.RATING_INVITATION)).text
	assert text.endswith(f"{RATING_LINK} 回TD退订")
	text = sms.render_template(sms.CASE_POSTED, SAMPLE).text
	assert text.endswith("。回TD退订")


def test_a_hall_configured_hint_is_used():
	text = sms.render_template(sms.CASE_RECEIVED, SAMPLE, opt_out_hint="退订请访问qs.cn/td").text
	assert text.endswith(" 退订请访问qs.cn/td")


# --- rendering ---------------------------------------------------------------------------------


def test_render_fills_every_placeholder():
	rendered = sms.render(
		"您的办件{case}已受理，承诺{due_date}前办结。", {"case": "QS-1", "due_date": "12月1日"}
	)
	assert rendered.text == "您的办件QS-1已受理，承诺12月1日前办结。"
	assert rendered.params == {"case": "QS-1", "due_date": "12月1日"}
	assert rendered.length == len(rendered.text)


@pytest.mark.parametrize("value", [None, "", "   "])
def test_a_missing_value_is_refused(value):
	with pytest.raises(sms.SmsRuleError) as err:
		sms.render("办件{case}", {"case": value})
	assert err.value.code == "missing_param"
	with pytest.raises(sms.SmsRuleError):
		sms.render("办件{case}", {})


@pytest.mark.parametrize(
	"body", ["办件{case!r}", "办件{case:>10}", "办件{0}", "办件{case.x}", "办件{", "办件{Case}"]
)
def test_malformed_placeholders_are_refused(body):
	with pytest.raises(sms.SmsRuleError) as err:
		sms.placeholders(body)
	assert err.value.code == "bad_placeholder"


def test_values_are_plain_single_line_text():
	rendered = sms.render("办件{case}", {"case": "QS-1\n\t2"})
	assert rendered.text == "办件QS-1 2"


def test_long_matter_names_are_shortened_to_fit():
	params = dict(SAMPLE, matter="建设工程规划许可证核发（含临时建设工程）及其变更延续")
	rendered = sms.render_template(sms.APPOINTMENT_CONFIRMED, params)
	assert rendered.fits
	assert "…" in rendered.params["matter"]
	assert rendered.params["matter"].startswith("建设工程")
	# nothing else was cut: where to go stays whole
	assert "青山县清水镇便民服务中心" in rendered.text


def test_long_material_lists_become_the_first_ones_and_a_count():
	items = ["申请书", "身份证复印件", "营业执照副本", "房产证明", "租赁合同", "消防验收意见书"]
	rendered = sms.render_template(sms.SUPPLEMENT_NEEDED, dict(SAMPLE, items=items))
	assert rendered.fits, rendered.text
	assert rendered.params["items"].endswith("等6项")
	assert rendered.params["items"].startswith("申请书")
	assert "、" not in rendered.params["items"][-4:]


def test_a_text_that_cannot_fit_is_sent_whole_and_says_so():
	rendered = sms.render("办件{case}：{link}", {"case": "QS-1", "link": "https://example.com/" + "a" * 80})
	assert not rendered.fits
	assert rendered.segments == 2
	assert rendered.text.endswith("a" * 80)


def test_list_text():
	assert sms.list_text(["申请书", "身份证"]) == "申请书、身份证"
	assert sms.list_text([" ", ""]) == ""
	assert (
		sms.list_text(["甲" * 10, "乙" * 10, "丙" * 10], 24)
		== "甲甲甲甲甲甲甲甲甲甲、乙乙乙乙乙乙乙乙乙乙等3项"
	)
	assert sms.list_text(["甲" * 30, "乙"], 12) == "甲甲甲甲甲甲甲甲…等2项"


def test_segments():
	assert sms.segments("字" * 70) == 1
	assert sms.segments("字" * 71) == 2
	assert sms.segments("字" * 134) == 2
	assert sms.segments("字" * 135) == 3


def test_zh_date_and_collect_text():
	assert sms.zh_date(datetime.date(2026, 1, 5)) == "2026年1月5日"
	assert sms.zh_date(datetime.date(2026, 1, 5), with_year=False) == "1月5日"
	assert sms.collect_text(sms.COLLECT_AT, "青山县政务服务中心") == "到青山县政务服务中心领取"
	assert sms.collect_text(sms.COLLECT_BY_POST) == "EMS邮寄"


# --- never an ID number --------------------------------------------------------------------------


@pytest.mark.parametrize(
	"text",
	[
		ID_NUMBER,
		"11010519491231002x",
		"身份证110105194912310021号",
		"１１０１０５１９４９１２３１００２Ｘ",  # full-width
		"110105 19491231 002X",
		"ID:11010519491231002X.",
	],
)
def test_resident_id_numbers_are_found(text):
	assert sms.has_resident_id(text)


@pytest.mark.parametrize(
	"text",
	[
		"13812345678",  # a mobile
		"QS-2026-00042",
		"1180123456789",  # an EMS number
		"1101051949123100212",  # 19 digits: not an ID
		"110105194913310021",  # month 13
		"0123456789abcdef01234567",
		"https://zw.qs.gov.cn/rate?case=QS-2026-00042&token=4a31901234567890123456ab",
		"91350100M000100Y43",  # a company's credit code is public
		None,
	],
)
def test_other_numbers_are_not_taken_for_an_id(text):
	assert not sms.has_resident_id(text)


@pytest.mark.parametrize("where", ["value", "list", "hint", "body"])
def test_an_id_number_anywhere_is_refused(where):
	body, params, hint = "办件{case}，材料{items}", {"case": "QS-1", "items": ["申请书"]}, "回TD退订"
	if where == "value":
		params["case"] = f"QS-1 {ID_NUMBER}"
	elif where == "list":
		params["items"] = ["申请书", f"身份证{ID_NUMBER}复印件"]
	elif where == "hint":
		hint = ID_NUMBER
	else:
		body = f"{ID_NUMBER}{{case}}{{items}}"
	with pytest.raises(sms.SmsRuleError) as err:
		sms.render(body, params, hint)
	assert err.value.code == "resident_id"


def test_an_id_number_split_across_two_values_is_refused():
	with pytest.raises(sms.SmsRuleError):
		sms.render("{a}{b}", {"a": "110105194912", "b": "31002X"})


def test_unknown_template_refused():
	with pytest.raises(sms.SmsRuleError) as err:
		sms.render_template("no_such_template", {})
	assert err.value.code == "unknown_template"


def test_an_edited_body_replaces_the_default():
	rendered = sms.render_template(
		sms.CASE_ACCEPTED, {"case": "QS-1", "due_date": "1月5日"}, body="已受理{case}"
	)
	assert rendered.text == "已受理QS-1"


# --- sending ------------------------------------------------------------------------------------


def test_initial_status():
	assert sms.initial_status(statutory=False, opted_out=False) == sms.QUEUED
	assert sms.initial_status(statutory=False, opted_out=True) == sms.OPTED_OUT
	assert sms.initial_status(statutory=True, opted_out=True) == sms.QUEUED


def test_backoff_schedule_grows_and_ends():
	waits = []
	for attempts in range(1, sms.MAX_ATTEMPTS):
		waits.append((sms.next_attempt(attempts, NOW) - NOW).total_seconds() / 60)
	assert waits == list(sms.BACKOFF_MINUTES)
	assert waits == sorted(waits)
	assert sms.next_attempt(sms.MAX_ATTEMPTS, NOW) is None
	assert sms.next_attempt(0, NOW) is None
	assert sms.next_attempt(3, NOW, max_attempts=3) is None
	assert sum(sms.BACKOFF_MINUTES) / 60 < 24, "a failed message is given up within a day"


def test_sendable():
	due, later = NOW - datetime.timedelta(minutes=1), NOW + datetime.timedelta(minutes=1)
	assert sms.sendable(sms.QUEUED, 0, None, NOW)
	assert sms.sendable(sms.FAILED, 1, due, NOW)
	assert not sms.sendable(sms.FAILED, 1, later, NOW)
	assert not sms.sendable(sms.FAILED, 1, None, NOW)
	assert not sms.sendable(sms.FAILED, sms.MAX_ATTEMPTS, due, NOW)
	# a row being sent is left alone until its lease runs out
	assert not sms.sendable(sms.SENDING, 1, sms.lease_until(NOW), NOW)
	assert sms.sendable(sms.SENDING, 1, due, NOW)
	for status in (sms.SENT, sms.OPTED_OUT, sms.CANCELLED):
		assert not sms.sendable(status, 0, due, NOW)


def test_the_lease_outlasts_any_gateway_call():
	assert sms.lease_until(NOW) - NOW >= datetime.timedelta(minutes=5)


def test_gateway_accepted():
	assert sms.gateway_accepted(200) and sms.gateway_accepted(204)
	assert not any(sms.gateway_accepted(code) for code in (None, 301, 400, 500, 503))


# --- keys and hashes ----------------------------------------------------------------------------


def test_dedupe_keys():
	assert sms.dedupe_key("QS-2026-00042", "case_received") == "QS-2026-00042:case_received"
	assert (
		sms.dedupe_key("QS-1", "supplement_needed", "SN-2026-00007") == "QS-1:supplement_needed:SN-2026-00007"
	)
	assert sms.dedupe_key("QS-1", "case_returned", None, "") == "QS-1:case_returned"
	assert len(sms.dedupe_key("x" * 200, "t")) == 140


def test_mobile_hash_is_keyed_and_normalised():
	key = b"site-secret"
	plain = sms.mobile_hash("13812345678", key)
	assert len(plain) == 64 and "13812345678" not in plain
	for same in ("+86 138 1234 5678", "0086-138-1234-5678", "１３８１２３４５６７８"):
		assert sms.mobile_hash(same, key) == plain
	assert sms.mobile_hash("13812345679", key) != plain
	assert sms.mobile_hash("13812345678", b"another-site") != plain
