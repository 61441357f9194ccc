"""A demo hall: a county hall with two township branches, departments, windows, staff and matters.

Run with ``bench --site <site> gov-hall-demo`` (or ``bench --site <site> execute
gov_hall.demo.make_demo``). Idempotent: records that exist are left alone. It refuses
to run on a site that already holds halls that are not the demo's, unless forced.
"""

import json
import random
from pathlib import Path

import frappe
from frappe import _

from gov_hall.setup.roles import CHIEF_REPRESENTATIVE, WINDOW_STAFF

CATALOG = Path(__file__).with_name("hall_catalog.json")
DEMO_EMAIL_DOMAIN = "qingshan.example.com"
STATIONED_FROM = "2024-01-02"

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉兰萍红鹏辉建国建华志强晓东海燕丹亮斌宇浩凯健俊帆帅旭宁晨阳欣怡佳琪子涵梓萱雨泽思远文博一鸣"
EMPLOYMENT_TYPES = (
	["Civil Servant"] * 5 + ["Public Institution Staff"] * 3 + ["Government Employee"] * 2 + ["Other"]
)


def load_catalog() -> dict:
	return json.loads(CATALOG.read_text(encoding="utf-8"))


def make_demo(force: bool = False, with_cases: bool = True) -> dict:
	catalog = load_catalog()
	check_site_is_free(catalog, force)
	rng = random.Random(20261122)
	# a bulk load of ~230 users: lift the per-minute user-creation throttle for this process only
	frappe.local.conf["throttle_user_limit"] = 100_000
	halls = make_halls(catalog["halls"])
	counts = {"halls": len(halls), "departments": 0, "windows": 0, "staff": 0, "matters": 0}
	for department in catalog["departments"]:
		make_department(department, halls, rng, counts)
	make_settings(halls["county"])
	make_calendar_days(halls["county"])
	from gov_hall.demo.accounts import make_demo_accounts

	make_demo_accounts()
	from gov_hall.setup.website import apply_portal_settings

	apply_portal_settings()  # the website speaks for the county hall now that it exists
	frappe.db.commit()  # nosemgrep: a bench command's own transaction: the hall first, then its year
	if with_cases:
		from gov_hall.demo.cases import make_demo_cases

		counts.update(make_demo_cases())
		frappe.db.commit()  # nosemgrep
		# village service points, the catalogue extended to the townships and a year of cases
		# received near home and handled at the county (县乡村一体, issue 16)
		from gov_hall.demo.cross_hall import make_demo_cross_hall

		counts.update(make_demo_cross_hall())
		frappe.db.commit()  # nosemgrep
		from gov_hall.demo.voice import make_demo_voice

		counts.update(make_demo_voice())
		frappe.db.commit()  # nosemgrep
		from gov_hall.demo.queue import make_demo_queue  # after the ratings: it links the visits' ones

		counts.update(make_demo_queue())
		frappe.db.commit()  # nosemgrep
		from gov_hall.demo.activities import make_demo_activities

		counts.update(make_demo_activities())
		frappe.db.commit()  # nosemgrep
		# the year's roster, punches, leave and empty windows (出勤值勤), before the quarterly
		# assessments that count them; the monthly runs and agency briefings too
		from gov_hall.demo.duty import make_demo_duty

		counts.update(make_demo_duty(commit=True))
		frappe.db.commit()  # nosemgrep
		from gov_hall.demo.assessment import make_demo_assessments

		counts.update(make_demo_assessments())
		frappe.db.commit()  # nosemgrep
	if not with_cases:
		from gov_hall.demo.cross_hall import make_demo_cross_hall

		counts.update(make_demo_cross_hall(with_cases=False))
	from gov_hall.demo.brands import make_demo_brands

	counts.update(make_demo_brands())
	frappe.db.commit()  # nosemgrep
	return counts


def check_site_is_free(catalog: dict, force: bool) -> None:
	demo_halls = {hall["hall_name"] for hall in catalog["halls"]}
	other_halls = [name for name in frappe.get_all("GH Service Hall", pluck="name") if name not in demo_halls]
	if other_halls and not force:
		frappe.throw(
			_(
				"This site already holds halls that are not the demo's ({0}). Use --force to add the demo anyway."
			).format(", ".join(other_halls[:3]))
		)


def insert_if_missing(doctype: str, name: str, values: dict):
	if frappe.db.exists(doctype, name):
		return frappe.get_doc(doctype, name), False
	doc = frappe.get_doc({"doctype": doctype, **values})
	doc.insert(ignore_permissions=True)
	return doc, True


def make_halls(hall_rows: list[dict]) -> dict[str, str]:
	halls = {}
	for index, row in enumerate(hall_rows):
		values = {
			"hall_name": row["hall_name"],
			"hall_code": "QS" if row["key"] == "county" else f"QS{index}",
			"hall_level": "County Hall" if not row.get("parent_key") else "Branch Hall",
			"parent_hall": halls.get(row.get("parent_key")),
			"address": row.get("address"),
			"phone": row.get("phone"),
			"opening_time": row.get("opening_time") or "09:00:00",
			"closing_time": row.get("closing_time") or "17:30:00",
			"offers_off_hours_service": row.get("offers_weekend_service", 0),
		}
		doc, _created = insert_if_missing("GH Service Hall", row["hall_name"], values)
		halls[row["key"]] = doc.name
	return halls


