"""A real SMS gateway for the tests: a small HTTP server on 127.0.0.1, started by the test, that
records every request it receives and answers 200, or 500 while it is told to fail.

``SMS Settings`` is pointed at it with ``point_sms_settings_at``; ``restore_sms_settings`` puts back
what was there (a test site has no gateway: the app then queues nothing).
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import frappe


class Recorded(dict):
	"""One request: method, path, query, headers, body (text) and form (the parsed parameters)."""

	@property
	def form(self) -> dict:
		values = {key: value[-1] for key, value in parse_qs(self["query"]).items()}
		if self["headers"].get("Content-Type", "").startswith("application/json"):
			values.update(json.loads(self["body"] or "{}"))
		elif self["body"]:
			values.update({key: value[-1] for key, value in parse_qs(self["body"]).items()})
		return values

	@property
	def params(self) -> dict:
		raw = self.form.get("template_params")
		return raw if isinstance(raw, dict) else json.loads(raw or "{}")

	@property
	def raw(self) -> str:
		return f"{self['path']}?{self['query']}\n{self['body']}"


class RecordingGateway:
	def __init__(self, delay: float = 0.0):
		self.requests: list[Recorded] = []
		self.failures_left = 0
		self.delay = delay
		self.lock = threading.Lock()
		gateway = self

		class Handler(BaseHTTPRequestHandler):
			def _answer(self):
				length = int(self.headers.get("Content-Length") or 0)
				body = self.rfile.read(length).decode("utf-8") if length else ""
				parts = urlsplit(self.path)
				with gateway.lock:
					gateway.requests.append(
						Recorded(
							method=self.command,
							path=parts.path,
							query=parts.query,
							headers=dict(self.headers.items()),
							body=body,
						)
					)
					failing = gateway.failures_left > 0
					if failing:
						gateway.failures_left -= 1
				if gateway.delay:
					time.sleep(gateway.delay)
				status, answer = (500, '{"Code":"isv.SYSTEM_ERROR"}') if failing else (200, '{"Code":"OK"}')
				data = answer.encode()
				self.send_response(status)
				self.send_header("Content-Type", "application/json")
				self.send_header("Content-Length", str(len(data)))
				self.end_headers()
				self.wfile.write(data)

			do_GET = _answer
			do_POST = _answer

			def log_message(self, *args):
				pass

		self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
		self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

	@property
	def url(self) -> str:
		return f"http://127.0.0.1:{self.server.server_address[1]}/sms/send"

	def start(self) -> RecordingGateway:
		self.thread.start()
		return self

	def stop(self) -> None:
		self.server.shutdown()
		self.server.server_close()

	def fail(self, times: int) -> None:
		with self.lock:
			self.failures_left = times

	def about(self, text: str) -> list[Recorded]:
		"""The requests whose parameters mention ``text`` (a case number, a booking code)."""
		with self.lock:
			return [
				request for request in self.requests if text in json.dumps(request.form, ensure_ascii=False)
			]


def point_sms_settings_at(url: str, use_post: int = 1) -> dict:
	"""Frappe's SMS Settings sending to ``url``; returns what was there before."""
	settings = frappe.get_doc("SMS Settings")
	before = {
		"sms_gateway_url": settings.sms_gateway_url,
		"message_parameter": settings.message_parameter,
		"receiver_parameter": settings.receiver_parameter,
		"use_post": settings.use_post,
		"parameters": [row.as_dict() for row in settings.parameters],
	}
	settings.sms_gateway_url = url
	settings.message_parameter = "content"
	settings.receiver_parameter = "mobile"
	settings.use_post = use_post
	settings.set("parameters", [{"parameter": "account", "value": "qs-hall", "header": 0}])
	settings.save(ignore_permissions=True)
	return before


def restore_sms_settings(before: dict) -> None:
	for field in ("sms_gateway_url", "message_parameter", "receiver_parameter", "use_post"):
		frappe.db.set_single_value("SMS Settings", field, before.get(field))
	frappe.db.delete("SMS Parameter", {"parent": "SMS Settings"})
	frappe.db.commit()  # nosemgrep: the settings are committed by the tests that change them
	frappe.clear_document_cache("SMS Settings", "SMS Settings")
