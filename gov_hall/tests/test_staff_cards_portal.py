"""Staff cards (挂牌上岗), window cards, commitments and service brands as a guest over HTTP (issue 18):
each public page renders in Chinese with what it should show and nothing personal (no mobile, no ID
number, no user id, nothing from a complaint); a card that is unknown, of a staff member who left or
not public is the portal's 404; a rating or complaint made from a card records the card, an invalid
card is ignored, and nobody sets ``via_card`` through the REST API.

Every request goes through frappe.app.application (gov_hall.tests.http) against committed records.
"""

import frappe
from frappe.tests.utils import FrappeTestCase

from gov_hall.setup.roles import HALL_MANAGER, WINDOW_STAFF
from gov_hall.tests.assessment_data import make_run, staff_row
from gov_hall.tests.factories import (
	VALID_RESIDENT_ID,
	as_user,
	make_case,
	make_case_setup,
	make_complaint,
	make_staff,
	make_user,
	unique,
)
from gov_hall.tests.http import HttpUser, commit_world, set_password
from gov_hall.utils import guessing

RATE = "gov_hall.api.ratings.submit_rating"
COMPLAIN = "gov_hall.api.complaints.submit_complaint"
GUEST_IP = "192.0.2.218"  # TEST-NET-1: never a real visitor
MOBILE = "13912340000"
CASE_MOBILE = "13812345678"
COMPLAINT_TEXT = "这位工作人员推诿扯皮，让我跑了三趟。"
REFUSED = (403, 417)


def clear_throttle() -> None:
	guessing.clear([GUEST_IP])
	frappe.cache.delete(*[frappe.cache.make_key(f"rl:{method}:{GUEST_IP}") for method in (RATE, COMPLAIN)])


def guest_call(method: str, **kwargs):
	return HttpUser(None).request(
		"POST", f"/api/method/{method}", json=kwargs, headers={"X-Forwarded-For": GUEST_IP}
	)


def page(path: str):
	return HttpUser(None).page(path)


def stored(doctype: str, name: str, fields):
	frappe.db.rollback()  # read what the requests committed
	return frappe.db.get_value(doctype, name, fields, as_dict=True)


def card_code(doctype: str, name: str) -> str:
	"""The record's card code (given at insert); one set here if the record has none."""
	code = frappe.db.get_value(doctype, name, "card_code")
	if not code:
		code = frappe.generate_hash(length=10).lower()
		frappe.db.set_value(doctype, name, "card_code", code, update_modified=False)
	return code


def commitment(commitment_for: str, hall: str, title: str, submit: bool = True, **values):
	doc = frappe.get_doc(
		{
			"doctype": "GH Commitment",
			"commitment_for": commitment_for,
			"hall": hall,
			"category": values.pop("category", "Time"),
			"title": title,
			"content": values.pop("content", title + "，请群众监督。"),
			**values,
		}
	).insert()
	if submit:
		doc.submit()  # signed by the current user
	return doc


def brand(s, name: str, status: str, **values):
	doc = frappe.get_doc(
		{
			"doctype": "GH Service Brand",
			"brand_name": name,
			"brand_for": "Department",
			"hall": s.hall,
			"department": s.department,
			"concept": values.pop("concept", name + "：群众满意是唯一标准"),
			"commitments": values.pop(
				"commitments",
				[
					{
						"commitment": "满意率不低于95%",
						"metric": "Satisfaction Rate",
						"target": 95,
						"public": 1,
					},
					{"commitment": "内部考核不对外公开的承诺", "public": 0},
				],
			),
			**values,
		}
	).insert()
	frappe.db.set_value("GH Service Brand", doc.name, {"status": status, "named_on": "2026-01-15"})
	return doc.name


