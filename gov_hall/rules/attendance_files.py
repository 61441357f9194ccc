"""The attendance machine's export (考勤机导出文件): which column is which, what a direction word means,
how a punch time is written. Pure rules, no Frappe; gov_hall.duty.imports applies them to a whole file
at once (the patterns below are used vectorised by pandas).

Headers may be Chinese or English, in any case and spacing: 工号/Badge Number (the staff record's
badge number) or 账号/User (the desk account), 打卡时间/Punch Time or 日期/Date + 时间/Time, and
optionally 姓名/Name (must match the staff record), 方向/Direction (上班/签到/In, 下班/签退/Out; blank:
decided by the time of day) and 设备/Device. Other columns are ignored.
"""

from __future__ import annotations

import datetime
import re

BADGE = "badge"
USER = "user"
NAME = "name"
PUNCH_TIME = "punch_time"
DATE = "date"
TIME = "time"
DIRECTION = "direction"
DEVICE = "device"

# canonical column -> the headers that mean it (compared after normalise_header)
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
	BADGE: ("工号", "员工工号", "胸牌号", "badge number", "badge no", "badge", "badge_number"),
	USER: ("账号", "帐号", "用户", "用户名", "user", "user id", "account", "email"),
	NAME: ("姓名", "名字", "name", "staff name", "full name"),
	PUNCH_TIME: (
		"打卡时间",
		"刷卡时间",
		"签到时间",
		"日期时间",
		"punch time",
		"punch_time",
		"datetime",
		"date time",
	),
	DATE: ("日期", "打卡日期", "date", "punch date"),
	TIME: ("时间", "time"),
	DIRECTION: ("方向", "打卡类型", "签到类型", "direction", "type", "in/out"),
	DEVICE: ("设备", "设备名称", "考勤机", "机器号", "device", "terminal"),
}

# header problems (gov_hall.duty.imports turns them into translated messages)
NO_STAFF_COLUMN = "no_staff_column"
NO_TIME_COLUMN = "no_time_column"
REPEATED_COLUMN = "repeated_column"

IN = "In"
OUT = "Out"
DIRECTION_WORDS: dict[str, str] = {
	**dict.fromkeys(
		("上班", "签到", "上班签到", "上班打卡", "进", "入", "in", "check in", "clock in", "i"), IN
	),
	**dict.fromkeys(
		("下班", "签退", "下班签退", "下班打卡", "出", "离", "out", "check out", "clock out", "o"), OUT
	),
}

# 2026-11-03 08:57:12, 2026/11/3 8:57, 2026.11.03 08:57, 2026年11月3日 8时57分, 2026-11-03T08:57:12.000
DATE_PATTERN = r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
TIME_PATTERN = r"(\d{1,2})\s*[:：时点]\s*(\d{1,2})\s*(?:[:：分]\s*(\d{1,2})(?:\.\d+)?\s*秒?|分)?"
DATETIME_PATTERN = r"^\s*" + DATE_PATTERN + r"\s*(?:T|\s)\s*" + TIME_PATTERN + r"\s*$"
# a date column may carry a midnight time (Excel dates read as text), a time column only the time
DATE_ONLY_PATTERN = r"^\s*" + DATE_PATTERN + r"(?:\s*(?:T|\s).*)?$"
TIME_ONLY_PATTERN = r"^\s*(?:\d{4}\D+\d{1,2}\D+\d{1,2}\D*\s+)?" + TIME_PATTERN + r"\s*$"


def normalise_header(text) -> str:
	"""Lower case, no BOM, no surrounding spaces or brackets, inner spaces and underscores as one space."""
	value = str(text or "").replace("\ufeff", "").strip().lower()
	value = re.sub(r"[（(].*?[)）]$", "", value).strip()  # 打卡时间(北京时间), Punch Time (UTC+8)
	return re.sub(r"[\s_]+", " ", value)


_ALIASES = {normalise_header(alias): key for key, aliases in COLUMN_ALIASES.items() for alias in aliases}


def column_key(header) -> str | None:
	"""The canonical column a header means, None for a column the import ignores."""
	return _ALIASES.get(normalise_header(header))


def map_columns(headers: list) -> tuple[dict[str, object], list[tuple[str, tuple]]]:
	"""{canonical key: the file's header} and the header problems as (code, args).

	A file needs a staff column (badge number or user) and a time (punch time, or date and time)."""
	found: dict[str, object] = {}
	problems: list[tuple[str, tuple]] = []
	for header in headers:
		key = column_key(header)
		if not key:
			continue
		if key in found:
			problems.append((REPEATED_COLUMN, (str(found[key]), str(header))))
			continue
		found[key] = header
	if BADGE not in found and USER not in found:
		problems.append((NO_STAFF_COLUMN, ()))
	if PUNCH_TIME not in found and not (DATE in found and TIME in found):
		problems.append((NO_TIME_COLUMN, ()))
	return found, problems


def normalise_direction(value) -> str | None:
	"""'In', 'Out', '' (blank: the time of day decides) or None (a word the import does not know)."""
	text = re.sub(r"[\s_\-]+", " ", str(value or "").strip().lower())
	if not text or text in ("nan", "none"):
		return ""
	return DIRECTION_WORDS.get(text)


def parse_punch_time(text) -> datetime.datetime | None:
	"""One punch time as the patterns read it (the import does the same, vectorised); None if bad."""
	match = re.match(DATETIME_PATTERN, str(text or ""))
	if not match:
		return None
	year, month, day, hour, minute, second = (int(part) if part else 0 for part in match.groups())
	try:
		return datetime.datetime(year, month, day, hour, minute, second)
	except ValueError:
		return None


HEADER_SEARCH_ROWS = 10


def header_row(rows: list[list]) -> int:
	"""Which of the first rows is the header (0-based): the first one naming a staff column and a
	time; a title above it (考勤记录表, a date range) is skipped. 0 when none does (the header
	problems are then reported for the first row)."""
	for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
		_found, problems = map_columns([cell for cell in row if str(cell or "").strip()])
		if not problems:
			return index
	return 0


def row_number(index: int, header: int = 0) -> int:
	"""The spreadsheet row of the ``index``-th data row (0-based) under the header at row
	``header`` (0-based; the first row of the sheet is row 1)."""
	return index + header + 2
