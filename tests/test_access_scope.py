"""The record scope table (gov_hall.access.scope) and the personal-data permlevels, checked without
Frappe: every doctype of a department's records is scoped, hooks.py wires exactly the table, and no
role but the managers' reads a full ID number or mobile."""

import ast
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "gov_hall"
DOCTYPES = {
	meta["name"]: meta
	for meta in (json.loads(p.read_text(encoding="utf-8")) for p in APP.glob("gov_hall/doctype/*/*.json"))
	if meta.get("doctype") == "DocType"
}
MANAGERS = {"System Manager", "Hall Administrator", "Hall Manager"}
STAFF_ROLES = {"Window Staff", "Chief Representative"}
PERSONAL = re.compile(r"^(id_number|mobile|.*_mobile|complainant_name)$")


def scopes() -> dict[str, dict]:
	tree = ast.parse((APP / "access" / "scope.py").read_text(encoding="utf-8"))
	for node in tree.body:
		if isinstance(node, ast.AnnAssign) and getattr(node.target, "id", "") == "SCOPES":
			return {
				key.value: {kw.arg: ast.literal_eval(kw.value) for kw in value.keywords if kw.arg == "parent"}
				for key, value in zip(node.value.keys, node.value.values, strict=True)
			}
	raise AssertionError("SCOPES not found")


def hook_tuple(name: str) -> set[str]:
	tree = ast.parse((APP / "hooks.py").read_text(encoding="utf-8"))
	for node in tree.body:
		if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == name:
			return set(ast.literal_eval(node.value))
	raise AssertionError(name)


def test_hooks_wire_exactly_the_scope_table():
	table = scopes()
	rows = {name for name, scope in table.items() if scope.get("parent")}
	assert hook_tuple("_SCOPED") == set(table) - rows
	assert hook_tuple("_SCOPED_ROWS") == rows
	for name, scope in table.items():
		assert name in DOCTYPES, name
		assert bool(DOCTYPES[name].get("istable")) == bool(scope.get("parent")), name
		if scope.get("parent"):
			parent = DOCTYPES[scope["parent"]]
			assert name in {
				f.get("options") for f in parent["fields"] if f["fieldtype"] in ("Table", "Table MultiSelect")
			}


def test_every_department_record_staff_read_is_scoped():
	table = scopes()
	for name, meta in DOCTYPES.items():
		if meta.get("istable"):
			continue
		readers = {p["role"] for p in meta["permissions"] if p.get("read") and not p.get("permlevel")}
		links = {f.get("options") for f in meta["fields"] if f["fieldtype"] == "Link"}
		holds = links & {"GH Stationed Department", "GH Service Window"} or "User" in links
		# the hall's structure and catalogue, and its culture activities, are read by all its staff
		public = name in {
			"GH Service Hall",
			"GH Stationed Department",
			"GH Service Matter",
			"GH Culture Activity",
			"GH Activity Programme",
		}
		if readers & STAFF_ROLES and holds and not public:
			assert name in table, f"{name} holds a department's, window's or person's records"


def test_full_personal_data_is_read_by_managers_only():
	seen = set()
	for name, meta in DOCTYPES.items():
		for field in meta["fields"]:
			if not PERSONAL.match(field["fieldname"]):
				continue
			seen.add((name, field["fieldname"]))
			level = field.get("permlevel", 0)
			assert level >= 1, (name, field["fieldname"])
			readers = {
				p["role"] for p in meta["permissions"] if p.get("permlevel", 0) == level and p.get("read")
			}
			allowed = MANAGERS | ({"Chief Representative"} if name == "GH Window Staff" else set())
			assert readers <= allowed, (name, field["fieldname"], readers - allowed)
	assert {
		("GH Case", "id_number"),
		("GH Appointment", "mobile"),
		("GH Complaint", "complainant_name"),
	} <= seen


def test_masked_copies_stay_readable():
	for name, fieldname in (
		("GH Case", "id_number_masked"),
		("GH Case", "mobile_masked"),
		("GH Appointment", "id_number_masked"),
		("GH Appointment", "mobile_masked"),
		("GH Complaint", "complainant_mobile_masked"),
		("GH Service Rating", "rater_mobile_masked"),
		("GH Window Staff", "mobile_masked"),
	):
		field = next(f for f in DOCTYPES[name]["fields"] if f["fieldname"] == fieldname)
		assert not field.get("permlevel"), (name, fieldname)


def test_assessment_rows_count_integrity_complaints_apart_for_managers():
	for name in ("GH Window Assessment", "GH Staff Assessment"):
		field = next(f for f in DOCTYPES[name]["fields"] if f["fieldname"] == "integrity_complaints")
		assert field["permlevel"] == 1
	run = DOCTYPES["GH Assessment Run"]
	assert {p["role"] for p in run["permissions"] if p.get("permlevel") == 1 and p.get("read")} == MANAGERS
