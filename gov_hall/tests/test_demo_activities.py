import frappe
from frappe.utils import add_days, get_datetime, now_datetime, nowdate

from gov_hall.demo.activities import make_demo_activities
from gov_hall.tests.factories import GovHallTestCase, make_case_setup


class TestDemoActivities(GovHallTestCase):
	def test_programmes_activities_and_awards_follow_the_rules(self):
		s = make_case_setup()
		counts = make_demo_activities(
			halls=[s.hall], start=add_days(nowdate(), -60), end=add_days(nowdate(), 10)
		)
		self.assertEqual(frappe.db.count("GH Activity Programme", {"hall": s.hall}), 5)
		activities = frappe.get_all(
			"GH Culture Activity", filters={"hall": s.hall}, fields=["name", "status", "ends_on", "starts_on"]
		)
		self.assertEqual(counts["activities"], len(activities))
		held = [a for a in activities if a.status == "Held"]
		self.assertEqual(counts["activities_held"], len(held))
		self.assertTrue(held)
		self.assertTrue(all(get_datetime(a.ends_on) <= now_datetime() for a in held))
		self.assertTrue(
			any(a.status == "Planned" and get_datetime(a.starts_on) > now_datetime() for a in activities)
		)
		staff = {s.staff, s.other_staff}
		for activity in held:
			doc = frappe.get_doc("GH Culture Activity", activity.name)
			people = {row.staff for row in doc.participants}
			self.assertTrue(people <= staff)
			for award in doc.awards:
				if award.recipient_type == "Staff":
					self.assertIn(award.staff, people)
		again = make_demo_activities(
			halls=[s.hall], start=add_days(nowdate(), -60), end=add_days(nowdate(), 10)
		)
		self.assertEqual(again, {"activities": 0, "activities_held": 0})
