"""The access matrix as data (gov_hall.access.matrix), checked without Frappe: every row names every
role with a known outcome, and docs/access-matrix.md is what ``python -m gov_hall.access.matrix``
prints (regenerate it with that command after changing the matrix)."""

from pathlib import Path

from gov_hall.access import matrix as mx

ROOT = Path(__file__).resolve().parents[1]


def test_every_row_names_every_role_with_a_known_outcome():
	for record in mx.ALL_RECORDS:
		for action, detail, cells in mx.cells_of(record):
			assert tuple(cells) == mx.ROLE_ORDER, (record.key, action, detail)
			assert set(cells.values()) <= set(mx.OUTCOMES), (record.key, action, detail)
	for table in (mx.REPORT_CELLS, mx.NUMBER_CARD_CELLS):
		for name, cells in table.items():
			assert tuple(cells) == mx.ROLE_ORDER, name
			assert set(cells.values()) <= set(mx.OUTCOMES), name


def test_record_keys_are_unique():
	keys = [record.key for record in mx.ALL_RECORDS]
	assert len(keys) == len(set(keys))


def test_controlled_fields_are_of_a_known_kind():
	for record in mx.ALL_RECORDS:
		for item in record.controlled:
			assert item.kind in mx.KIND_TEXT, (record.key, item.label)


def test_docs_are_generated_from_the_matrix():
	written = (ROOT / "docs" / "access-matrix.md").read_text(encoding="utf-8")
	assert written.rstrip("\n") == mx.markdown().rstrip("\n"), (
		"docs/access-matrix.md is stale: python -m gov_hall.access.matrix > docs/access-matrix.md"
	)
