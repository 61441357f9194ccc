"""A year of citizen voice for the demo halls: ratings (好差评) with their rectifications and appeals,
external supervisors (监督员), complaints (投诉) and inspections (督查 / 明察暗访).

Built on the demo's cases already in the database, simulated in memory with the app's own rules
and written with bulk inserts, so that every record looks as the controllers in
``gov_hall.voice`` would have left it after a year of work. Supervisors are few and go through
their controller (it gives their users the supervisor role). Idempotent per table: halls that
already have ratings get no ratings (nor rectifications and appeals), and the same for
supervisors, complaints and inspections.
"""

import datetime
import math
import random
from collections import Counter, defaultdict

import frappe

from gov_hall.demo.cases import at, current_series, mobile, person_name, set_series_current
from gov_hall.rules import complaints as complaint_rules
from gov_hall.rules import inspections as inspection_rules
from gov_hall.rules import ratings as rating_rules
from gov_hall.rules.identifiers import mask_mobile
from gov_hall.rules.periods import quarter_of
from gov_hall.setup.roles import HALL_MANAGER, HALL_SUPERVISOR
from gov_hall.utils import clock
from gov_hall.utils.calendar import get_hall_calendar
from gov_hall.utils.clock import now_datetime
from gov_hall.voice.settings import voice_setting

SEED = 20261124
ADMIN = "Administrator"

# ---------------------------------------------------------------------------------------------
# Ratings

RATED_SHARE = 0.45
SECOND_CHANNEL_SHARE = 0.07
REAL_NAME_SHARE = 0.30
WINDOW_VISIT_SHARE = 0.04  # window visits rated without a case, per case rating
LEVEL_WEIGHTS = (70.5, 18.0, 8.0, 2.6, 0.9)  # Very Satisfied .. Very Dissatisfied
CHANNEL_WEIGHTS = {
	rating_rules.WINDOW_EVALUATOR: 67,
	rating_rules.WEB: 17,
	rating_rules.SMS_LINK: 12,
	rating_rules.PHONE_FOLLOW_UP: 4,
}
# an online application is never rated on the hall's window evaluator
ONLINE_CHANNEL_WEIGHTS = {rating_rules.WEB: 55, rating_rules.SMS_LINK: 35, rating_rules.PHONE_FOLLOW_UP: 10}
COMMENTS = {
	rating_rules.VERY_SATISFIED: [
		"办事效率高，工作人员很耐心",
		"一次就办好了，点赞！",
		"服务热情周到，解释得很清楚",
		"不用跑第二趟，非常方便",
		"窗口人员业务熟练，态度好",
		"帮办代办很贴心，谢谢",
	],
	rating_rules.SATISFIED: [
		"整体不错，等候时间稍长",
		"办理顺利",
		"工作人员挺耐心的",
		"流程清楚，指引到位",
	],
	rating_rules.BASICALLY_SATISFIED: [
		"排队时间有点长",
		"材料要求最好提前一次说清楚",
		"办是办好了，就是跑了两趟",
		"取号机不太好用",
	],
	rating_rules.DISSATISFIED: [
		"等了很久才叫号",
		"工作人员态度冷淡，问话爱答不理",
		"材料一次没说清楚，来回跑了好几趟",
		"窗口中途离岗，等了半小时",
		"咨询电话一直打不通",
	],
	rating_rules.VERY_DISSATISFIED: [
		"态度恶劣，很不耐烦",
		"推来推去，没人负责",
		"工作人员玩手机，不理人",
	],
}
LATE_COMMENTS = ["超过承诺时间才办好", "说好的时间一拖再拖", "拖了很久都没办结，打电话也没人接"]
COMMENT_SHARE = {
	rating_rules.VERY_SATISFIED: 0.25,
	rating_rules.SATISFIED: 0.2,
	rating_rules.BASICALLY_SATISFIED: 0.45,
	rating_rules.DISSATISFIED: 0.85,
	rating_rules.VERY_DISSATISFIED: 0.95,
}

# ---------------------------------------------------------------------------------------------
# Rectifications and appeals

VERIFICATIONS = {"Confirmed": 45, "Partly Confirmed": 30, "Not Confirmed": 25}
HANDLING_NOTES = {
	"Rectified": [
		"已对窗口工作人员进行批评教育，在部门例会上通报，要求改进服务态度",
		"已优化该事项内部流转环节，压缩审批时间",
		"已向申请人当面致歉并加快办理",
		"已调整窗口排班，高峰时段增开窗口并安排导办人员",
		"已完善一次性告知清单，避免群众多跑",
	],
	"Explained": [
		"经核实，办理用时在承诺时限内，已向申请人解释相关规定",
		"经调取监控，工作人员言行规范，已向申请人说明情况",
		"因系统故障导致等候时间较长，已向申请人解释并致歉",
		"申请材料不符合法定要求，已向申请人说明补正依据",
	],
}
FOLLOW_UP_RESULTS = {"Satisfied": 47, "Basically Satisfied": 33, "Dissatisfied": 12, "Unreachable": 8}
FOLLOW_UP_NOTES = {
	"Satisfied": ["回访时申请人表示对整改结果满意", "申请人对处理结果表示认可，感谢回访"],
	"Basically Satisfied": ["申请人表示基本认可处理结果", "申请人认可解释，希望进一步缩短等候时间"],
	"Dissatisfied": ["申请人对处理结果仍不满意，已记录意见并报中心领导", "申请人坚持原评价，已做好解释工作"],
	"Unreachable": ["三次拨打电话均未接通", "电话已停机，无法回访"],
}
APPEAL_REASONS = {
	"Malicious Review": [
		"申请人因不符合办理条件未获受理，系情绪性差评；窗口办理全程合规，有监控录像为证",
		"评价人与窗口发生争执后故意给出差评，办理过程符合规定",
	],
	"Mistaken Review": [
		"评价人误按评价器按键，当场已口头表示满意，有监控录像为证",
		"评价人系代办人员，误将其他部门的服务体验评价到本窗口",
	],
	"Outside Our Responsibility": [
		"差评内容针对停车场收费问题，不属于窗口服务范围",
		"差评针对的是上级部门系统故障，窗口无法处理",
	],
}
APPEAL_DECISIONS = {
	"Upheld": "经调取监控和办件记录核实，申诉理由成立，该评价不计入考核",
	"Dismissed": "申诉理由不充分，评价有效，请按期完成整改",
}
APPEAL_SHARE = 0.05
PENDING_APPEALS = 2
UPHELD_SHARE = 0.4

