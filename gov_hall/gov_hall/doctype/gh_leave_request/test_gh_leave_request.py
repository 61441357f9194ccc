# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt
"""Leave (请销假) over HTTP as real users: the staff member requests, the department's chief
representative proposes the cover, a hall manager approves; each step refused to the wrong people
(nobody approves their own leave, a chief representative of another department proposes nothing).
Approving puts the staff member's slots On Leave, adds the cover's Cover slots and queues a Chinese
email to the home agency; reporting back early (销假) frees the sessions still to come. Overlapping
requests and hand-set figures are refused.

The clock is frozen (freezegun) on a Monday of December 2026, Beijing time, and every check reads
only this test's hall, so nothing depends on the time of day or on other tests' records."""

import datetime
import email
import email.policy
import json

import frappe
from frappe.tests.utils import FrappeTestCase
from freezegun import freeze_time

from gov_hall.duty import roster
from gov_hall.setup.roles import CHIEF_REPRESENTATIVE, HALL_MANAGER, WINDOW_STAFF
from gov_hall.tests.factories import (
	make_department,
	make_hall,
	make_outgoing_account,
	make_staff,
	make_user,
	make_window,
	unique,
)
from gov_hall.tests.http import HttpUser, commit_world, set_password

LEAVE = "GH Leave Request"
SLOT = "GH Duty Slot"
REFUSED = (403, 417)

# Monday 7 December 2026: 08:30 in Beijing (UTC+8); the week's days are all working days
MONDAY_MORNING = "2026-12-07 00:30:00"
WEDNESDAY = datetime.date(2026, 12, 9)
THURSDAY = datetime.date(2026, 12, 10)
FRIDAY = datetime.date(2026, 12, 11)
NEXT_MONDAY = datetime.date(2026, 12, 14)
NEXT_TUESDAY = datetime.date(2026, 12, 15)
NEXT_WEDNESDAY = datetime.date(2026, 12, 16)
NEXT_THURSDAY = datetime.date(2026, 12, 17)
# Wednesday 9 December, 10:00 in Beijing: the morning session has started
WEDNESDAY_TEN = "2026-12-09 02:00:00"


def stored(doctype: str, name: str, fields: list[str]) -> dict:
	frappe.db.rollback()  # read what the requests committed, not this connection's snapshot
	return frappe.db.get_value(doctype, name, fields, as_dict=True)


def act(user: HttpUser, name: str, action: str):
	return user.call(
		"frappe.model.workflow.apply_workflow",
		doc=json.dumps({"doctype": LEAVE, "name": name}),
		action=action,
	)


def leave_values(from_date, to_date, from_session="Morning", to_session="Afternoon", **values) -> dict:
	return {
		"leave_type": values.pop("leave_type", "Personal Leave"),
		"from_date": str(from_date),
		"from_session": from_session,
		"to_date": str(to_date),
		"to_session": to_session,
		"reason": values.pop("reason", "家中有事"),
		**values,
	}


