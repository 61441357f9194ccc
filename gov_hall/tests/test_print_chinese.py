"""Documents that leave the hall print in Chinese whatever the staff member's language, and their PDF
text layer keeps every digit.

The one-time notice and the case receipt go to the applicant, the briefing to a department's home
agency. They are printed here by users whose language is English, through ``frappe.get_print`` as the
desk does. The PDFs are made the way the desk makes them too: wkhtmltopdf loads Frappe's print CSS
from the site's address, here a small server for ``/assets`` only. That CSS is what used to cost the
digits of the text layer (``SN-    -``): Bootstrap's ``body { text-rendering: optimizeLegibility }``."""

import io
import os
import re
import shutil
import subprocess
import threading
import unicodedata
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import frappe
from bs4 import BeautifulSoup
from frappe.model.workflow import apply_workflow
from frappe.utils import getdate, nowdate
from pypdf import PdfReader

from gov_hall.assessment.briefings import BRIEFING, make_briefings
from gov_hall.rules.periods import quarter_of
from gov_hall.setup.roles import HALL_MANAGER
from gov_hall.tests.assessment_data import make_run, staff_row, window_row
from gov_hall.tests.factories import GovHallTestCase, make_case, make_case_setup, make_user

NOTICE, RECEIPT, BRIEFING_FORMAT = "GH One-Time Notice", "GH Case Receipt", "GH Department Briefing"
JINJA_MESSAGE = re.compile(r"""\b_\(\s*(["'])((?:\\.|(?!\1).)*)\1""")


class AssetsHandler(SimpleHTTPRequestHandler):
	"""Serves the bench's built assets, nothing else of the sites folder."""

	requested: list[str] = []

	def send_head(self):
		if not self.path.startswith("/assets/") or ".." in self.path:
			self.send_error(404)
			return None
		AssetsHandler.requested.append(self.path)
		return super().send_head()

	def log_message(self, *args):
		pass


def document_text(html: str) -> str:
	"""The visible text of the printed document itself (not the print view around it)."""
	soup = BeautifulSoup(html, "html.parser")
	document = soup.find(class_="gh-doc")
	assert document is not None, "the print format's document was not rendered"
	return document.get_text(" ", strip=True)


def english_labels(print_format: str) -> set[str]:
	"""The English sources of every _("...") of a print format: none may be printed."""
	html = frappe.db.get_value("Print Format", print_format, "html")
	return {match.group(2) for match in JINJA_MESSAGE.finditer(html)}


def pdf_text_pypdf(pdf: bytes) -> str:
	text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
	# Noto CJK maps some ideographs to the same glyphs as the Kangxi radicals (月 ⽉): NFKC folds them
	return re.sub(r"\s", "", unicodedata.normalize("NFKC", text))


def pdf_text_pdftotext(pdf: bytes) -> str:
	result = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
	return re.sub(r"\s", "", unicodedata.normalize("NFKC", result.stdout.decode("utf-8")))


