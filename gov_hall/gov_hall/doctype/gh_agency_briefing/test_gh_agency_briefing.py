"""派出单位月度通报 (issue 15): one briefing per home agency and month, from the published monthly
assessments of every hall where the agency has staff; integrity complaints never in it; the month's
inspection findings on its staff; a Chinese PDF emailed to the agency's contact. Managers only.

Made and read over HTTP as real users; the PDF and the email are checked in the process (rolled
back), as the department briefings are."""

import io
import re
import unicodedata

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils.pdf import get_pdf
from pypdf import PdfReader

from gov_hall.api.briefings import email_agency_briefing, email_agency_briefings
from gov_hall.assessment.scheme import DEFAULT_SCHEME, ensure_default_scheme, snapshot
from gov_hall.setup.roles import CHIEF_REPRESENTATIVE, HALL_MANAGER
from gov_hall.tests.assessment_data import staff_row
from gov_hall.tests.duty_data import inspection, last_month, month_day
from gov_hall.tests.factories import make_case_setup, make_outgoing_account, make_staff, make_user, unique
from gov_hall.tests.http import HttpUser, commit_world, set_password

BRIEFING = "GH Agency Briefing"
RUN = "GH Assessment Run"
AGENCY_EMAIL = "renshi@agency.example.com"
REFUSED = (403, 417)


def make_month_run(hall: str, month: str, staff=(), status: str = "Published") -> str:
	"""A month run of ``hall`` with the given staff rows, then moved to ``status``."""
	ensure_default_scheme()
	scheme = frappe.get_doc("GH Assessment Scheme", DEFAULT_SCHEME)
	run = frappe.get_doc(
		{
			"doctype": RUN,
			"hall": hall,
			"period_type": "Month",
			"month": month,
			"scheme": DEFAULT_SCHEME,
			"scheme_snapshot": snapshot(scheme),
			"staff_results": list(staff),
		}
	).insert()
	frappe.db.set_value(RUN, run.name, "status", status)
	return run.name


def agency(name: str, email: str | None = None) -> str:
	return (
		frappe.get_doc({"doctype": "GH Home Agency", "agency_name": name, "contact_email": email})
		.insert()
		.name
	)


