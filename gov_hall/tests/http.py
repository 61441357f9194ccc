"""Requests through Frappe's own request handling, as a real logged-in user or a guest.

Access and integrity tests must not call controllers directly: what a user can do from the browser
console is what ``frappe.app.application`` does with their session cookie. ``HttpUser`` logs in
with ``/api/method/login`` and keeps the cookie, then sends REST and method calls as that user.

Each request runs in its own thread with its own ``frappe.local`` and database connection, as a
web worker would, so the records a test makes must be committed before they can be seen
(``commit_world``); the tier-2 site is made fresh and dropped after the run.
"""

import json
from threading import Thread
from unittest.mock import patch
from urllib.parse import quote, urlencode

import frappe
from werkzeug.test import Client, TestResponse

TEST_PASSWORD = "Gh-Test-Passw0rd!"


def _run(site: str, target, *args, **kwargs) -> TestResponse:
	box = {}

	def work():
		with patch("frappe.app.get_site_name", return_value=site):
			box["response"] = target(*args, **kwargs)

	thread = Thread(target=work)
	thread.start()
	thread.join()
	return box["response"]


class Answer:
	"""A response with its status, JSON body and the server's translated messages."""

	def __init__(self, response: TestResponse):
		self.status = response.status_code
		self.text = response.get_data(as_text=True)
		try:
			self.json = json.loads(self.text)
		except ValueError:
			self.json = {}
		self.headers = response.headers

	@property
	def message(self):
		return self.json.get("message") if isinstance(self.json, dict) else None

	@property
	def data(self):
		return self.json.get("data") if isinstance(self.json, dict) else None

	@property
	def server_messages(self) -> str:
		raw = self.json.get("_server_messages") if isinstance(self.json, dict) else None
		if not raw:
			return ""
		try:
			return " ".join(json.loads(m).get("message", "") for m in json.loads(raw))
		except (ValueError, AttributeError):
			return raw

	@property
	def exc_type(self) -> str:
		return (self.json.get("exc_type") or "") if isinstance(self.json, dict) else ""

	def __repr__(self):
		return f"<Answer {self.status} {self.text[:300]}>"


class HttpUser:
	"""One browser session: ``HttpUser("staff@x")`` logs in; ``HttpUser(None)`` stays a guest."""

	def __init__(self, user: str | None, password: str = TEST_PASSWORD, site: str | None = None):
		from frappe.app import application

		self.site = site or frappe.local.site
		self.user = user or "Guest"
		self.client = Client(application)
		self.csrf_token = None
		if user:
			answer = self.post_form("/api/method/login", {"usr": user, "pwd": password})
			if answer.status != 200:
				raise AssertionError(f"{user} could not log in: {answer}")

	# low level
	def request(self, method: str, path: str, **kwargs) -> Answer:
		headers = kwargs.pop("headers", {}) or {}
		headers.setdefault("Accept", "application/json")
		return Answer(_run(self.site, self.client.open, path, method=method, headers=headers, **kwargs))

	def post_form(self, path: str, data: dict) -> Answer:
		return self.request("POST", path, data=data)

	# REST
	def get_doc(self, doctype: str, name: str) -> Answer:
		return self.request("GET", f"/api/resource/{quote(doctype)}/{quote(str(name))}")

	def get_list(self, doctype: str, **params) -> Answer:
		query = {
			key: json.dumps(value) if not isinstance(value, str) else value for key, value in params.items()
		}
		return self.request("GET", f"/api/resource/{quote(doctype)}?{urlencode(query)}")

	def insert(self, doctype: str, values: dict) -> Answer:
		return self.request("POST", f"/api/resource/{quote(doctype)}", json=values)

	def update(self, doctype: str, name: str, values: dict) -> Answer:
		return self.request("PUT", f"/api/resource/{quote(doctype)}/{quote(str(name))}", json=values)

	def delete(self, doctype: str, name: str) -> Answer:
		return self.request("DELETE", f"/api/resource/{quote(doctype)}/{quote(str(name))}")

	# whitelisted methods (frappe.client.*, frappe.desk.*, the app's api)
	def call(self, method: str, http_method: str = "POST", **kwargs) -> Answer:
		if http_method == "GET":
			query = {k: json.dumps(v) if not isinstance(v, str) else v for k, v in kwargs.items()}
			return self.request("GET", f"/api/method/{method}?{urlencode(query)}")
		return self.request("POST", f"/api/method/{method}", json=kwargs)

	def page(self, path: str) -> Answer:
		return self.request("GET", path, headers={"Accept": "text/html"})


def set_password(user: str, password: str = TEST_PASSWORD) -> None:
	from frappe.utils.password import update_password

	update_password(user, password)


def commit_world() -> None:
	"""Make the test's records visible to the requests' own database connections."""
	frappe.db.commit()  # nosemgrep: HTTP tests read through other connections
