"""A citizen on a phone, without an account: the portal, the service guide, booking and cancelling,
following and rating a case, complaining, the honour roll, a bad link.

Each scenario checks what it is for (hard assertions) and, on every page on the way, what every
page must pass (checks.PageWatch: no console error, no failed same-origin request, no visible
English word), listing all such problems at its end.
"""

import datetime
import random
import re
import struct
import zlib

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

# every page a citizen can reach without an account, linked from the portal's home page
PUBLIC_PAGES = {
	"/service-guide": "办事指南",
	"/book-appointment": "预约办事",
	"/cancel-appointment": "取消预约",
	"/track-case": "办件查询",
	"/rate": "服务评价",
	"/complaint": "我要投诉",
	"/complaint-status": "投诉查询",
	"/honor-roll": "光荣榜",
}
BOOKING_CODE = re.compile(r"^[A-HJ-NP-Z2-9]{8}$")
TRACKING_CODE = re.compile(r"^[2-9A-HJ-KM-NP-Z]{4}-[2-9A-HJ-KM-NP-Z]{4}-[2-9A-HJ-KM-NP-Z]{4}$")
CJK = re.compile(r"[\u4e00-\u9fff]")


def open_page(page, watch, path: str, label: str, status: int = 200):
	response = page.goto(path, wait_until="networkidle")
	assert response is not None, f"{path}: no answer"
	assert response.status == status, f"{path}: HTTP {response.status}, expected {status}"
	watch.check_text(label)
	return response


def visible_links(page) -> set[str]:
	return set(
		page.eval_on_selector_all(
			"a[href]",
			"""links => links
				.filter(a => a.checkVisibility({ opacityProperty: true, visibilityProperty: true }))
				.map(a => new URL(a.href, location.href))
				.filter(u => u.origin === location.origin)
				.map(u => u.pathname)""",
		)
	)


def unlinked(found: set[str]) -> list[str]:
	"""The public pages none of ``found`` leads to (/book-appointment/new leads to /book-appointment)."""
	return [
		path
		for path in PUBLIC_PAGES
		if not any(link == path or link.startswith(path + "/") for link in found)
	]


def test_home_page_links_every_public_page(phone):
	"""/ is the hall's portal (not a login page) and links to every public page; each link works."""
	page, watch = phone
	open_page(page, watch, "/", "首页")
	assert page.locator("input[type=password]").count() == 0, "/ shows a login form, not the hall's portal"
	found = visible_links(page)
	missing = unlinked(found)
	toggler = page.locator(".navbar-toggler")
	if missing and toggler.count() and toggler.first.is_visible():
		toggler.first.click()
		page.wait_for_timeout(500)
		watch.check_text("首页（展开菜单）")
		found |= visible_links(page)
		missing = unlinked(found)
	assert not missing, "the home page has no visible link to: " + ", ".join(
		f"{path} ({PUBLIC_PAGES[path]})" for path in missing
	)
	for link in sorted(found):
		answer = page.request.get(link)
		assert answer.status < 400, f"link {link} on the home page answers HTTP {answer.status}"
	watch.assert_clean()


def test_service_guide_and_matter(phone, data):
	"""The guide lists matters by department; a matter's guide shows materials, limits and booking."""
	page, watch = phone
	guide = data["guide"]
	open_page(page, watch, "/service-guide", "办事指南")
	link = page.locator(f'a[href="/service-guide/{guide["matter"]}"]')
	assert link.count() == 1, f"the guide lists no link to {guide['matter']}"
	if not link.is_visible():
		# departments may be folded (<details>): open the matter's department as a person would
		folded = page.locator("details", has=link).locator("summary")
		assert folded.count(), f"the link to {guide['matter']} is hidden and nothing unfolds it"
		folded.first.click()
		watch.check_text("办事指南（展开部门）")
	link.scroll_into_view_if_needed()
	link.click()
	page.wait_for_url(f"**/service-guide/{guide['matter']}")
	page.wait_for_load_state("networkidle")
	assert guide["matter_name"] in page.locator("h1").first.inner_text()
	watch.check_text("事项办事指南")
	body = page.locator("body").inner_text()
	for heading in ("申请材料", "承诺时限", "办理地点"):
		assert heading in body, f"the matter's guide has no {heading}"
	booking = page.locator('a[href^="/book-appointment"]:visible')
	assert booking.count() >= 1, "a bookable matter's guide has no visible booking link"
	watch.assert_clean()


def test_service_guide_search(phone, data):
	"""A citizen searches with the word they know (营业执照), not the matter's official name."""
	page, watch = phone
	open_page(page, watch, "/service-guide", "办事指南")
	box = page.get_by_role("searchbox")
	if not box.count():
		box = page.locator("input[name=q]")
	box.first.fill(data["guide"]["search"])
	box.first.press("Enter")
	page.wait_for_url(re.compile(r"[?&]q="))
	page.wait_for_load_state("networkidle")
	watch.check_text("搜索结果")
	results = page.locator('a[href^="/service-guide/"]:visible')
	assert results.count() >= 1, f"searching {data['guide']['search']} finds no service matter"
	# opening a company is what a citizen asking for a business licence (营业执照) comes for
	expected = page.locator(f'a[href="/service-guide/{data["guide"]["matter"]}"]:visible')
	assert expected.count() >= 1, (
		f"searching {data['guide']['search']} does not find {data['guide']['matter_name']}"
	)
	watch.assert_clean()


