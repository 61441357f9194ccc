"""The demo's county, township and village year (issue 16, item 8): village points with their agents,
the catalogue extended down, and cross-hall cases whose hand-overs, notices, deadlines, cards and
text messages are what the app would have recorded.

On a site with the demo (gov-hall.localhost) it checks the demo's own year; elsewhere it first
builds the demo county's halls and the departments of the extended matters (one staff member per
window), then simulates a few months."""

import datetime
import os
import random
from collections import Counter, defaultdict

import frappe
from frappe.utils import get_datetime, getdate

from gov_hall.demo.cross_hall import CATALOGUE, VILLAGES, demo_halls, make_demo_cross_hall
from gov_hall.rules import deadlines
from gov_hall.rules import handover as h
from gov_hall.rules.sms import STATUTORY, has_resident_id
from gov_hall.tests.factories import GovHallTestCase
from gov_hall.utils.calendar import get_hall_calendar
from gov_hall.utils.halls import halls_of_county

DAYS = 100
CASE_FIELDS = [
	"name",
	"hall",
	"window",
	"department",
	"matter",
	"route",
	"status",
	"transfer_status",
	"handling_hall",
	"handling_window",
	"handling_staff",
	"receiving_department",
	"first_responder",
	"received_on",
	"accepted_on",
	"completed_on",
	"completed_on_time",
	"clock_start",
	"due_date",
	"time_limit_days",
	"extension_days",
	"paused_working_days",
	"issued_on",
	"delivery_method",
	"ems_tracking_number",
	"agent",
	"agent_role",
	"consent_attachment",
	"id_number",
	"mobile",
]


def make_demo_skeleton() -> None:
	"""The demo county's halls and the departments of the extended matters, one staff per window."""
	from gov_hall.demo import load_catalog, make_department, make_halls

	catalog = load_catalog()
	halls = make_halls(catalog["halls"])
	counts = defaultdict(int)
	rng = random.Random(7)
	for row in catalog["departments"]:
		if any(matter["matter_code"] in CATALOGUE for matter in row["matters"]):
			make_department({**row, "staff_count": len(row["windows"])}, halls, rng, counts)


