"""Consistency of the app's own metadata: doctypes, links, roles, hooks, patches, translations."""

import ast
import csv
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "gov_hall"
MODULE = APP / "gov_hall"

# Frappe core doctypes the app links to; anything else must be the app's own.
FRAPPE_DOCTYPES = {
	"User",
	"Event",
	"Role",
	"Module Def",
	"DocType",
	"Workflow",
	"Web Form",
	"File",
	"Contact",
	"Address",
}
FRAPPE_ROLES = {"System Manager", "Administrator", "Guest", "All", "Desk User"}
# ERPNext and Frappe doctypes the app must never shadow.
RESERVED_NAMES = {
	"Appointment",
	"Department",
	"Holiday List",
	"Issue",
	"Service Level Agreement",
	"Activity Type",
}
NO_TRANSLATION_NEEDED = {"Email"}


def load_doctypes() -> dict[str, dict]:
	doctypes = {}
	for path in sorted(MODULE.glob("doctype/*/*.json")):
		data = json.loads(path.read_text(encoding="utf-8"))
		if data.get("doctype") == "DocType":
			doctypes[data["name"]] = {"path": path, **data}
	return doctypes


DOCTYPES = load_doctypes()


def app_roles() -> set[str]:
	tree = ast.parse((APP / "setup" / "roles.py").read_text(encoding="utf-8"))
	constants = {
		node.targets[0].id: node.value.value
		for node in tree.body
		if isinstance(node, ast.Assign)
		and isinstance(node.value, ast.Constant)
		and isinstance(node.value.value, str)
	}
	return set(constants.values())


def translations() -> dict[str, str]:
	"""Source text to Chinese; a source only translated in a context (third column) counts too."""
	rows = {}
	with open(APP / "translations" / "zh.csv", encoding="utf-8", newline="") as handle:
		for row in csv.reader(handle):
			if row and len(row) == 3 and row[2]:
				rows.setdefault(row[0], row[1])
			elif row:
				rows[row[0]] = row[1]
	return rows


def python_messages() -> set[str]:
	"""Every literal passed to _() in the app's Python."""
	messages = set()
	for path in APP.rglob("*.py"):
		if "/tests/" in str(path) or path.name.startswith("test_"):
			continue
		tree = ast.parse(path.read_text(encoding="utf-8"))
		for node in ast.walk(tree):
			if (
				isinstance(node, ast.Call)
				and isinstance(node.func, ast.Name)
				and node.func.id == "_"
				and node.args
				and isinstance(node.args[0], ast.Constant)
			):
				messages.add(node.args[0].value)
	return messages


def js_messages() -> set[str]:
	pattern = re.compile(r"""__\(\s*(["'`])((?:\\.|(?!\1).)*)\1""")
	messages = set()
	for path in list(APP.rglob("*.js")) + list(APP.rglob("*.html")):
		for match in pattern.finditer(path.read_text(encoding="utf-8")):
			messages.add(match.group(2))
	return messages


def test_doctypes_found():
	assert len(DOCTYPES) >= 9


@pytest.mark.parametrize("name", sorted(DOCTYPES))
def test_doctype_layout(name):
	meta = DOCTYPES[name]
	folder = meta["path"].parent
	assert name.startswith("GH "), "app doctypes carry the GH prefix"
	assert name not in RESERVED_NAMES
	# Frappe's scrub: spaces and hyphens become underscores (GH SMS Opt-Out -> gh_sms_opt_out)
	assert folder.name == name.lower().replace(" ", "_").replace("-", "_")
	assert meta["module"] == "Gov Hall"
	assert (folder / "__init__.py").exists()
	controller = (folder / f"{folder.name}.py").read_text(encoding="utf-8")
	assert f"class {name.replace(' ', '').replace('-', '')}(" in controller
	fieldnames = [f["fieldname"] for f in meta["fields"]]
	assert meta["field_order"] == fieldnames
	assert len(fieldnames) == len(set(fieldnames)), "duplicate fieldnames"
	if not meta.get("istable"):
		assert meta["permissions"], "every doctype grants someone access"
		assert list(folder.glob("test_*.py")), "every doctype has integration tests"


