"""Scope on every read path and personal data (issue 13, parts 2 and 5), over HTTP as real users.

A world of one hall with two departments A and B is committed once: window staff of A (the handler
of A's case and a colleague), A's chief representative, window staff of B, a supervisor, a manager;
cases, a booking, ratings and their rectifications, complaints (named, integrity, hall-wide, of B,
recorded by the supervisor), a published and a draft assessment run with briefings. Then every read
path a browser console reaches is walked as those users: nothing of B, no integrity complaint, no
draft run, no full ID number or mobile in bulk; managers see everything; the handler sees the full
values of their own case, and that look-up is logged.
"""

import json

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, nowdate

from gov_hall.setup.roles import CHIEF_REPRESENTATIVE, HALL_MANAGER, HALL_SUPERVISOR, WINDOW_STAFF
from gov_hall.tests.assessment_data import make_run, staff_row, window_row
from gov_hall.tests.factories import (
	make_case,
	make_complaint,
	make_department,
	make_hall,
	make_matter,
	make_rating,
	make_staff,
	make_supervisor,
	make_user,
	make_window,
	unique,
)
from gov_hall.tests.http import HttpUser, commit_world, set_password

ID_A = "11010519491231002X"
ID_B = "110101199003077774"
MOBILE_A = "13811112222"
MOBILE_B = "13933334444"
RATER_MOBILE = "13655556666"
COMPLAINANT = "王投诉人"
COMPLAINANT_MOBILE = "13577778888"
SECRET_VALUES = (ID_A, ID_B, MOBILE_A, MOBILE_B, RATER_MOBILE, COMPLAINANT_MOBILE)

_WORLD = None


def world() -> frappe._dict:
	"""Built and committed once for every test class of this module."""
	global _WORLD
	if _WORLD is None:
		_WORLD = build_world()
	return _WORLD


def build_world() -> frappe._dict:
	frappe.set_user("Administrator")
	w = frappe._dict()
	w.hall = make_hall().name
	w.dept_a = make_department(w.hall).name
	w.dept_b = make_department(w.hall).name
	w.window_a = make_window(w.hall, w.dept_a).name
	w.window_b = make_window(w.hall, w.dept_b).name
	w.matter_a = make_matter(w.dept_a).name
	w.matter_b = make_matter(w.dept_b).name
	w.staff_a = make_staff(w.dept_a, w.window_a, mobile="13700000001").user
	w.colleague_a = make_staff(w.dept_a, w.window_a, mobile="13700000002").user
	w.staff_b = make_staff(w.dept_b, w.window_b, mobile="13700000003").user
	w.chief_a = make_user([WINDOW_STAFF])
	make_staff(w.dept_a, w.window_a, user=w.chief_a, mobile="13700000004")
	frappe.db.set_value("GH Stationed Department", w.dept_a, "chief_representative", w.chief_a)
	frappe.get_doc("User", w.chief_a).add_roles(CHIEF_REPRESENTATIVE)
	w.manager = make_user([HALL_MANAGER])
	w.bare_staff = make_user([WINDOW_STAFF])  # the role, but no department on record
	w.supervisor_user = make_user([HALL_SUPERVISOR])
	w.supervisor = make_supervisor(w.hall, user=w.supervisor_user, mobile="13700000005").name
	w.other_supervisor = make_supervisor(w.hall, full_name="赵监督").name

	# cases: A's received by staff_a (first responder and handler), B's by staff_b
	w.case_a = as_user(
		w.staff_a, make_case, w.hall, w.matter_a, window=w.window_a, id_number=ID_A, mobile=MOBILE_A
	).name
	w.case_b = as_user(
		w.staff_b, make_case, w.hall, w.matter_b, window=w.window_b, id_number=ID_B, mobile=MOBILE_B
	).name
	for case in (w.case_a, w.case_b):
		frappe.get_doc("GH Case", case).add_comment("Comment", "note")
	# B's case is assigned to someone: the sidebar's "Assigned To" count must not show it to A
	frappe.get_doc(
		{
			"doctype": "ToDo",
			"description": "跟进",
			"allocated_to": w.staff_b,
			"reference_type": "GH Case",
			"reference_name": w.case_b,
		}
	).insert(ignore_permissions=True)
	w.appointment_a = raw_appointment(w, w.dept_a, w.matter_a, ID_A, MOBILE_A)
	w.appointment_b = raw_appointment(w, w.dept_b, w.matter_b, ID_B, MOBILE_B)
	# a booking of no department (Frappe's department User Permission lets such rows through)
	w.appointment_none = raw_appointment(w, None, w.matter_a, ID_A, MOBILE_A)

	# real-name bad reviews of both cases: each opens a rectification with the contact mobile
	for case, window in ((w.case_a, w.window_a), (w.case_b, w.window_b)):
		make_rating(
			"Very Dissatisfied",
			case,
			is_real_name=1,
			rater_name="李评价",
			rater_mobile=RATER_MOBILE,
			window=window,
		)
	w.rating_a = frappe.db.get_value("GH Service Rating", {"case": w.case_a}, "name")
	w.rating_b = frappe.db.get_value("GH Service Rating", {"case": w.case_b}, "name")
	w.rect_a = frappe.db.get_value("GH Rectification", {"rating": w.rating_a}, "name")
	w.rect_b = frappe.db.get_value("GH Rectification", {"rating": w.rating_b}, "name")

	# complaints
	w.complaint_named = make_complaint(
		w.hall,
		window=w.window_a,
		is_anonymous=0,
		complainant_name=COMPLAINANT,
		complainant_mobile=COMPLAINANT_MOBILE,
		description="窗口人员推诿。",
	).name
	w.complaint_integrity = make_complaint(
		w.hall, window=w.window_a, category="Integrity", description="索要好处。"
	).name
	w.complaint_hall = make_complaint(w.hall, subject_type="Hall", description="大厅太冷。").name
	w.complaint_b = make_complaint(w.hall, window=w.window_b, description="态度差。").name
	w.complaint_supervised = as_user(
		w.supervisor_user,
		make_complaint,
		w.hall,
		window=w.window_b,
		source="Supervisor",
		supervisor=w.supervisor,
		description="明察暗访发现离岗。",
	).name

	# assessment: a published quarter (an integrity complaint counted apart) and a draft one
	def rows(integrity):
		return dict(
			windows=[
				window_row(w.window_a, w.dept_a, 50.0, integrity_complaints=integrity),
				window_row(w.window_b, w.dept_b, 40.0),
			],
			staff=[
				staff_row(w.staff_a, "甲", w.dept_a, w.window_a, 20.0, integrity_complaints=integrity),
				staff_row(w.staff_b, "乙", w.dept_b, w.window_b, 18.0),
			],
		)

	w.run_published = make_run(w.hall, "2025-Q1", **rows(1)).name
	w.run_draft = make_run(w.hall, "2025-Q2", status="Draft", **rows(0)).name
	w.briefing_a = insert_briefing(w.run_published, w.dept_a)
	w.briefing_b = insert_briefing(w.run_published, w.dept_b)

	for user in (w.staff_a, w.colleague_a, w.staff_b, w.chief_a, w.manager, w.supervisor_user, w.bare_staff):
		set_password(user)
	commit_world()
	return w


