import frappe

from gov_hall.api.ratings import decide_appeal
from gov_hall.setup.roles import HALL_MANAGER
from gov_hall.tests.factories import GovHallTestCase, make_case, make_case_setup, make_rating, make_user


class TestRatingAppeal(GovHallTestCase):
	def setUp(self):
		self.s = make_case_setup()
		self.manager = make_user([HALL_MANAGER])
		frappe.set_user(self.s.staff)
		self.case = make_case(self.s.hall, self.s.matter, window=self.s.window)
		frappe.set_user("Administrator")
		self.rating = make_rating("Very Dissatisfied", self.case.name, comment="乱评")

	def tearDown(self):
		frappe.set_user("Administrator")
		super().tearDown()

	def appeal(self, **values):
		return frappe.get_doc(
			{
				"doctype": "GH Rating Appeal",
				"rating": self.rating.name,
				"reason": "Malicious Review",
				"explanation": "该群众未在本窗口办理业务，监控可证。",
				**values,
			}
		).insert()

	def test_upheld_appeal_takes_the_review_out_of_scores_but_keeps_it(self):
		frappe.set_user(self.s.staff)
		appeal = self.appeal()
		self.assertEqual(appeal.status, "Pending")
		self.assertEqual(appeal.window, self.s.window)
		self.assertEqual(frappe.db.get_value("GH Service Rating", self.rating.name, "status"), "Under Appeal")
		frappe.set_user(self.manager)
		self.assertEqual(decide_appeal(appeal.name, "Upheld", "监控核实属实。"), "Upheld")
		rating = frappe.get_doc("GH Service Rating", self.rating.name)
		self.assertEqual((rating.status, rating.counts_in_scores), ("Excluded", 0))
		self.assertEqual(rating.level, "Very Dissatisfied")
		self.assertEqual(
			frappe.db.get_value("GH Rectification", rating.rectification, "status"), "Appeal Upheld"
		)
		appeal.reload()
		self.assertEqual((appeal.decided_by, appeal.decision_notes), (self.manager, "监控核实属实。"))

	def test_dismissed_appeal_keeps_the_review_in_scores(self):
		appeal = self.appeal()
		frappe.set_user(self.manager)
		decide_appeal(appeal.name, "Dismissed", "证据不足。")
		rating = frappe.get_doc("GH Service Rating", self.rating.name)
		self.assertEqual((rating.status, rating.counts_in_scores), ("Valid", 1))
		with self.assertRaises(frappe.ValidationError):
			decide_appeal(appeal.name, "Upheld", "改判")

	def test_staff_cannot_decide_or_change_the_decision_fields(self):
		frappe.set_user(self.s.staff)
		appeal = self.appeal()
		with self.assertRaises(frappe.PermissionError):
			decide_appeal(appeal.name, "Upheld", "自己说了算")
		appeal.status = "Upheld"
		with self.assertRaises(frappe.PermissionError):
			appeal.save()
		self.assertEqual(frappe.db.get_value("GH Rating Appeal", appeal.name, "status"), "Pending")
		self.assertEqual(frappe.db.get_value("GH Service Rating", self.rating.name, "counts_in_scores"), 1)

	def test_one_pending_appeal_per_rating_and_none_after_exclusion(self):
		appeal = self.appeal()
		with self.assertRaises(frappe.ValidationError):
			self.appeal()
		decide_appeal(appeal.name, "Upheld", "属实")
		with self.assertRaises(frappe.ValidationError):
			self.appeal()

	def test_decision_must_be_upheld_or_dismissed_with_notes(self):
		appeal = self.appeal()
		with self.assertRaises(frappe.ValidationError):
			decide_appeal(appeal.name, "Maybe", "不确定")
		with self.assertRaises(frappe.ValidationError):
			decide_appeal(appeal.name, "Upheld", "")
		self.assertEqual(frappe.db.get_value("GH Rating Appeal", appeal.name, "status"), "Pending")

	def test_staff_of_another_department_cannot_appeal(self):
		other = make_case_setup()
		frappe.set_user(other.staff)
		with self.assertRaises(frappe.PermissionError):
			self.appeal()
