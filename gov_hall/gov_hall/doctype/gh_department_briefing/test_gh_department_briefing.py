"""双向管理: briefings to each stationed department from a published assessment, with the quarter's
cards, complaints and ratings; printed in Chinese as PDF and emailed to the agency."""

import io
import re
import unicodedata

import frappe
from frappe import _
from frappe.utils import add_days, add_to_date, getdate, now_datetime, nowdate
from frappe.utils.pdf import get_pdf
from pypdf import PdfReader

from gov_hall.api.briefings import email_briefing, make_briefings
from gov_hall.rules.periods import quarter_bounds, quarter_of
from gov_hall.setup.roles import CHIEF_REPRESENTATIVE, HALL_MANAGER
from gov_hall.tests.assessment_data import make_run, staff_row, window_row
from gov_hall.tests.factories import (
	GovHallTestCase,
	make_case,
	make_case_setup,
	make_complaint,
	make_department,
	make_hall,
	make_outgoing_account,
	make_rating,
	make_staff,
	make_user,
	make_window,
)

BRIEFING = "GH Department Briefing"
AGENCY_EMAIL = "office@agency.example.com"


class TestDepartmentBriefing(GovHallTestCase):
	def setUp(self):
		s = self.s = make_case_setup()
		self.quarter = quarter_of(getdate(nowdate()))
		self.before_quarter = add_days(quarter_bounds(self.quarter)[0], -1)
		self.manager = make_user([HALL_MANAGER])
		frappe.db.set_value("GH Stationed Department", s.department, "contact_email", AGENCY_EMAIL)
		# a second department of the same hall
		self.other_department = make_department(s.hall).name
		self.other_window = make_window(s.hall, self.other_department).name
		self.other_staff = make_staff(self.other_department, self.other_window).user
		self.run = make_run(
			s.hall,
			self.quarter,
			windows=[
				window_row(s.window, s.department, 27, eligible=0, ineligible_reason="本季度有属实投诉"),
				window_row(s.other_window, s.department, 26, 2),
				window_row(self.other_window, self.other_department, 30),
			],
			staff=[
				staff_row(s.staff, "王一", s.department, s.window, 20, ideology=17),
				staff_row(s.other_staff, "李二", s.department, s.other_window, 15),
				staff_row(self.other_staff, "赵三", self.other_department, self.other_window, 20),
			],
		).name
		self.add_cards()
		self.add_complaints()
		self.add_ratings()

	def tearDown(self):
		frappe.set_user("Administrator")
		super().tearDown()

	def add_cards(self):
		s = self.s
		case = make_case(s.hall, s.matter, window=s.window).name
		for level, day, department in (
			("Yellow", nowdate(), s.department),
			("Yellow", nowdate(), s.department),
			("Red", nowdate(), s.department),
			("Yellow", self.before_quarter, s.department),  # last quarter
			("Red", nowdate(), self.other_department),  # another agency
		):
			frappe.get_doc(
				{
					"doctype": "GH Supervision Card",
					"case": case,
					"level": level,
					"card_date": day,
					"due_date": day,
					"hall": s.hall,
					"department": department,
					"window": s.window,
					"staff": s.staff,
				}
			).insert()

	def add_complaints(self):
		s = self.s
		last_year = add_to_date(now_datetime(), days=-400)
		for result, values in (
			("Substantiated", {}),
			("Unsubstantiated", {}),
			(None, {"category": "Integrity"}),  # managers only: never in a briefing (issue 13)
			("Partly Substantiated", {"received_on": last_year, "assessment_quarter": self.quarter}),
			("Substantiated", {"received_on": last_year}),  # another quarter
			("Substantiated", {"window": self.other_window}),  # another agency
		):
			window = values.pop("window", s.window)
			complaint = make_complaint(s.hall, window=window, category=values.pop("category", "Efficiency"))
			frappe.db.set_value("GH Complaint", complaint.name, {"verification_result": result, **values})

	def add_ratings(self):
		s = self.s
		for level, window, values in (
			("Very Satisfied", s.window, {}),
			("Very Satisfied", s.other_window, {}),
			("Satisfied", s.window, {}),
			("Dissatisfied", s.window, {}),
			("Very Dissatisfied", s.window, {"counts_in_scores": 0}),  # appeal upheld
			("Very Dissatisfied", s.window, {"rated_on": add_to_date(now_datetime(), days=-400)}),
			("Very Dissatisfied", self.other_window, {}),  # another agency
		):
			rating = make_rating(level, window=window)
			if values:
				frappe.db.set_value("GH Service Rating", rating.name, values)

	def make(self) -> dict:
		frappe.set_user(self.manager)
		result = make_briefings(self.run)
		frappe.set_user("Administrator")
		return result

	def briefing(self, department: str):
		return frappe.get_doc(BRIEFING, {"run": self.run, "department": department})

	def test_briefing_figures(self):
		result = self.make()
		self.assertEqual((len(result["created"]), result["existing"]), (2, 0))
		doc = self.briefing(self.s.department)
		self.assertEqual(
			(doc.hall, doc.quarter, doc.windows_assessed, doc.staff_assessed),
			(self.s.hall, self.quarter, 3, 3),
		)
		self.assertTrue(doc.name.startswith("BRF-"))
		self.assertTrue(doc.generated_on)
		self.assertEqual(
			[
				(r.rank, r.window, r.work_points, r.activity_points, r.final_score, r.is_red_flag)
				for r in doc.window_results
			],
			[(2, self.s.other_window, 26.0, 2.0, 28.0, 1), (3, self.s.window, 27.0, 0.0, 27.0, 0)],
		)
		self.assertEqual(doc.window_results[1].ineligible_reason, "本季度有属实投诉")
		self.assertTrue(doc.window_results[0].window_name.endswith("测试窗口"))
		self.assertEqual(
			[
				(
					r.rank,
					r.staff_name,
					r.ideology,
					r.skills,
					r.attendance,
					r.performance,
					r.integrity,
					r.final_score,
					r.is_service_star,
				)
				for r in doc.staff_results
			],
			[
				(2, "王一", 17.0, 20.0, 20.0, 20.0, 20.0, 97.0, 1),
				(3, "李二", 20.0, 20.0, 20.0, 15.0, 20.0, 95.0, 1),
			],
		)
		self.assertEqual((doc.yellow_cards, doc.red_cards), (2, 1))
		self.assertEqual(
			(
				doc.complaints,
				doc.substantiated,
				doc.partly_substantiated,
				doc.unsubstantiated,
				doc.pending_verification,
			),
			(3, 1, 1, 1, 0),
		)
		self.assertEqual(
			(
				doc.ratings,
				doc.very_satisfied,
				doc.satisfied,
				doc.basically_satisfied,
				doc.dissatisfied,
				doc.very_dissatisfied,
			),
			(4, 2, 1, 0, 1, 0),
		)
		self.assertEqual(doc.satisfaction_rate, 75.0)

		other = self.briefing(self.other_department)
		self.assertEqual([(r.rank, r.window) for r in other.window_results], [(1, self.other_window)])
		self.assertEqual([r.staff_name for r in other.staff_results], ["赵三"])
		self.assertEqual(
			(other.yellow_cards, other.red_cards, other.complaints, other.substantiated), (0, 1, 1, 1)
		)
		self.assertEqual((other.ratings, other.very_dissatisfied, other.satisfaction_rate), (1, 1, 0.0))

		# making them again changes nothing
		result = self.make()
		self.assertEqual((result["created"], result["existing"]), ([], 2))
		self.assertEqual(frappe.db.count(BRIEFING, {"run": self.run}), 2)

	def test_only_from_a_published_run_of_the_department_hall_once(self):
		self.make()
		with self.assertRaises(frappe.ValidationError):
			frappe.get_doc({"doctype": BRIEFING, "run": self.run, "department": self.s.department}).insert()
		foreign = make_department(make_hall().name).name
		with self.assertRaises(frappe.ValidationError):
			frappe.get_doc({"doctype": BRIEFING, "run": self.run, "department": foreign}).insert()
		frappe.db.set_value("GH Assessment Run", self.run, "status", "Approved")
		with self.assertRaises(frappe.ValidationError):
			make_briefings(self.run)
		with self.assertRaises(frappe.ValidationError):
			frappe.get_doc({"doctype": BRIEFING, "run": self.run, "department": foreign}).insert()
		with self.assertRaises(frappe.PermissionError):
			frappe.delete_doc(BRIEFING, self.briefing(self.s.department).name)

	def test_chief_representative_reads_only_own_department(self):
		self.make()
		chief = make_user([CHIEF_REPRESENTATIVE])
		make_staff(self.s.department, self.s.window, user=chief)
		own, other = self.briefing(self.s.department), self.briefing(self.other_department)
		self.assertTrue(frappe.has_permission(BRIEFING, "read", doc=own, user=chief))
		self.assertFalse(frappe.has_permission(BRIEFING, "read", doc=other, user=chief))
		frappe.set_user(chief)
		with self.assertRaises(frappe.PermissionError):
			make_briefings(self.run)

	def test_prints_in_chinese_as_pdf(self):
		self.make()
		doc = self.briefing(self.s.department)
		frappe.local.lang = "zh"
		html = frappe.get_print(BRIEFING, doc.name, "GH Department Briefing")
		for text in (
			_("Quarterly Assessment Briefing"),
			"红旗窗口",
			"服务标兵",
			"非常满意",
			"王一",
			"李二",
			"本季度有属实投诉",
			self.s.department,
			doc.name,
			"2 / 3",
			"75.0%",
		):
			self.assertIn(text, html)
		self.assertNotIn("赵三", html)
		self.assertNotIn(self.s.staff, html)
		# a test site's host name does not resolve: render without the desk's print CSS
		pdf = get_pdf(re.sub(r"<link[^>]*>", "", html))
		self.assertTrue(pdf.startswith(b"%PDF"))
		text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
		text = unicodedata.normalize("NFKC", text).replace(" ", "")
		for words in ("红旗窗口", "王一", "李二", "非常满意"):
			self.assertIn(words, text)

	def test_email_to_the_department(self):
		self.outgoing_account()
		self.make()
		doc = self.briefing(self.s.department)
		frappe.set_user(self.manager)
		message = email_briefing(doc.name)
		frappe.set_user("Administrator")
		self.assertIn(AGENCY_EMAIL, message)
		queue = frappe.get_all(
			"Email Queue",
			filters={"reference_doctype": BRIEFING, "reference_name": doc.name},
			fields=["name", "message"],
		)
		self.assertEqual(len(queue), 1)
		recipients = frappe.get_all(
			"Email Queue Recipient", filters={"parent": queue[0].name}, pluck="recipient"
		)
		self.assertEqual(recipients, [AGENCY_EMAIL])
		self.assertIn("application/pdf", queue[0].message)
		self.assertIn(f'filename="{doc.name}.pdf"', queue[0].message)
		doc.reload()
		self.assertEqual(doc.emailed_to, AGENCY_EMAIL)
		self.assertTrue(doc.emailed_on)

		# a department without an email: a clear error, nothing queued
		other = self.briefing(self.other_department)
		frappe.set_user(self.manager)
		with self.assertRaises(frappe.ValidationError):
			email_briefing(other.name)
		frappe.set_user("Administrator")
		self.assertFalse(frappe.db.exists("Email Queue", {"reference_name": other.name}))

	def outgoing_account(self):
		"""A default outgoing account (rolled back); emails stay muted and are only queued."""
		self.addCleanup(setattr, frappe.flags, "mute_emails", frappe.flags.mute_emails)
		frappe.flags.mute_emails = True
		make_outgoing_account()
		frappe.local.outgoing_email_account = {}
		self.addCleanup(setattr, frappe.local, "outgoing_email_account", {})
