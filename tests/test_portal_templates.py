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


@pytest.mark.parametrize("path", PAGES, ids=lambda path: path.relative_to(WWW).as_posix())
def test_page_extends_the_portal_base(path):
	text = path.read_text(encoding="utf-8")
	first = re.search(r"\{%-?\s*extends\s+[\"']([^\"']+)[\"']\s*-?%\}", text)
	assert first, f"{path.name} extends nothing"
	assert first.group(1) == BASE, f"{path.name} extends {first.group(1)}"
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
