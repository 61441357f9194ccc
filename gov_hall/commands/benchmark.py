import click
from frappe.commands import get_site, pass_context


@click.command("gov-hall-benchmark")
@click.option(
	"--fill", "fill_cases", type=int, default=None, help="Fill the city hall BM with this many cases"
)
@click.option("--force", is_flag=True, default=False, help="Delete BM's generated records and fill again")
@click.option("--seed", type=int, default=20261123, help="Seed of the simulated year")
@click.option(
	"--measure", "do_measure", is_flag=True, default=False, help="Time the heavy work, print a table"
)
@click.option("--quarter", default=None, help="Quarter to measure (YYYY-Qn), default the last complete one")
@click.option("--lookups", type=int, default=500, help="In-process case-tracking lookups")
@click.option("--accepts", type=int, default=50, help="Cases accepted for each accept timing")
@click.option("--concurrency", type=int, default=50, help="wrk connections")
@click.option("--duration", type=int, default=20, help="wrk seconds")
@click.option(
	"--think", "think_ms", type=int, default=1000, help="Mean pause of a client between lookups, ms (0: skip)"
)
@click.option("--url", default="http://127.0.0.1:8000", help="The bench web server, asked with Host: <site>")
@click.option(
	"--queue",
	"do_queue",
	is_flag=True,
	default=False,
	help="Time the queue's call-next and display (hall QB)",
)
@click.option(
	"--queue-calls", type=int, default=100_000, help="Concurrent calls of the queue check (0: skip)"
)
@click.option(
	"--queue-parts",
	default=None,
	help="Parts of the queue benchmark, a comma list of in-process,http,display,concurrent (default all)",
)
@click.option(
	"--socketio-url", default=None, help="The realtime server (default http://<site>:<socketio_port>)"
)
@click.option(
	"--duty",
	"do_duty",
	is_flag=True,
	default=False,
	help="Time a month's attendance import and duty figures (hall DT, 900 staff)",
)
@pass_context
def gov_hall_benchmark(
	context,
	fill_cases=None,
	force=False,
	seed=20261123,
	do_measure=False,
	quarter=None,
	lookups=500,
	accepts=50,
	concurrency=50,
	duration=20,
	think_ms=1000,
	url="http://127.0.0.1:8000",
	do_queue=False,
	queue_calls=100_000,
	queue_parts=None,
	socketio_url=None,
	do_duty=False,
):
	"""Fill a city hall's year (bulk) and/or print how long the heavy work takes. Asserts nothing."""
	import frappe

	from gov_hall.benchmarks.city_year import fill, measure

	if not fill_cases and not do_measure and not do_queue and not do_duty:
		raise click.UsageError("Give --fill N, --measure, --queue, --duty or several.")
	if queue_parts:
		from gov_hall.benchmarks.queue import chosen_parts

		try:
			chosen_parts(queue_parts)
		except ValueError as error:
			raise click.BadParameter(str(error), param_hint="--queue-parts") from error
	site = get_site(context)
	frappe.init(site=site)
	frappe.connect()
	try:
		if fill_cases:
			fill(cases=fill_cases, seed=seed, force=force)
		if do_measure:
			measure(
				quarter=quarter,
				lookups=lookups,
				concurrency=concurrency,
				duration=duration,
				think_ms=think_ms,
				accepts=accepts,
				url=url,
			)
		if do_queue:
			from gov_hall.benchmarks.queue import measure as measure_queue

			measure_queue(url=url, socketio_url=socketio_url, calls=queue_calls, parts=queue_parts)
		if do_duty:
			from gov_hall.benchmarks.duty import measure as measure_duty

			measure_duty(seed=seed)
	finally:
		frappe.destroy()


commands = [gov_hall_benchmark]
