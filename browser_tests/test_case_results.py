"""办件公示 (issue 16) on a citizen's phone, without an account: from the portal's home page to this
month's completed cases of a matter at the county hall, applicants masked, nothing personal.

Fixtures: gov_hall.tests.browser_fixtures.case_results_world. Every page passes checks.PageWatch
(no console error, no failed same-origin request, no visible English word).
"""

from test_citizen_pages import open_page


def test_case_results_on_a_phone(phone, data):
	page, watch = phone
	world = data["case_results"]
	open_page(page, watch, "/", "首页")
	entry = page.locator('a.gh-entry[href="/case-results"]')
	assert entry.count() == 1, "the home page has no entry for the public case results"
	entry.scroll_into_view_if_needed()
	entry.click()
	page.wait_for_url("**/case-results")
	page.wait_for_load_state("networkidle")
	assert "办件公示" in page.locator("h1").first.inner_text()
	watch.check_text("办件公示")

	# filter: the matter by (part of) its name, the county hall, this month
	page.locator("#results-matter").fill(world["matter_name"])
	page.locator("#results-hall").select_option(world["hall"])
	page.locator("#results-month").select_option(world["month"])
	page.locator("#results-submit").click()
	page.wait_for_url("**/case-results?*")
	page.wait_for_load_state("networkidle")
	watch.check_text("办件公示（按事项和大厅）")

	listing = page.locator("#results-list")
	assert listing.is_visible(), "no results listed for this month's completed cases of the matter"
	text = listing.inner_text()
	for masked in world["shown"]:
		assert masked in text, f"{masked} is not listed: {text}"
	for masked in world["not_shown"]:
		assert masked not in text, f"an open case is listed: {masked}"
	assert world["matter_name"] in text
	assert "办结" in text
	html = page.content()
	for secret in world["secrets"]:
		assert secret not in html, f"the public results page shows {secret}"
	# a phone's width: nothing to scroll sideways
	width = page.evaluate("document.documentElement.scrollWidth")
	assert width <= 390, f"the results page is {width}px wide on a 390px phone"
	watch.assert_clean()
