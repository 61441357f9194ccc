import frappe

from gov_hall.activities.activity import peak_month_message
from gov_hall.assessment.facts import Quarter, add_activity_awards
from gov_hall.rules.assessment import StaffFacts, WindowFacts
from gov_hall.setup.roles import CHIEF_REPRESENTATIVE, HALL_MANAGER
from gov_hall.tests.factories import (
	GovHallTestCase,
	make_case_setup,
	make_department,
	make_staff,
	make_user,
	make_window,
)

ACTIVITY = "GH Culture Activity"


def make_activity(hall: str, **values):
	return frappe.get_doc(
		{
			"doctype": ACTIVITY,
			"title": values.pop("title", "窗口服务技能比武"),
			"activity_type": values.pop("activity_type", "Speech Contest"),
			"hall": hall,
			"starts_on": values.pop("starts_on", "2026-05-20 14:30:00"),
			"ends_on": values.pop("ends_on", "2026-05-20 17:00:00"),
			**values,
		}
	).insert()


def messages() -> list[str]:
	return [str(m.get("message")) for m in frappe.local.message_log]


class TestCultureActivity(GovHallTestCase):
	def setUp(self):
		self.s = make_case_setup()
		self.other_department = make_department(self.s.hall).name
		self.third_window = make_window(self.s.hall, self.other_department).name
		self.third_staff = make_staff(self.other_department, self.third_window).user
		self.elsewhere = make_case_setup()
		frappe.local.message_log = []

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.local.message_log = []
		super().tearDown()

	def held(self, **values):
		"""A held contest with both windows of the first department and two of its staff."""
		return make_activity(
			self.s.hall,
			status="Held",
			starts_on="2026-02-11 14:30:00",
			ends_on="2026-02-11 17:00:00",
			windows=[{"window": self.s.window}, {"window": self.s.other_window}],
			participants=[{"staff": self.s.staff}, {"staff": self.s.other_staff}],
			**values,
		)

	def test_participants_windows_and_awards_are_filled_and_counted(self):
		activity = self.held(
			awards=[
				{"award_name": "一等奖", "recipient_type": "Staff", "staff": self.s.staff, "points": 1},
				{
					"award_name": "优秀组织奖",
					"recipient_type": "Window",
					"window": self.s.window,
					"points": 2,
				},
			]
		)
		first, second = activity.participants
		self.assertEqual((first.department, first.window), (self.s.department, self.s.window))
		self.assertEqual(first.staff_name, frappe.db.get_value("User", self.s.staff, "full_name"))
		self.assertEqual(second.window, self.s.other_window)
		self.assertEqual([row.department for row in activity.windows], [self.s.department] * 2)
		staff_award, window_award = activity.awards
		self.assertEqual(
			(staff_award.department, staff_award.window, staff_award.staff_name),
			(self.s.department, self.s.window, first.staff_name),
		)
		self.assertEqual((window_award.department, window_award.staff), (self.s.department, None))
		self.assertEqual((activity.participant_count, activity.award_points), (2, 3.0))

	def test_the_assessment_counts_the_awards_of_held_activities(self):
		awards = [
			{"award_name": "一等奖", "recipient_type": "Staff", "staff": self.s.staff, "points": 1},
			{"award_name": "优秀组织奖", "recipient_type": "Window", "window": self.s.window, "points": 2},
		]
		self.held(awards=awards)
		self.held(awards=awards[1:])
		planned = self.held(awards=awards)
		planned.status = "Planned"
		planned.save()
		windows = {self.s.window: WindowFacts(self.s.window)}
		staff = {self.s.staff: StaffFacts(self.s.staff)}
		add_activity_awards(Quarter(self.s.hall, "2026-Q1"), windows, staff)
		self.assertEqual(windows[self.s.window].activity_points_raw, 4.0)
		self.assertEqual(staff[self.s.staff].activity_points_raw, 1.0)

	def test_award_rules(self):
		cases = {
			"staff who did not take part": {
				"award_name": "一等奖",
				"recipient_type": "Staff",
				"staff": self.third_staff,
			},
			"window that did not take part": {
				"award_name": "优秀组织奖",
				"recipient_type": "Window",
				"window": self.third_window,
			},
			"more than 10 points": {
				"award_name": "一等奖",
				"recipient_type": "Staff",
				"staff": self.s.staff,
				"points": 10.5,
			},
			"negative points": {
				"award_name": "一等奖",
				"recipient_type": "Staff",
				"staff": self.s.staff,
				"points": -1,
			},
			"no award name": {"award_name": " ", "recipient_type": "Staff", "staff": self.s.staff},
			"markup in the name": {
				"award_name": "<b>一等奖</b>",
				"recipient_type": "Staff",
				"staff": self.s.staff,
			},
		}
		for case, award in cases.items():
			with self.subTest(case), self.assertRaises(frappe.ValidationError):
				self.held(awards=[award])
		# the organising window may be awarded although it is not among the participating windows
		activity = self.held(
			organiser_type="Window",
			organiser_window=self.third_window,
			awards=[
				{
					"award_name": "优秀组织奖",
					"recipient_type": "Window",
					"window": self.third_window,
					"points": 10,
				}
			],
		)
		self.assertEqual(activity.organiser_department, self.other_department)
		self.assertEqual(activity.awards[0].department, self.other_department)

	def test_dates_and_held_status(self):
		with self.assertRaises(frappe.ValidationError):
			make_activity(self.s.hall, starts_on="2026-05-20 14:30:00", ends_on="2026-05-20 14:00:00")
		with self.assertRaises(frappe.ValidationError):
			make_activity(self.s.hall, starts_on="2026-05-20 14:30:00", ends_on="2026-05-20 14:30:00")
		with self.assertRaises(frappe.ValidationError):
			make_activity(
				self.s.hall, status="Held", starts_on="2099-05-20 14:30:00", ends_on="2099-05-20 15:30:00"
			)

	def test_organiser_and_participants_belong_to_the_hall(self):
		with self.assertRaises(frappe.ValidationError):
			make_activity(
				self.s.hall, organiser_type="Department", organiser_department=self.elsewhere.department
			)
		with self.assertRaises(frappe.ValidationError):
			make_activity(self.s.hall, organiser_type="Window", organiser_window=self.elsewhere.window)
		with self.assertRaises(frappe.ValidationError):
			make_activity(self.s.hall, windows=[{"window": self.elsewhere.window}])
		with self.assertRaises(frappe.ValidationError):
			make_activity(self.s.hall, participants=[{"staff": self.elsewhere.staff}])
		with self.assertRaises(frappe.ValidationError):
			make_activity(self.s.hall, participants=[{"staff": self.s.staff}, {"staff": self.s.staff}])
		with self.assertRaises(frappe.ValidationError):
			make_activity(self.s.hall, title="<script>alert(1)</script>")
		activity = make_activity(
			self.s.hall,
			organiser_type="Hall",
			organiser_department=self.s.department,
			organiser_window=self.s.window,
		)
		self.assertEqual((activity.organiser_department, activity.organiser_window), (None, None))
		# a manager who is not window staff may take part, without a department
		manager = make_user([HALL_MANAGER])
		activity = make_activity(self.s.hall, participants=[{"staff": manager}])
		self.assertEqual((activity.participants[0].department, activity.participants[0].window), (None, None))

	def test_quarter_end_warning(self):
		make_activity(self.s.hall, starts_on="2026-03-20 14:30:00", ends_on="2026-03-20 16:00:00")
		self.assertIn(peak_month_message(), messages())
		self.assertIn("months 2, 5, 8 or 11", peak_month_message())
		frappe.local.message_log = []
		activity = make_activity(self.s.hall, starts_on="2026-05-20 14:30:00", ends_on="2026-05-20 16:00:00")
		self.assertEqual(messages(), [])
		activity.description = "改期"
		activity.save()
		self.assertEqual(messages(), [])
		activity.starts_on, activity.ends_on = "2026-12-04 14:30:00", "2026-12-04 16:00:00"
		activity.save()
		self.assertEqual(messages(), [peak_month_message()])
		frappe.local.message_log = []
		activity.status = "Cancelled"
		activity.starts_on, activity.ends_on = "2026-09-04 14:30:00", "2026-09-04 16:00:00"
		activity.save()
		self.assertEqual(messages(), [])

	def test_event_follows_the_activity_and_cancelling_cancels_it(self):
		activity = make_activity(self.s.hall, description="全体窗口人员参加")
		self.assertTrue(activity.event)
		event = frappe.get_doc("Event", activity.event)
		self.assertEqual(
			(event.subject, event.event_type, event.status, str(event.starts_on), str(event.ends_on)),
			(activity.title, "Public", "Open", "2026-05-20 14:30:00", "2026-05-20 17:00:00"),
		)
		self.assertEqual(
			[(p.reference_doctype, p.reference_docname) for p in event.event_participants],
			[(ACTIVITY, activity.name)],
		)
		activity.title = "窗口服务技能比武决赛"
		activity.starts_on, activity.ends_on = "2026-05-21 09:00:00", "2026-05-21 11:00:00"
		activity.save()
		event.reload()
		self.assertEqual(
			(event.subject, str(event.starts_on)), ("窗口服务技能比武决赛", "2026-05-21 09:00:00")
		)
		self.assertEqual(frappe.db.count("Event", {"subject": ["like", "窗口服务技能比武%"]}), 1)
		activity.status = "Held"
		activity.save()
		self.assertEqual(frappe.db.get_value("Event", activity.event, "status"), "Completed")
		activity.status = "Cancelled"
		activity.save()
		self.assertEqual(frappe.db.get_value("Event", activity.event, "status"), "Cancelled")
		self.assertTrue(frappe.db.exists(ACTIVITY, activity.name))
		# a daily exercise does not fill everybody's event digest
		exercise = make_activity(self.s.hall, activity_type="Exercise", title="工间操")
		self.assertEqual(frappe.db.get_value("Event", exercise.event, "send_reminder"), 0)

	def test_the_event_cannot_be_deleted_while_the_activity_links_it(self):
		activity = make_activity(self.s.hall)
		with self.assertRaises(frappe.LinkExistsError):
			frappe.delete_doc("Event", activity.event)
		self.assertTrue(frappe.db.exists("Event", activity.event))

	def test_activities_are_cancelled_not_deleted(self):
		activity = make_activity(self.s.hall)
		with self.assertRaises(frappe.PermissionError):
			frappe.delete_doc(ACTIVITY, activity.name)

	def test_permissions(self):
		activity = self.held(organiser_type="Department", organiser_department=self.s.department)
		manager = make_user([HALL_MANAGER])
		chief = make_user([CHIEF_REPRESENTATIVE])
		make_staff(self.other_department, self.third_window, user=chief)
		self.assertTrue(frappe.has_permission(ACTIVITY, "create", user=manager))
		self.assertFalse(frappe.has_permission(ACTIVITY, "delete", user=manager))
		for user in (self.s.staff, self.third_staff, chief):
			with self.subTest(user=user):
				# organised by and with one department; staff of another still read it
				self.assertTrue(frappe.has_permission(ACTIVITY, "read", doc=activity.name, user=user))
				self.assertFalse(frappe.has_permission(ACTIVITY, "write", doc=activity.name, user=user))
				self.assertFalse(frappe.has_permission(ACTIVITY, "create", user=user))
		frappe.set_user(self.third_staff)
		self.assertIn(activity.name, frappe.get_list(ACTIVITY, pluck="name"))
		self.assertTrue(frappe.has_permission("Event", "read", doc=activity.event))
