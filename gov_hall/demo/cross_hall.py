"""County, township and village as one system in the demo county (issue 16, item 8).

- village service points (村便民服务站) under each township (branch) hall, each with its 代办 window
  and a village agent (村代办员); each township's own team (its people's government: a comprehensive
  acceptance window, a hall agent 代办员 and a staff member) to accept county matters whose
  department has no window there;
- where each matter can be done: the common citizens' matters extended down (县乡同办, accepted at
  both township halls and their village points, approved at the county), a few 县域通办, and the
  simpler matters of a county department with its own window at a township hall handled fully
  there (乡镇办理), as that window has done all year;
- a year of cross-hall cases with their hand-overs and text messages (gov_hall.demo.cross_hall_year).

Records are looked up before they are made: a re-run tops up what is missing, and a county that
already has cross-hall cases gets no more.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict

import frappe

from gov_hall.demo import insert_if_missing, load_catalog, make_staff, make_window
from gov_hall.demo.cases import next_serial
from gov_hall.utils.calendar import get_hall_calendar

SEED = 20261216
VILLAGE = "Village Service Point"
COUNTY_TOWNSHIP = "County–Township"
COUNTY_WIDE = "County-Wide"
TOWNSHIP = "Township"

# township hall key -> (village name, hall code, address, phone)
VILLAGES = {
	"branch1": (
		("青山县城关镇桃源村便民服务站", "QS1V1", "青山县城关镇桃源村村民委员会一楼", "0745-5221301"),
		("青山县城关镇河西村便民服务站", "QS1V2", "青山县城关镇河西村综合服务楼", "0745-5221302"),
		("青山县城关镇东岭村便民服务站", "QS1V3", "青山县城关镇东岭村党群服务中心", "0745-5221303"),
	),
	"branch2": (
		("青山县石桥镇白沙村便民服务站", "QS2V1", "青山县石桥镇白沙村村民委员会", "0745-5361101"),
		("青山县石桥镇枫林村便民服务站", "QS2V2", "青山县石桥镇枫林村党群服务中心", "0745-5361102"),
	),
}
# township hall key -> the township's people's government, who staffs its hall and village points
TOWNSHIP_TEAMS = {
	"branch1": ("青山县城关镇人民政府", "城关镇"),
	"branch2": ("青山县石桥镇人民政府", "石桥镇"),
}
COMPREHENSIVE_WINDOW = {"window_number": "07", "window_name": "综合受理窗口（县乡同办）"}
VILLAGE_WINDOW = {"window_number": "01", "window_name": "代办窗口"}
HALL_AGENT = "代办员"
TOWNSHIP_CLERK = "综合窗口受理员"
VILLAGE_AGENT = "村代办员"

# matter code -> (handling level, how often citizens near home apply for it, agent service allowed)
CATALOGUE = {
	# 县乡同办: accepted at the township halls and their village points, approved at the county
	"QS-RSJ-002": (COUNTY_TOWNSHIP, 9, 1),  # 城乡居民基本养老保险待遇申领
	"QS-RSJ-005": (COUNTY_TOWNSHIP, 3, 1),  # 失业保险金申领
	"QS-YBJ-003": (COUNTY_TOWNSHIP, 7, 1),  # 门诊慢特病待遇认定
	"QS-YBJ-004": (COUNTY_TOWNSHIP, 9, 1),  # 零星医疗费用报销
	"QS-YBJ-005": (COUNTY_TOWNSHIP, 3, 1),  # 生育保险待遇核准支付
	"QS-MZJ-003": (COUNTY_TOWNSHIP, 6, 1),  # 最低生活保障审核确认
	"QS-MZJ-004": (COUNTY_TOWNSHIP, 2, 1),  # 特困人员救助供养认定
	"QS-MZJ-005": (COUNTY_TOWNSHIP, 5, 1),  # 临时救助
	"QS-CJR-001": (COUNTY_TOWNSHIP, 4, 1),  # 残疾人证新办
	"QS-CJR-004": (COUNTY_TOWNSHIP, 5, 1),  # 困难残疾人生活补贴和重度残疾人护理补贴申领
	"QS-CJR-005": (COUNTY_TOWNSHIP, 2, 1),  # 残疾人辅助器具适配申请
	"QS-NYNC-004": (COUNTY_TOWNSHIP, 6, 1),  # 农村村民宅基地审批
	"QS-NYNC-005": (COUNTY_TOWNSHIP, 5, 1),  # 农机购置与应用补贴申领
	"QS-ZRZY-004": (COUNTY_TOWNSHIP, 4, 1),  # 乡村建设规划许可证核发
	"QS-ZRZY-008": (COUNTY_TOWNSHIP, 3, 1),  # 林木采伐许可证核发
	"QS-BDC-007": (COUNTY_TOWNSHIP, 5, 1),  # 宅基地使用权及房屋所有权首次登记
	"QS-SCJG-005": (COUNTY_TOWNSHIP, 4, 1),  # 食品经营许可
	"QS-SCJG-007": (COUNTY_TOWNSHIP, 2, 1),  # 食品小作坊登记证核发
	"QS-GDGS-001": (COUNTY_TOWNSHIP, 5, 1),  # 低压居民新装（增容）用电
	"QS-ZLS-001": (COUNTY_TOWNSHIP, 3, 1),  # 用水新装报装
	"QS-GAJ-007": (COUNTY_TOWNSHIP, 2, 0),  # 居住证申领 (photo taken in person)
	"QS-TYJR-002": (COUNTY_TOWNSHIP, 3, 1),  # 退役军人优待证申领
	"QS-TYJR-004": (COUNTY_TOWNSHIP, 1, 1),  # 烈士遗属、因公牺牲军人遗属定期抚恤金给付
	"QS-WJJ-007": (COUNTY_TOWNSHIP, 1, 1),  # 出生医学证明补发
	"QS-JYJ-004": (COUNTY_TOWNSHIP, 2, 1),  # 义务教育阶段学生转学
	"QS-GJJ-003": (COUNTY_TOWNSHIP, 2, 1),  # 购买自住住房提取住房公积金
	"QS-MDLS-003": (COUNTY_TOWNSHIP, 1, 1),  # 法律援助申请代收转办
	"QS-GZC-003": (COUNTY_TOWNSHIP, 1, 0),  # 亲属关系公证 (the notary hears the applicant)
	"QS-YJGL-002": (COUNTY_TOWNSHIP, 1, 1),  # 烟花爆竹经营（零售）许可证核发
	# 县域通办: accepted at any hall of the county
	"QS-GAJ-001": (COUNTY_WIDE, 5, 0),  # 居民身份证换领 (photo and fingerprints in person)
	"QS-GAJ-002": (COUNTY_WIDE, 2, 0),  # 居民身份证挂失补领
	"QS-RSJ-003": (COUNTY_WIDE, 2, 1),  # 企业职工基本养老保险关系转移接续
	"QS-YBJ-006": (COUNTY_WIDE, 2, 1),  # 基本医疗保险关系转移接续
	"QS-BDC-009": (COUNTY_WIDE, 2, 1),  # 不动产权证书补证、换证
	"QS-JYJ-005": (COUNTY_WIDE, 1, 1),  # 教师资格证书补发换发
	# handled fully at the township halls where the department has its own window
	"QS-RSJ-001": (TOWNSHIP, 0, 1),  # 城乡居民基本养老保险参保登记
	"QS-RSJ-008": (TOWNSHIP, 0, 1),  # 社会保障卡申领
	"QS-YBJ-001": (TOWNSHIP, 0, 1),  # 城乡居民基本医疗保险参保登记
	"QS-SCJG-002": (TOWNSHIP, 0, 1),  # 个体工商户设立登记
	"QS-SCJG-006": (TOWNSHIP, 0, 1),  # 仅销售预包装食品备案
	"QS-GDGS-004": (TOWNSHIP, 0, 1),  # 用电户名过户
	"QS-CJR-002": (TOWNSHIP, 0, 1),  # 残疾人证换领
	"QS-BDC-008": (TOWNSHIP, 0, 1),  # 不动产登记资料查询
	"QS-SW-006": (TOWNSHIP, 0, 1),  # 代开增值税发票
}


def make_demo_cross_hall(seed: int = SEED, days: int = 365, with_cases: bool = True) -> dict:
	"""The demo county's village points, township teams, catalogue levels and (``with_cases``) a year
	of cross-hall cases; the counts of what was made."""
	counts = {"village_points": 0, "township_staff": 0, "matters_extended": 0}
	halls = demo_halls()
	if not halls or not frappe.get_meta("GH Service Matter").has_field("handling_level"):
		return counts
	rng = random.Random(seed)
	for key, township in halls["townships"].items():
		villages = make_villages(key, township, counts)
		make_township_team(key, township, villages, rng, counts)
	counts["matters_extended"] = set_catalogue_levels(halls["townships"])
	if with_cases:
		from gov_hall.demo.cross_hall_year import make_cross_hall_year

		counts.update(make_cross_hall_year(halls["county"], rng, days))
	return counts


def demo_halls() -> dict | None:
	rows = {row["key"]: row for row in load_catalog()["halls"]}
	county = rows["county"]["hall_name"]
	if not frappe.db.exists("GH Service Hall", county):
		return None
	townships = {
		key: row["hall_name"]
		for key, row in rows.items()
		if row.get("parent_key") == "county" and frappe.db.exists("GH Service Hall", row["hall_name"])
	}
	return {"county": county, "townships": townships}


def make_villages(key: str, township: str, counts: dict) -> list[str]:
	opening, closing = frappe.db.get_value("GH Service Hall", township, ["opening_time", "closing_time"])
	names = []
	for name, code, address, phone in VILLAGES.get(key, ()):
		_doc, created = insert_if_missing(
			"GH Service Hall",
			name,
			{
				"hall_name": name,
				"hall_code": code,
				"hall_level": VILLAGE,
				"parent_hall": township,
				"address": address,
				"phone": phone,
				"opening_time": opening,
				"closing_time": closing,
			},
		)
		counts["village_points"] += created
		names.append(name)
	return names


def make_township_team(key: str, township: str, villages: list[str], rng, counts: dict) -> None:
	"""The township government's comprehensive window at its hall, one 代办 window per village point,
	a clerk and a hall agent at the township and an agent in each village."""
	name, short = TOWNSHIP_TEAMS[key]
	department, _created = insert_if_missing(
		"GH Stationed Department",
		name,
		{
			"department_name": name,
			"short_name": short,
			"department_type": "Other",
			"hall": township,
			"stationed_from": "2024-01-02",
		},
	)
	halls = {"township": township, **{f"v{i}": village for i, village in enumerate(villages)}}
	windows = [
		(
			make_window(
				{**COMPREHENSIVE_WINDOW, "window_type": "Comprehensive", "hall_key": "township"},
				name,
				halls,
				{"windows": 0},
			),
			(TOWNSHIP_CLERK, HALL_AGENT),
		)
	]
	windows += [
		(
			make_window(
				{**VILLAGE_WINDOW, "window_type": "Comprehensive", "hall_key": f"v{i}"},
				name,
				halls,
				{"windows": 0},
			),
			(VILLAGE_AGENT,),
		)
		for i in range(len(villages))
	]
	chief = department.chief_representative
	for window, positions in windows:
		present = frappe.get_all("GH Window Staff", filters={"window": window}, pluck="position")
		for position in positions:
			if position in present:
				continue
			user = make_staff(name, window, rng, {"staff": 0})
			frappe.db.set_value("GH Window Staff", user, "position", position)
			counts["township_staff"] += 1
			chief = chief or user
	if chief and not department.chief_representative:
		department.reload()
		department.chief_representative = chief
		department.save(ignore_permissions=True)


def set_catalogue_levels(townships: dict[str, str]) -> int:
	"""Handling levels of the catalogue, once: a catalogue a manager has started extending is theirs.

	Besides CATALOGUE, the other matters (up to complexity 3) of a county department with its own
	window at a township hall are handled fully there, as that window has done all year in the demo
	(市场监管所, 派出所, 供电所 ...): left County Only, the app would refuse them at the township now."""
	codes = [code for code in CATALOGUE if frappe.db.exists("GH Service Matter", code)]
	if frappe.db.exists(
		"GH Service Matter", {"name": ["in", codes or [""]], "handling_level": ["!=", "County Only"]}
	):
		return 0
	at_township = defaultdict(set)
	for window in frappe.get_all(
		"GH Service Window",
		filters={"hall": ["in", list(townships.values())], "status": "Active"},
		fields=["hall", "department"],
	):
		at_township[window.department].add(window.hall)
	levels = {code: CATALOGUE[code] for code in codes}
	for matter in frappe.get_all(
		"GH Service Matter",
		filters={
			"department": ["in", list(at_township) or [""]],
			"complexity": ["<=", 3],
			"status": "Active",
		},
		pluck="name",
	):
		levels.setdefault(matter, (TOWNSHIP, 0, 1))
	changed = 0
	for code, (level, _weight, agent_allowed) in sorted(levels.items()):
		matter = frappe.get_doc("GH Service Matter", code)
		if level == COUNTY_TOWNSHIP:
			accepting = list(townships.values())
		elif level == TOWNSHIP:
			accepting = sorted(at_township.get(matter.department, ()))
			if not accepting:
				continue
		else:
			accepting = []
		matter.handling_level = level
		matter.agent_allowed = agent_allowed
		matter.set("accepting_halls", [{"hall": hall} for hall in accepting])
		matter.save(ignore_permissions=True)
		changed += 1
	return changed


def near_home_weights() -> dict[str, int]:
	return {code: weight for code, (_level, weight, _agent) in CATALOGUE.items() if weight}


class CountyYear:
	"""The demo county's receiving halls, the county's handling windows and the extended matters."""

	def __init__(self, county: str, rng, today: datetime.date):
		self.county, self.rng, self.today = county, rng, today
		self.cutoff = datetime.datetime.combine(today, datetime.time())
		self.county_cal = get_hall_calendar(county)
		self.matters = self.load_matters()
		self.names = dict(frappe.get_all("User", fields=["name", "full_name"], as_list=True))
		self.staff = defaultdict(list)  # window -> [(user, position)]
		for row in frappe.get_all(
			"GH Window Staff", filters={"status": "On Site"}, fields=["user", "window", "position"]
		):
			self.staff[row.window].append((row.user, row.position))
		self.window_department = dict(
			frappe.get_all("GH Service Window", fields=["name", "department"], as_list=True)
		)
		self.county_windows = self.windows_of([county])
		self.halls = self.receiving_halls()
		self.serials: dict[str, dict] = defaultdict(dict)

	def load_matters(self) -> list[frappe._dict]:
		weights = near_home_weights()
		matters = frappe.get_all(
			"GH Service Matter",
			filters={"name": ["in", list(weights)], "handling_level": ["in", [COUNTY_TOWNSHIP, COUNTY_WIDE]]},
			fields=[
				"name",
				"matter_name",
				"department",
				"promised_time_limit",
				"handling_level",
				"agent_allowed",
			],
		)
		materials, accepting = defaultdict(list), defaultdict(set)
		for row in frappe.get_all(
			"GH Matter Material",
			filters={"parenttype": "GH Service Matter"},
			fields=["parent", "material_name"],
		):
			materials[row.parent].append(row.material_name)
		for row in frappe.get_all(
			"GH Matter Hall", filters={"parenttype": "GH Service Matter"}, fields=["parent", "hall"]
		):
			accepting[row.parent].add(row.hall)
		for matter in matters:
			matter.weight = weights[matter.name]
			matter.materials = materials[matter.name] or ["申请书"]
			matter.accepting = accepting[matter.name]
		return matters

	def windows_of(self, halls: list[str]) -> dict[tuple, list[str]]:
		"""(hall, department) -> active windows with staff on site."""
		found = defaultdict(list)
		for window in frappe.get_all(
			"GH Service Window",
			filters={"hall": ["in", halls], "status": "Active"},
			fields=["name", "hall", "department", "window_type"],
			order_by="name asc",
		):
			if self.staff.get(window.name):
				found[(window.hall, window.department)].append(window.name)
		return found

	def receiving_halls(self) -> list[frappe._dict]:
		halls = frappe.get_all(
			"GH Service Hall",
			filters={"hall_level": ["in", ["Branch Hall", VILLAGE]], "status": "Active"},
			fields=["name", "hall_code", "hall_level", "parent_hall"],
			order_by="name asc",
		)
		townships = {
			hall.name
			for hall in halls
			if hall.hall_level == "Branch Hall" and hall.parent_hall == self.county
		}
		halls = [hall for hall in halls if hall.name in townships or hall.parent_hall in townships]
		windows = self.windows_of([hall.name for hall in halls])
		for hall in halls:
			hall.township = hall.name if hall.hall_level == "Branch Hall" else hall.parent_hall
			hall.calendar = get_hall_calendar(hall.name)
			hall.own_windows = {
				dept: names for (hall_name, dept), names in windows.items() if hall_name == hall.name
			}
			# the township government's comprehensive window (or the village point's 代办 window)
			hall.general = next(
				(
					names[0]
					for (hall_name, _dept), names in windows.items()
					if hall_name == hall.name and self.has(names[0], (HALL_AGENT, VILLAGE_AGENT))
				),
				None,
			)
			hall.matters = [
				m for m in self.matters if m.handling_level == COUNTY_WIDE or hall.township in m.accepting
			]
		return [hall for hall in halls if hall.general and hall.matters]

	def has(self, window: str, positions: tuple) -> bool:
		return any(position in positions for _user, position in self.staff.get(window, ()))

	def person(self, window: str, positions: tuple | None = None) -> str:
		people = [user for user, position in self.staff[window] if not positions or position in positions]
		return self.rng.choice(people or [user for user, _p in self.staff[window]])

	def next_name(self, hall, year: int) -> str:
		return (
			f"{hall.hall_code}-{year}-{next_serial(self.serials[hall.hall_code], hall.hall_code, year):05d}"
		)
