"""Issue 16 on the public site, over HTTP as a guest (Frappe's own request handling):

* 办件公示 (/case-results): completed and rejected cases of a month, applicants masked, never an ID
  number, a mobile, the case number, an agent or a staff member; open cases never; filters by
  matter, hall and month; 20 to a page; Chinese; rate-limited per address; cheap queries;
* the service guide's "可在以下地点办理": the halls of each handling level, and 代办帮办;
* case tracking of a cross-hall case: the hand-over stage in plain Chinese, where to go, the EMS number.

The world is committed (the requests read through their own connections) and made of halls of its
own, so what other tests leave on the site does not change what a hall filter shows.
"""

import re
from urllib.parse import urlencode

import frappe
from frappe.model.workflow import apply_workflow
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, getdate

from gov_hall.rules.public_results import PAGE_SIZE
from gov_hall.tests.factories import (
	VALID_RESIDENT_ID,
	VALID_USCC,
	make_department,
	make_hall,
	make_matter,
	make_staff,
	make_window,
)
from gov_hall.tests.http import HttpUser, commit_world
from gov_hall.utils import case_results, guessing
from gov_hall.utils.clock import nowdate

TRACK = "gov_hall.api.portal.track_case"
GUEST_IP = "198.51.100.61"  # TEST-NET-2: never a real visitor
PERSON_MOBILE = "13912340001"
COMPANY_MOBILE = "13912340002"
OPEN_MOBILE = "13912340003"
CONTACT = "联系人孙七"
# a visible word of three or more Latin letters (the page's own texts are all Chinese)
ENGLISH = re.compile(r"\b[A-Za-z]{3,}\b")


def digits_tag() -> str:
	"""A unique tag of digits for the names of this test's halls and matters: the test site may be
	reused for the browser tests, whose pages must show no Latin word."""
	return str(int(frappe.generate_hash(length=10), 16))[-7:]


def guest_page(path: str, ip: str = GUEST_IP):
	return HttpUser(None).request("GET", path, headers={"Accept": "text/html", "X-Forwarded-For": ip})


def results(ip: str = GUEST_IP, **params):
	"""/case-results with these filters, as a guest from ``ip``."""
	return guest_page("/case-results" + ("?" + urlencode(params) if params else ""), ip=ip)


def content(html: str) -> str:
	"""The page's own part (the portal frame inside the navbar and footer)."""
	match = re.search(r'<div class="gh-portal .*?(?=<footer)', html, re.S)
	return match.group(0) if match else ""


def results_list(html: str) -> str:
	match = re.search(r'<ol class="gh-results.*?</ol>', html, re.S)
	return match.group(0) if match else ""


def visible_text(html: str) -> str:
	html = re.sub(r"<(script|style|datalist)\b.*?</\1>", " ", html, flags=re.S)
	return re.sub(r"<[^>]+>", " ", html)


def as_staff(user: str, case: str, *actions, **values):
	frappe.set_user(user)
	try:
		doc = frappe.get_doc("GH Case", case)
		if values:
			doc.update(values)
			doc.save()
		for action in actions:
			apply_workflow(frappe.get_doc("GH Case", case).as_dict(), action)
	finally:
		frappe.set_user("Administrator")


def new_case(hall, matter, window, staff, name, mobile, applicant_type="Person", **values):
	frappe.set_user(staff)
	try:
		return frappe.get_doc(
			{
				"doctype": "GH Case",
				"applicant_type": applicant_type,
				"applicant_name": name,
				"id_number": VALID_USCC if applicant_type == "Company" else VALID_RESIDENT_ID,
				"mobile": mobile,
				"matter": matter,
				"hall": hall,
				"window": window,
				"channel": "Window",
				**values,
			}
		).insert()
	finally:
		frappe.set_user("Administrator")


def clear_guest(ip: str = GUEST_IP) -> None:
	case_results.clear_rate_limit([ip])
	frappe.cache.delete(frappe.cache.make_key(f"rl:{TRACK}:{ip}"))
	guessing.clear([ip])