# ---------------------------------------------------------------------------------------------
# Supervisors

SUPERVISOR_MIX = (
	["People's Congress Deputy"] * 5
	+ ["CPPCC Member"] * 5
	+ ["Journalist"] * 3
	+ ["Enterprise Representative"] * 7
	+ ["Citizen"] * 10
)
# the first of each of these gets a user and records inspections and complaints in the desk
SUPERVISOR_USER_KINDS = ("People's Congress Deputy", "Journalist", "Citizen")
ORGANISATIONS = {
	"People's Congress Deputy": [
		"青山县人大代表（城关镇代表团）",
		"青山县人大代表（石桥镇代表团）",
		"青山县人大代表（青禾乡代表团）",
	],
	"CPPCC Member": [
		"青山县政协委员（工商联界别）",
		"青山县政协委员（教育界别）",
		"青山县政协委员（农业界别）",
		"青山县政协委员（医药卫生界别）",
	],
	"Journalist": ["青山县融媒体中心", "青山日报社", "湖南日报社驻青山记者站"],
	"Citizen": ["城关镇东门社区居民", "城关镇西街社区居民", "石桥镇石桥村村民", "退休教师", "个体工商户"],
}

# ---------------------------------------------------------------------------------------------
# Complaints

CASES_PER_COMPLAINT = 150
RECENT_COMPLAINT_SHARE = 0.1  # complaints still on their way through the workflow
RECENT_DAYS = 12
COMPLAINT_SOURCES = {
	"Complaint Box": 14,
	"Hotline": 26,
	"Web": 20,
	"Supervisor": 8,
	"Walk-in": 22,
	"Letter": 10,
}
COMPLAINT_CATEGORIES = {
	"Service Attitude": 36,
	"Efficiency": 31,
	complaint_rules.INTEGRITY: 10,
	"Competence": 12,
	"Facilities": 7,
	"Other": 4,
}
ANONYMOUS_SHARE = {
	"Complaint Box": 0.8,
	"Hotline": 0.35,
	"Web": 0.65,
	"Supervisor": 0.0,
	"Walk-in": 0.2,
	"Letter": 0.7,
}
VERIFICATION_RESULTS = {
	complaint_rules.SUBSTANTIATED: 35,
	complaint_rules.PARTLY_SUBSTANTIATED: 20,
	complaint_rules.UNSUBSTANTIATED: 45,
}
COMPLAINT_TEXTS = {
	"Service Attitude": [
		"窗口工作人员态度生硬，询问材料要求时很不耐烦",
		"工作人员边办业务边玩手机，对群众爱理不理",
		"咨询时被工作人员大声呵斥，感觉很不受尊重",
	],
	"Efficiency": [
		"提交材料后超过承诺时限仍未办结，也没人告知原因",
		"同一事项来回跑了三趟才办好，每次要求都不一样",
		"排队两个多小时，窗口只开了一个",
	],
	complaint_rules.INTEGRITY: [
		"工作人员暗示可以找人加急办理，需要另外给钱",
		"窗口人员推荐指定中介代办并收取费用",
	],
	"Competence": [
		"工作人员对政策不熟悉，前后说法不一致",
		"系统操作不熟练，办一件事用了一个多小时",
	],
	"Facilities": [
		"大厅自助服务机经常故障，无人维修",
		"取号机无法使用，也没有人引导",
		"无障碍通道被杂物占用，轮椅无法通行",
	],
	"Other": ["办事指南与窗口实际要求不一致", "午休时间窗口无人值守，也没有公示"],
}
STAFF_DESCRIPTIONS = ["戴眼镜的女工作人员", "年轻男工作人员", "中年女工作人员", "工号牌看不清的男工作人员"]
INVESTIGATION_NOTES = {
	complaint_rules.SUBSTANTIATED: "调取监控录像并约谈当事工作人员及部门首席代表，投诉反映情况属实",
	complaint_rules.PARTLY_SUBSTANTIATED: "调取监控录像和办件记录，投诉反映的部分情况属实，其余情况与记录不符",
	complaint_rules.UNSUBSTANTIATED: "调取监控录像和办件记录，未发现投诉反映的情况，办理过程符合规定",
}
REPLIES = {
	complaint_rules.SUBSTANTIATED: "经调查，您反映的问题属实。中心已对相关人员批评教育并扣减考核分，感谢您的监督。",
	complaint_rules.PARTLY_SUBSTANTIATED: "经调查，您反映的问题部分属实，中心已责成相关窗口整改并加强业务培训。",
	complaint_rules.UNSUBSTANTIATED: "经调取监控录像和办件记录核实，您反映的问题不属实，办理过程符合规定。如有疑问请拨打监督电话。",
}

# ---------------------------------------------------------------------------------------------
# Inspections

INSPECTIONS_PER_QUARTER = 2
NORM_FINDINGS = {
	"N01": ["未佩戴工作牌", "着装不规范，穿拖鞋上岗"],
	"N02": ["群众到窗口时未主动问候"],
	"N03": ["与群众沟通时语气生硬", "在窗口大声接打私人电话"],
	"N04": ["下班后未关闭电脑和空调"],
	"N05": ["窗口台面杂乱，资料堆放无序"],
	"N06": ["群众咨询时以“不归我管”推诿"],
	"N07": ["上班时间在窗口吃零食"],
	"N08": ["上班时间离岗15分钟未放置暂离牌", "迟到10分钟"],
	"N09": ["一次性告知内容不完整", "办件资料未按要求归档"],
	"N10": ["窗口抽屉内存放申请人赠送的购物卡"],
}
CORRECTIONS = [
	"限期整改，整改情况书面报中心督查科",
	"立即整改，并在部门例会上作出说明",
	"加强业务培训，中心将进行复查",
]
CORRECTION_DAYS = 5