class StaffCardWorld(FrappeTestCase):
	"""One committed hall: a staff member with a public card, a known mobile, commitments, a
	service star and a complaint against them; a colleague who left, one whose card is hidden;
	commitments signed and in draft; a named, a warned and a proposed brand."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		s = cls.s = make_case_setup()
		cls.hall_name = frappe.db.get_value("GH Service Hall", s.hall, "hall_name")
		window = frappe.db.get_value("GH Service Window", s.window, ["window_number", "window_name"])
		cls.window_label = f"{window[0]} {window[1]}"
		cls.full_name = "亮牌" + unique("")[:2]
		frappe.db.set_value("User", s.staff, {"first_name": cls.full_name, "last_name": None})
		frappe.db.set_value(
			"GH Window Staff", s.staff, {"mobile": MOBILE, "full_name": cls.full_name}, update_modified=False
		)
		cls.code = card_code("GH Window Staff", s.staff)
		cls.badge = frappe.db.get_value("GH Window Staff", s.staff, "badge_number") or ""
		cls.window_code = card_code("GH Service Window", s.window)

		cls.left = make_staff(s.department, s.window, user=make_user([WINDOW_STAFF], first_name="离岗人员"))
		cls.left_code = card_code("GH Window Staff", cls.left.name)
		frappe.db.set_value("GH Window Staff", cls.left.name, "status", "Left")
		cls.hidden = make_staff(s.department, s.window, user=make_user([WINDOW_STAFF], first_name="不亮牌"))
		cls.hidden_code = card_code("GH Window Staff", cls.hidden.name)
		frappe.db.set_value("GH Window Staff", cls.hidden.name, "public_card", 0)

		# a case of the staff member's window: its applicant's ID number and mobile never show
		cls.case = make_case(s.hall, s.matter, window=s.window, mobile=CASE_MOBILE).name
		make_complaint(s.hall, window=s.window, subject_type="Staff", description=COMPLAINT_TEXT)

		cls.hall_title = "正点服务" + unique("")
		commitment("Hall", s.hall, cls.hall_title)
		cls.draft_title = "草稿承诺" + unique("")
		commitment("Hall", s.hall, cls.draft_title, submit=False)
		cls.window_title = "窗口承诺" + unique("")
		commitment("Window", s.hall, cls.window_title, window=s.window, category="Attitude")
		cls.staff_title = "个人承诺" + unique("")
		as_user(s.staff, commitment, "Staff", s.hall, cls.staff_title, staff=s.staff, category="Quality")

		make_run(
			s.hall,
			"2023-Q4",
			staff=[
				staff_row(s.staff, cls.full_name, s.department, s.window, 20),
				staff_row(s.other_staff, "李同事", s.department, s.other_window, 15),
			],
		)

		cls.named = brand(s, "红马甲" + unique(""), "Named")
		cls.warned = brand(s, "暖心窗口" + unique(""), "Warned")
		cls.proposed = brand(s, "申报中" + unique(""), "Proposed")
		cls.brand_names = {
			name: frappe.db.get_value("GH Service Brand", name, "brand_name")
			for name in (cls.named, cls.warned, cls.proposed)
		}

		cls.manager = make_user([HALL_MANAGER])
		for user in (cls.manager, s.staff):
			set_password(user)
		commit_world()

	def setUp(self):
		clear_throttle()

	def tearDown(self):
		clear_throttle()
		frappe.db.rollback()


class TestPublicPages(StaffCardWorld):
	def assert_private_data_absent(self, html: str):
		for text in (
			MOBILE,
			CASE_MOBILE,
			VALID_RESIDENT_ID,
			COMPLAINT_TEXT,
			self.s.staff,
			"@test.example.com",
			"Powered by",
		):
			self.assertFalse(text in html, text)

	def test_staff_card(self):
		answer = page(f"/staff-card/{self.code}")
		self.assertEqual(answer.status, 200, answer)
		html = answer.text
		for text in (
			"挂牌上岗",
			self.full_name,
			self.window_label,
			self.s.department,
			self.hall_name,
			self.staff_title,
			"服务标兵",
			"2023年第四季度服务标兵",
			f"/rate?card={self.code}",
			f"/complaint?card={self.code}",
			"评价本次服务",
			"投诉本次服务",
		):
			self.assertTrue(text in html, text)
		if self.badge:
			self.assertTrue(self.badge in html)
		# the hall's and the window's commitments are on their own pages
		self.assertFalse(self.hall_title in html)
		self.assertFalse("Service Stars" in html)
		self.assert_private_data_absent(html)

	def test_unknown_left_and_hidden_cards_are_not_found(self):
		for path in (
			f"/staff-card/{self.left_code}",
			f"/staff-card/{self.hidden_code}",
			"/staff-card/zzzzzzzzzz",
			"/staff-card/%3Cscript%3E",
			f"/staff-card/{self.s.staff}",
			"/window-card/zzzzzzzzzz",
			"/brands/" + self.proposed,
			"/brands/no-such-brand",
		):
			answer = page(path)
			self.assertEqual(answer.status, 404, path)
			self.assertTrue("页面不存在" in answer.text, path)
			self.assertFalse("离岗人员" in answer.text)
			self.assertFalse("不亮牌" in answer.text)
			self.assertFalse(self.brand_names[self.proposed] in answer.text)

	def test_window_card(self):
		answer = page(f"/window-card/{self.window_code}")
		self.assertEqual(answer.status, 200, answer)
		html = answer.text
		for text in (
			self.window_label,
			self.s.department,
			self.full_name,
			f"/staff-card/{self.code}",
			self.window_title,
			"当班人员",
			self.brand_names[self.named],
		):
			self.assertTrue(text in html, text)
		for text in ("离岗人员", "不亮牌", self.left_code, self.hidden_code, self.staff_title):
			self.assertFalse(text in html, text)
		self.assert_private_data_absent(html)

	def test_commitments_page(self):
		answer = page("/commitments")
		self.assertEqual(answer.status, 200, answer)
		html = answer.text
		for text in ("服务承诺", self.hall_name, self.hall_title, self.window_title, self.window_label):
			self.assertTrue(text in html, text)
		self.assertFalse(self.draft_title in html)
		self.assertFalse(self.staff_title in html)  # staff commitments are on their cards
		self.assert_private_data_absent(html)

	def test_brands_and_brand_page(self):
		answer = page("/brands")
		self.assertEqual(answer.status, 200, answer)
		html = answer.text
		for text in (
			"服务品牌",
			self.brand_names[self.named],
			self.brand_names[self.warned],
			"群众满意是唯一标准",
			"满意率不低于95%",
			f"/brands/{self.named}",
		):
			self.assertTrue(text in html, text)
		for text in (self.brand_names[self.proposed], "内部考核不对外公开的承诺"):
			self.assertFalse(text in html, text)
		self.assert_private_data_absent(html)

		answer = page(f"/brands/{self.named}")
		self.assertEqual(answer.status, 200, answer)
		for text in (self.brand_names[self.named], "满意率不低于95%", "满意率", "2026-01-15"):
			self.assertTrue(text in answer.text, text)
		self.assertFalse("内部考核不对外公开的承诺" in answer.text)
		self.assert_private_data_absent(answer.text)

	def test_rate_and_complaint_pages_from_a_card(self):
		for path in (f"/rate?card={self.code}", f"/complaint?card={self.code}"):
			answer = page(path)
			self.assertEqual(answer.status, 200, path)
			for text in ("为您服务的是", self.full_name, self.window_label, f'value="{self.code}"'):
				self.assertTrue(text in answer.text, f"{path}: {text}")
			self.assert_private_data_absent(answer.text)
		for path in (f"/rate?card={self.left_code}", "/complaint?card=zzzzzzzzzz"):
			answer = page(path)
			self.assertEqual(answer.status, 200, path)
			self.assertFalse("为您服务的是" in answer.text)
			self.assertFalse("离岗人员" in answer.text)


class TestRateAndComplainFromCard(StaffCardWorld):
	def test_rating_through_a_card_records_it(self):
		case = make_case(self.s.hall, self.s.matter, window=self.s.window, mobile=CASE_MOBILE).name
		commit_world()
		answer = guest_call(
			RATE, case_number=case, phone_last4=CASE_MOBILE[-4:], level="Satisfied", card=self.code
		)
		self.assertEqual(answer.status, 200, answer)
		self.assertTrue(answer.message["ok"], answer)
		frappe.db.rollback()
		rating = frappe.db.get_value(
			"GH Service Rating", {"case": case}, ["name", "via_card", "channel"], as_dict=True
		)
		self.assertEqual((rating.via_card, rating.channel), (self.s.staff, "Web"))
		# the existing guards still hold: one rating per case and channel
		again = guest_call(
			RATE, case_number=case, phone_last4=CASE_MOBILE[-4:], level="Dissatisfied", card=self.code
		)
		self.assertFalse(again.message["ok"])
		self.assertEqual(frappe.db.count("GH Service Rating", {"case": case}), 1)
		# wrong digits with a valid card: the usual "not found"
		wrong = guest_call(RATE, case_number=self.case, phone_last4="0000", level="Satisfied", card=self.code)
		self.assertFalse(wrong.message["ok"])

	def test_an_invalid_card_is_ignored_when_rating(self):
		for code in (self.left_code, self.hidden_code, "zzzzzzzzzz", "<b>x</b>"):
			case = make_case(self.s.hall, self.s.matter, window=self.s.window, mobile=CASE_MOBILE).name
			commit_world()
			clear_throttle()
			answer = guest_call(
				RATE, case_number=case, phone_last4=CASE_MOBILE[-4:], level="Very Satisfied", card=code
			)
			self.assertTrue(answer.message["ok"], (code, answer))
			frappe.db.rollback()
			self.assertIsNone(frappe.db.get_value("GH Service Rating", {"case": case}, "via_card"), code)

	def test_complaint_through_a_card_names_the_staff(self):
		other_hall = make_case_setup().hall
		commit_world()
		answer = guest_call(
			COMPLAIN,
			# what the page would never send with a card: the card decides the subject
			hall=other_hall,
			subject_type="Hall",
			category="Service Attitude",
			description="办理时态度冷淡。",
			card=self.code,
		)
		self.assertEqual(answer.status, 200, answer)
		name = answer.message["name"]
		row = stored(
			"GH Complaint",
			name,
			["via_card", "subject_type", "window", "hall", "staff_description", "staff", "source"],
		)
		self.assertEqual(row.via_card, self.s.staff)
		self.assertEqual((row.subject_type, row.window, row.hall), ("Staff", self.s.window, self.s.hall))
		self.assertIn(self.full_name, row.staff_description)
		if self.badge:
			self.assertIn(self.badge, row.staff_description)
		self.assertIsNone(row.staff)  # for the managers to confirm
		self.assertEqual(row.source, "Web")

	def test_an_invalid_card_is_ignored_when_complaining(self):
		answer = guest_call(
			COMPLAIN,
			hall=self.s.hall,
			subject_type="Window",
			window=self.s.other_window,
			category="Service Attitude",
			description="窗口无人。",
			card=self.left_code,
		)
		self.assertEqual(answer.status, 200, answer)
		row = stored("GH Complaint", answer.message["name"], ["via_card", "subject_type", "window"])
		self.assertEqual((row.via_card, row.subject_type, row.window), (None, "Window", self.s.other_window))
		# the usual guards stay: a complaint about a window names one
		answer = guest_call(
			COMPLAIN,
			hall=self.s.hall,
			subject_type="Window",
			category="Service Attitude",
			description="窗口无人。",
			card="zzzzzzzzzz",
		)
		self.assertEqual(answer.status, 417, answer)

	def test_nobody_sets_via_card_over_rest(self):
		complaint = make_complaint(self.s.hall, window=self.s.window).name
		commit_world()
		manager = HttpUser(self.manager)
		answer = manager.update("GH Complaint", complaint, {"via_card": self.s.staff})
		self.assertIn(answer.status, REFUSED, answer)
		self.assertIsNone(stored("GH Complaint", complaint, ["via_card"]).via_card)
		values = {
			"hall": self.s.hall,
			"source": "Walk-in",
			"category": "Service Attitude",
			"subject_type": "Window",
			"window": self.s.window,
			"description": "窗口态度差。",
			"is_anonymous": 1,
		}
		answer = manager.insert("GH Complaint", {**values, "via_card": self.s.staff})
		self.assertIn(answer.status, REFUSED, answer)
		self.assertEqual(answer.exc_type, "ControlledFieldError")
		# the same complaint without a card is recorded: the card alone was refused
		self.assertEqual(manager.insert("GH Complaint", values).status, 200)
		staff = HttpUser(self.s.staff)
		answer = staff.call(
			"frappe.client.set_value",
			doctype="GH Complaint",
			name=complaint,
			fieldname="via_card",
			value=self.s.staff,
		)
		self.assertIn(answer.status, REFUSED, answer)
		self.assertIsNone(stored("GH Complaint", complaint, ["via_card"]).via_card)

		# a rating recorded by a staff member through the REST API cannot claim a card either
		rating = frappe.db.get_value("GH Service Rating", {"via_card": self.s.staff}, "name")
		if not rating:
			case = make_case(self.s.hall, self.s.matter, window=self.s.window, mobile=CASE_MOBILE).name
			commit_world()
			guest_call(
				RATE, case_number=case, phone_last4=CASE_MOBILE[-4:], level="Satisfied", card=self.code
			)
			frappe.db.rollback()
			rating = frappe.db.get_value("GH Service Rating", {"case": case}, "name")
		answer = manager.update("GH Service Rating", rating, {"via_card": self.hidden.name})
		self.assertIn(answer.status, REFUSED, answer)
		self.assertEqual(stored("GH Service Rating", rating, ["via_card"]).via_card, self.s.staff)