class PrintTestCase(GovHallTestCase):
	"""A hall with a department, two windows and their staff; an English-speaking printer."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		handler = partial(AssetsHandler, directory=os.path.abspath(frappe.local.sites_path))
		cls.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
		threading.Thread(target=cls.server.serve_forever, daemon=True).start()

	@classmethod
	def tearDownClass(cls):
		cls.server.shutdown()
		cls.server.server_close()
		super().tearDownClass()

	def setUp(self):
		self.host_name = frappe.local.conf.get("host_name")
		s = self.s = make_case_setup()
		frappe.db.set_value(
			"GH Service Hall", s.hall, {"address": "青山县城关镇人民大道88号", "phone": "0745-5210000"}
		)

	def tearDown(self):
		frappe.local.conf.host_name = self.host_name
		frappe.set_user("Administrator")
		super().tearDown()

	def as_english_user(self):
		"""What a request of a user whose language is English sets."""
		frappe.local.lang = "en"
		self.assertEqual(frappe._("Status"), "Status")

	def print_html(self, doctype: str, name: str, print_format: str) -> str:
		self.as_english_user()
		return frappe.get_print(doctype, name, print_format)

	def print_pdf(self, doctype: str, name: str, print_format: str) -> bytes:
		"""The PDF as the desk's "Get PDF" makes it, with Frappe's print CSS loaded from the site."""
		self.as_english_user()
		frappe.local.conf.host_name = f"http://127.0.0.1:{self.server.server_address[1]}"
		AssetsHandler.requested = []
		pdf = frappe.get_print(doctype, name, print_format, as_pdf=True)
		self.assertTrue(pdf.startswith(b"%PDF"))
		self.assertTrue(
			any("print.bundle" in path for path in AssetsHandler.requested),
			"wkhtmltopdf did not load Frappe's print CSS, the condition that lost the digits",
		)
		return pdf

	def assert_chinese(self, text: str, print_format: str, chinese: tuple, english: tuple = ()):
		for words in chinese:
			self.assertIn(words, text)
		for words in sorted(english_labels(print_format)) + list(english):
			self.assertIsNone(re.search(rf"(?<![A-Za-z]){re.escape(words)}(?![A-Za-z])", text), words)

	def assert_digits_kept(self, pdf: bytes, numbers: tuple):
		texts = {"pypdf": pdf_text_pypdf(pdf)}
		if shutil.which("pdftotext"):
			texts["pdftotext"] = pdf_text_pdftotext(pdf)
		for tool, text in texts.items():
			for number in numbers:
				self.assertIn(number, text, f"{tool} lost digits of {number}")

	def skip_if_no_pdftotext(self):
		"""Called last: the pypdf checks ran; only the pdftotext ones could not."""
		if not shutil.which("pdftotext"):
			self.skipTest(
				"pdftotext is not installed (apt-get install poppler-utils): text checked with pypdf only"
			)


class TestCaseDocumentsPrintChinese(PrintTestCase):
	"""The case receipt and the one-time notice, printed by window staff whose language is English."""

	def setUp(self):
		super().setUp()
		s = self.s
		frappe.db.set_value("User", s.staff, "language", "en")
		frappe.set_user(s.staff)
		self.case = make_case(s.hall, s.matter, window=s.window, applicant_name="李四", mobile="13912345678")
		apply_workflow(self.case.as_dict(), "Accept")
		self.case.reload()
		self.notice_case = make_case(s.hall, s.matter, window=s.window, applicant_name="王五")
		self.notice = frappe.get_doc(
			{
				"doctype": "GH Supplement Notice",
				"case": self.notice_case.name,
				"items": [
					{"material_name": "身份证", "problem": "Defective", "requirement": "原件已过期"},
					{"material_name": "房屋租赁合同", "problem": "Missing"},
				],
			}
		).insert()

	def test_notice_is_chinese_for_an_english_user(self):
		html = self.print_html("GH Supplement Notice", self.notice.name, NOTICE)
		text = document_text(html)
		self.assert_chinese(
			text,
			NOTICE,
			("一次性告知书", "告知书编号", "申请人", "王五", "身份证", "缺少", "序号"),
			english=("Defective", "Missing"),
		)
		self.assertIn(self.notice.name, text)
		self.assertIn(self.notice_case.name, text)
		received = getdate(self.notice_case.received_on)
		self.assertIn(f"{received.year}年{received.month}月{received.day}日", text)

	def test_receipt_is_chinese_for_an_english_user_and_masks_personal_data(self):
		html = self.print_html("GH Case", self.case.name, RECEIPT)
		text = document_text(html)
		self.assert_chinese(
			text,
			RECEIPT,
			(
				"受理回执",
				"办件编号",
				"李四",
				"个人",
				"已受理",
				"5个工作日",
				"办结期限",
				"/track-case",
				"后4位",
				"青山县城关镇人民大道88号",
				"0745-5210000",
				self.case.id_number_masked,
				"139****5678",
			),
			english=("Accepted", "Person"),
		)
		self.assertIn(self.case.name, text)
		due = getdate(self.case.due_date)
		self.assertIn(f"{due.year}年{due.month}月{due.day}日", text)
		for personal in (self.case.id_number, self.case.mobile):
			self.assertNotIn(personal, html)

	def test_receipt_before_acceptance(self):
		case = make_case(self.s.hall, self.s.matter, window=self.s.window)
		text = document_text(self.print_html("GH Case", case.name, RECEIPT))
		for words in ("收件回执", "尚未受理", "已收件", "自受理之日起计算"):
			self.assertIn(words, text)

	def test_pdfs_keep_every_digit(self):
		receipt = self.print_pdf("GH Case", self.case.name, RECEIPT)
		notice = self.print_pdf("GH Supplement Notice", self.notice.name, NOTICE)
		self.assertIn("受理回执", pdf_text_pypdf(receipt))
		self.assertIn("一次性告知书", pdf_text_pypdf(notice))
		self.assertNotIn("One-Time", pdf_text_pypdf(notice))
		self.assert_digits_kept(notice, (self.notice.name, self.notice_case.name, "0745-5210000"))
		self.assert_digits_kept(receipt, (self.case.name, "139****5678", "0745-5210000"))
		self.skip_if_no_pdftotext()


class TestBriefingPrintChinese(PrintTestCase):
	"""The quarterly briefing to a department's home agency (双向管理), printed by a hall manager whose
	language is English."""

	def setUp(self):
		super().setUp()
		frappe.set_user("Administrator")
		s = self.s
		quarter = quarter_of(getdate(nowdate()))
		run = make_run(
			s.hall,
			quarter,
			windows=[
				window_row(
					s.window,
					s.department,
					27,
					eligible=0,
					ineligible_reason="Verified complaint this quarter",
				),
				window_row(s.other_window, s.department, 26, 2),
			],
			staff=[
				staff_row(s.staff, "王一", s.department, s.window, 20),
				staff_row(s.other_staff, "李二", s.department, s.other_window, 15),
			],
		).name
		make_briefings(run)
		self.briefing = frappe.get_doc(BRIEFING, {"run": run, "department": s.department})
		self.quarter = quarter
		manager = make_user([HALL_MANAGER], language="en")
		frappe.set_user(manager)

	def test_briefing_is_chinese_for_an_english_user(self):
		text = document_text(self.print_html(BRIEFING, self.briefing.name, BRIEFING_FORMAT))
		year, number = self.quarter.split("-Q")
		quarter = f"{year}年第{'一二三四'[int(number) - 1]}季度"
		self.assert_chinese(
			text,
			BRIEFING_FORMAT,
			("季度考核情况通报", "通报编号", quarter, "红旗窗口", "服务标兵", "王一", "本季度有经核实的投诉"),
			english=("Verified complaint this quarter",),
		)
		self.assertIn(self.briefing.name, text)

	def test_briefing_pdf_keeps_every_digit(self):
		pdf = self.print_pdf(BRIEFING, self.briefing.name, BRIEFING_FORMAT)
		self.assertIn("季度考核情况通报", pdf_text_pypdf(pdf))
		self.assert_digits_kept(pdf, (self.briefing.name, "1/2", "2/2", "28.0", "27.0"))
		self.skip_if_no_pdftotext()
