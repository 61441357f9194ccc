"""考勤导入: the attendance machine's export for one hall, checked row by row and imported all or nothing.

``preview(doc)`` reads the attached file (CSV in UTF-8, UTF-8 with BOM or GB18030 as Chinese Excel
saves it, or .xlsx), checks every row and writes the figures and the errors to the GH Attendance
Import; ``run(doc)`` does the same and, when no row is bad, inserts the punches in bulk (source
"Attendance Machine", import_batch = the import; a punch already on record, same staff member and
same second, is skipped and counted), then refreshes the duty slots of the hall over the file's dates
with one set-based ``gov_hall.duty.attendance.refresh_slots``. With any bad row nothing is inserted and
the import is Failed with one line per bad row ("第5行：工号 QS-9999 不存在").

A file is handled as whole columns (pandas): parsing, the staff look-up (one query), the checks, the
look-up of punches already on record (one query) and multi-row INSERTs of 5,000 rows; never a
document per row. About 40,000 rows (a city hall's month) take a few seconds
(``bench gov-hall-benchmark --duty``), so the import runs in the request, not in a background job.

Rows are numbered as a spreadsheet shows them: the header is row 1, the first data row is row 2
(a title above the header, as some machines write, is skipped and counted); blank rows are skipped
but keep their numbers. Only the first 1,000 error lines are kept on the
import (error_count counts them all).

A few punches may also come through Frappe's own Data Import (Data Import → GH Attendance Punch →
Insert New Records; columns Staff (the user), Punch Time, Direction (In/Out/blank), Device): each row
is a punch document, stamped "Attendance Machine" by gov_hall.duty.attendance.validate_punch, and
refreshes its staff member's day. Frappe gives the Data Import doctype to System Manager only; a hall
manager needs a Role Permission on it (Role Permissions Manager: Data Import, Hall Manager, read,
write, create). For a whole month use GH Attendance Import: Data Import checks and inserts one
document at a time and keeps the good rows of a file with bad ones.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass, field

import frappe
import numpy as np
import pandas as pd
from frappe import _

from gov_hall.rules import attendance_files as rules
from gov_hall.utils.clock import now_datetime

IMPORT = "GH Attendance Import"
PUNCH = "GH Attendance Punch"
STAFF = "GH Window Staff"
MACHINE = "Attendance Machine"
DERIVED_FIELDS = (
	"status",
	"total_rows",
	"valid_rows",
	"new_punches",
	"duplicate_punches",
	"error_count",
	"date_from",
	"date_to",
	"staff_count",
	"errors",
	"imported_on",
	"imported_by",
)
EXTENSIONS = (".csv", ".txt", ".xlsx")
MAX_ROWS = 200_000
STORED_ERRORS = 1_000  # lines kept in the import's errors field (error_count counts them all)
SAMPLE_ROWS = 10
ROWS_PER_STATEMENT = 5_000
REASON_SEPARATOR = " / "


class ImportFileError(frappe.ValidationError):
	"""The file cannot be read as an attendance export at all."""


@dataclass
class Checked:
	"""What the check of a whole file found."""

	total_rows: int = 0
	errors: list[str] = field(default_factory=list)  # one translated line per bad row
	bad_rows: int = 0
	valid: pd.DataFrame | None = None  # the good rows, ready to insert
	sample: list[dict] = field(default_factory=list)
	existing: int = 0  # good rows whose punch is already on record
	on_record: np.ndarray | None = None  # which ones

	@property
	def valid_rows(self) -> int:
		return 0 if self.valid is None else len(self.valid)

	@property
	def date_from(self):
		return None if not self.valid_rows else self.valid.punch_time.min().date()

	@property
	def date_to(self):
		return None if not self.valid_rows else self.valid.punch_time.max().date()

	@property
	def staff_count(self) -> int:
		return 0 if not self.valid_rows else int(self.valid.staff.nunique())

	def figures(self) -> dict:
		lines = self.errors[:STORED_ERRORS]
		if len(self.errors) > STORED_ERRORS:
			lines.append(_("... and {0} more bad rows").format(len(self.errors) - STORED_ERRORS))
		return {
			"total_rows": self.total_rows,
			"valid_rows": self.valid_rows,
			"error_count": len(self.errors),
			"duplicate_punches": self.existing,
			"date_from": self.date_from,
			"date_to": self.date_to,
			"staff_count": self.staff_count,
			"errors": "\n".join(lines),
		}


# ---------------------------------------------------------------------------------------------
# The document


def validate_import(doc) -> None:
	"""A new file or another hall makes the import a draft again (its figures were of the old file)."""
	if doc.import_file and not doc.import_file.lower().endswith(EXTENSIONS):
		frappe.throw(_("Only CSV and Excel (.xlsx) files can be imported."), title=_("Invalid Input"))
	if doc.is_new():
		doc.status = "Draft"
		return
	if doc.has_value_changed("import_file") or doc.has_value_changed("hall"):
		doc.status = "Draft"
		for fieldname in ("total_rows", "valid_rows", "error_count", "duplicate_punches", "staff_count"):
			doc.set(fieldname, 0)
		doc.update({"date_from": None, "date_to": None, "errors": None})


def preview(doc) -> dict:
	"""Check every row of the attached file; write the figures and errors; nothing is imported."""
	checked = check_file(doc)
	if doc.status != "Imported":  # an import done keeps its figures; its file may still be looked at
		doc.db_set({**checked.figures(), "status": "Previewed", "new_punches": 0})
	return summary(doc, checked)


def run(doc) -> dict:
	"""Import the file all or nothing; returns the summary (status Imported or Failed)."""
	status = frappe.db.sql(f"select status from `tab{IMPORT}` where name = %s for update", doc.name)
	if status and status[0][0] == "Imported":
		frappe.throw(_("This file has already been imported."), title=_("Invalid Input"))
	checked = check_file(doc)
	if checked.errors or not checked.valid_rows:
		doc.db_set({**checked.figures(), "status": "Failed", "new_punches": 0})
		return summary(doc, checked)
	added = insert_punches(doc, checked.valid[~checked.on_record])
	from gov_hall.duty.attendance import refresh_slots

	refresh_slots(doc.hall, checked.date_from, checked.date_to)
	figures = checked.figures()
	figures["duplicate_punches"] = checked.valid_rows - added  # also those another import added meanwhile
	doc.db_set(
		{
			**figures,
			"status": "Imported",
			"new_punches": added,
			"imported_on": now_datetime(),
			"imported_by": frappe.session.user,
		}
	)
	return summary(doc, checked)


def summary(doc, checked: Checked) -> dict:
	return {
		"name": doc.name,
		"status": doc.status,
		"total_rows": checked.total_rows,
		"valid_rows": checked.valid_rows,
		"error_count": len(checked.errors),
		"errors": checked.errors[:STORED_ERRORS],
		"new_punches": doc.new_punches or 0,
		"duplicate_punches": doc.duplicate_punches or 0,
		"to_add": checked.valid_rows - checked.existing,
		"date_from": str(checked.date_from or ""),
		"date_to": str(checked.date_to or ""),
		"staff_count": checked.staff_count,
		"sample": checked.sample,
	}


def check_file(doc) -> Checked:
	"""Read and check the attached file; a file that cannot be read at all gives one error line."""
	try:
		frame = read_frame(*attached_content(doc))
		return check_frame(doc.hall, frame)
	except ImportFileError as error:
		return Checked(errors=[str(error)])


def attached_content(doc) -> tuple[bytes, str]:
	"""The attached file's bytes and name, if the user may read it."""
	if not doc.import_file:
		frappe.throw(_("Attach the attendance file first."), title=_("Invalid Input"))
	names = frappe.get_all(
		"File",
		filters={"file_url": doc.import_file},
		fields=["name", "attached_to_doctype", "attached_to_name"],
		order_by="creation desc",
	)
	if not names:
		raise ImportFileError(_("The attached file was not found. Attach it again."))
	names.sort(key=lambda f: (f.attached_to_doctype, f.attached_to_name) != (IMPORT, doc.name))
	file = frappe.get_doc("File", names[0].name)
	if not file.is_downloadable():
		frappe.throw(_("You may not read the attached file."), frappe.PermissionError)
	with open(file.get_full_path(), "rb") as handle:
		return handle.read(), file.file_name or doc.import_file