def choose_date(page, watch, field: str, iso: str, formatted: str) -> None:
	"""Pick ``iso`` in the form's date field as a person does: in the date picker when there is one."""
	control = page.locator(f'[data-fieldname="{field}"] input').first
	if control.get_attribute("type") == "date":
		control.fill(iso)
		return
	control.click()
	picker = page.locator(".datepicker.active")
	try:
		picker.wait_for(state="visible", timeout=5000)
	except PlaywrightTimeout:
		# no picker opened: type the date in the site's format
		control.fill(formatted)
		control.press("Tab")
		return
	# the picker fades in: read it once it is fully shown
	page.wait_for_function(
		"() => { const p = document.querySelector('.datepicker.active');"
		" return p && getComputedStyle(p).opacity === '1'; }"
	)
	watch.check_text("日期选择器")
	year, month, day = (int(part) for part in iso.split("-"))
	cell = picker.locator(
		f'.datepicker--cell-day[data-year="{year}"][data-month="{month - 1}"][data-date="{day}"]'
		":not(.-other-month-)"
	)
	for _ in range(3):
		if cell.count():
			break
		picker.locator('[data-action="next"]').click()
	cell.click()


def test_book_and_cancel_appointment(phone, data):
	"""Book a slot at /book-appointment/new, get a booking code, cancel it with code + last 4 digits."""
	page, watch = phone
	booking = data["booking"]
	mobile = "139" + "".join(random.choice("0123456789") for _ in range(8))
	open_page(page, watch, "/book-appointment/new", "预约表单")

	page.locator('[data-fieldname="hall"] select').select_option(value=booking["hall"])
	matter_option = page.locator(f'[data-fieldname="matter"] select option[value="{booking["matter"]}"]')
	matter_option.wait_for(state="attached")
	page.locator('[data-fieldname="matter"] select').select_option(value=booking["matter"])
	choose_date(page, watch, "appointment_date", booking["date"], booking["date_formatted"])
	slot_option = page.locator(f'[data-fieldname="slot_start"] select option[value="{booking["slot"]}"]')
	slot_option.wait_for(state="attached")
	page.locator('[data-fieldname="slot_start"] select').select_option(value=booking["slot"])
	page.locator('[data-fieldname="applicant_name"] input').fill("李预约")
	page.locator('[data-fieldname="mobile"] input').fill(mobile)
	page.locator('[data-fieldname="note"] textarea').fill("带齐材料原件。")
	watch.check_text("预约表单（已填写）")

	page.locator(".submit-btn, .web-form-actions button[type=submit]").first.click()
	code_box = page.locator(".booking-code")
	code_box.wait_for(state="visible")
	code = code_box.inner_text().strip()
	assert BOOKING_CODE.match(code), f"booking code {code!r}"
	watch.allow(code)
	page.wait_for_load_state("networkidle")
	watch.check_text("预约成功")

	cancel_link = page.locator('a[href="/cancel-appointment"]')
	assert cancel_link.count() >= 1, "the booking's success page links to no cancellation page"
	cancel_link.first.click()
	page.wait_for_url("**/cancel-appointment")
	page.wait_for_load_state("networkidle")
	watch.check_text("取消预约")
	page.locator("#cancel-booking-code").fill(code)
	page.locator("#cancel-mobile-last4").fill(mobile[-4:])
	page.locator("#cancel-appointment-submit").click()  # the confirm dialog is accepted by the watch
	message = page.locator("#cancel-appointment-message")
	message.wait_for(state="visible")
	assert "alert-success" in (message.get_attribute("class") or ""), f"not cancelled: {message.inner_text()}"
	watch.check_text("取消成功")
	watch.assert_clean()


def test_track_case(phone, data):
	"""Follow a case with its number and the last 4 digits of the applicant's mobile."""
	page, watch = phone
	case = data["case"]
	open_page(page, watch, "/track-case", "办件查询")
	page.locator("#track-case-number").fill(case["number"])
	page.locator("#track-phone-last4").fill(case["mobile_last4"])
	page.locator("#track-case-submit").click()
	result = page.locator("#track-case-result")
	result.wait_for(state="visible")
	assert result.locator('[data-field="case_number"]').inner_text().strip() == case["number"]
	assert result.locator('[data-field="matter_name"]').inner_text().strip() == case["matter_name"]
	status = result.locator('[data-field="status_label"]').inner_text().strip()
	assert "办结" in status, f"status of a completed case shown as {status!r}"
	assert result.locator('[data-field="due_date"]').inner_text().strip() not in ("", "—")
	watch.check_text("办件查询结果")
	watch.assert_clean()


