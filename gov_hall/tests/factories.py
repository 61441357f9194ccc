"""Builders for integration tests: real records on a real site, rolled back by FrappeTestCase."""

import frappe
from frappe.tests.utils import FrappeTestCase

from gov_hall.setup.roles import WINDOW_STAFF
from gov_hall.utils.calendar import clear_calendar_cache


def unique(prefix: str) -> str:
	return f"{prefix}{frappe.generate_hash(length=6).upper()}"


def make_hall(**values):
	code = unique("T")[:8]
	doc = frappe.get_doc(
		{
			"doctype": "GH Service Hall",
			"hall_name": values.pop("hall_name", f"测试政务服务中心{code}"),
			"hall_code": values.pop("hall_code", code),
			"hall_level": "County Hall",
			**values,
		}
	)
	return doc.insert()


def make_department(hall: str, **values):
	doc = frappe.get_doc(
		{
			"doctype": "GH Stationed Department",
			"department_name": values.pop("department_name", unique("测试局")),
			"department_type": "Approval Body",
			"hall": hall,
			"stationed_from": "2025-01-02",
			**values,
		}
	)
	return doc.insert()


def make_window(hall: str, department: str, **values):
	doc = frappe.get_doc(
		{
			"doctype": "GH Service Window",
			"window_number": values.pop("window_number", unique("W")[:6]),
			"window_name": values.pop("window_name", "测试窗口"),
			"hall": hall,
			"department": department,
			**values,
		}
	)
	return doc.insert()


def make_user(roles: list[str] | None = None, **values) -> str:
	email = values.pop("email", f"{unique('u').lower()}@test.example.com")
	user = frappe.get_doc(
		{
			"doctype": "User",
			"email": email,
			"first_name": values.pop("first_name", "测试用户"),
			"send_welcome_email": 0,
			"user_type": "System User",
			"roles": [{"role": role} for role in (roles or [])],
			**values,
		}
	)
	user.flags.no_welcome_mail = True
	user.insert()
	return email


def make_staff(department: str, window: str | None = None, **values):
	user = values.pop("user", None) or make_user([WINDOW_STAFF])
	doc = frappe.get_doc(
		{
			"doctype": "GH Window Staff",
			"user": user,
			"department": department,
			"window": window,
			"employment_type": "Civil Servant",
			"on_site_from": "2025-01-02",
			**values,
		}
	)
	return doc.insert()


def make_matter(department: str, **values):
	doc = frappe.get_doc(
		{
			"doctype": "GH Service Matter",
			"matter_name": values.pop("matter_name", "测试事项"),
			"matter_code": values.pop("matter_code", unique("TM-")),
			"department": department,
			"legal_time_limit": values.pop("legal_time_limit", 20),
			"promised_time_limit": values.pop("promised_time_limit", 5),
			"complexity": values.pop("complexity", 3),
			"materials": values.pop(
				"materials",
				[
					{"material_name": "申请书", "originals": 1, "copies": 0},
					{"material_name": "身份证", "originals": 1, "copies": 1},
				],
			),
			**values,
		}
	)
	return doc.insert()


VALID_RESIDENT_ID = "11010519491231002X"
VALID_USCC = "91350100M000100Y43"


def make_case(hall: str, matter: str, **values):
	"""A case received now at ``hall``; pass ``status`` changes through the workflow afterwards."""
	doc = frappe.get_doc(
		{
			"doctype": "GH Case",
			"applicant_type": values.pop("applicant_type", "Person"),
			"applicant_name": values.pop("applicant_name", "张三"),
			"id_number": values.pop("id_number", VALID_RESIDENT_ID),
			"mobile": values.pop("mobile", "13812345678"),
			"matter": matter,
			"hall": hall,
			"channel": values.pop("channel", "Window"),
			**values,
		}
	)
	return doc.insert()