def tearDownModule():
	"""The world stays for the site's other tests, except the rows of no department: reports run
	without a hall filter count every one of them (gov_hall.gov_hall.report.gh_complaint_analysis)."""
	if _WORLD is None:
		return
	frappe.db.rollback()
	frappe.db.delete("GH Complaint", {"name": _WORLD.complaint_hall})
	frappe.db.delete("GH Appointment", {"name": _WORLD.appointment_none})
	commit_world()


def as_user(user, fn, *args, **kwargs):
	frappe.set_user(user)
	try:
		doc = fn(*args, **kwargs)
	finally:
		frappe.set_user("Administrator")
	return doc


def raw_appointment(w, department, matter, id_number, mobile) -> str:
	"""A stored booking, written as it is (booking rules are tested with the appointment)."""
	doc = frappe.get_doc(
		{
			"doctype": "GH Appointment",
			"name": unique("APT-"),
			"booking_code": unique("B"),
			"hall": w.hall,
			"matter": matter,
			"department": department,
			"appointment_date": add_days(nowdate(), 1),
			"slot_start": "09:00:00",
			"slot_end": "09:30:00",
			"applicant_name": "预约人",
			"id_number": id_number,
			"id_number_masked": id_number[:6] + "********" + id_number[-4:],
			"mobile": mobile,
			"mobile_masked": mobile[:3] + "****" + mobile[-4:],
			"mobile_last4": mobile[-4:],
			"status": "Booked",
		}
	)
	doc.db_insert()
	return doc.name


def insert_briefing(run: str, department: str) -> str:
	return (
		frappe.get_doc({"doctype": "GH Department Briefing", "run": run, "department": department})
		.insert()
		.name
	)


def names(answer) -> set:
	"""Record names from a list answer (REST list, reportview, search, get_list)."""
	payload = answer.data if answer.data is not None else answer.message
	if isinstance(payload, dict) and "keys" in payload:
		index = payload["keys"].index("name")
		return {row[index] for row in payload["values"]}
	found = set()
	for row in payload or []:
		if isinstance(row, dict):
			found.add(row.get("name") or row.get("value"))
		elif isinstance(row, list | tuple):
			found.add(row[0])
	return found


