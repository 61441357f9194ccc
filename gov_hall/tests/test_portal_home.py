"""The hall's portal: its home page, Website Settings that give the site to the hall, the guide's
search by the words citizens use, the Chinese 404 and the guests' language. As a guest on a real
site, through Frappe's website renderer."""

import re
from unittest.mock import patch

import frappe
from frappe.utils import set_request

from gov_hall.api.portal import guide_list
from gov_hall.setup.website import APPLIED_KEY, apply_portal_settings, last_applied
from gov_hall.tests.factories import make_department, make_hall, make_matter
from gov_hall.tests.test_portal import PortalTestCase
from gov_hall.utils.portal import PORTAL_ROUTE, set_guest_language

ENTRIES = {
	"/service-guide": "办事指南",
	"/book-appointment/new": "预约办事",
	"/track-case": "办件查询",
	"/rate": "服务评价",
	"/complaint": "投诉建议",
	"/complaint-status": "投诉进度",
	"/honor-roll": "光荣榜",
}


def footer(html: str) -> str:
	match = re.search(r"<footer.*?</footer>", html, re.S)
	return match.group(0) if match else ""


def navbar(html: str) -> str:
	match = re.search(r"<nav class=\"navbar.*?</nav>", html, re.S)
	return match.group(0) if match else ""


class PortalHomeTestCase(PortalTestCase):
	"""A default hall with its address, hours and phone; Website Settings restored afterwards."""

	def setUp(self):
		super().setUp()
		self.hall = make_hall(
			hall_name="青山门户测试中心" + frappe.generate_hash(length=4),
			address="青山县人民大道88号",
			phone="0745-5219999",
			opening_time="08:30:00",
			closing_time="17:30:00",
			offers_off_hours_service=1,
			extended_closing_time="19:00:00",
		)
		frappe.db.set_single_value("GH Hall Settings", "default_hall", self.hall.name)

	def tearDown(self):
		super().tearDown()  # rolls Website Settings back; their cached copies go too
		frappe.clear_cache()


