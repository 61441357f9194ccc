"""GH SMS Message: one row per occasion, Opted Out for a non-statutory message to an opted-out
mobile, never an ID number, written only by the app."""

from unittest.mock import patch

import frappe

from gov_hall.rules import sms as rules
from gov_hall.sms import optout
from gov_hall.sms.messages import queue_message
from gov_hall.tests.factories import GovHallTestCase

MESSAGE = "GH SMS Message"
MOBILE = "13300004444"
PARAMS = {"case": "QS-2026-00042", "due_date": "2026年12月10日"}


class TestSmsMessage(GovHallTestCase):
	def setUp(self):
		super().setUp()
		frappe.db.set_single_value("SMS Settings", "sms_gateway_url", "http://127.0.0.1:9/none")
		frappe.db.set_single_value("GH Hall Settings", "sms_enabled", 1)
		self.enqueued = []
		patcher = patch("gov_hall.sms.messages.enqueue_send", side_effect=self.enqueued.append)
		patcher.start()
		self.addCleanup(patcher.stop)

	def test_one_row_per_dedupe_key(self):
		first = queue_message(rules.CASE_ACCEPTED, MOBILE, PARAMS, dedupe_key="T1:case_accepted")
		again = queue_message(rules.CASE_ACCEPTED, MOBILE, PARAMS, dedupe_key="T1:case_accepted")
		self.assertEqual(first, again)
		self.assertEqual(frappe.db.count(MESSAGE, {"dedupe_key": "T1:case_accepted"}), 1)
		self.assertEqual(self.enqueued, [first])
		row = frappe.get_doc(MESSAGE, first)
		self.assertEqual((row.status, row.statutory, row.mobile_masked), (rules.QUEUED, 1, "133****4444"))
		self.assertEqual(row.text, "您的办件QS-2026-00042已受理，承诺2026年12月10日前办结。")
		self.assertEqual(row.text_length, len(row.text))

	def test_the_unique_index_holds_whatever_the_code_does(self):
		queue_message(rules.CASE_ACCEPTED, MOBILE, PARAMS, dedupe_key="T2:case_accepted")
		doc = frappe.get_doc(MESSAGE, {"dedupe_key": "T2:case_accepted"})
		copy = frappe.copy_doc(doc)
		copy.dedupe_key = "T2:case_accepted"
		frappe.local.gh_writing_sms = True
		try:
			with self.assertRaises(frappe.UniqueValidationError):
				copy.insert(ignore_permissions=True)
		finally:
			frappe.local.gh_writing_sms = False

	def test_an_opted_out_mobile_gets_statutory_notices_only(self):
		optout.opt_out(MOBILE)
		statutory = queue_message(rules.CASE_ACCEPTED, MOBILE, PARAMS, dedupe_key="T3:a")
		other = queue_message(
			rules.CASE_POSTED, MOBILE, {"case": "QS-1", "ems": "1180123456789"}, dedupe_key="T3:b"
		)
		self.assertEqual(frappe.db.get_value(MESSAGE, statutory, "status"), rules.QUEUED)
		self.assertEqual(frappe.db.get_value(MESSAGE, other, "status"), rules.OPTED_OUT)
		self.assertEqual(self.enqueued, [statutory])

	def test_an_id_number_or_a_bad_mobile_is_refused_and_nothing_is_written(self):
		count = frappe.db.count(MESSAGE)
		with self.assertRaises(rules.SmsRuleError):
			queue_message(
				rules.CASE_ACCEPTED, MOBILE, {**PARAMS, "case": "11010519491231002X"}, dedupe_key="T4"
			)
		with self.assertRaises(Exception):
			queue_message(rules.CASE_ACCEPTED, "12345", PARAMS, dedupe_key="T5")
		self.assertEqual(frappe.db.count(MESSAGE), count)

	def test_a_disabled_template_or_no_gateway_sends_nothing(self):
		frappe.db.set_value("GH SMS Template", rules.CASE_ACCEPTED, "enabled", 0)
		self.assertIsNone(queue_message(rules.CASE_ACCEPTED, MOBILE, PARAMS, dedupe_key="T6"))
		frappe.db.set_value("GH SMS Template", rules.CASE_ACCEPTED, "enabled", 1)
		frappe.db.set_single_value("GH Hall Settings", "sms_enabled", 0)
		self.assertIsNone(queue_message(rules.CASE_ACCEPTED, MOBILE, PARAMS, dedupe_key="T7"))
		frappe.db.set_single_value("GH Hall Settings", "sms_enabled", 1)
		frappe.db.set_single_value("SMS Settings", "sms_gateway_url", "")
		self.assertIsNone(queue_message(rules.CASE_ACCEPTED, MOBILE, PARAMS, dedupe_key="T8"))

	def test_rows_are_never_edited_or_deleted_as_documents(self):
		name = queue_message(rules.CASE_ACCEPTED, MOBILE, PARAMS, dedupe_key="T9")
		doc = frappe.get_doc(MESSAGE, name)
		doc.text = "改写"
		with self.assertRaises(frappe.PermissionError):
			doc.save(ignore_permissions=True)
		with self.assertRaises(frappe.PermissionError):
			frappe.delete_doc(MESSAGE, name)
		with self.assertRaises(frappe.PermissionError):
			frappe.get_doc({"doctype": MESSAGE, "template": rules.CASE_ACCEPTED, "dedupe_key": "T10"}).insert(
				ignore_permissions=True
			)