@pytest.mark.parametrize("name", sorted(DOCTYPES))
def test_link_targets_exist(name):
	for field in DOCTYPES[name]["fields"]:
		if field["fieldtype"] in ("Link", "Table", "Table MultiSelect"):
			target = field.get("options")
			assert target in DOCTYPES or target in FRAPPE_DOCTYPES, f"{name}.{field['fieldname']} -> {target}"
		if field["fieldtype"] in ("Table", "Table MultiSelect"):
			assert DOCTYPES[field["options"]].get("istable"), f"{field['options']} must be a child table"
		if field.get("fetch_from"):
			link_field = field["fetch_from"].split(".")[0]
			assert link_field in {f["fieldname"] for f in DOCTYPES[name]["fields"]}


@pytest.mark.parametrize("name", sorted(DOCTYPES))
def test_roles_in_permissions_are_created(name):
	known = app_roles() | FRAPPE_ROLES
	for perm in DOCTYPES[name]["permissions"]:
		assert perm["role"] in known, perm["role"]


def test_no_delete_permission_on_hall_records():
	deletable = {"GH Hall Calendar Day"}
	for name, meta in DOCTYPES.items():
		if name in deletable:
			continue
		assert not any(perm.get("delete") for perm in meta["permissions"]), name


def jinja_messages() -> set[str]:
	"""Literals passed to _() in Jinja: web pages, templates and print formats."""
	pattern = re.compile(r"""\b_\(\s*(["'])((?:\\.|(?!\1).)*)\1""")
	texts = [path.read_text(encoding="utf-8") for path in APP.rglob("*.html")]
	texts += [
		json.loads(path.read_text(encoding="utf-8")).get("html") or ""
		for path in APP.glob("*/print_format/*/*.json")
	]
	return {match.group(2) for text in texts for match in pattern.finditer(text)}


def workflow_words() -> set[str]:
	"""State names and action names of the workflows the app ships."""
	tree = ast.parse((APP / "setup" / "workflows.py").read_text(encoding="utf-8"))
	words = set()
	for node in tree.body:
		if (
			isinstance(node, ast.Assign)
			and isinstance(node.value, ast.Constant)
			and isinstance(node.value.value, str)
		):
			name = node.targets[0].id
			if name.isupper() and not name.endswith("_WORKFLOW") and name != "OPEN_NOTICE":
				words.add(node.value.value)
		if isinstance(node, ast.Assign) and node.targets[0].id.endswith("_TRANSITIONS"):
			for item in ast.walk(node.value):
				if (
					isinstance(item, ast.Tuple)
					and len(item.elts) == 5
					and isinstance(item.elts[1], ast.Constant)
				):
					words.add(item.elts[1].value)
	return words


def test_workflow_words_found_and_translated():
	words = workflow_words()
	assert {"Received", "Supplement Required", "Accept", "Applicant Returned", "Cancel Case"} <= words
	assert {"Investigating", "Verified", "Replied", "Start Investigation", "Verify", "Reply"} <= words
	zh = translations()
	assert not sorted(w for w in words if not zh.get(w))


def test_every_jinja_message_translated():
	messages = jinja_messages()
	assert "One-Time Supplement Notice" in messages
	zh = translations()
	assert not sorted(m for m in messages if not zh.get(m))


def test_every_doctype_label_option_and_role_translated():
	zh = translations()
	wanted = set(app_roles())
	for name, meta in DOCTYPES.items():
		wanted.add(name)
		for field in meta["fields"]:
			if field.get("label"):
				wanted.add(field["label"])
			if field.get("description"):
				wanted.add(field["description"])
			if field["fieldtype"] == "Select":
				wanted.update(opt for opt in (field.get("options") or "").split("\n") if opt)
	missing = sorted(s for s in wanted - NO_TRANSLATION_NEEDED if not zh.get(s))
	assert not missing, missing


def test_every_python_and_js_message_translated():
	zh = translations()
	missing = sorted(m for m in python_messages() | js_messages() if not zh.get(m))
	assert not missing, missing


