"""Prints how long case work takes on this site. Not a test: it asserts nothing.

    bench --site <site> execute gov_hall.benchmarks.case_timing.run --kwargs "{'cases': 200}"

Everything it writes is rolled back.
"""

import statistics
import time

import frappe
from frappe.model.workflow import apply_workflow

from gov_hall.cases.supervision import run_e_supervision


def _hall_and_matter() -> tuple[str, str]:
	matter = frappe.get_all(
		"GH Service Matter",
		filters={"status": "Active", "promised_time_limit": [">", 0]},
		pluck="name",
		limit=1,
	)[0]
	department = frappe.db.get_value("GH Service Matter", matter, "department")
	window = frappe.get_all(
		"GH Service Window", filters={"department": department}, fields=["name", "hall"], limit=1
	)
	hall = window[0].hall if window else frappe.get_all("GH Service Hall", pluck="name", limit=1)[0]
	return hall, matter


def _new_case(hall: str, matter: str, mobile: str):
	return frappe.get_doc(
		{
			"doctype": "GH Case",
			"applicant_type": "Person",
			"applicant_name": "计时测试",
			"id_number": "11010519491231002X",
			"mobile": mobile,
			"matter": matter,
			"hall": hall,
		}
	)


def _accept_many(count: int, skip_deadline: bool) -> list[float]:
	hall, matter = _hall_and_matter()
	timings = []
	for index in range(count):
		case = _new_case(hall, matter, f"138{index:08d}")
		case.flags.skip_deadline = skip_deadline
		case.insert()
		case.status = "Accepted"
		case.flags.skip_deadline = skip_deadline
		started = time.perf_counter()
		case.save()
		timings.append(time.perf_counter() - started)
	return timings


def _apply_workflow_timing(count: int) -> list[float]:
	hall, matter = _hall_and_matter()
	timings = []
	for index in range(count):
		case = _new_case(hall, matter, f"139{index:08d}").insert()
		started = time.perf_counter()
		apply_workflow(case.as_dict(), "Accept")
		timings.append(time.perf_counter() - started)
	return timings


def _summary(label: str, timings: list[float]) -> str:
	ms = sorted(t * 1000 for t in timings)
	p95 = ms[int(len(ms) * 0.95) - 1] if len(ms) >= 20 else ms[-1]
	return f"{label:<46} n={len(ms):>5}  median {statistics.median(ms):7.2f} ms  p95 {p95:7.2f} ms"


def run(cases: int = 200) -> None:
	frappe.flags.mute_emails = True
	lines = []
	try:
		with_deadline = _accept_many(cases, skip_deadline=False)
		without_deadline = _accept_many(cases, skip_deadline=True)
		through_workflow = _apply_workflow_timing(max(cases // 4, 10))
		lines.append(_summary("accept (save) with deadline computation", with_deadline))
		lines.append(_summary("accept (save) without deadline computation", without_deadline))
		lines.append(_summary("accept via apply_workflow (desk action)", through_workflow))
		ratio = statistics.median(with_deadline) / statistics.median(without_deadline)
		lines.append(f"{'deadline share of an accept':<46} {100 * (ratio - 1):+.1f} %")
		open_cases = frappe.db.count("GH Case", {"status": ["in", ["Received", "Accepted", "In Process"]]})
		started = time.perf_counter()
		result = run_e_supervision()
		elapsed = time.perf_counter() - started
		total = frappe.db.count("GH Case")
		lines.append(
			f"{'e-supervision pass':<46} {elapsed * 1000:9.1f} ms over {open_cases} open of {total} cases "
			f"({result['yellow']} yellow, {result['red']} red issued)"
		)
	finally:
		frappe.db.rollback()
	print("\n".join(lines))
