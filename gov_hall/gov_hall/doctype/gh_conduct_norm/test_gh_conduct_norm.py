import frappe

from gov_hall.tests.factories import GovHallTestCase


class TestConductNorm(GovHallTestCase):
	def test_the_ten_norms_are_installed(self):
		norms = frappe.get_all(
			"GH Conduct Norm", fields=["name", "norm_title", "max_points", "is_active"], order_by="sequence"
		)
		self.assertEqual([row.name for row in norms][:10], [f"N{n:02d}" for n in range(1, 11)])
		self.assertEqual(norms[0].norm_title, "仪态端庄、佩证上岗")
		self.assertEqual(norms[9].norm_title, "廉洁奉公、甘于奉献")
		self.assertEqual(sum(row.max_points for row in norms[:10]), 100)

	def test_points_must_be_positive_and_at_most_100(self):
		for points in (0, -5, 101):
			with self.subTest(points=points), self.assertRaises(frappe.ValidationError):
				frappe.get_doc(
					{
						"doctype": "GH Conduct Norm",
						"norm_code": f"X{points}",
						"norm_title": "测试",
						"max_points": points,
					}
				).insert()

	def test_norms_are_retired_not_deleted(self):
		with self.assertRaises(frappe.PermissionError):
			frappe.delete_doc("GH Conduct Norm", "N01")
