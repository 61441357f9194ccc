import datetime

import frappe

from gov_hall.activities.programmes import make_default_programmes
from gov_hall.api.activities import create_activities
from gov_hall.api.activities import make_default_programmes as api_make_default_programmes
from gov_hall.setup.roles import HALL_MANAGER
from gov_hall.tests.factories import GovHallTestCase, make_case_setup, make_user

PROGRAMME = "GH Activity Programme"
ACTIVITY = "GH Culture Activity"
DT = datetime.datetime


def make_programme(hall: str, **values):
	return frappe.get_doc(
		{
			"doctype": PROGRAMME,
			"programme_name": values.pop("programme_name", "每日工间操"),
			"hall": hall,
			"activity_type": values.pop("activity_type", "Exercise"),
			"frequency": values.pop("frequency", "Daily"),
			"time_of_day": values.pop("time_of_day", "10:00:00"),
			"duration_minutes": values.pop("duration_minutes", 10),
			**values,
		}
	).insert()


class TestActivityProgramme(GovHallTestCase):
	def setUp(self):
		self.s = make_case_setup()
		self.elsewhere = make_case_setup()
		frappe.local.message_log = []

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.local.message_log = []
		super().tearDown()

	def starts(self, programme: str) -> list[DT]:
		return frappe.get_all(
			ACTIVITY, filters={"programme": programme}, pluck="starts_on", order_by="starts_on"
		)

	def test_daily_exercise_on_working_days_of_september_2026_once(self):
		programme = make_programme(self.s.hall)
		self.assertEqual(create_activities(programme.name, "2026-09-01", "2026-09-30"), 22)
		starts = self.starts(programme.name)
		self.assertEqual(len(starts), 22)
		self.assertEqual(starts[0], DT(2026, 9, 1, 10, 0))
		self.assertIn(DT(2026, 9, 20, 10, 0), starts)  # Sunday make-up working day
		self.assertNotIn(DT(2026, 9, 25, 10, 0), starts)  # Mid-Autumn Festival
		self.assertEqual(starts[-1], DT(2026, 9, 30, 10, 0))
		first = frappe.get_doc(ACTIVITY, {"programme": programme.name, "starts_on": starts[0]})
		self.assertEqual(
			(first.title, first.status, first.activity_type, first.hall, str(first.ends_on)),
			("每日工间操", "Planned", "Exercise", self.s.hall, "2026-09-01 10:10:00"),
		)
		self.assertEqual(
			frappe.db.get_value("Event", first.event, ["subject", "status"]), ("每日工间操", "Open")
		)
		# September is a quarter's last month, but generated activities do not warn one by one
		self.assertEqual(frappe.local.message_log, [])
		# run again, over a longer range: only the new days are added; a cancelled one stays cancelled
		first.status = "Cancelled"
		first.save()
		self.assertEqual(create_activities(programme.name, "2026-09-01", "2026-10-11"), 3)  # 8, 9, 10 Oct
		self.assertEqual(len(self.starts(programme.name)), 25)
		self.assertEqual(frappe.db.count(ACTIVITY, {"programme": programme.name, "status": "Cancelled"}), 1)
		self.assertEqual(str(frappe.db.get_value(PROGRAMME, programme.name, "scheduled_until")), "2026-10-11")

	def test_the_five_default_programmes_in_november_2026(self):
		names = make_default_programmes(self.s.hall)
		self.assertEqual(len(names), 5)
		self.assertEqual(make_default_programmes(self.s.hall), [])
		programmes = {
			p.frequency: p
			for p in frappe.get_all(
				PROGRAMME, filters={"hall": self.s.hall}, fields=["name", "frequency", "programme_name"]
			)
		}
		self.assertEqual(programmes["Monthly"].programme_name, "Monthly Training")
		created = {f: create_activities(p.name, "2026-11-01", "2026-11-30") for f, p in programmes.items()}
		# May's big event: none; the themed gathering on the second Wednesday, 11 November; training on the
		# last Friday, 27 November; forum topics on Mondays 2, 9, 16, 23, 30; exercise on 21 working days
		self.assertEqual(created, {"Yearly": 0, "Quarterly": 1, "Monthly": 1, "Weekly": 5, "Daily": 21})
		self.assertEqual(self.starts(programmes["Quarterly"].name), [DT(2026, 11, 11, 15, 0)])
		self.assertEqual(self.starts(programmes["Monthly"].name), [DT(2026, 11, 27, 14, 30)])
		training = frappe.get_doc(ACTIVITY, {"programme": programmes["Monthly"].name})
		self.assertEqual(str(training.ends_on), "2026-11-27 17:00:00")
		self.assertEqual(
			{f: create_activities(p.name, "2026-11-01", "2026-11-30") for f, p in programmes.items()},
			dict.fromkeys(created, 0),
		)
		# the programme for the other hall is its own
		self.assertEqual(len(make_default_programmes(self.elsewhere.hall)), 5)

	def test_a_hall_closure_moves_the_gathering_and_skips_the_exercise(self):
		frappe.get_doc(
			{
				"doctype": "GH Hall Calendar Day",
				"hall": self.s.hall,
				"date": "2026-11-11",
				"day_type": "Closed",
				"reason": "场地改造",
			}
		).insert()
		gathering = make_programme(
			self.s.hall,
			programme_name="季度主题活动",
			activity_type="Themed Gathering",
			frequency="Quarterly",
			month_of_quarter=2,
			week_of_month="Second",
			weekday="Wednesday",
			time_of_day="15:00:00",
			duration_minutes=120,
		)
		exercise = make_programme(self.s.hall)
		self.assertEqual(create_activities(gathering.name, "2026-11-01", "2026-11-30"), 1)
		self.assertEqual(self.starts(gathering.name), [DT(2026, 11, 12, 15, 0)])
		self.assertEqual(create_activities(exercise.name, "2026-11-09", "2026-11-13"), 4)
		# the other hall is open that day
		other = make_programme(self.elsewhere.hall)
		self.assertEqual(create_activities(other.name, "2026-11-09", "2026-11-13"), 5)

	def test_rules_are_checked(self):
		bad = {
			"month of quarter": {"frequency": "Quarterly", "month_of_quarter": 4},
			"month of year": {"frequency": "Yearly", "month_of_year": 13},
			"duration": {"duration_minutes": -5},
			"organiser of another hall": {
				"organiser_type": "Window",
				"organiser_window": self.elsewhere.window,
			},
			"markup": {"programme_name": "<img src=x onerror=alert(1)>"},
		}
		for case, values in bad.items():
			with self.subTest(case), self.assertRaises(frappe.ValidationError):
				make_programme(self.s.hall, **values)
		frappe.local.message_log = []
		make_programme(self.s.hall, frequency="Quarterly", month_of_quarter=2)
		self.assertEqual(frappe.local.message_log, [])
		make_programme(self.s.hall, frequency="Quarterly", month_of_quarter=3)
		self.assertEqual(len(frappe.local.message_log), 1)
		self.assertIn("months 2, 5, 8 or 11", frappe.local.message_log[0].message)
		window_run = make_programme(self.s.hall, organiser_type="Window", organiser_window=self.s.window)
		self.assertEqual(window_run.organiser_department, self.s.department)

	def test_ranges_and_inactive_programmes_are_refused(self):
		programme = make_programme(self.s.hall)
		with self.assertRaises(frappe.ValidationError):
			create_activities(programme.name, "2026-09-30", "2026-09-01")
		with self.assertRaises(frappe.ValidationError):
			create_activities(programme.name, "2026-01-01", "2027-01-02")  # 367 days
		programme.active = 0
		programme.save()
		with self.assertRaises(frappe.ValidationError):
			create_activities(programme.name, "2026-09-01", "2026-09-30")
		self.assertEqual(self.starts(programme.name), [])

	def test_only_managers_create(self):
		programme = make_programme(self.s.hall)
		manager = make_user([HALL_MANAGER])
		frappe.set_user(self.s.staff)
		with self.assertRaises(frappe.PermissionError):
			create_activities(programme.name, "2026-09-01", "2026-09-30")
		with self.assertRaises(frappe.PermissionError):
			api_make_default_programmes(self.s.hall)
		frappe.set_user(manager)
		self.assertEqual(create_activities(programme.name, "2026-09-01", "2026-09-04"), 4)
		self.assertEqual(len(api_make_default_programmes(self.s.hall)), 4)  # the daily one exists
		with self.assertRaises(frappe.PermissionError):
			frappe.delete_doc(PROGRAMME, programme.name)
