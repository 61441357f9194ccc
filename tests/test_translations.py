"""Everything the desk shows and every printed document has Simplified Chinese (zh.csv), read
statically: Select options, workflow states and actions, report columns, filters and charts, number
cards and workspace charts, and the print formats that leave the hall."""

import ast
import csv
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "gov_hall"
MODULE = APP / "gov_hall"
ZH_CSV = APP / "translations" / "zh.csv"
CHART_SOURCE = "GH Translated Chart"
REPORT_FOLDERS = sorted(path.parent for path in MODULE.glob("report/*/*.json"))


def zh_rows() -> list[list[str]]:
	with open(ZH_CSV, encoding="utf-8", newline="") as handle:
		return [row for row in csv.reader(handle) if row]


def translated() -> set[str]:
	"""Sources with a translation, general or in a context."""
	return {row[0] for row in zh_rows() if row[1].strip()}


def missing(words) -> list[str]:
	have = translated()
	return sorted({word for word in words if word and word not in have})


def doctypes() -> dict[str, dict]:
	found = {}
	for path in MODULE.glob("doctype/*/*.json"):
		data = json.loads(path.read_text(encoding="utf-8"))
		if data.get("doctype") == "DocType":
			found[data["name"]] = data
	return found


def select_options() -> dict[str, set[str]]:
	"""Each Select value of the app's doctypes (child tables too), with the doctypes using it."""
	options: dict[str, set[str]] = {}
	for name, meta in doctypes().items():
		for field in meta["fields"]:
			if field["fieldtype"] == "Select":
				for option in (field.get("options") or "").split("\n"):
					if option.strip():
						options.setdefault(option, set()).add(name)
	return options


def test_every_select_option_translated():
	options = select_options()
	assert {"Very Satisfied", "Supplement Required", "Yellow"} <= set(options)
	assert not missing(options)


def test_context_translations_name_real_select_values():
	"""A row with a third column translates a Select value for one doctype (Frappe's desk passes the
	doctype as the context); it must name a doctype that has that value, or whose child table has it
	(a case's refusals name its hand-over steps: "Issue" is 发放 there, 取号 at the queue)."""
	options = select_options()
	tables = {
		name: {f.get("options") for f in meta["fields"] if f["fieldtype"] in ("Table", "Table MultiSelect")}
		for name, meta in doctypes().items()
	}
	for source, _chinese, *context in zh_rows():
		if context and context[0].startswith("GH "):
			having = options.get(source, set())
			assert context[0] in having or tables.get(context[0], set()) & having, (source, context[0])


def workflow_words() -> set[str]:
	"""Every state and action of the workflows in gov_hall/setup/workflows.py."""
	tree = ast.parse((APP / "setup" / "workflows.py").read_text(encoding="utf-8"))
	constants = {
		node.targets[0].id: node.value.value
		for node in tree.body
		if isinstance(node, ast.Assign)
		and isinstance(node.targets[0], ast.Name)
		and isinstance(node.value, ast.Constant)
		and isinstance(node.value.value, str)
	}

	def word(node) -> str | None:
		if isinstance(node, ast.Constant) and isinstance(node.value, str):
			return node.value
		if isinstance(node, ast.Name):
			return constants.get(node.id)
		return None

	words = set()
	for node in tree.body:
		if not (isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)):
			continue
		name = node.targets[0].id
		if name.endswith("_TRANSITIONS"):
			for item in ast.walk(node.value):
				if isinstance(item, ast.Tuple) and len(item.elts) == 5:
					words.update(filter(None, (word(item.elts[0]), word(item.elts[1]), word(item.elts[2]))))
		if name.endswith("STATE_STYLES") and isinstance(node.value, ast.Dict):
			words.update(filter(None, (word(key) for key in node.value.keys)))
	return words


def test_workflow_states_and_actions_translated():
	words = workflow_words()
	assert {"Received", "Accept", "Applicant Returned", "Submit for Approval", "Publish"} <= words
	assert not missing(words)


def translation_call(node) -> bool:
	return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_"


