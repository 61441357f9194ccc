import io
import re
import unicodedata

import frappe
from frappe.utils.pdf import get_pdf
from pypdf import PdfReader

from gov_hall.tests.factories import GovHallTestCase, make_case, make_case_setup


class TestSupplementNoticePrint(GovHallTestCase):
	def setUp(self):
		self.s = make_case_setup()
		case = make_case(self.s.hall, self.s.matter, window=self.s.window, applicant_name="李四")
		self.notice = frappe.get_doc(
			{
				"doctype": "GH Supplement Notice",
				"case": case.name,
				"items": [
					{
						"material_name": "身份证",
						"problem": "Defective",
						"requirement": "原件已过期，请提供有效证件",
					},
					{"material_name": "房屋租赁合同", "problem": "Missing"},
				],
			}
		).insert()

	def test_notice_prints_in_chinese(self):
		frappe.local.lang = "zh"
		html = frappe.get_print("GH Supplement Notice", self.notice.name, "GH One-Time Notice")
		for text in (
			"一次性告知书",
			"李四",
			"身份证",
			"房屋租赁合同",
			"原件已过期",
			"缺少",
			self.notice.name,
		):
			self.assertIn(text, html)
		self.assertNotIn("11010519491231002X", html)

	def test_notice_renders_as_pdf(self):

		frappe.local.lang = "zh"
		html = frappe.get_print("GH Supplement Notice", self.notice.name, "GH One-Time Notice")
		# a test site's host name does not resolve, so wkhtmltopdf could not fetch the desk's
		# print CSS from it; the notice carries its own styles and must render without it
		html = re.sub(r"<link[^>]*>", "", html)
		pdf = get_pdf(html)
		self.assertTrue(pdf.startswith(b"%PDF"))
		text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
		for words in ("一次性告知书", "房屋租赁合同", "李四"):
			# the PDF's text layer uses CJK radical code points for some characters
			self.assertIn(words, unicodedata.normalize("NFKC", text).replace(" ", ""))

	def test_notice_rows_must_be_plain_and_unique(self):
		case = make_case(self.s.hall, self.s.matter)
		for items in (
			[{"material_name": "<b>x</b>"}],
			[{"material_name": "身份证"}, {"material_name": "身 份证"}],
		):
			with self.assertRaises(frappe.ValidationError):
				frappe.get_doc(
					{"doctype": "GH Supplement Notice", "case": case.name, "items": items}
				).insert()
		self.assertEqual(frappe.db.count("GH Supplement Notice", {"case": case.name}), 0)
