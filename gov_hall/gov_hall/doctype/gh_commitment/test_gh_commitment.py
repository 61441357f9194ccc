# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt
"""Service commitments (服务承诺): who writes and who signs, versions and superseding, withdrawal on
cancel, wrong input refused with nothing changed, and the same rules over HTTP as real users."""

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import get_datetime

from gov_hall.api.commitments import new_version
from gov_hall.setup.roles import CHIEF_REPRESENTATIVE, HALL_MANAGER
from gov_hall.tests.factories import (
	as_user,
	make_case_setup,
	make_department,
	make_hall,
	make_staff,
	make_user,
	make_window,
)
from gov_hall.tests.http import HttpUser, commit_world, set_password
from gov_hall.utils.clock import now_datetime

CM = "GH Commitment"
REFUSED = (403, 417)


def make_commitment(**values):
	doc = frappe.get_doc(
		{
			"doctype": CM,
			"category": values.pop("category", "Time"),
			"title": values.pop("title", "承诺件提前办结"),
			"content": values.pop("content", "承诺件在承诺时限内提前1个工作日办结。"),
			**values,
		}
	)
	return doc.insert()


def sign(name: str):
	doc = frappe.get_doc(CM, name)
	doc.submit()
	return doc


def stored(name: str, fields=("docstatus", "status", "version", "signed_by", "signed_on")) -> dict:
	frappe.db.rollback()  # read what the requests committed, not this connection's snapshot
	return frappe.db.get_value(CM, name, list(fields), as_dict=True)