# ---------------------------------------------------------------------------------------------
# Reading


def decode(content: bytes) -> str:
	"""UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030 (Chinese Excel's "CSV")."""
	if content.startswith(b"\xef\xbb\xbf"):
		return content[3:].decode("utf-8", errors="replace")
	if content.startswith((b"\xff\xfe", b"\xfe\xff")):
		return content.decode("utf-16")
	try:
		return content.decode("utf-8")
	except UnicodeDecodeError:
		pass
	try:
		return content.decode("gb18030")
	except UnicodeDecodeError as error:
		raise ImportFileError(_("The file's text is neither UTF-8 nor GB18030.")) from error


def read_frame(content: bytes, filename: str) -> pd.DataFrame:
	"""Every cell as stripped text, columns as in the file."""
	extension = os.path.splitext(filename.lower())[1]
	try:
		if extension == ".xlsx":
			frame = pd.read_excel(
				io.BytesIO(content), sheet_name=0, dtype=str, keep_default_na=False, header=None
			)
		elif extension in (".csv", ".txt"):
			text = decode(content)
			top = text[:20_000].splitlines()[: rules.HEADER_SEARCH_ROWS + 10]
			separator = "\t" if top and "\t" in top[0] and "," not in top[0] else ","
			# as wide as the widest top row: a title row above the header has fewer cells
			width = max((line.count(separator) + 1 for line in top), default=1)
			frame = pd.read_csv(
				io.StringIO(text),
				sep=separator,
				dtype=str,
				keep_default_na=False,
				skip_blank_lines=False,
				header=None,
				names=list(range(width)),
			)
		else:
			raise ImportFileError(_("Only CSV and Excel (.xlsx) files can be imported."))
	except ImportFileError:
		raise
	except Exception as error:
		raise ImportFileError(_("The file could not be read: {0}").format(str(error)[:200])) from error
	if len(frame) > MAX_ROWS:
		raise ImportFileError(_("The file has more than {0} rows; split it by month.").format(MAX_ROWS))
	frame = frame.apply(lambda column: column.fillna("").astype(str).str.strip())
	if not len(frame):
		raise ImportFileError(_("The file has no rows."))
	# the header: the first of the top rows naming the columns (a title above it is skipped)
	header = rules.header_row(frame.head(rules.HEADER_SEARCH_ROWS).to_numpy().tolist())
	columns = [str(cell) for cell in frame.iloc[header]]
	frame = frame.iloc[header + 1 :].reset_index(drop=True)
	frame.columns = [name or f"column {index + 1}" for index, name in enumerate(columns)]
	frame.attrs["header_row"] = header
	return frame


