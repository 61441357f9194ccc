"""Rating and complaining without an account, as a guest through Frappe's request handler: valid
use, and malformed and hostile input (which must get a clear error or the one "not found" answer,
never a server error, and store nothing)."""

import io

import frappe
from frappe.handler import execute_cmd
from frappe.utils import set_request

from gov_hall.api.ratings import rating_link, rating_token
from gov_hall.tests.factories import make_case, make_case_setup, make_hall
from gov_hall.tests.test_portal import GUEST_IP, PortalTestCase

RATE_CMD = "gov_hall.api.ratings.submit_rating"
COMPLAIN_CMD = "gov_hall.api.complaints.submit_complaint"
TRACK_CMD = "gov_hall.api.complaints.track_complaint"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n"
# what a guest may ever get back from these calls: a clear validation error, a permission error or
# a rate limit; anything else would be a server error (HTTP 500)
EXPECTED_ERRORS = (frappe.ValidationError, frappe.PermissionError, frappe.RateLimitExceededError)

HOSTILE_TEXT = [
	"<script>alert(1)</script>",
	"<img src=x onerror=alert(1)>",
	"javascript:alert(1)",
	"&#60;script&#62;",
	"a\x00b",
	"\u202eevil",
	"好" * 5000,
]
# plain text that only looks dangerous: stored as written, since every query is parameterised
SQL_LIKE_TEXT = "' OR 1=1; DROP TABLE `tabGH Complaint`; --"
MALFORMED = [None, 12345, ["a", "b"], {"$ne": ""}, "", " " * 10, "x" * 100_000]


class VoicePortalTestCase(PortalTestCase):
	def setUp(self):
		super().setUp()
		self.s = make_case_setup()
		self.case = make_case(self.s.hall, self.s.matter, window=self.s.window, mobile="13912345678")
		self.case_numbers.add(self.case.name)

	def clear_counters(self):
		super().clear_counters()
		for cmd in (RATE_CMD, COMPLAIN_CMD, TRACK_CMD):
			for ip in self.ips:
				frappe.cache.delete(frappe.cache.make_key(f"rl:{cmd}:{ip}"))

	def call(self, cmd: str, ip: str = GUEST_IP, files: dict | None = None, **args):
		self.ips.add(ip)
		frappe.set_user("Guest")
		if files:
			data = {key: (io.BytesIO(content), name) for key, (name, content) in files.items()}
			set_request(
				method="POST", path=f"/api/method/{cmd}", data=data, content_type="multipart/form-data"
			)
		else:
			set_request(method="POST", path=f"/api/method/{cmd}")
		frappe.local.request_ip = ip
		frappe.local.form_dict = frappe._dict(cmd=cmd, **args)
		# a failed request is rolled back by frappe.app; here only that request's writes are undone
		frappe.db.savepoint("guest_request")
		try:
			return execute_cmd(cmd)
		except Exception:
			frappe.db.rollback(save_point="guest_request")
			raise
		finally:
			frappe.set_user("Administrator")

	def ratings(self) -> int:
		return frappe.db.count("GH Service Rating", {"case": self.case.name})


