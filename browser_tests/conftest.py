"""Tier 3: real browser tests of a served gov_hall site (Playwright, Debian's Chromium).

Run by scripts/run-tests (``--tier 3``), which makes the site, loads the demo hall and the browser
fixtures (gov_hall/tests/browser_fixtures.py) and serves it. Environment:

- GOV_HALL_BROWSER_URL        the served site, e.g. http://127.0.0.1:8011
- GOV_HALL_BROWSER_FIXTURES   the JSON file written by browser_fixtures.prepare
- GOV_HALL_BROWSER_FAILURES   where screenshots and page texts of failures go
                              (default /tmp/gov_hall_browser_failures, emptied at the start)
- GOV_HALL_CHROMIUM           the browser (default /usr/bin/chromium)
"""

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from checks import PageWatch
from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("GOV_HALL_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
	"--no-sandbox",
	"--disable-gpu",
	"--disable-quic",
	"--no-first-run",
	"--disable-background-networking",
	"--disable-component-update",
	"--disable-sync",
]
FAILURES = Path(os.environ.get("GOV_HALL_BROWSER_FAILURES", "/tmp/gov_hall_browser_failures"))
TIMEOUT_MS = 30_000

# a citizen's phone: an Android phone's Chrome, Chinese, Beijing time
PHONE = {
	"viewport": {"width": 390, "height": 844},
	"device_scale_factor": 2,
	"is_mobile": True,
	"has_touch": True,
	"locale": "zh-CN",
	"timezone_id": "Asia/Shanghai",
	"user_agent": (
		"Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
		"Chrome/124.0.0.0 Mobile Safari/537.36"
	),
}
DESKTOP = {
	"viewport": {"width": 1366, "height": 900},
	"locale": "zh-CN",
	"timezone_id": "Asia/Shanghai",
}


def pytest_configure(config):
	if not os.environ.get("GOV_HALL_BROWSER_URL") or not os.environ.get("GOV_HALL_BROWSER_FIXTURES"):
		raise pytest.UsageError(
			"browser_tests need a served site: run scripts/run-tests --tier 3 "
			"(or set GOV_HALL_BROWSER_URL and GOV_HALL_BROWSER_FIXTURES)"
		)
	if FAILURES.exists():
		shutil.rmtree(FAILURES)
	FAILURES.mkdir(parents=True)


@pytest.fixture(scope="session")
def base_url() -> str:
	return os.environ["GOV_HALL_BROWSER_URL"].rstrip("/")


@pytest.fixture(scope="session")
def data() -> dict:
	"""What browser_fixtures.prepare made: staff login, case, complaint, booking day, honours."""
	return json.loads(Path(os.environ["GOV_HALL_BROWSER_FIXTURES"]).read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def browser():
	with sync_playwright() as playwright:
		browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
		yield browser
		browser.close()


def artifacts_dir(request) -> Path:
	return FAILURES / re.sub(r"[^\w.-]+", "_", request.node.name)


def new_watched_page(browser, base_url, request, options: dict, citizen: bool):
	context = browser.new_context(base_url=base_url, **options)
	context.set_default_timeout(TIMEOUT_MS)
	page = context.new_page()
	watch = PageWatch(page, base_url, artifacts_dir(request), citizen=citizen)
	request.node.gov_hall_watch = watch
	return context, page, watch


@pytest.fixture
def phone(browser, base_url, request):
	"""A citizen's phone (390x844, touch, zh-CN) and the watch over its pages: ``(page, watch)``."""
	context, page, watch = new_watched_page(browser, base_url, request, PHONE, citizen=True)
	yield page, watch
	context.close()


# Tier 3 serves the site with `bench serve` alone, without Frappe's realtime (Socket.IO) server,
# which production puts behind the same origin at /socket.io/. The desk's realtime client polls
# there and gets the test server's 404: that answer (and Chromium's console line for it) is the
# test set-up's, not the app's, and is the one exception made for the desk.
REALTIME_PATH = r"^/socket\.io/"


@pytest.fixture
def desktop(browser, base_url, request):
	"""A staff member's desktop (1366x900, zh-CN): ``(page, watch)``; no English check in the desk."""
	context, page, watch = new_watched_page(browser, base_url, request, DESKTOP, citizen=False)
	watch.expect_status(REALTIME_PATH, 404)
	yield page, watch
	context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
	"""On failure keep a screenshot and the text of the page the test ended on, and list every
	problem the watch collected (also those before a failing assertion)."""
	outcome = yield
	report = outcome.get_result()
	watch = getattr(item, "gov_hall_watch", None)
	if report.when != "call" or not report.failed or watch is None:
		return
	try:
		watch.keep_evidence([f"test failed: {call.excinfo.typename}: {call.excinfo.value}"])
	except Exception as error:
		report.sections.append(("gov_hall browser", f"no screenshot: {error}"))
	if watch.problems:
		report.sections.append(("gov_hall page problems", "\n".join(watch.problems)))
	report.sections.append(("gov_hall evidence", str(watch.artifacts)))


def pytest_terminal_summary(terminalreporter, exitstatus, config):
	kept = sorted(p for p in FAILURES.rglob("*.png"))
	if kept:
		terminalreporter.write_line(
			f"gov_hall browser tests: {len(kept)} screenshot(s) with page texts of failures in {FAILURES}"
		)
