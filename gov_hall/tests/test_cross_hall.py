"""One case across halls (issue 16, 县乡同办): a case received at a township hall or a village service
point for a county matter, forwarded, decided at the county and issued where the citizen applied.

Every request goes through frappe.app.application as a logged-in user (gov_hall.tests.http).
"""

import io
import json

import frappe
from frappe.tests.utils import FrappeTestCase

from gov_hall.setup.roles import CHIEF_REPRESENTATIVE, HALL_MANAGER
from gov_hall.tests.factories import (
	VALID_RESIDENT_ID,
	make_department,
	make_hall,
	make_matter,
	make_staff,
	make_user,
	make_window,
)
from gov_hall.tests.http import HttpUser, commit_world, set_password

CASE = "GH Case"
STEP = "gov_hall.api.handover.take_step"
NEXT = "gov_hall.api.handover.next_steps"
APPLY = "frappe.model.workflow.apply_workflow"
REFUSED = (403, 417)


def stored(name: str, fields: list[str]) -> dict:
	frappe.db.rollback()  # read what the requests committed
	return frappe.db.get_value(CASE, name, fields, as_dict=True)


def handovers(name: str) -> list[dict]:
	frappe.db.rollback()
	return frappe.get_all(
		"GH Case Handover",
		filters={"parent": name, "parenttype": CASE},
		fields=[
			"step",
			"at",
			"by_user",
			"from_hall",
			"to_hall",
			"paper_items",
			"paper_count",
			"tracking_number",
		],
		order_by="idx asc",
	)


