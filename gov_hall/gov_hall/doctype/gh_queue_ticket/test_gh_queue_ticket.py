# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt

"""GH Queue Ticket: what a request may set (department and matter at issue, nothing else), who reads
a ticket (its department and the managers), and serials that stay unique when kiosks issue at once."""

import threading

import frappe
from frappe.tests.utils import FrappeTestCase

from gov_hall.queue import tickets
from gov_hall.setup.roles import HALL_MANAGER
from gov_hall.tests.factories import (
	make_department,
	make_hall,
	make_matter,
	make_staff,
	make_user,
	make_window,
)
from gov_hall.tests.http import HttpUser, commit_world, set_password

TICKET = "GH Queue Ticket"


def hall_world() -> frappe._dict:
	hall = make_hall(offers_off_hours_service=1)
	d1, d2 = make_department(hall.name), make_department(hall.name)
	window = make_window(hall.name, d1.name)
	staff = make_staff(d1.name, window.name).user
	outsider = make_staff(d2.name).user
	manager = make_user([HALL_MANAGER])
	for user in (staff, outsider, manager):
		set_password(user)
	matter = make_matter(d1.name).name
	commit_world()
	return frappe._dict(
		hall=hall.name,
		d1=d1.name,
		d2=d2.name,
		window=window.name,
		staff=staff,
		outsider=outsider,
		manager=manager,
		matter=matter,
	)


class TestGHQueueTicket(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.w = hall_world()

	def test_a_managers_post_is_a_desk_ticket_whatever_it_sends(self):
		w = self.w
		answer = HttpUser(w.manager).insert(
			TICKET,
			{
				"hall": w.hall,
				"department": w.d1,
				"matter": w.matter,
				"serial": 99,
				"ticket_number": "Z999",
				"prefix": "Z",
				"priority": 1,
				"source": "Kiosk",
				"ticket_date": "2020-01-01",
				"wait_seconds": 5,
			},
		)
		self.assertEqual(answer.status, 200, answer)
		frappe.db.rollback()
		row = frappe.db.get_value(TICKET, answer.data["name"], ["*"], as_dict=True)
		self.assertEqual((row.source, row.priority, row.prefix, row.issued_by), ("Desk", 0, "A", w.manager))
		self.assertRegex(row.ticket_number, r"^A\d{3}$")
		self.assertNotEqual(str(row.ticket_date), "2020-01-01")
		self.assertEqual((row.wait_seconds, row.matter), (0, w.matter))
		self.assertEqual(frappe.db.count("GH Queue Ticket Event", {"parent": row.name}), 1)

	def test_staff_read_their_departments_tickets_only_and_cannot_write(self):
		w = self.w
		doc = tickets.issue_ticket(w.hall, department=w.d1)
		commit_world()
		self.assertEqual(HttpUser(w.staff).get_doc(TICKET, doc.name).status, 200)
		self.assertEqual(HttpUser(w.outsider).get_doc(TICKET, doc.name).status, 403)
		listed = HttpUser(w.outsider).get_list(TICKET, filters={"hall": w.hall}).data
		self.assertNotIn(doc.name, [r["name"] for r in listed])
		answer = HttpUser(w.staff).update(TICKET, doc.name, {"department": w.d2})
		self.assertEqual(answer.status, 403, answer)
		# nor on its own event rows, nor delete
		row = doc.events[0].name
		answer = HttpUser(w.manager).update("GH Queue Ticket Event", row, {"event": "Called"})
		self.assertIn(answer.status, (403, 417), answer)
		self.assertIn(HttpUser(w.manager).delete(TICKET, doc.name).status, (403, 417))
		frappe.db.rollback()
		self.assertEqual(frappe.db.get_value("GH Queue Ticket Event", row, "event"), "Issued")
		self.assertEqual(frappe.db.get_value(TICKET, doc.name, "department"), w.d1)

	def test_a_transfer_alone_changes_the_department(self):
		w = self.w
		doc = tickets.issue_ticket(w.hall, department=w.d1)
		commit_world()
		answer = HttpUser(w.manager).update(TICKET, doc.name, {"department": w.d2})
		self.assertEqual(answer.status, 417, answer)

	def test_serials_stay_unique_when_kiosks_issue_at_once(self):
		w = self.w
		site, sites_path = frappe.local.site, frappe.local.sites_path
		numbers, errors = [], []
		barrier = threading.Barrier(5)
		lock = threading.Lock()

		def kiosk():
			frappe.init(site=site, sites_path=sites_path)
			frappe.connect()
			try:
				frappe.set_user("Guest")
				barrier.wait()
				for _ in range(4):
					doc = tickets.issue_ticket(w.hall, department=w.d2)
					frappe.db.commit()  # nosemgrep: each kiosk request commits
					with lock:
						numbers.append(doc.ticket_number)
			except Exception as err:
				with lock:
					errors.append(repr(err))
			finally:
				frappe.destroy()

		threads = [threading.Thread(target=kiosk) for _ in range(5)]
		for thread in threads:
			thread.start()
		for thread in threads:
			thread.join()
		self.assertEqual(errors, [])
		self.assertEqual(sorted(numbers), [f"B{n:03d}" for n in range(1, 21)])
