"""The hall floor (issue 17) in a real browser: the ticket kiosk on a touch screen, the hall display
updated live through Frappe's realtime when a window calls, and the window evaluator recording the
visit's rating. The devices are registered by the browser fixtures
(gov_hall/tests/queue_browser_fixtures.py) and paired here by opening their pairing links; the window
staff member of the fixtures calls and finishes tickets through the desk API (gov_hall.api.queue).

scripts/run-tests --tier 3 runs Frappe's realtime server beside `bench serve` for these.
"""

import re
import time

import pytest
from checks import PageWatch
from conftest import TIMEOUT_MS, artifacts_dir

TICKET = re.compile(r"^[A-Z]{1,2}\d{3,}$")
# a hall's touch-screen kiosk (portrait 1080x1920) and its big screens
KIOSK = {
	"viewport": {"width": 1080, "height": 1920},
	"has_touch": True,
	"locale": "zh-CN",
	"timezone_id": "Asia/Shanghai",
}
SCREEN = {"viewport": {"width": 1920, "height": 1080}, "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}
TABLET = {
	"viewport": {"width": 1280, "height": 800},
	"has_touch": True,
	"locale": "zh-CN",
	"timezone_id": "Asia/Shanghai",
}
# what the page hands to the browser's speech synthesis, kept for the test
RECORD_SPEECH = """
window.__spoken = [];
if (window.speechSynthesis) {
	window.speechSynthesis.speak = (u) => window.__spoken.push({ text: u.text, lang: u.lang });
}
"""
LIVE_MS = 20_000
# a call reaches the screens within a second; the margin is for a loaded test machine
UPDATE_MS = 3_000


@pytest.fixture
def queue(data):
	floor = data.get("queue") or {}
	if not floor.get("kiosk_token"):
		pytest.fail("the browser fixtures made no queue devices (gov_hall.tests.queue_browser_fixtures)")
	return floor


@pytest.fixture
def device(browser, base_url, request):
	"""A factory of watched pages on the hall floor's devices: ``device(options) -> (page, watch)``."""
	contexts = []

	def make(options: dict, record_speech: bool = False):
		context = browser.new_context(base_url=base_url, **options)
		context.set_default_timeout(TIMEOUT_MS)
		if record_speech:
			context.add_init_script(RECORD_SPEECH)
		contexts.append(context)
		page = context.new_page()
		watch = PageWatch(page, base_url, artifacts_dir(request) / str(len(contexts)), citizen=True)
		request.node.gov_hall_watch = watch
		return page, watch

	yield make
	for context in contexts:
		context.close()


@pytest.fixture
def desk(browser, base_url, data):
	"""The fixture window staff member's desk session: API calls with their login."""
	staff = data["staff"]
	context = browser.new_context(base_url=base_url)
	api = context.request
	answer = api.post("/api/method/login", form={"usr": staff["email"], "pwd": staff["password"]})
	assert answer.ok, f"the window staff member could not log in: {answer.status} {answer.text()}"
	yield api
	context.close()


def desk_call(desk, method: str, **args) -> dict:
	answer = desk.post(f"/api/method/gov_hall.api.queue.{method}", data=args)
	assert answer.ok, f"{method}: HTTP {answer.status} {answer.text()[:500]}"
	return answer.json()["message"]


def take_ticket(desk, queue) -> str:
	"""A ticket of the window's department from the kiosk's endpoint (as the kiosk does)."""
	answer = desk.post(
		"/api/method/gov_hall.api.queue_public.take_ticket",
		data={"token": queue["kiosk_token"], "department": queue["department"]},
	)
	assert answer.ok, f"take_ticket: HTTP {answer.status} {answer.text()[:500]}"
	return answer.json()["message"]["ticket_number"]


def free_window(desk, queue) -> None:
	"""Finish whatever the window still serves (an earlier scenario's call)."""
	ticket = desk_call(desk, "window_state", window=queue["window"]).get("ticket")
	if ticket:
		desk_call(desk, "finish_service", ticket=ticket["name"])


def call_one(desk, queue) -> str:
	"""A ticket is taken and the window calls its next one; the called ticket's number."""
	free_window(desk, queue)
	take_ticket(desk, queue)
	called = desk_call(desk, "call_next", window=queue["window"])
	assert called.get("called"), f"the window called nobody: {called}"
	# the longest waiting of the window's tickets: maybe one an earlier scenario took
	return called["ticket"]["ticket_number"]


def test_kiosk_issues_a_ticket_on_a_touch_screen(device, queue):
	"""Paired once, the kiosk shows the departments as big buttons; a tap gives a ticket number with
	the number waiting ahead and a slip that alone is printed."""
	page, watch = device(KIOSK)
	response = page.goto(f"/queue-kiosk?pair={queue['kiosk_token']}", wait_until="networkidle")
	assert response.status == 200
	buttons = page.locator("#kiosk-departments button")
	buttons.first.wait_for(state="visible")
	watch.check_text("取号机")
	box = buttons.first.bounding_box()
	assert box["height"] >= 80, f"a department button is {box['height']}px high: too small to touch"
	# the portal's navigation is not on a kiosk
	assert page.locator("nav.navbar:visible").count() == 0
	page.locator("#kiosk-departments button", has_text=queue["department"]).first.tap()
	if page.locator("#kiosk-matters").is_visible():
		page.locator("#kiosk-department-only").tap()
	number = page.locator("#slip-number")
	number.wait_for(state="visible")
	assert TICKET.match(number.inner_text().strip()), f"no ticket number: {number.inner_text()!r}"
	assert "前面还有" in page.locator("#slip-ahead").inner_text()
	watch.allow(number.inner_text().strip())
	watch.check_text("取号凭条")
	# printing shows the slip and nothing else
	page.emulate_media(media="print")
	assert number.is_visible()
	assert not page.locator("#kiosk-print").is_visible()
	page.emulate_media(media="screen")
	# the paired kiosk is remembered: the page opens again without the link
	page.goto("/queue-kiosk", wait_until="networkidle")
	page.locator("#kiosk-departments button").first.wait_for(state="visible")
	watch.assert_clean()


def test_an_unpaired_browser_gets_a_chinese_notice(device):
	page, watch = device(KIOSK)
	page.goto("/queue-kiosk", wait_until="networkidle")
	notice = page.locator("#device-error")
	assert notice.is_visible()
	assert "未在大厅登记" in notice.inner_text()
	assert page.locator("#kiosk-departments").count() == 0
	watch.check_text("未登记设备")
	watch.assert_clean()


def test_hall_display_shows_a_call_live_and_announces_it(device, desk, queue):
	"""The hall display and the window's own screen hear the call through the realtime server and
	show it within a second; the hall display speaks it in Mandarin."""
	hall, hall_watch = device(SCREEN, record_speech=True)
	hall.goto(f"/hall-display?pair={queue['display_token']}", wait_until="load")
	hall.locator(f"[data-window='{queue['window']}']").wait_for(state="visible")
	hall.wait_for_selector("body[data-realtime='live']", timeout=LIVE_MS)
	hall_watch.check_text("大厅综合屏")
	screen, screen_watch = device(SCREEN)
	screen.goto(
		f"/window-display/{queue['card_code']}?pair={queue['window_display_token']}", wait_until="load"
	)
	screen.wait_for_selector("body[data-realtime='live']", timeout=LIVE_MS)
	# the polling fallback would take 30 s: an update within seconds came through the socket
	started = time.monotonic()
	number = call_one(desk, queue)
	box = hall.locator(f"[data-window='{queue['window']}'] .gh-window-ticket")
	hall.wait_for_function(
		"([selector, number]) => document.querySelector(selector)?.textContent.trim() === number",
		arg=[f"[data-window='{queue['window']}'] .gh-window-ticket", number],
		timeout=UPDATE_MS,
	)
	elapsed = time.monotonic() - started
	assert box.inner_text().strip() == number
	announcement = f"请{number}号到{queue['window_number']}号窗口"
	assert hall.locator("#display-call").inner_text().strip() == announcement
	spoken = hall.evaluate("window.__spoken")
	assert {"text": announcement, "lang": "zh-CN"} in spoken, f"not announced: {spoken}"
	screen.wait_for_function(
		"(number) => document.getElementById('window-ticket').textContent.trim() === number",
		arg=number,
		timeout=UPDATE_MS,
	)
	for watch, label in ((hall_watch, "大厅综合屏叫号"), (screen_watch, "窗口屏叫号")):
		watch.allow(number, queue["window_number"])
		watch.check_text(label)
	assert elapsed < 10, f"the call took {elapsed:.1f}s to reach the screens"
	free_window(desk, queue)
	hall_watch.assert_clean()
	screen_watch.assert_clean()


def test_evaluator_records_the_visits_rating(device, desk, queue):
	"""The window's evaluator asks about the visit just served there; a tap records the rating and
	thanks the citizen; the visit cannot be rated twice."""
	page, watch = device(TABLET)
	page.goto("/window-evaluator?pair=" + queue["evaluator_token"], wait_until="load")
	page.locator("#evaluator-window").wait_for(state="visible")
	number = call_one(desk, queue)
	page.wait_for_function(
		"(number) => document.getElementById('evaluator-visit').textContent.includes(number)",
		arg=number,
		timeout=LIVE_MS,
	)
	watch.allow(number, queue["window_number"])
	watch.check_text("评价器")
	visit = page.evaluate("document.body.dataset.visit")
	assert visit, "no visit to rate"
	page.locator(".gh-evaluator-btn", has_text="非常满意").tap()
	thanks = page.locator("#evaluator-thanks")
	thanks.wait_for(state="visible")
	assert "感谢" in thanks.inner_text()
	watch.check_text("评价致谢")
	again = page.request.post(
		"/api/method/gov_hall.api.queue_public.rate_visit", data={"visit": visit, "level": "Satisfied"}
	)
	assert again.ok
	assert again.json()["message"]["ok"] is False, "a visit was rated twice"
	free_window(desk, queue)
	watch.assert_clean()