class TestGuestRating(VoicePortalTestCase):
	def test_rate_with_case_number_and_digits(self):
		answer = self.call(
			RATE_CMD,
			case_number=self.case.name.lower(),
			phone_last4="5678",
			level="Very Satisfied",
			comment="办事很快",
		)
		self.assertTrue(answer["ok"])
		rating = frappe.get_doc("GH Service Rating", {"case": self.case.name})
		self.assertEqual((rating.channel, rating.level, rating.owner), ("Web", "Very Satisfied", "Guest"))
		self.assertEqual(rating.window, self.s.window)
		again = self.call(RATE_CMD, case_number=self.case.name, phone_last4="5678", level="Dissatisfied")
		self.assertFalse(again["ok"])
		self.assertEqual(self.ratings(), 1)

	def test_rate_through_the_sms_link(self):
		answer = self.call(
			RATE_CMD,
			case_number=self.case.name,
			token=rating_token(self.case.name),
			level="Dissatisfied",
			real_name=1,
			rater_name="孙八",
		)
		self.assertTrue(answer["ok"])
		rating = frappe.get_doc("GH Service Rating", {"case": self.case.name})
		self.assertEqual(rating.channel, "SMS Link")
		rect = frappe.get_doc("GH Rectification", rating.rectification)
		self.assertEqual((rect.follow_up_required, rect.contact_mobile), (1, "13912345678"))

	def test_wrong_digits_unknown_case_and_wrong_token_get_the_same_answer(self):
		wrong_digits = self.call(RATE_CMD, case_number=self.case.name, phone_last4="0000", level="Satisfied")
		unknown = self.call(RATE_CMD, case_number="QS-2026-99999", phone_last4="5678", level="Satisfied")
		bad_token = self.call(RATE_CMD, case_number=self.case.name, token="0" * 24, level="Satisfied")
		other_case_token = self.call(
			RATE_CMD, case_number=self.case.name, token=rating_token("QS-2026-00001"), level="Satisfied"
		)
		self.assertEqual(wrong_digits, unknown)
		self.assertEqual(wrong_digits, bad_token)
		self.assertEqual(wrong_digits, other_case_token)
		self.assertFalse(wrong_digits["ok"])
		self.assertEqual(self.ratings(), 0)

	def test_malformed_and_hostile_input_stores_nothing(self):
		base = {
			"case_number": self.case.name,
			"phone_last4": "5678",
			"level": "Satisfied",
			"real_name": 1,
			"rater_name": "孙八",
		}
		for field in base.keys() | {"token", "comment"}:
			for value in MALFORMED + HOSTILE_TEXT:
				self.clear_counters()
				with self.subTest(field=field, value=repr(value)[:40]):
					frappe.db.savepoint("attempt")
					try:
						answer = self.call(RATE_CMD, **{**base, field: value})
						self.assertIsInstance(answer, dict)
						if answer["ok"]:
							# only harmless values pass: no comment, an unchecked box, a token ignored for digits
							stored = frappe.get_doc("GH Service Rating", {"case": self.case.name})
							self.assertIn(field, ("real_name", "comment", "token", "rater_name"))
							self.assertNotIn(stored.comment or "", HOSTILE_TEXT)
							self.assertNotIn(stored.rater_name or "", HOSTILE_TEXT)
					except EXPECTED_ERRORS:
						pass
					finally:
						frappe.db.rollback(save_point="attempt")
		self.assertEqual(self.ratings(), 0)

	def test_rate_limit_per_ip(self):
		for _attempt in range(5):
			self.call(RATE_CMD, case_number="QS-2026-99999", phone_last4="5678", level="Satisfied")
		with self.assertRaises(frappe.RateLimitExceededError):
			self.call(RATE_CMD, case_number=self.case.name, phone_last4="5678", level="Satisfied")
		self.assertEqual(self.ratings(), 0)
		answer = self.call(
			RATE_CMD, ip="198.51.100.9", case_number=self.case.name, phone_last4="5678", level="Satisfied"
		)
		self.assertTrue(answer["ok"])

	def test_staff_get_the_sms_link_and_guests_do_not(self):
		frappe.set_user(self.s.staff)
		link = rating_link(self.case.name)
		self.assertIn(f"/rate?case={self.case.name}&token={rating_token(self.case.name)}", link)
		frappe.set_user("Guest")
		with self.assertRaises(frappe.PermissionError):
			rating_link(self.case.name)
		frappe.set_user("Administrator")

	def test_rate_page_renders_for_guests(self):
		status, html = self.page("/rate", case=self.case.name, token="<script>x</script>")
		self.assertEqual(status, 200)
		self.assertIn("服务评价", html)
		self.assertIn("非常满意", html)
		self.assertNotIn("<script>x</script>", html)


