"""QR codes for staff and window cards (挂牌上岗), drawn as inline SVG.

``pyqrcode`` (a Frappe dependency) computes the matrix; the SVG is drawn here as one path of
horizontal runs, so it prints sharply in wkhtmltopdf and in browsers without any image library.
"""

from __future__ import annotations

import base64
from urllib.parse import quote

import frappe
from markupsafe import Markup

QUIET_ZONE = 4
ERROR_LEVEL = "M"


def qr_matrix(url: str) -> list[list[int]]:
	"""The QR code's modules for ``url`` (rows of 0/1, without the quiet zone)."""
	import pyqrcode

	code = pyqrcode.create(str(url), error=ERROR_LEVEL)
	return [[1 if cell else 0 for cell in row] for row in code.code]


def _path(matrix: list[list[int]]) -> str:
	parts = []
	for y, row in enumerate(matrix):
		x = 0
		width = len(row)
		while x < width:
			if not row[x]:
				x += 1
				continue
			start = x
			while x < width and row[x]:
				x += 1
			parts.append(f"M{start + QUIET_ZONE} {y + QUIET_ZONE}h{x - start}v1h-{x - start}z")
	return "".join(parts)


def qr_svg(url: str, size: str = "30mm", title: str | None = None) -> str:
	"""An inline ``<svg>`` of the QR code for ``url`` (``size`` is its CSS width and height)."""
	matrix = qr_matrix(url)
	side = len(matrix) + 2 * QUIET_ZONE
	size_attr = frappe.utils.escape_html(str(size))
	label = frappe.utils.escape_html(title or str(url))
	return (
		f'<svg xmlns="http://www.w3.org/2000/svg" class="gh-qr" width="{size_attr}" height="{size_attr}" '
		f'viewBox="0 0 {side} {side}" shape-rendering="crispEdges" role="img" aria-label="{label}">'
		f'<rect width="{side}" height="{side}" fill="#fff"/>'
		f'<path fill="#000" d="{_path(matrix)}"/></svg>'
	)


def qr_data_uri(url: str) -> str:
	"""The QR code as a ``data:image/svg+xml`` address, for an ``<img src>``."""
	svg = qr_svg(url, size="100%")
	return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def gh_qr_svg(url: str, size: str = "30mm") -> Markup:
	"""Jinja: ``{{ gh_qr_svg(url) }}`` — the QR code as inline SVG, safe to print unescaped."""
	if not url:
		return Markup("")
	return Markup(qr_svg(url, size=size))


def staff_card_url(card_code: str) -> str:
	"""The public staff card's full address, ``<site>/staff-card/<card_code>``."""
	return frappe.utils.get_url(f"/staff-card/{quote(str(card_code or ''), safe='')}")


def window_card_url(card_code: str) -> str:
	"""The public window card's full address, ``<site>/window-card/<card_code>``."""
	return frappe.utils.get_url(f"/window-card/{quote(str(card_code or ''), safe='')}")