def test_translations_are_chinese_and_unique():
	seen = set()
	with open(APP / "translations" / "zh.csv", encoding="utf-8", newline="") as handle:
		for row in csv.reader(handle):
			assert len(row) in (2, 3), row
			# a third column is Frappe's context (the doctype of a Select value): one source may
			# have a general translation and one per context
			key = (row[0], row[2] if len(row) == 3 else "")
			assert key not in seen, f"duplicate source {key!r}"
			seen.add(key)
			assert re.search(r"[\u4e00-\u9fff]", row[1]), f"not Chinese: {row}"
			for placeholder in re.findall(r"\{\d\}", row[0]):
				assert placeholder in row[1], f"placeholder {placeholder} lost: {row}"


def test_no_f_strings_inside_translation_calls():
	for path in APP.rglob("*.py"):
		tree = ast.parse(path.read_text(encoding="utf-8"))
		for node in ast.walk(tree):
			if (
				isinstance(node, ast.Call)
				and isinstance(node.func, ast.Name)
				and node.func.id == "_"
				and node.args
			):
				assert not isinstance(node.args[0], ast.JoinedStr), f"{path}: f-string inside _()"


def _dotted_exists(dotted: str) -> bool:
	module_path, _, attr = dotted.rpartition(".")
	file = ROOT / (module_path.replace(".", "/") + ".py")
	package = ROOT / module_path.replace(".", "/") / "__init__.py"
	source = file if file.exists() else package
	if not source.exists():
		return False
	tree = ast.parse(source.read_text(encoding="utf-8"))
	names = {n.name for n in tree.body if isinstance(n, ast.FunctionDef | ast.ClassDef)}
	names |= {a.asname or a.name for n in tree.body if isinstance(n, ast.ImportFrom) for a in n.names}
	return attr in names


def test_hook_paths_resolve():
	text = (APP / "hooks.py").read_text(encoding="utf-8")
	paths = re.findall(r'"(gov_hall\.[a-z_.]+)"', text)
	assert paths
	for dotted in paths:
		assert _dotted_exists(dotted), dotted


def test_patches_resolve():
	for line in (APP / "patches.txt").read_text(encoding="utf-8").splitlines():
		line = line.strip()
		if line and not line.startswith(("#", "[")):
			assert (ROOT / (line.replace(".", "/") + ".py")).exists(), line


def test_modules_txt_matches_module_folder():
	modules = (APP / "modules.txt").read_text(encoding="utf-8").split()
	assert " ".join(modules) == "Gov Hall"
	assert MODULE.is_dir()


def test_pyproject_declares_frappe_range_and_libraries():
	text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
	assert 'frappe = ">=15.0.0,<16.0.0"' in text
	for lib in ("holidays", "python-stdnum", "pandas"):
		assert lib in text


def test_demo_catalog_is_consistent():
	catalog = json.loads((APP / "demo" / "hall_catalog.json").read_text(encoding="utf-8"))
	halls = {hall["key"] for hall in catalog["halls"]}
	assert {"county"} <= halls and len(halls) == 3
	departments = catalog["departments"]
	assert 25 <= len(departments) <= 40
	windows = [(w["hall_key"], w["window_number"]) for d in departments for w in d["windows"]]
	assert len(windows) == len(set(windows)) and 70 <= len(windows) <= 110
	assert all(hall in halls for hall, _ in windows)
	matters = [m for d in departments for m in d["matters"]]
	codes = [m["matter_code"].upper() for m in matters]
	assert len(codes) == len(set(codes)) and 150 <= len(codes) <= 230
	assert all(0 <= m["promised_time_limit"] <= m["legal_time_limit"] for m in matters)
	assert all(1 <= m["complexity"] <= 5 for m in matters)
	assert 200 <= sum(d["staff_count"] for d in departments) <= 260
	types = {"Approval Body", "Supporting Service", "Intermediary", "Bank", "Utility", "Other"}
	assert all(d["department_type"] in types for d in departments)
	for matter in matters:
		names = [m["material_name"] for m in matter["materials"]]
		assert names and len(names) == len(set(names)), matter["matter_name"]


def test_workspace_labels_translated():
	zh = translations()
	labels = set()
	for path in APP.glob("*/workspace/*/*.json"):
		workspace = json.loads(path.read_text(encoding="utf-8"))
		labels.add(workspace["label"])
		labels.update(link["label"] for link in workspace["links"])
		labels.update(shortcut["label"] for shortcut in workspace["shortcuts"])
	assert "Cases" in labels
	assert not sorted(label for label in labels if not zh.get(label))


