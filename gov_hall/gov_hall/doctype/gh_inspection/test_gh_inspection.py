import frappe
from frappe.utils import add_days, getdate, nowdate

from gov_hall.rules.periods import quarter_of
from gov_hall.setup.roles import HALL_MANAGER
from gov_hall.tests.factories import GovHallTestCase, make_case_setup, make_supervisor, make_user


def make_inspection(hall: str, window: str, **values):
	return frappe.get_doc(
		{
			"doctype": "GH Inspection",
			"inspection_type": values.pop("inspection_type", "Unannounced Visit"),
			"inspection_date": values.pop("inspection_date", nowdate()),
			"hall": hall,
			"window": window,
			**values,
		}
	).insert()


class TestInspection(GovHallTestCase):
	def setUp(self):
		self.s = make_case_setup()
		self.manager = make_user([HALL_MANAGER])

	def tearDown(self):
		frappe.set_user("Administrator")
		super().tearDown()

	def test_checklist_is_filled_from_the_norms_and_scored(self):
		frappe.set_user(self.manager)
		inspection = make_inspection(self.s.hall, self.s.window)
		self.assertEqual(len(inspection.items), 10)
		self.assertEqual(
			(inspection.total_points, inspection.max_total_points, inspection.score_rate), (100, 100, 100)
		)
		inspection.items[0].points = 6
		inspection.items[0].finding = "未佩戴工作证。"
		inspection.items[7].points = 7.5
		inspection.required_corrections = "即日起佩证上岗。"
		inspection.save()
		self.assertEqual((inspection.total_points, inspection.score_rate), (93.5, 93.5))
		self.assertEqual(inspection.correction_status, "Pending")
		self.assertEqual(inspection.inspector, self.manager)
		self.assertEqual(inspection.inspector_type, "Manager")
		self.assertEqual(inspection.department, self.s.department)
		self.assertEqual(inspection.assessment_quarter, quarter_of(getdate(nowdate())))
		inspection.submit()
		inspection.correction_status = "Corrected"
		inspection.save()
		self.assertEqual(
			frappe.db.get_value("GH Inspection", inspection.name, "correction_status"), "Corrected"
		)

	def test_points_outside_the_norm_are_refused(self):
		inspection = make_inspection(self.s.hall, self.s.window)
		for points in (-1, 10.5):
			inspection.items[2].points = points
			with self.subTest(points=points), self.assertRaises(frappe.ValidationError):
				inspection.save()
		self.assertEqual(frappe.db.get_value("GH Inspection", inspection.name, "total_points"), 100)

	def test_staff_inspection_names_the_person(self):
		inspection = make_inspection(self.s.hall, self.s.window, subject_type="Staff", staff=self.s.staff)
		self.assertEqual(inspection.staff, self.s.staff)
		with self.assertRaises(frappe.ValidationError):
			make_inspection(self.s.hall, self.s.window, subject_type="Staff")

	def test_future_dates_are_refused(self):
		with self.assertRaises(frappe.ValidationError):
			make_inspection(self.s.hall, self.s.window, inspection_date=add_days(nowdate(), 2))

	def test_a_supervisor_records_and_sees_only_their_own_inspections(self):
		user, other_user = make_user([]), make_user([])
		mine = make_supervisor(self.s.hall, user=user)
		theirs = make_supervisor(self.s.hall, user=other_user, full_name="吴监督")
		frappe.set_user(other_user)
		their_inspection = make_inspection(self.s.hall, self.s.window)
		self.assertEqual(their_inspection.supervisor, theirs.name)
		frappe.set_user(self.manager)
		managers_inspection = make_inspection(self.s.hall, self.s.window)
		frappe.set_user(user)
		own = make_inspection(self.s.hall, self.s.window, inspector_type="Manager", supervisor=theirs.name)
		self.assertEqual((own.inspector_type, own.supervisor), ("Supervisor", mine.name))
		own.submit()
		self.assertEqual(frappe.get_list("GH Inspection", pluck="name"), [own.name])
		self.assertFalse(frappe.has_permission("GH Inspection", "read", their_inspection.name))
		self.assertFalse(frappe.has_permission("GH Inspection", "read", managers_inspection.name))
		with self.assertRaises(frappe.PermissionError):
			frappe.get_doc("GH Inspection", their_inspection.name).check_permission("write")

	def test_inspections_are_cancelled_not_deleted(self):
		inspection = make_inspection(self.s.hall, self.s.window)
		inspection.submit()
		inspection.cancel()
		with self.assertRaises(frappe.PermissionError):
			frappe.delete_doc("GH Inspection", inspection.name)