def make_demo_voice(seed: int = SEED, halls: list[str] | None = None, supervisors: int = 30) -> dict:
	"""Ratings, rectifications, appeals, supervisors, complaints and inspections for the demo halls
	(or ``halls``), each only where the halls have none yet. Returns how many of each were made."""
	from gov_hall.demo import load_catalog

	names = halls or [hall["hall_name"] for hall in load_catalog()["halls"]]
	counts = dict.fromkeys(
		("ratings", "rectifications", "appeals", "supervisors", "complaints", "inspections"), 0
	)
	year = VoiceYear(names, random.Random(seed))
	if not year.halls:
		return counts
	if not year.has("GH Service Rating"):
		counts.update(make_ratings(year))
	if not year.has("GH External Supervisor"):
		counts["supervisors"] = make_supervisors(year, supervisors)
	year.load_supervisors()
	if not year.has("GH Complaint"):
		counts["complaints"] = make_complaints(year)
	if not year.has("GH Inspection"):
		counts["inspections"] = make_inspections(year)
	return counts


class VoiceYear:
	"""The halls, their people and their year of cases, read once, set-based."""

	def __init__(self, hall_names: list[str], rng: random.Random):
		self.rng = rng
		self.today = clock.today()
		self.now = now_datetime()
		self.halls = frappe.get_all(
			"GH Service Hall",
			filters={"name": ["in", hall_names or [""]]},
			fields=["name", "hall_code", "hall_level"],
			order_by="name asc",
		)
		self.hall_names = [hall.name for hall in self.halls] or [""]
		self.calendars = {hall.name: get_hall_calendar(hall.name) for hall in self.halls}
		self.cases = frappe.get_all(
			"GH Case",
			filters={"hall": ["in", self.hall_names], "status": "Completed", "completed_on": ["is", "set"]},
			fields=[
				"name",
				"hall",
				"department",
				"window",
				"matter",
				"handler",
				"first_responder",
				"channel",
				"applicant_type",
				"applicant_name",
				"contact_person",
				"mobile",
				"received_on",
				"completed_on",
				"completed_on_time",
			],
			order_by="name asc",
		)
		self.case_count = frappe.db.count("GH Case", {"hall": ["in", self.hall_names]})
		first = min((case.received_on for case in self.cases), default=None)
		self.start = first.date() if first else self.today - datetime.timedelta(days=365)
		self.cards = {}
		for card in frappe.get_all(
			"GH Supervision Card", filters={"hall": ["in", self.hall_names]}, fields=["case", "level"]
		):
			if self.cards.get(card.case) != "Red":
				self.cards[card.case] = card.level
		self.windows = frappe.get_all(
			"GH Service Window",
			filters={"hall": ["in", self.hall_names], "status": "Active"},
			fields=["name", "hall", "department"],
			order_by="name asc",
		)
		self.window_by_name = {window.name: window for window in self.windows}
		self.staff = frappe.get_all(
			"GH Window Staff",
			filters={"hall": ["in", self.hall_names], "status": "On Site"},
			fields=["user", "hall", "department", "window"],
			order_by="user asc",
		)
		self.staff_by_user = {row.user: row for row in self.staff}
		self.staff_by_window = defaultdict(list)
		for row in self.staff:
			if row.window:
				self.staff_by_window[row.window].append(row.user)
		users = {row.user for row in self.staff} | {c.handler or c.first_responder for c in self.cases}
		users.discard(None)
		self.full_names = dict(
			frappe.get_all(
				"User",
				filters={"name": ["in", sorted(users) or [""]]},
				fields=["name", "full_name"],
				as_list=True,
			)
		)
		self.chiefs = dict(
			frappe.get_all("GH Stationed Department", fields=["name", "chief_representative"], as_list=True)
		)
		self.managers = self.load_managers()
		self.pick_weak_spots()
		self.supervisors = []

	def has(self, doctype: str) -> bool:
		return bool(frappe.db.exists(doctype, {"hall": ["in", self.hall_names]}))

	def load_managers(self) -> list[str]:
		has_role = frappe.qb.DocType("Has Role")
		user = frappe.qb.DocType("User")
		managers = (
			frappe.qb.from_(has_role)
			.join(user)
			.on(has_role.parent == user.name)
			.select(user.name)
			.distinct()
			.where(has_role.role == HALL_MANAGER)
			.where(has_role.parenttype == "User")
			.where(user.enabled == 1)
			.where(user.name.notin([ADMIN, "Guest"]))
			.run(pluck=True)
		)
		return sorted(managers) or [ADMIN]

	def pick_weak_spots(self) -> None:
		"""A few windows and staff rated noticeably worse (and a few better), so rankings differ."""
		rng = self.rng
		by_window = Counter(case.window for case in self.cases if case.window)
		by_staff = Counter(case.handler or case.first_responder for case in self.cases)
		busy_windows = sorted(w for w, n in by_window.items() if n >= 20)
		busy_staff = sorted(s for s, n in by_staff.items() if s and n >= 20)
		self.weak_windows = set(rng.sample(busy_windows, k=min(3, len(busy_windows) // 4)))
		staff = rng.sample(busy_staff, k=min(10, len(busy_staff) // 3))
		self.weak_staff, self.good_staff = set(staff[:5]), set(staff[5:])

	def unease(self, window: str | None, staff: str | None) -> float:
		"""How much more likely than usual a bad experience is at this window with this person."""
		factor = 1.0
		if window in self.weak_windows:
			factor *= 3.0
		if staff in self.weak_staff:
			factor *= 3.5
		elif staff in self.good_staff:
			factor *= 0.3
		return factor

	def staff_name(self, user: str | None) -> str | None:
		return self.full_names.get(user) if user else None

	def manager(self) -> str:
		return self.rng.choice(self.managers)

	def working_days(self, hall: str, first: datetime.date, last: datetime.date) -> list[datetime.date]:
		return self.calendars[hall].working_days_in(first, last) if first <= last else []

	def load_supervisors(self) -> None:
		self.supervisors = frappe.get_all(
			"GH External Supervisor",
			filters={"hall": ["in", self.hall_names], "status": "Active"},
			fields=["name", "full_name", "hall", "user", "mobile"],
			order_by="name asc",
		)


# ---------------------------------------------------------------------------------------------
# Ratings, rectifications, appeals


def make_ratings(year: VoiceYear) -> dict:
	rng = year.rng
	ratings = []
	for case in year.cases:
		if rng.random() >= RATED_SHARE:
			continue
		weights = ONLINE_CHANNEL_WEIGHTS if case.channel == "Online" else CHANNEL_WEIGHTS
		channels = [rng.choices(list(weights), weights=list(weights.values()))[0]]
		if rng.random() < SECOND_CHANNEL_SHARE:
			others = [c for c in weights if c not in channels]
			channels.append(rng.choices(others, weights=[weights[c] for c in others])[0])
		level = None
		for channel in channels:
			# a second channel mostly repeats the first verdict
			level = level if level and rng.random() < 0.7 else case_level(year, case)
			rating = case_rating(year, case, channel, level)
			if rating:
				ratings.append(rating)
	visits = round(len(ratings) * WINDOW_VISIT_SHARE)
	for _ in range(visits if year.windows else 0):
		ratings.append(window_visit_rating(year))
	ratings.sort(key=lambda row: (row["rated_on"], row.get("case") or ""))
	name_rows(ratings, "RT", lambda row: row["rated_on"], 7)
	rectifications = make_rectifications(year, ratings)
	appeals = make_appeals(year, ratings, rectifications)
	bulk("GH Service Rating", ratings)
	bulk("GH Rectification", rectifications)
	bulk("GH Rating Appeal", appeals)
	for prefix, rows in (("RT", ratings), ("RC", rectifications), ("AP", appeals)):
		move_series(prefix, rows)
	return {"ratings": len(ratings), "rectifications": len(rectifications), "appeals": len(appeals)}


def case_level(year: VoiceYear, case) -> str:
	staff = case.handler or case.first_responder
	factor = year.unease(case.window, staff)
	card = year.cards.get(case.name)
	if card == "Red" or not case.completed_on_time:
		factor *= 6.0
	elif card == "Yellow":
		factor *= 1.5
	return pick_level(year.rng, factor)


def pick_level(rng: random.Random, factor: float) -> str:
	weights = list(LEVEL_WEIGHTS)
	weights[2] *= math.sqrt(factor)
	weights[3] *= factor
	weights[4] *= factor
	return rng.choices(rating_rules.LEVELS, weights=weights)[0]


def rated_at(year: VoiceYear, case, channel: str) -> datetime.datetime:
	rng = year.rng
	done = case.completed_on
	if channel == rating_rules.WINDOW_EVALUATOR:
		return done + datetime.timedelta(minutes=rng.randint(1, 20), seconds=rng.randrange(60))
	if channel == rating_rules.PHONE_FOLLOW_UP:
		day = year.calendars[case.hall].add_working_days(done.date(), rng.randint(2, 7))
		return at(day, rng, 9, 17)
	day = done.date() + datetime.timedelta(days=rng.choice([0, 0, 1, 1, 2, 3]))
	return max(at(day, rng, 8, 22), done + datetime.timedelta(minutes=5))


def comment_for(rng: random.Random, level: str, late: bool) -> str | None:
	if rng.random() >= COMMENT_SHARE[level]:
		return None
	if late and level in rating_rules.BAD_LEVELS and rng.random() < 0.7:
		return rng.choice(LATE_COMMENTS)
	return rng.choice(COMMENTS[level])


def case_rating(year: VoiceYear, case, channel: str, level: str) -> dict | None:
	rng = year.rng
	rated_on = rated_at(year, case, channel)
	if rated_on > year.now:
		return None
	staff = case.handler or case.first_responder
	real_name = rng.random() < (0.5 if channel == rating_rules.PHONE_FOLLOW_UP else REAL_NAME_SHARE)
	# the web page and the SMS link ask for a name only; the hall's evaluator and phone know the number
	with_mobile = real_name and channel in (rating_rules.WINDOW_EVALUATOR, rating_rules.PHONE_FOLLOW_UP)
	rater = (
		(case.contact_person or person_name(rng)) if case.applicant_type == "Company" else case.applicant_name
	)
	late = year.cards.get(case.name) == "Red" or not case.completed_on_time
	return rating_row(
		year,
		rating_for=rating_rules.CASE,
		case=case.name,
		level=level,
		channel=channel,
		rated_on=rated_on,
		hall=case.hall,
		department=case.department,
		window=case.window,
		staff=staff,
		matter=case.matter,
		rater=rater if real_name else None,
		rater_mobile=case.mobile if with_mobile else None,
		comment=comment_for(rng, level, late),
		_case_mobile=case.mobile,
	)


def window_visit_rating(year: VoiceYear) -> dict:
	rng = year.rng
	window = rng.choice(year.windows)
	staff = rng.choice(year.staff_by_window.get(window.name) or [None])
	department, hall = window.department, window.hall
	if staff:  # the staff member's own department and hall, the window kept
		department = year.staff_by_user[staff].department or department
		hall = year.staff_by_user[staff].hall or hall
	days = year.working_days(hall, year.start, year.today - datetime.timedelta(days=1))
	level = pick_level(rng, year.unease(window.name, staff))
	real_name = rng.random() < REAL_NAME_SHARE
	return rating_row(
		year,
		rating_for=rating_rules.WINDOW_VISIT,
		case=None,
		level=level,
		channel=rating_rules.WINDOW_EVALUATOR,
		rated_on=at(rng.choice(days), rng),
		hall=hall,
		department=department,
		window=window.name,
		staff=staff,
		matter=None,
		rater=person_name(rng) if real_name else None,
		rater_mobile=mobile(rng) if real_name else None,
		comment=comment_for(rng, level, False),
	)


def rating_row(year: VoiceYear, rater: str | None, rater_mobile: str | None, **values) -> dict:
	level = values["level"]
	return {
		**values,
		"score": rating_rules.score(level),
		"is_bad_review": int(rating_rules.is_bad(level)),
		"staff_name": year.staff_name(values["staff"]),
		"is_real_name": int(bool(rater)),
		"rater_name": rater,
		"rater_mobile": rater_mobile,
		"rater_mobile_masked": mask_mobile(rater_mobile) if rater_mobile else None,
		"status": "Valid",
		"counts_in_scores": 1,
		"rectification": None,
		"creation": values["rated_on"],
	}


def make_rectifications(year: VoiceYear, ratings: list[dict]) -> list[dict]:
	"""One per bad review, as open_rectification makes it, then worked as the hall would."""
	limit = voice_setting("rectification_limit_days")
	rows = []
	for rating in ratings:
		if not rating["is_bad_review"]:
			continue
		calendar = year.calendars[rating["hall"]]
		opened = rating["rated_on"].date()
		real_name = bool(rating["is_real_name"])
		row = {
			"rating": rating["name"],
			"level": rating["level"],
			"case": rating["case"],
			"opened_on": opened,
			"due_date": calendar.add_working_days(opened, limit),
			"hall": rating["hall"],
			"department": rating["department"],
			"window": rating["window"],
			"staff": rating["staff"],
			"staff_name": rating["staff_name"],
			"comment": rating["comment"],
			"follow_up_required": int(real_name),
			"contact_name": rating["rater_name"] if real_name else None,
			"contact_mobile": (rating["rater_mobile"] or rating.get("_case_mobile")) if real_name else None,
			"creation": datetime.datetime.combine(opened, rating["rated_on"].time()),
		}
		work_rectification(year, row, calendar, limit)
		rows.append(row)
	name_rows(rows, "RC", lambda row: row["opened_on"], 5)
	by_rating = {row["rating"]: row["name"] for row in rows}
	for rating in ratings:
		if rating["is_bad_review"]:
			rating["rectification"] = by_rating[rating["name"]]
	return rows


def work_rectification(year: VoiceYear, row: dict, calendar, limit: int) -> None:
	rng = year.rng
	yesterday = year.today - datetime.timedelta(days=1)
	# most are handled within the limit, some late, a few left lying
	if rng.random() < 0.03:
		took = None
	elif rng.random() < 0.1:
		took = limit + rng.randint(1, 8)
	else:
		took = rng.randint(1, limit)
	handled = calendar.add_working_days(row["opened_on"], took) if took is not None else None
	last = row["creation"]
	if handled and handled <= yesterday:
		verification = rng.choices(list(VERIFICATIONS), weights=list(VERIFICATIONS.values()))[0]
		rectified = verification == "Confirmed" or (verification == "Partly Confirmed" and rng.random() < 0.7)
		handling = "Rectified" if rectified else "Explained"
		row.update(
			verification=verification,
			handling=handling,
			handling_notes=rng.choice(HANDLING_NOTES[handling]),
			handled_on=handled,
			handled_by=year.chiefs.get(row["department"]) or year.manager(),
			handled_in_time=int(handled <= row["due_date"]),
		)
		last = at(handled, rng)
		# follow-up calls are made in weekly rounds
		followed = calendar.add_working_days(handled, rng.randint(2, 10))
		if row["follow_up_required"] and followed <= yesterday:
			result = rng.choices(list(FOLLOW_UP_RESULTS), weights=list(FOLLOW_UP_RESULTS.values()))[0]
			row.update(
				follow_up_result=result,
				follow_up_notes=rng.choice(FOLLOW_UP_NOTES[result]),
				followed_up_on=followed,
				followed_up_by=year.manager(),
			)
			last = at(followed, rng)
	row["status"] = rectification_status(row)
	row["is_overdue"] = int(row["status"] == "Open" and year.today > row["due_date"])
	row["modified"] = max(last, row["creation"])


def rectification_status(row: dict) -> str:
	"""gov_hall.voice.rectification.current_status on a plain row."""
	from gov_hall.voice.rectification import current_status

	return current_status(frappe._dict(row))


def make_appeals(year: VoiceYear, ratings: list[dict], rectifications: list[dict]) -> list[dict]:
	"""About one bad review in twenty is appealed; most are decided, a couple still pending."""
	rng = year.rng
	bad = [r for r in ratings if r["is_bad_review"]]
	if not bad:
		return []
	wanted = max(1, round(len(bad) * APPEAL_SHARE))
	recent_from = year.today - datetime.timedelta(days=20)
	recent = [r for r in bad if recent_from <= r["rated_on"].date() < year.today]
	older = [r for r in bad if r["rated_on"].date() < recent_from - datetime.timedelta(days=10)]
	pending = rng.sample(recent, k=min(PENDING_APPEALS, len(recent), wanted))
	decided = rng.sample(older, k=min(max(wanted - len(pending), 0), len(older)))
	rectification_of = {row["name"]: row for row in rectifications}
	still_pending = {rating["name"] for rating in pending}
	rows = []
	for rating in pending + decided:
		calendar = year.calendars[rating["hall"]]
		reason = rng.choice(list(APPEAL_REASONS))
		filed = min(
			calendar.add_working_days(rating["rated_on"].date(), rng.randint(1, 3)),
			year.today - datetime.timedelta(days=1),
		)
		filed_at = max(at(filed, rng), rating["rated_on"] + datetime.timedelta(minutes=30))
		row = {
			"rating": rating["name"],
			"reason": reason,
			"explanation": rng.choice(APPEAL_REASONS[reason]),
			"status": "Pending",
			"hall": rating["hall"],
			"department": rating["department"],
			"window": rating["window"],
			"staff": rating["staff"],
			"creation": filed_at,
			"modified": filed_at,
		}
		if rating["name"] in still_pending:
			rating["status"] = "Under Appeal"
		else:
			status = "Upheld" if rng.random() < UPHELD_SHARE else "Dismissed"
			decided_on = calendar.add_working_days(filed, rng.randint(2, 6))
			row.update(
				status=status,
				decision_notes=APPEAL_DECISIONS[status],
				decided_by=year.manager(),
				decided_on=decided_on,
				modified=at(decided_on, rng),
			)
			if status == "Upheld":
				rating.update(status="Excluded", counts_in_scores=0)
				rectification = rectification_of[rating["rectification"]]
				rectification.update(status="Appeal Upheld", is_overdue=0)
		rows.append(row)
	rows.sort(key=lambda row: row["creation"])
	name_rows(rows, "AP", lambda row: row["creation"], 5)
	return rows


# ---------------------------------------------------------------------------------------------
# Supervisors


def make_supervisors(year: VoiceYear, count: int) -> int:
	"""Supervisors chosen among the hall's frequent visitors and representatives (seed 000), appointed
	for two years from before the demo year; a few with a user to record their own inspections."""
	from gov_hall.demo import DEMO_EMAIL_DOMAIN

	rng = year.rng
	kinds = SUPERVISOR_MIX[:count] + ["Citizen"] * max(0, count - len(SUPERVISOR_MIX))
	citizens = frequent_visitors(year, "Person")
	companies = frequent_visitors(year, "Company")
	county = [h.name for h in year.halls if h.hall_level == "County Hall"] or year.hall_names
	branches = [h.name for h in year.halls if h.name not in county]
	appointed_from = (year.start - datetime.timedelta(days=30)).replace(day=1)
	appointed_to = appointed_from.replace(year=appointed_from.year + 2) - datetime.timedelta(days=1)
	if appointed_to < year.today:
		appointed_to = year.today.replace(month=12, day=31)
	made = 0
	with_user = [kinds.index(kind) for kind in SUPERVISOR_USER_KINDS if kind in kinds]
	for index, kind in enumerate(kinds):
		visitor = None
		if kind == "Citizen" and citizens:
			visitor = citizens.pop(0)
		elif kind == "Enterprise Representative" and companies:
			visitor = companies.pop(0)
		if kind == "Enterprise Representative":
			full_name = (visitor and visitor.contact_person) or person_name(rng)
			organisation = visitor.applicant_name if visitor else "青山恒达商贸有限公司"
		else:
			full_name = visitor.applicant_name if visitor else person_name(rng)
			organisation = rng.choice(ORGANISATIONS[kind])
		phone = visitor.mobile if visitor else mobile(rng)
		# every few in a branch hall, the rest in the county hall
		hall = branches[index % len(branches)] if branches and index % 5 == 4 else county[index % len(county)]
		user = supervisor_user(full_name, DEMO_EMAIL_DOMAIN) if index in with_user else None
		visits = f"本年度来厅办件{visitor.visits}件" if visitor else None
		frappe.get_doc(
			{
				"doctype": "GH External Supervisor",
				"full_name": full_name,
				"supervisor_type": kind,
				"organisation": organisation,
				"hall": hall,
				"appointed_from": appointed_from,
				"appointed_to": appointed_to,
				"mobile": phone,
				"email": user,
				"user": user,
				"notes": "；".join(filter(None, ["政务服务“好差评”社会监督员", visits])),
			}
		).insert(ignore_permissions=True)
		made += 1
	return made


def frequent_visitors(year: VoiceYear, applicant_type: str) -> list:
	"""Applicants (people, or companies with their contact person) seen most often in the year."""
	seen = defaultdict(list)
	for case in year.cases:
		if case.applicant_type == applicant_type and case.applicant_name:
			seen[case.applicant_name].append(case)
	ranked = sorted(seen.items(), key=lambda item: (-len(item[1]), item[0]))
	visitors = []
	for name, cases in ranked[:20]:
		last = cases[-1]
		visitors.append(
			frappe._dict(
				applicant_name=name, contact_person=last.contact_person, mobile=last.mobile, visits=len(cases)
			)
		)
	return visitors


def supervisor_user(full_name: str, domain: str) -> str:
	"""The first supervisorNN address no supervisor is linked to yet (a user links to one only)."""
	taken = set(frappe.get_all("GH External Supervisor", filters={"user": ["is", "set"]}, pluck="user"))
	number = 1
	while f"supervisor{number:02d}@{domain}" in taken:
		number += 1
	email = f"supervisor{number:02d}@{domain}"
	if frappe.db.exists("User", email):
		return email
	user = frappe.get_doc(
		{
			"doctype": "User",
			"email": email,
			"first_name": full_name,
			"language": "zh",
			"send_welcome_email": 0,
			"user_type": "System User",
			"roles": [{"role": HALL_SUPERVISOR}],
		}
	)
	user.flags.no_welcome_mail = True
	user.insert(ignore_permissions=True)
	return email


# ---------------------------------------------------------------------------------------------
# Complaints


def make_complaints(year: VoiceYear) -> int:
	rng = year.rng
	if not year.cases:
		return 0
	wanted = max(1, round(year.case_count / CASES_PER_COMPLAINT))
	# troubled windows and people draw more complaints
	weights = [year.unease(c.window, c.handler or c.first_responder) for c in year.cases]
	known_codes = set(
		frappe.get_all("GH Complaint", filters={"tracking_code": ["is", "set"]}, pluck="tracking_code")
	)
	recent_from = year.today - datetime.timedelta(days=RECENT_DAYS)
	recent = [(c, w) for c, w in zip(year.cases, weights, strict=True) if c.received_on.date() >= recent_from]
	fresh = min(len(recent), round(wanted * RECENT_COMPLAINT_SHARE))
	picked = [(case, False) for case in rng.choices(year.cases, weights=weights, k=wanted - fresh)]
	if fresh:
		cases, case_weights = zip(*recent, strict=True)
		picked += [(case, True) for case in rng.choices(cases, weights=case_weights, k=fresh)]
	rows = []
	for case, soon in picked:
		row = complaint_row(year, case, soon)
		if row:
			row["tracking_code"] = tracking_code(known_codes)
			rows.append(row)
	rows.sort(key=lambda row: row["received_on"])
	name_rows(rows, "CP", lambda row: row["received_on"], 5)
	bulk("GH Complaint", rows)
	move_series("CP", rows)
	return len(rows)


def tracking_code(known: set) -> str:
	while True:
		code = complaint_rules.new_tracking_code()
		if code not in known:
			known.add(code)
			return code


def complaint_row(year: VoiceYear, case, soon: bool = False) -> dict | None:
	rng = year.rng
	calendar = year.calendars[case.hall]
	yesterday = year.today - datetime.timedelta(days=1)
	visited = case.received_on.date()
	later = rng.randint(0, 3) if soon else rng.randint(0, 12)
	received = calendar.next_working_day(visited + datetime.timedelta(days=later), include_today=True)
	if received > yesterday:
		received = visited
	source = rng.choices(list(COMPLAINT_SOURCES), weights=list(COMPLAINT_SOURCES.values()))[0]
	supervisor = None
	if source == "Supervisor":
		supervisor = pick_supervisor(year, case.hall)
		if not supervisor:
			source = "Walk-in"
	category = rng.choices(list(COMPLAINT_CATEGORIES), weights=list(COMPLAINT_CATEGORIES.values()))[0]
	subject = complaint_subject(rng, category)
	staff = case.handler or case.first_responder
	if subject != "Hall" and not case.window:
		subject = "Hall"
	if subject == "Staff" and (not staff or source == "Web"):
		subject = (
			"Staff" if source == "Web" else "Window"
		)  # a website complaint describes, never names, staff
	anonymous = rng.random() < ANONYMOUS_SHARE[source]
	row = {
		"source": source,
		"supervisor": supervisor.name if supervisor else None,
		"category": category,
		"subject_type": subject,
		"description": rng.choice(COMPLAINT_TEXTS[category]),
		"hall": case.hall,
		"department": None,
		"window": None,
		"staff": None,
		"staff_name": None,
		"staff_description": None,
		"case": None,
		"is_anonymous": int(anonymous),
		"received_on": at(received, rng, 8, 18),
		"status": "Received",
		"deduction_points": 0,
	}
	linked = subject != "Hall" and source != "Web" and rng.random() < 0.45
	row["occurred_on"] = visited if linked or rng.random() < 0.85 else None
	if subject in ("Window", "Staff"):
		window = year.window_by_name.get(case.window)
		row.update(window=case.window, department=window.department if window else case.department)
		if subject == "Staff" and source != "Web":
			member = year.staff_by_user.get(staff)
			row.update(
				staff=staff,
				staff_name=year.staff_name(staff),
				department=(member and member.department) or row["department"],
				hall=(member and member.hall) or row["hall"],
			)
		elif subject == "Staff" or rng.random() < 0.2:
			row["staff_description"] = rng.choice(STAFF_DESCRIPTIONS)
		if linked:
			row["case"] = case.name
	if supervisor:
		row.update(complainant_name=supervisor.full_name, complainant_mobile=supervisor.mobile)
	elif not anonymous:
		phone = case.mobile if linked else mobile(rng)
		row.update(
			complainant_name=case.applicant_name
			if linked and case.applicant_type == "Person"
			else person_name(rng),
			complainant_mobile=phone if source != "Letter" or rng.random() < 0.5 else None,
		)
	if row.get("complainant_mobile"):
		row["complainant_mobile_masked"] = mask_mobile(row["complainant_mobile"])
	row["reply_due_date"] = calendar.add_working_days(received, voice_setting("complaint_reply_limit_days"))
	work_complaint(year, row, calendar, received, yesterday)
	return row


def complaint_subject(rng: random.Random, category: str) -> str:
	if category == "Facilities":
		return "Hall" if rng.random() < 0.85 else "Window"
	if category == "Other":
		return rng.choice(["Hall", "Window"])
	if category == complaint_rules.INTEGRITY:
		return "Staff" if rng.random() < 0.8 else "Window"
	return rng.choices(["Window", "Staff", "Hall"], weights=[48, 44, 8])[0]


def pick_supervisor(year: VoiceYear, hall: str):
	own = [s for s in year.supervisors if s.hall == hall]
	return year.rng.choice(own or year.supervisors) if year.supervisors else None


def work_complaint(year: VoiceYear, row: dict, calendar, received: datetime.date, last_day) -> None:
	"""Walk the complaint through the workflow as far as the days allow, recording each stage as
	gov_hall.voice.complaints.record_stage does."""
	rng = year.rng
	assigned = calendar.add_working_days(received, rng.choice([0, 0, 1]))
	investigating = calendar.add_working_days(assigned, rng.choice([0, 1, 1]))
	verified = calendar.add_working_days(investigating, rng.choice([1, 1, 2]))
	replied = calendar.add_working_days(verified, rng.choice([0, 1]))
	if rng.random() < 0.1:  # a few replies run late
		replied = calendar.add_working_days(replied, rng.randint(2, 5))
	# managers close replied complaints at their weekly review
	closed = calendar.add_working_days(replied, rng.randint(2, 8))
	stages = [("Assigned", assigned), ("Investigating", investigating), ("Verified", verified)]
	stages += [("Replied", replied), ("Closed", closed)]
	reached = [(state, day) for state, day in stages if day <= last_day]
	last = row["received_on"]
	if reached:
		row["status"], day = reached[-1]
		last = max(last, at(day, rng))
	states = {state for state, _day in reached}
	if "Assigned" in states:
		chief = year.chiefs.get(row["department"]) if row["department"] else None
		integrity = row["category"] == complaint_rules.INTEGRITY
		row["assigned_to"] = chief if chief and not integrity else year.manager()
	if "Verified" in states:
		result = rng.choices(list(VERIFICATION_RESULTS), weights=list(VERIFICATION_RESULTS.values()))[0]
		row.update(
			investigation_notes=INVESTIGATION_NOTES[result],
			verification_result=result,
			verified_on=verified,
		)
		if complaint_rules.counts_against(result):
			row["deduction_points"] = complaint_rules.default_deduction(
				result,
				voice_setting("deduction_substantiated"),
				voice_setting("deduction_partly_substantiated"),
			)
			row["assessment_quarter"] = quarter_of(row["occurred_on"] or received)
	elif "Investigating" in states and rng.random() < 0.5:
		row["investigation_notes"] = "已调取监控录像，正在约谈当事人"
	if "Replied" in states:
		row.update(
			reply=REPLIES[row["verification_result"]],
			replied_on=replied,
			replied_in_time=int(replied <= row["reply_due_date"]),
		)
	if "Closed" in states:
		row["closed_on"] = closed
	row["reminder_level"] = reminder_level(
		year, row, calendar, received, replied if "Replied" in states else None
	)
	row.update(creation=row["received_on"], modified=last)


def reminder_level(year: VoiceYear, row: dict, calendar, received: datetime.date, replied) -> str | None:
	"""The level the daily reminder job would have left: it runs each day while a reply is awaited."""
	from gov_hall.voice.complaints import DUE_SOON, OVERDUE

	window = voice_setting("complaint_reminder_days")
	due = row["reply_due_date"]
	level = None
	day = received + datetime.timedelta(days=1)
	while day <= (replied or year.today):
		if day > due:
			return OVERDUE
		if calendar.working_days_between(day, due) <= window:
			level = DUE_SOON
		day += datetime.timedelta(days=1)
	return level


# ---------------------------------------------------------------------------------------------
# Inspections


def make_inspections(year: VoiceYear) -> int:
	rng = year.rng
	norms = frappe.get_all(
		"GH Conduct Norm",
		filters={"is_active": 1},
		fields=["name", "norm_title", "max_points"],
		order_by="sequence asc, name asc",
	)
	if not norms or not year.windows:
		return 0
	yesterday = year.today - datetime.timedelta(days=1)
	inspections = []
	for window in year.windows:
		quarter_start = datetime.date(year.start.year, 3 * ((year.start.month - 1) // 3) + 1, 1)
		while quarter_start <= yesterday:
			quarter_end = next_quarter(quarter_start) - datetime.timedelta(days=1)
			whole = year.working_days(window.hall, quarter_start, quarter_end)
			days = year.working_days(window.hall, max(quarter_start, year.start), min(quarter_end, yesterday))
			expected = INSPECTIONS_PER_QUARTER * len(days) / max(len(whole), 1)
			count = min(len(days), int(expected) + (rng.random() < expected - int(expected)))
			for day in sorted(rng.sample(days, k=count)):
				inspections.append(inspection_row(year, window, day, norms))
			quarter_start = next_quarter(quarter_start)
	inspections.sort(key=lambda row: (row["inspection_date"], row["window"]))
	name_rows(inspections, "INS", lambda row: row["inspection_date"], 5)
	items = []
	for row in inspections:
		for idx, item in enumerate(row.pop("_items"), start=1):
			items.append(
				{
					**item,
					"name": frappe.generate_hash(length=10),
					"parent": row["name"],
					"parenttype": "GH Inspection",
					"parentfield": "items",
					"idx": idx,
					"creation": row["creation"],
				}
			)
	bulk("GH Inspection", inspections, docstatus=1)
	bulk("GH Inspection Item", items, docstatus=1)
	move_series("INS", inspections)
	return len(inspections)


def next_quarter(day: datetime.date) -> datetime.date:
	return datetime.date(day.year + (day.month > 9), (day.month + 2) % 12 + 1, 1)


def inspection_row(year: VoiceYear, window, day: datetime.date, norms: list) -> dict:
	rng = year.rng
	supervisor = pick_supervisor(year, window.hall) if rng.random() < 0.3 else None
	inspector_type = "Supervisor" if supervisor else "Manager"
	# a supervisor with an account records the visit; otherwise a manager enters it
	inspector = (supervisor and supervisor.user) or year.manager()
	staff = rng.choice(year.staff_by_window.get(window.name) or [None]) if rng.random() < 0.35 else None
	department, hall = window.department, window.hall
	if staff:
		department = year.staff_by_user[staff].department or department
		hall = year.staff_by_user[staff].hall or hall
	unease = year.unease(window.name, staff)
	items, findings = [], []
	for norm in norms:
		points, finding = norm_points(rng, norm, unease)
		items.append(
			{
				"norm": norm.name,
				"norm_title": norm.norm_title,
				"max_points": float(norm.max_points),
				"points": points,
				"finding": finding,
			}
		)
		if finding:
			findings.append(f"{norm.norm_title}：{finding}")
	result = inspection_rules.score(
		inspection_rules.ChecklistItem(i["norm"], i["max_points"], i["points"]) for i in items
	)
	serious = any(i["points"] <= i["max_points"] - 2 for i in items)
	corrections = serious or (findings and rng.random() < 0.3)
	when = at(day, rng, 9, 17)
	row = {
		"inspection_type": "Unannounced Visit"
		if rng.random() < (0.6 if supervisor else 0.35)
		else "Open Inspection",
		"inspection_date": day,
		"inspector_type": inspector_type,
		"supervisor": supervisor.name if supervisor else None,
		"inspector": inspector,
		"hall": hall,
		"subject_type": "Staff" if staff else "Window",
		"window": window.name,
		"staff": staff,
		"staff_name": year.staff_name(staff),
		"department": department,
		"total_points": result.total,
		"max_total_points": result.possible,
		"score_rate": result.rate,
		"assessment_quarter": quarter_of(day),
		"findings": "\n".join(findings) or (None if rng.random() < 0.5 else "各项行为规范执行良好"),
		"required_corrections": None,
		"correction_due_date": None,
		"correction_status": "Not Required",
		"owner": inspector,
		"creation": when,
		"modified": when,
		"_items": items,
	}
	if corrections:
		due = year.calendars[hall].add_working_days(day, CORRECTION_DAYS)
		corrected = due < year.today and rng.random() < 0.9
		row.update(
			required_corrections=rng.choice(CORRECTIONS),
			correction_due_date=due,
			correction_status="Corrected" if corrected else "Pending",
		)
		if corrected:
			row["modified"] = max(when, at(min(due, year.today - datetime.timedelta(days=1)), rng))
	return row


def norm_points(rng: random.Random, norm, unease: float) -> tuple[float, str | None]:
	top = float(norm.max_points)
	chance = rng.random()
	minor, serious = 0.08 * min(unease, 4.0), 0.015 * min(unease, 4.0)
	if chance < serious:
		points = max(0.0, top - rng.choice([2, 3, 4]))
	elif chance < serious + minor:
		points = top - 1
	else:
		return top, None
	return points, rng.choice(NORM_FINDINGS.get(norm.name) or ["未严格执行该项规范"])


# ---------------------------------------------------------------------------------------------
# Names and writing


def name_rows(rows: list[dict], prefix: str, day_of, digits: int) -> None:
	"""Names in date order that continue each year's naming series (PREFIX-.YYYY.-.###…)."""
	counters = {}
	for row in rows:
		year = day_of(row).year
		if year not in counters:
			counters[year] = current_series(f"{prefix}-{year}-")
		counters[year] += 1
		row["name"] = f"{prefix}-{year}-{counters[year]:0{digits}d}"


def move_series(prefix: str, rows: list[dict]) -> None:
	"""Move each year's series past the demo's numbers, so documents made later do not collide."""
	last = defaultdict(int)
	for row in rows:
		_prefix, year, serial = row["name"].rsplit("-", 2)
		last[year] = max(last[year], int(serial))
	for year, serial in last.items():
		set_series_current(f"{prefix}-{year}-", serial)


NUMERIC = ("Check", "Int", "Float", "Currency", "Percent")
STANDARD = ("idx", "owner", "modified_by", "creation", "modified", "docstatus")


def bulk(doctype: str, rows: list[dict], docstatus: int = 0) -> None:
	"""Insert plain rows; `creation`/`modified`/`owner` may be given per row (when it happened, who)."""
	if not rows:
		return
	now = now_datetime()
	numeric = {f.fieldname for f in frappe.get_meta(doctype).fields if f.fieldtype in NUMERIC}
	columns = sorted({key for row in rows for key in row if not key.startswith("_") and key not in STANDARD})

	def value(row: dict, field: str):
		found = row.get(field)
		return (found or 0) if field in numeric else found

	values = []
	for row in rows:
		owner = row.get("owner") or ADMIN
		created = row.get("creation") or now
		values.append(
			(
				*(value(row, f) for f in columns),
				row.get("idx", 0),
				owner,
				owner,
				created,
				row.get("modified") or created,
				docstatus,
			)
		)
	frappe.db.bulk_insert(doctype, [*columns, *STANDARD], values, chunk_size=5000)
