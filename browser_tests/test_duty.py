"""On-site duty (出勤值勤) at a desktop: a window staff member clocks in from their own staff record and
sees the time and their duty status in Chinese; a hall manager opens the attendance report (考勤统计)
in Chinese. Console errors and failed requests fail the test; the duty box, the buttons and the
report's title, filters, columns and summary must show no English word.

Chinese labels are read from the app's own translations (gov_hall/translations/zh.csv), so the test
follows a change of wording there.
"""

import csv
import re
from pathlib import Path

from checks import english_words
from playwright.sync_api import expect

ZH_CSV = Path(__file__).resolve().parents[1] / "gov_hall" / "translations" / "zh.csv"
DUTY_STATUSES = (
	"Scheduled",
	"Present",
	"Late",
	"Early Leave",
	"Late and Early Leave",
	"Absent",
	"On Leave",
)
TIME = r"\d{1,2}:\d{2}(?::\d{2})?"


def zh(text: str) -> str:
	"""The app's Chinese for ``text`` (the last line for it wins, as in Frappe)."""
	found = None
	with ZH_CSV.open(encoding="utf-8") as handle:
		for row in csv.reader(handle):
			if len(row) >= 2 and row[0] == text:
				found = row[1]
	assert found, f"zh.csv has no translation of {text!r}"
	return found


def log_in(page, watch, email: str, password: str) -> None:
	page.goto("/login", wait_until="networkidle")
	page.locator("#login_email").fill(email)
	page.locator("#login_password").fill(password)
	page.locator("form.form-login .btn-login").click()
	page.wait_for_url(re.compile(r"/app(/|$)"))
	page.wait_for_load_state("networkidle")
	watch.flush()


def assert_chinese(label: str, texts: list[str]) -> None:
	words = [word for text in texts for word in english_words(text)]
	assert not words, f"English words in {label}: {words} ({texts})"


def test_staff_clocks_in_on_their_own_record(desktop, data):
	page, watch = desktop
	duty = data.get("duty") or {}
	assert duty.get("staff_record"), "the browser fixtures made no duty roster (issue 15)"
	staff = data["staff"]
	log_in(page, watch, staff["email"], staff["password"])

	page.goto(f"/app/gh-window-staff/{duty['staff_record']}", wait_until="networkidle")
	label = zh("Clock In")
	named = re.compile(rf"^\s*{re.escape(label)}\s*$")
	group = page.locator(".inner-group-button").filter(
		has=page.locator(".dropdown-menu a.dropdown-item").filter(has_text=named)
	)
	item = group.locator(".dropdown-menu a.dropdown-item").filter(has_text=named)
	group.locator("button").first.wait_for(state="visible")
	group.locator("button").first.click()
	item.first.click()

	before, _placeholder, after = zh("Clocked in at {0}").partition("{0}")
	alert = page.locator(".desk-alert .alert-message").filter(has_text=before.strip() or after.strip())
	alert.first.wait_for(state="visible")
	message = alert.first.inner_text().strip()
	stamped = re.search(TIME, message)
	assert stamped, f"the alert shows no clock-in time: {message!r}"

	box = page.locator(".gh-duty-today:visible")
	expect(box).to_contain_text(stamped.group(0))  # among today's punches
	rows = box.locator("tbody tr")
	rows.first.wait_for(state="visible")
	cells = [
		[text.strip() for text in rows.nth(index).locator("td").all_inner_texts()]
		for index in range(rows.count())
	]
	# the punch belongs to the session nearest to it (before noon the morning's, after it the
	# afternoon's): that row shows a clock-in time
	clocked = [row for row in cells if re.fullmatch(TIME, row[3])]
	assert clocked, f"no roster row shows a clock-in time: {cells}"
	statuses = {zh(status) for status in DUTY_STATUSES}
	for row in cells:
		assert row[5] in statuses, f"the duty status {row[5]!r} is not one of {sorted(statuses)}"
	section = page.locator(".form-dashboard-section").filter(has=box)
	assert zh("Today's Duty") in section.first.inner_text()
	assert_chinese(
		"the duty box, its buttons and the alert",
		[section.first.inner_text(), group.first.inner_text(), message, *item.all_inner_texts()],
	)
	watch.assert_clean()


def test_manager_opens_the_attendance_report_in_chinese(desktop, data):
	page, watch = desktop
	manager = (data.get("duty") or {}).get("manager")
	assert manager, "the browser fixtures made no hall manager (issue 15)"
	log_in(page, watch, manager["email"], manager["password"])

	page.goto("/app/query-report/GH Attendance", wait_until="networkidle")
	title = page.locator(".page-head .title-text:visible").first
	expect(title).to_have_text(zh("GH Attendance"))
	headers = page.locator(".dt-header .dt-cell__content:visible")
	headers.first.wait_for(state="visible")
	expect(page.locator(".dt-header")).to_contain_text(zh("Punctuality Rate %"))
	header_texts = [t.strip() for t in headers.all_inner_texts() if t.strip()]
	placeholders = page.locator(".page-form .frappe-control input:visible").evaluate_all(
		"(inputs) => inputs.map((input) => input.placeholder || '')"
	)
	group_by = page.locator('.page-form .frappe-control[data-fieldname="group_by"] select')
	options = group_by.locator("option").all_inner_texts()
	assert zh("Home Agency") in options, f"the grouping offers {options}"
	summary = page.locator(".report-summary .summary-label:visible").all_inner_texts()
	assert zh("Rostered Sessions") in [s.strip() for s in summary], f"the summary shows {summary}"
	assert_chinese(
		"the attendance report",
		[title.inner_text(), *header_texts, *placeholders, *options, *summary],
	)
	watch.assert_clean()