def make_department(row: dict, halls: dict, rng: random.Random, counts: dict) -> None:
	department, created = insert_if_missing(
		"GH Stationed Department",
		row["department_name"],
		{
			"department_name": row["department_name"],
			"short_name": row.get("short_name"),
			"department_type": row["department_type"],
			"hall": halls["county"],
			"contact_phone": row.get("contact_phone"),
			"stationed_from": STATIONED_FROM,
		},
	)
	counts["departments"] += created
	windows = [make_window(window, department.name, halls, counts) for window in row["windows"]]
	# a re-run tops the department up to its head count instead of adding another team
	present = frappe.db.count("GH Window Staff", {"department": department.name})
	staff_users = [
		make_staff(department.name, windows[i % len(windows)] if windows else None, rng, counts)
		for i in range(present, row.get("staff_count", 0))
	]
	if staff_users and not department.chief_representative:
		department.reload()
		department.chief_representative = staff_users[0]
		department.save(ignore_permissions=True)
	for matter in row["matters"]:
		make_matter(matter, department.name, counts)


def make_window(row: dict, department: str, halls: dict, counts: dict) -> str:
	hall = halls[row["hall_key"]]
	hall_code = frappe.db.get_value("GH Service Hall", hall, "hall_code")
	name = f"{hall_code}-{row['window_number'].upper()}"
	_doc, created = insert_if_missing(
		"GH Service Window",
		name,
		{
			"window_number": row["window_number"],
			"window_name": row["window_name"],
			"window_type": row.get("window_type") or "Professional",
			"hall": hall,
			"department": department,
			"floor": row.get("floor"),
			"zone": row.get("zone"),
		},
	)
	counts["windows"] += created
	return name


def make_staff(department: str, window: str | None, rng: random.Random, counts: dict) -> str:
	number = frappe.db.count("User", {"name": ["like", f"%@{DEMO_EMAIL_DOMAIN}"]}) + 1
	full_name = rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice((1, 2))))
	email = f"staff{number:04d}@{DEMO_EMAIL_DOMAIN}"
	user = frappe.get_doc(
		{
			"doctype": "User",
			"email": email,
			"first_name": full_name,
			"language": "zh",
			"send_welcome_email": 0,
			"user_type": "System User",
			"roles": [{"role": WINDOW_STAFF}, {"role": CHIEF_REPRESENTATIVE}]
			if not frappe.db.exists("GH Window Staff", {"department": department})
			else [{"role": WINDOW_STAFF}],
		}
	)
	user.flags.no_welcome_mail = True
	user.insert(ignore_permissions=True)
	frappe.get_doc(
		{
			"doctype": "GH Window Staff",
			"user": email,
			"department": department,
			"window": window,
			"employment_type": rng.choice(EMPLOYMENT_TYPES),
			"mobile": "1" + rng.choice("3578") + "".join(rng.choice("0123456789") for _ in range(9)),
			"on_site_from": STATIONED_FROM,
		}
	).insert(ignore_permissions=True)
	counts["staff"] += 1
	return email


def make_matter(row: dict, department: str, counts: dict) -> None:
	doc, created = insert_if_missing(
		"GH Service Matter",
		row["matter_code"].upper(),
		{
			"matter_name": row["matter_name"],
			"matter_code": row["matter_code"],
			"keywords": row.get("keywords"),
			"department": department,
			"legal_time_limit": row["legal_time_limit"],
			"promised_time_limit": row["promised_time_limit"],
			"fee": row.get("fee") or 0,
			"fee_basis": row.get("fee_note"),
			"complexity": row.get("complexity") or 1,
			"bookable": row.get("bookable", 1),
			"materials": [
				{
					"material_name": m["material_name"],
					"originals": m.get("originals", 1),
					"copies": m.get("copies", 0),
					"notes": m.get("note"),
				}
				for m in row.get("materials", [])
			],
		},
	)
	counts["matters"] += created
	if not created and row.get("keywords") and not doc.get("keywords"):
		# a demo loaded before matters had keywords gets the catalogue's, for the guide's search
		frappe.db.set_value("GH Service Matter", doc.name, "keywords", row["keywords"])


def make_settings(default_hall: str) -> None:
	settings = frappe.get_single("GH Hall Settings")
	if not settings.default_hall:
		settings.default_hall = default_hall
		settings.save(ignore_permissions=True)


def make_calendar_days(county_hall: str) -> None:
	closure = {"date": "2026-07-01", "hall": county_hall, "day_type": "Closed", "reason": "系统升级停办一天"}
	if not frappe.db.exists("GH Hall Calendar Day", {"date": closure["date"], "hall": county_hall}):
		frappe.get_doc({"doctype": "GH Hall Calendar Day", **closure}).insert(ignore_permissions=True)
