# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt

"""GH Queue Device: a token stamped once and renewed only by the action, window devices tied to a
window of their hall, and device_for refusing unknown, disabled, mistyped and out-of-network devices."""

import frappe
from frappe.tests.utils import FrappeTestCase

from gov_hall.queue import devices
from gov_hall.setup.roles import HALL_MANAGER
from gov_hall.tests.factories import make_department, make_hall, make_staff, make_user, make_window
from gov_hall.tests.http import HttpUser, commit_world, set_password

DEVICE = "GH Queue Device"


def make_device(hall: str, **values):
	return frappe.get_doc(
		{"doctype": DEVICE, "device_name": "大厅取号机", "hall": hall, "device_type": "Kiosk", **values}
	).insert()


class TestGHQueueDevice(FrappeTestCase):
	def setUp(self):
		self.hall = make_hall().name
		self.department = make_department(self.hall).name
		self.window = make_window(self.hall, self.department).name

	def tearDown(self):
		frappe.local.request_ip = None
		frappe.db.rollback()

	def test_token_is_stamped_and_shown_as_a_pairing_link(self):
		frappe.clear_messages()
		device = make_device(self.hall, token="chosen-by-the-request")
		self.assertEqual(len(device.token), 32)
		self.assertTrue(device.token.isalnum())
		self.assertIn(f"/queue-kiosk?pair={device.token}", str(frappe.message_log))
		old = device.token
		url = device.renew_token()
		self.assertNotEqual(device.reload().token, old)
		self.assertIn(device.token, url)

	def test_window_devices_need_a_window_of_their_hall(self):
		with self.assertRaises(frappe.ValidationError):
			make_device(self.hall, device_type="Window Evaluator")
		other = make_hall().name
		with self.assertRaises(frappe.ValidationError):
			make_device(other, device_type="Window Display", window=self.window)
		device = make_device(self.hall, device_type="Window Evaluator", window=self.window)
		self.assertEqual(device.window, self.window)
		self.assertIsNone(make_device(self.hall, device_type="Kiosk", window=self.window).window)
		with self.assertRaises(frappe.ValidationError):
			make_device(self.hall, allowed_ips="10.0.0.0/33")

	def test_device_for(self):
		kiosk = make_device(self.hall, allowed_ips="10.1.2.0/24")
		evaluator = make_device(self.hall, device_type="Window Evaluator", window=self.window)
		frappe.local.request_ip = "10.1.2.7"
		self.assertEqual(devices.device_for(kiosk.token, "Kiosk").name, kiosk.name)
		self.assertTrue(frappe.db.get_value(DEVICE, kiosk.name, "last_seen_on"))
		self.assertEqual(
			devices.device_for(evaluator.token, "Window Evaluator", self.window).name, evaluator.name
		)
		refused = (
			(kiosk.token, "Hall Display", None),
			("x" * 32, "Kiosk", None),
			(None, "Kiosk", None),
			(evaluator.token, "Window Evaluator", make_window(self.hall, self.department).name),
		)
		for token, kind, window in refused:
			with self.assertRaises(devices.DevicePermissionError):
				devices.device_for(token, kind, window)
		frappe.local.request_ip = "10.1.3.7"
		with self.assertRaises(devices.DevicePermissionError):
			devices.device_for(kiosk.token, "Kiosk")
		frappe.local.request_ip = "10.1.2.7"
		frappe.db.set_value(DEVICE, kiosk.name, "enabled", 0)
		with self.assertRaises(devices.DevicePermissionError):
			devices.device_for(kiosk.token, "Kiosk")


class TestGHQueueDeviceOverHttp(FrappeTestCase):
	def test_managers_only_and_the_token_is_not_typed(self):
		hall = make_hall().name
		department = make_department(hall).name
		staff = make_staff(department).user
		manager = make_user([HALL_MANAGER])
		for user in (staff, manager):
			set_password(user)
		device = make_device(hall)
		commit_world()
		self.assertEqual(HttpUser(staff).get_doc(DEVICE, device.name).status, 403)
		answer = HttpUser(manager).get_doc(DEVICE, device.name)
		self.assertEqual(answer.status, 200, answer)
		self.assertNotIn("token", answer.data)  # permlevel 1: nobody reads it back
		# permlevel 1 that no role writes: Frappe drops the value, the controlled check refuses it
		HttpUser(manager).update(DEVICE, device.name, {"token": "a" * 32})
		frappe.db.rollback()
		self.assertEqual(frappe.db.get_value(DEVICE, device.name, "token"), device.token)
