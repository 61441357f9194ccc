"""Window staff at a desktop: log in, record a case of their department's matter, accept it through
the workflow's actions menu and see its due date. Console errors and failed requests fail the test
(the desk is not checked for English: it is Frappe's, used by trained staff)."""

import re

CASE_URL = re.compile(r"/app/gh-case/[A-Z0-9]+-\d{4}-\d{5}$")


def control(page, fieldname: str):
	return page.locator(f'.frappe-control[data-fieldname="{fieldname}"]:visible').first


def fill_link(page, fieldname: str, value: str) -> None:
	"""Type into a Link field and pick the value from its dropdown, as a person does."""
	field = control(page, fieldname).locator("input")
	field.click()
	field.fill(value)
	option = control(page, fieldname).locator("[role=listbox] [role=option]").filter(has_text=value).first
	option.wait_for(state="visible")
	option.click()
	page.wait_for_function(
		"([name, value]) => cur_frm && cur_frm.doc[name] === value", arg=[fieldname, value]
	)


def test_staff_records_and_accepts_a_case(desktop, data):
	page, watch = desktop
	staff, case = data["staff"], data["desk_case"]

	page.goto("/login", wait_until="networkidle")
	page.locator("#login_email").fill(staff["email"])
	page.locator("#login_password").fill(staff["password"])
	page.locator("form.form-login .btn-login").click()
	page.wait_for_url(re.compile(r"/app(/|$)"))
	page.wait_for_load_state("networkidle")
	watch.flush()

	page.goto("/app/gh-case/new", wait_until="networkidle")
	control(page, "applicant_name").locator("input").wait_for(state="visible")
	control(page, "applicant_name").locator("input").fill(case["applicant_name"])
	control(page, "id_number").locator("input").fill(case["id_number"])
	control(page, "mobile").locator("input").fill(case["mobile"])
	fill_link(page, "matter", case["matter"])
	if not page.evaluate("cur_frm.doc.hall"):
		fill_link(page, "hall", data["hall"])
	page.keyboard.press("Control+s")
	page.wait_for_url(CASE_URL)
	page.wait_for_load_state("networkidle")
	number = page.url.rsplit("/", 1)[-1]
	assert page.evaluate("cur_frm.doc.status") == "Received", "a new case starts as Received (已收件)"

	actions = page.locator(".page-actions .actions-btn-group:visible")
	actions.wait_for(state="visible")
	actions.locator("button").first.click()
	accept = actions.locator(".dropdown-menu a.dropdown-item").filter(has_text=re.compile(r"^\s*受理\s*$"))
	accept.first.click()
	page.wait_for_function("cur_frm && cur_frm.doc.status === 'Accepted'")
	page.wait_for_load_state("networkidle")

	due = control(page, "due_date")
	due.wait_for(state="visible")
	shown = due.locator(".control-value:visible, input:visible").first
	is_input = shown.evaluate("e => e.tagName === 'INPUT'")
	text = (shown.input_value() if is_input else shown.inner_text()).strip()
	assert text == case["expected_due_date"], (
		f"{number}: due date shown {text!r}, expected {case['expected_due_date']}"
	)
	assert page.locator(".indicator-pill:visible").filter(has_text="已受理").count() >= 1
	watch.assert_clean()
