import frappe
from frappe.utils import getdate

from gov_hall.tests.factories import GovHallTestCase, make_case, make_case_setup, make_rating, make_staff
from gov_hall.utils.calendar import get_hall_calendar


class TestServiceRating(GovHallTestCase):
	def setUp(self):
		self.s = make_case_setup()
		frappe.set_user(self.s.staff)
		self.case = make_case(self.s.hall, self.s.matter, window=self.s.window)
		frappe.set_user("Administrator")

	def tearDown(self):
		frappe.set_user("Administrator")
		super().tearDown()

	def test_subject_comes_from_the_case(self):
		rating = make_rating(
			"Satisfied", self.case.name, window=self.s.other_window, staff=self.s.other_staff
		)
		self.assertEqual(rating.window, self.s.window)
		self.assertEqual(rating.staff, self.s.staff)
		self.assertEqual(rating.department, self.s.department)
		self.assertEqual(rating.hall, self.s.hall)
		self.assertEqual(rating.matter, self.s.matter)
		self.assertEqual((rating.score, rating.is_bad_review, rating.status), (4, 0, "Valid"))
		self.assertIsNone(rating.rectification)

	def test_the_handler_answers_for_the_case_once_there_is_one(self):
		frappe.db.set_value("GH Case", self.case.name, "handler", self.s.other_staff)
		rating = make_rating("Very Satisfied", self.case.name)
		self.assertEqual(rating.staff, self.s.other_staff)
		self.assertEqual(rating.score, 5)

	def test_one_rating_per_case_and_channel(self):
		make_rating("Satisfied", self.case.name, channel="Window Evaluator")
		with self.assertRaises(frappe.DuplicateEntryError):
			make_rating("Dissatisfied", self.case.name, channel="Window Evaluator")
		self.assertEqual(frappe.db.count("GH Rectification", {"case": self.case.name}), 0)
		web = make_rating("Basically Satisfied", self.case.name, channel="Web")
		self.assertEqual(web.score, 3)
		self.assertEqual(frappe.db.count("GH Service Rating", {"case": self.case.name}), 2)

	def test_the_database_also_refuses_a_second_rating_per_channel(self):
		make_rating("Satisfied", self.case.name, channel="Web")
		duplicate = frappe.get_doc(
			{"doctype": "GH Service Rating", "rating_for": "Case", "case": self.case.name, "channel": "Web"}
		)
		duplicate.update({"level": "Satisfied", "hall": self.s.hall, "name": "RT-TEST-DUP"})
		# db_insert skips the controller: the unique index alone refuses it
		with self.assertRaises(frappe.UniqueValidationError):
			duplicate.db_insert()

	def test_bad_review_opens_a_rectification_due_in_working_days(self):
		rating = make_rating(
			"Very Dissatisfied",
			self.case.name,
			is_real_name=1,
			rater_name="王五",
			rater_mobile="13900001234",
			comment="等了一个小时没人理。",
		)
		self.assertEqual((rating.score, rating.is_bad_review), (1, 1))
		self.assertEqual(rating.rater_mobile_masked, "139****1234")
		rect = frappe.get_doc("GH Rectification", rating.rectification)
		self.assertEqual(rect.rating, rating.name)
		self.assertEqual(rect.status, "Open")
		self.assertEqual(rect.follow_up_required, 1)
		self.assertEqual(rect.contact_mobile, "13900001234")
		self.assertEqual(rect.window, self.s.window)
		self.assertEqual(rect.staff, self.s.staff)
		expected = get_hall_calendar(self.s.hall).add_working_days(getdate(rating.rated_on), 15)
		self.assertEqual(getdate(rect.due_date), expected)

	def test_anonymous_bad_review_needs_no_follow_up(self):
		rating = make_rating(
			"Dissatisfied", self.case.name, rater_name="不应保存", rater_mobile="13900001234"
		)
		self.assertIsNone(rating.rater_name)
		self.assertIsNone(rating.rater_mobile)
		self.assertEqual(
			frappe.db.get_value("GH Rectification", rating.rectification, "follow_up_required"), 0
		)

	def test_real_name_without_a_name_is_refused(self):
		with self.assertRaises(frappe.ValidationError):
			make_rating("Satisfied", self.case.name, is_real_name=1)
		self.assertEqual(frappe.db.count("GH Service Rating", {"case": self.case.name}), 0)

	def test_wrong_level_channel_or_markup_is_refused_and_nothing_saved(self):
		bad_inputs = [
			{"level": "Excellent"},
			{"channel": "Carrier Pigeon"},
			{"comment": "<script>alert(1)</script>"},
			{"comment": "很好" * 251},
			{"comment": "<img src=x onerror=alert(1)>"},
		]
		for values in bad_inputs:
			with self.subTest(values=values), self.assertRaises(frappe.ValidationError):
				make_rating(values.pop("level", "Satisfied"), self.case.name, **values)
		self.assertEqual(frappe.db.count("GH Service Rating", {"case": self.case.name}), 0)

	def test_a_rating_cannot_be_changed_or_deleted(self):
		rating = make_rating("Dissatisfied", self.case.name)
		rating.level = "Very Satisfied"
		with self.assertRaises(frappe.ValidationError):
			rating.save()
		with self.assertRaises(frappe.PermissionError):
			frappe.delete_doc("GH Service Rating", rating.name)
		self.assertEqual(frappe.db.get_value("GH Service Rating", rating.name, "level"), "Dissatisfied")

	def test_window_visit_rating_without_a_case(self):
		rating = make_rating(
			"Satisfied", window=self.s.window, staff=self.s.staff, channel="Window Evaluator"
		)
		self.assertEqual(rating.rating_for, "Window Visit")
		self.assertEqual((rating.hall, rating.department), (self.s.hall, self.s.department))
		with self.assertRaises(frappe.ValidationError):
			make_rating("Satisfied", channel="Window Evaluator")

	def test_staff_see_only_their_departments_ratings(self):
		other = make_case_setup()
		make_rating("Satisfied", self.case.name)
		frappe.set_user(other.staff)
		other_case = make_case(other.hall, other.matter, window=other.window)
		frappe.set_user("Administrator")
		make_rating("Satisfied", other_case.name)
		frappe.set_user(self.s.staff)
		visible = frappe.get_list("GH Service Rating", pluck="case")
		self.assertIn(self.case.name, visible)
		self.assertNotIn(other_case.name, visible)

	def test_window_evaluator_rating_by_the_staff_member_on_duty(self):
		department_staff = make_staff(self.s.department, self.s.window)
		frappe.set_user(department_staff.user)
		rating = make_rating("Very Satisfied", self.case.name, channel="Window Evaluator")
		self.assertEqual(rating.owner, department_staff.user)

	def test_staff_cannot_rate_their_own_service(self):
		frappe.set_user(self.s.staff)
		with self.assertRaises(frappe.PermissionError):
			make_rating("Very Satisfied", self.case.name, channel="Phone Follow-up")
		frappe.set_user("Administrator")
		self.assertEqual(frappe.db.count("GH Service Rating", {"case": self.case.name}), 0)

	def test_web_and_sms_ratings_only_inside_the_citizen_endpoint(self):
		from gov_hall.voice.ratings import citizen_rating

		def citizen_rating_doc(channel):
			return frappe.get_doc(
				{
					"doctype": "GH Service Rating",
					"rating_for": "Case",
					"case": self.case.name,
					"level": "Very Satisfied",
					"channel": channel,
				}
			)

		for channel in ("Web", "SMS Link"):
			# server code running as the guest, outside the rating endpoint, cannot create one
			frappe.set_user("Guest")
			with self.subTest(channel=channel), self.assertRaises(frappe.PermissionError):
				citizen_rating_doc(channel).insert(ignore_permissions=True)
			# nor can the endpoint's permission for another case or channel be borrowed
			other = "SMS Link" if channel == "Web" else "Web"
			with self.subTest(channel=channel), self.assertRaises(frappe.PermissionError):
				with citizen_rating(self.case.name, other):
					citizen_rating_doc(channel).insert(ignore_permissions=True)
			# nor by staff, even inside it
			frappe.set_user(self.s.other_staff)
			with self.subTest(channel=channel), self.assertRaises(frappe.PermissionError):
				with citizen_rating(self.case.name, channel):
					citizen_rating_doc(channel).insert(ignore_permissions=True)
			frappe.set_user("Administrator")
		self.assertEqual(frappe.db.count("GH Service Rating", {"case": self.case.name}), 0)
		frappe.set_user("Guest")
		with citizen_rating(self.case.name, "Web"):
			rating = citizen_rating_doc("Web").insert(ignore_permissions=True)
		frappe.set_user("Administrator")
		self.assertEqual((rating.owner, rating.recorded_by), ("Guest", None))

	def test_staff_ratings_record_who_recorded_them(self):
		frappe.set_user(self.s.other_staff)
		rating = make_rating("Satisfied", self.case.name, channel="Phone Follow-up")
		self.assertEqual(rating.recorded_by, self.s.other_staff)
		frappe.set_user("Administrator")

	def test_no_window_device_rating_without_a_device(self):
		frappe.db.set_value("GH Service Window", self.s.window, "has_evaluator", 0)
		with self.assertRaises(frappe.ValidationError):
			make_rating("Satisfied", self.case.name, channel="Window Evaluator")
		self.assertEqual(frappe.db.count("GH Service Rating", {"case": self.case.name}), 0)
