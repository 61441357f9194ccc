"""What every page must pass, whatever the scenario: no console error, no failed same-origin request,
and on a citizen's page no English word a citizen can see.

``PageWatch`` listens to one Playwright page and collects problems instead of failing at the first,
so one run shows everything wrong with a flow; the test ends with ``watch.assert_clean()``. Every
problem is kept with a screenshot and the page's text in the failure folder (see conftest.py).
"""

import re
from pathlib import Path
from urllib.parse import urlsplit

# The text a person sees: text nodes of rendered, visible, non-transparent, on-page elements
# (not <script>, <style>, <template>, nor screen-reader-only or off-screen boxes such as a closed
# date picker), every option of a visible <select> (opening it shows them all), the placeholder of
# a visible field, the label of a visible input button, and the document's title (the browser tab).
VISIBLE_TEXT_JS = r"""
() => {
	const out = [];
	const hiddenCache = new Map();
	const SKIP = "script, style, noscript, template, select, option, textarea, datalist";
	// screen-reader-only boxes: clipped to nothing, or 1px with their overflow cut
	function clippedAway(el) {
		const style = getComputedStyle(el);
		if (/^rect\(0(px)?,? 0(px)?,? 0(px)?,? 0(px)?\)$/.test(style.clip)) return true;
		if (/^inset\((50|100)%\)$/.test(style.clipPath)) return true;
		const rect = el.getBoundingClientRect();
		return rect.width <= 1 && rect.height <= 1 && style.overflow !== "visible";
	}
	function hidden(el) {
		if (!el || el === document.body || el === document.documentElement) return false;
		if (hiddenCache.has(el)) return hiddenCache.get(el);
		let result = false;
		if (!el.checkVisibility({ opacityProperty: true, visibilityProperty: true, contentVisibilityAuto: true })) {
			result = true;
		} else if (clippedAway(el)) {
			result = true;
		} else {
			const rect = el.getBoundingClientRect();
			const right = rect.right + window.scrollX;
			const bottom = rect.bottom + window.scrollY;
			if (rect.width > 0 && (right <= 0 || bottom <= 0)) result = true; // pushed off the page
			else result = hidden(el.parentElement);
		}
		hiddenCache.set(el, result);
		return result;
	}
	const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
	let node;
	while ((node = walker.nextNode())) {
		const text = node.textContent.trim();
		if (!text) continue;
		const parent = node.parentElement;
		if (!parent || parent.closest(SKIP) || hidden(parent)) continue;
		out.push({ source: "text", text });
	}
	for (const select of document.querySelectorAll("select")) {
		if (hidden(select)) continue;
		for (const option of select.options) {
			if (option.text.trim()) out.push({ source: "option", text: option.text.trim() });
		}
	}
	for (const field of document.querySelectorAll("input[placeholder], textarea[placeholder]")) {
		if (!hidden(field) && field.placeholder.trim()) out.push({ source: "placeholder", text: field.placeholder.trim() });
	}
	for (const button of document.querySelectorAll("input[type=submit], input[type=button], input[type=reset]")) {
		if (!hidden(button) && button.value.trim()) out.push({ source: "button", text: button.value.trim() });
	}
	if (document.title.trim()) out.push({ source: "title", text: document.title.trim() });
	return out;
}
"""

# Latin text a Chinese page may show: codes that carry a digit (case numbers QS-2026-00042,
# matter codes QS-SCJG-001, window numbers A01, booking codes, tracking codes K7QM-3XH9-PW2T,
# quarters 2026-Q3), and these abbreviations that Chinese text uses as they are.
ALLOWED_WORDS = frozenset({"EMS", "PDF", "JPG", "JPEG", "PNG"})
CODE = re.compile(r"^(?=[A-Z0-9-]*\d)[A-Z0-9]+(?:-[A-Z0-9]+)*$")
# a complaint's tracking code may by chance have no digit (ABCD-EFGH-JKMN): its format is enough
TRACKING_CODE = re.compile(r"^[2-9A-HJ-KM-NP-Z]{4}-[2-9A-HJ-KM-NP-Z]{4}-[2-9A-HJ-KM-NP-Z]{4}$")
# addresses, and the name of a file the citizen chose (现场照片.png): not the page's words
NOT_WORDS = re.compile(r"https?://\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\S+\.(?:png|jpe?g|pdf)\b", re.IGNORECASE)
TOKEN = re.compile(r"[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)*")
WORD = re.compile(r"[A-Za-z]{3,}")


def english_words(text: str, allowed: frozenset | set = frozenset()) -> list[str]:
	"""Latin words of 3+ letters in ``text`` that are neither a code, an allowed abbreviation, an
	address (URL, e-mail), a chosen file's name nor one of the ``allowed`` values (codes the
	scenario was given)."""
	found = []
	for token in TOKEN.findall(NOT_WORDS.sub(" ", text)):
		if token in allowed or token in ALLOWED_WORDS or CODE.match(token) or TRACKING_CODE.match(token):
			continue
		found.extend(WORD.findall(token))
	return found


def english_in_parts(parts: list[dict], allowed: frozenset | set = frozenset()) -> list[tuple[str, str]]:
	"""(source, word) for every English word in the visible parts of a page, in page order, once each."""
	seen, found = set(), []
	for part in parts:
		for word in english_words(part["text"], allowed):
			key = (part["source"], word)
			if key not in seen:
				seen.add(key)
				found.append(key)
	return found