REPORTS = {
	json.loads(path.read_text(encoding="utf-8"))["name"]: path for path in APP.glob("*/report/*/*.json")
}


def test_reports_found():
	assert {
		"GH On-Time Completion Rate",
		"GH Open Cases and Cards",
		"GH One-Time Notification Violations",
	} <= set(REPORTS)


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_report_metadata(name):
	path = REPORTS[name]
	report = json.loads(path.read_text(encoding="utf-8"))
	assert path.parent.name == name.lower().replace(" ", "_").replace("-", "_")
	assert report["module"] == "Gov Hall" and report["is_standard"] == "Yes"
	assert report["ref_doctype"] in DOCTYPES
	assert {row["role"] for row in report["roles"]} <= app_roles() | {"System Manager"}
	source = (path.parent / f"{path.parent.name}.py").read_text(encoding="utf-8")
	assert "def execute(" in source
	script = (path.parent / f"{path.parent.name}.js").read_text(encoding="utf-8")
	assert f'frappe.query_reports["{name}"]' in script
	assert list(path.parent.glob("test_*.py")) or name != "GH On-Time Completion Rate"
	assert translations().get(name), "report names are translated"


def indexes_constant(name: str) -> dict:
	tree = ast.parse((APP / "setup" / "indexes.py").read_text(encoding="utf-8"))
	for node in tree.body:
		if isinstance(node, ast.AnnAssign) and getattr(node.target, "id", "") == name:
			return ast.literal_eval(node.value)
	raise AssertionError(f"{name} not found in gov_hall/setup/indexes.py")


def composite_indexes() -> dict[str, dict[str, tuple]]:
	return indexes_constant("INDEXES")


def test_quarter_columns_derive_from_date_fields_and_are_not_doctype_fields():
	quarter_columns = indexes_constant("QUARTER_COLUMNS")
	assert quarter_columns["GH Case"] == {"completed_quarter": "completed_on"}
	indexed = {
		column for by_name in composite_indexes().values() for cols in by_name.values() for column in cols
	}
	for doctype, by_column in quarter_columns.items():
		fields = {field["fieldname"]: field for field in DOCTYPES[doctype]["fields"]}
		for column, date_field in by_column.items():
			assert column not in fields, (doctype, column)  # schema sync would make it a plain column
			assert fields[date_field]["fieldtype"] in ("Date", "Datetime"), (doctype, date_field)
			assert column in indexed, (doctype, column)


def test_composite_indexes_name_real_columns_and_are_added_by_their_doctype():
	indexes = composite_indexes()
	quarter_columns = indexes_constant("QUARTER_COLUMNS")
	assert {"GH Case", "GH Service Rating"} <= set(indexes)
	names = [name for by_name in indexes.values() for name in by_name]
	assert len(names) == len(set(names))
	for doctype, by_name in indexes.items():
		fields = {field["fieldname"] for field in DOCTYPES[doctype]["fields"]}
		fields |= set(quarter_columns.get(doctype, {}))
		for name, columns in by_name.items():
			assert len(name) <= 64 and name.startswith("gh_"), name
			assert len(columns) >= 2 and len(set(columns)) == len(columns), name
			assert set(columns) <= fields | {"name", "creation", "modified", "docstatus"}, (name, columns)
		controller = DOCTYPES[doctype]["path"].with_suffix(".py").read_text(encoding="utf-8")
		assert f'add_indexes("{doctype}")' in controller.split("def on_doctype_update")[-1], doctype
	patches = (APP / "patches.txt").read_text(encoding="utf-8")
	assert "[post_model_sync]" in patches
	assert "gov_hall.patches.v0_2.add_composite_indexes" in patches.split("[post_model_sync]")[1]
	# sites that ran that patch before the quarter columns existed get them on every migrate
	install = (APP / "setup" / "install.py").read_text(encoding="utf-8")
	assert "add_all_indexes()" in install.split("def after_migrate")[1].split("\ndef ")[0]
