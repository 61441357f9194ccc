"""Writing the demo's cross-hall year (gov_hall.demo.cross_hall_year): the supervision cards the
daily job would have raised, the cases with their hand-overs, pauses and notices, and the consent
files of the cases an agent acted for (代办授权委托书: a small generated text file, private, attached
to the case's Written Consent field as the upload would have)."""

from __future__ import annotations

import datetime
import hashlib
import os

import frappe

from gov_hall.cases.supervision import card_owner
from gov_hall.demo.cases import SUPPLEMENT_HINTS, next_serial, set_series_current
from gov_hall.demo.voice import bulk
from gov_hall.rules import deadlines

CONSENT_TEXT = """代办授权委托书

委托人：{applicant}
受托人（代办人员）：{agent}（{hall}）
委托事项：{matter}
办件编号：{case}

本人自愿委托上述代办人员代为提交申请材料、跟踪办理进度并代为领取办理结果，
对所提交材料的真实性负责。本人仍可凭手机号后4位查询办件进度并进行评价。

委托人签字：{applicant}（已签字按印，原件随纸质材料移交）
日期：{date}
"""


def consent_file(case: dict, agent_name: str, hall: str) -> dict:
	"""A File row (and its text) for the applicant's written consent to the agent; no ID number."""
	text = CONSENT_TEXT.format(
		applicant=case["applicant_name"],
		agent=agent_name,
		hall=hall,
		matter=case["matter_name"],
		case=case["name"],
		date=f"{case['received_on']:%Y年%m月%d日}",
	)
	data = text.encode("utf-8")
	file_name = f"consent-{case['name']}.txt"
	return {
		"name": frappe.generate_hash(length=10),
		"file_name": file_name,
		"file_url": f"/private/files/{file_name}",
		"is_private": 1,
		"file_size": len(data),
		"file_type": "TXT",
		"folder": "Home/Attachments",
		"content_hash": hashlib.md5(data, usedforsecurity=False).hexdigest(),
		"attached_to_doctype": "GH Case",
		"attached_to_name": case["name"],
		"attached_to_field": "consent_attachment",
		"creation": case["received_on"],
		"_content": text,
	}


def cards(year, case: dict, out: dict) -> None:
	"""The daily job's yellow and red cards, owned by whoever held the case that morning."""
	due, start = case.get("due_date"), case.get("clock_start")
	if not due or not start:
		return
	cal = case["_hall"].calendar
	last = (
		case["completed_on"].date() if case.get("completed_on") else year.today - datetime.timedelta(days=1)
	)
	previous = due - datetime.timedelta(days=1)
	while previous > start and not cal.is_working_day(previous):
		previous -= datetime.timedelta(days=1)
	levels = [("Yellow", max(previous, start))] if case["time_limit_days"] > 1 else []
	levels.append(("Red", cal.next_working_day(due)))
	for level, day in levels:
		while paused_on(case, day) and day <= last:  # the job skips a paused case: the next morning
			day = cal.next_working_day(day)
		if day > last or (level == "Yellow" and day > due):
			continue
		morning = datetime.datetime.combine(day, datetime.time())
		stage = [moved for when, moved in case["_moves"] if when < morning][-1]
		owner = card_owner(frappe._dict({**case, "transfer_status": stage}))
		out["cards"].append(
			{
				"name": f"CARD-{day.year}-{next_serial(year.serials['CARD'], 'CARD', day.year):06d}",
				"case": case["name"],
				"level": level,
				"card_date": day,
				"due_date": due,
				"remaining_days": deadlines.remaining_working_days(cal, day, due),
				"hall": owner.hall,
				"department": owner.department,
				"window": owner.window,
				"staff": owner.staff,
				"late_step": owner.late_step,
				"creation": morning + datetime.timedelta(hours=1),
			}
		)
		case["card_level"] = level


def paused_on(case: dict, day: datetime.date) -> bool:
	return any(
		p["paused_on"] <= day and (not p.get("resumed_on") or day < p["resumed_on"]) for p in case["_pauses"]
	)


def write(year, out: dict) -> None:
	for case in out["cases"]:
		cards(year, case, out)
	items = []
	for notice in out["notices"]:
		for idx, material in enumerate(notice.pop("_items"), start=1):
			items.append(
				{
					"name": frappe.generate_hash(length=10),
					"parent": notice["name"],
					"parenttype": "GH Supplement Notice",
					"parentfield": "items",
					"idx": idx,
					"material_name": material,
					"from_matter": 1,
					"problem": year.rng.choice(["Missing", "Defective"]),
					"requirement": year.rng.choice(SUPPLEMENT_HINTS),
				}
			)
	pauses = [
		{"working_days": 0, **pause, "parenttype": "GH Case", "parentfield": "pauses", "idx": idx}
		for case in out["cases"]
		for idx, pause in enumerate(case["_pauses"], start=1)
	]
	case_fields = {f.fieldname for f in frappe.get_meta("GH Case").fields} | {"name"}
	bulk(
		"GH Case",
		[
			{key: value for key, value in case.items() if key in case_fields}
			| {"creation": case["received_on"], "modified": last_move(case)}
			for case in out["cases"]
		],
	)
	bulk("GH Case Handover", out["handovers"])
	bulk("GH Case Pause", pauses)
	bulk(
		"GH Supplement Notice",
		[{**n, "creation": n["issued_on"], "owner": n["issued_by"]} for n in out["notices"]],
	)
	bulk("GH Supplement Item", items)
	bulk("GH Supervision Card", out["cards"])
	write_files(out["files"])
	for key, counters in year.serials.items():
		for number_year, serial in counters.items():
			set_series_current(f"{key}-{number_year}-", serial)


def last_move(case: dict) -> datetime.datetime:
	moments = [when for when, _stage in case["_moves"]]
	moments += [case[key] for key in ("accepted_on", "completed_on", "issued_on") if case.get(key)]
	return max(moments)


def write_files(files: list[dict]) -> None:
	folder = frappe.get_site_path("private", "files")
	os.makedirs(folder, exist_ok=True)
	for row in files:
		with open(os.path.join(folder, row["file_name"]), "w", encoding="utf-8") as handle:
			handle.write(row["_content"])
	bulk("File", files)