def same_origin(url: str, base_url: str) -> bool:
	a, b = urlsplit(url), urlsplit(base_url)
	return (a.scheme, a.netloc) == (b.scheme, b.netloc)


def path_of(url: str) -> str:
	parts = urlsplit(url)
	return parts.path + (f"?{parts.query}" if parts.query else "")


class PageWatch:
	"""Collects the problems of one page (and of the pages it navigates to) for one test."""

	def __init__(self, page, base_url: str, artifacts: Path, citizen: bool):
		self.page = page
		self.base_url = base_url
		self.artifacts = artifacts
		self.citizen = citizen
		self.problems: list[str] = []
		self.allowed_words: set[str] = set()
		# (path regex, status): answers a scenario provokes on purpose, e.g. the 404 of a bad link
		self.expected_statuses: list[tuple[re.Pattern, int]] = []
		self.shots = 0
		self.pending: list[str] = []
		page.on("console", self._console)
		page.on("pageerror", self._page_error)
		page.on("requestfailed", self._request_failed)
		page.on("response", self._response)
		page.on("dialog", self._dialog)
		self.dialog_answer = True

	# -- expectations ------------------------------------------------------------------------

	def expect_status(self, path_pattern: str, status: int) -> None:
		"""A same-origin answer with this status at a path matching ``path_pattern`` is deliberate."""
		self.expected_statuses.append((re.compile(path_pattern), status))

	def allow(self, *values: str) -> None:
		"""Latin values a scenario itself received and a page may show (booking or tracking codes)."""
		self.allowed_words.update(v for v in values if v)

	def _expected(self, url: str, status: int) -> bool:
		path = path_of(url)
		return any(pattern.search(path) and status == code for pattern, code in self.expected_statuses)

	# -- listeners ---------------------------------------------------------------------------

	def add(self, problem: str, evidence_now: bool = False) -> None:
		"""Record a problem. From an event listener the page may be mid-navigation: its evidence is
		taken at the next check (``flush``) instead of inside the listener."""
		self.problems.append(problem)
		if evidence_now:
			self.keep_evidence([problem])
		else:
			self.pending.append(problem)

	def flush(self) -> None:
		if self.pending:
			problems, self.pending = self.pending, []
			self.keep_evidence(problems)

	def _console(self, message) -> None:
		if message.type != "error":
			return
		location = message.location or {}
		url = location.get("url") or ""
		# Chromium logs every 4xx/5xx answer as a console error; a deliberate one is not a fault
		status = re.search(r"status of (\d{3})", message.text)
		if status and url and same_origin(url, self.base_url) and self._expected(url, int(status.group(1))):
			return
		self.add(f"console error on {path_of(self.page.url)}: {message.text} ({url})")

	def _page_error(self, error) -> None:
		self.add(f"JavaScript error on {path_of(self.page.url)}: {error}")

	def _request_failed(self, request) -> None:
		if not same_origin(request.url, self.base_url):
			return
		failure = request.failure or ""
		# the browser drops what is still loading (a font, a poll) when the page navigates away:
		# no fault of the server; a real error answer is caught by _response with its status
		if "ERR_ABORTED" in failure:
			return
		self.add(f"request failed: {request.method} {path_of(request.url)} ({failure})")

	def _response(self, response) -> None:
		if response.status < 400 or not same_origin(response.url, self.base_url):
			return
		if self._expected(response.url, response.status):
			return
		self.add(f"HTTP {response.status}: {response.request.method} {path_of(response.url)}")

	def _dialog(self, dialog) -> None:
		if self.citizen:
			words = english_words(dialog.message, self.allowed_words)
			if words:
				self.add(f"English words in a {dialog.type} dialog on {path_of(self.page.url)}: {words}")
		if self.dialog_answer:
			dialog.accept()
		else:
			dialog.dismiss()

	# -- checks ------------------------------------------------------------------------------

	def visible_parts(self) -> list[dict]:
		return self.page.evaluate(VISIBLE_TEXT_JS)

	def check_text(self, label: str) -> list[tuple[str, str]]:
		"""On a citizen's page: no visible English word. Returns what was found (also recorded)."""
		self.flush()
		if not self.citizen:
			return []
		found = english_in_parts(self.visible_parts(), frozenset(self.allowed_words))
		if found:
			words = ", ".join(
				f"{word}" + ("" if source == "text" else f" [{source}]") for source, word in found
			)
			self.add(f"English words on {path_of(self.page.url)} ({label}): {words}", evidence_now=True)
		return found

	def keep_evidence(self, problems: list[str]) -> None:
		"""A screenshot and the page's visible text, for the person reading the failure."""
		self.shots += 1
		stem = self.artifacts / f"{self.shots:02d}"
		try:
			self.artifacts.mkdir(parents=True, exist_ok=True)
			self.page.screenshot(path=f"{stem}.png", full_page=True)
			parts = self.visible_parts()
			text = "\n".join(f"[{p['source']}] {p['text']}" for p in parts)
		except Exception as error:  # the page may be navigating; keep the problem anyway
			text = f"(page text not available: {error})"
		listed = "\n".join(problems)
		stem.with_suffix(".txt").write_text(f"{listed}\nURL: {self.page.url}\n\n{text}\n", encoding="utf-8")

	def assert_clean(self) -> None:
		self.flush()
		if self.problems:
			raise AssertionError(
				f"{len(self.problems)} problem(s), evidence in {self.artifacts}:\n  - "
				+ "\n  - ".join(self.problems)
			)
