"""Citizens told by SMS (issue 16) against a real HTTP gateway started by the test.

A small server on 127.0.0.1 (gov_hall.tests.sms_gateway) records every request; Frappe's SMS
Settings point at it. Cases and bookings are made and moved the way staff and citizens do (HTTP as
real users where the path matters); messages are sent by gov_hall.sms.sender.send and the retry
job, run directly (no background worker runs in tests). Every test makes its own case or booking
and finds its requests by that number.
"""

import datetime
import json
import random
from threading import Thread
from unittest.mock import patch

import frappe
from frappe.model.workflow import apply_workflow
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, getdate

from gov_hall.rules import sms as rules
from gov_hall.setup.roles import CHIEF_REPRESENTATIVE, HALL_MANAGER
from gov_hall.sms import events, sender
from gov_hall.tests.factories import (
	VALID_RESIDENT_ID,
	as_user,
	make_case,
	make_case_setup,
	make_staff,
	make_user,
)
from gov_hall.tests.http import HttpUser, commit_world, set_password
from gov_hall.tests.sms_gateway import RecordingGateway, point_sms_settings_at, restore_sms_settings
from gov_hall.utils import guessing
from gov_hall.utils.calendar import get_hall_calendar
from gov_hall.utils.clock import now_datetime, nowdate

MESSAGE = "GH SMS Message"
CASE = "GH Case"
PROVIDER_CODE = "SMS_100200300"


def act(name: str, action: str):
	return apply_workflow(frappe.get_doc(CASE, name).as_dict(), action)


def notice(case: str, materials: list[str]):
	return frappe.get_doc(
		{
			"doctype": "GH Supplement Notice",
			"case": case,
			"items": [{"material_name": m, "problem": "Missing"} for m in materials],
		}
	).insert()


def fresh_mobile(prefix: str = "135") -> str:
	"""A mobile no earlier run on this site used (bookings are capped per mobile and day, opt-outs
	stay)."""
	return prefix + str(random.randrange(10**7, 10**8))


def messages(**filters) -> list:
	frappe.db.rollback()  # read what other connections committed
	return frappe.get_all(
		MESSAGE,
		filters=filters,
		fields=["name", "template", "status", "attempts", "next_attempt_on", "text", "params", "mobile"],
		order_by="creation asc",
	)


def message(case: str, template: str):
	rows = messages(case=case, template=template)
	return rows[0] if len(rows) == 1 else None


def in_own_connection(site: str, sites_path: str, fn, *args) -> dict:
	"""Run ``fn`` in a thread with its own frappe.local and database connection, as a worker would."""
	box = {}

	def work():
		frappe.init(site=site, sites_path=sites_path)
		frappe.connect()
		try:
			box["result"] = fn(*args)
		except Exception as err:
			box["error"] = err
		finally:
			frappe.destroy()

	box["thread"] = Thread(target=work)
	return box


