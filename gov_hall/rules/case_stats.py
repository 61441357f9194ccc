"""Figures the case reports share. Plain Python and pandas, no Frappe."""

import pandas as pd


def rate(part: int | float, whole: int | float) -> float:
	"""A percentage rounded to one decimal; 0 when there is nothing to divide."""
	return round(100.0 * part / whole, 1) if whole else 0.0


def on_time_table(cases: pd.DataFrame, group: str) -> pd.DataFrame:
	"""Completed, on-time and late counts and the on-time rate per group, worst rate first."""
	if cases.empty:
		return pd.DataFrame(columns=[group, "completed", "on_time", "late", "on_time_rate"])
	table = (
		cases.groupby(group, dropna=False)
		.agg(completed=("completed_on_time", "size"), on_time=("completed_on_time", "sum"))
		.reset_index()
	)
	table["on_time"] = table["on_time"].astype(int)
	table["late"] = table["completed"] - table["on_time"]
	table["on_time_rate"] = [rate(o, c) for o, c in zip(table["on_time"], table["completed"], strict=True)]
	return table.sort_values(["on_time_rate", group], ascending=[True, True]).reset_index(drop=True)


def bar_chart(labels: list[str], values: list[float], name: str, limit: int = 20) -> dict:
	return {
		"data": {"labels": labels[:limit], "datasets": [{"name": name, "values": values[:limit]}]},
		"type": "bar",
	}
