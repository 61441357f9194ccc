import click
from frappe.commands import get_site, pass_context

from gov_hall.commands.benchmark import gov_hall_benchmark


@click.command("gov-hall-demo")
@click.option("--force", is_flag=True, default=False, help="Add the demo even if the site holds other halls")
@click.option("--no-cases", is_flag=True, default=False, help="Skip the simulated year of cases")
@pass_context
def make_demo_hall(context, force=False, no_cases=False):
	"""Load the demo hall: a county hall, two branches, departments, windows, staff and matters."""
	import frappe

	from gov_hall.demo import make_demo

	site = get_site(context)
	frappe.init(site=site)
	frappe.connect()
	try:
		counts = make_demo(force=force, with_cases=not no_cases)
		click.echo("gov_hall demo: " + ", ".join(f"{key} +{value}" for key, value in counts.items()))
		from gov_hall.demo.accounts import DEMO_PASSWORD, demo_logins

		for who, email in demo_logins():
			click.echo(f"  {who}: {email} / {DEMO_PASSWORD}")
	finally:
		frappe.destroy()


@click.command("gov-hall-setup-site")
@pass_context
def setup_hall_site(context):
	"""Finish the setup wizard for a Chinese hall: 中文, Asia/Shanghai, China, CNY, the hall's website."""
	import frappe

	from gov_hall.setup.site import setup_site

	site = get_site(context)
	frappe.init(site=site)
	frappe.connect()
	try:
		result = setup_site()
		click.echo("gov_hall site setup: " + (", ".join(result["done"]) or "already done"))
	finally:
		frappe.destroy()


commands = [make_demo_hall, setup_hall_site, gov_hall_benchmark]
