"""The demo year's culture activities (文化活动): the five 五个一 programmes of each demo hall, their
activities over the year (the daily exercise for the last month only), the past ones held with
participants and awards. Prizes go mostly to a few usual winners, as seed 000 complains."""

import random

import frappe
from frappe.utils import add_days, get_datetime, getdate

from gov_hall.activities.programmes import create_activities, make_default_programmes
from gov_hall.utils.clock import now_datetime, nowdate

SEED = 20261125
MAX_DAYS = 365
DAILY_DAYS = 30
HELD = "Held"
# (group size range, awards) per activity type; awards: (name, recipient type, points)
SHAPES = {
	"Themed Gathering": (
		(20, 50),
		[
			("优秀组织奖", "Window", 2.0),
			("一等奖", "Staff", 1.5),
			("二等奖", "Staff", 1.0),
			("三等奖", "Staff", 0.5),
		],
	),
	"Performance": (
		(30, 60),
		[("优秀组织奖", "Window", 2.0), ("最佳表演奖", "Staff", 1.0), ("优秀表演奖", "Staff", 0.5)],
	),
	"Training": ((15, 30), []),
	"Forum Topic": ((5, 12), [("优秀发言", "Staff", 0.5)]),
	"Exercise": ((20, 40), []),
}


def make_demo_activities(seed: int = SEED, halls: list[str] | None = None, start=None, end=None) -> dict:
	rng = random.Random(seed)
	halls = halls or frappe.get_all("GH Service Hall", filters={"status": "Active"}, pluck="name")
	counts = {"activities": 0, "activities_held": 0}
	for hall in halls:
		if frappe.db.exists("GH Culture Activity", {"hall": hall}):
			continue
		first = getdate(
			start or frappe.db.get_value("GH Case", {"hall": hall}, "min(received_on)") or nowdate()
		)
		last = getdate(end or add_days(nowdate(), 30))  # the coming month stays planned
		first = max(first, add_days(last, -MAX_DAYS + 1))
		staff = hall_staff(hall)
		if not staff:
			continue
		make_default_programmes(hall)
		for programme in frappe.get_all(
			"GH Activity Programme", filters={"hall": hall}, fields=["name", "frequency"]
		):
			since = max(first, add_days(last, -DAILY_DAYS)) if programme.frequency == "Daily" else first
			counts["activities"] += create_activities(programme.name, since, last)
		counts["activities_held"] += hold_past_activities(hall, staff, rng)
	return counts


def hall_staff(hall: str) -> list:
	return frappe.get_all(
		"GH Window Staff",
		filters={"hall": hall, "status": "On Site", "window": ["is", "set"]},
		fields=["user", "window"],
		order_by="user",
	)


def hold_past_activities(hall: str, staff: list, rng: random.Random) -> int:
	usual_winners = rng.sample(staff, min(8, len(staff)))
	now = now_datetime()
	held = 0
	for name in frappe.get_all(
		"GH Culture Activity",
		filters={"hall": hall, "status": "Planned", "starts_on": ["<", now]},
		pluck="name",
		order_by="starts_on",
	):
		activity = frappe.get_doc("GH Culture Activity", name)
		if get_datetime(activity.ends_on) > now:
			continue
		size_range, awards = SHAPES.get(activity.activity_type, ((10, 20), []))
		people = rng.sample(staff, min(len(staff), rng.randint(*size_range)))
		winners = pick_winners(rng, people, usual_winners, sum(1 for award in awards if award[1] == "Staff"))
		people += [person for person in winners if person not in people]
		activity.status = HELD
		activity.set("participants", [{"staff": person.user} for person in people])
		windows = sorted({person.window for person in people})
		activity.set("windows", [{"window": window} for window in windows])
		activity.set("awards", award_rows(rng, awards, winners, windows))
		activity.save(ignore_permissions=True)
		held += 1
	return held


def pick_winners(rng: random.Random, people: list, usual: list, count: int) -> list:
	"""Mostly the usual winners (seed 000: the same few win every time), sometimes someone new."""
	winners = []
	for _ in range(count):
		pool = usual if rng.random() < 0.7 else people
		candidates = [person for person in pool if person not in winners]
		if candidates:
			winners.append(rng.choice(candidates))
	return winners


def award_rows(rng: random.Random, awards: list, winners: list, windows: list) -> list[dict]:
	rows = []
	staff_winners = iter(winners)
	for award_name, recipient, points in awards:
		if recipient == "Window":
			rows.append(
				{
					"award_name": award_name,
					"recipient_type": "Window",
					"window": rng.choice(windows),
					"points": points,
				}
			)
			continue
		person = next(staff_winners, None)
		if person:
			rows.append(
				{"award_name": award_name, "recipient_type": "Staff", "staff": person.user, "points": points}
			)
	return rows