class SmsWorld(FrappeTestCase):
	"""A hall with staff, a chief representative and a manager; SMS Settings on the recording server;
	the provider's code on the received template; queued jobs recorded instead of sent to Redis."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.gateway = RecordingGateway().start()
		cls.before = point_sms_settings_at(cls.gateway.url)
		frappe.db.set_single_value("GH Hall Settings", "sms_enabled", 1)
		frappe.db.set_value("GH SMS Template", rules.CASE_RECEIVED, "provider_template_code", PROVIDER_CODE)
		s = cls.s = make_case_setup()
		cls.manager = make_user([HALL_MANAGER])
		chief = make_staff(s.department, s.other_window)
		cls.chief = chief.user
		frappe.get_doc("User", cls.chief).add_roles(CHIEF_REPRESENTATIVE)
		frappe.db.set_value("GH Stationed Department", s.department, "chief_representative", cls.chief)
		for user in (s.staff, s.other_staff, cls.manager, cls.chief):
			set_password(user)
		commit_world()
		cls.enqueued = []
		cls.enqueue_patch = patch("gov_hall.sms.messages.enqueue_send", side_effect=cls.enqueued.append)
		cls.enqueue_patch.start()

	@classmethod
	def tearDownClass(cls):
		cls.enqueue_patch.stop()
		cls.gateway.stop()
		frappe.db.set_value("GH SMS Template", rules.CASE_RECEIVED, "provider_template_code", None)
		restore_sms_settings(cls.before)
		super().tearDownClass()

	def setUp(self):
		self.gateway.fail(0)
		self.gateway.delay = 0
		# the guest look-ups of earlier runs on this site must not hold this one back
		guessing.clear(["127.0.0.1", "unknown"])
		frappe.cache.delete_keys("rl:gov_hall.sms.optout.opt_out_by_number")

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()

	def new_case(self, **values) -> str:
		case = as_user(
			self.s.staff, make_case, self.s.hall, self.s.matter, window=self.s.window, **values
		).name
		commit_world()
		return case

	def send(self, case: str, template: str) -> str:
		row = message(case, template)
		self.assertIsNotNone(row, f"no single {template} message for {case}")
		return sender.send(row.name)


class TestMessagesReachTheGateway(SmsWorld):
	def test_received_case_reaches_the_gateway_with_template_code_and_params_and_no_id(self):
		answer = HttpUser(self.s.staff).insert(
			CASE,
			{
				"applicant_type": "Person",
				"applicant_name": "王五",
				"id_number": VALID_RESIDENT_ID,
				"mobile": "13912345678",
				"matter": self.s.matter,
				"hall": self.s.hall,
				"window": self.s.window,
				"channel": "Window",
			},
		)
		self.assertEqual(answer.status, 200, answer)
		case = answer.data["name"]
		row = message(case, rules.CASE_RECEIVED)
		self.assertEqual(row.status, rules.QUEUED)
		self.assertIn(row.name, self.enqueued, "the send is queued for after the commit")

		self.assertEqual(sender.send(row.name), rules.SENT)
		[request] = self.gateway.about(case)
		form = request.form
		self.assertEqual(request["method"], "POST")
		self.assertEqual(form["mobile"], "13912345678")
		self.assertEqual(form["account"], "qs-hall")  # Frappe's static parameter
		self.assertEqual(form["template_code"], PROVIDER_CODE)
		self.assertEqual(request.params["case"], case)
		self.assertTrue(request.params["link"].endswith("/track-case"))
		self.assertEqual(form["content"], row.text)
		self.assertIn(case, form["content"])
		self.assertTrue(form["content"].endswith(rules.DEFAULT_OPT_OUT_HINT))
		# no ID number anywhere in what left the hall, nor in the log
		self.assertNotIn(VALID_RESIDENT_ID, request.raw)
		self.assertFalse(rules.has_resident_id(request.raw))
		self.assertFalse(
			rules.has_resident_id(json.dumps(frappe.get_doc(MESSAGE, row.name).as_dict(), default=str))
		)
		sent = messages(name=row.name)[0]
		self.assertEqual((sent.status, sent.attempts, sent.next_attempt_on), (rules.SENT, 1, None))
		self.assertTrue(frappe.db.get_value(MESSAGE, row.name, "gateway_response").startswith("200"))

	def test_gateway_by_get_with_json_params_in_the_query(self):
		frappe.db.set_single_value("SMS Settings", "use_post", 0)
		commit_world()
		try:
			case = self.new_case()
			self.assertEqual(self.send(case, rules.CASE_RECEIVED), rules.SENT)
		finally:
			frappe.db.set_single_value("SMS Settings", "use_post", 1)
			commit_world()
		[request] = self.gateway.about(case)
		self.assertEqual(request["method"], "GET")
		self.assertEqual(request.params["case"], case)

	def test_the_statutory_path_accepted_supplement_completed_and_the_rating_invitation(self):
		case = self.new_case()
		as_user(self.s.staff, act, case, "Accept")
		as_user(self.s.staff, notice, case, ["申请书", "身份证复印件"])
		commit_world()
		due = getdate(frappe.db.get_value(CASE, case, "due_date"))
		accepted = message(case, rules.CASE_ACCEPTED)
		self.assertIn(rules.zh_date(due), accepted.text)
		self.assertFalse(accepted.text.endswith(rules.DEFAULT_OPT_OUT_HINT), "statutory: no opt-out hint")
		supplement = message(case, rules.SUPPLEMENT_NEEDED)
		self.assertIn("申请书、身份证复印件", supplement.text)
		self.assertIn(self.s.hall, supplement.text)

		as_user(self.s.staff, act, case, "Applicant Returned")
		as_user(self.s.staff, act, case, "Complete")
		commit_world()
		completed = message(case, rules.CASE_COMPLETED)
		self.assertIn(f"到{self.s.hall}领取", completed.text)
		invitation = message(case, rules.RATING_INVITATION)
		self.assertIn("/rate?case=" + case + "&token=", invitation.text)

		for template in (
			rules.CASE_ACCEPTED,
			rules.SUPPLEMENT_NEEDED,
			rules.CASE_COMPLETED,
			rules.RATING_INVITATION,
		):
			self.assertEqual(self.send(case, template), rules.SENT, template)
		templates = sorted(json.loads(r.params)["case"] for r in messages(case=case))
		self.assertEqual(templates, [case] * 5)
		self.assertEqual(len(self.gateway.about(case)), 4)
		# the signed link in the SMS is accepted by the rating page's endpoint
		link = json.loads(message(case, rules.RATING_INVITATION).params)["link"]
		token = link.split("token=")[1]
		answer = HttpUser(None).call(
			"gov_hall.api.ratings.submit_rating", case_number=case, level="Very Satisfied", token=token
		)
		self.assertEqual(answer.status, 200, answer)
		self.assertTrue(answer.message["ok"], answer)

	def test_saving_again_never_queues_a_second_message(self):
		case = self.new_case()
		as_user(self.s.staff, act, case, "Accept")
		doc = frappe.get_doc(CASE, case)
		doc.result_note = "再次保存"
		as_user(self.s.staff, doc.save)
		events.case_received(frappe.get_doc(CASE, case))  # the same occasion once more
		commit_world()
		self.assertEqual(len(messages(case=case, template=rules.CASE_RECEIVED)), 1)
		self.assertEqual(len(messages(case=case, template=rules.CASE_ACCEPTED)), 1)


class TestFailuresAndRetries(SmsWorld):
	def test_a_failed_gateway_leaves_the_message_failed_and_the_retry_job_sends_it_exactly_once(self):
		case = self.new_case()
		name = message(case, rules.CASE_RECEIVED).name
		self.gateway.fail(1)
		self.assertEqual(sender.send(name), rules.FAILED)
		row = messages(name=name)[0]
		self.assertEqual(row.attempts, 1)
		self.assertGreater(row.next_attempt_on, now_datetime() + datetime.timedelta(minutes=4))
		self.assertIn("HTTP 500", frappe.db.get_value(MESSAGE, name, "last_error"))
		self.assertTrue(frappe.db.get_value(MESSAGE, name, "gateway_response").startswith("500"))

		sender.retry_due()  # not due yet
		self.assertEqual(len(self.gateway.about(case)), 1)

		frappe.db.set_value(MESSAGE, name, "next_attempt_on", now_datetime() - datetime.timedelta(minutes=1))
		commit_world()
		sender.retry_due()
		sender.retry_due()  # the job running twice sends nothing more
		row = messages(name=name)[0]
		self.assertEqual((row.status, row.attempts), (rules.SENT, 2))
		requests = self.gateway.about(case)
		self.assertEqual(len(requests), 2)  # the failed try and the one that went through
		self.assertEqual(requests[0].form["content"], requests[1].form["content"])

	def test_a_message_that_keeps_failing_stays_failed_after_the_last_attempt(self):
		case = self.new_case()
		name = message(case, rules.CASE_RECEIVED).name
		self.gateway.fail(1000)
		sender.send(name)
		for _attempt in range(rules.MAX_ATTEMPTS + 2):
			frappe.db.sql(
				"update `tabGH SMS Message` set next_attempt_on = %s where name = %s and next_attempt_on is not null",
				(now_datetime() - datetime.timedelta(minutes=1), name),
			)
			commit_world()
			sender.retry_due()
		row = messages(name=name)[0]
		self.assertEqual(
			(row.status, row.attempts, row.next_attempt_on), (rules.FAILED, rules.MAX_ATTEMPTS, None)
		)
		self.assertEqual(len(self.gateway.about(case)), rules.MAX_ATTEMPTS)
		# a manager sends it again by hand once the gateway works
		self.gateway.fail(0)
		answer = HttpUser(self.manager).call("gov_hall.sms.messages.retry_message", name=name)
		self.assertEqual(answer.status, 200, answer)
		self.assertEqual(answer.message, rules.SENT)
		refused = HttpUser(self.s.staff).call("gov_hall.sms.messages.retry_message", name=name)
		self.assertEqual(refused.status, 403, refused)

	def test_a_lost_job_and_an_interrupted_send_are_picked_up_by_the_retry_job(self):
		lost, interrupted = self.new_case(), self.new_case()
		lost_name = message(lost, rules.CASE_RECEIVED).name
		interrupted_name = message(interrupted, rules.CASE_RECEIVED).name
		frappe.db.set_value(MESSAGE, lost_name, "queued_on", now_datetime() - datetime.timedelta(minutes=3))
		frappe.db.set_value(
			MESSAGE,
			interrupted_name,
			{
				"status": rules.SENDING,
				"attempts": 1,
				"next_attempt_on": now_datetime() - datetime.timedelta(minutes=1),
			},
		)
		commit_world()
		sender.retry_due()
		self.assertEqual(messages(name=lost_name)[0].status, rules.SENT)
		self.assertEqual(messages(name=interrupted_name)[0].status, rules.SENT)
		self.assertEqual(len(self.gateway.about(lost)), 1)
		self.assertEqual(len(self.gateway.about(interrupted)), 1)

	def test_a_fresh_queued_message_is_left_to_its_own_job(self):
		case = self.new_case()
		sender.retry_due()
		self.assertEqual(self.gateway.about(case), [])
		self.assertEqual(message(case, rules.CASE_RECEIVED).status, rules.QUEUED)

	def test_two_workers_sending_the_same_message_at_once_send_it_once(self):
		case = self.new_case()
		name = message(case, rules.CASE_RECEIVED).name
		self.gateway.delay = 0.5
		site, sites_path = frappe.local.site, frappe.local.sites_path
		workers = [in_own_connection(site, sites_path, sender.send, name) for _ in range(2)]
		for box in workers:
			box["thread"].start()
		for box in workers:
			box["thread"].join()
		self.assertEqual([box.get("error") for box in workers], [None, None])
		self.assertEqual(len(self.gateway.about(case)), 1)
		self.assertEqual(sorted(box["result"] for box in workers), sorted([rules.SENT, rules.SENDING]))
		row = messages(name=name)[0]
		self.assertEqual((row.status, row.attempts), (rules.SENT, 1))

	def test_two_workers_on_two_messages_both_send(self):
		"""The control of the test above: the lock holds one message, not the gateway."""
		first, second = self.new_case(), self.new_case()
		self.gateway.delay = 0.3
		site, sites_path = frappe.local.site, frappe.local.sites_path
		workers = [
			in_own_connection(site, sites_path, sender.send, message(case, rules.CASE_RECEIVED).name)
			for case in (first, second)
		]
		for box in workers:
			box["thread"].start()
		for box in workers:
			box["thread"].join()
		self.assertEqual([box.get("result") for box in workers], [rules.SENT, rules.SENT])

	def test_the_save_of_a_case_succeeds_when_the_gateway_is_down(self):
		down = RecordingGateway().start()
		url = down.url
		down.stop()  # nothing listens there any more
		frappe.db.set_single_value("SMS Settings", "sms_gateway_url", url)
		commit_world()
		try:
			staff = HttpUser(self.s.staff)
			answer = staff.insert(
				CASE,
				{
					"applicant_type": "Person",
					"applicant_name": "赵六",
					"id_number": VALID_RESIDENT_ID,
					"mobile": "13712345678",
					"matter": self.s.matter,
					"hall": self.s.hall,
					"window": self.s.window,
					"channel": "Window",
				},
			)
			self.assertEqual(answer.status, 200, answer)
			case = answer.data["name"]
			accepted = staff.call(
				"frappe.model.workflow.apply_workflow",
				doc=json.dumps({"doctype": CASE, "name": case}),
				action="Accept",
			)
			self.assertEqual(accepted.status, 200, accepted)
			self.assertEqual(self.send(case, rules.CASE_RECEIVED), rules.FAILED)
			self.assertIn(
				"ConnectionError",
				frappe.db.get_value(MESSAGE, message(case, rules.CASE_RECEIVED).name, "last_error"),
			)
		finally:
			frappe.db.set_single_value("SMS Settings", "sms_gateway_url", self.gateway.url)
			commit_world()

	def test_a_message_that_cannot_be_written_never_blocks_the_save(self):
		body = frappe.db.get_value("GH SMS Template", rules.CASE_ACCEPTED, "body")
		# a body whose placeholder no event fills (set behind the form's back)
		frappe.db.set_value("GH SMS Template", rules.CASE_ACCEPTED, "body", "{case}{nothing}")
		commit_world()
		try:
			case = self.new_case()
			answer = HttpUser(self.s.staff).call(
				"frappe.model.workflow.apply_workflow",
				doc=json.dumps({"doctype": CASE, "name": case}),
				action="Accept",
			)
			self.assertEqual(answer.status, 200, answer)
			self.assertEqual(frappe.db.get_value(CASE, case, "status"), "Accepted")
			self.assertEqual(messages(case=case, template=rules.CASE_ACCEPTED), [])
			self.assertTrue(
				frappe.db.exists(
					"Error Log", {"reference_name": case, "method": "GH SMS: message not queued"}
				)
			)
		finally:
			frappe.db.set_value("GH SMS Template", rules.CASE_ACCEPTED, "body", body)
			commit_world()

	def test_nothing_is_queued_without_a_gateway(self):
		frappe.db.set_single_value("SMS Settings", "sms_gateway_url", "")
		commit_world()
		try:
			case = self.new_case()
			self.assertEqual(messages(case=case), [])
		finally:
			frappe.db.set_single_value("SMS Settings", "sms_gateway_url", self.gateway.url)
			commit_world()


class TestOptOut(SmsWorld):
	def test_opt_out_suppresses_the_rating_invitation_but_not_the_supplement_notice(self):
		mobile = fresh_mobile("136")
		case = self.new_case(mobile=mobile)
		guest = HttpUser(None)
		wrong_digits = "0000" if mobile[-4:] != "0000" else "1111"
		wrong = guest.call("gov_hall.sms.optout.opt_out_by_number", number=case, phone_last4=wrong_digits)
		self.assertFalse(wrong.message["ok"], wrong)
		answer = guest.call(
			"gov_hall.sms.optout.opt_out_by_number", number=case.lower(), phone_last4=mobile[-4:]
		)
		self.assertEqual(answer.status, 200, answer)
		self.assertTrue(answer.message["ok"], answer)
		self.assertIn("法律要求", answer.message["message"])
		self.assertFalse(frappe.db.exists("GH SMS Opt-Out", {"mobile_hash": mobile}))
		self.assertEqual(
			frappe.db.sql(
				"select count(*) from `tabGH SMS Opt-Out` where mobile_hash like %s", f"%{mobile}%"
			)[0][0],
			0,
		)

		# the received message queued before the opt-out is not sent any more
		self.assertEqual(self.send(case, rules.CASE_RECEIVED), rules.OPTED_OUT)
		as_user(self.s.staff, notice, case, ["申请书"])
		as_user(self.s.staff, act, case, "Applicant Returned")
		as_user(self.s.staff, act, case, "Accept")
		as_user(self.s.staff, act, case, "Complete")
		commit_world()
		self.assertEqual(message(case, rules.SUPPLEMENT_NEEDED).status, rules.QUEUED)
		self.assertEqual(message(case, rules.CASE_COMPLETED).status, rules.QUEUED)
		self.assertEqual(message(case, rules.RATING_INVITATION).status, rules.OPTED_OUT)
		self.assertEqual(self.send(case, rules.SUPPLEMENT_NEEDED), rules.SENT)
		self.assertEqual(self.send(case, rules.RATING_INVITATION), rules.OPTED_OUT)
		self.assertEqual([r.params["case"] for r in self.gateway.about(case)], [case])
		self.assertIn("申请书", self.gateway.about(case)[0].form["content"])

	def test_opt_out_with_a_booking_code_and_every_miss_gets_one_answer(self):
		guest = HttpUser(None)
		answers = [
			guest.call("gov_hall.sms.optout.opt_out_by_number", number="NOSUCHCODE", phone_last4="1234"),
			guest.call("gov_hall.sms.optout.opt_out_by_number", number="QS-2026-99999", phone_last4="1234"),
			guest.call("gov_hall.sms.optout.opt_out_by_number", number="", phone_last4="12"),
			guest.call("gov_hall.sms.optout.opt_out_by_number", number=["x"], phone_last4={"a": 1}),
		]
		texts = {json.dumps(answer.message, ensure_ascii=False) for answer in answers}
		self.assertEqual(len(texts), 1, texts)
		self.assertFalse(answers[0].message["ok"])

	def test_wrong_digits_are_counted_like_case_tracking(self):
		case = self.new_case(mobile="13612340000")
		guest = HttpUser(None)
		for _try in range(5):
			miss = guest.call("gov_hall.sms.optout.opt_out_by_number", number=case, phone_last4="9999")
			self.assertFalse(miss.message["ok"])
		frappe.cache.delete_keys("rl:gov_hall.sms.optout.opt_out_by_number")  # the per-minute limit apart
		held = guest.call("gov_hall.sms.optout.opt_out_by_number", number=case, phone_last4="0000")
		self.assertFalse(held.message["ok"], held)
		self.assertIn("后再试", held.message["message"])
		# the same counters as case tracking: the address is held back there too
		tracked = guest.call("gov_hall.api.portal.track_case", case_number=case, phone_last4="0000")
		self.assertFalse(tracked.message["found"])
		self.assertIn("后再试", tracked.message["message"])
		self.assertEqual(message(case, rules.CASE_RECEIVED).status, rules.QUEUED)

	def test_the_page_is_chinese_on_a_phone(self):
		page = HttpUser(None).page("/sms-opt-out")
		self.assertEqual(page.status, 200)
		self.assertIn("短信退订", page.text)
		self.assertIn("办件编号或预约码", page.text)
		self.assertIn("gh_portal", page.text)
		self.assertNotIn("Stop Text Messages", page.text)


class TestAppointments(SmsWorld):
	def book(self, day, start="10:00:00", mobile=None):
		from gov_hall.gov_hall.doctype.gh_appointment.test_gh_appointment import book

		return book(self.s.hall, self.s.matter, day, start, mobile=mobile or fresh_mobile())

	def test_confirmation_and_the_reminder_the_day_before(self):
		frappe.db.set_value(
			"GH Service Hall",
			self.s.hall,
			{"opening_time": "09:00:00", "closing_time": "17:30:00"},
		)
		frappe.db.set_value("GH Service Matter", self.s.matter, "bookable", 1)
		calendar = get_hall_calendar(self.s.hall)
		day = calendar.next_working_day(getdate(nowdate()))
		booking = self.book(day)
		other = self.book(day, start="11:00:00")
		commit_world()
		confirmed = messages(appointment=booking.name, template=rules.APPOINTMENT_CONFIRMED)
		self.assertEqual(len(confirmed), 1)
		self.assertIn(booking.booking_code, confirmed[0].text)
		self.assertIn("10:00", confirmed[0].text)
		self.assertIn(rules.zh_date(getdate(day), with_year=False), confirmed[0].text)
		self.assertEqual(sender.send(confirmed[0].name), rules.SENT)
		self.assertEqual(len(self.gateway.about(booking.booking_code)), 1)

		# the other booking is cancelled: it gets no reminder
		other.reload()
		other.cancel_booking()
		commit_world()
		with patch.object(events, "today", return_value=add_days(getdate(day), -1)):
			events.send_reminders()
			events.send_reminders()  # twice: still one reminder
		reminders = messages(appointment=booking.name, template=rules.APPOINTMENT_REMINDER)
		self.assertEqual(len(reminders), 1)
		self.assertIn("明天10:00", reminders[0].text)
		self.assertEqual(messages(appointment=other.name, template=rules.APPOINTMENT_REMINDER), [])
		# a reminder queued for the other day (the day before it was cancelled) is cancelled, not sent
		self.assertEqual(sender.send(reminders[0].name), rules.SENT)
		self.assertEqual(len(self.gateway.about(booking.booking_code)), 2)

	def test_a_booking_moved_to_another_time_is_confirmed_again_once(self):
		frappe.db.set_value(
			"GH Service Hall", self.s.hall, {"opening_time": "09:00:00", "closing_time": "17:30:00"}
		)
		frappe.db.set_value("GH Service Matter", self.s.matter, "bookable", 1)
		day = get_hall_calendar(self.s.hall).next_working_day(getdate(nowdate()))
		booking = self.book(day, start="09:00:00")
		booking.reload()
		booking.note = "带齐材料"
		booking.save()  # nothing moved: no new confirmation
		booking.slot_start = "15:00:00"
		booking.save()
		booking.reload()
		booking.save()
		commit_world()
		confirmed = messages(appointment=booking.name, template=rules.APPOINTMENT_CONFIRMED)
		self.assertEqual(
			[("09:00" in r.text, "15:00" in r.text) for r in confirmed], [(True, False), (False, True)]
		)

	def test_a_reminder_for_a_booking_cancelled_since_is_not_sent(self):
		frappe.db.set_value(
			"GH Service Hall", self.s.hall, {"opening_time": "09:00:00", "closing_time": "17:30:00"}
		)
		frappe.db.set_value("GH Service Matter", self.s.matter, "bookable", 1)
		day = get_hall_calendar(self.s.hall).next_working_day(getdate(nowdate()))
		booking = self.book(day, start="14:00:00")
		commit_world()
		with patch.object(events, "today", return_value=add_days(getdate(day), -1)):
			events.send_reminders()
		booking.reload()
		booking.cancel_booking()
		commit_world()
		reminder = messages(appointment=booking.name, template=rules.APPOINTMENT_REMINDER)[0]
		self.assertEqual(sender.send(reminder.name), rules.CANCELLED)
		self.assertEqual(self.gateway.about(booking.booking_code), [])


class TestLogAccess(SmsWorld):
	def test_staff_and_chief_read_the_log_without_mobiles_and_cannot_write_it(self):
		case = self.new_case(mobile="13412345678")
		name = message(case, rules.CASE_RECEIVED).name
		for user in (self.s.staff, self.chief):
			http = HttpUser(user)
			answer = http.get_doc(MESSAGE, name)
			self.assertEqual(answer.status, 200, (user, answer))
			self.assertNotIn("mobile", {k for k, v in answer.data.items() if v} - {"mobile_masked"})
			self.assertNotIn("13412345678", answer.text)
			self.assertEqual(answer.data["mobile_masked"], "134****5678")
			listed = http.get_list(MESSAGE, fields=["name", "mobile"], filters={"case": case})
			self.assertNotIn("13412345678", listed.text)
			created = http.insert(
				MESSAGE,
				{
					"template": rules.CASE_RECEIVED,
					"mobile": "13412345678",
					"text": "伪造短信",
					"status": rules.SENT,
					"dedupe_key": f"fake-{user}",
				},
			)
			self.assertEqual(created.status, 403, (user, created))
			changed = http.update(MESSAGE, name, {"status": rules.CANCELLED, "text": "改写"})
			self.assertIn(changed.status, (403, 417), (user, changed))
			refused = http.call("gov_hall.sms.messages.cancel_message", name=name)
			self.assertEqual(refused.status, 403, (user, refused))
		self.assertFalse(frappe.db.exists(MESSAGE, {"dedupe_key": ["like", "fake-%"]}))
		self.assertEqual(messages(name=name)[0].status, rules.QUEUED)

	def test_managers_read_the_mobile_and_cannot_create_rows_either(self):
		case = self.new_case(mobile="13412340000")
		name = message(case, rules.CASE_RECEIVED).name
		manager = HttpUser(self.manager)
		answer = manager.get_doc(MESSAGE, name)
		self.assertEqual(answer.data["mobile"], "13412340000")
		created = manager.insert(
			MESSAGE, {"template": rules.CASE_RECEIVED, "mobile": "13412340000", "dedupe_key": "fake-m"}
		)
		self.assertEqual(created.status, 403, created)
		cancelled = manager.call("gov_hall.sms.messages.cancel_message", name=name)
		self.assertEqual(cancelled.message, rules.CANCELLED)
		self.assertEqual(sender.send(name), rules.CANCELLED)
		self.assertEqual(self.gateway.about(case), [])


class TestCrossHallMessages(SmsWorld):
	"""A township case for a county matter (issue 16): where to go changes, and the citizen is told."""

	def test_forwarded_returned_completed_ready_posted_and_rated_once(self):
		from gov_hall.tests.cross_hall_world import act as act_as
		from gov_hall.tests.cross_hall_world import make_world, new_case, step

		w = make_world()
		case = new_case(w)
		step(case, "Forward to County", w.township_staff)
		step(case, "Receive at County", w.county_staff)
		as_user(w.county_staff, notice, case, ["房产证"])
		step(case, "Return to Receiving Hall", w.county_staff)
		step(case, "Receive Return", w.township_staff)
		act_as(case, "Applicant Returned", w.township_staff)
		step(case, "Forward to County", w.township_staff)
		step(case, "Receive at County", w.county_staff)
		act_as(case, "Complete", w.county_staff)
		step(case, "Send Result", w.county_staff)
		step(case, "Receive Result", w.township_staff)
		step(case, "Post", w.township_staff, tracking_number="EA123456789CN")
		commit_world()

		texts = {row.template: row.text for row in messages(case=case)}
		self.assertEqual(
			sorted(texts),
			sorted(
				[
					rules.CASE_RECEIVED,
					rules.CASE_ACCEPTED,
					rules.CASE_FORWARDED,
					rules.SUPPLEMENT_NEEDED,
					rules.CASE_RETURNED,
					rules.CASE_COMPLETED,
					rules.READY_FOR_COLLECTION,
					rules.CASE_POSTED,
					rules.RATING_INVITATION,
				]
			),
		)
		self.assertEqual(
			len(messages(case=case, template=rules.CASE_FORWARDED)), 1, "forwarded twice, told once"
		)
		self.assertIn(f"报送{w.county}审批", texts[rules.CASE_FORWARDED])
		self.assertIn(f"在{w.township}发放", texts[rules.CASE_FORWARDED])
		self.assertIn(f"请到{w.township}提交", texts[rules.SUPPLEMENT_NEEDED])
		self.assertIn(f"退回{w.township}", texts[rules.CASE_RETURNED])
		self.assertIn(f"送回{w.township}后领取", texts[rules.CASE_COMPLETED])
		self.assertIn(f"已送达{w.township}", texts[rules.READY_FOR_COLLECTION])
		self.assertIn("运单号EA123456789CN", texts[rules.CASE_POSTED])
		row = message(case, rules.CASE_RECEIVED)
		log = frappe.get_doc(MESSAGE, row.name)
		self.assertEqual(
			(log.department, log.receiving_department), (w.county_department, w.township_department)
		)

	def test_a_result_issued_at_the_township_brings_the_rating_invitation(self):
		from gov_hall.tests.cross_hall_world import drive, make_world, new_case, step

		w = make_world()
		case = new_case(w)
		drive(w, case, "Receive Result")
		commit_world()
		self.assertEqual(
			messages(case=case, template=rules.RATING_INVITATION), [], "not before the citizen has it"
		)
		step(case, "Issue", w.township_staff)
		commit_world()
		invitation = message(case, rules.RATING_INVITATION)
		self.assertIsNotNone(invitation)
		self.assertEqual(self.send(case, rules.RATING_INVITATION), rules.SENT)
		self.assertEqual(len(self.gateway.about(case)), 1)