def test_rate_case(phone, data):
	"""Rate a completed case (好差评) with its number and the last 4 digits, without an account."""
	page, watch = phone
	case = data["case"]
	open_page(page, watch, "/rate", "服务评价")
	page.locator("#rate-case-number").fill(case["number"])
	page.locator("#rate-phone-last4").fill(case["mobile_last4"])
	page.get_by_label("满意", exact=True).check()
	page.locator("#rate-comment").fill("窗口工作人员讲解耐心，一次办好。")
	page.locator("#rate-submit").click()
	message = page.locator("#rate-message")
	message.wait_for(state="visible")
	assert page.locator("#rate-form").is_hidden(), f"rating not accepted: {message.inner_text()}"
	watch.check_text("评价完成")
	watch.assert_clean()


def tiny_png() -> bytes:
	"""A real 1x1 PNG image, the evidence a citizen attaches (photo of a notice board, say)."""

	def chunk(kind: bytes, payload: bytes) -> bytes:
		return (
			struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))
		)

	header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
	pixels = zlib.compress(b"\x00\xff\x00\x00")
	return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def test_complaint_with_evidence_and_status(phone, data):
	"""File a complaint with a photo, get a tracking code, follow it; read a replied complaint."""
	page, watch = phone
	open_page(page, watch, "/complaint", "我要投诉")
	page.locator("#complaint-hall").select_option(value=data["hall"])
	page.locator("#complaint-subject").select_option(value="Window")
	page.locator("#complaint-window").select_option(value=data["staff"]["window"])
	page.locator("#complaint-category").select_option(index=1)
	yesterday = (datetime.date.today() - datetime.timedelta(days=1)).isoformat()
	page.locator("#complaint-date").fill(yesterday)
	page.locator("#complaint-description").fill("取号后等候一个多小时无人叫号，窗口工作人员在玩手机。")
	page.locator("#complaint-evidence").set_input_files(
		files=[{"name": "现场照片.png", "mimeType": "image/png", "buffer": tiny_png()}]
	)
	watch.check_text("投诉表单（已填写）")
	page.locator("#complaint-submit").click()
	done = page.locator("#complaint-done")
	# the answer is the tracking code, or a message saying why not: either is read for English
	page.locator("#complaint-done:visible, #complaint-message:visible").first.wait_for()
	code = page.locator("#complaint-code").inner_text().strip()
	watch.allow(code)
	watch.check_text("投诉提交后")
	assert done.is_visible(), f"complaint not accepted: {page.locator('#complaint-message').inner_text()}"
	assert TRACKING_CODE.match(code), f"tracking code {code!r}"

	done.locator('a[href="/complaint-status"]').click()
	page.wait_for_url("**/complaint-status")
	page.wait_for_load_state("networkidle")
	watch.check_text("投诉查询")
	for tracking_code, reply in (
		(code, None),
		(data["complaint"]["tracking_code"], data["complaint"]["reply"]),
	):
		watch.allow(tracking_code)
		page.locator("#complaint-tracking-code").fill(tracking_code)
		page.locator("#complaint-status-submit").click()
		result = page.locator("#complaint-status-result")
		result.wait_for(state="visible")
		page.wait_for_function(
			"""() => {
				const el = document.querySelector('#complaint-status-submit');
				return el && !el.disabled;
			}"""
		)
		status = result.locator('[data-field="status_label"]').inner_text().strip()
		assert status not in ("", "—"), f"complaint {tracking_code} shows no status"
		if reply:
			assert reply in result.locator('[data-field="reply"]').inner_text()
		watch.check_text(f"投诉进度 {tracking_code}")
	watch.assert_clean()


def test_honor_roll(phone, data):
	"""The published red-flag windows and service stars of the quarter."""
	page, watch = phone
	open_page(page, watch, "/honor-roll", "光荣榜")
	body = page.locator("body").inner_text()
	assert data["hall"] in body, "the honour roll does not show the hall"
	assert data["honour_quarter"] in body, f"the honour roll does not show {data['honour_quarter']}"
	assert page.locator("table tbody tr").count() >= 1, "the honour roll lists nobody"
	watch.assert_clean()


@pytest.mark.parametrize("path", ["/service-guide/NO-SUCH-MATTER", "/no-such-page"])
def test_bad_link_shows_chinese_not_found_page(phone, path):
	"""A bad link answers 404 with a page in Chinese (the 404 itself is expected, nothing else)."""
	page, watch = phone
	watch.expect_status("^" + re.escape(path) + "$", 404)
	open_page(page, watch, path, "404页面", status=404)
	heading = page.locator("h1, h2, .page-card-head, main").first.inner_text()
	assert CJK.search(heading), f"the not-found page's heading is not Chinese: {heading!r}"
	watch.assert_clean()