# ---------------------------------------------------------------------------------------------
# Checking


class Reasons:
	"""Per-row reasons, kept only for the bad rows (a dict from position to a list)."""

	def __init__(self):
		self.by_row: dict[int, list[str]] = {}

	def add(self, mask: np.ndarray, message: str, *columns) -> None:
		"""``message`` (translated, with {0}, {1} ...) for every row where ``mask`` holds."""
		positions = np.flatnonzero(mask)
		if not len(positions):
			return
		values = [np.asarray(column, dtype=object)[positions] for column in columns]
		for k, position in enumerate(positions.tolist()):
			self.by_row.setdefault(position, []).append(message.format(*(v[k] for v in values)))

	def bad(self, count: int) -> np.ndarray:
		mask = np.zeros(count, dtype=bool)
		mask[list(self.by_row)] = True
		return mask


def header_problems(problems: list[tuple[str, tuple]]) -> list[str]:
	messages = []
	for code, args in problems:
		if code == rules.NO_STAFF_COLUMN:
			messages.append(
				_("The file has no badge number or user column (工号/Badge Number or 账号/User).")
			)
		elif code == rules.NO_TIME_COLUMN:
			messages.append(
				_("The file has no punch time column (打卡时间/Punch Time, or 日期/Date and 时间/Time).")
			)
		elif code == rules.REPEATED_COLUMN:
			messages.append(_("Columns {0} and {1} mean the same thing; keep one.").format(*args))
	return messages


