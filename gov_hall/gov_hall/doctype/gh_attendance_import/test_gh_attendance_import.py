# Copyright (c) 2026, gov_hall developers
# For license information, please see license.txt

"""考勤导入 over HTTP as real users: a manager uploads the attendance machine's file, previews it and
imports it all or nothing; the duty slots of the day follow; a second import of the same file adds
nothing; GB18030 CSV and .xlsx are read; window staff and chief representatives are refused; the
figures cannot be set through /api/resource. Frappe's own Data Import of punches works too.

The punches are on a working day at least two weeks back (its sessions have ended whatever the
time of day the tests run at); every count is filtered by the test's own hall.
"""

import datetime
import io

import frappe
from frappe.tests.utils import FrappeTestCase

from gov_hall.setup.roles import CHIEF_REPRESENTATIVE, HALL_MANAGER, WINDOW_STAFF
from gov_hall.tests.factories import make_department, make_hall, make_staff, make_user, make_window
from gov_hall.tests.http import HttpUser, commit_world, set_password
from gov_hall.utils.calendar import get_hall_calendar
from gov_hall.utils.clock import today

IMPORT = "GH Attendance Import"
PUNCH = "GH Attendance Punch"
SLOT = "GH Duty Slot"
API = "gov_hall.api.attendance_import"
REFUSED = (403, 417)


def stored(doctype: str, name: str, fields: list[str]) -> frappe._dict:
	frappe.db.rollback()  # read what the requests committed
	return frappe.db.get_value(doctype, name, fields, as_dict=True)


def csv_bytes(rows: list[list], encoding: str = "utf-8") -> bytes:
	text = "\n".join(",".join(str(cell) for cell in row) for row in rows) + "\n"
	return text.encode(encoding)


def xlsx_bytes(rows: list[list]) -> bytes:
	from openpyxl import Workbook

	book = Workbook()
	sheet = book.active
	for row in rows:
		sheet.append(row)
	out = io.BytesIO()
	book.save(out)
	return out.getvalue()


