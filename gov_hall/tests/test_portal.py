"""Public pages without login: the service guide and case tracking, as a guest on a real site."""

import json

import frappe
from frappe.handler import execute_cmd
from frappe.utils import set_request
from frappe.website.serve import get_response

from gov_hall.api import portal
from gov_hall.tests.factories import (
	VALID_RESIDENT_ID,
	GovHallTestCase,
	make_department,
	make_hall,
	make_matter,
	make_window,
)
from gov_hall.utils import guessing

TRACK_CMD = "gov_hall.api.portal.track_case"
GUEST_IP = "203.0.113.7"  # TEST-NET-3: never a real visitor
OTHER_ID = "110105198001010016"


class PortalTestCase(GovHallTestCase):
	"""Saves and restores the request state a web request would set, clears rate-limit counters."""

	def setUp(self):
		super().setUp()
		self.saved_request = getattr(frappe.local, "request", None)
		self.saved_ip = getattr(frappe.local, "request_ip", None)
		self.saved_form_dict = frappe.local.form_dict
		self.ips = {GUEST_IP}
		self.case_numbers = set()
		guessing.clear(["198.51.100.*", "203.0.113.*"])
		self.clear_counters()

	def tearDown(self):
		self.clear_counters()
		frappe.set_user("Administrator")
		frappe.local.request = self.saved_request
		frappe.local.request_ip = self.saved_ip
		frappe.local.form_dict = self.saved_form_dict
		super().tearDown()

	def clear_counters(self):
		for ip in self.ips:
			frappe.cache.delete(frappe.cache.make_key(f"rl:{TRACK_CMD}:{ip}"))
		guessing.clear(self.ips)

	def page(self, path: str, **query):
		"""Render a website path as a guest, the way frappe.app serves it."""
		frappe.set_user("Guest")
		frappe.local.lang = "zh"
		set_request(method="GET", path=path, query_string=query)
		frappe.local.form_dict = frappe._dict(query)
		response = get_response()
		return response.status_code, response.get_data(as_text=True)

	def track(self, case_number, phone_last4, ip: str = GUEST_IP):
		"""Call the API as a guest through Frappe's request handler (whitelist, method, rate limit)."""
		self.ips.add(ip)
		if isinstance(case_number, str):
			self.case_numbers.add(case_number)
		frappe.set_user("Guest")
		set_request(method="POST", path=f"/api/method/{TRACK_CMD}")
		frappe.local.request_ip = ip
		frappe.local.form_dict = frappe._dict(cmd=TRACK_CMD, case_number=case_number, phone_last4=phone_last4)
		return execute_cmd(TRACK_CMD)