class TestCaseResultsPage(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		tag = digits_tag()
		cls.hall = make_hall(hall_name=f"公示测试中心{tag}").name
		cls.other_hall = make_hall(hall_name=f"公示其他中心{tag}").name
		department = make_department(cls.hall)
		other_department = make_department(cls.other_hall)
		cls.window = make_window(cls.hall, department.name).name
		other_window = make_window(cls.other_hall, other_department.name).name
		cls.staff = make_staff(department.name, cls.window).user
		other_staff = make_staff(other_department.name, other_window).user
		cls.staff_name = frappe.db.get_value("User", cls.staff, "full_name")
		cls.matter = make_matter(department.name, matter_name=f"公示测试事项开业登记{tag}").name
		cls.other_matter = make_matter(department.name, matter_name=f"公示另一事项户籍{tag}").name
		cls.matter_name = frappe.db.get_value("GH Service Matter", cls.matter, "matter_name")
		cls.other_matter_name = frappe.db.get_value("GH Service Matter", cls.other_matter, "matter_name")
		far_matter = make_matter(other_department.name, matter_name=f"公示外厅事项{tag}").name

		w = (cls.hall, cls.matter, cls.window, cls.staff)
		cls.person = new_case(*w, "张三丰", PERSON_MOBILE, contact_person=CONTACT).name
		as_staff(cls.staff, cls.person, "Accept", "Complete")
		cls.company = new_case(*w, "青山县宏达建材有限公司", COMPANY_MOBILE, applicant_type="Company").name
		as_staff(cls.staff, cls.company, "Accept", "Complete")
		cls.rejected = new_case(cls.hall, cls.other_matter, cls.window, cls.staff, "李四", OPEN_MOBILE).name
		as_staff(cls.staff, cls.rejected, "Reject", rejection_reason="不属于受理范围")
		# never public: received, accepted, withdrawn
		cls.open_cases = [
			new_case(*w, "赵五", OPEN_MOBILE).name,
			new_case(*w, "钱六", OPEN_MOBILE).name,
			new_case(*w, "孙八", OPEN_MOBILE).name,
		]
		as_staff(cls.staff, cls.open_cases[1], "Accept")
		as_staff(cls.staff, cls.open_cases[2], "Withdraw", close_reason="申请人撤回")
		# completed last month: only in last month's results
		cls.last_month = new_case(*w, "周九", PERSON_MOBILE).name
		as_staff(cls.staff, cls.last_month, "Accept", "Complete")
		cls.last_month_day = add_days(getdate(nowdate()).replace(day=1), -3)
		frappe.db.set_value("GH Case", cls.last_month, "completed_on", f"{cls.last_month_day} 10:00:00")
		# another hall's case
		cls.far = new_case(cls.other_hall, far_matter, other_window, other_staff, "吴十", PERSON_MOBILE).name
		as_staff(other_staff, cls.far, "Accept", "Complete")
		commit_world()
		cls.month = nowdate()[:7]

	def setUp(self):
		clear_guest()

	def test_completed_case_listed_masked_without_personal_data(self):
		answer = results(hall=self.hall)
		self.assertEqual(answer.status, 200, answer)
		listing = results_list(answer.text)
		self.assertTrue(listing, "no results list")
		self.assertEqual(listing.count('class="gh-results-item"'), 3)  # two completed, one rejected
		for text in ("张**", "青山****有限公司", "李**", self.matter_name, self.other_matter_name, self.hall):
			self.assertIn(text, listing)
		self.assertIn("办结", listing)
		self.assertIn("不予受理", listing)
		received = str(getdate(frappe.db.get_value("GH Case", self.person, "received_on")))
		self.assertIn(received, listing)
		person = frappe.get_doc("GH Case", self.person)
		company = frappe.get_doc("GH Case", self.company)
		for secret in (
			"张三丰",
			"三丰",
			"宏达建材",
			VALID_RESIDENT_ID,
			VALID_USCC,
			person.id_number_masked,
			company.id_number_masked,
			PERSON_MOBILE,
			COMPANY_MOBILE,
			OPEN_MOBILE,
			person.mobile_masked,
			CONTACT,
			self.person,
			self.company,
			self.rejected,
			self.staff,
			self.staff_name,
			"不属于受理范围",
		):
			self.assertTrue(secret)
			self.assertNotIn(secret, answer.text)
		# open and withdrawn cases, another hall's case and last month's are not listed
		for masked in ("赵**", "钱**", "孙**", "吴**", "周**"):
			self.assertNotIn(masked, listing)

	def test_page_is_chinese_on_the_portal_frame(self):
		answer = results(hall=self.hall)
		self.assertIn("<title>办件公示</title>", answer.text)
		self.assertIn('class="gh-portal case-results"', answer.text)
		self.assertIn("/assets/gov_hall/js/gh_portal.js", answer.text)
		text = visible_text(content(answer.text))
		self.assertTrue(text.strip())
		self.assertEqual(ENGLISH.findall(text), [])
		for word in ("Frappe", "Completed", "Rejected", "Case Results"):
			self.assertNotIn(word, visible_text(answer.text))

	def test_filters_by_matter_hall_and_month(self):
		# matter: words of its name, or its code
		for matter in (self.matter_name[2:8], self.matter):
			listing = results_list(results(hall=self.hall, matter=matter).text)
			self.assertIn("张**", listing, matter)
			self.assertNotIn("李**", listing, matter)
		listing = results_list(results(matter=self.other_matter_name).text)
		self.assertIn("李**", listing)
		self.assertNotIn("张**", listing)
		answer = results(hall=self.hall, matter="没有这个事项")
		self.assertEqual(results_list(answer.text), "")
		self.assertIn('id="results-none"', answer.text)
		# hall
		listing = results_list(results(hall=self.other_hall).text)
		self.assertIn("吴**", listing)
		self.assertNotIn("张**", listing)
		# month: last month's case only in last month; a month not offered means this month
		last = str(self.last_month_day)[:7]
		listing = results_list(results(hall=self.hall, month=last).text)
		self.assertIn("周**", listing)
		self.assertIn(str(self.last_month_day), listing)
		self.assertNotIn("张**", listing)
		for month in ("2001-01", "abc", self.month):
			listing = results_list(results(hall=self.hall, month=month).text)
			self.assertIn("张**", listing, month)
			self.assertNotIn("周**", listing, month)
		# an unknown hall is no filter at all: never an error
		answer = results(hall="<script>", page="x")
		self.assertEqual(answer.status, 200)
		self.assertNotIn("<script>&", answer.text)

	def test_no_search_on_applicants(self):
		# the only text filter is the matter: an applicant's name finds nothing
		answer = results(hall=self.hall, matter="张三丰")
		self.assertEqual(results_list(answer.text), "")
		answer = results(hall=self.hall, applicant="张三丰", q="张三丰")
		self.assertEqual(results_list(answer.text).count('class="gh-results-item"'), 3)

	def test_guests_are_rate_limited_per_address(self):
		ip = "198.51.100.62"
		clear_guest(ip)
		try:
			for _ in range(case_results.RATE_LIMIT):
				self.assertEqual(results(ip=ip).status, 200)
			answer = results(hall=self.hall, ip=ip)
			self.assertEqual(answer.status, 429)
			self.assertIn("请求过于频繁", answer.text)
			self.assertEqual(results_list(answer.text), "")
			# another address is served
			self.assertEqual(results(hall=self.hall).status, 200)
		finally:
			clear_guest(ip)

	def test_home_page_and_guide_link_to_the_results(self):
		answer = guest_page("/hall")
		self.assertRegex(answer.text, re.compile(r'class="gh-entry" href="/case-results">.*?办件公示', re.S))
		answer = guest_page(f"/service-guide/{self.matter}")
		self.assertIn(f'href="/case-results?matter={self.matter}"', answer.text)

	def test_queries_read_a_bounded_index_range(self):
		month = getdate(nowdate()).replace(day=1)
		for hall, matters in (
			(self.hall, None),
			(None, None),
			(None, [self.matter]),
			(self.hall, [self.matter]),
		):
			for query in (
				case_results.results_query(month, hall, matters, 1),
				case_results.count_query(month, hall, matters),
			):
				plan = frappe.db.sql(f"EXPLAIN {query.get_sql()}", as_dict=True)
				keys = set((plan[0].possible_keys or "").split(","))
				# a month of one hall: gh_case_completed (hall, status, completed_on); of every hall:
				# the completed_on and received_on ranges (the test site is too small for the
				# optimizer to prefer them over a scan, so the possible keys are checked)
				wanted = {"gh_case_completed"} if hall else {"completed_on", "received_on"}
				self.assertTrue(wanted <= keys, (hall, matters, plan))


class TestCaseResultsPages(FrappeTestCase):
	"""Twenty to a page, newest first; a page past the end or out of range shows the first."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.hall = make_hall(hall_name="公示分页中心" + digits_tag()).name
		department = make_department(cls.hall)
		window = make_window(cls.hall, department.name).name
		staff = make_staff(department.name, window).user
		matter = make_matter(department.name, matter_name="公示分页事项").name
		cls.count = PAGE_SIZE + 3
		surnames = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华"
		cls.names = [surnames[i] for i in range(cls.count)]
		for index, surname in enumerate(cls.names):
			name = new_case(cls.hall, matter, window, staff, surname + "某", PERSON_MOBILE).name
			as_staff(staff, name, "Accept", "Complete")
			# completed one minute apart, the last made the newest
			frappe.db.set_value(
				"GH Case", name, "completed_on", f"{nowdate()} 00:{index:02d}:00", update_modified=False
			)
		commit_world()

	def setUp(self):
		clear_guest()

	def test_twenty_to_a_page_newest_first(self):
		first = results(hall=self.hall)
		listing = results_list(first.text)
		self.assertEqual(listing.count('class="gh-results-item"'), PAGE_SIZE)
		shown = re.findall(r'gh-results-applicant">(.)\*\*<', listing)
		self.assertEqual(shown, list(reversed(self.names))[:PAGE_SIZE])
		self.assertIn(f"共{self.count}件，第1页，共2页", first.text)
		following = urlencode({"hall": self.hall, "month": nowdate()[:7], "page": 2})
		self.assertIn('href="/case-results?' + following.replace("&", "&amp;") + '"', first.text)
		self.assertIn('id="results-next"', first.text)
		self.assertNotIn('id="results-previous"', first.text)

		second = results(hall=self.hall, page="2")
		listing = results_list(second.text)
		shown = re.findall(r'gh-results-applicant">(.)\*\*<', listing)
		self.assertEqual(shown, list(reversed(self.names))[PAGE_SIZE:])
		self.assertIn('id="results-previous"', second.text)
		self.assertNotIn('id="results-next"', second.text)

		past = results(hall=self.hall, page="3")
		self.assertEqual(results_list(past.text), "")
		for page in ("0", "-1", "999999", "x"):
			listing = results_list(results(hall=self.hall, page=page).text)
			self.assertEqual(re.findall(r'gh-results-applicant">(.)\*\*<', listing)[0], self.names[-1], page)


def section(html: str, element_id: str) -> str:
	match = re.search(rf'<section[^>]*id="{element_id}".*?</section>', html, re.S)
	return match.group(0) if match else ""


class TestCountyTownshipVillage(FrappeTestCase):
	"""A county hall with two townships, a village point under the first and a closed township; a
	matter of each handling level at the county; a case received at the first township."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		tag = digits_tag()
		cls.county = make_hall(hall_name=f"公示县政务服务中心{tag}", address="青山县人民路1号").name
		cls.township = make_hall(
			hall_name=f"公示东镇便民服务中心{tag}",
			hall_level="Branch Hall",
			parent_hall=cls.county,
			address="东镇中街8号",
			phone="0745-5211111",
			opening_time="08:30:00",
			closing_time="17:00:00",
		).name
		cls.other_township = make_hall(
			hall_name=f"公示西镇便民服务中心{tag}", hall_level="Branch Hall", parent_hall=cls.county
		).name
		cls.closed_township = make_hall(
			hall_name=f"公示南镇便民服务中心{tag}",
			hall_level="Branch Hall",
			parent_hall=cls.county,
			status="Closed",
		).name
		cls.village = make_hall(
			hall_name=f"公示东镇李村便民服务站{tag}",
			hall_level="Village Service Point",
			parent_hall=cls.township,
			phone="0745-5212222",
		).name
		department = make_department(cls.county)
		cls.department_name = frappe.db.get_value(
			"GH Stationed Department", department.name, "department_name"
		)
		make_window(cls.county, department.name)
		township_department = make_department(cls.township)
		cls.township_window = make_window(cls.township, township_department.name).name

		def matter(level, halls=(), agent=1):
			return make_matter(
				department.name,
				matter_name=f"公示{level}事项{tag}",
				handling_level=level,
				agent_allowed=agent,
				accepting_halls=[{"hall": hall} for hall in halls],
			).name

		cls.county_only = matter("County Only", agent=0)
		cls.county_township = matter("County–Township", [cls.township])
		cls.county_wide = matter("County-Wide")
		cls.township_only = matter("Township", [cls.other_township])
		cls.case = frappe.get_doc(
			{
				"doctype": "GH Case",
				"applicant_type": "Person",
				"applicant_name": "郑十一",
				"id_number": VALID_RESIDENT_ID,
				"mobile": "13912345566",
				"matter": cls.county_township,
				"hall": cls.township,
				"window": cls.township_window,
				"channel": "Window",
			}
		).insert()
		# the hand-over steps are K1's engine (gov_hall.cross_hall.handover); the page reads their state
		frappe.db.set_value(
			"GH Case",
			cls.case.name,
			{"route": "County–Township", "handling_hall": cls.county},
			update_modified=False,
		)
		commit_world()

	def setUp(self):
		clear_guest()

	def where(self, matter: str) -> str:
		answer = guest_page(f"/service-guide/{matter}")
		self.assertEqual(answer.status, 200, answer)
		return section(answer.text, "guide-where")

	def assert_halls(self, html: str, present, absent):
		for hall in present:
			self.assertIn(hall, html)
		for hall in absent:
			self.assertNotIn(hall, html)

	def test_county_only_lists_the_county_hall(self):
		html = self.where(self.county_only)
		self.assertIn("可在以下地点办理", html)
		self.assertIn("县级办理", html)
		self.assertIn("本事项不提供代办帮办服务", html)
		self.assertIn("青山县人民路1号", html)
		self.assert_halls(html, [self.county], [self.township, self.other_township, self.village])

	def test_county_township_lists_the_listed_townships_and_their_villages(self):
		html = self.where(self.county_township)
		self.assertIn("县乡同办", html)
		self.assertIn("提供代办帮办服务", html)
		self.assert_halls(html, [self.county, self.township, self.village], [self.other_township])
		self.assertIn('href="tel:0745-5211111"', html)
		self.assertIn("村便民服务站（1个）", html)
		# the county first, then the township with its village point folded under it
		self.assertLess(html.index(self.county), html.index(self.township))
		self.assertLess(html.index(self.township), html.index(self.village))

	def test_county_wide_lists_every_active_hall_of_the_county(self):
		html = self.where(self.county_wide)
		self.assertIn("县域通办", html)
		self.assert_halls(
			html, [self.county, self.township, self.other_township, self.village], [self.closed_township]
		)

	def test_township_lists_the_listed_townships(self):
		html = self.where(self.township_only)
		self.assertIn("乡镇办理", html)
		self.assert_halls(html, [self.other_township], [self.township, self.village])

	def track(self):
		answer = HttpUser(None).request(
			"POST",
			f"/api/method/{TRACK}",
			json={"case_number": self.case.name, "phone_last4": "5566"},
			headers={"X-Forwarded-For": GUEST_IP},
		)
		self.assertEqual(answer.status, 200, answer)
		self.assertTrue(answer.message["found"], answer)
		return answer.message["case"]

	def stage(self, transfer_status: str, **values):
		frappe.db.set_value(
			"GH Case", self.case.name, {"transfer_status": transfer_status, **values}, update_modified=False
		)
		commit_world()
		clear_guest()
		return self.track()["transfer"]

	def test_track_shows_each_hand_over_stage_in_chinese(self):
		expected = {
			"At Receiving Hall": f"您的申请已在{self.township}受理，将报送{self.department_name}审核。",
			"Sent to County": f"材料已报送{self.department_name}审核。",
			"At County": f"{self.department_name}正在审核您的申请。",
			"Returned to Receiving Hall": f"{self.department_name}要求补正材料，请按补正告知书所列到{self.township}提交。",
			"Result Sent Back": f"审核结果已送回{self.township}，可领取时将另行通知。",
			"Ready for Collection": f"审核结果已送回，请到{self.township}领取。",
			"Issued": f"办理结果已在{self.township}领取。",
		}
		for status, text in expected.items():
			transfer = self.stage(status, delivery_method="Collect at Hall")
			self.assertEqual(transfer["stage"], text, status)
			where = transfer["collect"]
			if status in ("Returned to Receiving Hall", "Result Sent Back", "Ready for Collection"):
				self.assertEqual(where["hall"], self.township, status)
				self.assertEqual(where["address"], "东镇中街8号")
				self.assertEqual(where["phone"], "0745-5211111")
				self.assertEqual(where["hours"], "08:30–17:00")
			else:
				self.assertIsNone(where, status)

	def test_track_shows_the_ems_number_of_a_posted_result(self):
		transfer = self.stage("Ready for Collection", delivery_method="Post")
		self.assertEqual(transfer["stage"], f"审核结果已送回{self.township}，将通过EMS邮寄给您。")
		self.assertIsNone(transfer["collect"])
		transfer = self.stage("Posted", delivery_method="Post", ems_tracking_number="EA123456789CN")
		self.assertEqual(transfer["stage"], "办理结果已通过EMS邮寄，单号：EA123456789CN。")
		self.assertEqual(transfer["ems_tracking_number"], "EA123456789CN")

	def test_track_of_a_single_hall_case_has_no_transfer_and_nothing_personal(self):
		transfer = self.stage("At County")
		case = self.track()
		text = repr(case)
		for secret in ("郑十一", VALID_RESIDENT_ID, "13912345566", "Administrator"):
			self.assertNotIn(secret, text)
		self.assertTrue(transfer)
		frappe.db.set_value(
			"GH Case", self.case.name, {"route": "", "transfer_status": ""}, update_modified=False
		)
		commit_world()
		try:
			self.assertIsNone(self.track()["transfer"])
		finally:
			frappe.db.set_value(
				"GH Case",
				self.case.name,
				{"route": "County–Township", "handling_hall": self.county},
				update_modified=False,
			)
			commit_world()

	def test_track_page_has_the_stage_box(self):
		answer = guest_page("/track-case")
		self.assertEqual(answer.status, 200)
		for text in ('id="track-case-transfer"', 'id="track-case-collect"', "EMS单号", "办理地点"):
			self.assertIn(text, answer.text)

	def test_results_name_the_county_hall_of_a_cross_hall_case(self):
		# completed at the county (K1's engine completes it there; the page reads the state)
		frappe.db.set_value(
			"GH Case",
			self.case.name,
			{"status": "Completed", "completed_on": f"{nowdate()} 09:00:00"},
			update_modified=False,
		)
		commit_world()
		listing = results_list(results(hall=self.township).text)
		self.assertIn("郑**", listing)
		self.assertIn(self.township, listing)
		self.assertIn(f"（{self.county}审批）", listing)
		self.assertNotIn("郑十一", listing)