def column(frame: pd.DataFrame, columns: dict, key: str) -> pd.Series:
	if key in columns:
		return frame[columns[key]]
	return pd.Series([""] * len(frame), index=frame.index, dtype=object)


def parse_times(frame: pd.DataFrame, columns: dict) -> tuple[pd.Series, pd.Series]:
	"""(punch times, the text shown in messages), vectorised with the rules' patterns."""
	if rules.PUNCH_TIME in columns:
		text = frame[columns[rules.PUNCH_TIME]]
		parts = text.str.extract(rules.DATETIME_PATTERN)
	else:
		dates, times = frame[columns[rules.DATE]], frame[columns[rules.TIME]]
		text = (dates + " " + times).str.strip()
		parts = pd.concat(
			[dates.str.extract(rules.DATE_ONLY_PATTERN), times.str.extract(rules.TIME_ONLY_PATTERN)], axis=1
		)
	parts.columns = ["year", "month", "day", "hour", "minute", "second"]
	parts = parts.fillna({"second": "0"})
	numbers = parts.apply(pd.to_numeric, errors="coerce")
	in_range = (numbers.hour < 24) & (numbers.minute < 60) & (numbers.second < 60)
	times = pd.to_datetime(numbers.where(in_range), errors="coerce")
	return times, text


def load_staff(badges, users) -> pd.DataFrame:
	fields = ["name", "user", "full_name", "badge_number", "hall", "department", "window", "status"]
	fields += ["on_site_from", "on_site_to"]
	rows = []
	for key, values in (("badge_number", badges), ("user", users)):
		values = sorted(set(values) - {""})
		for start in range(0, len(values), 1000):
			rows += frappe.get_all(
				STAFF,
				filters={key: ["in", values[start : start + 1000]]},
				fields=fields,
				order_by="name",
				as_list=True,
			)
	staff = pd.DataFrame([list(row) for row in rows], columns=fields).drop_duplicates("name")
	staff["user_key"] = staff.user.str.lower()
	return staff