class TestServiceGuide(PortalTestCase):
	def setUp(self):
		super().setUp()
		self.hall = make_hall(
			address="青山县人民路1号", phone="0745-5210000", opening_time="08:30:00", closing_time="17:30:00"
		)
		self.department = make_department(
			self.hall.name, department_name=frappe.generate_hash(length=8) + "局"
		)
		self.other_department = make_department(self.hall.name)
		self.window = make_window(
			self.hall.name,
			self.department.name,
			window_number="G07",
			window_name="户籍窗口",
			floor="二楼",
			zone="B区",
		)
		# a comprehensive window led by another department that also serves this one
		self.shared_window = make_window(
			self.hall.name,
			self.other_department.name,
			window_number="Z01",
			window_name="综合受理窗口",
			window_type="Comprehensive",
			served_departments=[{"department": self.department.name}],
		)
		self.closed_window = make_window(
			self.hall.name,
			self.department.name,
			window_number="X99",
			window_name="已关闭窗口",
			status="Closed",
		)
		self.unrelated_window = make_window(
			self.hall.name, self.other_department.name, window_number="U55", window_name="无关窗口"
		)
		self.matter = make_matter(
			self.department.name,
			matter_name="居民户口迁移登记",
			legal_time_limit=20,
			promised_time_limit=5,
			fee=25,
			fee_basis="按省物价局规定收取",
			conditions="<p>本县户籍居民</p>",
			handling_process="<ol><li>窗口受理</li><li>审核办结</li></ol>",
			materials=[
				{"material_name": "户口迁移申请表", "originals": 1, "copies": 0, "notes": "本人签名"},
				{"material_name": "居民身份证", "originals": 1, "copies": 2},
				{"material_name": "委托书", "originals": 1, "copies": 0, "is_required": 0},
			],
		)
		self.instant = make_matter(
			self.department.name,
			matter_name="户籍证明开具",
			legal_time_limit=0,
			promised_time_limit=0,
			bookable=0,
		)
		self.other_matter = make_matter(self.other_department.name, matter_name="另一部门事项")
		self.suspended = make_matter(self.department.name, matter_name="已暂停事项", status="Suspended")

	def test_list_groups_active_matters_by_department(self):
		status, html = self.page("/service-guide")
		self.assertEqual(status, 200)
		self.assertIn("办事指南", html)
		self.assertIn(self.department.name, html)
		self.assertIn(self.other_department.name, html)
		self.assertIn(f'href="/service-guide/{self.matter.name}"', html)
		self.assertIn("居民户口迁移登记", html)
		self.assertIn("另一部门事项", html)
		self.assertIn("5个工作日", html)
		self.assertIn("即办件", html)
		self.assertNotIn("已暂停事项", html)
		self.assertNotIn(self.suspended.name, html)

	def test_list_search_and_department_filter(self):
		status, html = self.page("/service-guide", q="户口迁移")
		self.assertEqual(status, 200)
		self.assertIn("居民户口迁移登记", html)
		self.assertNotIn("户籍证明开具", html)
		self.assertNotIn("另一部门事项", html)

		_status, html = self.page("/service-guide", q=self.other_matter.name.lower())
		self.assertIn("另一部门事项", html)
		self.assertNotIn("居民户口迁移登记", html)

		_status, html = self.page("/service-guide", department=self.other_department.name)
		self.assertIn("另一部门事项", html)
		self.assertNotIn("居民户口迁移登记", html)

	def test_list_search_is_literal_and_escaped(self):
		# LIKE wildcards in the query match themselves, not everything
		_status, html = self.page("/service-guide", q="%")
		self.assertNotIn("居民户口迁移登记", html)
		self.assertIn("没有符合条件的事项", html)
		status, html = self.page("/service-guide", q='"><script>alert(1)</script>')
		self.assertEqual(status, 200)
		self.assertNotIn("<script>alert(1)</script>", html)
		self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt;", html)

	def test_detail_shows_limits_fee_materials_and_windows(self):
		status, html = self.page(f"/service-guide/{self.matter.name}")
		self.assertEqual(status, 200)
		for text in (
			"居民户口迁移登记",
			self.department.name,
			"20个工作日",
			"5个工作日",
			"25.00元",
			"按省物价局规定收取",
			"<p>本县户籍居民</p>",
			"<li>窗口受理</li>",
			"户口迁移申请表",
			"本人签名",
			"居民身份证",
			"视情况提供",
			self.hall.name,
			"青山县人民路1号",
			"0745-5210000",
			"08:30–17:30",
			"G07",
			"户籍窗口",
			"二楼",
			"B区",
			"Z01",
			"综合受理窗口",
			f"/book-appointment/new?matter={self.matter.name}",
		):
			self.assertIn(text, html)
		for text in ("X99", "已关闭窗口", "U55", "无关窗口"):
			self.assertNotIn(text, html)

	def test_detail_of_instant_matter_says_same_day_and_not_bookable(self):
		status, html = self.page(f"/service-guide/{self.instant.name.lower()}")
		self.assertEqual(status, 200)
		self.assertIn("户籍证明开具", html)
		self.assertIn("即办件，当场办结", html)
		self.assertIn("不收费", html)
		# the navbar links to the booking form; the page itself offers no booking
		self.assertNotIn("/book-appointment/new?matter=", html)

	def test_suspended_and_unknown_matters_are_not_found(self):
		for code in (self.suspended.name, "NO-SUCH-MATTER-" + frappe.generate_hash(length=6)):
			status, html = self.page(f"/service-guide/{code}")
			self.assertEqual(status, 404, code)
			self.assertNotIn("已暂停事项", html)

	def test_matter_of_withdrawn_department_is_not_found(self):
		frappe.db.set_value("GH Stationed Department", self.other_department.name, "status", "Withdrawn")
		status, _html = self.page(f"/service-guide/{self.other_matter.name}")
		self.assertEqual(status, 404)
		_status, html = self.page("/service-guide")
		self.assertNotIn("另一部门事项", html)

	def test_detail_escapes_names_and_sanitises_rich_text(self):
		matter = make_matter(
			self.department.name,
			matter_name="<b>粗体</b>证明",
			conditions='<p onclick="steal()">条件</p><script>alert("x")</script>',
			materials=[{"material_name": "<b>材料</b>", "originals": 1, "notes": "<i>备注</i>"}],
		)
		# what Frappe stores still holds markup; the page must show it as text
		self.assertEqual(
			frappe.db.get_value("GH Service Matter", matter.name, "matter_name"), "<b>粗体</b>证明"
		)
		status, html = self.page(f"/service-guide/{matter.name}")
		self.assertEqual(status, 200)
		self.assertNotIn("<b>粗体</b>", html)
		self.assertIn("&lt;b&gt;粗体&lt;/b&gt;证明", html)
		self.assertNotIn("<script>alert", html)
		self.assertIn("&lt;script&gt;alert", html)
		self.assertNotIn("onclick", html)
		self.assertIn("条件", html)
		self.assertNotIn("<b>材料</b>", html)
		self.assertIn("&lt;b&gt;材料&lt;/b&gt;", html)
		self.assertIn("&lt;i&gt;备注&lt;/i&gt;", html)

	def test_department_without_windows_still_names_its_hall(self):
		department = make_department(self.hall.name)
		matter = make_matter(department.name, matter_name="无窗口事项")
		status, html = self.page(f"/service-guide/{matter.name}")
		self.assertEqual(status, 200)
		self.assertIn(self.hall.name, html)
		self.assertIn("请到中心咨询服务台询问", html)


