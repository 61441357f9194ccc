"""Free text from citizens: plain text only, within a length, no markup or control characters."""

import re
import unicodedata

# A tag opening (<b, </, <!, <?), a character reference (&#60;) or a script URL.
MARKUP = re.compile(r"<\s*[a-z!/?]|&#|&[a-z]+;|javascript\s*:|data\s*:\s*text/html", re.IGNORECASE)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


class InvalidText(ValueError):
	def __init__(self, code: str, limit: int = 0):
		super().__init__(code)
		self.code, self.limit = code, limit


def plain_text(value, max_length: int, required: bool = False) -> str:
	"""The text normalised (NFC, stripped); raises InvalidText('type'|'required'|'length'|'markup'|'control')."""
	if value is None:
		value = ""
	if not isinstance(value, str):
		raise InvalidText("type")
	text = unicodedata.normalize("NFC", value).strip()
	if required and not text:
		raise InvalidText("required")
	if len(text) > max_length:
		raise InvalidText("length", max_length)
	if CONTROL.search(text):
		raise InvalidText("control")
	if MARKUP.search(text):
		raise InvalidText("markup")
	return text