class CrossHallWorld(FrappeTestCase):
	"""A county hall with the matter's department (two staff, a chief), another county department; a
	township hall that accepts the matter, its village service point; a township that does not."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.county = make_hall().name
		cls.county_dept = make_department(cls.county).name
		cls.county_window = make_window(cls.county, cls.county_dept).name
		cls.county_window2 = make_window(cls.county, cls.county_dept).name
		cls.county_staff = make_staff(cls.county_dept, cls.county_window).user
		cls.county_chief = make_staff(cls.county_dept, cls.county_window2).user
		frappe.get_doc("User", cls.county_chief).add_roles(CHIEF_REPRESENTATIVE)
		frappe.db.set_value(
			"GH Stationed Department", cls.county_dept, "chief_representative", cls.county_chief
		)
		other_dept = make_department(cls.county).name
		cls.other_staff = make_staff(other_dept, make_window(cls.county, other_dept).name).user

		cls.township = make_hall(hall_level="Branch Hall", parent_hall=cls.county).name
		cls.township_dept = make_department(cls.township).name
		cls.township_window = make_window(cls.township, cls.township_dept).name
		cls.township_staff = make_staff(cls.township_dept, cls.township_window).user

		cls.village = make_hall(hall_level="Village Service Point", parent_hall=cls.township).name
		cls.village_dept = make_department(cls.village).name
		cls.village_window = make_window(cls.village, cls.village_dept).name
		cls.village_staff = make_staff(cls.village_dept, cls.village_window).user

		cls.far_township = make_hall(hall_level="Branch Hall", parent_hall=cls.county).name
		far_dept = make_department(cls.far_township).name
		cls.far_window = make_window(cls.far_township, far_dept).name
		cls.far_staff = make_staff(far_dept, cls.far_window).user

		cls.manager = make_user([HALL_MANAGER])
		extended = {"handling_level": "County–Township", "accepting_halls": [{"hall": cls.township}]}
		cls.matter = make_matter(cls.county_dept, matter_name="县乡同办事项", **extended).name
		cls.in_person = make_matter(
			cls.county_dept, matter_name="本人办理事项", agent_allowed=0, **extended
		).name
		cls.county_only = make_matter(cls.county_dept, matter_name="县级事项").name
		for user in (
			cls.county_staff,
			cls.county_chief,
			cls.other_staff,
			cls.township_staff,
			cls.village_staff,
			cls.far_staff,
			cls.manager,
		):
			set_password(user)
			# the refusals are read in Chinese whatever the site's language (CI's tier-2 site is en)
			frappe.db.set_value("User", user, "language", "zh")
		commit_world()

	# -- helpers ----------------------------------------------------------------------------------

	def receive(self, user: str, hall: str, window: str, matter: str | None = None, **values):
		return HttpUser(user).insert(
			CASE,
			{
				"applicant_type": "Person",
				"applicant_name": "王五",
				"id_number": VALID_RESIDENT_ID,
				"mobile": "13912345678",
				"matter": matter or self.matter,
				"hall": hall,
				"window": window,
				"channel": "Window",
				**values,
			},
		)

	def township_case(self) -> str:
		answer = self.receive(self.township_staff, self.township, self.township_window)
		self.assertEqual(answer.status, 200, answer)
		return answer.data["name"]

	def act(self, user: str, case: str, action: str):
		http = HttpUser(user)
		doc = http.get_doc(CASE, case)
		self.assertEqual(doc.status, 200, doc)
		return http.call(APPLY, doc=json.dumps(doc.data), action=action)

	def step(self, user: str, case: str, step: str, **details):
		return HttpUser(user).call(STEP, case=case, step=step, **details)

	def ok(self, answer):
		self.assertEqual(answer.status, 200, answer)
		return answer

	def at_county(self) -> str:
		case = self.township_case()
		self.ok(self.act(self.township_staff, case, "Accept"))
		self.ok(self.step(self.township_staff, case, "Forward to County", paper_items="申请书\n身份证复印件"))
		self.ok(self.step(self.county_staff, case, "Receive at County"))
		return case

	def ready(self) -> str:
		case = self.at_county()
		self.ok(self.act(self.county_staff, case, "Complete"))
		self.ok(self.step(self.county_staff, case, "Send Result", paper_items="准予许可决定书"))
		self.ok(self.step(self.township_staff, case, "Receive Result"))
		return case

	def county_notice(self, case: str):
		return HttpUser(self.county_staff).insert(
			"GH Supplement Notice",
			{"case": case, "items": [{"material_name": "房产证", "problem": "Missing"}]},
		)

	def upload_consent(self, user: str) -> str:
		answer = HttpUser(user).request(
			"POST",
			"/api/method/upload_file",
			data={"file": (io.BytesIO(b"%PDF-1.4 consent"), "委托书.pdf"), "is_private": "1"},
		)
		self.assertEqual(answer.status, 200, answer)
		return answer.message["file_url"]


class TestOneCaseAcrossHalls(CrossHallWorld):
	def test_the_whole_way_with_one_number_and_one_clock(self):
		case = self.township_case()
		code = frappe.db.get_value("GH Service Hall", self.township, "hall_code")
		self.assertTrue(case.startswith(f"{code}-"), case)
		first = stored(
			case,
			[
				"route",
				"handling_hall",
				"receiving_department",
				"department",
				"transfer_status",
				"received_on",
			],
		)
		self.assertEqual(first.route, "County–Township")
		self.assertEqual(first.handling_hall, self.county)
		self.assertEqual(first.receiving_department, self.township_dept)
		self.assertEqual(first.department, self.county_dept)
		self.assertEqual(first.transfer_status, "At Receiving Hall")

		self.ok(self.act(self.township_staff, case, "Accept"))
		clock = stored(case, ["clock_start", "due_date", "accepted_on"])
		self.ok(
			self.step(
				self.township_staff,
				case,
				"Forward to County",
				paper_items="申请书\n身份证复印件",
				notes="原件已核",
			)
		)
		self.assertEqual(stored(case, ["transfer_status"]).transfer_status, "Sent to County")
		answer = self.ok(self.step(self.county_staff, case, "Receive at County"))
		self.assertEqual(answer.message["transfer_status"], "At County")
		self.ok(self.act(self.county_staff, case, "Start Processing"))
		self.ok(self.act(self.county_staff, case, "Complete"))
		self.ok(self.step(self.county_staff, case, "Send Result", paper_items="准予许可决定书"))
		self.ok(self.step(self.township_staff, case, "Receive Result"))
		self.ok(self.step(self.township_staff, case, "Issue"))

		final = stored(
			case,
			[
				"name",
				"transfer_status",
				"status",
				"handling_window",
				"handling_staff",
				"issued_on",
				"clock_start",
				"due_date",
				"accepted_on",
				"received_on",
				"completed_on",
				"hall",
			],
		)
		self.assertEqual(final.transfer_status, "Issued")
		self.assertEqual(final.status, "Completed")
		self.assertEqual(final.handling_window, self.county_window)
		self.assertEqual(final.handling_staff, self.county_staff)
		self.assertEqual(final.hall, self.township)
		self.assertTrue(final.issued_on)
		# one clock: started at the township on acceptance, never restarted by the hand-overs
		self.assertEqual((final.clock_start, final.due_date, final.accepted_on), tuple(clock.values()))
		self.assertEqual(final.received_on, first.received_on)
		rows = handovers(case)
		self.assertEqual(
			[r.step for r in rows],
			["Forward to County", "Receive at County", "Send Result", "Receive Result", "Issue"],
		)
		self.assertEqual(
			[r.by_user for r in rows],
			[
				self.township_staff,
				self.county_staff,
				self.county_staff,
				self.township_staff,
				self.township_staff,
			],
		)
		self.assertEqual((rows[0].from_hall, rows[0].to_hall), (self.township, self.county))
		self.assertEqual((rows[2].from_hall, rows[2].to_hall), (self.county, self.township))
		self.assertEqual((rows[0].paper_items, rows[0].paper_count), ("申请书\n身份证复印件", 2))
		self.assertTrue(all(r.at for r in rows))
		self.assertTrue(all(r.at >= final.accepted_on for r in rows))

	def test_no_step_can_be_skipped(self):
		case = self.township_case()
		# not accepted yet: nothing to forward
		self.assertEqual(self.step(self.township_staff, case, "Forward to County").status, 417)
		self.ok(self.act(self.township_staff, case, "Accept"))
		for user, step in (
			(self.county_staff, "Receive at County"),
			(self.county_staff, "Send Result"),
			(self.township_staff, "Receive Result"),
			(self.township_staff, "Issue"),
		):
			answer = self.step(user, case, step)
			self.assertEqual(answer.status, 417, (step, answer))
		self.ok(self.step(self.township_staff, case, "Forward to County"))
		self.assertEqual(self.step(self.township_staff, case, "Forward to County").status, 417)
		self.assertEqual(self.step(self.county_staff, case, "Send Result").status, 417)
		self.ok(self.step(self.county_staff, case, "Receive at County"))
		# decided first, then the result goes back
		answer = self.step(self.county_staff, case, "Send Result")
		self.assertEqual(answer.status, 417, answer)
		self.assertEqual(self.step(self.township_staff, case, "Unknown Step").status, 417)
		self.assertEqual([r.step for r in handovers(case)], ["Forward to County", "Receive at County"])

	def test_each_side_takes_only_its_own_steps(self):
		case = self.township_case()
		self.ok(self.act(self.township_staff, case, "Accept"))
		# the county cannot forward for the township, another township cannot either
		self.assertEqual(self.step(self.county_staff, case, "Forward to County").status, 403)
		self.assertIn(self.step(self.far_staff, case, "Forward to County").status, REFUSED)
		self.ok(self.step(self.township_staff, case, "Forward to County"))
		# only the handling department receives it at the county
		self.assertEqual(self.step(self.township_staff, case, "Receive at County").status, 403)
		self.assertEqual(self.step(self.other_staff, case, "Receive at County").status, 403)
		self.ok(self.step(self.county_chief, case, "Receive at County"))
		self.assertEqual(stored(case, ["handling_staff"]).handling_staff, self.county_chief)

	def test_the_receiving_hall_cannot_decide_a_county_case(self):
		case = self.township_case()
		self.ok(self.act(self.township_staff, case, "Accept"))
		self.assertIn(self.act(self.township_staff, case, "Complete").status, REFUSED)
		self.ok(self.step(self.township_staff, case, "Forward to County"))
		# on the road: the county receives it before deciding
		self.assertIn(self.act(self.county_staff, case, "Complete").status, REFUSED)
		self.ok(self.step(self.county_staff, case, "Receive at County"))
		self.assertIn(self.act(self.township_staff, case, "Complete").status, REFUSED)
		self.assertEqual(stored(case, ["status"]).status, "Accepted")
		self.ok(self.act(self.county_staff, case, "Complete"))

	def test_return_for_supplement_pauses_and_resumes(self):
		case = self.at_county()
		# no notice, no return
		self.assertEqual(self.step(self.county_staff, case, "Return to Receiving Hall").status, 417)
		notice = self.county_notice(case)
		self.assertEqual(notice.status, 200, notice)
		paused = stored(case, ["status", "is_paused", "transfer_status"])
		self.assertEqual(
			(paused.status, paused.is_paused, paused.transfer_status), ("Supplement Required", 1, "At County")
		)
		self.ok(self.step(self.county_staff, case, "Return to Receiving Hall", paper_items="补正材料通知书"))
		self.assertEqual(stored(case, ["transfer_status"]).transfer_status, "Returned to Receiving Hall")
		# on the road back: the applicant's return is recorded once the township has the papers
		self.assertIn(self.act(self.township_staff, case, "Applicant Returned").status, REFUSED)
		self.ok(self.step(self.township_staff, case, "Receive Return"))
		self.ok(self.act(self.township_staff, case, "Applicant Returned"))
		resumed = stored(case, ["status", "is_paused", "transfer_status"])
		self.assertEqual(
			(resumed.status, resumed.is_paused, resumed.transfer_status), ("Accepted", 0, "At Receiving Hall")
		)
		self.assertEqual(
			frappe.db.get_value("GH Supplement Notice", notice.data["name"], "status"), "Returned"
		)
		pauses = frappe.get_all("GH Case Pause", {"parent": case}, ["paused_on", "resumed_on"])
		self.assertEqual(len(pauses), 1)
		self.assertTrue(pauses[0].resumed_on)
		self.ok(self.step(self.township_staff, case, "Forward to County", paper_items="房产证"))
		self.ok(self.step(self.county_staff, case, "Receive at County"))
		self.assertEqual(
			[r.step for r in handovers(case)],
			[
				"Forward to County",
				"Receive at County",
				"Return to Receiving Hall",
				"Receive Return",
				"Forward to County",
				"Receive at County",
			],
		)

	def test_the_receiving_hall_asks_for_a_supplement_before_forwarding(self):
		case = self.township_case()
		self.ok(self.act(self.township_staff, case, "Accept"))
		notice = HttpUser(self.township_staff).insert(
			"GH Supplement Notice",
			{"case": case, "items": [{"material_name": "户口簿", "problem": "Missing"}]},
		)
		self.assertEqual(notice.status, 200, notice)
		# paused at the township: it cannot be forwarded until the applicant returns
		self.assertEqual(self.step(self.township_staff, case, "Forward to County").status, 417)
		self.ok(self.act(self.township_staff, case, "Applicant Returned"))
		self.ok(self.step(self.township_staff, case, "Forward to County"))

	def test_the_county_refuses_and_the_decision_goes_back_to_the_township(self):
		case = self.at_county()
		self.assertEqual(self.county_notice(case).status, 200)
		# 不予受理 is the county's decision, with its reason; the township cannot take it
		self.ok(HttpUser(self.county_staff).update(CASE, case, {"rejection_reason": "材料逾期未补正"}))
		answer = self.act(self.township_staff, case, "Reject")
		self.assertIn(answer.status, REFUSED, answer)
		self.assertIn("县级承办部门", answer.server_messages)
		self.ok(self.act(self.county_staff, case, "Reject"))
		self.ok(self.step(self.county_staff, case, "Send Result", paper_items="不予受理决定书"))
		self.ok(self.step(self.township_staff, case, "Receive Result"))
		self.ok(self.step(self.township_staff, case, "Issue"))
		done = stored(case, ["status", "transfer_status", "is_paused"])
		self.assertEqual((done.status, done.transfer_status, done.is_paused), ("Rejected", "Issued", 0))

	def test_post_needs_a_tracking_number(self):
		case = self.ready()
		answer = self.step(self.township_staff, case, "Post")
		self.assertEqual(answer.status, 417, answer)
		self.assertEqual(self.step(self.township_staff, case, "Post", tracking_number="<b>x</b>").status, 417)
		self.ok(self.step(self.township_staff, case, "Post", tracking_number="ea123456789cn"))
		done = stored(case, ["transfer_status", "ems_tracking_number", "delivery_method", "issued_on"])
		self.assertEqual(
			(done.transfer_status, done.ems_tracking_number, done.delivery_method),
			("Posted", "EA123456789CN", "Post"),
		)
		self.assertTrue(done.issued_on)
		self.assertEqual(handovers(case)[-1].tracking_number, "EA123456789CN")
		# delivered: no second delivery
		self.assertEqual(self.step(self.township_staff, case, "Issue").status, 417)

	def test_next_steps_for_the_desk(self):
		case = self.township_case()
		self.ok(self.act(self.township_staff, case, "Accept"))
		mine = self.ok(HttpUser(self.township_staff).call(NEXT, "GET", case=case)).message
		self.assertEqual([(s["step"], s["allowed"]) for s in mine["steps"]], [("Forward to County", True)])
		theirs = self.ok(HttpUser(self.county_staff).call(NEXT, "GET", case=case)).message
		self.assertEqual([(s["step"], s["allowed"]) for s in theirs["steps"]], [("Forward to County", False)])
		self.assertEqual(HttpUser(self.other_staff).call(NEXT, "GET", case=case).status, 403)


class TestWhereACaseMayBeReceived(CrossHallWorld):
	def test_a_hall_outside_the_accepting_list_is_refused(self):
		count = frappe.db.count(CASE)
		answer = self.receive(self.far_staff, self.far_township, self.far_window)
		self.assertEqual(answer.status, 417, answer)
		answer = self.receive(
			self.township_staff, self.township, self.township_window, matter=self.county_only
		)
		self.assertEqual(answer.status, 417, answer)
		frappe.db.rollback()
		self.assertEqual(frappe.db.count(CASE), count)

	def test_a_county_case_at_the_county_is_a_single_hall_case(self):
		answer = self.receive(self.county_staff, self.county, self.county_window)
		self.assertEqual(answer.status, 200, answer)
		case = stored(
			answer.data["name"], ["route", "transfer_status", "handling_hall", "receiving_department"]
		)
		self.assertEqual(tuple(case.values()), (None, None, None, None))
		self.assertEqual(self.step(self.county_staff, answer.data["name"], "Forward to County").status, 417)


class TestVillageAgents(CrossHallWorld):
	def test_a_village_point_accepts_and_acts_with_consent(self):
		consent = self.upload_consent(self.village_staff)
		answer = self.receive(
			self.village_staff,
			self.village,
			self.village_window,
			agent=self.village_staff,
			consent_attachment=consent,
		)
		self.assertEqual(answer.status, 200, answer)
		case = answer.data["name"]
		made = stored(
			case,
			[
				"route",
				"agent",
				"agent_role",
				"agent_name",
				"consent_recorded_on",
				"receiving_department",
				"mobile_last4",
			],
		)
		self.assertEqual(made.route, "County–Township")
		self.assertEqual((made.agent, made.agent_role), (self.village_staff, "Village Staff"))
		self.assertTrue(made.agent_name)
		self.assertTrue(made.consent_recorded_on)
		self.assertEqual(made.receiving_department, self.village_dept)
		# the applicant keeps their own phone digits for tracking and rating
		self.assertEqual(made.mobile_last4, "5678")
		self.assertEqual(
			frappe.db.get_value("File", {"file_url": consent}, ["attached_to_doctype", "attached_to_name"]),
			(CASE, case),
		)
		self.ok(self.act(self.village_staff, case, "Accept"))
		self.ok(self.step(self.village_staff, case, "Forward to County"))
		rows = handovers(case)
		self.assertEqual((rows[0].from_hall, rows[0].to_hall), (self.village, self.county))
		# the consent time is the system's
		answer = HttpUser(self.village_staff).update(
			CASE, case, {"consent_recorded_on": "2020-01-01 09:00:00"}
		)
		self.assertEqual(answer.status, 417, answer)

	def test_an_agent_without_consent_is_refused(self):
		answer = self.receive(self.village_staff, self.village, self.village_window, agent=self.village_staff)
		self.assertEqual(answer.status, 417, answer)
		# a public file is not a private consent
		public = HttpUser(self.village_staff).request(
			"POST",
			"/api/method/upload_file",
			data={"file": (io.BytesIO(b"%PDF-1.4 consent"), "委托书.pdf"), "is_private": "0"},
		)
		if public.status == 200:
			answer = self.receive(
				self.village_staff,
				self.village,
				self.village_window,
				agent=self.village_staff,
				consent_attachment=public.message["file_url"],
			)
			self.assertEqual(answer.status, 417, answer)

	def test_the_agent_must_stand_for_the_receiving_hall_and_the_matter_allow_it(self):
		consent = self.upload_consent(self.village_staff)
		answer = self.receive(
			self.village_staff,
			self.village,
			self.village_window,
			agent=self.far_staff,
			consent_attachment=consent,
		)
		self.assertEqual(answer.status, 417, answer)
		answer = self.receive(
			self.village_staff,
			self.village,
			self.village_window,
			matter=self.in_person,
			agent=self.village_staff,
			consent_attachment=consent,
		)
		self.assertEqual(answer.status, 417, answer)


class TestHandoversCannotBeForged(CrossHallWorld):
	def test_rest_and_set_value_cannot_move_the_case(self):
		case = self.at_county()
		before = stored(
			case, ["transfer_status", "handling_window", "handling_staff", "handling_hall", "route"]
		)
		rows = HttpUser(self.township_staff).get_doc(CASE, case).data["handovers"]
		forged_rows = [dict(rows[0], by_user=self.manager)]
		for user in (self.township_staff, self.county_staff):
			http = HttpUser(user)
			for values in (
				{"transfer_status": "Ready for Collection"},
				{"handling_window": self.county_window2},
				{"handling_staff": self.township_staff},
				{"handovers": []},
				{"handovers": forged_rows},
				{"handovers": [*rows, {"step": "Send Result", "at": "2026-01-01 09:00:00", "by_user": user}]},
				{"issued_on": "2026-01-01 09:00:00"},
			):
				answer = http.update(CASE, case, values)
				self.assertEqual(answer.status, 417, (user, values, answer))
			answer = http.call(
				"frappe.client.set_value",
				doctype=CASE,
				name=case,
				fieldname="transfer_status",
				value="Issued",
			)
			self.assertEqual(answer.status, 417, answer)
		# derived fields are put back, whatever is sent
		HttpUser(self.county_staff).update(CASE, case, {"route": "", "handling_hall": self.township})
		self.assertEqual(
			stored(case, ["transfer_status", "handling_window", "handling_staff", "handling_hall", "route"]),
			before,
		)
		self.assertEqual(len(handovers(case)), 2)

	def test_a_new_case_cannot_start_at_the_county(self):
		for values in (
			{"transfer_status": "At County"},
			{"handling_staff": self.county_staff},
			{
				"handovers": [
					{"step": "Forward to County", "at": "2026-01-01 09:00:00", "by_user": self.township_staff}
				]
			},
		):
			answer = self.receive(self.township_staff, self.township, self.township_window, **values)
			self.assertEqual(answer.status, 417, (values, answer))

	def test_a_handover_row_cannot_be_saved_on_its_own(self):
		case = self.at_county()
		row = frappe.get_all("GH Case Handover", {"parent": case}, pluck="name")[0]
		answer = HttpUser(self.township_staff).update("GH Case Handover", row, {"notes": "改"})
		self.assertIn(answer.status, (403, 417), answer)


class TestBothSidesReadTheCase(CrossHallWorld):
	def test_township_and_county_read_another_department_does_not(self):
		case = self.ready()
		self.ok(self.step(self.township_staff, case, "Issue"))
		for user in (self.township_staff, self.county_staff, self.county_chief):
			self.assertEqual(HttpUser(user).get_doc(CASE, case).status, 200, user)
			listed = HttpUser(user).get_list(CASE, filters=[["name", "=", case]], fields=["name"])
			self.assertEqual(listed.data, [{"name": case}], user)
		for user in (self.other_staff, self.far_staff, self.village_staff):
			self.assertEqual(HttpUser(user).get_doc(CASE, case).status, 403, user)
			listed = HttpUser(user).get_list(CASE, filters=[["name", "=", case]], fields=["name"])
			self.assertEqual(listed.data, [], user)


class TestCatalogueAndHallTree(CrossHallWorld):
	def test_hall_tree(self):
		from gov_hall.utils import halls

		self.assertEqual(halls.county_of(self.village), self.county)
		self.assertEqual(halls.county_of(self.county), self.county)
		self.assertEqual(halls.township_of(self.village), self.township)
		tree = halls.halls_of_county(self.county)
		self.assertEqual(tree[0], self.county)
		self.assertLessEqual({self.township, self.village, self.far_township}, set(tree))
		self.assertEqual(halls.village_points_of(self.township), [self.village])
		self.assertFalse(halls.is_handling_hall(self.village))

	def test_where_to_apply(self):
		from gov_hall.cross_hall.catalogue import where_to_apply

		rows = where_to_apply(self.matter)
		self.assertEqual([r.name for r in rows], [self.county, self.township, self.village])
		self.assertEqual([r.handles for r in rows], [1, 0, 0])
		self.assertEqual([r.name for r in where_to_apply(self.county_only)], [self.county])
		frappe.db.set_value("GH Service Matter", self.county_only, "handling_level", "County-Wide")
		try:
			wide = {r.name for r in where_to_apply(self.county_only)}
		finally:
			frappe.db.rollback()
		self.assertLessEqual({self.county, self.township, self.village, self.far_township}, wide)

	def test_a_village_point_needs_a_township_parent(self):
		with self.assertRaises(frappe.ValidationError):
			make_hall(hall_level="Village Service Point", parent_hall=self.county)
		with self.assertRaises(frappe.ValidationError):
			make_hall(hall_level="Village Service Point")
		frappe.db.rollback()

	def test_accepting_halls_are_townships_of_the_matters_county(self):
		elsewhere = make_hall(hall_level="Branch Hall", parent_hall=make_hall().name).name
		for halls_listed in ([], [self.county], [elsewhere], [self.township, self.township]):
			with self.assertRaises(frappe.ValidationError, msg=halls_listed):
				make_matter(
					self.county_dept,
					handling_level="County–Township",
					accepting_halls=[{"hall": hall} for hall in halls_listed],
				)
		with self.assertRaises(frappe.ValidationError):
			make_matter(self.county_dept, handling_level="Township", accepting_halls=[{"hall": self.village}])
		frappe.db.rollback()

	def test_the_catalogue_is_imported_in_bulk_with_its_halls(self):
		import csv

		from frappe.core.doctype.data_import.data_import import import_file

		from gov_hall.setup.roles import HALL_ADMINISTRATOR

		admin = make_user([HALL_ADMINISTRATOR])
		code = frappe.generate_hash(length=6).upper()
		header = [
			"Matter Name",
			"Matter Code",
			"Department",
			"Legal Time Limit",
			"Promised Time Limit",
			"Complexity",
			"Handling Level",
			"Agent Service Allowed (代办帮办)",
			"Service Hall (Accepting Halls)",
		]
		rows = [
			[
				"导入县乡同办事项",
				f"IMP-{code}-1",
				self.county_dept,
				20,
				5,
				2,
				"County–Township",
				1,
				self.township,
			],
			["", "", "", "", "", "", "", "", self.village],
			["导入县域通办事项", f"IMP-{code}-2", self.county_dept, 20, 5, 2, "County-Wide", 0, ""],
		]
		buffer = io.StringIO()
		csv.writer(buffer).writerows([header, *rows])
		frappe.set_user(admin)
		try:
			upload = frappe.get_doc(
				{
					"doctype": "File",
					"file_name": f"catalogue-{code}.csv",
					"content": buffer.getvalue().encode("utf-8"),
					"is_private": 1,
				}
			).insert()
			import_file("GH Service Matter", upload.file_url, "Insert")
		finally:
			frappe.set_user("Administrator")
		first = frappe.get_doc("GH Service Matter", f"IMP-{code}-1")
		self.assertEqual(first.handling_level, "County–Township")
		self.assertEqual([row.hall for row in first.accepting_halls], [self.township, self.village])
		second = frappe.get_doc("GH Service Matter", f"IMP-{code}-2")
		self.assertEqual((second.handling_level, second.agent_allowed), ("County-Wide", 0))
		frappe.db.rollback()
