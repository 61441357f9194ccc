import frappe

from gov_hall.tests.factories import GovHallTestCase, make_department, make_hall, make_matter


class TestGHServiceMatter(GovHallTestCase):
	def setUp(self):
		self.department = make_department(make_hall().name).name

	def test_case_kind_follows_promised_limit(self):
		self.assertEqual(make_matter(self.department, promised_time_limit=0).case_kind, "Instant")
		self.assertEqual(make_matter(self.department, promised_time_limit=3).case_kind, "Promised")

	def test_promised_limit_cannot_exceed_legal(self):
		with self.assertRaises(frappe.ValidationError):
			make_matter(self.department, legal_time_limit=5, promised_time_limit=10)

	def test_complexity_range(self):
		with self.assertRaises(frappe.ValidationError):
			make_matter(self.department, complexity=6)
		with self.assertRaises(frappe.ValidationError):
			make_matter(self.department, complexity=0)

	def test_negative_fee_rejected(self):
		with self.assertRaises(frappe.ValidationError):
			make_matter(self.department, fee=-1)

	def test_materials_checked(self):
		with self.assertRaises(frappe.ValidationError):
			make_matter(
				self.department,
				materials=[
					{"material_name": "身份证", "originals": 1},
					{"material_name": "身份证", "originals": 1},
				],
			)
		with self.assertRaises(frappe.ValidationError):
			make_matter(self.department, materials=[{"material_name": "申请书", "originals": 0, "copies": 0}])

	def test_code_upper_cased_and_unique(self):
		matter = make_matter(self.department, matter_code="qs-test-001")
		self.assertEqual(matter.name, "QS-TEST-001")
		with self.assertRaises(frappe.DuplicateEntryError):
			make_matter(self.department, matter_code="QS-TEST-001")