class AccessTestCase(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.w = world()
		cls.sessions = {}

	def tearDown(self):
		frappe.set_user("Administrator")
		super().tearDown()

	def as_(self, user) -> HttpUser:
		if user not in self.sessions:
			self.sessions[user] = HttpUser(user)
		return self.sessions[user]

	def assertNoSecrets(self, answer, *extra):
		for value in (*SECRET_VALUES, *extra):
			self.assertNotIn(value, answer.text)

	def assertRefused(self, answer):
		self.assertIn(answer.status, (403, 404), answer)


class TestListPaths(AccessTestCase):
	"""List, report view, counts, group-by, export: nothing of department B, no full values."""

	def test_rest_list_and_get_list_are_scoped_and_carry_no_full_values(self):
		w = self.w
		staff = self.as_(w.staff_a)
		listed = staff.get_list(
			"GH Case", fields=["name", "id_number", "mobile", "id_number_masked"], limit_page_length=0
		)
		self.assertEqual(listed.status, 200, listed)
		self.assertIn(w.case_a, names(listed))
		self.assertNotIn(w.case_b, names(listed))
		self.assertNoSecrets(listed)
		self.assertIn("110105********002X", listed.text)
		answer = staff.call(
			"frappe.client.get_list",
			doctype="GH Case",
			fields=["name", "id_number", "mobile"],
			filters={"hall": w.hall},
			limit_page_length=0,
		)
		self.assertEqual(names(answer), {w.case_a})
		self.assertNoSecrets(answer)
		value = staff.call(
			"frappe.client.get_value", doctype="GH Case", fieldname="name", filters={"name": w.case_b}
		)
		self.assertFalse((value.message or {}).get("name"), value)

	def test_report_view_count_and_group_by(self):
		w = self.w
		staff = self.as_(w.staff_a)
		view = staff.call(
			"frappe.desk.reportview.get",
			doctype="GH Case",
			fields=json.dumps(["`tabGH Case`.`name`", "`tabGH Case`.`id_number`", "`tabGH Case`.`mobile`"]),
			filters=json.dumps([["GH Case", "hall", "=", w.hall]]),
			page_length=500,
		)
		self.assertEqual(view.status, 200, view)
		self.assertEqual(names(view), {w.case_a})
		self.assertNoSecrets(view)
		count = staff.call(
			"frappe.desk.reportview.get_count",
			doctype="GH Case",
			filters=json.dumps([["GH Case", "hall", "=", w.hall]]),
		)
		self.assertEqual(count.message, 1, count)
		groups = staff.call(
			"frappe.desk.listview.get_group_by_count",
			doctype="GH Case",
			current_filters=json.dumps([["GH Case", "hall", "=", w.hall]]),
			field="department",
		)
		self.assertEqual({row["name"] for row in groups.message}, {w.dept_a}, groups)
		assigned = staff.call(
			"frappe.desk.listview.get_group_by_count",
			doctype="GH Case",
			current_filters=json.dumps([["GH Case", "hall", "=", w.hall]]),
			field="assigned_to",
		)
		self.assertEqual(assigned.status, 200, assigned)
		self.assertEqual(assigned.message, [])
		manager = self.as_(w.manager).call(
			"frappe.desk.listview.get_group_by_count",
			doctype="GH Case",
			current_filters=json.dumps([["GH Case", "hall", "=", w.hall]]),
			field="assigned_to",
		)
		self.assertEqual([(row["name"], row["count"]) for row in manager.message], [(w.staff_b, 1)])

	def test_the_scope_does_not_rest_on_user_permissions(self):
		w = self.w
		# staff without a department see no department's records (User Permissions alone: all of them)
		bare = self.as_(w.bare_staff)
		self.assertEqual(names(bare.get_list("GH Case", filters={"hall": w.hall})), set())
		self.assertEqual(
			bare.call("frappe.client.get_count", doctype="GH Case", filters={"hall": w.hall}).message, 0
		)
		self.assertRefused(bare.get_doc("GH Case", w.case_a))
		found = bare.call(
			"frappe.desk.search.search_link", doctype="GH Case", txt="", filters={"hall": w.hall}
		)
		self.assertEqual(found.message, [])
		# rows of no department are the managers'
		for user in (w.staff_a, w.chief_a):
			listed = names(
				self.as_(user).get_list("GH Appointment", filters={"hall": w.hall}, limit_page_length=0)
			)
			self.assertEqual(listed, {w.appointment_a}, user)
		self.assertRefused(self.as_(w.staff_a).get_doc("GH Appointment", w.appointment_none))
		self.assertIn(
			w.appointment_none,
			names(
				self.as_(w.manager).get_list("GH Appointment", filters={"hall": w.hall}, limit_page_length=0)
			),
		)

	def test_frappe_client_get_count_is_scoped(self):
		w = self.w
		staff = self.as_(w.staff_a)
		self.assertEqual(
			staff.call("frappe.client.get_count", doctype="GH Case", filters={"name": w.case_b}).message, 0
		)
		self.assertEqual(
			staff.call("frappe.client.get_count", doctype="GH Case", filters={"name": w.case_a}).message, 1
		)
		# Frappe's own counted any table for any user, a yes/no oracle on every column
		self.assertRefused(
			staff.call("frappe.client.get_count", doctype="Version", filters=[["data", "like", "%1101%"]])
		)
		self.assertEqual(
			self.as_(w.manager)
			.call("frappe.client.get_count", doctype="GH Case", filters={"hall": w.hall})
			.message,
			2,
		)

	def test_export_is_scoped_and_carries_no_full_values(self):
		w = self.w
		answer = self.as_(w.chief_a).request(
			"POST",
			"/api/method/frappe.desk.reportview.export_query",
			data={
				"doctype": "GH Case",
				"file_format_type": "CSV",
				"fields": json.dumps(
					["`tabGH Case`.`name`", "`tabGH Case`.`id_number`", "`tabGH Case`.`mobile`"]
				),
				"filters": json.dumps([["GH Case", "hall", "=", w.hall]]),
			},
		)
		self.assertEqual(answer.status, 200, answer)
		self.assertIn(w.case_a, answer.text)
		self.assertNotIn(w.case_b, answer.text)
		self.assertNoSecrets(answer)

	def test_data_import_template_with_records_is_scoped(self):
		w = self.w
		answer = self.as_(w.staff_a).request(
			"POST",
			"/api/method/frappe.core.doctype.data_import.data_import.download_template",
			data={
				"doctype": "GH Case",
				"export_fields": json.dumps({"GH Case": ["name", "applicant_name", "id_number", "mobile"]}),
				"export_records": "all",
				"export_filters": json.dumps({"hall": w.hall}),
				"file_type": "CSV",
			},
		)
		self.assertEqual(answer.status, 200, answer)
		self.assertIn(w.case_a, answer.text)
		self.assertNotIn(w.case_b, answer.text)
		self.assertNoSecrets(answer)

	def test_managers_see_everything(self):
		w = self.w
		manager = self.as_(w.manager)
		view = manager.call(
			"frappe.desk.reportview.get",
			doctype="GH Case",
			fields=json.dumps(["`tabGH Case`.`name`", "`tabGH Case`.`id_number`"]),
			filters=json.dumps([["GH Case", "hall", "=", w.hall]]),
		)
		self.assertEqual(names(view), {w.case_a, w.case_b})
		self.assertIn(ID_A, view.text)
		self.assertIn(ID_B, view.text)
		complaints = names(manager.get_list("GH Complaint", filters={"hall": w.hall}, limit_page_length=0))
		self.assertIn(w.complaint_integrity, complaints)
		self.assertIn(w.complaint_hall, complaints)
		runs = names(manager.get_list("GH Assessment Run", filters={"hall": w.hall}))
		self.assertEqual(runs, {w.run_published, w.run_draft})


class TestFilterOracle(AccessTestCase):
	"""No filtering, sorting or grouping on a column the user may not read; no SQL in filters."""

	def test_like_filter_on_hidden_columns_is_refused_everywhere(self):
		w = self.w
		staff = self.as_(w.staff_a)
		like = [["GH Case", "id_number", "like", "110105%"]]
		for answer in (
			staff.get_list("GH Case", filters=like),
			staff.call("frappe.client.get_list", doctype="GH Case", filters=like),
			staff.call("frappe.client.get_count", doctype="GH Case", filters=like),
			staff.call("frappe.desk.reportview.get_count", doctype="GH Case", filters=json.dumps(like)),
			staff.call(
				"frappe.client.get_value", doctype="GH Case", fieldname="name", filters={"mobile": MOBILE_A}
			),
			staff.call("frappe.client.get", doctype="GH Case", filters={"id_number": ID_A}),
			staff.call(
				"frappe.desk.search.search_link",
				doctype="GH Case",
				txt="",
				filters={"id_number": ["like", "11%"]},
			),
			staff.call(
				"frappe.desk.search.search_link",
				doctype="GH Case",
				txt="",
				filters={"mobile": ["like", "138%"]},
				ignore_user_permissions=1,
			),
			staff.call(
				"frappe.desk.reportview.get",
				doctype="GH Case",
				fields=json.dumps(["name"]),
				order_by="`tabGH Case`.`id_number` asc",
			),
			staff.call(
				"frappe.desk.listview.get_group_by_count",
				doctype="GH Case",
				current_filters=json.dumps([]),
				field="id_number",
			),
			self.as_(w.chief_a).get_list("GH Complaint", filters=[["complainant_name", "like", "王%"]]),
			self.as_(w.chief_a).get_list("GH Service Rating", filters=[["rater_mobile", "like", "136%"]]),
		):
			self.assertEqual(answer.status, 403, answer)
			self.assertNoSecrets(answer)

	def test_sql_in_filters_is_refused(self):
		w = self.w
		staff = self.as_(w.staff_a)
		subquery = [
			f"(select `mobile` from `tabGH Case` where `name` = {frappe.db.escape(w.case_b)}) like '139%'"
		]
		for doctype in ("GH Case", "GH Service Hall"):
			for iup in (0, 1):
				answer = staff.call(
					"frappe.desk.search.search_link",
					doctype=doctype,
					txt="",
					filters=json.dumps(subquery),
					ignore_user_permissions=iup,
				)
				self.assertEqual(answer.status, 403, answer)
		card = staff.call(
			"frappe.desk.doctype.number_card.number_card.get_result",
			doc=json.dumps({"function": "Count", "document_type": "GH Service Hall"}),
			filters=json.dumps(subquery),
		)
		self.assertEqual(card.status, 403, card)

	def test_linked_records_are_not_joined_past_their_scope(self):
		w = self.w
		answer = self.as_(w.chief_a).call(
			"frappe.client.get_list", doctype="GH Complaint", fields=["name", "case.applicant_name"]
		)
		self.assertEqual(answer.status, 403, answer)

	def test_managers_may_filter_on_the_full_values(self):
		w = self.w
		answer = self.as_(w.manager).call(
			"frappe.client.get_count",
			doctype="GH Case",
			filters=[["id_number", "=", ID_B], ["hall", "=", w.hall]],
		)
		self.assertGreaterEqual(answer.message, 1, answer)


class TestLinkSearch(AccessTestCase):
	"""search_link / search_widget, with and without ignore_user_permissions."""

	def search(self, user, doctype, **kwargs):
		answer = self.as_(user).call(
			"frappe.desk.search.search_link",
			doctype=doctype,
			txt=kwargs.pop("txt", ""),
			page_length=500,
			**kwargs,
		)
		self.assertEqual(answer.status, 200, answer)
		return {row["value"] for row in answer.message}

	def test_staff_search_shows_only_their_department(self):
		w = self.w
		for iup in (0, 1):
			found = self.search(w.staff_a, "GH Case", ignore_user_permissions=iup, filters={"hall": w.hall})
			self.assertEqual(found, {w.case_a}, iup)
			windows = self.search(
				w.staff_a, "GH Service Window", ignore_user_permissions=iup, filters={"hall": w.hall}
			)
			self.assertEqual(windows, {w.window_a})
			staff = self.search(w.staff_a, "GH Window Staff", ignore_user_permissions=iup, txt="")
			self.assertNotIn(w.staff_b, {frappe.db.get_value("GH Window Staff", n, "user") for n in staff})
		widget = self.as_(w.staff_a).call(
			"frappe.desk.search.search_widget",
			doctype="GH Case",
			txt="",
			page_length=500,
			filters=json.dumps({"hall": w.hall}),
			ignore_user_permissions=1,
		)
		self.assertEqual(names(widget), {w.case_a})

	def test_chief_search_on_complaints_hides_integrity_hall_and_other_departments(self):
		w = self.w
		for iup in (0, 1):
			found = self.search(
				w.chief_a, "GH Complaint", ignore_user_permissions=iup, filters={"hall": w.hall}
			)
			self.assertEqual(found, {w.complaint_named}, iup)

	def test_supervisor_search_finds_their_own_only(self):
		w = self.w
		found = self.search(
			w.supervisor_user, "GH Complaint", ignore_user_permissions=1, filters={"hall": w.hall}
		)
		self.assertEqual(found, {w.complaint_supervised})
		windows = self.search(
			w.supervisor_user, "GH Service Window", ignore_user_permissions=1, filters={"hall": w.hall}
		)
		self.assertEqual(windows, {w.window_a, w.window_b})  # they inspect every window

	def test_manager_search_finds_everything(self):
		w = self.w
		found = self.search(w.manager, "GH Complaint", ignore_user_permissions=1, filters={"hall": w.hall})
		self.assertEqual(
			found,
			{
				w.complaint_named,
				w.complaint_integrity,
				w.complaint_hall,
				w.complaint_b,
				w.complaint_supervised,
			},
		)


class TestSingleDocuments(AccessTestCase):
	"""Form, REST, print and PDF, linked documents, counts on the form."""

	def test_other_department_documents_are_refused_on_every_path(self):
		w = self.w
		staff = self.as_(w.staff_a)
		for doctype, name in (
			("GH Case", w.case_b),
			("GH Appointment", w.appointment_b),
			("GH Service Rating", w.rating_b),
			("GH Rectification", w.rect_b),
		):
			self.assertRefused(staff.get_doc(doctype, name))
			self.assertRefused(
				staff.call("frappe.desk.form.load.getdoc", http_method="GET", doctype=doctype, name=name)
			)
			self.assertRefused(staff.call("frappe.client.get", doctype=doctype, name=name))
			self.assertRefused(staff.call("frappe.desk.form.linked_with.get", doctype=doctype, docname=name))
			self.assertRefused(
				staff.call("frappe.desk.notifications.get_open_count", doctype=doctype, name=name)
			)
			self.assertRefused(
				staff.call(
					"frappe.utils.print_format.download_pdf", http_method="GET", doctype=doctype, name=name
				)
			)
			page = staff.page(f"/printview?doctype={doctype}&name={name}&format=Standard")
			self.assertNotIn(name, page.text.replace(f"name={name}", ""))
			self.assertNoSecrets(page)

	def test_a_colleague_reads_the_case_without_the_full_values(self):
		w = self.w
		colleague = self.as_(w.colleague_a)
		for answer in (
			colleague.get_doc("GH Case", w.case_a),
			colleague.call(
				"frappe.desk.form.load.getdoc", http_method="GET", doctype="GH Case", name=w.case_a
			),
			colleague.call("frappe.client.get", doctype="GH Case", name=w.case_a),
			colleague.page(f"/printview?doctype=GH Case&name={w.case_a}&format=Standard"),
		):
			self.assertEqual(answer.status, 200, answer)
			self.assertIn("110105********002X", answer.text)
			self.assertNoSecrets(answer)
		form = colleague.call(
			"frappe.desk.form.load.getdoc", http_method="GET", doctype="GH Case", name=w.case_a
		)
		self.assertFalse(form.json["docs"][0].get("__onload", {}).get("gh_personal_data"))
		# a whitelisted method of the document (Document.add_comment) sends the document back
		ran = colleague.request(
			"POST",
			"/api/method/run_doc_method",
			json={"dt": "GH Case", "dn": w.case_a, "method": "add_comment", "args": {"text": "已核对"}},
		)
		self.assertEqual(ran.status, 200, ran)
		self.assertIn("110105********002X", ran.text)
		self.assertNoSecrets(ran)
		staff_record = frappe.db.get_value("GH Window Staff", {"user": w.staff_a}, "name")
		ran = colleague.request(
			"POST",
			"/api/method/run_doc_method",
			json={
				"dt": "GH Window Staff",
				"dn": staff_record,
				"method": "add_comment",
				"args": {"text": "好"},
			},
		)
		self.assertEqual(ran.status, 200, ran)
		self.assertNotIn("13700000001", ran.text)
		# saving sends the document back: still without the full values, and the stored ones kept
		saved = colleague.update("GH Case", w.case_a, {"result_note": "已电话告知。"})
		self.assertEqual(saved.status, 200, saved)
		self.assertNoSecrets(saved)
		frappe.db.rollback()  # a new snapshot: what the requests committed
		self.assertEqual(frappe.db.get_value("GH Case", w.case_a, ["id_number", "mobile"]), (ID_A, MOBILE_A))
		doc = json.loads(
			colleague.call(
				"frappe.desk.form.load.getdoc", http_method="GET", doctype="GH Case", name=w.case_a
			).text
		)["docs"][0]
		saved = colleague.call("frappe.desk.form.save.savedocs", doc=json.dumps(doc), action="Save")
		self.assertEqual(saved.status, 200, saved)
		self.assertNoSecrets(saved)
		frappe.db.rollback()
		self.assertEqual(frappe.db.get_value("GH Case", w.case_a, ["id_number", "mobile"]), (ID_A, MOBILE_A))

	def test_the_handler_sees_the_full_values_and_the_look_up_is_logged(self):
		w = self.w
		handler = self.as_(w.staff_a)
		form = handler.call(
			"frappe.desk.form.load.getdoc", http_method="GET", doctype="GH Case", name=w.case_a
		)
		self.assertEqual(form.json["docs"][0]["__onload"]["gh_personal_data"], ["id_number", "mobile"])
		before = frappe.db.count("GH Personal Data Access", {"reference_name": w.case_a, "user": w.staff_a})
		shown = handler.call("gov_hall.access.pii.reveal", doctype="GH Case", name=w.case_a)
		self.assertEqual(shown.status, 200, shown)
		self.assertEqual(shown.message, {"id_number": ID_A, "mobile": MOBILE_A})
		frappe.db.rollback()
		after = frappe.db.count("GH Personal Data Access", {"reference_name": w.case_a, "user": w.staff_a})
		self.assertEqual(after, before + 1)
		# nobody else: a colleague, the department's chief, another department
		for user in (w.colleague_a, w.chief_a):
			answer = self.as_(user).call("gov_hall.access.pii.reveal", doctype="GH Case", name=w.case_a)
			self.assertEqual(answer.status, 403, answer)
			self.assertNoSecrets(answer)
		self.assertRefused(
			self.as_(w.staff_b).call("gov_hall.access.pii.reveal", doctype="GH Case", name=w.case_a)
		)
		# the log is the managers'
		self.assertRefused(self.as_(w.staff_a).get_list("GH Personal Data Access"))
		self.assertIn(
			w.case_a,
			self.as_(w.manager)
			.get_list(
				"GH Personal Data Access", fields=["reference_name"], filters={"reference_name": w.case_a}
			)
			.text,
		)

	def test_a_correction_leaves_no_values_in_the_history_the_form_shows(self):
		w = self.w
		case = make_case(w.hall, w.matter_a, window=w.window_a, mobile="13855550001").name
		commit_world()
		changed = self.as_(w.manager).update("GH Case", case, {"mobile": "13855550002"})
		self.assertEqual(changed.status, 200, changed)
		form = self.as_(w.colleague_a).call(
			"frappe.desk.form.load.getdoc", http_method="GET", doctype="GH Case", name=case
		)
		self.assertEqual(form.status, 200, form)
		versions = json.dumps(form.json.get("docinfo", {}).get("versions"))
		self.assertIn("mobile", versions)  # the change is on record
		for value in ("13855550001", "13855550002"):
			self.assertNotIn(value, form.text)

	def test_a_named_complainant_is_not_identifiable_by_the_department(self):
		w = self.w
		chief = self.as_(w.chief_a)
		for answer in (
			chief.get_doc("GH Complaint", w.complaint_named),
			chief.call(
				"frappe.desk.form.load.getdoc",
				http_method="GET",
				doctype="GH Complaint",
				name=w.complaint_named,
			),
			chief.get_list(
				"GH Complaint", fields=["name", "complainant_name", "complainant_mobile", "supervisor"]
			),
			chief.page(f"/printview?doctype=GH Complaint&name={w.complaint_named}&format=Standard"),
		):
			self.assertEqual(answer.status, 200, answer)
			self.assertNotIn(COMPLAINANT, answer.text)
			self.assertNoSecrets(answer)
		self.assertEqual(
			chief.call("gov_hall.access.pii.reveal", doctype="GH Complaint", name=w.complaint_named).status,
			403,
		)
		manager = self.as_(w.manager).get_doc("GH Complaint", w.complaint_named)
		self.assertEqual(manager.data["complainant_name"], COMPLAINANT)

	def test_staff_entering_a_case_keep_the_full_values(self):
		w = self.w
		answer = self.as_(w.colleague_a).insert(
			"GH Case",
			{
				"applicant_type": "Person",
				"applicant_name": "新申请人",
				"id_number": ID_B,
				"mobile": MOBILE_B,
				"matter": w.matter_a,
				"hall": w.hall,
				"window": w.window_a,
				"channel": "Window",
			},
		)
		self.assertEqual(answer.status, 200, answer)
		self.assertNoSecrets(answer)  # not even what the user typed: they may not read it back
		frappe.db.rollback()
		stored = frappe.db.get_value("GH Case", answer.data["name"], ["id_number", "mobile"])
		self.assertEqual(stored, (ID_B, MOBILE_B))


class TestCitizenVoiceAndAssessment(AccessTestCase):
	"""Complaints, ratings, rectifications, runs, briefings and ranking rows."""

	def test_chief_reads_own_department_complaints_only(self):
		w = self.w
		chief = self.as_(w.chief_a)
		listed = names(chief.get_list("GH Complaint", filters={"hall": w.hall}, limit_page_length=0))
		self.assertEqual(listed, {w.complaint_named})
		for name in (w.complaint_integrity, w.complaint_hall, w.complaint_b, w.complaint_supervised):
			self.assertRefused(chief.get_doc("GH Complaint", name))
		count = chief.call(
			"frappe.client.get_count",
			doctype="GH Complaint",
			filters={"category": "Integrity", "hall": w.hall},
		)
		self.assertEqual(count.message, 0)

	def test_supervisor_reads_their_own_records_only(self):
		w = self.w
		supervisor = self.as_(w.supervisor_user)
		self.assertEqual(
			names(supervisor.get_list("GH Complaint", filters={"hall": w.hall})), {w.complaint_supervised}
		)
		self.assertEqual(
			names(supervisor.get_list("GH External Supervisor", filters={"hall": w.hall})), {w.supervisor}
		)
		self.assertRefused(supervisor.get_doc("GH External Supervisor", w.other_supervisor))
		self.assertRefused(supervisor.get_list("GH Case"))

	def test_ratings_and_rectifications_carry_no_mobile_in_bulk(self):
		w = self.w
		for user in (w.staff_a, w.chief_a):
			session = self.as_(user)
			ratings = session.get_list(
				"GH Service Rating",
				fields=["name", "rater_mobile", "rater_mobile_masked"],
				limit_page_length=0,
			)
			self.assertEqual(names(ratings) & {w.rating_a, w.rating_b}, {w.rating_a})
			rects = session.get_list(
				"GH Rectification", fields=["name", "contact_mobile"], limit_page_length=0
			)
			self.assertEqual(names(rects) & {w.rect_a, w.rect_b}, {w.rect_a})
			self.assertNoSecrets(ratings)
			self.assertNoSecrets(rects)
		# the follow-up call is the department's: a colleague may look the number up, logged
		shown = self.as_(w.colleague_a).call(
			"gov_hall.access.pii.reveal", doctype="GH Rectification", name=w.rect_a
		)
		self.assertEqual(shown.message, {"contact_mobile": RATER_MOBILE}, shown)

	def test_draft_runs_and_their_rows_reach_managers_only(self):
		w = self.w
		chief = self.as_(w.chief_a)
		self.assertEqual(
			names(chief.get_list("GH Assessment Run", filters={"hall": w.hall})), {w.run_published}
		)
		self.assertRefused(chief.get_doc("GH Assessment Run", w.run_draft))
		self.assertRefused(
			chief.page(f"/printview?doctype=GH Assessment Run&name={w.run_draft}&format=Standard")
		)
		found = self.as_(w.chief_a).call(
			"frappe.desk.search.search_link",
			doctype="GH Assessment Run",
			txt="",
			ignore_user_permissions=1,
			page_length=500,
		)
		self.assertNotIn(w.run_draft, {row["value"] for row in found.message})
		for doctype in ("GH Staff Assessment", "GH Window Assessment"):
			rows = chief.call(
				"frappe.desk.reportview.get",
				doctype=doctype,
				parent_doctype="GH Assessment Run",
				fields=json.dumps([f"`tab{doctype}`.`name`", f"`tab{doctype}`.`parent`"]),
				page_length=5000,
			)
			self.assertEqual(rows.status, 200, rows)
			parents = {row[1] for row in rows.message["values"]} if rows.message else set()
			self.assertNotIn(w.run_draft, parents)
			self.assertIn(w.run_published, parents)
			listed = chief.call(
				"frappe.client.get_list",
				doctype=doctype,
				parent="GH Assessment Run",
				fields=["name", "parent"],
				filters={"parent": w.run_draft},
			)
			self.assertEqual(listed.message, [], listed)
		manager = self.as_(w.manager).call(
			"frappe.client.get_list",
			doctype="GH Staff Assessment",
			parent="GH Assessment Run",
			fields=["name"],
			filters={"parent": w.run_draft},
		)
		self.assertEqual(len(manager.message), 2)

	def test_integrity_complaints_are_not_in_run_rows_briefings_or_rankings(self):
		w = self.w
		chief = self.as_(w.chief_a)
		# a run document holds every department's rows: a chief reads their own rows through the list
		rows = chief.call(
			"frappe.client.get_list",
			doctype="GH Staff Assessment",
			parent="GH Assessment Run",
			fields=["staff", "verified_complaints", "integrity_complaints"],
			filters={"parent": w.run_published},
		)
		self.assertEqual(rows.status, 200, rows)
		mine = next(r for r in rows.message if r["staff"] == w.staff_a)
		self.assertEqual(mine["verified_complaints"], 0)
		self.assertNotIn("integrity_complaints", mine)
		view = chief.call(
			"frappe.desk.reportview.get",
			doctype="GH Staff Assessment",
			parent_doctype="GH Assessment Run",
			fields=json.dumps(
				["`tabGH Staff Assessment`.`name`", "`tabGH Staff Assessment`.`integrity_complaints`"]
			),
		)
		self.assertEqual(view.status, 200, view)
		self.assertNotIn("integrity_complaints", json.dumps(view.message))
		manager_rows = self.as_(w.manager).get_doc("GH Assessment Run", w.run_published).data["staff_results"]
		self.assertEqual(next(r for r in manager_rows if r["staff"] == w.staff_a)["integrity_complaints"], 1)
		briefing = chief.get_doc("GH Department Briefing", w.briefing_a)
		self.assertEqual(briefing.status, 200, briefing)
		self.assertEqual(
			[(r["staff"], r["verified_complaints"]) for r in briefing.data["staff_results"]], [(w.staff_a, 0)]
		)
		report = chief.call(
			"frappe.desk.query_report.run",
			report_name="GH Service Stars",
			filters=json.dumps({"hall": w.hall, "quarter": "2025-Q1"}),
		)
		self.assertEqual(report.status, 200, report)
		mine = next(r for r in report.message["result"] if r.get("staff") == w.staff_a)
		self.assertEqual(mine["verified_complaints"], 0)
		self.assertNotIn("integrity_complaints", mine)
		managers = self.as_(w.manager).call(
			"frappe.desk.query_report.run",
			report_name="GH Service Stars",
			filters=json.dumps({"hall": w.hall, "quarter": "2025-Q1"}),
		)
		theirs = next(r for r in managers.message["result"] if r.get("staff") == w.staff_a)
		self.assertEqual(theirs["verified_complaints"], 1)

	def test_briefings_reach_their_own_department_only(self):
		w = self.w
		chief = self.as_(w.chief_a)
		self.assertEqual(
			names(chief.get_list("GH Department Briefing", filters={"run": w.run_published})), {w.briefing_a}
		)
		self.assertRefused(chief.get_doc("GH Department Briefing", w.briefing_b))
		rows = chief.call(
			"frappe.client.get_list",
			doctype="GH Briefing Staff",
			parent="GH Department Briefing",
			fields=["name", "parent", "staff"],
			limit_page_length=0,
		)
		self.assertEqual({row["parent"] for row in rows.message}, {w.briefing_a}, rows)
		self.assertNotIn(w.staff_b, rows.text)


class TestDeskAggregates(AccessTestCase):
	"""Number cards, dashboard charts and script reports count only what the user may read."""

	def test_number_card_counts_own_department(self):
		w = self.w
		card = frappe.get_doc("Number Card", "GH Open Cases").as_dict()
		filters = json.dumps([["GH Case", "hall", "=", w.hall]])
		staff = self.as_(w.staff_a).call(
			"frappe.desk.doctype.number_card.number_card.get_result",
			doc=json.dumps(card, default=str),
			filters=filters,
		)
		self.assertEqual(staff.message, 1, staff)
		manager = self.as_(w.manager).call(
			"frappe.desk.doctype.number_card.number_card.get_result",
			doc=json.dumps(card, default=str),
			filters=filters,
		)
		self.assertEqual(manager.message, 2, manager)

	def test_script_report_open_cases_is_scoped(self):
		w = self.w
		report = self.as_(w.staff_a).call(
			"frappe.desk.query_report.run",
			report_name="GH Open Cases and Cards",
			filters=json.dumps({"hall": w.hall}),
		)
		self.assertEqual(report.status, 200, report)
		shown = {
			row.get("name") or row.get("case") for row in report.message["result"] if isinstance(row, dict)
		}
		self.assertIn(w.case_a, shown)
		self.assertNotIn(w.case_b, shown)
		self.assertNoSecrets(report)