def check_frame(hall: str, frame: pd.DataFrame) -> Checked:
	"""Check every row of the file for the hall; the good rows come back ready to insert."""
	blank = (frame == "").all(axis=1).to_numpy() if len(frame.columns) else np.ones(len(frame), bool)
	header = frame.attrs.get("header_row", 0)
	rows = pd.Series([rules.row_number(i, header) for i in range(len(frame))], index=frame.index)
	frame, rows = frame[~blank], rows[~blank]
	checked = Checked(total_rows=len(frame))
	columns, problems = rules.map_columns(list(frame.columns))
	if problems:
		checked.errors = header_problems(problems)
		checked.bad_rows = len(frame)
		return checked
	if not len(frame):
		checked.errors = [_("The file has no rows.")]
		return checked
	frame = frame.reset_index(drop=True)
	rows = rows.reset_index(drop=True)
	n = len(frame)
	reasons = Reasons()
	badge = column(frame, columns, rules.BADGE)
	user = column(frame, columns, rules.USER)
	user_key = user.str.lower()
	staff = load_staff(badge.tolist(), user.tolist())

	# who: the badge number first, else the user; both given must be the same person
	from_badge = badge.map(dict(zip(staff.badge_number, staff["name"], strict=True)))
	from_user = user_key.map(dict(zip(staff.user_key, staff["name"], strict=True)))
	has_badge, has_user = (badge != "").to_numpy(), (user != "").to_numpy()
	reasons.add(~has_badge & ~has_user, _("no badge number or user"))
	reasons.add(has_badge & from_badge.isna().to_numpy(), _("badge number {0} does not exist"), badge)
	reasons.add(
		~has_badge & has_user & from_user.isna().to_numpy(),
		_("user {0} is not a window staff member"),
		user,
	)
	reasons.add(
		has_badge & has_user & from_badge.notna().to_numpy() & (from_badge != from_user).to_numpy(),
		_("badge number {0} belongs to another staff member than user {1}"),
		badge,
		user,
	)
	who = from_badge.where(has_badge, from_user)
	known = who.notna().to_numpy()
	record = staff.set_index("name").reindex(who.fillna("").tolist()).reset_index(drop=True)
	label = (record.full_name.fillna("") + " (" + badge.where(has_badge, user) + ")").to_numpy()

	names = column(frame, columns, rules.NAME)
	reasons.add(
		known & (names != "").to_numpy() & (names != record.full_name.fillna("")).to_numpy(),
		_("name {0} does not match the staff record ({1})"),
		names,
		record.full_name,
	)

	# when: a real date and time in Beijing, not in the future
	times, time_text = parse_times(frame, columns)
	parsed = times.notna().to_numpy()
	reasons.add((time_text == "").to_numpy(), _("no punch time"))
	reasons.add(
		~parsed & (time_text != "").to_numpy(),
		_("punch time {0} is not a date and time (e.g. 2026-11-03 08:57:12)"),
		time_text,
	)
	now = pd.Timestamp(now_datetime())
	reasons.add(
		parsed & (times > now).to_numpy(),
		_("punch time {0} is in the future (Beijing time)"),
		times.dt.strftime("%Y-%m-%d %H:%M:%S"),
	)

	# where: staff of this hall, on site that day
	days = times.dt.normalize()
	start = pd.to_datetime(record.on_site_from, errors="coerce")
	end = pd.to_datetime(record.on_site_to, errors="coerce")
	other_hall = known & (record.hall.fillna("") != hall).to_numpy()
	reasons.add(other_hall, _("{0} is not staff of hall {1}"), label, [hall] * n)
	left_without_end = (record.status == "Left").to_numpy() & end.isna().to_numpy()
	off_site = known & ~other_hall & parsed & (
		(start.notna() & (days < start)) | (end.notna() & (days > end))
	).to_numpy() | (known & ~other_hall & left_without_end)
	reasons.add(off_site, _("{0} was not on site on {1}"), label, times.dt.strftime("%Y-%m-%d"))

	# which way
	directions = column(frame, columns, rules.DIRECTION)
	words = {value: rules.normalise_direction(value) for value in directions.unique()}
	direction = directions.map(words)
	reasons.add(
		direction.isna().to_numpy(),
		_("direction {0} is not known (use 上班/In or 下班/Out)"),
		directions,
	)

	# the same person and second twice in the file
	key = pd.DataFrame({"who": who, "time": times})
	comparable = known & parsed
	repeated = key.duplicated(keep="first").to_numpy() & comparable
	if repeated.any():
		first_row = key.assign(row=rows).groupby(["who", "time"]).row.transform("first").fillna(0).astype(int)
		reasons.add(repeated, _("the same staff member and time as row {0}"), first_row)

	bad = reasons.bad(n)
	checked.bad_rows = int(bad.sum())
	row_message = _("Row {0}: {1}")
	checked.errors = [
		row_message.format(rows.iat[position], REASON_SEPARATOR.join(reasons.by_row[position]))
		for position in sorted(reasons.by_row)
	]
	good = ~bad
	checked.valid = pd.DataFrame(
		{
			"staff": who[good].to_numpy(),
			"staff_name": record.full_name[good].to_numpy(),
			"department": record.department[good].to_numpy(),
			"window": record.window[good].to_numpy(),
			"punch_time": times[good].to_numpy(),
			"direction": direction[good].to_numpy(),
			"device": column(frame, columns, rules.DEVICE)[good].str.slice(0, 140).to_numpy(),
		}
	)
	checked.on_record = on_record(checked.valid)
	checked.existing = int(checked.on_record.sum())
	checked.sample = sample_rows(frame, columns, rows, record, times, direction, reasons)
	return checked