def make_case_setup(limit: int = 5, **matter_values) -> frappe._dict:
	"""A hall with one department, two windows, one staff member each, a matter."""
	hall = make_hall()
	department = make_department(hall.name)
	window = make_window(hall.name, department.name)
	other_window = make_window(hall.name, department.name)
	staff = make_staff(department.name, window.name)
	other_staff = make_staff(department.name, other_window.name)
	matter = make_matter(department.name, promised_time_limit=limit, **matter_values)
	return frappe._dict(
		hall=hall.name,
		department=department.name,
		window=window.name,
		other_window=other_window.name,
		staff=staff.user,
		other_staff=other_staff.user,
		matter=matter.name,
	)


class GovHallTestCase(FrappeTestCase):
	"""Each test starts from the state before it: rolled back, calendar cache cleared."""

	def tearDown(self):
		frappe.db.rollback()
		frappe.local.lang = "en"
		clear_calendar_cache()
		super().tearDown()


def make_rating(level: str, case: str | None = None, channel: str = "Window Evaluator", **values):
	"""A rating recorded by the current user; a Web or SMS Link rating is given as the citizen gives
	it, by a guest through the rating endpoint's permission (no staff member can create one)."""
	from gov_hall.voice.ratings import CITIZEN_CHANNELS, citizen_rating

	doc = frappe.get_doc(
		{
			"doctype": "GH Service Rating",
			"rating_for": "Case" if case else "Window Visit",
			"case": case,
			"level": level,
			"channel": channel,
			**values,
		}
	)
	if channel not in CITIZEN_CHANNELS:
		return doc.insert()
	user = frappe.session.user
	frappe.set_user("Guest")
	try:
		with citizen_rating(case, channel):
			return doc.insert(ignore_permissions=True)
	finally:
		frappe.set_user(user)


def make_complaint(hall: str, **values):
	doc = frappe.get_doc(
		{
			"doctype": "GH Complaint",
			"hall": hall,
			"source": values.pop("source", "Walk-in"),
			"category": values.pop("category", "Service Attitude"),
			"subject_type": values.pop("subject_type", "Window"),
			"description": values.pop("description", "窗口工作人员态度生硬。"),
			"is_anonymous": values.pop("is_anonymous", 1),
			**values,
		}
	)
	return doc.insert()


def make_supervisor(hall: str, **values):
	doc = frappe.get_doc(
		{
			"doctype": "GH External Supervisor",
			"full_name": values.pop("full_name", "李监督"),
			"supervisor_type": values.pop("supervisor_type", "Citizen"),
			"hall": hall,
			"appointed_from": values.pop("appointed_from", "2025-01-01"),
			"appointed_to": values.pop("appointed_to", "2099-12-31"),
			**values,
		}
	)
	return doc.insert()


def as_user(user: str, fn, *args, **kwargs):
	"""Run ``fn`` as ``user`` in this process (for building a world), then back to Administrator."""
	frappe.set_user(user)
	try:
		return fn(*args, **kwargs)
	finally:
		frappe.set_user("Administrator")


def complaint_act(name: str, action: str, **values):
	"""Take a complaint workflow action as the current user, saving ``values`` first."""
	from frappe.model.workflow import apply_workflow

	doc = frappe.get_doc("GH Complaint", name)
	if values:
		doc.update(values)
		doc.save()
	return apply_workflow(doc.as_dict(), action)


def make_outgoing_account() -> str | None:
	"""A default outgoing email account, so that emails are queued (tests never send them: the queue
	is flushed by the scheduler only); its name when this call made it, None when one existed."""
	if frappe.db.exists("Email Account", {"default_outgoing": 1, "enable_outgoing": 1}):
		return None
	return (
		frappe.get_doc(
			{
				"doctype": "Email Account",
				"email_account_name": unique("GH Test Outgoing "),
				"email_id": "hall@example.com",
				"enable_outgoing": 1,
				"default_outgoing": 1,
				"smtp_server": "localhost",
				"no_smtp_authentication": 1,
			}
		)
		.insert(ignore_permissions=True)
		.name
	)