class TestAgencyBriefing(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.month = last_month()
		cls.agency = agency(unique("市人社局"), AGENCY_EMAIL)
		cls.other_agency = agency(unique("市税务局"))
		# the agency's staff at two halls, in two departments; a colleague from another agency
		a, b = cls.a, cls.b = make_case_setup(), make_case_setup()
		for user, home in ((a.staff, cls.agency), (b.staff, cls.agency), (a.other_staff, cls.other_agency)):
			frappe.db.set_value("GH Window Staff", {"user": user}, "home_agency", home)
		# a third hall with the agency's staff and no published month run yet
		c = cls.c = make_case_setup()
		frappe.db.set_value("GH Window Staff", {"user": c.staff}, "home_agency", cls.agency)
		make_month_run(c.hall, cls.month, [staff_row(c.staff, "孙五", c.department, c.window, 18)], "Draft")
		duty = {
			"has_duty_data": 1,
			"duty_sessions": 40,
			"late_count": 2,
			"early_leave_count": 1,
			"absent_sessions": 1,
			"leave_sessions": 2,
			"empty_windows": 1,
			"left_post_count": 1,
			"attendance_computed": 11,
		}
		make_month_run(
			a.hall,
			cls.month,
			[
				# one verified complaint, and an integrity complaint the agency never reads
				staff_row(
					a.staff,
					"王一",
					a.department,
					a.window,
					18,
					attendance=11,
					cases=30,
					on_time_rate=96.67,
					ratings=12,
					satisfaction_rate=91.67,
					yellow_cards=2,
					red_cards=1,
					verified_complaints=1,
					integrity_complaints=1,
					**duty,
				),
				staff_row(a.other_staff, "李二", a.department, a.other_window, 15),
			],
		)
		make_month_run(b.hall, cls.month, [staff_row(b.staff, "赵三", b.department, b.window, 19)])
		# the month's inspection findings on the agency's staff, not those of another month or person
		cls.found = inspection(
			a.hall, a.window, a.staff, month_day(cls.month, 12), findings="窗口桌面摆放杂乱，未佩戴工作牌。"
		).name
		inspection(a.hall, a.window, a.staff, month_day(cls.month, 0), findings="上月问题")
		inspection(a.hall, a.other_window, a.other_staff, month_day(cls.month, 12), findings="他人问题")

		cls.manager = make_user([HALL_MANAGER])
		cls.chief = make_staff(a.department, a.other_window).user
		frappe.get_doc("User", cls.chief).add_roles(CHIEF_REPRESENTATIVE)
		frappe.db.set_value("GH Stationed Department", a.department, "chief_representative", cls.chief)
		for user in (cls.manager, cls.chief, a.staff):
			set_password(user)
		commit_world()
		answer = HttpUser(cls.manager).call("gov_hall.api.briefings.make_agency_briefings", month=cls.month)
		assert answer.status == 200, answer
		frappe.db.rollback()
		cls.name = frappe.db.get_value(BRIEFING, {"home_agency": cls.agency, "month": cls.month})
		assert cls.name in answer.message["created"], answer.message

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.local.lang = "en"
		super().tearDown()

	def test_gathers_the_agencys_staff_from_every_hall(self):
		a, b = self.a, self.b
		manager = HttpUser(self.manager)
		doc = manager.get_doc(BRIEFING, self.name).data
		self.assertTrue(doc["name"].startswith("ABR-"))
		self.assertEqual(doc["staff_count"], 2)
		self.assertEqual(doc["halls"].split("\n"), sorted([a.hall, b.hall]))
		self.assertEqual(doc["pending_halls"], self.c.hall)
		rows = {row["staff"]: row for row in doc["staff_results"]}
		self.assertEqual(set(rows), {a.staff, b.staff})
		first = rows[a.staff]
		self.assertEqual(
			(first["hall"], first["department"], first["window"], first["rank"], first["staff_assessed"]),
			(a.hall, a.department, a.window, 2, 2),
		)
		self.assertEqual(
			(
				first["duty_sessions"],
				first["late_count"],
				first["early_leave_count"],
				first["absent_sessions"],
				first["leave_sessions"],
				first["empty_windows"],
				first["left_post_count"],
				first["attendance"],
			),
			(40, 2, 1, 1, 2, 1, 1, 11.0),
		)
		self.assertEqual(
			(first["cases"], first["on_time_rate"], first["yellow_cards"], first["red_cards"]),
			(30, 96.67, 2, 1),
		)
		self.assertEqual((first["ratings"], first["satisfaction_rate"]), (12, 91.67))
		# the integrity complaint stays with the hall's managers
		self.assertEqual(first["verified_complaints"], 1)
		self.assertNotIn("integrity_complaints", first)
		self.assertEqual(rows[b.staff]["department"], b.department)
		self.assertNotEqual(a.department, b.department)
		self.assertEqual(
			[(f["inspection"], f["staff"], f["staff_name"], f["findings"]) for f in doc["findings"]],
			[(self.found, a.staff, "王一", "窗口桌面摆放杂乱，未佩戴工作牌。")],
		)
		# the other agency got its own, with its own staff only
		other = frappe.db.get_value(BRIEFING, {"home_agency": self.other_agency, "month": self.month})
		other_rows = manager.get_doc(BRIEFING, other).data["staff_results"]
		self.assertEqual([row["staff"] for row in other_rows], [a.other_staff])
		# made again: gathered again (nothing emailed yet), never twice
		answer = manager.call("gov_hall.api.briefings.make_agency_briefings", month=self.month)
		self.assertEqual(answer.status, 200, answer)
		# (the site's other agencies are made or gathered too: look at these two only)
		self.assertTrue({self.name, other} <= set(answer.message["refreshed"]), answer.message)
		frappe.db.rollback()
		self.assertEqual(frappe.db.count(BRIEFING, {"home_agency": self.agency, "month": self.month}), 1)
		duplicate = manager.insert(BRIEFING, {"home_agency": self.agency, "month": self.month})
		self.assertIn(duplicate.status, REFUSED, duplicate)
		# figures cannot be sent in: remarks can
		answer = manager.update(BRIEFING, self.name, {"staff_count": 9, "remarks": "请督促整改。"})
		self.assertEqual(answer.status, 200, answer)
		self.assertEqual((answer.data["staff_count"], answer.data["remarks"]), (2, "请督促整改。"))
		self.assertIn(
			manager.call("gov_hall.api.briefings.make_agency_briefings", month="2026-13").status, REFUSED
		)

	def test_window_staff_and_chief_representatives_cannot_read_or_make_them(self):
		for user in (self.a.staff, self.chief):
			http = HttpUser(user)
			self.assertEqual(http.get_doc(BRIEFING, self.name).status, 403, user)
			self.assertEqual(http.get_list(BRIEFING).status, 403, user)
			answer = http.call("gov_hall.api.briefings.make_agency_briefings", month=self.month)
			self.assertEqual(answer.status, 403, (user, answer))
			answer = http.call("gov_hall.api.briefings.email_agency_briefing", briefing=self.name)
			self.assertEqual(answer.status, 403, (user, answer))
			answer = http.call("gov_hall.api.briefings.email_agency_briefings", month=self.month)
			self.assertEqual(answer.status, 403, (user, answer))
			page = http.request("GET", f"/printview?doctype={BRIEFING}&name={self.name}&format={BRIEFING}")
			self.assertNotIn("窗口桌面摆放杂乱", page.text)

	def test_prints_in_chinese_as_pdf(self):
		frappe.local.lang = "en"  # the printer's language does not matter
		html = frappe.get_print(BRIEFING, self.name, BRIEFING)
		for text in (
			"派出单位月度通报",
			"出勤值勤",
			"窜岗",
			"王一",
			"赵三",
			"窗口桌面摆放杂乱",
			self.agency,
			self.a.hall,
			self.c.hall,  # not yet included
			"2 / 2",
			"96.67%",
		):
			self.assertIn(text, html)
		self.assertNotIn("李二", html)
		self.assertNotIn(self.a.staff, html)
		self.assertNotIn("Monthly Briefing", html)
		pdf = get_pdf(re.sub(r"<link[^>]*>", "", html))
		self.assertTrue(pdf.startswith(b"%PDF"))
		text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
		text = unicodedata.normalize("NFKC", text).replace(" ", "")
		for words in ("派出单位月度通报", "王一", "赵三", "出勤值勤"):
			self.assertIn(words, text)

	def test_email_to_the_agency_one_by_one_and_in_bulk(self):
		self.outgoing_account()
		frappe.set_user(self.manager)
		message = email_agency_briefing(self.name)
		self.assertIn(AGENCY_EMAIL, message)
		frappe.set_user("Administrator")
		queue = frappe.get_all(
			"Email Queue",
			filters={"reference_doctype": BRIEFING, "reference_name": self.name},
			fields=["name", "message"],
		)
		self.assertEqual(len(queue), 1)
		recipients = frappe.get_all(
			"Email Queue Recipient", filters={"parent": queue[0].name}, pluck="recipient"
		)
		self.assertEqual(recipients, [AGENCY_EMAIL])
		self.assertIn("application/pdf", queue[0].message)
		self.assertIn(f'filename="{self.name}.pdf"', queue[0].message)
		self.assertEqual(frappe.db.get_value(BRIEFING, self.name, "emailed_to"), AGENCY_EMAIL)
		# in bulk: the one emailed is not sent again; the agency without an email is named
		other = frappe.db.get_value(BRIEFING, {"home_agency": self.other_agency, "month": self.month})
		frappe.set_user(self.manager)
		result = email_agency_briefings(self.month)
		frappe.set_user("Administrator")
		self.assertNotIn(self.name, result["emailed"])
		self.assertNotIn(other, result["emailed"])
		self.assertIn(self.other_agency, result["without_email"])
		self.assertGreaterEqual(result["already_emailed"], 1)
		self.assertEqual(frappe.db.count("Email Queue", {"reference_name": self.name}), 1)
		self.assertFalse(frappe.db.exists("Email Queue", {"reference_name": other}))
		# one without an email, alone: a clear error, nothing queued
		frappe.set_user(self.manager)
		with self.assertRaises(frappe.ValidationError):
			email_agency_briefing(other)

	def outgoing_account(self):
		"""A default outgoing account (rolled back); emails stay muted and are only queued."""
		self.addCleanup(frappe.db.rollback)
		self.addCleanup(setattr, frappe.flags, "mute_emails", frappe.flags.mute_emails)
		frappe.flags.mute_emails = True
		make_outgoing_account()
		frappe.local.outgoing_email_account = {}
		self.addCleanup(setattr, frappe.local, "outgoing_email_account", {})