def sample_rows(frame, columns, rows, record, times, direction, reasons) -> list[dict]:
	labels = {"In": _("In"), "Out": _("Out"), "": ""}
	sample = []
	for position in range(min(SAMPLE_ROWS, len(frame))):
		time = times.iat[position]
		sample.append(
			{
				"row": int(rows.iat[position]),
				"badge": column(frame, columns, rules.BADGE).iat[position]
				or column(frame, columns, rules.USER).iat[position],
				"staff_name": record.full_name.iat[position]
				if pd.notna(record.full_name.iat[position])
				else "",
				"punch_time": "" if pd.isna(time) else time.strftime("%Y-%m-%d %H:%M:%S"),
				"direction": labels.get(direction.iat[position], "")
				if pd.notna(direction.iat[position])
				else "",
				"device": column(frame, columns, rules.DEVICE).iat[position],
				"error": REASON_SEPARATOR.join(reasons.by_row.get(position, [])),
			}
		)
	return sample


# ---------------------------------------------------------------------------------------------
# Writing


def existing_keys(valid: pd.DataFrame) -> pd.DataFrame:
	"""(staff, punch_time) of the punches already on record for the file's staff and dates."""
	if not len(valid):
		return pd.DataFrame(columns=["staff", "punch_time"])
	first = valid.punch_time.min().to_pydatetime()
	last = valid.punch_time.max().to_pydatetime()
	staff = sorted(valid.staff.unique().tolist())
	found = []
	for start in range(0, len(staff), 1000):
		found += frappe.db.sql(
			f"""select staff, punch_time from `tab{PUNCH}`
			where staff in %(staff)s and punch_time between %(first)s and %(last)s""",
			{"staff": staff[start : start + 1000], "first": first, "last": last},
		)
	existing = pd.DataFrame(list(found), columns=["staff", "punch_time"])
	existing["punch_time"] = pd.to_datetime(existing.punch_time)
	return existing


def on_record(valid: pd.DataFrame) -> np.ndarray:
	"""Which good rows are already on record (same staff member, same second)."""
	existing = existing_keys(valid)
	if not len(existing):
		return np.zeros(len(valid), dtype=bool)
	merged = valid[["staff", "punch_time"]].merge(existing.drop_duplicates(), how="left", indicator=True)
	return (merged["_merge"] == "both").to_numpy()


def insert_punches(doc, valid: pd.DataFrame) -> int:
	"""Multi-row ``INSERT IGNORE`` of the good rows (the unique index on staff and punch time skips
	those on record); returns how many were added."""
	now = now_datetime()
	user = frappe.session.user
	names = [frappe.generate_hash(length=12) for _ in range(len(valid))]
	times = valid.punch_time.dt.strftime("%Y-%m-%d %H:%M:%S").tolist()
	directions = [value or None for value in valid.direction.tolist()]
	devices = [value or None for value in valid.device.tolist()]
	fixed = (now, now, user, user, 0, 0, doc.hall, MACHINE, doc.name)
	columns = (
		"name",
		"creation",
		"modified",
		"owner",
		"modified_by",
		"docstatus",
		"idx",
		"hall",
		"source",
		"import_batch",
		"staff",
		"staff_name",
		"department",
		"window",
		"punch_time",
		"direction",
		"device",
	)
	values = zip(
		names,
		valid.staff.tolist(),
		valid.staff_name.tolist(),
		valid.department.tolist(),
		valid.window.tolist(),
		times,
		directions,
		devices,
		strict=True,
	)
	head = f"insert ignore into `tab{PUNCH}` ({', '.join(f'`{c}`' for c in columns)}) values "
	placeholders = "(" + ", ".join(["%s"] * len(columns)) + ")"
	added, batch = 0, []
	for name, *row in values:
		batch.append((name, *fixed, *row))
		if len(batch) == ROWS_PER_STATEMENT:
			added += write_batch(head, placeholders, batch)
	return added + write_batch(head, placeholders, batch)


def write_batch(head: str, placeholders: str, batch: list[tuple]) -> int:
	if not batch:
		return 0
	frappe.db.sql(head + ", ".join([placeholders] * len(batch)), [v for row in batch for v in row])
	count = frappe.db._cursor.rowcount
	batch.clear()
	return max(count, 0)
