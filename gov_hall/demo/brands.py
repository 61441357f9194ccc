"""The demo hall's commitments (服务承诺), service brands (服务品牌) and staff cards (挂牌上岗), issue 18.

- the county hall's commitments of seed 004 (时间、态度、质量), signed by the director;
- a window commitment for each department's first window, signed by its chief representative, and a
  personal commitment (承诺书) signed by every on-site staff member of the county hall;
- five brands (seed 002's 真情相助 and others): three named after a naming review of 2025 by a panel
  of three, one under review with two of its three score sheets in, one just proposed; each named
  brand makes measurable commitments that the records of the demo year keep or miss;
- a share of the year's web ratings and complaints reached the hall through a staff card's QR code.

Signatures and score sheets are made as the people who give them (frappe.set_user), so every
server-side rule of the real thing holds in the demo too; only the dates are moved back afterwards.
"""

from __future__ import annotations

import datetime
import random

import frappe

from gov_hall.demo import DEMO_EMAIL_DOMAIN

SEED = 20261130
DIRECTOR = f"director@{DEMO_EMAIL_DOMAIN}"
OFFICE = f"office@{DEMO_EMAIL_DOMAIN}"
SIGNED_ON = datetime.datetime(2026, 1, 5, 9, 30)
NAMED_ON = datetime.datetime(2026, 1, 20, 15, 0)

# seed 004, 服务承诺
HALL_COMMITMENTS = (
	("Time", "正点服务", "准时上下班；上班时间各项服务随到随办，下班时间未办完的，办完后下班。"),
	("Time", "预约服务", "节假日或非工作时间，服务对象因特殊需要可事前预约，服务中心最大限度满足服务需求。"),
	("Attitude", "热心", "对服务对象热情主动，态度和蔼，不怠慢、不刁难。"),
	("Attitude", "细心", "服务细心、周到，不错乱、不马虎。"),
	("Attitude", "耐心", "对服务对象提出的问题对照政策解答清楚，不厌烦、不冷落。"),
	("Quality", "方便", "从方便服务对象出发，减少中间环节，岗位分工明确，各司其责。"),
	("Quality", "快捷", "各项服务实行限时办理，承诺时限内按时办结。"),
	("Quality", "准确", "严格按照各项规章制度和操作程序提供服务，确保准确无误。"),
)
WINDOW_COMMITMENT = (
	"Quality",
	"窗口服务承诺",
	"本窗口实行首问负责、一次性告知、限时办结；材料齐全的即办件当场办结，承诺件按时办结；接受群众监督。",
)
STAFF_COMMITMENT = (
	"Attitude",
	"个人服务承诺书",
	"本人承诺：挂牌上岗、亮明身份，文明讲好每一句话，热情接待每一个人，准确解答每一个问题，认真办理每一笔业务；不刁难、不推诿、不办人情件。",
)

# (department, brand, concept, measures, commitments, state); commitments: (text, metric, target, param)
BRANDS = (
	(
		"青山县人力资源和社会保障局",
		"真情相助",
		"想群众所想，急群众之所急，把群众的事当作自己的事，诚心诚意为群众排忧解难。",
		"社保、就业业务一窗受理；老弱病残上门服务；每月一次业务培训。",
		(
			("承诺件提前1个工作日办结的不少于六成", "Early Completion Rate", 60, 1),
			("差评5个工作日内回访整改率不低于90%", "Bad Reviews Followed Up in Time", 90, 5),
			("服务满意率不低于94%", "Satisfaction Rate", 94, None),
			("全年属实投诉不超过2件", "Verified Complaints", 2, None),
		),
		"Named",
	),
	(
		"国家税务总局青山县税务局",
		"税情信达",
		"信：诚实守信、数据准确；达：畅通快速、办结及时。",
		"涉税事项清单公开；办税高峰错峰预约；新办企业套餐式服务。",
		(
			("按时办结率不低于95%", "On-Time Completion Rate", 95, None),
			("全年红牌不超过30张", "Red Cards", 30, None),
			("服务满意率不低于95%", "Satisfaction Rate", 95, None),
		),
		"Named",
	),
	(
		"青山县不动产登记中心",
		"一窗通办 安居无忧",
		"交易、缴税、登记一窗受理，让群众只跑一次。",
		"一窗受理、集成服务；抵押登记当日办结；周末预约服务。",
		(
			("一次性告知，全年补正违规不超过3次", "One-Time Notification Violations", 3, None),
			("按时办结率不低于94%", "On-Time Completion Rate", 94, None),
			("全年属实投诉不超过2件", "Verified Complaints", 2, None),
		),
		"Named",
	),
	(
		"青山县市场监督管理局",
		"准入直通车",
		"企业开办一窗通、一日办结，让创业者少跑腿。",
		"企业开办全程网办指导；帮办代办；证照同发。",
		(("企业开办承诺件提前1个工作日办结的不少于六成", "Early Completion Rate", 60, 1),),
		"Under Review",
	),
	(
		"青山县医疗保障局",
		"医保暖心",
		"医保服务有温度，群众办事不折腾。",
		"异地就医备案即时办结；慢特病申报帮办。",
		(("服务满意率不低于98%", "Satisfaction Rate", 98, None),),
		"Proposed",
	),
)
CRITERION_SCORES = {"Named": (17, 20), "Under Review": (15, 19), "Proposed": (14, 18)}
CARD_SHARE = 0.08