class TestPortalHome(PortalHomeTestCase):
	def test_home_page_shows_the_hall_and_the_entries(self):
		status, html = self.page(f"/{PORTAL_ROUTE}")
		self.assertEqual(status, 200)
		for text in (
			self.hall.name,
			"青山县人民大道88号",
			'href="tel:0745-5219999"',
			"工作日 08:30–17:30",
			"工作日延时服务至 19:00（需预约）",
			'action="/service-guide"',
			'href="/cancel-appointment"',
		):
			self.assertIn(text, html)
		for route, label in ENTRIES.items():
			entry = re.compile(rf'class="gh-entry" href="{re.escape(route)}">.*?</a>', re.S).search(html)
			self.assertTrue(entry, route)
			self.assertIn(label, entry.group(0))

	def test_root_serves_the_portal_after_apply(self):
		frappe.db.set_single_value("Website Settings", "home_page", "login")  # a fresh site's
		self.assertTrue(apply_portal_settings())
		self.assertEqual(frappe.db.get_single_value("Website Settings", "home_page"), PORTAL_ROUTE)
		status, html = self.page("/")
		self.assertEqual(status, 200)
		self.assertIn('id="hall-name"', html)
		self.assertIn(self.hall.name, html)
		self.assertNotIn("Login to", html)

	def test_brand_navbar_and_footer_are_the_halls(self):
		apply_portal_settings(force=True)
		_status, html = self.page("/service-guide")
		bar, bottom = navbar(html), footer(html)
		self.assertIn(self.hall.name, bar)
		self.assertNotIn(">家<", bar)
		for route, label in ENTRIES.items():
			self.assertRegex(bar, rf'href="[^"]*{re.escape(route)}"[^>]*>\s*{label}\s*<', route)
		for text in (self.hall.name, "青山县人民大道88号", "0745-5219999", "工作日 08:30–17:30"):
			self.assertIn(text, bottom)
		for text in ("Frappe", "Built on", "frappeframework"):
			self.assertNotIn(text, bottom)
		self.assertTrue(bottom)
		settings = frappe.get_single("Website Settings")
		self.assertEqual(settings.app_name, self.hall.name)  # the login page's "Login to …"
		self.assertTrue(settings.disable_signup)
		self.assertTrue(settings.hide_footer_signup)

	def test_login_page_and_booking_form_titles_are_chinese(self):
		apply_portal_settings(force=True)
		status, html = self.page("/login")
		self.assertEqual(status, 200)
		self.assertIn(f"登录{self.hall.name}", html)  # "Login to {0}" with the hall's name
		self.assertIn("<title>登录</title>", html)
		self.assertNotIn("Login to", html)
		_status, html = self.page("/book-appointment/new")
		self.assertIn('<meta property="og:title"  content="预约办事">', html)
		self.assertIn("<title>预约办事</title>", html)

	def test_apply_is_idempotent_and_keeps_an_administrators_edits(self):
		apply_portal_settings(force=True)
		self.assertFalse(apply_portal_settings())
		self.assertFalse(apply_portal_settings())
		# an administrator's own brand stays; what the portal set last time follows the hall
		frappe.db.set_single_value("Website Settings", "brand_html", "<b>自定义</b>")
		frappe.db.set_value("GH Service Hall", self.hall.name, "phone", "0745-5218888")
		self.assertTrue(apply_portal_settings())
		settings = frappe.get_single("Website Settings")
		self.assertEqual(settings.brand_html, "<b>自定义</b>")
		self.assertIn("0745-5218888", settings.footer_powered)
		self.assertFalse(apply_portal_settings())
		self.assertTrue(apply_portal_settings(force=True))
		self.assertEqual(frappe.get_single("Website Settings").brand_html, self.hall.name)
		self.assertEqual(last_applied()["brand_html"], self.hall.name)

	def test_a_chosen_home_page_stays(self):
		frappe.db.set_single_value("Website Settings", "home_page", "about")
		frappe.db.set_default(APPLIED_KEY, "{}")
		apply_portal_settings()
		self.assertEqual(frappe.db.get_single_value("Website Settings", "home_page"), "about")
		apply_portal_settings(force=True)
		self.assertEqual(frappe.db.get_single_value("Website Settings", "home_page"), PORTAL_ROUTE)

	def test_without_a_hall_the_title_is_neutral_chinese(self):
		with patch("gov_hall.setup.website.portal_hall", return_value=None):
			apply_portal_settings(force=True)
		settings = frappe.get_single("Website Settings")
		self.assertEqual(settings.app_name, "政务服务中心")
		self.assertEqual(settings.brand_html, "政务服务中心")
		self.assertTrue(settings.footer_powered)
		self.assertNotIn("Frappe", settings.footer_powered)