class LeaveWorld(FrappeTestCase):
	"""One committed hall (09:00–12:00, 13:30–17:30). Department D: window W1 (staff ``staff``, in
	Chinese, whose home agency has a contact email), W2 (``cover``, the B post of W1), W3
	(``colleague``, whose agency has no email); its chief representative. Department E and its chief.
	A hall manager (in English) and a hall manager who is window staff too. The roster of the next
	two weeks."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		with freeze_time(MONDAY_MORNING):
			cls.build()
		cls.email_account = make_outgoing_account()
		commit_world()

	@classmethod
	def tearDownClass(cls):
		if cls.email_account:
			frappe.delete_doc("Email Account", cls.email_account, ignore_permissions=True, force=True)
			commit_world()
		super().tearDownClass()

	@classmethod
	def build(cls):
		hall = cls.hall = make_hall(opening_time="09:00:00", closing_time="17:30:00").name
		cls.dept = make_department(hall).name
		cls.other_dept = make_department(hall).name
		cls.w1 = make_window(hall, cls.dept).name
		cls.w2 = make_window(hall, cls.dept).name
		cls.w3 = make_window(hall, cls.dept).name
		cls.e1 = make_window(hall, cls.other_dept).name
		cls.agency_email = f"{unique('agency').lower()}@agency.example.com"
		cls.agency = (
			frappe.get_doc(
				{
					"doctype": "GH Home Agency",
					"agency_name": unique("测试派出单位"),
					"contact_email": cls.agency_email,
					"status": "Active",
				}
			)
			.insert()
			.name
		)
		cls.quiet_agency = (
			frappe.get_doc(
				{"doctype": "GH Home Agency", "agency_name": unique("无邮箱单位"), "status": "Active"}
			)
			.insert()
			.name
		)
		cls.staff = make_staff(cls.dept, cls.w1, home_agency=cls.agency).user
		cls.cover = make_staff(cls.dept, cls.w2, b_window=cls.w1).user
		cls.colleague = make_staff(cls.dept, cls.w3, home_agency=cls.quiet_agency).user
		cls.other_staff = make_staff(cls.other_dept, cls.e1).user
		cls.chief = make_user([WINDOW_STAFF, CHIEF_REPRESENTATIVE])
		make_staff(cls.dept, user=cls.chief)
		frappe.db.set_value("GH Stationed Department", cls.dept, "chief_representative", cls.chief)
		cls.other_chief = make_user([WINDOW_STAFF, CHIEF_REPRESENTATIVE])
		make_staff(cls.other_dept, user=cls.other_chief)
		frappe.db.set_value(
			"GH Stationed Department", cls.other_dept, "chief_representative", cls.other_chief
		)
		cls.manager = make_user([HALL_MANAGER])
		frappe.db.set_value("User", cls.manager, "language", "en")
		cls.managing_staff = make_user([WINDOW_STAFF, HALL_MANAGER])
		make_staff(cls.dept, cls.w3, user=cls.managing_staff)
		frappe.db.set_value("User", cls.staff, "language", "zh")
		for user in (
			cls.staff,
			cls.cover,
			cls.colleague,
			cls.other_staff,
			cls.chief,
			cls.other_chief,
			cls.manager,
			cls.managing_staff,
		):
			set_password(user)
		roster.generate_roster(hall, WEDNESDAY, NEXT_THURSDAY)

	def slots(self, staff: str, post_role: str | None = None, status: str = "Active") -> list:
		frappe.db.rollback()
		filters = {"hall": self.hall, "staff": staff, "status": status}
		if post_role:
			filters["post_role"] = post_role
		return frappe.get_all(
			SLOT,
			filters=filters,
			fields=["name", "duty_date", "session", "window", "post_role", "leave_request", "duty_status"],
			order_by="duty_date asc, session desc",
		)

	def file(self, user: HttpUser, values: dict) -> str:
		answer = user.insert(LEAVE, values)
		self.assertEqual(answer.status, 200, answer)
		return answer.data["name"]

	def requested(self, user: HttpUser, values: dict) -> str:
		name = self.file(user, values)
		answer = act(user, name, "Request")
		self.assertEqual(answer.status, 200, answer)
		return name


class TestLeaveFlow(LeaveWorld):
	def test_request_cover_approve_and_return_early(self):
		staff, chief, manager = HttpUser(self.staff), HttpUser(self.chief), HttpUser(self.manager)
		with freeze_time(MONDAY_MORNING):
			name = self.file(staff, leave_values(WEDNESDAY, THURSDAY))
			draft = stored(
				LEAVE, name, ["staff", "status", "sessions", "days", "cover_staff", "hall", "window"]
			)
			self.assertEqual(
				draft,
				{
					"staff": self.staff,
					"status": "Draft",
					"sessions": 4,
					"days": 2.0,
					"cover_staff": self.cover,  # the B post of the staff member's window
					"hall": self.hall,
					"window": self.w1,
				},
			)

			self.assertEqual(act(staff, name, "Request").status, 200)
			self.assertTrue(stored(LEAVE, name, ["requested_on"]).requested_on)
			# a manager decides only once the chief representative has proposed the cover
			self.assertIn(act(manager, name, "Approve").status, REFUSED)
			# the chief representative of another department proposes nothing here
			self.assertIn(act(HttpUser(self.other_chief), name, "Propose Cover").status, REFUSED)
			# nor does a colleague of the same department, nor the staff member
			self.assertIn(act(HttpUser(self.colleague), name, "Propose Cover").status, REFUSED)
			self.assertIn(act(staff, name, "Propose Cover").status, REFUSED)
			self.assertEqual(stored(LEAVE, name, ["status"]).status, "Requested")

			self.assertEqual(act(chief, name, "Propose Cover").status, 200)
			self.assertEqual(
				stored(LEAVE, name, ["status", "cover_proposed_by"]),
				{"status": "Cover Proposed", "cover_proposed_by": self.chief},
			)
			# the staff member and the chief representative cannot approve
			self.assertIn(act(staff, name, "Approve").status, REFUSED)
			self.assertIn(act(chief, name, "Approve").status, REFUSED)

			answer = act(manager, name, "Approve")
			self.assertEqual(answer.status, 200, answer)
			approved = stored(
				LEAVE,
				name,
				["status", "approved_by", "approved_on", "agency_informed_to", "agency_informed_on"],
			)
			self.assertEqual(approved.status, "Approved")
			self.assertEqual(approved.approved_by, self.manager)
			self.assertEqual(approved.agency_informed_to, self.agency_email)
			self.assertTrue(approved.agency_informed_on)

			# the staff member's four sessions are on leave; the cover has a Cover slot for each
			own = self.slots(self.staff)
			self.assertEqual(
				{(str(s.duty_date), s.session) for s in own if s.duty_status == "On Leave"},
				{
					(str(WEDNESDAY), "Morning"),
					(str(WEDNESDAY), "Afternoon"),
					(str(THURSDAY), "Morning"),
					(str(THURSDAY), "Afternoon"),
				},
			)
			self.assertTrue(all(s.leave_request == name for s in own if s.duty_status == "On Leave"))
			covers = self.slots(self.cover, "Cover")
			self.assertEqual(len(covers), 4)
			self.assertTrue(all(s.window == self.w1 and s.leave_request == name for s in covers))

			# the home agency's email is queued, in Chinese although the approver works in English
			queue = frappe.get_all(
				"Email Queue",
				filters={"reference_doctype": LEAVE, "reference_name": name},
				fields=["name", "message"],
			)
			self.assertEqual(len(queue), 1)
			recipients = frappe.get_all(
				"Email Queue Recipient", filters={"parent": queue[0].name}, pluck="recipient"
			)
			self.assertEqual(recipients, [self.agency_email])
			mail = email.message_from_string(queue[0].message, policy=email.policy.default)
			body = mail.get_body(preferencelist=("html",)).get_content()
			self.assertIn("请假已获批准", str(mail["Subject"]))
			self.assertIn("请假已获批准", body)
			self.assertIn("事假", body)  # the leave type, in Chinese
			self.assertIn("2026年12月9日上午至2026年12月10日下午", body)
			self.assertNotIn("approved", body.lower())

			# the cover reads the request they cover (shared with them)
			self.assertEqual(HttpUser(self.cover).get_doc(LEAVE, name).status, 200)

		# back early: on Wednesday at 10:00 the staff member reports back (销假)
		with freeze_time(WEDNESDAY_TEN):
			# started: it can no longer be cancelled, only ended by the return
			self.assertEqual(act(HttpUser(self.manager), name, "Cancel").status, 417)
			self.assertIn(act(HttpUser(self.other_chief), name, "Report Return").status, REFUSED)
			answer = act(HttpUser(self.staff), name, "Report Return")
			self.assertEqual(answer.status, 200, answer)
			returned = stored(LEAVE, name, ["status", "returned_on", "sessions", "days"])
			self.assertEqual(returned.status, "Returned")
			self.assertEqual(str(returned.returned_on), "2026-12-09 10:00:00")
			# the morning had started: it stays leave, the rest is freed
			self.assertEqual((returned.sessions, returned.days), (1, 0.5))
			on_leave = [
				(str(s.duty_date), s.session) for s in self.slots(self.staff) if s.duty_status == "On Leave"
			]
			self.assertEqual(on_leave, [(str(WEDNESDAY), "Morning")])
			self.assertEqual(
				[(str(s.duty_date), s.session) for s in self.slots(self.cover, "Cover")],
				[(str(WEDNESDAY), "Morning")],
			)
			self.assertEqual(len(self.slots(self.cover, "Cover", status="Cancelled")), 3)


class TestLeaveRules(LeaveWorld):
	def test_overlapping_requests_are_refused(self):
		colleague = HttpUser(self.colleague)
		with freeze_time(MONDAY_MORNING):
			first = self.requested(colleague, leave_values(NEXT_MONDAY, NEXT_MONDAY))
			answer = colleague.insert(
				LEAVE, leave_values(NEXT_MONDAY, NEXT_TUESDAY, from_session="Afternoon")
			)
			self.assertEqual(answer.status, 417, answer)
			self.assertIn(first, answer.server_messages)
			# the sessions after it are free
			self.file(colleague, leave_values(NEXT_TUESDAY, NEXT_TUESDAY))
			# once withdrawn (by the staff member: not by their chief), it keeps nobody away
			self.assertIn(act(HttpUser(self.chief), first, "Withdraw").status, REFUSED)
			self.assertEqual(act(colleague, first, "Withdraw").status, 200)
			self.file(colleague, leave_values(NEXT_MONDAY, NEXT_MONDAY, to_session="Morning"))

	def test_a_leave_starts_and_ends_on_working_days(self):
		saturday = datetime.date(2026, 12, 12)
		with freeze_time(MONDAY_MORNING):
			answer = HttpUser(self.colleague).insert(LEAVE, leave_values(FRIDAY, saturday))
			self.assertEqual(answer.status, 417, answer)
			answer = HttpUser(self.colleague).insert(
				LEAVE, leave_values(FRIDAY, FRIDAY, from_session="Afternoon", to_session="Morning")
			)
			self.assertEqual(answer.status, 417, answer)

	def test_rejection_needs_a_manager_and_the_reason(self):
		colleague, manager = HttpUser(self.colleague), HttpUser(self.manager)
		with freeze_time(MONDAY_MORNING):
			name = self.requested(colleague, leave_values(NEXT_WEDNESDAY, NEXT_WEDNESDAY))
			self.assertIn(act(HttpUser(self.chief), name, "Reject").status, REFUSED)
			# the approver's notes are a manager's to write
			self.assertIn(colleague.update(LEAVE, name, {"decision_notes": "同意"}).status, REFUSED)
			answer = act(manager, name, "Reject")
			self.assertEqual(answer.status, 417, answer)
			self.assertEqual(stored(LEAVE, name, ["status"]).status, "Requested")
			self.assertEqual(manager.update(LEAVE, name, {"decision_notes": "年底业务量大"}).status, 200)
			self.assertEqual(act(manager, name, "Reject").status, 200)
			self.assertEqual(stored(LEAVE, name, ["status"]).status, "Rejected")

	def test_nobody_approves_their_own_leave(self):
		own, chief = HttpUser(self.managing_staff), HttpUser(self.chief)
		with freeze_time(MONDAY_MORNING):
			name = self.requested(own, leave_values(NEXT_THURSDAY, NEXT_THURSDAY))
			# nobody is the B post of the window: the chief representative chooses the cover
			self.assertIn(act(chief, name, "Propose Cover").status, REFUSED)
			self.assertEqual(chief.update(LEAVE, name, {"cover_staff": self.cover}).status, 200)
			self.assertEqual(act(chief, name, "Propose Cover").status, 200)
			answer = act(own, name, "Approve")
			self.assertIn(answer.status, REFUSED, answer)
			self.assertEqual(stored(LEAVE, name, ["status"]).status, "Cover Proposed")
			self.assertEqual(act(HttpUser(self.manager), name, "Approve").status, 200)

	def test_approval_without_an_agency_email_goes_through_with_a_message(self):
		colleague, manager = HttpUser(self.colleague), HttpUser(self.manager)
		with freeze_time(MONDAY_MORNING):
			name = self.requested(colleague, leave_values(FRIDAY, FRIDAY, leave_type="Sick Leave"))
			# the requester does not choose the cover once the leave is requested
			self.assertIn(colleague.update(LEAVE, name, {"cover_staff": self.cover}).status, REFUSED)
			self.assertEqual(
				HttpUser(self.chief).update(LEAVE, name, {"cover_staff": self.cover}).status, 200
			)
			self.assertEqual(act(HttpUser(self.chief), name, "Propose Cover").status, 200)
			answer = act(manager, name, "Approve")
			self.assertEqual(answer.status, 200, answer)
			self.assertIn("has no contact email", answer.server_messages)
			self.assertEqual(
				stored(LEAVE, name, ["status", "agency_informed_to"]),
				{"status": "Approved", "agency_informed_to": None},
			)
			self.assertFalse(frappe.db.exists("Email Queue", {"reference_name": name}))
			# before it starts a manager may cancel it: the Cover slots go, not the staff member
			self.assertIn(act(colleague, name, "Cancel").status, REFUSED)
			self.assertEqual(len([s for s in self.slots(self.cover, "Cover") if s.leave_request == name]), 2)
			self.assertEqual(act(manager, name, "Cancel").status, 200)
			self.assertFalse([s for s in self.slots(self.cover, "Cover") if s.leave_request == name])
			self.assertFalse([s for s in self.slots(self.colleague) if s.leave_request == name])


class TestLeaveFiguresAreTheApps(LeaveWorld):
	def test_derived_and_stamped_fields_are_refused_over_rest(self):
		staff = HttpUser(self.staff)
		with freeze_time(MONDAY_MORNING):
			# a staff member files for themself only
			name = self.file(staff, leave_values(NEXT_TUESDAY, NEXT_TUESDAY, staff=self.colleague))
			self.assertEqual(stored(LEAVE, name, ["staff"]).staff, self.staff)
			# stamped by the steps: refused when given
			answer = staff.insert(
				LEAVE, leave_values(NEXT_WEDNESDAY, NEXT_WEDNESDAY, approved_by=self.manager)
			)
			self.assertIn(answer.status, REFUSED, answer)
			answer = staff.update(LEAVE, name, {"agency_informed_on": "2026-12-07 09:00:00"})
			self.assertIn(answer.status, REFUSED, answer)
			# the figures are computed whatever is sent
			self.assertEqual(staff.update(LEAVE, name, {"days": 30, "sessions": 60}).status, 200)
			self.assertEqual(stored(LEAVE, name, ["sessions", "days"]), {"sessions": 2, "days": 1.0})
			# the status moves by the workflow only
			answer = staff.update(LEAVE, name, {"status": "Approved"})
			self.assertIn(answer.status, REFUSED, answer)
			self.assertEqual(stored(LEAVE, name, ["status"]).status, "Draft")
			# others read nothing of it: a colleague, another department's chief
			self.assertIn(HttpUser(self.colleague).get_doc(LEAVE, name).status, REFUSED)
			self.assertIn(HttpUser(self.other_chief).get_doc(LEAVE, name).status, REFUSED)
			self.assertEqual(HttpUser(self.chief).get_doc(LEAVE, name).status, 200)