def make_demo_brands(hall: str | None = None) -> dict:
	hall = hall or frappe.db.get_single_value("GH Hall Settings", "default_hall")
	if not hall:
		return {}
	rng = random.Random(SEED)
	try:
		counts = {
			"commitments": make_commitments(hall),
			"brands": make_brands(hall, rng),
			"card visits": mark_card_visits(hall, rng),
		}
	finally:
		frappe.set_user("Administrator")
	return counts


def as_user(user: str, fn, *args, **kwargs):
	frappe.set_user(user)
	try:
		return fn(*args, **kwargs)
	finally:
		frappe.set_user("Administrator")


def sign(values: dict, signer: str, signed_on: datetime.datetime = SIGNED_ON) -> str:
	def insert_and_sign():
		doc = frappe.get_doc({"doctype": "GH Commitment", **values})
		doc.insert()
		doc.submit()
		return doc

	doc = as_user(signer, insert_and_sign)
	doc.db_set("signed_on", signed_on, update_modified=False)
	return doc.name


def make_commitments(hall: str) -> int:
	if frappe.db.exists("GH Commitment", {"hall": hall}):
		return 0
	made = 0
	for category, title, content in HALL_COMMITMENTS:
		sign(
			{
				"commitment_for": "Hall",
				"hall": hall,
				"category": category,
				"title": title,
				"content": content,
			},
			DIRECTOR,
		)
		made += 1
	departments = frappe.get_all(
		"GH Stationed Department",
		filters={"hall": hall, "status": "Stationed", "chief_representative": ["is", "set"]},
		fields=["name", "chief_representative"],
		order_by="name",
	)
	category, title, content = WINDOW_COMMITMENT
	for department in departments:
		window = frappe.db.get_value(
			"GH Service Window",
			{"department": department.name, "status": "Active", "hall": hall},
			"name",
			order_by="name",
		)
		if not window:
			continue
		sign(
			{
				"commitment_for": "Window",
				"hall": hall,
				"window": window,
				"category": category,
				"title": title,
				"content": content,
			},
			department.chief_representative,
		)
		made += 1
	category, title, content = STAFF_COMMITMENT
	# the staff working at this hall's windows (a department's staff may serve at a branch hall)
	windows = set(frappe.get_all("GH Service Window", filters={"hall": hall}, pluck="name"))
	staff = frappe.get_all(
		"GH Window Staff",
		filters={"status": "On Site", "window": ["is", "set"]},
		fields=["user", "window"],
		order_by="name",
	)
	for row in (row for row in staff if row.window in windows):
		sign(
			{
				"commitment_for": "Staff",
				"hall": hall,
				"window": row.window,
				"staff": row.user,
				"category": category,
				"title": title,
				"content": content,
			},
			row.user,
		)
		made += 1
	return made


