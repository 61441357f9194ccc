"""Issue 15, monthly assessments: every assessment run made before runs had a period is a quarter run.
Runs that have a period keep it, so running it again changes nothing."""

import frappe


def execute():
	frappe.db.sql(
		"""update `tabGH Assessment Run` set period_type = 'Quarter'
		where period_type is null or period_type = ''"""
	)
