"""The staff badge (工作人员胸卡, 挂牌上岗) and the window card (窗口公示牌) print in Chinese whatever the
printing user's language, keep their badge and window numbers in the PDF's text layer, show no
personal data, and carry a QR code of the public card's address (issue 18)."""

import os
import re
import shutil
import subprocess
import tempfile

import frappe
import pyqrcode
from bs4 import BeautifulSoup

from gov_hall.tests.factories import make_staff, make_user
from gov_hall.tests.test_print_chinese import PrintTestCase, document_text
from gov_hall.utils.qr import QUIET_ZONE, qr_matrix, qr_svg, staff_card_url, window_card_url

BADGE, WINDOW_CARD = "GH Staff Badge", "GH Window Card"
RUN = re.compile(r"M(\d+) (\d+)h(\d+)v1h-(\d+)z")


def drawn_matrix(svg: str) -> list[list[int]]:
	"""The modules the SVG draws, read back from its path (quiet zone removed)."""
	soup = BeautifulSoup(svg, "html.parser")
	tag = soup.find("svg")
	side = int(tag["viewbox"].split()[2]) - 2 * QUIET_ZONE
	matrix = [[0] * side for _ in range(side)]
	path = tag.find("path")["d"]
	assert RUN.sub("", path) == "", "the path holds only module runs"
	for x, y, width, back in RUN.findall(path):
		assert width == back
		for dx in range(int(width)):
			matrix[int(y) - QUIET_ZONE][int(x) - QUIET_ZONE + dx] = 1
	return matrix


def expected_matrix(url: str) -> list[list[int]]:
	return [[int(cell) for cell in row] for row in pyqrcode.create(url, error="M").code]


def pdf_matrix(pdf: bytes, modules: int) -> list[list[int]]:
	"""The QR code as wkhtmltopdf drew it: the PDF rasterised (pdftoppm), its modules sampled."""
	from PIL import Image

	with tempfile.TemporaryDirectory() as folder:
		source = os.path.join(folder, "qr.pdf")
		with open(source, "wb") as handle:
			handle.write(pdf)
		subprocess.run(
			["pdftoppm", "-r", "200", "-png", "-singlefile", "-f", "1", "-l", "1", source, source[:-4]],
			check=True,
		)
		image = Image.open(source[:-4] + ".png").convert("L")
	image.load()
	left, top, right, bottom = Image.eval(image, lambda v: 255 if v < 128 else 0).getbbox()
	step = (right - left) / modules
	pixels = image.load()
	return [
		[int(pixels[int(left + (x + 0.5) * step), int(top + (y + 0.5) * step)] < 128) for x in range(modules)]
		for y in range(modules)
	]


def printed_qr(html: str) -> str:
	soup = BeautifulSoup(html, "html.parser")
	svg = soup.find("svg", class_="gh-qr")
	assert svg is not None, "no QR code printed"
	return str(svg)


class TestCardPrints(PrintTestCase):
	def setUp(self):
		super().setUp()
		s = self.s
		# hall names are unique: this one's own, after the county's
		self.hall_name = "青山县政务服务中心" + frappe.generate_hash(length=4).upper()
		frappe.db.set_value("GH Service Hall", s.hall, "hall_name", self.hall_name)
		self.department_name = "青山县市场监督管理局" + frappe.generate_hash(length=4).upper()
		frappe.db.set_value("GH Stationed Department", s.department, "department_name", self.department_name)
		frappe.db.set_value("GH Service Window", s.window, "window_name", "企业开办综合窗口")
		user = make_user(["Window Staff"], first_name="王小红", language="en")
		self.staff = make_staff(s.department, s.window, user=user, mobile="13812345678")
		self.window = frappe.get_doc("GH Service Window", s.window)

	def test_badge_prints_chinese_with_its_number_and_a_qr_of_the_card(self):
		html = self.print_html("GH Window Staff", self.staff.name, BADGE)
		text = document_text(html)
		self.assert_chinese(
			text,
			BADGE,
			(
				self.hall_name,
				"王小红",
				self.staff.badge_number,
				f"{self.window.window_number}号窗口",
				self.department_name,
				"挂牌上岗",
				"工号",
				"扫码",
			),
		)
		for private in ("13812345678", "5678", self.staff.user):
			self.assertNotIn(private, text)
		url = staff_card_url(self.staff.card_code)
		self.assertTrue(url.endswith(f"/staff-card/{self.staff.card_code}"))
		self.assertEqual(drawn_matrix(printed_qr(html)), expected_matrix(url))

	def test_badge_pdf_keeps_chinese_and_the_badge_number(self):
		pdf = self.print_pdf("GH Window Staff", self.staff.name, BADGE)
		self.assert_digits_kept(pdf, (self.staff.badge_number, "挂牌上岗", "王小红", "政务服务中心"))
		self.skip_if_no_pdftotext()

	def test_window_card_lists_staff_on_site_and_links_the_window_card(self):
		left = make_staff(self.s.department, self.s.window, status="Left")
		html = self.print_html("GH Service Window", self.window.name, WINDOW_CARD)
		text = document_text(html)
		self.assert_chinese(
			text,
			WINDOW_CARD,
			(
				f"{self.window.window_number}号窗口",
				"企业开办综合窗口",
				self.department_name,
				"王小红",
				self.staff.badge_number,
				"在岗工作人员",
				"工号",
			),
		)
		self.assertNotIn(left.badge_number, text)
		self.assertNotIn("13812345678", text)
		self.assertEqual(
			drawn_matrix(printed_qr(html)), expected_matrix(window_card_url(self.window.card_code))
		)

		pdf = self.print_pdf("GH Service Window", self.window.name, WINDOW_CARD)
		self.assert_digits_kept(
			pdf, (self.staff.badge_number, self.window.window_number, "王小红", "在岗工作人员")
		)
		self.skip_if_no_pdftotext()

	def test_qr_svg_draws_exactly_the_code_of_the_url(self):
		for url in ("https://hall.example.cn/staff-card/0123456789", window_card_url("abcdefghij")):
			self.assertEqual(drawn_matrix(qr_svg(url)), expected_matrix(url))
		# a different address draws a different code: the comparison can fail
		self.assertNotEqual(
			drawn_matrix(qr_svg(staff_card_url("0123456789"))), expected_matrix(staff_card_url("0123456788"))
		)

	def test_the_pdf_draws_the_qr_code_faithfully(self):
		"""wkhtmltopdf renders the inline SVG: the printed modules are the URL's code."""
		from frappe.utils.pdf import get_pdf

		if not shutil.which("pdftoppm"):
			self.skipTest("pdftoppm is not installed (apt-get install poppler-utils)")
		url = staff_card_url(self.staff.card_code)
		pdf = get_pdf(f"<html><body><div>{qr_svg(url, '40mm')}</div></body></html>")
		matrix = qr_matrix(url)
		self.assertEqual(pdf_matrix(pdf, len(matrix)), matrix)
		self.assertNotEqual(pdf_matrix(pdf, len(matrix)), qr_matrix(staff_card_url("0" * 10)))
