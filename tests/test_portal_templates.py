"""The public pages share one frame: every page in gov_hall/www extends the portal's base template,
and the texts of the portal's navigation are translated. No Frappe needed."""

import ast
import csv
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "gov_hall"
WWW = APP / "www"
BASE = "templates/gh_portal_base.html"
PAGES = sorted(WWW.rglob("*.html"))


def translations() -> dict[str, str]:
	with open(APP / "translations" / "zh.csv", encoding="utf-8", newline="") as handle:
		return {row[0]: row[1] for row in csv.reader(handle) if row}


def test_pages_found():
	names = {path.relative_to(WWW).as_posix() for path in PAGES}
	assert {"hall.html", "404.html", "track-case.html", "service-guide/index.html"} <= names


def extended(path: Path) -> str | None:
	first = re.search(r"\{%-?\s*extends\s+[\"']([^\"']+)[\"']\s*-?%\}", path.read_text(encoding="utf-8"))
	return first.group(1) if first else None


# the portal's base, and the frames built on it for a family of pages (the hall floor's screens)
FRAMES = {BASE} | {
	f"templates/{path.name}" for path in (APP / "templates").glob("*.html") if extended(path) == BASE
}


def test_floor_frame_builds_on_the_portal_base():
	assert "templates/gh_floor_base.html" in FRAMES


@pytest.mark.parametrize("path", PAGES, ids=lambda path: path.relative_to(WWW).as_posix())
def test_page_extends_the_portal_base(path):
	text = path.read_text(encoding="utf-8")
	frame = extended(path)
	assert frame, f"{path.name} extends nothing"
	assert frame in FRAMES, f"{path.name} extends {frame}"
	# the base's frame is not replaced wholesale
	assert "{% block page_content %}" not in text, path.name


def test_base_template_and_macros_exist():
	base = (APP / BASE).read_text(encoding="utf-8")
	assert '{% extends "templates/web.html" %}' in base
	assert "{% block gh_content %}" in base
	macros = (APP / "templates" / "gh_macros.html").read_text(encoding="utf-8")
	for name in ("field", "select", "textarea", "submit", "message", "result_table"):
		assert re.search(rf"\{{% macro {name}\(", macros), name


def test_portal_navigation_texts_translated():
	tree = ast.parse((APP / "utils" / "portal.py").read_text(encoding="utf-8"))
	texts = []
	for node in tree.body:
		if isinstance(node, ast.Assign) and node.targets[0].id in {"PORTAL_PAGES", "CANCEL_PAGE"}:
			for item in ast.walk(node.value):
				if isinstance(item, ast.Tuple) and len(item.elts) == 4:
					texts += [item.elts[0].value, item.elts[3].value]
	assert "Service Guide" in texts and "Honor Roll" in texts
	zh = translations()
	assert not [text for text in texts if not zh.get(text)]