class TestTrackCase(PortalTestCase):
	def setUp(self):
		super().setUp()
		hall = make_hall(hall_name="青山测试中心" + frappe.generate_hash(length=4))
		department = make_department(hall.name)
		window = make_window(hall.name, department.name)
		matter = make_matter(department.name, matter_name="个体工商户登记")
		self.hall = hall.name
		self.case = self.make_case(
			hall.name, matter.name, window.name, "张三", VALID_RESIDENT_ID, "13812345678"
		)
		self.other_case = self.make_case(hall.name, matter.name, window.name, "李四", OTHER_ID, "13900009999")

	def make_case(self, hall, matter, window, name, id_number, mobile):
		return frappe.get_doc(
			{
				"doctype": "GH Case",
				"applicant_type": "Person",
				"applicant_name": name,
				"id_number": id_number,
				"mobile": mobile,
				"matter": matter,
				"hall": hall,
				"window": window,
				"channel": "Window",
			}
		).insert()

	def test_right_number_and_digits_show_status_and_dates_only(self):
		frappe.local.lang = "zh"
		answer = self.track(self.case.name, "5678")
		self.assertTrue(answer["found"])
		case = answer["case"]
		self.assertEqual(
			set(case),
			{
				"case_number",
				"matter_name",
				"hall",
				"status",
				"status_label",
				"received_on",
				"accepted_on",
				"completed_on",
				"due_date",
				"paused_for_supplement",
				"transfer",
			},
		)
		self.assertEqual(case["case_number"], self.case.name)
		self.assertEqual(case["matter_name"], "个体工商户登记")
		self.assertEqual(case["hall"], self.hall)
		self.assertEqual(case["status"], "Received")
		self.assertEqual(case["status_label"], "已收件")
		self.assertEqual(case["received_on"], str(frappe.utils.getdate(self.case.received_on)))
		self.assertIsNone(case["completed_on"])
		self.assertFalse(case["paused_for_supplement"])

		text = json.dumps(answer, ensure_ascii=False, default=str)
		for secret in (
			VALID_RESIDENT_ID,
			self.case.id_number_masked,
			"13812345678",
			self.case.mobile_masked,
			"张三",
			"Administrator",
		):
			self.assertTrue(secret)
			self.assertNotIn(secret, text)
		for key in ("id_number", "mobile", "applicant", "handler", "first_responder", "window"):
			self.assertNotIn(key, text)

	def test_lower_case_number_and_full_width_digits_are_accepted(self):
		answer = self.track(" " + self.case.name.lower() + " ", "５６７８")
		self.assertTrue(answer["found"])
		self.assertEqual(answer["case"]["case_number"], self.case.name)

	def test_paused_case_says_so(self):
		frappe.db.set_value("GH Case", self.case.name, {"status": "Supplement Required", "is_paused": 1})
		answer = self.track(self.case.name, "5678")
		self.assertTrue(answer["case"]["paused_for_supplement"])
		self.assertEqual(answer["case"]["status"], "Supplement Required")

	def test_other_applicants_case_looks_like_no_case(self):
		hall_code = self.case.name.split("-")[0]
		missing = f"{hall_code}-2026-99999"
		self.assertFalse(frappe.db.exists("GH Case", missing))
		wrong_digits = self.track(self.case.name, "9999")  # another applicant's digits
		unknown_number = self.track(missing, "5678")
		self.assertFalse(wrong_digits["found"])
		self.assertEqual(wrong_digits, unknown_number)
		self.assertEqual(set(wrong_digits), {"found", "message"})
		self.assertNotIn(self.case.name, json.dumps(wrong_digits, ensure_ascii=False))
		# and the other applicant's own digits open only their own case
		self.assertEqual(
			self.track(self.other_case.name, "9999")["case"]["case_number"], self.other_case.name
		)

	def test_malformed_input_gets_the_same_clean_answer(self):
		expected = self.track("XX-2026-00000", "0000")
		self.assertFalse(expected["found"])
		for case_number, digits in (
			(self.case.name + "' OR '1'='1", "5678"),
			(self.case.name, "5678' OR '1'='1"),
			("<script>alert(1)</script>", "5678"),
			(self.case.name, "<b>1</b>"),
			("A" * 5000, "5678"),
			(self.case.name, "5" * 5000),
			(self.case.name, "567"),
			(self.case.name, "56789"),
			(self.case.name, "abcd"),
			(self.case.name, "٥٦٧٨"),  # Arabic-Indic digits are not 0-9
			(self.case.name, ""),
			("", "5678"),
			(self.case.name.replace("-", "_"), "5678"),
			("%", "%%%%"),
		):
			self.assertEqual(self.track(case_number, digits), expected, (case_number[:30], digits[:30]))
			frappe.cache.delete(frappe.cache.make_key(f"rl:{TRACK_CMD}:{GUEST_IP}"))

	def test_non_string_input_gets_the_same_clean_answer(self):
		expected = self.track("XX-2026-00000", "0000")
		for case_number, digits in ((["x"], {"a": 1}), (self.case.name, 5678), (None, None), (123, ["5678"])):
			self.assertEqual(self.track(case_number, digits), expected, (case_number, digits))

	def test_rate_limit_per_ip(self):
		for _attempt in range(portal.TRACK_LIMIT):
			self.assertFalse(self.track(self.case.name, "0000")["found"])
		with self.assertRaises(frappe.RateLimitExceededError):
			self.track(self.case.name, "5678")
		# another address is not held back
		self.assertTrue(self.track(self.case.name, "5678", ip="203.0.113.8")["found"])

	def test_guessing_from_many_addresses_never_locks_the_case(self):
		# issue 13 changed this: 20 wrong answers used to lock the case number for everyone
		hall_code = self.case.name.split("-")[0]
		missing = f"{hall_code}-2026-99998"
		for attempt in range(20):
			ip = f"198.51.100.{attempt + 1}"
			self.assertFalse(self.track(self.case.name, f"{attempt:04d}", ip=ip)["found"])
			self.assertFalse(self.track(missing, f"{attempt:04d}", ip=ip)["found"])
		# the citizen's right digits from an address with a clean record still open the case
		self.assertTrue(self.track(self.case.name, "5678", ip="198.51.100.200")["found"])
		# an address that already guessed wrongly is held back for that number (widely guessed),
		# told how long, and not checked; a missing number behaves the same
		for number in (self.case.name, missing):
			held = self.track(number, "5678", ip="198.51.100.1")
			self.assertFalse(held["found"])
			self.assertEqual(set(held), {"found", "message"})
			self.assertIn("try again in", held["message"])
		# other cases are unaffected
		self.assertTrue(self.track(self.other_case.name, "9999", ip="198.51.100.1")["found"])

	def test_only_post_is_allowed(self):
		frappe.set_user("Guest")
		set_request(method="GET", path=f"/api/method/{TRACK_CMD}")
		frappe.local.request_ip = GUEST_IP
		frappe.local.form_dict = frappe._dict(cmd=TRACK_CMD, case_number=self.case.name, phone_last4="5678")
		with self.assertRaises(frappe.PermissionError):
			execute_cmd(TRACK_CMD)

	def test_tracking_page_renders_form(self):
		status, html = self.page("/track-case")
		self.assertEqual(status, 200)
		self.assertIn("办件查询", html)
		self.assertIn('id="track-case-form"', html)
		self.assertIn(TRACK_CMD, html)
		self.assertIn("手机号码后4位", html)
