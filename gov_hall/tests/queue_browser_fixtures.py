"""What the hall floor's browser tests (browser_tests/test_queue_floor.py) need on top of the demo
hall and gov_hall.tests.browser_fixtures: one registered device of each kind (kiosk, hall display,
the fixture staff member's window display and evaluator) and that window free to call.

Idempotent like browser_fixtures: devices are found by name before they are made; what a run uses
up is reset (the window's current visit is put out of the way, the devices' rate limits cleared).
"""

import datetime

import frappe

from gov_hall.utils.clock import now_datetime, nowdate

DEVICES = {
	"Kiosk": "浏览器测试取号机",
	"Hall Display": "浏览器测试大厅屏",
	"Window Display": "浏览器测试窗口屏",
	"Window Evaluator": "浏览器测试评价器",
}
GUEST_IP = "127.0.0.1"
GUEST_METHODS = (
	"kiosk_options",
	"take_ticket",
	"check_in",
	"hall_display_state",
	"window_display_state",
	"evaluator_state",
	"rate_visit",
)


def queue_floor(hall: str, window: str, department: str) -> dict:
	"""The devices' tokens and the window the browser tests call at."""
	if not frappe.db.exists("DocType", "GH Queue Device"):
		return {}
	frappe.db.set_value("GH Service Window", window, "has_evaluator", 1)
	# the kiosk test runs whenever CI does: at night and on rest days the hall serves off-hours
	frappe.db.set_value("GH Service Hall", hall, "offers_off_hours_service", 1)
	tokens = {}
	for device_type, name in DEVICES.items():
		tokens[device_type] = ensure_device(hall, device_type, name, window)
	free_window(window)
	clear_rate_limits()
	row = frappe.db.get_value("GH Service Window", window, ["window_number", "card_code"], as_dict=True)
	return {
		"window": window,
		"window_number": row.window_number,
		"card_code": row.card_code,
		"department": department,
		"kiosk_token": tokens["Kiosk"],
		"display_token": tokens["Hall Display"],
		"window_display_token": tokens["Window Display"],
		"evaluator_token": tokens["Window Evaluator"],
	}


def ensure_device(hall: str, device_type: str, device_name: str, window: str) -> str:
	values = {"hall": hall, "device_type": device_type, "device_name": device_name}
	name = frappe.db.get_value("GH Queue Device", values, "name")
	if not name:
		doc = frappe.get_doc(
			{
				"doctype": "GH Queue Device",
				**values,
				"window": window if device_type in ("Window Display", "Window Evaluator") else None,
				"enabled": 1,
				"allowed_ips": "",
			}
		).insert(ignore_permissions=True)
		frappe.clear_messages()
		name = doc.name
	frappe.db.set_value("GH Queue Device", name, "enabled", 1, update_modified=False)
	return frappe.db.get_value("GH Queue Device", name, "token")


def free_window(window: str) -> None:
	"""The window's ticket of an earlier run, done an hour ago: the window can call, and the
	evaluator has no visit to rate until the test makes one."""
	for name in frappe.get_all(
		"GH Queue Ticket",
		filters={"window": window, "ticket_date": nowdate(), "status": ["in", ["Called", "Serving", "Done"]]},
		pluck="name",
	):
		frappe.db.set_value(
			"GH Queue Ticket",
			name,
			{
				"status": "Done",
				"service_finished_on": now_datetime() - datetime.timedelta(hours=1),
			},
			update_modified=False,
		)


def clear_rate_limits() -> None:
	keys = [
		frappe.cache.make_key(f"rl:gov_hall.api.queue_public.{method}:{GUEST_IP}") for method in GUEST_METHODS
	]
	frappe.cache.delete(*keys)