class TestGuestComplaint(VoicePortalTestCase):
	def complain(self, files=None, **values):
		args = {
			"hall": self.s.hall,
			"category": "Service Attitude",
			"subject_type": "Window",
			"window": self.s.window,
			"description": "工作人员玩手机，不理睬群众。",
			"is_anonymous": "1",
		}
		args.update(values)
		return self.call(COMPLAIN_CMD, files=files, **args)

	def complaints(self) -> int:
		return frappe.db.count("GH Complaint", {"hall": self.s.hall})

	def test_anonymous_complaint_with_evidence_and_tracking(self):
		answer = self.complain(files={"evidence": ("photo.png", PNG)})
		self.assertTrue(answer["ok"])
		complaint = frappe.get_doc("GH Complaint", answer["name"])
		self.assertEqual((complaint.source, complaint.owner, complaint.status), ("Web", "Guest", "Received"))
		self.assertEqual(complaint.tracking_code, answer["tracking_code"])
		self.assertIsNone(complaint.complainant_name)
		file_doc = frappe.get_doc("File", {"attached_to_name": complaint.name})
		self.assertEqual(file_doc.is_private, 1)
		self.assertEqual(complaint.evidence, file_doc.file_url)
		self.assertTrue(file_doc.file_url.startswith("/private/files/"))

		tracked = self.call(TRACK_CMD, tracking_code=answer["tracking_code"].lower().replace("-", " "))
		self.assertTrue(tracked["found"])
		self.assertEqual(tracked["complaint"]["status"], "Received")
		self.assertIsNone(tracked["complaint"]["reply"])
		self.assertEqual(
			set(tracked["complaint"]),
			{
				"reference",
				"category",
				"status",
				"status_label",
				"received_on",
				"reply_due_date",
				"replied_on",
				"reply",
				"closed_on",
			},
		)

	def test_reply_is_shown_to_the_code_holder_once_replied(self):
		answer = self.complain(is_anonymous="0", complainant_name="郑九", complainant_mobile="13800005555")
		frappe.db.set_value(
			"GH Complaint",
			answer["name"],
			{"status": "Replied", "reply": "已整改，谢谢监督。", "replied_on": frappe.utils.nowdate()},
		)
		tracked = self.call(TRACK_CMD, tracking_code=answer["tracking_code"])
		self.assertEqual(tracked["complaint"]["reply"], "已整改，谢谢监督。")
		self.assertNotIn("郑九", str(tracked))
		self.assertNotIn("13800005555", str(tracked))

	def test_wrong_or_malformed_tracking_codes_find_nothing(self):
		self.complain()
		for code in MALFORMED + HOSTILE_TEXT + ["AAAA-AAAA-AAAA", "%", "____-____-____"]:
			self.clear_counters()
			with self.subTest(code=repr(code)[:40]):
				answer = self.call(TRACK_CMD, tracking_code=code)
				self.assertFalse(answer["found"])

	def test_files_must_really_be_images_or_pdf_within_the_size(self):
		before = (self.complaints(), frappe.db.count("File", {"attached_to_doctype": "GH Complaint"}))
		for name, content in (
			("evil.png", b"MZ\x90\x00 this is an exe"),
			("page.pdf", b"<html><script>alert(1)</script></html>"),
			("big.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024)),
			("shell.php", b"<?php system($_GET['c']); ?>"),
		):
			self.clear_counters()
			with self.subTest(name=name), self.assertRaises(frappe.ValidationError):
				self.complain(files={"evidence": (name, content)})
		self.assertEqual(
			(self.complaints(), frappe.db.count("File", {"attached_to_doctype": "GH Complaint"})), before
		)
		self.clear_counters()
		self.assertTrue(self.complain(files={"evidence": ("scan.pdf", PDF)})["ok"])

	def test_malformed_and_hostile_fields_store_nothing(self):
		other_hall_window = frappe.get_all(
			"GH Service Window", filters={"hall": ["!=", self.s.hall]}, pluck="name", limit=1
		)
		cases = (
			[
				{"hall": "No Such Hall"},
				{"hall": ["x"]},
				{"window": other_hall_window[0] if other_hall_window else "ZZ-99"},
				{"category": "Integrity'; --"},
				{"subject_type": "Moon"},
				{"occurred_on": "2999-12-31"},
				{"occurred_on": "23/11/2026"},
				{"occurred_on": "2026-02-30"},
				{"is_anonymous": "0", "complainant_name": ""},
				{"is_anonymous": "0", "complainant_name": "郑九", "complainant_mobile": "not-a-phone"},
				{"staff_description": "<svg onload=alert(1)>"},
			]
			+ [{"description": value} for value in MALFORMED + HOSTILE_TEXT]
			+ [{"complainant_name": value, "is_anonymous": "0"} for value in HOSTILE_TEXT]
		)
		for values in cases:
			self.clear_counters()
			with self.subTest(values=repr(values)[:60]):
				with self.assertRaises(EXPECTED_ERRORS):
					self.complain(**values)
		self.assertEqual(self.complaints(), 0)

	def test_text_that_looks_like_sql_is_stored_as_written(self):
		answer = self.complain(description=SQL_LIKE_TEXT)
		self.assertEqual(frappe.db.get_value("GH Complaint", answer["name"], "description"), SQL_LIKE_TEXT)
		self.assertEqual(self.complaints(), 1)

	def test_rate_limit_per_ip(self):
		for _attempt in range(5):
			self.assertTrue(self.complain()["ok"])
		with self.assertRaises(frappe.RateLimitExceededError):
			self.complain()
		self.assertEqual(self.complaints(), 5)

	def test_guests_cannot_read_complaints_or_ratings(self):
		answer = self.complain()
		frappe.set_user("Guest")
		try:
			for doctype, name in (("GH Complaint", answer["name"]),):
				with self.assertRaises(frappe.PermissionError):
					frappe.get_doc(doctype, name).check_permission("read")
			for doctype in ("GH Complaint", "GH Service Rating", "GH Rectification"):
				with self.assertRaises(frappe.PermissionError):
					frappe.get_list(doctype)
		finally:
			frappe.set_user("Administrator")

	def test_pages_render_for_guests(self):
		hall = make_hall()
		self.assertTrue(hall.name)
		status, html = self.page("/complaint")
		self.assertEqual(status, 200)
		self.assertIn("投诉", html)
		self.assertIn(self.s.window, html)
		status, html = self.page("/complaint-status")
		self.assertEqual(status, 200)
		self.assertIn("查询码", html)