def literal(node) -> str | None:
	return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


@pytest.mark.parametrize("folder", REPORT_FOLDERS, ids=lambda folder: folder.name)
def test_report_python_labels_go_through_translation(folder):
	"""Column labels, summary labels and chart series names are _("...") (or computed), never a bare
	English string; every _("...") literal has its Chinese."""
	tree = ast.parse((folder / f"{folder.name}.py").read_text(encoding="utf-8"))
	bare, messages = [], set()
	for node in ast.walk(tree):
		if translation_call(node) and node.args and literal(node.args[0]):
			messages.add(literal(node.args[0]))
		if isinstance(node, ast.Dict):
			for key, value in zip(node.keys, node.values, strict=True):
				if (
					literal(key) in ("label", "name")
					and literal(value)
					and re.search("[A-Za-z]", value.value)
				):
					# {"name": ...} is also a dataset's name; a fieldname-like value is not shown
					if literal(key) == "label" or " " in value.value or value.value[:1].isupper():
						bare.append(value.value)
		if (
			isinstance(node, ast.Call)
			and isinstance(node.func, ast.Name)
			and node.func.id == "column"
			and len(node.args) >= 2
			and literal(node.args[1])
		):
			bare.append(node.args[1].value)
	assert not bare, f"untranslated labels in {folder.name}.py: {bare}"
	assert not missing(messages)


JS_MESSAGE = re.compile(r"""__\(\s*(["'`])((?:\\.|(?!\1).)*)\1""")
JS_BARE_LABEL = re.compile(r"""\blabel:\s*(["'`])""")
JS_OPTIONS_ARRAY = re.compile(r"options:\s*\[(.*?)\]", re.S)
JS_OPTIONS_STRING = re.compile(r"""fieldtype:\s*"Select",[^{}]*?options:\s*"((?:\\.|[^"])*)\"""", re.S)
JS_STRING = re.compile(r"""(["'])((?:\\.|(?!\1).)*)\1""")


@pytest.mark.parametrize("folder", REPORT_FOLDERS, ids=lambda folder: folder.name)
def test_report_filters_translated(folder):
	"""Filter labels are __("..."); a Select filter's options, given as plain values or as value/label
	pairs, show translated."""
	script = (folder / f"{folder.name}.js").read_text(encoding="utf-8")
	assert not JS_BARE_LABEL.search(script), f"a filter label of {folder.name}.js is not __()"
	words = {match.group(2) for match in JS_MESSAGE.finditer(script)}
	for block in JS_OPTIONS_ARRAY.finditer(script):
		# what is left without the {value, label: __()} pairs are plain values, which Frappe's
		# Select control shows through __()
		plain = re.sub(r"\{[^{}]*\}", "", block.group(1))
		words |= {match.group(2) for match in JS_STRING.finditer(plain)}
	for block in JS_OPTIONS_STRING.finditer(script):
		words |= {option for option in block.group(1).split("\\n") if option}
	assert not missing(words)


@pytest.mark.parametrize("folder", REPORT_FOLDERS, ids=lambda folder: folder.name)
def test_report_json_labels_translated(folder):
	report = json.loads((folder / f"{folder.name}.json").read_text(encoding="utf-8"))
	words = {report["name"]}
	words |= {column.get("label") for column in report.get("columns") or []}
	words |= {row.get("label") for row in report.get("filters") or []}
	assert not missing(words)


def records(folder: str) -> list[dict]:
	return [
		json.loads(path.read_text(encoding="utf-8")) for path in sorted(MODULE.glob(f"{folder}/*/*.json"))
	]


def test_number_cards_and_workspace_labels_translated():
	cards = records("number_card")
	assert cards
	words = {card["label"] for card in cards}
	for workspace in records("workspace"):
		words |= {chart["label"] for chart in workspace.get("charts") or []}
		words |= {card["label"] for card in workspace.get("number_cards") or []}
		for block in json.loads(workspace.get("content") or "[]"):
			data = block.get("data") or {}
			words |= {data.get("chart_name"), data.get("number_card_name"), data.get("card_name")}
			if block.get("type") == "header":
				words.add(re.sub(r"<[^>]+>", "", data.get("text") or "").strip())
	assert not missing(words)