class CommitmentWorld(FrappeTestCase):
	"""One committed hall: department A (two staff, a chief), department B (its window and chief),
	a hall manager."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		# on a fresh site Frappe makes the first desk user a System Manager: let it be someone else
		make_user(["System Manager"])
		s = cls.s = make_case_setup()
		cls.manager = make_user([HALL_MANAGER])
		cls.chief = cls.make_chief(s.department, s.other_window)
		cls.dept_b = make_department(s.hall).name
		cls.window_b = make_window(s.hall, cls.dept_b).name
		cls.chief_b = cls.make_chief(cls.dept_b, cls.window_b)
		cls.other_hall = make_hall().name
		for user in (s.staff, s.other_staff, cls.manager, cls.chief, cls.chief_b):
			set_password(user)
		commit_world()

	@staticmethod
	def make_chief(department: str, window: str) -> str:
		chief = make_staff(department, window).user
		frappe.get_doc("User", chief).add_roles(CHIEF_REPRESENTATIVE)
		frappe.db.set_value("GH Stationed Department", department, "chief_representative", chief)
		return chief

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback()
		super().tearDown()

	def staff_commitment(self, staff: str | None = None, by: str | None = None, **values):
		staff = staff or self.s.staff
		return as_user(
			by or staff, make_commitment, commitment_for="Staff", hall=self.s.hall, staff=staff, **values
		)

	def window_commitment(self, window: str | None = None, by: str | None = None, **values):
		return as_user(
			by or self.manager,
			make_commitment,
			commitment_for="Window",
			hall=self.s.hall,
			window=window or self.s.window,
			**values,
		)


class TestSigning(CommitmentWorld):
	def test_staff_signs_their_own_commitment(self):
		draft = self.staff_commitment()
		self.assertEqual((draft.status, draft.version, draft.department), ("Draft", 1, self.s.department))
		self.assertEqual(draft.window, self.s.window)
		self.assertFalse(draft.signed_by)
		before = now_datetime().replace(microsecond=0)
		signed = as_user(self.s.staff, sign, draft.name)
		self.assertEqual((signed.docstatus, signed.status), (1, "Active"))
		self.assertEqual(signed.signed_by, self.s.staff)
		self.assertEqual(signed.signed_by_name, frappe.utils.get_fullname(self.s.staff))
		# Beijing time, whatever the site's zone
		self.assertLessEqual(before, get_datetime(signed.signed_on))
		self.assertLessEqual(get_datetime(signed.signed_on), now_datetime())

	def test_nobody_else_signs_a_staff_commitment(self):
		draft = self.staff_commitment(by=self.chief)  # the chief may write it for the staff member
		for user in (self.s.other_staff, self.chief, self.manager, "Administrator"):
			with self.assertRaises(frappe.PermissionError, msg=user):
				as_user(user, sign, draft.name)
			self.assertEqual(frappe.db.get_value(CM, draft.name, "docstatus"), 0)
		self.assertEqual(as_user(self.s.staff, sign, draft.name).status, "Active")

	def test_window_commitment_signed_by_its_chief_or_a_manager(self):
		for user in (self.s.staff, self.chief_b):
			draft = self.window_commitment(title=f"窗口承诺{user}")
			with self.assertRaises(frappe.PermissionError, msg=user):
				as_user(user, sign, draft.name)
			self.assertEqual(frappe.db.get_value(CM, draft.name, "status"), "Draft")
		by_chief = as_user(self.chief, sign, self.window_commitment(title="热心服务", by=self.chief).name)
		self.assertEqual((by_chief.status, by_chief.signed_by), ("Active", self.chief))
		by_manager = as_user(self.manager, sign, self.window_commitment(title="耐心服务").name)
		self.assertEqual(by_manager.signed_by, self.manager)

	def test_hall_commitments_are_the_managers(self):
		for user in (self.s.staff, self.chief):
			with self.assertRaises(frappe.PermissionError, msg=user):
				as_user(user, make_commitment, commitment_for="Hall", hall=self.s.hall, title="正点服务")
		draft = as_user(
			self.manager, make_commitment, commitment_for="Hall", hall=self.s.hall, title="正点服务"
		)
		self.assertFalse(draft.window or draft.department or draft.staff)
		self.assertEqual(as_user(self.manager, sign, draft.name).status, "Active")

	def test_writers_are_limited_to_their_own_and_their_department(self):
		# a staff member cannot write a colleague's commitment, nor a window's
		with self.assertRaises(frappe.PermissionError):
			self.staff_commitment(staff=self.s.other_staff, by=self.s.staff)
		with self.assertRaises(frappe.PermissionError):
			self.window_commitment(by=self.s.staff)
		# a chief writes their department's, not another department's
		with self.assertRaises(frappe.PermissionError):
			self.window_commitment(window=self.window_b, by=self.chief)
		self.assertEqual(self.window_commitment(by=self.chief).department, self.s.department)

	def test_nobody_takes_over_a_colleagues_draft(self):
		draft = self.staff_commitment(staff=self.s.other_staff)
		doc = frappe.get_doc(CM, draft.name)
		doc.staff = self.s.staff
		with self.assertRaises(frappe.PermissionError):
			as_user(self.s.staff, doc.save)
		self.assertEqual(frappe.db.get_value(CM, draft.name, "staff"), self.s.other_staff)


class TestVersions(CommitmentWorld):
	def test_new_version_supersedes_the_previous_when_signed(self):
		v1 = as_user(self.s.staff, sign, self.staff_commitment().name)
		draft_name = as_user(self.s.staff, new_version, v1.name)
		self.assertEqual(as_user(self.s.staff, new_version, v1.name), draft_name, "one draft at a time")
		draft = frappe.get_doc(CM, draft_name)
		self.assertEqual((draft.version, draft.previous_version, draft.status), (2, v1.name, "Draft"))
		self.assertEqual((draft.title, draft.content), (v1.title, v1.content))
		self.assertEqual(frappe.db.get_value(CM, v1.name, "status"), "Active", "still in force until signed")

		draft.content = "承诺件在承诺时限内提前2个工作日办结。"
		as_user(self.s.staff, draft.save)
		v2 = as_user(self.s.staff, sign, draft_name)
		self.assertEqual((v2.status, v2.version), ("Active", 2))
		self.assertEqual(frappe.db.get_value(CM, v1.name, "status"), "Superseded")
		v3 = as_user(self.s.staff, sign, as_user(self.s.staff, new_version, v2.name))
		self.assertEqual(v3.version, 3)
		statuses = frappe.get_all(CM, filters={"staff": self.s.staff, "title": v1.title}, pluck="status")
		self.assertEqual(sorted(statuses), ["Active", "Superseded", "Superseded"])
		active = frappe.get_all(
			CM, filters={"staff": self.s.staff, "title": v1.title, "status": "Active"}, pluck="name"
		)
		self.assertEqual(active, [v3.name])

	def test_signing_another_title_or_subject_supersedes_nothing(self):
		mine = as_user(self.s.staff, sign, self.staff_commitment().name)
		as_user(self.s.staff, sign, self.staff_commitment(title="耐心解答").name)
		as_user(self.s.other_staff, sign, self.staff_commitment(staff=self.s.other_staff).name)
		self.assertEqual(frappe.db.get_value(CM, mine.name, "status"), "Active")

	def test_a_new_commitment_on_the_same_subject_continues_the_versions(self):
		v1 = as_user(self.s.staff, sign, self.staff_commitment().name)
		again = as_user(self.s.staff, sign, self.staff_commitment().name)
		self.assertEqual(again.version, 2)
		self.assertEqual(frappe.db.get_value(CM, v1.name, "status"), "Superseded")

	def test_only_signed_commitments_get_a_new_version(self):
		draft = self.staff_commitment()
		with self.assertRaises(frappe.ValidationError):
			as_user(self.s.staff, new_version, draft.name)
		self.assertEqual(frappe.db.count(CM, {"previous_version": draft.name}), 0)


class TestWithdrawAndWrongInput(CommitmentWorld):
	def test_cancel_withdraws_and_keeps_the_record(self):
		signed = as_user(self.s.staff, sign, self.staff_commitment().name)
		with self.assertRaises(frappe.PermissionError):
			as_user(self.s.staff, lambda: frappe.get_doc(CM, signed.name).cancel())
		self.assertEqual(frappe.db.get_value(CM, signed.name, "status"), "Active")
		as_user(self.manager, lambda: frappe.get_doc(CM, signed.name).cancel())
		self.assertEqual(
			frappe.db.get_value(CM, signed.name, ["docstatus", "status"], as_dict=True),
			{"docstatus": 2, "status": "Withdrawn"},
		)
		with self.assertRaises(frappe.PermissionError):
			as_user(self.manager, frappe.delete_doc, CM, signed.name)
		self.assertTrue(frappe.db.exists(CM, signed.name))

	def test_wrong_input_is_refused_and_nothing_changes(self):
		signed = as_user(self.s.staff, sign, self.staff_commitment().name)
		other = as_user(self.s.other_staff, sign, self.staff_commitment(staff=self.s.other_staff).name)
		count = frappe.db.count(CM)
		wrong = [
			dict(commitment_for="Window", hall=self.s.hall),  # no window
			dict(commitment_for="Window", hall=self.other_hall, window=self.s.window),  # another hall's
			dict(commitment_for="Staff", hall=self.s.hall, staff=self.manager),  # not window staff
			dict(commitment_for="Staff", hall=self.s.hall),  # nobody
			dict(commitment_for="Team", hall=self.s.hall),
			dict(commitment_for="Hall", hall=self.s.hall, title="<script>x</script>"),
			dict(commitment_for="Hall", hall=self.s.hall, content="   "),
			# a new version of another subject, of a draft, of another title
			dict(commitment_for="Staff", hall=self.s.hall, staff=self.s.staff, previous_version=other.name),
			dict(
				commitment_for="Staff",
				hall=self.s.hall,
				staff=self.s.staff,
				previous_version=signed.name,
				title="别的标题",
			),
		]
		for values in wrong:
			with self.assertRaises(frappe.ValidationError, msg=values):
				make_commitment(**values)
		self.assertEqual(frappe.db.count(CM), count)
		self.assertEqual(frappe.db.get_value(CM, signed.name, "status"), "Active")
		self.assertEqual(frappe.db.get_value(CM, other.name, "status"), "Active")


class TestCommitmentsOverHttp(CommitmentWorld):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		s = cls.s
		cls.colleague_draft = as_user(
			s.other_staff, make_commitment, commitment_for="Staff", hall=s.hall, staff=s.other_staff
		).name
		cls.own_draft = as_user(
			s.staff, make_commitment, commitment_for="Staff", hall=s.hall, staff=s.staff, title="首问负责"
		).name
		cls.own_signed = as_user(
			s.staff, make_commitment, commitment_for="Staff", hall=s.hall, staff=s.staff, title="一次告知"
		).name
		as_user(s.staff, sign, cls.own_signed)
		cls.window_b_draft = as_user(
			cls.manager, make_commitment, commitment_for="Window", hall=s.hall, window=cls.window_b
		).name
		# the hall's people read the app in Chinese, whatever the site's own language
		for user in (cls.chief, cls.chief_b, cls.manager, s.staff, s.other_staff):
			frappe.db.set_value("User", user, "language", "zh")
		commit_world()

	def test_staff_cannot_sign_a_colleagues_commitment(self):
		staff = HttpUser(self.s.staff)
		doc = staff.get_doc(CM, self.colleague_draft)
		self.assertEqual(doc.status, 200, "a colleague's commitment of the department is readable")
		answer = staff.update(CM, self.colleague_draft, {"docstatus": 1})
		self.assertIn(answer.status, REFUSED, answer)
		answer = staff.call("frappe.client.submit", doc=doc.data)
		self.assertIn(answer.status, REFUSED, answer)
		self.assertEqual(stored(self.colleague_draft).docstatus, 0)
		self.assertEqual(stored(self.colleague_draft).status, "Draft")

	def test_the_chief_writes_a_staff_commitment_but_only_the_staff_member_signs_it(self):
		answer = HttpUser(self.chief).insert(
			CM,
			{
				"commitment_for": "Staff",
				"hall": self.s.hall,
				"staff": self.s.staff,
				"title": "限时办结",
				"content": "即办件当场办结。",
			},
		)
		self.assertEqual(answer.status, 200, answer)
		name = answer.data["name"]
		for user in (self.chief, self.manager):
			answer = HttpUser(user).update(CM, name, {"docstatus": 1})
			self.assertEqual(answer.status, 403, (user, answer))
			self.assertIn("本人", answer.server_messages)
			self.assertEqual(stored(name).status, "Draft")
		answer = HttpUser(self.s.staff).update(CM, name, {"docstatus": 1})
		self.assertEqual(answer.status, 200, answer)
		self.assertEqual(stored(name).signed_by, self.s.staff)

	def test_staff_cannot_write_version_status_or_signature(self):
		staff = HttpUser(self.s.staff)
		before = stored(self.own_draft)
		for values in ({"status": "Active"}, {"version": 9}):
			answer = staff.update(CM, self.own_draft, values)
			# derived: whatever the request sent, the stored value is put back
			self.assertIn(answer.status, (200, *REFUSED), answer)
			self.assertEqual(stored(self.own_draft), before)
		for values in ({"signed_by": self.manager}, {"signed_on": "2026-01-01 09:00:00"}):
			answer = staff.update(CM, self.own_draft, values)
			self.assertIn(answer.status, REFUSED, answer)
			self.assertEqual(stored(self.own_draft), before)
		# nor on a signed one
		signed = stored(self.own_signed)
		for values in ({"status": "Withdrawn"}, {"version": 5}):
			answer = staff.update(CM, self.own_signed, values)
			self.assertIn(answer.status, (200, *REFUSED), answer)
		answer = staff.update(CM, self.own_signed, {"signed_by": self.manager})
		self.assertIn(answer.status, REFUSED, answer)
		self.assertEqual(stored(self.own_signed), signed)
		# nor at creation: a commitment posted as signed is a draft with no signature
		answer = staff.insert(
			CM,
			{
				"commitment_for": "Staff",
				"hall": self.s.hall,
				"staff": self.s.staff,
				"title": "文明用语",
				"content": "使用文明用语。",
				"status": "Active",
				"version": 4,
				"signed_by": self.manager,
			},
		)
		self.assertEqual(answer.status, 200, answer)
		self.assertEqual(
			stored(answer.data["name"]),
			{"docstatus": 0, "status": "Draft", "version": 1, "signed_by": None, "signed_on": None},
		)

	def test_staff_cannot_write_for_a_colleague_over_http(self):
		count = frappe.db.count(CM)
		answer = HttpUser(self.s.staff).insert(
			CM,
			{
				"commitment_for": "Staff",
				"hall": self.s.hall,
				"staff": self.s.other_staff,
				"title": "代签",
				"content": "代同事作出的承诺。",
			},
		)
		self.assertIn(answer.status, REFUSED, answer)
		frappe.db.rollback()
		self.assertEqual(frappe.db.count(CM), count)

	def test_chief_cannot_sign_another_departments_window_commitment(self):
		chief = HttpUser(self.chief)
		answer = chief.update(CM, self.window_b_draft, {"docstatus": 1})
		self.assertIn(answer.status, REFUSED, answer)
		self.assertEqual(stored(self.window_b_draft).docstatus, 0)
		# its own chief can
		answer = HttpUser(self.chief_b).update(CM, self.window_b_draft, {"docstatus": 1})
		self.assertEqual(answer.status, 200, answer)
		self.assertEqual(stored(self.window_b_draft).status, "Active")

	def test_new_version_over_http(self):
		answer = HttpUser(self.s.other_staff).call(
			"gov_hall.api.commitments.new_version", name=self.own_signed
		)
		# the colleague can read the signed commitment but may not write one for someone else
		self.assertIn(answer.status, REFUSED, answer)
		answer = HttpUser(self.s.staff).call("gov_hall.api.commitments.new_version", name=self.own_signed)
		self.assertEqual(answer.status, 200, answer)
		self.assertEqual(stored(answer.message, ("previous_version", "version")).version, 2)
		for name in ("CM-NOPE", ["x"]):
			answer = HttpUser(self.s.staff).call("gov_hall.api.commitments.new_version", name=name)
			self.assertEqual(answer.status, 417, answer)
