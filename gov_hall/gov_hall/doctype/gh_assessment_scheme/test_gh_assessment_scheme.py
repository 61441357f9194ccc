import frappe

from gov_hall.assessment.scheme import scheme_for
from gov_hall.tests.factories import GovHallTestCase


class TestAssessmentScheme(GovHallTestCase):
	def test_default_scheme_is_installed_with_seed_000_tiers(self):
		scheme = frappe.get_doc("GH Assessment Scheme", "Default Scheme")
		self.assertEqual(
			[(row.up_to_percent, row.points) for row in scheme.tiers],
			[(20, 3), (40, 2.5), (60, 2), (80, 1.5), (100, 1)],
		)
		self.assertEqual(
			(scheme.activity_points_cap, scheme.red_flag_count, scheme.service_star_count), (3, 6, 27)
		)

	def test_newest_version_in_force_for_a_quarter(self):
		frappe.get_doc(
			{
				"doctype": "GH Assessment Scheme",
				"scheme_name": "2026版",
				"valid_from_quarter": "2026-Q3",
				"activity_points_cap": 2,
			}
		).insert()
		self.assertEqual(scheme_for("2026-Q2"), "Default Scheme")
		self.assertEqual(scheme_for("2026-Q3"), "2026版")
		self.assertEqual(scheme_for("2027-Q1"), "2026版")

	def test_wrong_settings_are_refused(self):
		for values in (
			{"valid_from_quarter": "2026Q3"},
			{"tiers": [{"up_to_percent": 50, "points": 2}, {"up_to_percent": 90, "points": 1}]},
			{"volume_share": 90},
			{"activity_points_cap": -1},
		):
			doc = {
				"doctype": "GH Assessment Scheme",
				"scheme_name": frappe.generate_hash(length=6),
				"valid_from_quarter": "2026-Q1",
			}
			doc.update(values)
			with self.subTest(values=values), self.assertRaises(frappe.ValidationError):
				frappe.get_doc(doc).insert()