def make_brands(hall: str, rng: random.Random) -> int:
	from frappe.model.workflow import apply_workflow

	if frappe.db.exists("GH Service Brand", {"hall": hall}):
		return 0
	panel = [DIRECTOR, OFFICE, *supervisor_users(hall, 1)]
	made = 0
	for department, brand_name, concept, measures, commitments, state in BRANDS:
		chief = frappe.db.get_value(
			"GH Stationed Department", {"department_name": department, "hall": hall}, "chief_representative"
		)
		if not chief:
			continue
		dept = frappe.db.get_value("GH Stationed Department", {"department_name": department, "hall": hall})
		members = frappe.get_all(
			"GH Window Staff",
			filters={"department": dept, "status": "On Site"},
			pluck="user",
			order_by="name",
			limit=3,
		)
		windows = frappe.get_all(
			"GH Service Window",
			filters={"department": dept, "status": "Active"},
			pluck="name",
			order_by="name",
		)
		values = {
			"doctype": "GH Service Brand",
			"brand_name": brand_name,
			"hall": hall,
			"brand_for": "Department",
			"department": dept,
			"concept": concept,
			"measures": measures,
			"commitments": [
				{"commitment": text, "metric": metric, "target": target, "param": param, "public": 1}
				for text, metric, target, param in commitments
			],
			"members": [{"staff": user} for user in members],
			"windows": [{"window": window} for window in windows[:2]],
		}
		brand = as_user(chief, lambda values=values: frappe.get_doc(values).insert())
		made += 1
		if state == "Proposed":
			continue
		as_user(chief, apply_workflow, brand.as_dict(), "Submit for Review")
		year = 2025 if state == "Named" else 2026
		review = as_user(
			DIRECTOR,
			lambda brand=brand, year=year: frappe.get_doc(
				{
					"doctype": "GH Brand Review",
					"brand": brand.name,
					"review_type": "Naming Review",
					"year": year,
					"panel": [{"reviewer": user} for user in panel],
				}
			).insert(),
		)
		low, high = CRITERION_SCORES[state]
		scorers = panel if state == "Named" else panel[:2]
		for reviewer in scorers:
			as_user(reviewer, score, review.name, rng, low, high)
		if state == "Named":
			as_user(DIRECTOR, decide, review.name, "Named")
			# named at the start of the demo year, after the naming review of 2025
			frappe.db.set_value("GH Brand Review", review.name, "decided_on", NAMED_ON, update_modified=False)
			frappe.db.set_value(
				"GH Service Brand", brand.name, "named_on", NAMED_ON.date(), update_modified=False
			)
	return made


def supervisor_users(hall: str, count: int) -> list[str]:
	return frappe.get_all(
		"GH External Supervisor",
		filters={"hall": hall, "user": ["is", "set"]},
		pluck="user",
		order_by="name",
		limit=count,
	)


def score(review: str, rng: random.Random, low: int, high: int) -> None:
	sheet = frappe.get_doc({"doctype": "GH Brand Score Sheet", "review": review})
	sheet.insert()
	for row in sheet.scores:
		row.score = min(rng.randint(low, high), row.max_score)
	sheet.save()
	sheet.submit()


def decide(review: str, outcome: str) -> None:
	doc = frappe.get_doc("GH Brand Review", review)
	doc.outcome = outcome
	doc.save()
	doc.submit()


def mark_card_visits(hall: str, rng: random.Random) -> int:
	"""A share of the year's web ratings and complaints about a staff member's window came through
	the QR code of a staff card: they carry the card (``via_card``)."""
	cards = dict(
		frappe.get_all(
			"GH Window Staff",
			filters={"hall": hall, "status": "On Site", "public_card": 1, "window": ["is", "set"]},
			fields=["window", "name"],
			as_list=True,
		)
	)
	marked = 0
	ratings = frappe.get_all(
		"GH Service Rating",
		filters={"hall": hall, "channel": "Web", "via_card": ["is", "not set"], "staff": ["is", "set"]},
		fields=["name", "staff"],
	)
	for row in ratings:
		if rng.random() < CARD_SHARE and frappe.db.exists("GH Window Staff", row.staff):
			frappe.db.set_value("GH Service Rating", row.name, "via_card", row.staff, update_modified=False)
			marked += 1
	complaints = frappe.get_all(
		"GH Complaint",
		filters={"hall": hall, "source": "Web", "via_card": ["is", "not set"], "window": ["is", "set"]},
		fields=["name", "window"],
	)
	for row in complaints:
		card = cards.get(row.window)
		if card and rng.random() < CARD_SHARE * 3:
			frappe.db.set_value("GH Complaint", row.name, "via_card", card, update_modified=False)
			marked += 1
	return marked