def test_charts_show_translated_labels():
	"""Frappe's own group-by and count charts show raw values ("Very Satisfied") and English months:
	every chart of the app runs through the translating source, whose series names (the chart's
	name without "GH ") and period labels have their Chinese."""
	charts = records("dashboard_chart")
	assert {chart["name"] for chart in charts} >= {"GH Ratings by Level", "GH Monthly Case Volume"}
	for chart in charts:
		assert (chart["chart_type"], chart.get("source")) == ("Custom", CHART_SOURCE), chart["name"]
		assert chart["document_type"] in doctypes(), chart["name"]
		if chart.get("timeseries"):
			assert chart.get("based_on"), chart["name"]
		else:
			assert chart.get("group_by_based_on"), chart["name"]
	assert not missing(chart["chart_name"].removeprefix("GH ") for chart in charts)

	folder = MODULE / "dashboard_chart_source" / "gh_translated_chart"
	assert (
		json.loads((folder / "gh_translated_chart.json").read_text(encoding="utf-8"))["name"] == CHART_SOURCE
	)
	script = (folder / "gh_translated_chart.js").read_text(encoding="utf-8")
	assert f'frappe.dashboards.chart_sources["{CHART_SOURCE}"]' in script
	tree = ast.parse((folder / "gh_translated_chart.py").read_text(encoding="utf-8"))
	months = next(
		ast.literal_eval(node.value)
		for node in tree.body
		if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "MONTHS"
	)
	assert len(months) == 12
	assert not missing(months)
	contexts = {(row[0], row[2]) for row in zh_rows() if len(row) == 3 and row[2]}
	assert ("{1} {0}", "Chart label: year {0}, month {1}") in contexts


PRINT_FORMATS = {
	json.loads(path.read_text(encoding="utf-8"))["name"]: json.loads(path.read_text(encoding="utf-8"))
	for path in MODULE.glob("print_format/*/*.json")
}


def test_receipt_notice_and_briefing_print_formats_exist():
	assert {"GH One-Time Notice", "GH Case Receipt", "GH Department Briefing"} <= set(PRINT_FORMATS)
	assert PRINT_FORMATS["GH Case Receipt"]["doc_type"] == "GH Case"


@pytest.mark.parametrize("name", sorted(PRINT_FORMATS))
def test_print_formats_are_chinese_and_keep_digits(name):
	"""Documents leaving the hall are Chinese whatever the printing user's language, and their PDF
	text layer keeps digits (see the CSS comment in each format)."""
	pf = PRINT_FORMATS[name]
	html = pf["html"]
	assert pf["default_print_language"] == "zh" and pf["standard"] == "Yes" and pf["module"] == "Gov Hall"
	rebind = html.index("{%- set _ = gh_zh -%}")
	first_call = re.search(r"\b_\(", html).start()
	assert rebind < first_call, "every _() of the format must be the Chinese one"
	assert "text-rendering: optimizeSpeed !important" in html
	assert re.search(r'\.gh-doc, \.gh-doc \* \{\s*font-family: "Noto Serif CJK SC"', html)
	assert 'class="gh-doc' in html
	assert "formatdate(" not in html, "dates as 2026年11月27日: gh_zh_date / gh_zh_datetime"
	assert not missing(
		match.group(2) for match in re.finditer(r"""\b_\(\s*(["'])((?:\\.|(?!\1).)*)\1""", html)
	)


def test_print_helpers_registered_for_jinja():
	hooks = (APP / "hooks.py").read_text(encoding="utf-8")
	helpers = (APP / "utils" / "citizen_print.py").read_text(encoding="utf-8")
	for name in ("gh_zh", "gh_zh_date", "gh_zh_datetime", "gh_zh_quarter"):
		assert f'"gov_hall.utils.citizen_print.{name}"' in hooks
		assert f"def {name}(" in helpers