class TestGuideSearch(PortalHomeTestCase):
	def setUp(self):
		super().setUp()
		self.market = make_department(
			self.hall.name, department_name="门户测试市场监管局" + frappe.generate_hash(length=4)
		)
		self.police = make_department(
			self.hall.name,
			department_name="门户测试公安局" + frappe.generate_hash(length=4),
			short_name="门户公安",
		)
		self.company = make_matter(
			self.market.name,
			matter_name="有限责任公司设立登记",
			keywords="营业执照 开公司，注册公司",
			materials=[{"material_name": "公司章程", "originals": 1}],
		)
		self.food = make_matter(
			self.market.name,
			matter_name="食品经营许可",
			materials=[{"material_name": "营业执照副本", "originals": 0, "copies": 1}],
		)
		self.id_card = make_matter(
			self.police.name,
			matter_name="居民身份证换领",
			keywords="身份证,换身份证",
			materials=[{"material_name": "门户测试数字相片", "originals": 1}],
		)

	def codes(self, **search) -> list[str]:
		return [m["code"] for group in guide_list(**search) for m in group["matters"]]

	def test_keyword_finds_the_matter_and_comes_first(self):
		status, html = self.page("/service-guide", q="营业执照")
		self.assertEqual(status, 200)
		self.assertIn(f'href="/service-guide/{self.company.name}"', html)
		self.assertIn("有限责任公司设立登记", html)
		self.assertNotIn("居民身份证换领", html)
		# the matter called so by citizens before the one that merely needs a licence copy
		codes = self.codes(q="营业执照")
		self.assertLess(codes.index(self.company.name), codes.index(self.food.name))
		self.assertIn(self.company.name, self.codes(q="注册公司"))  # a keyword after a full-width comma

	def test_material_name_finds_the_matter(self):
		self.assertEqual(self.codes(q="门户测试数字相片"), [self.id_card.name])
		_status, html = self.page("/service-guide", q="门户测试数字相片")
		self.assertIn("居民身份证换领", html)
		self.assertNotIn("食品经营许可", html)

	def test_department_name_finds_its_matters(self):
		found = self.codes(q=self.police.department_name)
		self.assertEqual(found, [self.id_card.name])
		self.assertEqual(self.codes(q="门户公安"), [self.id_card.name])  # the short name
		self.assertEqual(set(self.codes(q=self.market.department_name)), {self.company.name, self.food.name})

	def test_every_word_must_match(self):
		self.assertEqual(
			self.codes(q=f"营业执照 {self.market.department_name}"), [self.company.name, self.food.name]
		)
		self.assertEqual(self.codes(q=f"身份证 {self.market.department_name}"), [])

	def test_search_stays_literal(self):
		for q in ("%", "_", "\\", "营业%执照"):
			self.assertNotIn(self.company.name, self.codes(q=q), q)

	def test_guide_groups_fold_and_open_on_search(self):
		_status, html = self.page("/service-guide")
		self.assertIn('<details class="guide-department">', html)
		_status, html = self.page("/service-guide", q="营业执照")
		self.assertIn('<details class="guide-department" open>', html)


class TestNotFoundAndLanguage(PortalHomeTestCase):
	def test_bad_guide_link_is_a_chinese_404(self):
		for path in ("/service-guide/NOPE", "/no-such-page-" + frappe.generate_hash(length=6)):
			status, html = self.page(path)
			self.assertEqual(status, 404, path)
			self.assertIn("页面不存在", html)
			self.assertIn('href="/service-guide"', html)
			for text in ("Not Found", "There's nothing here", "gone missing"):
				self.assertNotIn(text, html)

	def test_guest_reads_chinese_whatever_the_browser_asks(self):
		self.assertIn("gov_hall.utils.portal.set_guest_language", frappe.get_hooks("before_request"))
		frappe.set_user("Guest")
		set_request(method="GET", path="/track-case", headers={"Accept-Language": "en-US,en;q=0.9"})
		frappe.local.form_dict = frappe._dict()
		frappe.local.lang = "en"  # what Frappe's get_language gives for en-US
		set_guest_language()
		self.assertEqual(frappe.local.lang, "zh")
		from frappe.website.serve import get_response

		html = get_response().get_data(as_text=True)
		self.assertIn("办件查询", html)
		self.assertNotIn("Track a Case", html)

	def test_an_explicit_choice_and_users_keep_their_language(self):
		frappe.set_user("Guest")
		set_request(method="GET", path="/track-case", query_string={"_lang": "en"})
		frappe.local.form_dict = frappe._dict(_lang="en")
		frappe.local.lang = "en"
		set_guest_language()
		self.assertEqual(frappe.local.lang, "en")

		frappe.set_user("Administrator")
		set_request(method="GET", path="/track-case", headers={"Accept-Language": "en-US"})
		frappe.local.form_dict = frappe._dict()
		frappe.local.lang = "en"
		set_guest_language()
		self.assertEqual(frappe.local.lang, "en")