class AttendanceImportWorld(FrappeTestCase):
	"""One committed hall: two on-site staff at one window rostered on a past working day, a
	colleague at another hall, a manager, a chief representative; all read the app in Chinese."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		from gov_hall.duty.roster import generate_roster

		cls.hall = make_hall().name
		cls.department = make_department(cls.hall).name
		cls.window = make_window(cls.hall, cls.department).name
		cls.other_window = make_window(cls.hall, cls.department).name
		cls.a = make_staff(cls.department, cls.window, user=make_user([WINDOW_STAFF], first_name="张三"))
		cls.b = make_staff(
			cls.department, cls.other_window, user=make_user([WINDOW_STAFF], first_name="李四")
		)
		other_hall = make_hall().name
		other_department = make_department(other_hall).name
		cls.stranger = make_staff(other_department, make_window(other_hall, other_department).name)
		cls.newcomer = make_staff(cls.department, cls.window, on_site_from=today().isoformat())
		cls.manager = make_user([HALL_MANAGER])
		chief = make_staff(cls.department, cls.other_window)
		cls.chief = chief.user
		frappe.get_doc("User", cls.chief).add_roles(CHIEF_REPRESENTATIVE)
		frappe.db.set_value("GH Stationed Department", cls.department, "chief_representative", cls.chief)
		for user in (cls.manager, cls.chief, cls.a.user, cls.b.user):
			set_password(user)
			frappe.db.set_value("User", user, "language", "zh")
		calendar = get_hall_calendar(cls.hall)
		day = today() - datetime.timedelta(days=21)
		while not calendar.is_working_day(day):
			day += datetime.timedelta(days=1)
		cls.day = day
		generate_roster(cls.hall, day, day)
		commit_world()

	@classmethod
	def badge(cls, staff) -> str:
		return frappe.db.get_value("GH Window Staff", staff.name, "badge_number")

	def at(self, hhmmss: str) -> str:
		return f"{self.day.isoformat()} {hhmmss}"

	# the manager's steps, over HTTP
	def upload(self, user: HttpUser, content: bytes, filename: str) -> str:
		answer = user.request(
			"POST",
			"/api/method/upload_file",
			data={"file": (io.BytesIO(content), filename), "is_private": "1"},
		)
		self.assertEqual(answer.status, 200, answer)
		return answer.message["file_url"]

	def new_import(self, content: bytes, filename: str = "考勤.csv", user: HttpUser | None = None) -> str:
		user = user or HttpUser(self.manager)
		answer = user.insert(IMPORT, {"hall": self.hall, "import_file": self.upload(user, content, filename)})
		self.assertEqual(answer.status, 200, answer)
		return answer.data["name"]

	def hall_punches(self) -> int:
		frappe.db.rollback()
		return frappe.db.count(PUNCH, {"hall": self.hall})

	def good_rows(self) -> list[list]:
		a, b = self.badge(self.a), self.badge(self.b)
		return [
			["工号", "姓名", "打卡时间", "方向", "设备"],
			[a, "张三", self.at("09:20:00"), "上班", "一楼考勤机"],  # 20 minutes late (grace 5)
			[a, "张三", self.at("12:01:00"), "下班", "一楼考勤机"],
			[b, "李四", self.at("08:55:00"), "签到", "一楼考勤机"],
			[b, "李四", self.at("12:00:30"), "签退", "一楼考勤机"],
		]


class TestAttendanceImport(AttendanceImportWorld):
	def test_1_a_file_with_bad_rows_is_previewed_row_by_row_and_nothing_is_imported(self):
		a, stranger = self.badge(self.a), self.badge(self.stranger)
		next_year = (today() + datetime.timedelta(days=400)).isoformat()
		rows = [
			["工号", "姓名", "打卡时间", "方向"],
			[a, "张三", self.at("08:58:00"), "上班"],  # row 2: good
			["QS-9999", "", self.at("08:58:00"), ""],  # row 3: unknown badge
			[a, "王五", self.at("12:03:00"), "下班"],  # row 4: another name
			[a, "张三", "昨天早上", ""],  # row 5: not a date
			[a, "张三", f"{next_year} 08:58:00", ""],  # row 6: future
			[a, "张三", self.at("13:29:00"), "加班"],  # row 7: unknown direction
			[a, "张三", self.at("08:58:00"), "上班"],  # row 8: same as row 2
			[stranger, "", self.at("08:58:00"), ""],  # row 9: another hall's staff
			[self.badge(self.newcomer), "", self.at("08:58:00"), ""],  # row 10: not on site yet
		]
		manager = HttpUser(self.manager)
		name = self.new_import(csv_bytes(rows), user=manager)
		answer = manager.call(f"{API}.preview", name=name)
		self.assertEqual(answer.status, 200, answer)
		result = answer.message
		self.assertEqual((result["total_rows"], result["valid_rows"], result["error_count"]), (9, 1, 8))
		errors = "\n".join(result["errors"])
		self.assertIn("第3行：工号 QS-9999 不存在", errors)
		self.assertIn("第4行：姓名 王五 与人员档案（张三）不符", errors)
		self.assertIn("第5行：打卡时间 昨天早上 不是有效的日期时间", errors)
		self.assertIn("第6行：打卡时间", errors)
		self.assertIn("晚于当前北京时间", errors)
		self.assertIn("第7行：方向 加班 无法识别", errors)
		self.assertIn("第8行：与第2行重复", errors)
		self.assertIn(f"第9行：{self.stranger.full_name} ({stranger}) 不是{self.hall}的窗口工作人员", errors)
		self.assertIn("第10行：", errors)
		self.assertIn("不在驻场期内", errors)
		self.assertFalse([line for line in result["errors"] if line.startswith("第2行")])
		self.assertEqual(result["sample"][0]["row"], 2)
		self.assertEqual(result["sample"][0]["direction"], "上班")
		self.assertEqual(stored(IMPORT, name, ["status"]).status, "Previewed")

		answer = manager.call(f"{API}.run", name=name)
		self.assertEqual(answer.status, 200, answer)
		doc = stored(IMPORT, name, ["status", "error_count", "new_punches", "errors"])
		self.assertEqual((doc.status, doc.error_count, doc.new_punches), ("Failed", 8, 0))
		self.assertIn("第3行：工号 QS-9999 不存在", doc.errors)
		self.assertEqual(self.hall_punches(), 0, "nothing is half-imported")

	def test_2_a_good_file_adds_the_punches_and_the_slots_follow_and_a_second_import_adds_nothing(self):
		manager = HttpUser(self.manager)
		content = csv_bytes(self.good_rows())
		name = self.new_import(content, user=manager)
		preview = manager.call(f"{API}.preview", name=name).message
		self.assertEqual((preview["error_count"], preview["to_add"]), (0, 4))
		self.assertEqual((preview["date_from"], preview["date_to"]), (str(self.day), str(self.day)))
		answer = manager.call(f"{API}.run", name=name)
		self.assertEqual(answer.status, 200, answer)
		doc = stored(
			IMPORT, name, ["status", "new_punches", "duplicate_punches", "staff_count", "imported_by"]
		)
		self.assertEqual(
			(doc.status, doc.new_punches, doc.duplicate_punches, doc.staff_count, doc.imported_by),
			("Imported", 4, 0, 2, self.manager),
		)
		punches = frappe.get_all(
			PUNCH,
			filters={"hall": self.hall},
			fields=["staff", "punch_time", "direction", "source", "import_batch", "window", "device"],
			order_by="punch_time asc",
		)
		self.assertEqual(len(punches), 4)
		self.assertEqual({p.source for p in punches}, {"Attendance Machine"})
		self.assertEqual({p.import_batch for p in punches}, {name})
		self.assertEqual({p.device for p in punches}, {"一楼考勤机"})
		first = next(p for p in punches if p.staff == self.a.user)
		self.assertEqual((first.direction, first.window), ("In", self.window))

		def morning(staff) -> frappe._dict:
			return frappe.db.get_value(
				SLOT,
				{"staff": staff, "duty_date": self.day, "session": "Morning", "status": "Active"},
				["duty_status", "late_minutes", "clock_in"],
				as_dict=True,
			)

		self.assertEqual((morning(self.a.user).duty_status, morning(self.a.user).late_minutes), ("Late", 20))
		self.assertEqual(morning(self.b.user).duty_status, "Present")
		self.assertEqual(str(morning(self.b.user).clock_in), self.at("08:55:00"))

		# the same file again: nothing new, every row counted as already on record
		again = self.new_import(content, filename="考勤-重复.csv", user=manager)
		self.assertEqual(manager.call(f"{API}.run", name=again).status, 200)
		doc = stored(IMPORT, again, ["status", "new_punches", "duplicate_punches"])
		self.assertEqual((doc.status, doc.new_punches, doc.duplicate_punches), ("Imported", 0, 4))
		self.assertEqual(self.hall_punches(), 4)
		# an import already done keeps its figures when its file is looked at again, and is not run twice
		self.assertEqual(manager.call(f"{API}.preview", name=name).message["to_add"], 0)
		self.assertEqual(
			stored(IMPORT, name, ["status", "new_punches"]), {"status": "Imported", "new_punches": 4}
		)
		answer = manager.call(f"{API}.run", name=name)
		self.assertIn(answer.status, REFUSED, answer)
		self.assertIn("该文件已导入", answer.server_messages)

	def test_3_gb18030_csv_and_xlsx_are_read(self):
		manager = HttpUser(self.manager)
		a, b = self.badge(self.a), self.badge(self.b)
		gb = csv_bytes(
			[  # as a Chinese machine exports it: a title above the header
				["考勤记录表"],
				["工号", "姓名", "打卡时间", "方向"],
				[a, "张三", self.at("13:31:00"), "上班"],
			],
			encoding="gb18030",
		)
		self.assertRaises(UnicodeDecodeError, gb.decode, "utf-8")
		result = manager.call(f"{API}.preview", name=self.new_import(gb, user=manager)).message
		self.assertEqual((result["valid_rows"], result["error_count"]), (1, 0), result["errors"])
		self.assertEqual((result["sample"][0]["row"], result["sample"][0]["staff_name"]), (3, "张三"))

		bom = (
			"\ufeffUser,Punch Time,Direction\n".encode()
			+ f"{self.b.user},{self.at('13:29:59')},Out\n".encode()
		)
		result = manager.call(f"{API}.preview", name=self.new_import(bom, user=manager)).message
		self.assertEqual((result["valid_rows"], result["error_count"]), (1, 0), result["errors"])

		book = xlsx_bytes(
			[
				["Badge Number", "Name", "Date", "Time", "Direction"],
				[
					b,
					"李四",
					datetime.datetime.combine(self.day, datetime.time()),
					datetime.time(13, 25),
					"In",
				],
				[
					b,
					"李四",
					datetime.datetime.combine(self.day, datetime.time()),
					datetime.time(17, 31, 2),
					"Out",
				],
			]
		)
		result = manager.call(f"{API}.preview", name=self.new_import(book, "考勤.xlsx", user=manager)).message
		self.assertEqual((result["valid_rows"], result["error_count"]), (2, 0), result["errors"])
		self.assertEqual(result["sample"][1]["punch_time"], self.at("17:31:02"))

	def test_4_window_staff_and_chief_representatives_are_refused(self):
		name = self.new_import(csv_bytes(self.good_rows()))
		for user in (self.a.user, self.chief):
			person = HttpUser(user)
			for method in ("preview", "run"):
				answer = person.call(f"{API}.{method}", name=name)
				self.assertIn(answer.status, REFUSED, (user, method, answer))
			self.assertIn(person.get_doc(IMPORT, name).status, REFUSED)
			answer = person.insert(IMPORT, {"hall": self.hall, "import_file": "/private/files/x.csv"})
			self.assertIn(answer.status, REFUSED, answer)
		self.assertEqual(stored(IMPORT, name, ["status"]).status, "Draft")

	def test_5_figures_cannot_be_set_through_the_rest_api(self):
		manager = HttpUser(self.manager)
		url = self.upload(manager, csv_bytes(self.good_rows()), "考勤.csv")
		forged = {"status": "Imported", "new_punches": 999, "error_count": 0, "total_rows": 7}
		answer = manager.insert(IMPORT, {"hall": self.hall, "import_file": url, **forged})
		self.assertEqual(answer.status, 200, answer)
		name = answer.data["name"]
		doc = stored(IMPORT, name, ["status", "new_punches", "total_rows"])
		self.assertEqual((doc.status, doc.new_punches, doc.total_rows), ("Draft", 0, 0))
		manager.update(IMPORT, name, {"status": "Imported", "new_punches": 5, "imported_by": self.manager})
		doc = stored(IMPORT, name, ["status", "new_punches", "imported_by"])
		self.assertEqual((doc.status, doc.new_punches, doc.imported_by), ("Draft", 0, None))

	def test_6_a_file_without_the_columns_fails_and_a_corrected_file_makes_the_import_a_draft_again(self):
		manager = HttpUser(self.manager)
		name = self.new_import(csv_bytes([["姓名", "日期"], ["张三", str(self.day)]]), user=manager)
		result = manager.call(f"{API}.run", name=name).message
		self.assertEqual((result["status"], result["valid_rows"]), ("Failed", 0))
		self.assertIn("文件缺少工号或账号列", result["errors"][0])
		self.assertIn("文件缺少打卡时间列", result["errors"][1])
		self.assertEqual(stored(IMPORT, name, ["error_count"]).error_count, 2)

		corrected = self.upload(manager, csv_bytes(self.good_rows()[:2]), "考勤-更正.csv")
		answer = manager.update(IMPORT, name, {"import_file": corrected})
		self.assertEqual(answer.status, 200, answer)
		doc = stored(IMPORT, name, ["status", "error_count", "errors"])
		self.assertEqual((doc.status, doc.error_count, doc.errors), ("Draft", 0, None))
		result = manager.call(f"{API}.preview", name=name).message
		self.assertEqual((result["valid_rows"], result["error_count"]), (1, 0), result["errors"])

		other = self.upload(manager, b"%PDF-1.4", "scan.pdf")
		answer = manager.insert(IMPORT, {"hall": self.hall, "import_file": other})
		self.assertIn(answer.status, REFUSED, answer)
		self.assertIn("只能导入 CSV 或 Excel", answer.server_messages)


class TestFrappeDataImportOfPunches(AttendanceImportWorld):
	"""A few punches through Frappe's own Data Import (the desk's Data Import tool), run as a hall
	manager: they are recorded as the attendance machine's and the day's slots follow."""

	def test_data_import_of_punches_as_a_manager(self):
		from frappe.core.doctype.data_import.data_import import start_import

		from gov_hall.tests.factories import as_user

		content = csv_bytes(
			[
				["Staff", "Punch Time", "Direction", "Device"],
				[self.a.user, self.at("13:28:00"), "In", "二楼考勤机"],
				[self.a.user, self.at("17:20:00"), "Out", "二楼考勤机"],
			]
		)

		def run_import():
			file = frappe.get_doc(
				{"doctype": "File", "file_name": "punches.csv", "content": content, "is_private": 1}
			).insert()
			data_import = frappe.get_doc(
				{
					"doctype": "Data Import",
					"reference_doctype": PUNCH,
					"import_type": "Insert New Records",
					"import_file": file.file_url,
				}
			)
			# Frappe ships Data Import for System Manager only; install gives it to hall managers
			# (gov_hall.setup.install.ensure_data_import_permission)
			data_import.insert()
			start_import(data_import.name)
			return frappe.db.get_value("Data Import", data_import.name, "status")

		status = as_user(self.manager, run_import)
		self.assertEqual(status, "Success")
		punches = frappe.get_all(
			PUNCH,
			filters={"hall": self.hall, "device": "二楼考勤机"},
			fields=["source", "import_batch", "window", "direction"],
		)
		self.assertEqual(len(punches), 2)
		self.assertEqual({p.source for p in punches}, {"Attendance Machine"})
		self.assertEqual({p.window for p in punches}, {self.window})
		afternoon = frappe.db.get_value(
			SLOT,
			{"staff": self.a.user, "duty_date": self.day, "session": "Afternoon", "status": "Active"},
			["duty_status", "early_minutes"],
			as_dict=True,
		)
		self.assertEqual((afternoon.duty_status, afternoon.early_minutes), ("Early Leave", 10))
