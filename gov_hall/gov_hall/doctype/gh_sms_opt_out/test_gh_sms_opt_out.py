"""GH SMS Opt-Out: a keyed hash of the mobile, never the number; written only by the app."""

import frappe

from gov_hall.setup.roles import HALL_MANAGER, WINDOW_STAFF
from gov_hall.sms import optout
from gov_hall.tests.factories import GovHallTestCase, as_user, make_user

OPT_OUT = "GH SMS Opt-Out"
MOBILE = "13300001111"


class TestSmsOptOut(GovHallTestCase):
	def test_only_a_keyed_hash_is_kept(self):
		self.assertFalse(optout.is_opted_out(MOBILE))
		self.assertTrue(optout.opt_out(MOBILE))
		self.assertFalse(optout.opt_out("+86 133 0000 1111"), "the same number, written otherwise")
		self.assertTrue(optout.is_opted_out("133-0000-1111"))
		self.assertFalse(optout.is_opted_out("13300001112"))
		row = frappe.get_all(OPT_OUT, filters={"mobile_hash": optout.mobile_hash(MOBILE)}, fields=["*"])[0]
		self.assertEqual(row.source, optout.WEB_PAGE)
		self.assertTrue(row.opted_out_on)
		for value in row.values():
			self.assertNotIn(MOBILE, str(value))
		self.assertNotEqual(row.mobile_hash, optout.rules.mobile_hash(MOBILE, b"another key"))

	def test_rows_are_written_only_by_the_app(self):
		with self.assertRaises(frappe.PermissionError):
			frappe.get_doc({"doctype": OPT_OUT, "mobile_hash": "x" * 64, "source": "Web Page"}).insert(
				ignore_permissions=True
			)
		optout.opt_out(MOBILE)
		name = frappe.db.get_value(OPT_OUT, {"mobile_hash": optout.mobile_hash(MOBILE)})
		with self.assertRaises(frappe.PermissionError):
			frappe.delete_doc(OPT_OUT, name)

	def test_a_manager_records_an_opt_out_asked_for_at_the_hall(self):
		manager = make_user([HALL_MANAGER])
		answer = as_user(manager, optout.record_opt_out, "13300002222")
		self.assertTrue(answer["created"])
		self.assertEqual(
			frappe.db.get_value(OPT_OUT, {"mobile_hash": optout.mobile_hash("13300002222")}, "source"),
			optout.HALL_STAFF,
		)
		with self.assertRaises(frappe.ValidationError):
			as_user(manager, optout.record_opt_out, "12345")
		staff = make_user([WINDOW_STAFF])
		with self.assertRaises(frappe.PermissionError):
			as_user(staff, optout.record_opt_out, "13300003333")