class TestDemoCrossHall(GovHallTestCase):
	def setUp(self):
		self.throttle = frappe.local.conf.get("throttle_user_limit")
		frappe.local.conf["throttle_user_limit"] = 100_000
		if not demo_halls():
			make_demo_skeleton()
		self.counts = make_demo_cross_hall(days=DAYS)
		self.county = demo_halls()["county"]
		# the demo county's halls only: other tests leave committed halls and cross-hall cases behind
		county_halls = halls_of_county(self.county)
		self.halls = {
			row.name: row
			for row in frappe.get_all(
				"GH Service Hall",
				filters={"name": ["in", county_halls]},
				fields=["name", "hall_level", "parent_hall"],
			)
		}
		self.cases = frappe.get_all(
			"GH Case", filters={"route": ["is", "set"], "hall": ["in", county_halls]}, fields=CASE_FIELDS
		)
		self.steps = defaultdict(list)
		for row in frappe.get_all(
			"GH Case Handover",
			filters={"parenttype": "GH Case"},
			fields=["parent", "idx", "step", "at", "by_user", "from_hall", "to_hall", "tracking_number"],
			order_by="parent asc, idx asc",
		):
			self.steps[row.parent].append(row)

	def tearDown(self):
		if self.throttle is None:
			frappe.local.conf.pop("throttle_user_limit", None)
		else:
			frappe.local.conf["throttle_user_limit"] = self.throttle
		super().tearDown()

	def test_village_points_catalogue_and_figures(self):
		villages = [name for name, hall in self.halls.items() if hall.hall_level == "Village Service Point"]
		self.assertGreaterEqual(len(villages), sum(len(rows) for rows in VILLAGES.values()))
		for village in villages:
			self.assertEqual(self.halls[self.halls[village].parent_hall].hall_level, "Branch Hall")
			windows = frappe.get_all("GH Service Window", filters={"hall": village}, pluck="name")
			self.assertTrue(
				frappe.db.exists("GH Window Staff", {"window": ["in", windows], "status": "On Site"}), village
			)
		levels = Counter(
			frappe.get_all(
				"GH Service Matter", filters={"name": ["in", list(CATALOGUE)]}, pluck="handling_level"
			)
		)
		self.assertGreaterEqual(levels["County–Township"], 20, levels)
		self.assertGreaterEqual(levels["County-Wide"], 3, levels)
		self.assertGreaterEqual(levels["Township"], 3, levels)
		# figures worth showing: both routes, both levels of receiving hall, every ending
		self.assertGreater(len(self.cases), 2 * DAYS, self.counts)
		self.assertEqual({c.route for c in self.cases}, {"County–Township", "County-Wide"})
		levels_received = Counter(self.halls[c.hall].hall_level for c in self.cases)
		self.assertGreater(levels_received["Village Service Point"], 20, levels_received)
		self.assertGreater(levels_received["Branch Hall"], levels_received["Village Service Point"])
		stages = Counter(c.transfer_status for c in self.cases)
		self.assertGreater(stages["Issued"], stages["Posted"], stages)
		self.assertGreater(stages["Posted"], 0, stages)
		returns = [c for c in self.cases if any(s.step == h.RETURN for s in self.steps[c.name])]
		self.assertGreater(len(returns), 5)
		late = [c for c in self.cases if c.completed_on and not c.completed_on_time]
		self.assertTrue(late)
		cards = frappe.get_all(
			"GH Supervision Card",
			filters={"case": ["in", [c.name for c in late]], "level": "Red"},
			fields=["case", "late_step"],
		)
		self.assertEqual({c.case for c in cards}, {c.name for c in late})
		self.assertTrue(all(card.late_step for card in cards))
		# 代办 with written consent, a private file attached to the case
		agents = [c for c in self.cases if c.agent]
		self.assertGreater(len(agents), 20)
		for case in agents:
			hall_level = self.halls[case.hall].hall_level
			expected = (
				{"Village Staff"}
				if hall_level == "Village Service Point"
				else {"Hall Agent", "Township Staff"}
			)
			self.assertIn(case.agent_role, expected, case.name)
			file = frappe.db.get_value(
				"File",
				{"file_url": case.consent_attachment, "attached_to_name": case.name},
				["is_private", "file_url"],
				as_dict=True,
			)
			self.assertTrue(file and file.is_private, case.name)
			self.assertTrue(os.path.exists(frappe.get_site_path(file.file_url.lstrip("/"))), case.name)
		# a second run adds nothing
		again = make_demo_cross_hall(days=DAYS)
		self.assertEqual((again["village_points"], again.get("cross_hall_cases", 0)), (0, 0))

	def test_every_case_took_its_steps_in_order(self):
		county_calendar = get_hall_calendar(self.county)
		windows = {
			w.name: w for w in frappe.get_all("GH Service Window", fields=["name", "hall", "department"])
		}
		# not vacuous: cases that went all the way, and some the county returned for a supplement
		self.assertTrue(any(c.transfer_status in h.DONE_STAGES for c in self.cases), self.counts)
		self.assertTrue(any(s.step == h.RETURN for c in self.cases for s in self.steps[c.name]), self.counts)
		for case in self.cases:
			steps = self.steps[case.name]
			calendar = get_hall_calendar(case.hall)
			stage, previous = h.AT_RECEIVING_HALL, get_datetime(case.accepted_on or case.received_on)
			self.assertEqual(case.receiving_department, windows[case.window].department, case.name)
			for row in steps:
				rule = h.STEPS[row.step]
				self.assertEqual(rule.from_stage, stage, f"{case.name}: {row.step} skipped a step")
				stage = rule.to_stage
				at = get_datetime(row.at)
				self.assertGreaterEqual(at, previous, f"{case.name}: {row.step}")
				taking = county_calendar if rule.side == h.HANDLING else calendar
				self.assertTrue(taking.is_working_day(at.date()), f"{case.name}: {row.step} on {at}")
				self.assertTrue(datetime.time(8) <= at.time() <= datetime.time(18), f"{case.name}: {at}")
				if row.step in (h.RECEIVE_AT_COUNTY, h.RECEIVE_RESULT, h.RECEIVE_RETURN):
					self.assertLessEqual(
						taking.working_days_between(previous.date(), at.date()), 2, case.name
					)
				if row.step == h.RECEIVE_AT_COUNTY:
					self.assertEqual(row.by_user, case.handling_staff, case.name)
				previous = at
			self.assertEqual(stage, case.transfer_status, case.name)
			self.check_deadline(case, calendar)
			if case.handling_window:
				window = windows[case.handling_window]
				self.assertEqual((window.hall, window.department), (self.county, case.department))
			names = [row.step for row in steps]
			if case.transfer_status in h.DONE_STAGES:
				self.assertEqual(case.status, "Completed", case.name)
				order = [h.FORWARD, h.RECEIVE_AT_COUNTY, h.SEND_RESULT, h.RECEIVE_RESULT]
				self.assertEqual([n for n in names if n in order][-4:], order, case.name)
				self.assertEqual(names.count(h.RETURN), names.count(h.RECEIVE_RETURN), case.name)
				last = steps[-1]
				self.assertEqual(get_datetime(case.issued_on), get_datetime(last.at), case.name)
				decided = get_datetime(case.completed_on)
				received = max(get_datetime(s.at) for s in steps if s.step == h.RECEIVE_AT_COUNTY)
				sent = next(get_datetime(s.at) for s in steps if s.step == h.SEND_RESULT)
				self.assertTrue(received <= decided <= sent, case.name)
				if case.transfer_status == h.POSTED:
					self.assertEqual(
						(case.delivery_method, last.tracking_number), ("Post", case.ems_tracking_number)
					)
					self.assertTrue(case.ems_tracking_number)
			for row in steps:
				if row.step == h.RETURN:
					self.assertTrue(
						frappe.db.exists(
							"GH Supplement Notice",
							{
								"case": case.name,
								"issued_by": case.handling_staff,
								"issued_on": ["<=", row.at],
							},
						),
						case.name,
					)

	def test_one_time_notices(self):
		"""Each case's notices follow the one-time rule as gov_hall.cases.supplement records it."""
		notices = frappe.get_all(
			"GH Supplement Notice",
			filters={"case": ["in", [c.name for c in self.cases]]},
			fields=["name", "case", "issued_on", "is_first_notice", "is_violation", "status"],
			order_by="issued_on asc",
		)
		items = defaultdict(set)
		for row in frappe.get_all(
			"GH Supplement Item",
			filters={"parent": ["in", [n.name for n in notices]], "parenttype": "GH Supplement Notice"},
			fields=["parent", "material_name"],
		):
			items[row.parent].add(row.material_name)
		asked = defaultdict(set)
		for notice in notices:
			self.assertTrue(items[notice.name], notice.name)
			self.assertEqual(notice.is_first_notice, int(not asked[notice.case]), notice.name)
			expected = int(bool(asked[notice.case]) and bool(items[notice.name] - asked[notice.case]))
			self.assertEqual(notice.is_violation, expected, notice.name)
			asked[notice.case] |= items[notice.name]
		self.assertTrue(any(not n.is_first_notice for n in notices))

	def check_deadline(self, case, calendar) -> None:
		self.assertLessEqual(
			get_datetime(case.received_on), get_datetime(case.accepted_on or case.received_on)
		)
		if not case.clock_start:
			return
		expected = deadlines.due_date(
			calendar,
			getdate(case.clock_start),
			case.time_limit_days,
			case.extension_days or 0,
			case.paused_working_days or 0,
		)
		self.assertEqual(getdate(case.due_date), expected, case.name)
		if case.completed_on:
			self.assertEqual(
				case.completed_on_time, int(getdate(case.completed_on) <= getdate(case.due_date)), case.name
			)

	def test_text_messages(self):
		by_case = {c.name: c for c in self.cases}
		messages = frappe.get_all(
			"GH SMS Message",
			filters={"case": ["in", list(by_case)]},
			fields=[
				"case",
				"template",
				"statutory",
				"status",
				"attempts",
				"last_error",
				"text",
				"params",
				"dedupe_key",
				"mobile",
				"sent_on",
				"queued_on",
			],
		)
		self.assertGreater(len(messages), 4 * len(self.cases))
		statuses = Counter(m.status for m in messages)
		self.assertEqual(set(statuses), {"Sent", "Opted Out"}, statuses)
		self.assertTrue([m for m in messages if m.status == "Sent" and m.attempts > 1 and m.last_error])
		self.assertEqual(len({m.dedupe_key for m in messages}), len(messages))
		templates = defaultdict(set)
		for message in messages:
			case = by_case[message.case]
			templates[message.case].add(message.template)
			for text in (message.text, message.params):
				self.assertFalse(has_resident_id(text), message.dedupe_key)
				self.assertNotIn(case.id_number, text)
				self.assertNotIn(case.mobile, text)
			self.assertEqual(message.mobile, case.mobile)
			self.assertEqual(bool(message.statutory), message.template in STATUTORY)
			if message.status == "Opted Out":
				self.assertFalse(message.statutory)
				self.assertFalse(message.sent_on)
			else:
				self.assertGreater(get_datetime(message.sent_on), get_datetime(message.queued_on))
		for case in self.cases:
			self.assertIn("case_received", templates[case.name], case.name)
			if case.accepted_on:
				self.assertIn("case_accepted", templates[case.name], case.name)
			if case.transfer_status in h.DONE_STAGES:
				self.assertIn("rating_invitation", templates[case.name], case.name)
		opted = {m.case for m in messages if m.status == "Opted Out"}
		self.assertTrue(opted)
		from gov_hall.sms.optout import is_opted_out

		self.assertTrue(all(is_opted_out(by_case[name].mobile) for name in opted))
