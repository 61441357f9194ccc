"""A citizen on a phone scans a staff badge's QR code (挂牌上岗): the staff card, rating and
complaining from it; the hall's commitments and its service brands. Without an account.

Each scenario checks what it is for and, on every page on the way, what every page must pass
(checks.PageWatch: no console error, no failed same-origin request, no visible English word).
"""

import re

from test_citizen_pages import open_page

TRACKING_CODE = re.compile(r"^[2-9A-HJ-KM-NP-Z]{4}-[2-9A-HJ-KM-NP-Z]{4}-[2-9A-HJ-KM-NP-Z]{4}$")


def test_staff_card_with_rate_and_complain_links(phone, data):
	"""The badge's card shows who serves (name, window, department), never their mobile; its links
	open the rating and complaint pages with the staff member named."""
	page, watch = phone
	staff = data["staff"]
	assert staff.get("card_code"), "the fixture staff member has no card code"
	open_page(page, watch, f"/staff-card/{staff['card_code']}", "工作人员亮牌")
	card = page.locator("#staff-card")
	assert card.is_visible(), "the staff card is not shown"
	text = card.inner_text()
	assert staff["full_name"] in text, f"the card does not name {staff['full_name']}: {text}"
	assert staff["department"] in text, f"the card does not name the department: {text}"
	assert "挂牌上岗" in text
	html = page.content()
	assert staff["mobile"] not in html, "the public card shows the staff member's mobile"
	assert staff["email"] not in html, "the public card shows the staff member's user id"
	# the buttons fit a phone's width: nothing to scroll sideways
	width = page.evaluate("document.documentElement.scrollWidth")
	assert width <= 390, f"the staff card is {width}px wide on a 390px phone"

	rate = page.locator("#staff-rate")
	assert rate.is_visible(), "no visible link to rate the service"
	rate.click()
	page.wait_for_url(f"**/rate?card={staff['card_code']}")
	page.wait_for_load_state("networkidle")
	visit = page.locator("#visit-with")
	assert visit.is_visible(), "the rating page does not say who served"
	assert staff["full_name"] in visit.inner_text()
	watch.check_text("亮牌评价")

	page.go_back(wait_until="networkidle")
	complain = page.locator("#staff-complain")
	assert complain.is_visible(), "no visible link to complain"
	complain.click()
	page.wait_for_url(f"**/complaint?card={staff['card_code']}")
	page.wait_for_load_state("networkidle")
	assert staff["full_name"] in page.locator("#visit-with").inner_text()
	watch.check_text("亮牌投诉")
	# the staff member, window and hall come from the card: the form does not ask for them
	assert page.locator("#complaint-hall").count() == 0
	page.locator("#complaint-category").select_option(index=1)
	page.locator("#complaint-description").fill("浏览器测试：扫码投诉，窗口工作人员解释不清。")
	page.locator("#complaint-submit").click()
	code = page.locator("#complaint-code")
	code.wait_for(state="visible")
	assert TRACKING_CODE.match(code.inner_text().strip()), f"no tracking code: {code.inner_text()!r}"
	watch.check_text("亮牌投诉完成")
	watch.assert_clean()


def test_unknown_staff_card_is_not_found(phone):
	"""A code nobody has (a lost badge's old code) is the portal's Chinese 404, naming nobody."""
	page, watch = phone
	watch.expect_status("^/staff-card/zzzzzzzzzz$", 404)
	open_page(page, watch, "/staff-card/zzzzzzzzzz", "未知亮牌", status=404)
	assert "页面不存在" in page.locator("body").inner_text()
	watch.assert_clean()


def test_commitments_page(phone):
	"""The hall's and the windows' signed commitments, or a plain note when none is signed yet."""
	page, watch = phone
	open_page(page, watch, "/commitments", "服务承诺")
	assert page.locator("h1").first.inner_text().strip() == "服务承诺"
	body = page.locator(".gh-portal").inner_text()
	assert page.locator(".gh-commitment").count() or "暂未公开服务承诺" in body
	for commitment in page.locator(".gh-commitment").all()[:5]:
		assert "签订" in commitment.inner_text(), "a commitment does not say when it was signed"
	watch.assert_clean()


def test_brands_page(phone):
	"""The named service brands with their concept and this year's record; each opens its page."""
	page, watch = phone
	open_page(page, watch, "/brands", "服务品牌")
	assert page.locator("h1").first.inner_text().strip() == "服务品牌"
	brands = page.locator(".gh-brand-card")
	if not brands.count():
		assert "暂无已命名的服务品牌" in page.locator(".gh-portal").inner_text()
		watch.assert_clean()
		return
	first = brands.first
	assert "品牌理念" in first.inner_text()
	name = first.locator("h2 a").inner_text().strip()
	first.locator("a.btn").click()
	page.wait_for_url("**/brands/*")
	page.wait_for_load_state("networkidle")
	assert name in page.locator("h1").first.inner_text()
	watch.check_text("服务品牌详情")
	watch.assert_clean()
