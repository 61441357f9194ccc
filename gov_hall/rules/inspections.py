"""Inspections (督查 / 明察暗访) scored against the window staff's ten conduct norms (seed 004 篇1)."""

from collections.abc import Iterable
from dataclasses import dataclass

# 中心窗口工作人员行为规范: code, short title, full text. 10 points each by default.
CONDUCT_NORMS = (
	("N01", "仪态端庄、佩证上岗", "要仪态端庄、佩证上岗，不穿不得体的服饰上班。"),
	("N02", "热情周到、礼貌待人", "要热情周到、礼貌待人，不用生硬、冰冷的脸色待人。"),
	("N03", "文明用语、语气和蔼", "要文明用语、语气和蔼，不讲脏话、不讲过激难听的话，不大声喧哗。"),
	("N04", "厉行节约、爱护公物", "要厉行节约、爱护公物，不铺张浪费、不随意损坏公物。"),
	("N05", "讲究卫生、保持整洁", "要讲究卫生、保持整洁，不在厅内吸烟、不随地吐痰。"),
	("N06", "团结互助、和睦相处", "要团结互助、和睦相处，不斤斤计较、不推诿扯皮。"),
	("N07", "以窗为家、珍惜荣誉", "要以窗为家、珍惜荣誉，不做有损窗口及中心形象的事。"),
	("N08", "准时作息、坚守岗位", "要准时作息、坚守岗位，不迟到、不早退、不旷工、不随意窜岗。"),
	("N09", "规范办事、诚实守信", "要规范办事、诚实守信，不拖拉，不怕群众添麻烦。"),
	("N10", "廉洁奉公、甘于奉献", "要廉洁奉公、甘于奉献，不耍特权、不收受礼品。"),
)
DEFAULT_NORM_POINTS = 10.0


class InvalidPoints(ValueError):
	def __init__(self, norm: str, points: float, max_points: float):
		# the caller turns this into a translated message; the args say what was wrong
		super().__init__(norm, points, max_points)
		self.norm, self.points, self.max_points = norm, points, max_points


@dataclass(frozen=True)
class ChecklistItem:
	norm: str
	max_points: float
	points: float


@dataclass(frozen=True)
class InspectionScore:
	total: float
	possible: float
	rate: float  # percent of the possible points


def score(items: Iterable[ChecklistItem]) -> InspectionScore:
	total = possible = 0.0
	for item in items:
		if item.max_points < 0 or not 0 <= item.points <= item.max_points:
			raise InvalidPoints(item.norm, item.points, item.max_points)
		total += item.points
		possible += item.max_points
	rate = round(100.0 * total / possible, 2) if possible else 0.0
	return InspectionScore(round(total, 2), round(possible, 2), rate)
